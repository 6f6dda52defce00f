import { isDeepStrictEqual } from 'node:util'
import type { Stack } from '@aws-sdk/client-cloudformation'
import { step, type Context } from '../context.js'
import { DeployError } from '../errors.js'
import { describeStack, stackOutputs } from '../cloudformation/stacks.js'
import { runSmokeChecks, smokeFailures, type SmokeResult } from '../smoke.js'
import type { ExtraEnvModeInputs } from './inputs.js'
import { describeOwnership, isUsable, listEnvironments, ownershipOf, resolveEnvironment, TAG_STACK, type Environment, type EnvironmentStack } from './environments.js'
import type { GitHubRun } from '../github/types.js'
import type { GitHubTracker } from './github.js'
import type { DomainLock } from './lock.js'
import type { Router, RoutesTo } from './router.js'
import type { Owner } from './owner.js'
import { stopwatch, type SwitchSummary } from './summary.js'

/** What every phase works with. */
export interface Phase {
  ctx: Context
  inputs: ExtraEnvModeInputs
  /** The front door the inputs name (routers/index.ts createRouter): every read and write of the live target goes through it. */
  router: Router
  summary: SwitchSummary
  github: GitHubTracker
  run: GitHubRun
  fetch?: typeof fetch
  /** Held while a phase reads and moves the front door (phases full, promote, rollback, destroy with a front door). */
  lock?: DomainLock
  /** The live stack as seen just before the lock was taken (recorded in the lock). */
  peeked?: Live
  /** What one run reads once, however many steps ask (a listing of every stack costs pages on a big account). */
  cache?: { environments?: Promise<EnvironmentStack[]> }
}

/** The front door of the run. */
export function routerOf(p: Phase): Router {
  return p.router
}

/** The front door as it was read, and the stack found behind it. */
export interface Live {
  /** What the front door routes to (the router's reading). */
  reading?: unknown
  /** The stack that owns the live target (undefined when it routes nowhere, or to no stack). */
  stackName?: string
  stack?: Stack
  /** The live stack is not tagged for stack-name: the app as it ran before the action. Never deleted. */
  madeBefore?: boolean
  /** How the owner was found (peekLive keeps it, for readLive to reuse on the same target). */
  owner?: Owner
}

/** The stacks that may be environments of stack-name, listed at most once per run. */
export function environmentsOf(p: Phase): Promise<EnvironmentStack[]> {
  p.cache ??= {}
  p.cache.environments ??= listEnvironments(p.ctx, p.inputs.stackName)
  return p.cache.environments
}

/** The owner stack of what the front door routes to, from the run's one listing of environments. */
export function ownerOf(p: Phase, reading: unknown): Promise<Owner | undefined> {
  return p.router.findOwner(reading, () => environmentsOf(p), p.inputs.stackName)
}

/**
 * The routes of the front door that reach the stack (or its nested stacks); [] when none. Read once per run
 * for many stacks unless fresh (the sweep reads the front door once for all its candidates).
 */
export async function routesTo(p: Phase, stackNameOrId: string, opts: { fresh?: boolean } = {}): Promise<RoutesTo> {
  return p.router.routesTo(stackNameOrId, { fresh: opts.fresh ?? false })
}

/** The routes in words: "api.example.com/v1 → API abc123". */
export function describeRoutes(found: RoutesTo): string {
  return found.routes.map((r) => `${r.where} → ${r.kind ? `${r.kind} ` : ''}${r.reaches}`).join(', ')
}

/** Refuses to change a stack that a route of the front door reaches, naming each route. */
export function refuseRouted(p: Phase, stackName: string, found: RoutesTo, consequence: string, nextSteps: string): void {
  const n = found.routes.length
  if (n === 0) return
  const verb = n === 1 ? p.router.verb : p.router.verb.replace(/s to$/, ' to')
  throw new DeployError(`${stackName} is the live environment (${describeRoutes(found)} ${verb} it): ${consequence}`, undefined, nextSteps)
}

/**
 * Reads which stack is live: the front door's target, then the stack that owns it. After a peek (phases full
 * and promote, before the lock) the front door is read again here, under the lock, and that reading is the one
 * that counts; when it is the very target the peek saw, the owner the peek found is the owner still (a target
 * belongs to the stack that created it, and the run's listing is the same one), so it is not looked up a
 * second time, and the owner's stack is read beside the front door rather than after it.
 */
export async function readLive(p: Phase): Promise<Live> {
  const router = routerOf(p)
  const peeked = p.peeked?.owner ? p.peeked : undefined
  const [reading, peekedStack] = await Promise.all([router.read(p.peeked?.reading), peeked ? describeStack(p.ctx.clients.cloudformation, peeked.owner!.stackName) : undefined])
  if (!reading) {
    p.ctx.log.info(`${router.where} ${router.nothingYet}: no environment is live.`)
    return {}
  }
  const asPeeked = !!peeked && isDeepStrictEqual(peeked.reading, reading)
  if (asPeeked) p.ctx.log.info(`${router.where} still ${router.verb} ${router.describeLive(reading)}, as before the lock: its owner ${peeked.owner!.stackName} is not looked up again.`)
  const owner = asPeeked ? peeked.owner : await ownerOf(p, reading)
  const stack = asPeeked ? peekedStack : owner && (await describeStack(p.ctx.clients.cloudformation, owner.stackName))
  const tags = { StackName: owner?.stackName, Tags: stack ? stack.Tags : undefined }
  const kind = owner ? ownershipOf(tags, p.inputs.stackName) : undefined
  if (!owner || (kind === 'another app' && !stack?.Tags?.some((t) => t.Key === TAG_STACK))) return unknownOwner(p, reading)
  if (kind === 'another app') {
    const whose = describeOwnership(tags, p.inputs.stackName)
    if (p.inputs.extraEnv.phase === 'deploy') {
      p.ctx.log.warning(`${router.where} ${router.verb} ${owner.stackName}, ${whose}; a promotion of ${p.inputs.stackName} will refuse to move it.`)
      return { reading }
    }
    throw new DeployError(
      `${router.where} ${router.verb} ${router.describeLive(reading)} of ${owner.stackName}, ${whose}: the action will not move traffic away from another app`,
      undefined,
      `Check ${router.namedBy} and stack-name: each app needs its own front door.`
    )
  }
  p.ctx.log.info(`Live: ${router.where} → ${router.describeLive(reading, 'log')} → stack ${owner.stackName} (found by ${owner.via}).`)
  if (kind === 'untagged') {
    p.ctx.log.info(
      `${owner.stackName} is not tagged bluegreen:stack=${p.inputs.stackName}: it was made before the action. A promotion may move traffic off it and then keeps it; it is never updated or deleted.`
    )
  }
  return { reading, stackName: owner.stackName, stack, madeBefore: kind === 'untagged' }
}

/** The live target belongs to no stack of stack-name: a deploy goes on (nothing moves), the others refuse. */
function unknownOwner(p: Phase, reading: unknown): Live {
  const router = routerOf(p)
  if (p.inputs.extraEnv.phase === 'deploy') {
    p.ctx.log.warning(`${router.where} ${router.verb} ${router.describeLive(reading)}, which no stack of ${p.inputs.stackName} owns; a promotion will refuse to move it.`)
    return { reading }
  }
  throw new DeployError(
    `${router.where} ${router.verb} ${router.describeLive(reading, 'error')}, which no stack of ${p.inputs.stackName} owns: the action will not move traffic away from ${router.kind === 'api-gateway' ? 'an API' : 'a target'} it does not know`,
    undefined,
    `If ${router.doorNoun.toLowerCase()} should move to ${p.inputs.stackName}'s environments, ${router.verb.split(' ')[0].replace(/s$/, '')} it by hand once to the first environment${router.kind === 'api-gateway' ? ' (or delete the mapping so the first promotion creates it)' : ''}; otherwise check ${router.namedBy} and stack-name.`
  )
}

/**
 * A light look at the live stack before the lock is taken, only to record in the lock which stack this run
 * is about to replace; the live stack is read again, authoritatively, once the lock is held (readLive, which
 * reuses the owner found here when the front door still routes to the same target).
 */
export async function peekLive(p: Phase): Promise<Live> {
  const router = routerOf(p)
  const reading = await router.read()
  if (!reading) return {}
  const owner = await ownerOf(p, reading)
  p.ctx.log.info(
    `Before locking: ${router.where} ${router.verb} ${router.describeLive(reading)}${owner ? ` of ${owner.stackName}` : ''}, recorded in the lock so that a re-run of an interrupted attempt knows what it replaced; read again once the lock is held.`
  )
  return { reading, stackName: owner?.stackName, owner }
}

/** The live stack and the front door as the summary shows them, so every outcome draws where it points. */
export function noteLive(p: Phase, live: Live): void {
  const router = routerOf(p)
  const endpoint = live.stackName && p.inputs.endpointOutput ? stackOutputs(live.stack)[p.inputs.endpointOutput] : undefined
  p.summary.record({
    step: 'live',
    where: router.where,
    noun: router.targetNoun,
    blue: live.stackName ? { stackName: live.stackName, targetId: live.reading === undefined ? undefined : router.ownerKey(live.reading), endpoint } : undefined
  })
}

/** An existing, healthy environment stack resolved into what the front door needs. */
export async function existingEnvironment(p: Phase, stackName: string, live: Live): Promise<Environment> {
  const stack = await describeStack(p.ctx.clients.cloudformation, stackName)
  if (!stack) throw new DeployError(`Stack ${stackName} does not exist`, undefined, 'Deploy it first (phase deploy), or check stack-name and extra.')
  if (!isUsable(stack.StackStatus ?? '')) {
    throw new DeployError(`Stack ${stackName} is ${stack.StackStatus}, not a working environment`, stack.StackStatusReason, 'Deploy it again (phase deploy) before moving traffic to it.')
  }
  return resolveIn(p, stack, live)
}

/** What a stack offers the front door, green kept like the live side (same API logical id and stage for API Gateway). */
export function resolveIn(p: Phase, stack: Stack, live: Live): Promise<Environment> {
  return resolveEnvironment(p.router, stack, { endpointOutput: p.inputs.endpointOutput, live: { reading: live.reading, stackName: live.stackName } })
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

/** Smoke-tests green before traffic moves to it; on failure the front door is not touched. */
export async function smokeGreen(p: Phase, env: Environment): Promise<SmokeResult[]> {
  const results = await step(p.ctx, `Smoke-test ${env.stackName}`, () => smokeEnvironment(p, env, `${p.router.doorNoun} was not touched; the live environment still serves.`))
  if (results.length > 0) p.ctx.log.info(`${env.stackName} passed ${results.length} smoke check(s).`)
  return results
}
