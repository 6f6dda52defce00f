import type { Context } from '../../context.js'
import { errorMessage, isThrottling } from '../../errors.js'

export interface GapResult {
  /** Total time the zone was seen without the record. */
  gapMs: number
  /** The record was still missing at the end. */
  endedMissing: boolean
  samples: number
}

/**
 * Measures how long a name has no record by reading the zone in a loop during a risky window.
 * Resolution is one sample interval; a delete the action makes itself starts the gap at once.
 */
export class GapMeter {
  private missingSince?: number
  private totalMs = 0
  private stopped = false
  private loop?: Promise<void>
  private samples = 0
  private warned = false

  constructor(
    private readonly ctx: Context,
    private readonly isPresent: () => Promise<boolean>,
    private readonly sampleMs: number
  ) {}

  start(): this {
    this.loop ??= this.run()
    return this
  }

  /** The action has just deleted the record: the gap starts now, whatever the next sample says. */
  noteDeleted(): void {
    this.missingSince ??= this.ctx.clock.now()
  }

  get missing(): boolean {
    return this.missingSince !== undefined
  }

  private observe(present: boolean): void {
    const now = this.ctx.clock.now()
    this.samples++
    if (!present) this.missingSince ??= now
    else if (this.missingSince !== undefined) {
      this.totalMs += now - this.missingSince
      this.missingSince = undefined
    }
  }

  private async sample(): Promise<void> {
    try {
      this.observe(await this.isPresent())
    } catch (err) {
      if (isThrottling(err) || this.warned) return
      this.warned = true
      this.ctx.log.warning(`Reading the zone to measure the gap failed (${errorMessage(err)}); the measurement goes on.`)
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await this.sample()
      if (this.stopped) break
      await this.ctx.clock.sleep(this.sampleMs)
    }
  }

  /** Stops reading the zone until the next start(), for a long wait in which nothing is deleted; a gap seen stays open. */
  async pause(): Promise<void> {
    this.stopped = true
    await this.loop
    this.loop = undefined
    this.stopped = false
  }

  /** Ends the loop, takes one last sample and returns the total. */
  async stop(): Promise<GapResult> {
    this.stopped = true
    await this.loop
    await this.sample()
    const endedMissing = this.missingSince !== undefined
    const gapMs = this.totalMs + (endedMissing ? this.ctx.clock.now() - this.missingSince! : 0)
    return { gapMs, endedMissing, samples: this.samples }
  }
}
