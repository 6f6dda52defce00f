import type { Stack } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { formatDuration } from '../clock.js'
import { DeployError, isThrottling, TimeoutError } from '../errors.js'
import { EventStream, isTerminalStatus } from './events.js'
import { rootCause } from './root-cause.js'
import { describeStack, isInProgress, isSuccess, type Operation } from './stacks.js'

/**
 * Stack status is read on a poll that brings no event, at most every this many polls (the first included),
 * even when no event says the stack is done: a safety net that costs few requests. While events come the
 * stack is still working (its own terminal event is its last), so busy polls skip it.
 */
const STATUS_EVERY = 10
const MAX_BACKOFF_MS = 30_000
/**
 * A DescribeStackEvents page holds 100 events. When a stack writes events faster than one page per poll
 * (hundreds of resources), polls come sooner so that each still fits in one page: one request a poll, and
 * the end is seen sooner too, instead of two pages a poll.
 */
const EVENTS_PER_POLL = 97
/** Never sooner than this share of the poll interval. */
const FASTEST = 0.5
/**
 * The wait's own request budget: at most this many requests in any BUDGET_POLLS poll intervals (18 in 30 s,
 * 36 a minute at the default 2 s), whatever extra pages, status reads and nested stacks its polls need.
 */
const BUDGET_REQUESTS = 18
const BUDGET_POLLS = 15

export interface WaitResult {
  stack: Stack
  events: EventStream['events']
  rootCause?: string
}

/**
 * Polls the stack's events (every ctx.pollMs, poll to poll) until the stack leaves *_IN_PROGRESS, logging each
 * event as it comes. The stack's own terminal event ends the wait at once; one DescribeStacks then reads
 * the result. Throttling doubles the interval, success brings it back.
 */
export async function waitForStack(ctx: Context, stackId: string, stream: EventStream): Promise<WaitResult> {
  let interval = ctx.pollMs
  let polls = 0
  let lastPollAt: number | undefined
  let lastStatusPoll: number | undefined
  const statusReads: number[] = []
  for (;;) {
    let sawEnd = false
    let sleep: number
    try {
      const pollAt = ctx.clock.now()
      const fresh = await stream.poll()
      sawEnd = fresh.some((e) => e.PhysicalResourceId === stackId && e.ResourceType === 'AWS::CloudFormation::Stack' && isTerminalStatus(e.ResourceStatus))
      polls++
      const paced = pacedInterval(ctx.pollMs, fresh.length, lastPollAt === undefined ? undefined : pollAt - lastPollAt)
      lastPollAt = pollAt
      const quietDue = fresh.length === 0 && (lastStatusPoll === undefined || polls - lastStatusPoll >= STATUS_EVERY)
      if (sawEnd || quietDue) {
        lastStatusPoll = polls
        statusReads.push(ctx.clock.now())
        const stack = await describeStack(ctx.clients.cloudformation, stackId)
        if (!stack) throw new DeployError(`Stack ${stackId} disappeared while waiting for it`)
        if (!isInProgress(stack.StackStatus)) {
          // The stack's own terminal event comes after all of its resources' events; only a nested stack found
          // in that same poll, or an end seen through the status read, can have events still unread.
          if (!sawEnd || stream.hasUnpolledStacks()) await stream.poll()
          return { stack, events: stream.events, rootCause: rootCause(stream.events, stack.StackStatusReason) }
        }
      }
      // poll to poll, the time this poll took included, within the request budget
      interval = Math.max(paced, Math.floor(interval / 2))
      sleep = Math.max(interval - (ctx.clock.now() - pollAt), budgetWait(ctx, [...stream.requestTimes, ...statusReads]))
    } catch (err) {
      if (!isThrottling(err)) throw err
      interval = Math.min(MAX_BACKOFF_MS, interval * 2)
      sleep = interval
      ctx.log.info(`(throttled by AWS; polling every ${formatDuration(interval)})`)
    }
    if (ctx.clock.now() + sleep > ctx.deadline) {
      const stack = await describeStack(ctx.clients.cloudformation, stackId).catch(() => undefined)
      throw new TimeoutError(
        `Timed out (timeout-minutes) waiting for stack ${stack?.StackName ?? stackId}; it is ${stack?.StackStatus ?? 'in an unknown state'}`,
        rootCause(stream.events, stack?.StackStatusReason),
        'The operation goes on in CloudFormation. Re-run the action to wait for it and continue, raise timeout-minutes, or follow it in the CloudFormation console.'
      )
    }
    await ctx.clock.sleep(sleep)
  }
}

/**
 * Time from this poll to the next: the poll interval, or less when events came so fast since the last poll
 * that the next would not fit one page (it is then set to fill one page).
 */
export function pacedInterval(pollMs: number, freshEvents: number, sinceLastPollMs: number | undefined): number {
  if (!sinceLastPollMs || freshEvents === 0) return pollMs
  const perMs = freshEvents / sinceLastPollMs
  if (perMs * pollMs <= EVENTS_PER_POLL) return pollMs
  const fill = EVENTS_PER_POLL / perMs
  return Math.round(Math.min(pollMs, Math.max(pollMs * FASTEST, fill)))
}

/** How long to wait so that the next poll keeps the wait within its request budget (0: no need). */
export function budgetWait(ctx: Context, requestTimes: number[]): number {
  const now = ctx.clock.now()
  const windowMs = BUDGET_POLLS * ctx.pollMs
  const recent = requestTimes.filter((t) => t > now - windowMs).sort((a, b) => a - b)
  if (recent.length < BUDGET_REQUESTS) return 0
  // the next poll may go once enough of the oldest requests have left the window
  return recent[recent.length - BUDGET_REQUESTS] + windowMs - now
}

/** Waits for an operation and fails with the root cause unless it ended in the expected status. */
export async function waitForOperation(ctx: Context, stackId: string, operation: Operation, stream: EventStream, what: string): Promise<Stack> {
  const result = await waitForStack(ctx, stackId, stream)
  const status = result.stack.StackStatus
  if (!isSuccess(operation, status)) {
    throw new DeployError(`${what} failed: stack ${result.stack.StackName} is ${status}`, result.rootCause, nextStepFor(status))
  }
  return result.stack
}

function nextStepFor(status: string | undefined): string | undefined {
  switch (status) {
    case 'ROLLBACK_COMPLETE':
    case 'ROLLBACK_FAILED':
      return 'Fix the root cause and re-run: the action deletes a stack that never finished its create and creates it again.'
    case 'UPDATE_ROLLBACK_COMPLETE':
      return 'The stack is back on its previous template. Fix the root cause and re-run.'
    case 'UPDATE_ROLLBACK_FAILED':
      return 'Re-run the action: it continues the rollback (ContinueUpdateRollback) before updating again.'
    case 'DELETE_FAILED':
      return 'Empty or release the resource named in the root cause, then re-run to delete the stack.'
    default:
      return undefined
  }
}
