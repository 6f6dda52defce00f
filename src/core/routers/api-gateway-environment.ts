import type { StackResource } from '@aws-sdk/client-cloudformation'
import { restApiStages } from '../../aws/apigateway.js'
import { httpApiEndpoint, httpApiStages } from '../../aws/apigatewayv2.js'
import { executeApiUrl } from '../../aws/execute-api.js'
import { stackResources } from '../../cloudformation/stack-resources.js'
import type { Context } from '../../context.js'
import { DeployError } from '../../errors.js'
import type { Offer, StackView } from '../router.js'

export type ApiKind = 'rest' | 'http'

/** What a switch of the custom domain writes: an API and its stage. */
export interface MappingTarget {
  kind: ApiKind
  apiId: string
  stage?: string
}

const API_TYPES: Record<string, ApiKind> = {
  'AWS::ApiGateway::RestApi': 'rest',
  'AWS::ApiGatewayV2::Api': 'http'
}

export function apiResources(resources: StackResource[]): { logicalId: string; apiId: string; kind: ApiKind }[] {
  return resources
    .filter((r) => r.ResourceType && r.ResourceType in API_TYPES && r.PhysicalResourceId)
    .map((r) => ({ logicalId: r.LogicalResourceId!, apiId: r.PhysicalResourceId!, kind: API_TYPES[r.ResourceType!] }))
}

export interface ApiPreference {
  /**
   * The logical id of the API the domain maps to today; the same one is taken from a stack with several.
   * Asked only then: a stack with one API offers it without a read of the live stack.
   */
  logicalId?: () => Promise<string | undefined>
  /** The stage the domain uses today; kept when the new API has it. */
  stage?: string
}

/** The logical id of the mapped API in the live stack: green's API with the same id is the one to map. */
export async function liveApiLogicalId(ctx: Context, liveStack: string, apiId: string): Promise<string | undefined> {
  return apiResources(await stackResources(ctx.clients.cloudformation, liveStack)).find((a) => a.apiId === apiId)?.logicalId
}

/** The API (and stage) an environment stack offers the custom domain; fails with what to fix when it offers none. */
export async function offerApi(ctx: Context, env: StackView, region: string, prefer: ApiPreference): Promise<Offer<MappingTarget>> {
  const { stackName } = env
  const apis = apiResources(await stackResources(ctx.clients.cloudformation, stackName))
  if (apis.length === 0) {
    throw new DeployError(
      `Stack ${stackName} has no AWS::ApiGateway::RestApi or AWS::ApiGatewayV2::Api, so there is nothing to map the domain to`,
      undefined,
      'extra-env moves an API Gateway custom domain between stacks; each environment must create its own API (or choose another router).'
    )
  }
  const liveLogicalId = apis.length === 1 ? undefined : await prefer.logicalId?.()
  const api = apis.length === 1 ? apis[0] : apis.find((a) => a.logicalId === liveLogicalId)
  if (!api) {
    throw new DeployError(
      `Stack ${stackName} has ${apis.length} APIs (${apis.map((a) => a.logicalId).join(', ')}) and none has the logical id of the API the domain maps to today (${liveLogicalId ?? 'none mapped yet'})`,
      undefined,
      'Keep the mapped API under the same logical id in every environment.'
    )
  }
  const stage = await chooseStage(ctx, api.kind, api.apiId, prefer.stage)
  return {
    target: { kind: api.kind, apiId: api.apiId, stage },
    endpoint: () => invokeUrl(ctx, api.kind, api.apiId, stage, region),
    note: api.kind === 'rest' ? 'REST' : 'HTTP'
  }
}

async function chooseStage(ctx: Context, kind: ApiKind, apiId: string, prefer?: string): Promise<string | undefined> {
  const stages = kind === 'rest' ? await restApiStages(ctx.clients.apigateway, apiId) : await httpApiStages(ctx.clients.apigatewayv2, apiId)
  if (prefer && stages.includes(prefer)) return prefer
  if (kind === 'http' && stages.includes('$default')) return '$default'
  if (stages.length === 1) return stages[0]
  if (stages.length === 0 && kind === 'http') {
    throw new DeployError(
      `HTTP API ${apiId} has no stage for the domain to map to`,
      undefined,
      'Add an AWS::ApiGatewayV2::Stage to the template (StageName $default, AutoDeploy true), or create the API with Target (quick create).'
    )
  }
  if (stages.length === 0) return prefer
  if (prefer) {
    throw new DeployError(`API ${apiId} has no stage ${prefer} (the stage the domain uses today); it has ${stages.join(', ')}`)
  }
  throw new DeployError(
    `API ${apiId} has several stages (${stages.join(', ')}) and the domain has no mapping yet to say which one to use`,
    undefined,
    'Map the domain to the first environment by hand once.'
  )
}

/** The API's own URL (smoke checks call it before the domain moves), unless endpoint-output names another. */
async function invokeUrl(ctx: Context, kind: ApiKind, apiId: string, stage: string | undefined, region: string): Promise<string> {
  if (kind === 'rest') return executeApiUrl(apiId, region, stage || undefined)
  const base = (await httpApiEndpoint(ctx.clients.apigatewayv2, apiId)) ?? executeApiUrl(apiId, region)
  return !stage || stage === '$default' ? base : `${base}/${stage}`
}
