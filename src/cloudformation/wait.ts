import type { Stack } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { formatDuration } from '../clock.js'
import { DeployError, isThrottling, TimeoutError } from '../errors.js'
import { EventStream, isTerminalStatus } from './events.js'
import { rootCause } from './root-cause.js'
import { describeStack, isInProgress, isSuccess, type Operation } from './stacks.js'

/**
 * Stack status is read on every this many polls even when no event says the stack is done: a safety net
 * that costs few requests (events alone keep a wait under 40 requests a minute at the default 2 s).
 */
const STATUS_EVERY = 10
const MAX_BACKOFF_MS = 30_000

export interface WaitResult {
  stack: Stack
  events: EventStream['events']
  rootCause?: string
}

/**
 * Polls the stack's events (about every ctx.pollMs) until the stack leaves *_IN_PROGRESS, logging each
 * event as it comes. The stack's own terminal event ends the wait at once; one DescribeStacks then reads
 * the result. Throttling doubles the interval, success brings it back.
 */
export async function waitForStack(ctx: Context, stackId: string, stream: EventStream): Promise<WaitResult> {
  let interval = ctx.pollMs
  let polls = 0
  for (;;) {
    let sawEnd = false
    try {
      const fresh = await stream.poll()
      sawEnd = fresh.some((e) => e.PhysicalResourceId === stackId && e.ResourceType === 'AWS::CloudFormation::Stack' && isTerminalStatus(e.ResourceStatus))
      polls++
      if (sawEnd || polls % STATUS_EVERY === 1) {
        const stack = await describeStack(ctx.clients.cloudformation, stackId)
        if (!stack) throw new DeployError(`Stack ${stackId} disappeared while waiting for it`)
        if (!isInProgress(stack.StackStatus)) {
          // The stack's own terminal event comes after all of its resources' events; only a nested stack found
          // in that same poll, or an end seen through the status read, can have events still unread.
          if (!sawEnd || stream.hasUnpolledStacks()) await stream.poll()
          return { stack, events: stream.events, rootCause: rootCause(stream.events, stack.StackStatusReason) }
        }
      }
      interval = Math.max(ctx.pollMs, Math.floor(interval / 2))
    } catch (err) {
      if (!isThrottling(err)) throw err
      interval = Math.min(MAX_BACKOFF_MS, interval * 2)
      ctx.log.info(`(throttled by AWS; polling every ${formatDuration(interval)})`)
    }
    if (ctx.clock.now() + interval > ctx.deadline) {
      const stack = await describeStack(ctx.clients.cloudformation, stackId).catch(() => undefined)
      throw new TimeoutError(
        `Timed out (timeout-minutes) waiting for stack ${stack?.StackName ?? stackId}; it is ${stack?.StackStatus ?? 'in an unknown state'}`,
        rootCause(stream.events, stack?.StackStatusReason),
        'The operation goes on in CloudFormation. Re-run the action to wait for it and continue, raise timeout-minutes, or follow it in the CloudFormation console.'
      )
    }
    await ctx.clock.sleep(interval)
  }
}

/** Waits for an operation and fails with the root cause unless it ended in the expected status. */
export async function waitForOperation(
  ctx: Context,
  stackId: string,
  operation: Operation,
  stream: EventStream,
  what: string
): Promise<Stack> {
  const result = await waitForStack(ctx, stackId, stream)
  const status = result.stack.StackStatus
  if (!isSuccess(operation, status)) {
    throw new DeployError(
      `${what} failed: stack ${result.stack.StackName} is ${status}`,
      result.rootCause,
      nextStepFor(status)
    )
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
