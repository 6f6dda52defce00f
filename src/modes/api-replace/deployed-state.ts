import type { Context } from '../../context.js'
import { getRestApiResources } from '../../aws/rest-api.js'
import { listStackResources } from '../../cloudformation/deployed-stack.js'
import { getStackTemplate } from '../../cloudformation/deployed-template.js'
import { describeStack, neverCreated } from '../../cloudformation/stacks.js'
import { parseTemplate, type Template } from '../../cloudformation/template.js'
import { errorMessage, errorName } from '../../errors.js'
import { deployedRouteTree } from './deployed-routes.js'
import { suffixOf } from './rewrite.js'
import type { RouteTree } from './route-tree.js'
import { readTemplateApi, REST_API_TYPE, type TemplateApi } from './template-routes.js'
import { parameterValues } from '../../cloudformation/parameters.js'

/** The REST API the stack has now, as far as the action can read it. */
export interface PreviousApi {
  logicalId: string
  restApiId: string
  /** The suffix its logical id carries for the template's id; undefined when the template renamed the API. */
  suffix?: string
  routes: RouteTree
  /** The template the stack was last deployed with, and the API read from it (undefined if unreadable). */
  template?: Template
  templateApi?: TemplateApi
}

export interface DeployedState {
  stackExists: boolean
  previous?: PreviousApi
  /** Other REST APIs of this template's API left in the stack by an interrupted replacement. */
  leftovers: { logicalId: string; restApiId: string }[]
}

/**
 * Finds the stack's REST API for the template's `apiId`: the same logical id, or the id plus a route hash
 * suffix from an earlier replacement. With two (a replacement stopped between its phases), the one the
 * custom domain maps to is the live one.
 */
export async function readDeployedState(ctx: Context, stackName: string, apiId: string, mappedApiId?: string): Promise<DeployedState> {
  const stack = await describeStack(ctx.clients.cloudformation, stackName)
  const status = stack?.StackStatus
  if (!stack || status === 'DELETE_COMPLETE' || status === 'REVIEW_IN_PROGRESS' || neverCreated(status)) {
    ctx.log.info(`Stack ${stackName} has no deployed resources${status ? ` (${status})` : ''}: the REST API will be created.`)
    return { stackExists: false, leftovers: [] }
  }
  const apis = (await listStackResources(ctx.clients.cloudformation, stack.StackId!))
    .filter((r) => r.ResourceType === REST_API_TYPE && r.LogicalResourceId && r.PhysicalResourceId)
    .map((r) => ({ logicalId: r.LogicalResourceId!, restApiId: r.PhysicalResourceId! }))
  const candidates = apis.filter((a) => suffixOf(a.logicalId, apiId) !== undefined)
  let chosen = candidates.find((a) => a.restApiId === mappedApiId) ?? candidates.find((a) => a.logicalId === apiId) ?? candidates[0]
  if (!chosen && apis.length === 1) chosen = apis[0] // the template renamed the API's logical id
  if (!chosen) {
    ctx.log.info(`Stack ${stackName} has no REST API for ${apiId} yet: it will be created.`)
    return { stackExists: true, leftovers: [] }
  }
  const leftovers = candidates.filter((a) => a !== chosen)
  let routes: RouteTree = new Map()
  try {
    routes = deployedRouteTree(await getRestApiResources(ctx.clients.apigateway, chosen.restApiId))
  } catch (err) {
    if (errorName(err) !== 'NotFoundException') throw err
    ctx.log.warning(`REST API ${chosen.restApiId} (${chosen.logicalId}) no longer exists in API Gateway; comparing with no deployed routes.`)
  }
  let template: Template | undefined
  let templateApi: TemplateApi | undefined
  try {
    template = parseTemplate(await getStackTemplate(ctx.clients.cloudformation, stack.StackId!), 'the deployed template')
    templateApi = readTemplateApi(template, chosen.logicalId, parameterValues(template, stack.Parameters ?? []))
  } catch (err) {
    ctx.log.warning(`Could not read ${chosen.logicalId} from the deployed template (${errorMessage(err)}); matching resources by path.`)
  }
  return {
    stackExists: true,
    previous: { ...chosen, suffix: suffixOf(chosen.logicalId, apiId), routes, template, templateApi },
    leftovers
  }
}
