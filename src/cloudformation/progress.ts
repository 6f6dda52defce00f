import type { StackEvent } from '@aws-sdk/client-cloudformation'

/**
 * When a stack operation will end, estimated from its own events: how many of the resources it works on
 * (the change set's, or the stack's for a delete) have finished, and at what pace, from the events' own
 * timestamps. The stack's terminal event follows its last resource by about one more step, so the estimate
 * is the last finish plus one step per resource left, plus one. The wait polls sparsely while the end is
 * far and once just after it, instead of polling at a fixed rate and finding the end up to an interval late.
 *
 * Times are the events' (CloudFormation's clock); they become local times through the smallest age an
 * event was seen at (its read's answer minus its timestamp), which errs late, never early.
 */
export class Progress {
  private readonly expected: Set<string>
  private readonly finished = new Set<string>()
  private startedAt?: number
  private lastFinishAt?: number
  /** Local time minus event time, the smallest seen. */
  private offsetMs?: number

  constructor(
    private readonly stackId: string,
    logicalIds: Iterable<string>
  ) {
    this.expected = new Set(logicalIds)
  }

  get resources(): number {
    return this.expected.size
  }

  /** Events of the stack itself (not of its nested stacks), oldest first, as one read answered at `answeredAt`. */
  observe(events: StackEvent[], answeredAt: number): void {
    for (const e of events) {
      const at = e.Timestamp ? new Date(e.Timestamp).getTime() : undefined
      if (at === undefined || Number.isNaN(at)) continue
      this.offsetMs = Math.min(this.offsetMs ?? Infinity, answeredAt - at)
      const status = e.ResourceStatus ?? ''
      if (e.PhysicalResourceId === this.stackId && e.ResourceType === 'AWS::CloudFormation::Stack') {
        if (status.endsWith('_IN_PROGRESS')) this.startedAt ??= at
        continue
      }
      const id = e.LogicalResourceId ?? ''
      if (!this.expected.has(id) || this.finished.has(id) || !(status.endsWith('_COMPLETE') || status.endsWith('_FAILED'))) continue
      this.finished.add(id)
      this.lastFinishAt = Math.max(this.lastFinishAt ?? at, at)
    }
  }

  /** The local time the operation should end at, or undefined while nothing tells. */
  estimatedEnd(): number | undefined {
    const done = this.finished.size
    if (!done || this.startedAt === undefined || this.lastFinishAt === undefined || this.offsetMs === undefined) return undefined
    const step = Math.max(0, this.lastFinishAt - this.startedAt) / done
    const left = Math.max(0, this.expected.size - done)
    return this.lastFinishAt + (left + 1) * step + this.offsetMs
  }
}
