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
/** Never sooner than this share of the poll interval (while events fill pages). */
const FASTEST = 0.5
/**
 * The first read comes this share of the poll interval after the operation started: at once it could only
 * show the operation's first event, one request for nothing.
 */
const FIRST_READ = 0.5
/**
 * While the end the events point to (Progress) is still ahead, polls may be this many poll intervals apart,
 * spread so that one comes just after that end (END_MARGIN_MS later). Past it without the end, they come
 * every FAST_READ of the interval for one interval more, then as usual: the estimate was early.
 */
const SLOWEST = 1.5
const END_MARGIN_MS = 200
const FAST_READ = 0.25
const MIN_SLEEP_MS = 100
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
 * Polls the stack's events until the stack leaves *_IN_PROGRESS, logging each event as it comes: about every
 * ctx.pollMs, sparser while the estimated end (EventStream.estimatedEnd) is far and once just after it. The
 * stack's own terminal event ends the wait at once; one DescribeStacks then reads the result (the wait for a
 * delete needs none: DELETE_COMPLETE is all there is to know). Throttling doubles the interval, success brings it back.
 */
export async function waitForStack(ctx: Context, stackId: string, stream: EventStream, operation?: Operation): Promise<WaitResult> {
  let backoff = 0
  let polls = 0
  // the operation started about now: the first poll's events tell their pace too
  let lastPollAt = ctx.clock.now()
  let lastStatusPoll: number | undefined
  const statusReads: number[] = []
  let sleep = Math.floor(ctx.pollMs * FIRST_READ)
  for (;;) {
    if (ctx.clock.now() + sleep > ctx.deadline) {
      const stack = await describeStack(ctx.clients.cloudformation, stackId).catch(() => undefined)
      throw new TimeoutError(
        `Timed out (timeout-minutes) waiting for stack ${stack?.StackName ?? stackId}; it is ${stack?.StackStatus ?? 'in an unknown state'}`,
        rootCause(stream.events, stack?.StackStatusReason),
        'The operation goes on in CloudFormation. Re-run the action to wait for it and continue, raise timeout-minutes, or follow it in the CloudFormation console.'
      )
    }
    await ctx.clock.sleep(sleep)
    try {
      const pollAt = ctx.clock.now()
      const fresh = await stream.poll()
      const end = fresh.find((e) => e.PhysicalResourceId === stackId && e.ResourceType === 'AWS::CloudFormation::Stack' && isTerminalStatus(e.ResourceStatus))
      polls++
      const since = pollAt - lastPollAt
      const paced = pacedInterval(ctx.pollMs, fresh.length, since)
      // the longest gap while the estimated end is ahead, still one page of events a poll
      const longest = pacedInterval(ctx.pollMs, fresh.length, since, ctx.pollMs * SLOWEST)
      lastPollAt = pollAt
      if (operation === 'delete' && end?.ResourceStatus === 'DELETE_COMPLETE' && !stream.hasUnpolledStacks()) {
        // its own DELETE_COMPLETE event is the stack's last word: nothing more to read (no DescribeStacks)
        const stack = { StackId: stackId, StackName: end.StackName, StackStatus: 'DELETE_COMPLETE' } as Stack
        return { stack, events: stream.events, rootCause: rootCause(stream.events, undefined) }
      }
      const quietDue = fresh.length === 0 && (lastStatusPoll === undefined || polls - lastStatusPoll >= STATUS_EVERY)
      if (end || quietDue) {
        lastStatusPoll = polls
        statusReads.push(ctx.clock.now())
        const stack = await describeStack(ctx.clients.cloudformation, stackId)
        if (!stack) throw new DeployError(`Stack ${stackId} disappeared while waiting for it`)
        if (!isInProgress(stack.StackStatus)) {
          // The stack's own terminal event comes after all of its resources' events; only a nested stack found
          // in that same poll, or an end seen through the status read, can have events still unread.
          if (!end || stream.hasUnpolledStacks()) await stream.poll()
          return { stack, events: stream.events, rootCause: rootCause(stream.events, stack.StackStatusReason) }
        }
      }
      const now = ctx.clock.now()
      // poll to poll (the time this poll took included), after a throttle no sooner than the backoff, and
      // within the request budget
      const next = Math.max(nextPollIn(ctx.pollMs, paced, longest, now - pollAt, stream.estimatedEnd(), now), backoff - (now - pollAt))
      backoff = backoff > ctx.pollMs ? Math.floor(backoff / 2) : 0
      sleep = Math.max(MIN_SLEEP_MS, next, budgetWait(ctx, [...stream.requestTimes, ...statusReads]))
    } catch (err) {
      if (!isThrottling(err)) throw err
      backoff = Math.min(MAX_BACKOFF_MS, Math.max(ctx.pollMs, backoff) * 2)
      sleep = backoff
      ctx.log.info(`(throttled by AWS; polling every ${formatDuration(backoff)})`)
    }
  }
}

/**
 * How long from now to the next poll: `paced` poll to poll (pacedInterval) less the `elapsed` time the poll
 * took, unless the events tell when the operation ends (`end`, local time): then polls up to `longest` apart,
 * spread so that one comes just after it.
 */
export function nextPollIn(pollMs: number, paced: number, longest: number, elapsed: number, end: number | undefined, now: number): number {
  const usual = paced - elapsed
  if (end === undefined) return usual
  const ahead = end + END_MARGIN_MS - now
  if (ahead > 0) {
    // the last stretch before the estimate at no more than the poll interval: if the estimate is late (a
    // resource it counts never shows), the end is found no later than without it
    const gap = ahead > 2 * pollMs ? longest : Math.min(longest, pollMs)
    return Math.round(ahead / Math.ceil(ahead / Math.max(MIN_SLEEP_MS, gap - elapsed)))
  }
  return -ahead < pollMs ? Math.min(usual, Math.round(pollMs * FAST_READ)) : usual
}

/**
 * Time from this poll to the next: `longestMs` (the poll interval), or less when events came so fast since
 * the last poll that the next would not fit one page (it is then set to fill one page, never sooner than
 * FASTEST of the poll interval).
 */
export function pacedInterval(pollMs: number, freshEvents: number, sinceLastPollMs: number | undefined, longestMs = pollMs): number {
  if (!sinceLastPollMs || freshEvents === 0) return longestMs
  const perMs = freshEvents / sinceLastPollMs
  if (perMs * longestMs <= EVENTS_PER_POLL) return longestMs
  const fill = EVENTS_PER_POLL / perMs
  return Math.round(Math.min(longestMs, Math.max(pollMs * FASTEST, fill)))
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
  const result = await waitForStack(ctx, stackId, stream, operation)
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
