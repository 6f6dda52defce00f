import type { Stack } from '@aws-sdk/client-cloudformation'
import { step, type Context } from '../context.js'
import { stackResources } from '../cloudformation/stack-resources.js'
import { DeployError } from '../errors.js'
import { describeStack, stackOutputs } from '../cloudformation/stacks.js'
import { runSmokeChecks, smokeFailures, type SmokeResult } from '../smoke.js'
import type { ExtraEnvModeInputs } from './inputs.js'
import { apiResources, describeOwnership, isUsable, listEnvironments, ownershipOf, resolveEnvironment, TAG_STACK, type Environment, type EnvironmentStack } from './environments.js'
import { describeScope, readFrontDoor, routesToApis, stackApiIds, type Route } from './routers/api-gateway-routes.js'
import type { GitHubRun } from '../github/types.js'
import type { GitHubTracker } from './github.js'
import type { DomainLock } from './lock.js'
import { ApiGatewayRouter, describeMapping, type DomainMapping, type MappingTarget } from './routers/api-gateway.js'
import type { Router } from './router.js'
import { findOwnerStack } from './owner.js'
import { stopwatch, type SwitchSummary } from './summary.js'

/** What every phase works with. */
export interface Phase {
  ctx: Context
  inputs: ExtraEnvModeInputs
  summary: SwitchSummary
  github: GitHubTracker
  run: GitHubRun
  fetch?: typeof fetch
  /** Held while a phase reads and moves the domain (phases full, promote, rollback, destroy with a domain). */
  lock?: DomainLock
  /** The live stack as seen just before the lock was taken (recorded in the lock). */
  peeked?: Live
  /** What one run reads once, however many steps ask (a listing of every stack costs pages on a big account). */
  cache?: { environments?: Promise<EnvironmentStack[]>; frontDoor?: Promise<Route[]>; router?: Router<SwitchTarget, LiveTarget> }
}

/** What a switch writes, and what a read of the front door returns (the API Gateway mapping's, for now). */
export type SwitchTarget = MappingTarget
export type LiveTarget = DomainMapping

/** The front door of domain-name + base-path: every read and write of the live target goes through it. */
export function routerOf(p: Phase): Router<SwitchTarget, LiveTarget> {
  p.cache ??= {}
  p.cache.router ??= new ApiGatewayRouter(p.ctx, { ...domainOf(p), type: p.inputs.extraEnv.domainApiType })
  return p.cache.router
}

/** The front door as it was read, and the stack found behind it. */
export interface Live {
  /** What the front door routes to (the router's reading). */
  mapping?: LiveTarget
  /** The stack that owns the mapped API (undefined when no mapping, or the API belongs to no stack). */
  stackName?: string
  stack?: Stack
  /** The mapped API's logical id in that stack: green's API with the same id is the one to map. */
  apiLogicalId?: string
  /** The live stack is not tagged for stack-name: the app as it ran before the action. Never deleted. */
  madeBefore?: boolean
}

/** The stacks that may be environments of stack-name, listed at most once per run. */
export function environmentsOf(p: Phase): Promise<EnvironmentStack[]> {
  p.cache ??= {}
  p.cache.environments ??= listEnvironments(p.ctx, p.inputs.stackName)
  return p.cache.environments
}

/**
 * Every route into an API that the front door has: all mappings of domain-name (every base path), or, when
 * no domain is given, of every REST and HTTP API custom domain in the region. Read once per run unless fresh.
 */
export function frontDoorOf(p: Phase, opts: { fresh?: boolean } = {}): Promise<Route[]> {
  const scope = { domainName: p.inputs.extraEnv.domainName, type: p.inputs.extraEnv.domainApiType }
  p.cache ??= {}
  if (opts.fresh || !p.cache.frontDoor) {
    p.ctx.log.info(`Reading ${describeScope(scope, p.inputs.region)} for the stacks it routes to.`)
    p.cache.frontDoor = readFrontDoor(p.ctx, scope)
  }
  return p.cache.frontDoor
}

/** The routes of the front door that reach the stack (or its nested stacks); [] when it has no API or none is routed. */
export async function routesTo(p: Phase, stackNameOrId: string, opts: { fresh?: boolean } = {}): Promise<Route[]> {
  const apiIds = await stackApiIds(p.ctx, stackNameOrId)
  if (apiIds.length === 0) return []
  return routesToApis(await frontDoorOf(p, opts), apiIds)
}

export function domainOf(p: Phase): { domainName: string; basePath: string } {
  const { domainName, basePath } = p.inputs.extraEnv
  if (!domainName) throw new DeployError('This phase needs domain-name')
  return { domainName, basePath }
}

/** Reads which stack is live: the domain's mapping, then the stack that owns the mapped API. */
export async function readLive(p: Phase): Promise<Live> {
  const router = routerOf(p)
  const mapping = await router.read()
  if (!mapping) {
    p.ctx.log.info(`${router.where} has no mapping yet: no environment is live.`)
    return {}
  }
  const owner = await findOwnerStack(p.ctx, router.ownerKey(mapping), p.inputs.stackName, () => environmentsOf(p))
  const stack = owner && (await describeStack(p.ctx.clients.cloudformation, owner.stackName))
  const tags = { StackName: owner?.stackName, Tags: stack ? stack.Tags : undefined }
  const kind = owner ? ownershipOf(tags, p.inputs.stackName) : undefined
  if (!owner || (kind === 'another app' && !stack?.Tags?.some((t) => t.Key === TAG_STACK))) return unknownOwner(p, mapping)
  if (kind === 'another app') {
    const whose = describeOwnership(tags, p.inputs.stackName)
    if (p.inputs.extraEnv.phase === 'deploy') {
      p.ctx.log.warning(`${describeMapping(mapping)} maps to ${owner.stackName}, ${whose}; a promotion of ${p.inputs.stackName} will refuse to move it.`)
      return { mapping }
    }
    throw new DeployError(
      `${describeMapping(mapping)} maps to ${mapping.kind} API ${mapping.apiId} of ${owner.stackName}, ${whose}: the action will not move traffic away from another app`,
      undefined,
      'Check domain-name, base-path and stack-name: each app needs its own domain or base path.'
    )
  }
  const apiLogicalId = apiResources(await stackResources(p.ctx.clients.cloudformation, owner.stackName)).find((a) => a.apiId === mapping.apiId)?.logicalId
  p.ctx.log.info(`Live: ${describeMapping(mapping)} → ${mapping.kind} API ${mapping.apiId} stage ${mapping.stage ?? '-'} → stack ${owner.stackName} (found by ${owner.via}).`)
  if (kind === 'untagged') {
    p.ctx.log.info(
      `${owner.stackName} is not tagged bluegreen:stack=${p.inputs.stackName}: it was made before the action. A promotion may move traffic off it and then keeps it; it is never updated or deleted.`
    )
  }
  return { mapping, stackName: owner.stackName, stack, apiLogicalId, madeBefore: kind === 'untagged' }
}

/** The mapped API belongs to no stack of stack-name: a deploy goes on (nothing moves), the others refuse. */
function unknownOwner(p: Phase, mapping: DomainMapping): Live {
  if (p.inputs.extraEnv.phase === 'deploy') {
    p.ctx.log.warning(`${describeMapping(mapping)} maps to ${mapping.kind} API ${mapping.apiId}, which no stack of ${p.inputs.stackName} owns; a promotion will refuse to move it.`)
    return { mapping }
  }
  throw new DeployError(
    `${describeMapping(mapping)} maps to ${mapping.kind} API ${mapping.apiId} (stage ${mapping.stage ?? '-'}), which no stack of ${p.inputs.stackName} owns: the action will not move traffic away from an API it does not know`,
    undefined,
    `If the domain should move to ${p.inputs.stackName}'s environments, map it by hand once to the first environment (or delete the mapping so the first promotion creates it); otherwise check domain-name, base-path and stack-name.`
  )
}

/**
 * A light look at the live stack before the lock is taken, only to record in the lock which stack this run
 * is about to replace; the live stack is read again, authoritatively, once the lock is held.
 */
export async function peekLive(p: Phase): Promise<Live> {
  const router = routerOf(p)
  const mapping = await router.read()
  if (!mapping) return {}
  const owner = await findOwnerStack(p.ctx, router.ownerKey(mapping), p.inputs.stackName, () => environmentsOf(p))
  return { mapping, stackName: owner?.stackName }
}

/** The live stack and the domain as the summary shows them, so every outcome draws where the domain points. */
export function noteLive(p: Phase, live: Live): void {
  const endpoint = live.stackName && p.inputs.endpointOutput ? stackOutputs(live.stack)[p.inputs.endpointOutput] : undefined
  p.summary.record({ step: 'live', where: routerOf(p).where, blue: live.stackName ? { stackName: live.stackName, apiId: live.mapping?.apiId, endpoint } : undefined })
}

/** An existing, healthy environment stack resolved into what the domain needs. */
export async function existingEnvironment(p: Phase, stackName: string, live: Live): Promise<Environment> {
  const stack = await describeStack(p.ctx.clients.cloudformation, stackName)
  if (!stack) throw new DeployError(`Stack ${stackName} does not exist`, undefined, 'Deploy it first (phase deploy), or check stack-name and extra.')
  if (!isUsable(stack.StackStatus ?? '')) {
    throw new DeployError(`Stack ${stackName} is ${stack.StackStatus}, not a working environment`, stack.StackStatusReason, 'Deploy it again (phase deploy) before moving traffic to it.')
  }
  return resolveEnvironment(p.ctx, stack, resolveOptions(p, live))
}

export function resolveOptions(p: Phase, live: Live) {
  return { region: p.inputs.region, endpointOutput: p.inputs.endpointOutput, preferLogicalId: live.apiLogicalId, preferStage: live.mapping?.stage }
}

/** Smoke-checks one URL with the smoke-* inputs; the results go to the log. */
export async function smoke(p: Phase, url: string): Promise<SmokeResult[]> {
  if (p.inputs.smoke.paths.length === 0) {
    p.ctx.log.info('No smoke-path given: no HTTP checks.')
    return []
  }
  return runSmokeChecks(url, p.inputs.smoke, { log: p.ctx.log, clock: p.ctx.clock, fetch: p.fetch, deadline: p.ctx.deadline })
}

/** Throws when any smoke check failed, saying what stays as it was. */
export function requireSmoke(results: SmokeResult[], who: string, untouched: string): void {
  const failures = smokeFailures(results)
  if (!failures) return
  throw new DeployError(`Smoke checks of ${who} failed`, failures, `${untouched} Fix the app or the smoke-* inputs and re-run.`)
}

/** Smoke-tests an environment on its own endpoint and returns the results (also to the summary); fails when any check fails. */
export async function smokeEnvironment(p: Phase, env: { stackName: string; endpoint: string }, untouched: string): Promise<SmokeResult[]> {
  const elapsed = stopwatch(p.ctx)
  const timed = p.inputs.smoke.paths.length > 0
  let results: SmokeResult[]
  try {
    results = await smoke(p, env.endpoint)
  } catch (err) {
    p.summary.record({ step: 'smoke', stackName: env.stackName, ms: timed ? elapsed() : undefined, failed: true })
    throw err
  }
  p.summary.record({ step: 'smoke', stackName: env.stackName, results, ms: timed ? elapsed() : undefined, failed: !!smokeFailures(results) })
  requireSmoke(results, env.stackName, untouched)
  return results
}

/** Smoke-tests green before traffic moves to it; on failure the domain is not touched. */
export async function smokeGreen(p: Phase, env: Environment): Promise<SmokeResult[]> {
  const results = await step(p.ctx, `Smoke-test ${env.stackName}`, () => smokeEnvironment(p, env, 'The domain was not touched; the live environment still serves.'))
  if (results.length > 0) p.ctx.log.info(`${env.stackName} passed ${results.length} smoke check(s).`)
  return results
}
