import { formatDuration } from '../clock.js'
import { runSmokeChecks, smokeFailures, type SmokeResult } from '../smoke.js'
import type { Environment } from './environments.js'
import { readGate, type AlarmSeen } from './gate.js'
import { routerOf, smoke, type Phase } from './phase.js'

export const VERIFY_INTERVAL_MS = 5000

export interface Verification {
  ok: boolean
  reason?: string
  rounds: number
  results: SmokeResult[]
  /** The alarms as the last round read them (none when the run has no alarms). */
  alarms?: AlarmSeen[]
  /** A smoke attempt was cut by the deadline: the run has no time left for a change (not even a switch back). */
  outOfTime?: boolean
}

/**
 * Watches the switched domain for verify-seconds: every round re-reads the mapping (it must still point at
 * green), reads the alarms (one in ALARM fails verification, naming it and its reason) and runs the smoke
 * checks on green's endpoint and, when given, on verify-url (through the domain).
 */
export async function verifyAfterSwitch(p: Phase, green: Environment): Promise<Verification> {
  const router = routerOf(p)
  const target = green.target
  const seconds = p.inputs.extraEnv.verifySeconds
  const started = p.ctx.clock.now()
  // At least three rounds over a short window, one every 5 s over a long one; with alarms, one every
  // poll-seconds at most, so an alarm going off is seen within one poll.
  const rounds3 = Math.min(VERIFY_INTERVAL_MS, Math.max(250, Math.ceil((seconds * 1000) / 3)))
  const interval = p.inputs.alarms.length > 0 ? Math.min(rounds3, Math.max(250, p.ctx.pollMs)) : rounds3
  let rounds = 0
  let results: SmokeResult[] = []
  let alarms: AlarmSeen[] | undefined
  for (;;) {
    rounds++
    const now = await router.read(target)
    if (now === undefined || router.ownerKey(now) !== router.ownerKey(target)) {
      return { ok: false, rounds, results, alarms, reason: `${router.where} no longer ${router.verb} ${router.ownerKey(target)} (now ${now === undefined ? 'nothing' : router.ownerKey(now)})` }
    }
    const gate = await readGate(p)
    if (p.inputs.alarms.length > 0) alarms = gate.alarms
    if (gate.failure) return { ok: false, rounds, results, alarms, reason: gate.failure }
    results = await smokeThroughout(p, green)
    const failures = smokeFailures(results)
    if (failures) return { ok: false, rounds, results, alarms, reason: failures, outOfTime: results.some((r) => r.outOfTime) }
    const elapsed = p.ctx.clock.now() - started
    if (elapsed >= seconds * 1000) {
      p.ctx.log.info(`Verified in ${rounds} round(s) over ${formatDuration(elapsed)}.`)
      return { ok: true, rounds, results, alarms }
    }
    const pause = Math.min(interval, seconds * 1000 - elapsed)
    if (p.ctx.clock.now() + pause > p.ctx.deadline) {
      return { ok: false, rounds, results, alarms, reason: `timeout-minutes ran out after ${formatDuration(elapsed)} of the ${seconds} s verification` }
    }
    await p.ctx.clock.sleep(pause)
  }
}

/** The smoke checks of green's endpoint and, when given, of verify-url (through the front door). */
export async function smokeThroughout(p: Phase, green: Environment): Promise<SmokeResult[]> {
  const results = await smoke(p, green.endpoint)
  return p.inputs.extraEnv.verifyUrl ? [...results, ...(await checkVerifyUrl(p, p.inputs.extraEnv.verifyUrl))] : results
}

/** verify-url is one whole URL, requested as given with the smoke-expect-* rules. */
function checkVerifyUrl(p: Phase, verifyUrl: string): Promise<SmokeResult[]> {
  const url = new URL(verifyUrl)
  return runSmokeChecks(url.origin, { ...p.inputs.smoke, paths: [`${url.pathname}${url.search}`] }, { log: p.ctx.log, clock: p.ctx.clock, fetch: p.fetch, deadline: p.ctx.deadline })
}
