import { step } from '../../context.js'
import { deleteStack } from '../../cloudformation/delete.js'
import { DeployError, errorMessage } from '../../errors.js'
import { markdownTable } from '../../report.js'
import { describeStack } from '../../cloudformation/stacks.js'
import { describeOwnership, environmentStackName, ownershipOf, type EnvironmentStack } from '../../core/environments.js'
import { hasFrontDoor } from '../../core/inputs.js'
import { describeRoutes, environmentsOf, readLive, refuseRouted, routesTo, type Live, type Phase } from '../../core/phase.js'
import { deleteListedStacks, mapBounded } from '../../core/pool.js'

/**
 * Deletes <stack-name>-<extra> (a pull request closed): only a stack of ours that no front door routes to.
 * With api-gateway and no domain-name every custom domain of the region is read, so the live environment is never deleted.
 */
export async function destroyEnvironment(p: Phase, live: Live | undefined): Promise<void> {
  const { ctx, inputs } = p
  const name = environmentStackName(inputs.stackName, inputs.extraEnv.extra!)
  const stack = await describeStack(ctx.clients.cloudformation, name)
  if (stack && stack.StackStatus !== 'DELETE_COMPLETE') {
    if (live?.stackName === name) {
      throw new DeployError(`${name} is the live environment (${p.router.where} ${p.router.verb} it); it will not be deleted`, undefined, NOT_LIVE_FIRST)
    }
    if (ownershipOf(stack, inputs.stackName) !== 'ours') {
      throw new DeployError(
        `${name} is ${describeOwnership(stack, inputs.stackName)}; it will not be deleted`,
        undefined,
        'Check stack-name and extra: destroy deletes only environments the action made for stack-name.'
      )
    }
    refuseRouted(p, name, await routesTo(p, stack.StackId!, { fresh: true }), 'it will not be deleted', NOT_LIVE_FIRST)
  }
  p.summary.record({ step: 'environment', stackName: name })
  const result = await step(ctx, `Delete ${name}`, async () => {
    await p.lock?.assertHeld(`deleting ${name}`)
    return deleteStack(ctx, stack?.StackId ?? name)
  })
  p.summary.record({ step: 'destroy', stackName: name, outcome: result.deleted ? 'deleted' : ctx.dryRun ? 'dry run: would be deleted' : 'did not exist' })
}

/** Route checks of sweep candidates at once, at least: each is one read of the stack's resources. */
const CHECKS_AT_ONCE = 16

const NOT_LIVE_FIRST = 'Promote another environment (or roll back) first, then destroy this one.'

export interface SweepResult {
  stackName: string
  ageMs: number
  outcome: 'deleted' | 'would delete' | 'kept: live' | 'failed'
  error?: string
}

/**
 * Deletes every preview environment of stack-name older than older-than, found by the tags the action put
 * on them, a few at a time (sweep-concurrency). The live environment and the base stack are never swept.
 */
export async function sweep(p: Phase, live: Live, alsoSkip: string[] = []): Promise<SweepResult[]> {
  const { ctx, inputs } = p
  const olderThan = inputs.extraEnv.olderThanMs!
  const now = ctx.clock.now()
  const candidates = await step(
    ctx,
    `Find environments of ${inputs.stackName} older than ${formatAge(olderThan)}`,
    async () => {
      const all = await environmentsOf(p)
      const previews = all.filter((e) => e.ownership === 'ours' && e.extra && e.stackName !== inputs.stackName && !alsoSkip.includes(e.stackName))
      for (const e of previews) ctx.log.info(`  ${e.stackName}: ${e.status}, age ${formatAge(now - e.createdAt)}${e.stackName === live.stackName ? ' (live)' : ''}`)
      return previews.filter((e) => now - e.createdAt > olderThan)
    },
    (c) => `${c.length} found`
  )

  const results: SweepResult[] = []
  const toDelete: EnvironmentStack[] = []
  const limit = inputs.extraEnv.sweepConcurrency
  // each candidate's routes are read several at a time (reads, not deletes: more than sweep-concurrency)
  const checked = await mapBounded(candidates, Math.max(limit, CHECKS_AT_ONCE), (e) => (e.stackName === live.stackName ? Promise.resolve(undefined) : routesTo(p, e.stackId)))
  candidates.forEach((e, i) => {
    const check = checked[i]
    if (!check.ok) throw check.error
    const routes = check.value
    if (routes && routes.routes.length > 0) ctx.log.info(`${e.stackName} is live: ${describeRoutes(routes)}; it is not swept.`)
    if (e.stackName === live.stackName || (routes && routes.routes.length > 0)) results.push({ stackName: e.stackName, ageMs: now - e.createdAt, outcome: 'kept: live' })
    else toDelete.push(e)
  })
  const deleted = await step(ctx, `Delete ${toDelete.length} old environment(s), ${limit} at a time`, async () => {
    if (toDelete.length > 0) await p.lock?.assertHeld(`deleting ${toDelete.length} old environment(s)`)
    return deleteListedStacks(ctx, toDelete, limit, (e) => p.lock?.assertTime(`deleting ${e.stackName}`))
  })
  deleted.forEach((r, i) => {
    const e = toDelete[i]
    const ageMs = now - e.createdAt
    if (r.ok) results.push({ stackName: e.stackName, ageMs, outcome: ctx.dryRun ? 'would delete' : 'deleted' })
    else results.push({ stackName: e.stackName, ageMs, outcome: 'failed', error: errorMessage(r.error).split('\n')[0] })
  })
  p.summary.record({
    step: 'section',
    title: 'Sweep',
    markdown:
      results.length === 0
        ? `No environment of ${inputs.stackName} is older than ${formatAge(olderThan)}.`
        : markdownTable(
            ['stack', 'age', 'result'],
            results.map((r) => [r.stackName, formatAge(r.ageMs), r.error ? `❌ ${r.error}` : r.outcome])
          )
  })
  const failed = results.filter((r) => r.outcome === 'failed')
  if (failed.length > 0) {
    throw new DeployError(
      `${failed.length} of ${toDelete.length} old environment(s) could not be deleted`,
      failed.map((f) => `${f.stackName}: ${f.error}`).join('; '),
      'The others were deleted. Fix the cause (often a resource that blocks the delete) and re-run the sweep.'
    )
  }
  return results
}

/** The stack the front door routes to; without one (api-gateway without domain-name) every route is checked per stack instead. */
export async function liveForDestroy(p: Phase): Promise<Live | undefined> {
  if (!hasFrontDoor(p.inputs.extraEnv)) return undefined
  return step(p.ctx, `Read which stack ${p.router.where} ${p.router.verb}`, () => readLive(p))
}

/** Ages of environments are days and hours, not the seconds of step timings. */
export function formatAge(ms: number): string {
  const hours = Math.floor(ms / 3_600_000)
  if (hours < 48) return hours >= 1 ? `${hours} h` : `${Math.max(0, Math.round(ms / 60_000))} min`
  const days = Math.floor(hours / 24)
  const rest = hours % 24
  return rest ? `${days} d ${rest} h` : `${days} d`
}
