import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, extname, join } from 'node:path'
import { getRestMapping, switchRestMapping, createRestMapping, type RestMapping } from '../../aws/apigateway.js'
import { invokeUrl, stageExists } from '../../aws/rest-api.js'
import { listStackResources } from '../../cloudformation/deployed-stack.js'
import { deployStack, type DeployResult } from '../../cloudformation/deploy.js'
import { templateExtension, templateToBody, templateToText, type Template } from '../../cloudformation/template.js'
import { skipStep, step, type Context } from '../../context.js'
import { DeployError } from '../../errors.js'
import { setStackOutputs } from '../../outputs.js'
import { detectConflicts, templateRouteErrors, type ConflictReport } from './conflicts.js'
import { decide, type Decision } from './decision.js'
import { readDeployedState, type DeployedState } from './deployed-state.js'
import { logDecision } from './log-decision.js'
import { diffRoutes, formatRoutes, routeTreeHash, type RouteDiff } from './route-tree.js'
import { chooseRestApi, deploymentsWithoutMethods, rewriteWithSuffix, templateMappings, templateStages, withPreviousApi, type RewriteResult } from './rewrite.js'
import { readTemplateApi, templateRouteTree } from './template-routes.js'
import { parameterValues } from '../../cloudformation/parameters.js'
import type { InputsOf, Strategy } from '../types.js'

type Inputs = InputsOf<'api-replace'>

interface Plan {
  apiId: string
  state: DeployedState
  decision: Decision
  final: RewriteResult
  /** outside: the domain's mapping is managed by the action; template: by the stack; none: no custom domain. */
  mapping: { kind: 'outside'; current?: RestMapping } | { kind: 'template'; ids: string[] } | { kind: 'none' }
}

/** Reads the template's API and the deployed one, compares their routes and decides whether to replace. */
async function planReplacement(ctx: Context, inputs: Inputs): Promise<Plan> {
  const opts = inputs.apiReplace
  const template = inputs.template.template
  const apiId = chooseRestApi(template, opts.restApiLogicalId)
  const params = parameterValues(template, inputs.parameters)
  const ownApi = readTemplateApi(template, apiId, params)
  const invalid = templateRouteErrors(ownApi)
  if (invalid.length) {
    throw new DeployError(
      `The template's routes are invalid for API Gateway: ${invalid.map((e) => e.route).join(', ')}`,
      invalid.map((e) => e.message).join('\n'),
      'Fix the template; this fails on a new API as well as on an update.'
    )
  }
  const current = opts.domainName ? await getRestMapping(ctx.clients.apigateway, opts.domainName, opts.basePath) : undefined
  const state = await readDeployedState(ctx, inputs.stackName, apiId, current?.restApiId)
  const previous = state.previous
  const templateTree = templateRouteTree(ownApi)
  ctx.log.info(`Template routes of ${apiId}: ${formatRoutes(templateTree).join(', ')}`)
  if (previous) ctx.log.info(`Deployed routes of ${previous.logicalId} (${previous.restApiId}): ${formatRoutes(previous.routes).join(', ')}`)

  // The template as deployed without a replacement: the API keeps the logical ids the stack has now.
  const keep = rewriteWithSuffix(template, apiId, previous?.suffix ?? '')
  let report: ConflictReport | undefined
  let diff: RouteDiff | undefined
  if (previous) {
    diff = diffRoutes(previous.routes, templateTree)
    if (ownApi.definedBy === 'resources') {
      const next = readTemplateApi(keep.template, keep.apiLogicalId, params)
      report = detectConflicts({ next, previous: previous.templateApi, live: previous.routes })
    }
  }
  const renamedBy = previous && previous.suffix === undefined ? { from: previous.logicalId, to: apiId } : undefined
  const decision = decide({ mode: opts.replace, hasPrevious: !!previous, renamedBy, report, diff, openApi: ownApi.definedBy !== 'resources' })
  ctx.report.section('REST API routes', logDecision(ctx, diff, report, decision))

  let final = keep
  if (decision.replace) {
    let suffix = routeTreeHash(templateTree)
    if (previous && `${apiId}${suffix}` === previous.logicalId) suffix = routeTreeHash(templateTree, previous.logicalId)
    final = rewriteWithSuffix(template, apiId, suffix)
    ctx.log.info(`New logical id of the REST API: ${final.apiLogicalId} (from the route tree hash); ${final.renames.size - 1} resource(s) inside it renamed with it.`)
    for (const id of deploymentsWithoutMethods(final.template, final.apiLogicalId)) {
      ctx.log.warning(`${id} has no DependsOn on the API's methods: on the new API it may be created first and fail with "The REST API doesn't contain any methods".`)
    }
  }

  const inTemplate = templateMappings(final.template, final.apiLogicalId, params)
  let mapping: Plan['mapping'] = { kind: 'none' }
  if (inTemplate.length) {
    mapping = { kind: 'template', ids: inTemplate }
    if (opts.domainName) ctx.log.info(`The template maps a domain to the API (${inTemplate.join(', ')}): it moves with the stack update.`)
  } else if (opts.domainName) {
    if (current && previous && current.restApiId !== previous.restApiId && !state.leftovers.some((l) => l.restApiId === current.restApiId)) {
      throw new DeployError(
        `${opts.domainName}/${opts.basePath} maps to REST API ${current.restApiId}, not to this stack's ${previous.restApiId}`,
        undefined,
        "The action only moves a mapping that points at this stack's API. Check domain-name and base-path."
      )
    }
    mapping = { kind: 'outside', current }
  }
  return { apiId, state, decision, final, mapping }
}

function writeTemplate(path: string, template: Template, from: Template): string {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, templateToText(template, from))
  return path
}

function rewrittenPath(inputs: Inputs): string {
  const ext = templateExtension(inputs.template.template)
  return inputs.apiReplace.rewrittenTemplatePath ?? join(process.env.RUNNER_TEMP || tmpdir(), `${inputs.stackName}-api-replace${ext}`)
}

/** `x.json` → `x.phase1.json`, `x.yaml` → `x.phase1.yaml`, `x` → `x.phase1.json`. */
function phaseOnePath(path: string, template: Template): string {
  const ext = extname(path)
  return ext ? `${path.slice(0, path.length - ext.length)}.phase1${ext}` : `${path}.phase1${templateExtension(template)}`
}

function deploy(ctx: Context, inputs: Inputs, template: Template): Promise<DeployResult> {
  return deployStack(ctx, {
    stackName: inputs.stackName,
    templateBody: templateToBody(
      template,
      inputs.template.template,
      'The rewritten template',
      'Make the template smaller (in the two-phase sequence it holds the previous API too), or map the domain in the template so one update suffices.'
    ),
    parameters: inputs.parameters,
    capabilities: inputs.capabilities,
    tags: inputs.tags
  })
}

async function restApiIdOf(ctx: Context, stackName: string, logicalId: string): Promise<string> {
  const found = (await listStackResources(ctx.clients.cloudformation, stackName)).find((r) => r.LogicalResourceId === logicalId)
  if (!found?.PhysicalResourceId) throw new DeployError(`The stack has no REST API ${logicalId} after the deploy`)
  return found.PhysicalResourceId
}

/** Moves the domain's mapping to the new API in one UpdateBasePathMapping call, after checking its stage exists. */
async function moveMapping(ctx: Context, inputs: Inputs, restApiId: string, stage: string, current?: RestMapping): Promise<RestMapping> {
  const { domainName, basePath } = inputs.apiReplace
  if (!(await stageExists(ctx.clients.apigateway, restApiId, stage))) {
    throw new DeployError(
      `The new REST API ${restApiId} has no stage ${stage}; the domain still maps to the previous API`,
      undefined,
      'Give the API a Deployment with that StageName (or a Stage), then re-run: the action finishes the replacement.'
    )
  }
  const to = { domainName: domainName!, basePath, restApiId, stage }
  const moved = current ? await switchRestMapping(ctx.clients.apigateway, to) : await createRestMapping(ctx.clients.apigateway, to)
  const check = await getRestMapping(ctx.clients.apigateway, domainName!, basePath)
  if (check?.restApiId !== restApiId) throw new DeployError(`${domainName} still maps to ${check?.restApiId ?? 'nothing'} after the switch to ${restApiId}`)
  ctx.log.info(`${domainName}/${basePath} → ${restApiId} stage ${moved.stage ?? stage}${current ? ` (was ${current.restApiId})` : ' (new mapping)'}`)
  return moved
}

export const apiReplace: Strategy<'api-replace'> = async (ctx, inputs) => {
  const plan = await step(
    ctx,
    'Compare the deployed routes with the template',
    () => planReplacement(ctx, inputs),
    (p) => p.decision.reason
  )
  const { decision, final, state, mapping } = plan
  const previous = state.previous
  if (previous) ctx.setOutput('previous-rest-api-id', previous.restApiId)
  ctx.setOutput('replace-reason', ctx.dryRun ? `[dry-run] would ${decision.replace ? 'replace' : 'keep'} the REST API: ${decision.reason}` : decision.reason)
  ctx.report.fact('decision', decision.replace ? 'replace the REST API' : 'keep the REST API')

  const path = writeTemplate(rewrittenPath(inputs), final.template, inputs.template.template)
  ctx.setOutput('rewritten-template', path)
  ctx.log.info(`Rewritten template: ${path}`)

  // Two phases when the domain is mapped outside the stack: the old API must serve until the domain moves.
  const twoPhase = decision.replace && mapping.kind === 'outside'
  const stage = (mapping.kind === 'outside' ? mapping.current?.stage : undefined) ?? templateStages(final.template, final.apiLogicalId)[0]
  if (twoPhase && !previous?.template) {
    throw new DeployError(
      'The deployed template could not be read, so the previous API cannot be kept serving while the new one is created',
      undefined,
      'Re-run; if it persists, map the domain in the template.'
    )
  }
  if (twoPhase && !stage) {
    throw new DeployError('The template gives the REST API no stage to map the domain to', undefined, 'Set StageName on its Deployment (or add a Stage).')
  }
  let firstTemplate = final.template
  if (twoPhase) {
    const phaseOne = withPreviousApi(final.template, previous!.template!, previous!.logicalId)
    firstTemplate = phaseOne.template
    const written = writeTemplate(phaseOnePath(path, inputs.template.template), firstTemplate, inputs.template.template)
    ctx.log.info(`Phase 1 template (new API beside the old ${phaseOne.kept.join(', ')}): ${written}`)
  }

  if (ctx.dryRun) {
    ctx.setOutput('replaced', 'false')
    const plan = twoPhase
      ? `phase 1 creates ${final.apiLogicalId} beside ${previous!.logicalId}; the mapping moves; phase 2 removes ${previous!.logicalId}`
      : decision.replace
        ? `one update creates ${final.apiLogicalId} and removes ${previous!.logicalId}`
        : 'one update in place'
    ctx.log.info(`[dry-run] plan: ${plan}. The change set of the first update follows.`)
    const result = await step(ctx, 'Show the change set (dry run)', () => deploy(ctx, inputs, firstTemplate))
    setStackOutputs(ctx, result)
    return
  }

  let result: DeployResult
  let restApiId: string
  if (twoPhase) {
    await step(ctx, `Phase 1: create ${final.apiLogicalId} beside ${previous!.logicalId}`, () => deploy(ctx, inputs, firstTemplate))
    restApiId = await restApiIdOf(ctx, inputs.stackName, final.apiLogicalId)
    const current = mapping.kind === 'outside' ? mapping.current : undefined
    await step(ctx, `Move ${inputs.apiReplace.domainName} to ${restApiId}`, () => moveMapping(ctx, inputs, restApiId, stage!, current))
    result = await step(ctx, `Phase 2: remove ${previous!.logicalId} (${previous!.restApiId})`, () => deploy(ctx, inputs, final.template))
  } else {
    result = await step(ctx, decision.replace ? `Deploy ${final.apiLogicalId} in place of ${previous!.logicalId}` : 'Deploy the stack', () => deploy(ctx, inputs, final.template))
    restApiId = await restApiIdOf(ctx, inputs.stackName, final.apiLogicalId)
    if (mapping.kind === 'outside') {
      const now = await getRestMapping(ctx.clients.apigateway, inputs.apiReplace.domainName!, inputs.apiReplace.basePath)
      if (!now && stage) await step(ctx, `Map ${inputs.apiReplace.domainName} to ${restApiId}`, () => moveMapping(ctx, inputs, restApiId, stage))
      else skipStep(ctx, 'Move the custom domain', `it maps to ${now?.restApiId ?? 'nothing'}; the API kept its id`)
    }
  }
  if (decision.replace && mapping.kind === 'template') {
    ctx.log.info(`The base path mapping(s) ${mapping.ids.join(', ')} moved to ${restApiId} within the update, before ${previous!.logicalId} was deleted.`)
  }

  setStackOutputs(ctx, result)
  ctx.setOutput('rest-api-id', restApiId)
  ctx.setOutput('replaced', String(decision.replace))
  const endpoint = inputs.endpointOutput ? result.outputs[inputs.endpointOutput] : stage ? invokeUrl(restApiId, inputs.region, stage) : undefined
  if (inputs.endpointOutput && endpoint === undefined) ctx.log.warning(`The stack has no output ${inputs.endpointOutput} (endpoint-output).`)
  if (endpoint) ctx.setOutput('endpoint', endpoint)
  ctx.report.fact('REST API', `${restApiId}${previous && previous.restApiId !== restApiId ? ` (was ${previous.restApiId})` : ''}`)
  ctx.report.fact('endpoint', endpoint)
  ctx.log.info(`${decision.replace ? 'Replaced' : 'Kept'} the REST API: ${restApiId}${endpoint ? `, ${endpoint}` : ''}`)
}
