import { stackResources } from '../cloudformation/stack-resources.js'
import { DescribeStacksCommand, type Stack, type StackResource, type Tag } from '@aws-sdk/client-cloudformation'
import { restApiStages } from '../aws/apigateway.js'
import { httpApiEndpoint, httpApiStages } from '../aws/apigatewayv2.js'
import type { Context } from '../context.js'
import { DeployError } from '../errors.js'
import { stackOutputs, stackTag } from '../cloudformation/stacks.js'
import type { ApiKind } from './routers/api-gateway.js'
import { executeApiUrl } from '../aws/execute-api.js'

export const TAG_STACK = 'bluegreen:stack'
export const TAG_EXTRA = 'bluegreen:extra'
export const TAG_CREATED_AT = 'bluegreen:created-at'

const API_TYPES: Record<string, ApiKind> = {
  'AWS::ApiGateway::RestApi': 'rest',
  'AWS::ApiGatewayV2::Api': 'http'
}

export function environmentStackName(baseName: string, extra: string): string {
  return `${baseName}-${extra}`
}

/** The tags the action puts on every environment it creates; the sweep finds previews by them. */
export function environmentTags(baseName: string, extra: string, createdAt: string): Tag[] {
  return [
    { Key: TAG_STACK, Value: baseName },
    { Key: TAG_EXTRA, Value: extra },
    { Key: TAG_CREATED_AT, Value: createdAt }
  ]
}

/**
 * Which of three kinds a stack is for stack-name, by exact name and tag, never by prefix alone:
 * - ours: `<stack-name>` or `<stack-name>-<extra>` tagged bluegreen:stack=<stack-name> (updated, promoted, destroyed, swept);
 * - untagged: `<stack-name>` or `<stack-name>-*` without the tag; live behind the domain it is the app as it ran before
 *   adopting the action: a promotion may move traffic off it and then keeps it; it is never updated, swept or deleted;
 * - another app's: tagged for another stack-name, or tagged for this one under a name the action never gives.
 */
export type Ownership = 'ours' | 'untagged' | 'another app'

export function ownershipOf(stack: Pick<Stack, 'StackName' | 'Tags'>, baseName: string): Ownership {
  const name = stack.StackName ?? ''
  const named = name === baseName || name.startsWith(`${baseName}-`)
  const tag = stackTag(stack as Stack, TAG_STACK)
  if (tag === undefined) return named ? 'untagged' : 'another app'
  return tag === baseName && named ? 'ours' : 'another app'
}

/** Says whose a stack is, for error messages. */
export function describeOwnership(stack: Pick<Stack, 'StackName' | 'Tags'>, baseName: string): string {
  const tag = stackTag(stack as Stack, TAG_STACK)
  const kind = ownershipOf(stack, baseName)
  if (kind === 'ours') return `an environment of ${baseName}`
  if (kind === 'untagged') return `not tagged ${TAG_STACK}=${baseName} (made before the action, or by hand)`
  return tag ? `another app's stack (tagged ${TAG_STACK}=${tag})` : `not a stack of ${baseName}`
}

/** An environment stack as DescribeStacks lists it. */
export interface EnvironmentStack {
  stackName: string
  stackId: string
  status: string
  /** The bluegreen:created-at tag, else the stack's CreationTime (epoch ms). */
  createdAt: number
  extra?: string
  /** Carries the action's bluegreen:stack tag for this base name. */
  tagged: boolean
  ownership: Ownership
  /** Its outputs by key, from the same listing (untrusted: a pull request's template produces them). */
  outputs: Record<string, string>
}

export function createdAtOf(stack: Stack): number {
  const tag = Date.parse(stackTag(stack, TAG_CREATED_AT) ?? '')
  if (Number.isFinite(tag)) return tag
  return stack.CreationTime ? new Date(stack.CreationTime).getTime() : 0
}

function toEnvironment(stack: Stack, baseName: string): EnvironmentStack {
  return {
    stackName: stack.StackName!,
    stackId: stack.StackId!,
    status: stack.StackStatus ?? 'UNKNOWN',
    createdAt: createdAtOf(stack),
    extra: stackTag(stack, TAG_EXTRA),
    tagged: stackTag(stack, TAG_STACK) === baseName,
    ownership: ownershipOf(stack, baseName),
    outputs: stackOutputs(stack)
  }
}

/**
 * Every stack that may own an API of baseName, read with one listing: the base stack, stacks tagged for it,
 * and `<baseName>-*` stacks (made before the action, or another app's that shares the prefix). Only their
 * `ownership` says what the action may do with them; the prefix only narrows where an owner is looked for.
 */
export async function listEnvironments(ctx: Context, baseName: string): Promise<EnvironmentStack[]> {
  const found: EnvironmentStack[] = []
  let next: string | undefined
  do {
    const page = await ctx.clients.cloudformation.send(new DescribeStacksCommand({ NextToken: next }))
    for (const stack of page.Stacks ?? []) {
      if (stack.StackStatus === 'DELETE_COMPLETE') continue
      const name = stack.StackName ?? ''
      if (name === baseName || name.startsWith(`${baseName}-`) || stackTag(stack, TAG_STACK) === baseName) {
        found.push(toEnvironment(stack, baseName))
      }
    }
    next = page.NextToken
  } while (next)
  return found
}

export function apiResources(resources: StackResource[]): { logicalId: string; apiId: string; kind: ApiKind }[] {
  return resources
    .filter((r) => r.ResourceType && r.ResourceType in API_TYPES && r.PhysicalResourceId)
    .map((r) => ({ logicalId: r.LogicalResourceId!, apiId: r.PhysicalResourceId!, kind: API_TYPES[r.ResourceType!] }))
}

/** A deployed environment: its stack, the API the domain would map to, and the URL smoke checks call. */
export interface Environment {
  stackName: string
  stackId: string
  status: string
  createdAt: number
  apiId: string
  apiKind: ApiKind
  apiLogicalId: string
  stage?: string
  endpoint: string
  outputs: Record<string, string>
}

export interface ResolveOptions {
  region: string
  endpointOutput?: string
  /** The logical id of the API the domain maps to today; the same one is taken from a stack with several. */
  preferLogicalId?: string
  /** The stage the domain uses today; kept when the new API has it. */
  preferStage?: string
}

/** Reads what the domain needs from an environment stack; fails with what to fix when it cannot be used. */
export async function resolveEnvironment(ctx: Context, stack: Stack, opts: ResolveOptions): Promise<Environment> {
  const stackName = stack.StackName!
  const apis = apiResources(await stackResources(ctx.clients.cloudformation, stackName))
  if (apis.length === 0) {
    throw new DeployError(
      `Stack ${stackName} has no AWS::ApiGateway::RestApi or AWS::ApiGatewayV2::Api, so there is nothing to map the domain to`,
      undefined,
      'extra-env moves an API Gateway custom domain between stacks; each environment must create its own API.'
    )
  }
  const api = apis.length === 1 ? apis[0] : apis.find((a) => a.logicalId === opts.preferLogicalId)
  if (!api) {
    throw new DeployError(
      `Stack ${stackName} has ${apis.length} APIs (${apis.map((a) => a.logicalId).join(', ')}) and none has the logical id of the API the domain maps to today (${opts.preferLogicalId ?? 'none mapped yet'})`,
      undefined,
      'Keep the mapped API under the same logical id in every environment.'
    )
  }
  const stage = await chooseStage(ctx, api.kind, api.apiId, opts.preferStage)
  const outputs = stackOutputs(stack)
  const endpoint = await endpointOf(ctx, { outputs, stackName, kind: api.kind, apiId: api.apiId, stage, ...opts })
  return {
    stackName,
    stackId: stack.StackId!,
    status: stack.StackStatus ?? 'UNKNOWN',
    createdAt: createdAtOf(stack),
    apiId: api.apiId,
    apiKind: api.kind,
    apiLogicalId: api.logicalId,
    stage,
    endpoint,
    outputs
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

async function endpointOf(
  ctx: Context,
  e: { outputs: Record<string, string>; stackName: string; kind: ApiKind; apiId: string; stage?: string; region: string; endpointOutput?: string }
): Promise<string> {
  if (e.endpointOutput) {
    const value = e.outputs[e.endpointOutput]
    if (!value) {
      throw new DeployError(`Stack ${e.stackName} has no output ${e.endpointOutput} (endpoint-output); its outputs are: ${Object.keys(e.outputs).join(', ') || 'none'}`)
    }
    return value
  }
  if (e.kind === 'rest') return executeApiUrl(e.apiId, e.region, e.stage || undefined)
  const base = (await httpApiEndpoint(ctx.clients.apigatewayv2, e.apiId)) ?? executeApiUrl(e.apiId, e.region)
  return !e.stage || e.stage === '$default' ? base : `${base}/${e.stage}`
}

/** Stacks that answer as healthy environments (a stack whose create never finished is not one). */
export function isUsable(status: string): boolean {
  return /_COMPLETE$/.test(status) && !['DELETE_COMPLETE', 'ROLLBACK_COMPLETE', 'REVIEW_IN_PROGRESS'].includes(status)
}
