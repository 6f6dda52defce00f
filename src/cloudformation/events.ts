import { DescribeStackEventsCommand, type StackEvent } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { untrusted } from '../untrusted.js'
import { Progress } from './progress.js'

export type { StackEvent }

const NESTED_STACK = 'AWS::CloudFormation::Stack'

export function formatEvent(e: StackEvent, prefix = ''): string {
  const time = e.Timestamp ? new Date(e.Timestamp).toISOString().slice(11, 19) : '--:--:--'
  // Logical ids, types and reasons are the template's (a custom resource writes its own reason).
  const reason = e.ResourceStatusReason ? `  ${untrusted(e.ResourceStatusReason)}` : ''
  return `${time}  ${untrusted(prefix)}${untrusted(e.LogicalResourceId ?? '?', 300)}  ${untrusted(e.ResourceType ?? '', 300)}  ${untrusted(e.ResourceStatus ?? '', 100)}${reason}`
}

interface WatchedStack {
  stackId: string
  prefix: string
  /** Event id already seen last; older events are not of this operation. */
  seen: Set<string>
  /** Events before this time belong to earlier operations (nested stacks, whose baseline is unknown). */
  since?: Date
  stopAt?: string
  done: boolean
  /** Whether its events were read at least once. */
  polled?: boolean
}

/**
 * Streams the events of one stack operation, nested stacks included, oldest first.
 * Only events after the baseline (the newest event before the operation began) are this operation's.
 */
export class EventStream {
  readonly events: (StackEvent & { prefix: string })[] = []
  /** When each DescribeStackEvents of this stream was sent (the wait paces its polls by them). */
  readonly requestTimes: number[] = []
  private readonly stacks: WatchedStack[] = []
  private progress?: Progress

  constructor(
    private readonly ctx: Context,
    stackId: string,
    baselineEventId?: string,
    private readonly onEvent?: (e: StackEvent) => void | Promise<void>
  ) {
    this.stacks.push({ stackId, prefix: '', seen: new Set(), stopAt: baselineEventId, done: false })
  }

  /** The newest event id of a stack now, taken before an operation starts. */
  static async baseline(ctx: Context, stackId: string): Promise<string | undefined> {
    const out = await ctx.clients.cloudformation.send(new DescribeStackEventsCommand({ StackName: stackId }))
    return out.StackEvents?.[0]?.EventId
  }

  /**
   * The logical ids of the stack's resources this operation works on (the change set's, or every resource
   * for a delete): the wait then estimates the operation's end from how many have finished.
   */
  expectResources(logicalIds: Iterable<string>): void {
    const progress = new Progress(this.stacks[0].stackId, logicalIds)
    this.progress = progress.resources ? progress : undefined
  }

  /** When the operation should end (local epoch ms), once its events tell; see Progress. */
  estimatedEnd(): number | undefined {
    return this.progress?.estimatedEnd()
  }

  /** A nested stack was found in the last poll and its events are not read yet. */
  hasUnpolledStacks(): boolean {
    return this.stacks.some((s) => !s.polled && !s.done)
  }

  /** Fetches, logs and returns the events that appeared since the last poll. */
  async poll(): Promise<StackEvent[]> {
    const fresh: StackEvent[] = []
    for (const watched of [...this.stacks]) {
      if (watched.done) continue
      const events = await this.fetchNew(watched)
      watched.polled = true
      if (watched === this.stacks[0]) this.progress?.observe(events, this.ctx.clock.now())
      for (const e of events) {
        this.events.push({ ...e, prefix: watched.prefix })
        fresh.push(e)
        this.ctx.log.info(formatEvent(e, watched.prefix))
        await this.onEvent?.(e)
        this.followNested(e, watched)
        if (watched.prefix && e.PhysicalResourceId === watched.stackId && isTerminalStatus(e.ResourceStatus)) {
          watched.done = true
        }
      }
    }
    return fresh
  }

  private followNested(e: StackEvent, parent: WatchedStack): void {
    const id = e.PhysicalResourceId
    if (e.ResourceType !== NESTED_STACK || !id || id === parent.stackId || !id.startsWith('arn:')) return
    if (this.stacks.some((s) => s.stackId === id)) return
    this.stacks.push({
      stackId: id,
      prefix: `${parent.prefix}${e.LogicalResourceId}/`,
      seen: new Set(),
      since: e.Timestamp ? new Date(e.Timestamp) : undefined,
      done: false
    })
  }

  private async fetchNew(watched: WatchedStack): Promise<StackEvent[]> {
    const collected: StackEvent[] = []
    let nextToken: string | undefined
    // Newest first: paging stops at the first page that reaches an event already seen.
    pages: do {
      this.requestTimes.push(this.ctx.clock.now())
      const out = await this.ctx.clients.cloudformation.send(new DescribeStackEventsCommand({ StackName: watched.stackId, NextToken: nextToken }))
      for (const e of out.StackEvents ?? []) {
        const id = e.EventId ?? ''
        if (watched.seen.has(id) || id === watched.stopAt) break pages
        if (watched.since && e.Timestamp && new Date(e.Timestamp) < watched.since) break pages
        collected.push(e)
      }
      nextToken = out.NextToken
    } while (nextToken)
    collected.reverse()
    for (const e of collected) watched.seen.add(e.EventId ?? '')
    return collected
  }
}

export function isTerminalStatus(status: string | undefined): boolean {
  return !!status && (status.endsWith('_COMPLETE') || status.endsWith('_FAILED'))
}
