import { DeleteStackCommand, DescribeStackEventsCommand, ListStacksCommand, type StackSummary } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { formatDuration } from '../clock.js'
import { DeployError, errorMessage, isThrottling } from '../errors.js'
import { requestToken } from './change-set.js'
import { rootCause } from './root-cause.js'
import { describeStack } from './stacks.js'

/** A stack to delete, as a listing returned it: the id makes the delete hit exactly that stack. */
export interface StackToDelete {
  stackName: string
  stackId: string
}

export type BatchOutcome = { ok: true } | { ok: false; error: unknown }

/**
 * The shared status read watches every delete at once (one request a poll, whatever their number), so it may
 * come often: a tenth of a typical delete's time (learnt from the deletes done so far), poll to poll, between
 * these bounds and never less often than the poll interval. A freed slot is refilled soon after, as in the
 * ideal.
 */
const WATCH_SHARE = 10
const FASTEST_WATCH_MS = 250
const FIRST_WATCH_MS = 1000
const MAX_BACKOFF_MS = 30_000
/** How long an accepted delete may take to show in reads before the stack counts as failed. */
const NOT_STARTED_MS = 60_000
const WATCHED = ['DELETE_IN_PROGRESS', 'DELETE_FAILED'] as const

interface Pending {
  index: number
  stack: StackToDelete
  /** When CloudFormation accepted the delete. */
  startedAt: number
  /** Seen DELETE_IN_PROGRESS in a listing: once it leaves the listing, it is DELETE_COMPLETE. */
  seen: boolean
}

/**
 * Deletes many stacks with at most `concurrency` deletes running in CloudFormation at once. Each stack
 * costs one DeleteStack (by id); one ListStacks of the deleting and failed stacks per poll watches all of
 * them. A stack whose whole delete fell between two polls is confirmed by one DescribeStacks by id, and a
 * DELETE_FAILED one has its events read once for the root cause. Deletes start as slots free up, without
 * waiting for a poll or for each other (a throttled DeleteStack retries on its own). Outcomes keep the input
 * order; a failure of one stack never stops the others.
 */
export async function deleteStacks(ctx: Context, stacks: StackToDelete[], concurrency: number, beforeDelete?: (stack: StackToDelete) => void): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = new Array(stacks.length)
  if (ctx.dryRun) {
    for (const s of stacks) ctx.log.info(`[dry-run] would delete stack ${s.stackName}`)
    return stacks.map(() => ({ ok: true }))
  }
  const limit = Math.max(1, concurrency)
  const pending = new Map<string, Pending>()
  const starting = new Set<Promise<void>>()
  const durations: number[] = []
  const done = (p: Pending, outcome: BatchOutcome) => {
    outcomes[p.index] = outcome
    pending.delete(p.stack.stackId)
    if (outcome.ok) durations.push(ctx.clock.now() - p.startedAt)
  }
  let next = 0
  const fill = () => {
    while (next < stacks.length && pending.size + starting.size < limit) {
      const index = next++
      const stack = stacks[index]
      const started: Promise<void> = startDelete(ctx, stack, beforeDelete)
        .then(
          () => void pending.set(stack.stackId, { index, stack, startedAt: ctx.clock.now(), seen: false }),
          (error) => void (outcomes[index] = { ok: false, error })
        )
        .finally(() => {
          starting.delete(started)
          fill()
        })
      starting.add(started)
    }
  }
  let backoff = 0
  let lastWatchAt = ctx.clock.now()
  fill()
  while (pending.size > 0 || starting.size > 0) {
    if (pending.size === 0) {
      await Promise.race(starting)
      continue
    }
    const interval = Math.max(backoff, watchInterval(ctx.pollMs, durations))
    if (ctx.clock.now() + interval > ctx.deadline) {
      await Promise.all(starting)
      for (const p of [...pending.values()])
        done(p, { ok: false, error: new DeployError(`Timed out (timeout-minutes) waiting for the delete of ${p.stack.stackName}; CloudFormation goes on deleting it`) })
      break
    }
    await ctx.clock.sleep(Math.max(0, interval - (ctx.clock.now() - lastWatchAt)))
    const askedAt = ctx.clock.now()
    lastWatchAt = askedAt
    try {
      const listed = await listDeleting(ctx)
      const settled: Promise<void>[] = []
      for (const p of [...pending.values()]) {
        if (p.startedAt > askedAt) continue // accepted after the listing was asked for: next poll
        const summary = listed.get(p.stack.stackId)
        if (summary?.StackStatus === 'DELETE_IN_PROGRESS') p.seen = true
        else if (summary?.StackStatus === 'DELETE_FAILED') settled.push(deleteFailure(ctx, p.stack, summary.StackStatusReason).then((error) => done(p, { ok: false, error })))
        else if (p.seen) finish(ctx, p, done)
        else settled.push(confirm(ctx, p, done))
      }
      await Promise.all(settled)
      fill()
      backoff = 0
    } catch (err) {
      if (!isThrottling(err)) throw err
      backoff = Math.min(MAX_BACKOFF_MS, Math.max(interval, FIRST_WATCH_MS) * 2)
      ctx.log.info(`(throttled by AWS; reading the deletes' status every ${formatDuration(backoff)})`)
    }
  }
  return outcomes
}

/** A tenth of the median delete so far, within [FASTEST_WATCH_MS, pollMs]; FIRST_WATCH_MS before any is done. */
export function watchInterval(pollMs: number, durations: number[]): number {
  const cap = Math.max(FASTEST_WATCH_MS, pollMs)
  if (durations.length === 0) return Math.min(cap, FIRST_WATCH_MS)
  const sorted = [...durations].sort((a, b) => a - b)
  return Math.round(Math.min(cap, Math.max(FASTEST_WATCH_MS, sorted[Math.floor(sorted.length / 2)] / WATCH_SHARE)))
}

async function startDelete(ctx: Context, stack: StackToDelete, beforeDelete?: (stack: StackToDelete) => void): Promise<void> {
  beforeDelete?.(stack)
  await ctx.clients.cloudformation.send(new DeleteStackCommand({ StackName: stack.stackId, ClientRequestToken: requestToken('delete') }))
  ctx.log.info(`Deleting stack ${stack.stackName}`)
}

/** Every stack of the account now deleting or failed to delete, by id (all pages). */
async function listDeleting(ctx: Context): Promise<Map<string, StackSummary>> {
  const found = new Map<string, StackSummary>()
  let token: string | undefined
  do {
    const page = await ctx.clients.cloudformation.send(new ListStacksCommand({ StackStatusFilter: [...WATCHED], NextToken: token }))
    for (const s of page.StackSummaries ?? []) if (s.StackId) found.set(s.StackId, s)
    token = page.NextToken
  } while (token)
  return found
}

function finish(ctx: Context, p: Pending, done: (p: Pending, o: BatchOutcome) => void): void {
  ctx.log.info(`✔ ${p.stack.stackName} deleted (${formatDuration(ctx.clock.now() - p.startedAt)})`)
  done(p, { ok: true })
}

/** Not deleting and never seen deleting: either its delete ended between two polls, or it has not started showing yet. */
async function confirm(ctx: Context, p: Pending, done: (p: Pending, o: BatchOutcome) => void): Promise<void> {
  const stack = await describeStack(ctx.clients.cloudformation, p.stack.stackId)
  if (!stack || stack.StackStatus === 'DELETE_COMPLETE') return finish(ctx, p, done)
  if (stack.StackStatus === 'DELETE_FAILED') return done(p, { ok: false, error: await deleteFailure(ctx, p.stack, stack.StackStatusReason) })
  if (stack.StackStatus === 'DELETE_IN_PROGRESS') {
    p.seen = true
    return
  }
  // Any other status: the accepted delete does not show yet (AWS reads are eventually consistent); look again
  // at the next poll, for a while.
  if (ctx.clock.now() - p.startedAt > NOT_STARTED_MS) {
    done(p, {
      ok: false,
      error: new DeployError(
        `Stack ${p.stack.stackName} is still ${stack.StackStatus} ${formatDuration(ctx.clock.now() - p.startedAt)} after its delete was accepted`,
        stack.StackStatusReason,
        'Look at the stack in the CloudFormation console, then re-run the sweep.'
      )
    })
  }
}

async function deleteFailure(ctx: Context, stack: StackToDelete, reason: string | undefined): Promise<DeployError> {
  const events = await ctx.clients.cloudformation.send(new DescribeStackEventsCommand({ StackName: stack.stackId })).then(
    (out) => out.StackEvents ?? [],
    (err) => (ctx.log.info(`(could not read the events of ${stack.stackName}: ${errorMessage(err)})`), [])
  )
  const cause = rootCause(events, reason)
  ctx.log.info(`✘ ${stack.stackName}: DELETE_FAILED${cause ? `: ${cause}` : ''}`)
  return new DeployError(
    `Deleting stack ${stack.stackName} failed: stack ${stack.stackName} is DELETE_FAILED`,
    cause,
    'Empty or release the resource named in the root cause, then re-run to delete the stack.'
  )
}
