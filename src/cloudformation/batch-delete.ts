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
 * The shared status read watches every delete at once, so it can be read more often than a single stack's
 * events: a freed slot is refilled sooner, for one request a poll whatever the number of deletes.
 */
const MAX_WATCH_MS = 1000
const MAX_BACKOFF_MS = 30_000
/** How long an accepted delete may take to show in reads before the stack counts as failed. */
const NOT_STARTED_MS = 60_000
const WATCHED = ['DELETE_IN_PROGRESS', 'DELETE_FAILED'] as const

interface Pending {
  index: number
  stack: StackToDelete
  startedAt: number
  /** Seen DELETE_IN_PROGRESS in a listing: once it leaves the listing, it is DELETE_COMPLETE. */
  seen: boolean
}

/**
 * Deletes many stacks with at most `concurrency` deletes running in CloudFormation at once. Each stack
 * costs one DeleteStack (by id); one ListStacks of the deleting and failed stacks per poll watches all of
 * them. A stack whose whole delete fell between two polls is confirmed by one DescribeStacks by id, and a
 * DELETE_FAILED one has its events read once for the root cause. Outcomes keep the input order; a failure
 * of one stack never stops the others.
 */
export async function deleteStacks(ctx: Context, stacks: StackToDelete[], concurrency: number): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = new Array(stacks.length)
  if (ctx.dryRun) {
    for (const s of stacks) ctx.log.info(`[dry-run] would delete stack ${s.stackName}`)
    return stacks.map(() => ({ ok: true }))
  }
  const limit = Math.max(1, concurrency)
  const pending = new Map<string, Pending>()
  const done = (p: Pending, outcome: BatchOutcome) => {
    outcomes[p.index] = outcome
    pending.delete(p.stack.stackId)
  }
  let next = 0
  let interval = Math.min(ctx.pollMs, MAX_WATCH_MS)
  while (next < stacks.length || pending.size > 0) {
    const starting: Promise<void>[] = []
    while (next < stacks.length && pending.size + starting.length < limit) {
      const index = next++
      starting.push(startDelete(ctx, stacks[index]).then(
        () => void pending.set(stacks[index].stackId, { index, stack: stacks[index], startedAt: ctx.clock.now(), seen: false }),
        (error) => void (outcomes[index] = { ok: false, error })
      ))
    }
    await Promise.all(starting)
    if (pending.size === 0) continue
    if (ctx.clock.now() + interval > ctx.deadline) {
      for (const p of pending.values()) done(p, { ok: false, error: new DeployError(`Timed out (timeout-minutes) waiting for the delete of ${p.stack.stackName}; CloudFormation goes on deleting it`) })
      break
    }
    await ctx.clock.sleep(interval)
    try {
      const listed = await listDeleting(ctx)
      for (const p of [...pending.values()]) {
        const summary = listed.get(p.stack.stackId)
        if (summary?.StackStatus === 'DELETE_IN_PROGRESS') p.seen = true
        else if (summary?.StackStatus === 'DELETE_FAILED') done(p, { ok: false, error: await deleteFailure(ctx, p.stack, summary.StackStatusReason) })
        else if (p.seen) finish(ctx, p, done)
        else await confirm(ctx, p, done)
      }
      interval = Math.max(Math.min(ctx.pollMs, MAX_WATCH_MS), Math.floor(interval / 2))
    } catch (err) {
      if (!isThrottling(err)) throw err
      interval = Math.min(MAX_BACKOFF_MS, interval * 2)
      ctx.log.info(`(throttled by AWS; reading the deletes' status every ${formatDuration(interval)})`)
    }
  }
  return outcomes
}

async function startDelete(ctx: Context, stack: StackToDelete): Promise<void> {
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
    done(p, { ok: false, error: new DeployError(`Stack ${p.stack.stackName} is still ${stack.StackStatus} ${formatDuration(ctx.clock.now() - p.startedAt)} after its delete was accepted`, stack.StackStatusReason, 'Look at the stack in the CloudFormation console, then re-run the sweep.') })
  }
}

async function deleteFailure(ctx: Context, stack: StackToDelete, reason: string | undefined): Promise<DeployError> {
  const events = await ctx.clients.cloudformation
    .send(new DescribeStackEventsCommand({ StackName: stack.stackId }))
    .then((out) => out.StackEvents ?? [], (err) => (ctx.log.info(`(could not read the events of ${stack.stackName}: ${errorMessage(err)})`), []))
  const cause = rootCause(events, reason)
  ctx.log.info(`✘ ${stack.stackName}: DELETE_FAILED${cause ? `: ${cause}` : ''}`)
  return new DeployError(`Deleting stack ${stack.stackName} failed: stack ${stack.stackName} is DELETE_FAILED`, cause, 'Empty or release the resource named in the root cause, then re-run to delete the stack.')
}
