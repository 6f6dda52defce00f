import { formatDuration } from '../clock.js'
import { step } from '../context.js'
import { DeployError, errorMessage } from '../errors.js'
import { smokeFailures } from '../smoke.js'
import type { Environment } from './environments.js'
import { readGate, type AlarmSeen } from './gate.js'
import { isGradual, type TrafficStep } from './inputs.js'
import { routerOf, type Phase } from './phase.js'
import type { TrafficStepResult } from './summary.js'
import { switchTo } from './switch.js'
import { smokeThroughout } from './verify.js'

/** The longest pause between two looks at the alarms during a hold (poll-seconds when shorter). */
export const HOLD_POLL_MAX_MS = 5000

/** How often a hold reads the alarms and runs the smoke checks: poll-seconds, at most every 5 s. */
export function holdPollMs(p: Phase): number {
  return Math.max(50, Math.min(HOLD_POLL_MAX_MS, p.ctx.pollMs))
}

/** The steps before the final 100% (empty for a one-step promotion). */
export function partialSteps(p: Phase): TrafficStep[] {
  return p.inputs.extraEnv.trafficSteps.filter((s) => s.percent < 100)
}

/** Whether this promotion moves traffic in steps. */
export function movesInSteps(p: Phase): boolean {
  return isGradual(p.inputs.extraEnv.trafficSteps)
}

/**
 * The step a re-run resumes at when green has `share`% of traffic: the first step that sends at least as
 * much (that step's hold starts again from its beginning), so a re-run never skips a hold and never jumps to
 * 100%. steps.length means every partial step sends less: the next step is the final 100%.
 */
export function resumeIndex(steps: readonly TrafficStep[], share: number): number {
  const i = steps.findIndex((s) => s.percent >= share)
  return i === -1 ? steps.length : i
}

/**
 * Whether green's share, read from the router, is a stepped promotion under way: above 0 and below 100, or 0
 * when traffic-steps starts with a 0% step (only CloudFront with staging-header takes one: its header-only
 * policy sends green no share by weight, yet the staging distribution routes to green).
 */
export function isMidShift(steps: readonly TrafficStep[], share: number): boolean {
  return share < 100 && (share > 0 || steps[0]?.percent === 0)
}

/** Partial steps need a router that writes weights; refused before any change otherwise. */
export function requireWeights(p: Phase, green: Environment): void {
  const router = routerOf(p)
  if (router.setWeights) return
  throw new DeployError(
    `router ${router.kind} cannot send part of the traffic to ${green.stackName}`,
    'traffic-steps has steps below 100%, and this router writes no weights.',
    'Nothing was moved. Set traffic-steps: 100% (one switch after the alarms and smoke checks pass), then re-run.'
  )
}

/**
 * A door that cannot take partial steps now (CloudFront with HTTP/3) is refused before green is deployed or
 * any traffic moves, rather than at the first step with green deployed in vain.
 */
export async function requireShiftable(p: Phase, green: string): Promise<void> {
  const router = routerOf(p)
  const why = await router.whyNoSteps?.()
  if (!why) return
  throw new DeployError(
    `${router.where} cannot send part of its traffic to ${green}: ${why}`,
    'traffic-steps has steps below 100%.',
    'Nothing was deployed or moved. Set traffic-steps: 100% to switch in one write, or change what stops the steps (see the reason), then re-run.'
  )
}

/** The blue side of a shift: the stack and the target its share goes to. */
export interface BlueSide {
  stackName?: string
  target: unknown
}

/**
 * Moves traffic to green in the partial steps of traffic-steps, from step `from` on: each step is one
 * setWeights write, then a hold during which every poll reads the alarms and runs the smoke checks. An alarm
 * in ALARM, a failed check or the end of timeout-minutes puts all traffic back on blue in one write, keeps
 * green and fails the run. The final 100% is the caller's switch (then verify-seconds bakes it).
 */
export async function shiftInSteps(p: Phase, green: Environment, blue: BlueSide, from: number, opts: { resumed?: boolean } = {}): Promise<void> {
  const router = routerOf(p)
  const { where } = router
  requireWeights(p, green)
  const steps = partialSteps(p)
  for (let i = from; i < steps.length; i++) {
    const s = steps[i]
    const startedAt = p.ctx.clock.now()
    let alarms: AlarmSeen[] = []
    const share = router.describeShare?.(s.percent)
    const failure = await step(p.ctx, `Send ${share ?? `${s.percent}% of ${where}`} to ${green.stackName} and hold ${formatDuration(s.holdMs!)}`, async () => {
      await p.lock?.assertHeld(`moving ${where}`)
      const blueName = blue.stackName ?? router.describe(blue.target)
      p.ctx.log.info(share ? `${where}: ${share} → ${green.stackName}, every other request → ${blueName}` : `${where}: ${s.percent}% → ${green.stackName}, ${100 - s.percent}% → ${blueName}`)
      await router.setWeights!(blue.target, green.target, s.percent, { blue: blue.stackName, green: green.stackName })
      await p.github.status('in_progress', undefined, `${share ?? `${s.percent}% of traffic`} on ${green.stackName}`)
      return hold(p, green, s.holdMs!, (seen) => (alarms = seen))
    }).catch((err: unknown) => {
      // the lock is gone (or going): another run may own the door now, so this one writes nothing more
      if (err instanceof DeployError && /lost its lock|ran out of time on its lock/.test(err.message)) throw err
      return `setting ${s.percent}% failed: ${errorMessage(err)}`
    })
    const result: TrafficStepResult = { step: 'traffic', green: green.stackName, percent: s.percent, startedAt, endedAt: p.ctx.clock.now(), outcome: failure ? 'switched back' : 'held', alarms }
    if (opts.resumed && i === from) result.resumed = true
    recordTrafficStep(p, result)
    if (failure) await allBackToBlue(p, green, blue, s.percent, failure)
  }
}

/**
 * Holds the current weights for `holdMs`: every poll reads the alarms (first: the signal this gate exists
 * for) and runs the smoke checks. Returns why traffic must go back, or undefined once the hold passed.
 */
async function hold(p: Phase, green: Environment, holdMs: number, seen: (alarms: AlarmSeen[]) => void): Promise<string | undefined> {
  const { clock } = p.ctx
  const started = clock.now()
  const poll = holdPollMs(p)
  for (let rounds = 1; ; rounds++) {
    const gate = await readGate(p)
    seen(gate.alarms)
    if (gate.failure) return gate.failure
    const failures = smokeFailures(await smokeThroughout(p, green))
    if (failures) return failures
    const elapsed = clock.now() - started
    if (elapsed >= holdMs) {
      p.ctx.log.info(`Held for ${formatDuration(elapsed)} in ${rounds} round(s): alarms ${gate.alarms.map((a) => `${a.name} ${a.state}`).join(', ') || '(none given)'}, smoke checks passed.`)
      return undefined
    }
    const pause = Math.min(poll, holdMs - elapsed)
    if (clock.now() + pause > p.ctx.deadline) return `timeout-minutes ran out after ${formatDuration(elapsed)} of the ${formatDuration(holdMs)} hold`
    await clock.sleep(pause)
  }
}

/** All traffic back on blue in one write (read back), green kept; then the run fails with the reason. */
async function allBackToBlue(p: Phase, green: Environment, blue: BlueSide, percent: number, reason: string): Promise<never> {
  const router = routerOf(p)
  const { where } = router
  const blueName = blue.stackName ?? `${router.targetNoun} ${router.ownerKey(blue.target)}`
  const switchedBack = (outcome: 'failed' | 'switched back') => p.summary.record({ step: 'switch back', green: green.stackName, blue: blue.stackName, outcome })
  try {
    const now = await router.read(blue.target)
    await switchTo(p, now, blue.target, `Put all of ${where} back on ${blueName}`)
  } catch (err) {
    switchedBack('failed')
    throw new DeployError(
      `${green.stackName} failed at ${percent}% of the traffic, and putting ${where} back on ${blueName} failed`,
      `${reason}; switch back: ${errorMessage(err)}`,
      `${where} may still send part of the traffic to ${green.stackName}. Nothing was deleted: run phase rollback with previous-stack ${blue.stackName ?? '(the previous stack)'} or set it back in the console.`
    )
  }
  switchedBack('switched back')
  await p.github.status('failure', undefined, `Back on ${blueName}: ${green.stackName} failed at ${percent}%`)
  throw new DeployError(
    `${green.stackName} failed at ${percent}% of the traffic; all of ${where} is back on ${blueName}`,
    reason,
    `${blueName} serves all traffic again and was not deleted; ${green.stackName} is kept for investigation (destroy it with phase destroy).`
  )
}

/** Keeps a step for the summary and writes every step so far to the traffic-steps-result output (an interrupted run leaves it too). */
export function recordTrafficStep(p: Phase, result: TrafficStepResult): void {
  p.summary.record(result)
  const all = p.summary.results.filter((r): r is TrafficStepResult => r.step === 'traffic')
  p.ctx.setOutput(
    'traffic-steps-result',
    JSON.stringify(
      all.map((r) => ({
        percent: r.percent,
        startedAt: new Date(r.startedAt).toISOString(),
        endedAt: new Date(r.endedAt).toISOString(),
        outcome: r.outcome,
        ...(r.resumed ? { resumed: true } : {}),
        alarms: r.alarms
      }))
    )
  )
}
