import { formatDuration } from '../clock.js'
import { runSmokeChecks, smokeFailures, type SmokeResult } from '../smoke.js'
import type { Environment } from './environments.js'
import { routerOf, smoke, type Phase } from './phase.js'

export const VERIFY_INTERVAL_MS = 5000

export interface Verification {
  ok: boolean
  reason?: string
  rounds: number
  results: SmokeResult[]
  /** A smoke attempt was cut by the deadline: the run has no time left for a change (not even a switch back). */
  outOfTime?: boolean
}

/**
 * Watches the switched domain for verify-seconds: every round re-reads the mapping (it must still point at
 * green) and runs the smoke checks on green's endpoint and, when given, on verify-url (through the domain).
 */
export async function verifyAfterSwitch(p: Phase, green: Environment): Promise<Verification> {
  const router = routerOf(p)
  const target = green.target
  const seconds = p.inputs.extraEnv.verifySeconds
  const started = p.ctx.clock.now()
  // At least three rounds over a short window, one every 5 s over a long one.
  const interval = Math.min(VERIFY_INTERVAL_MS, Math.max(250, Math.ceil((seconds * 1000) / 3)))
  let rounds = 0
  let results: SmokeResult[] = []
  for (;;) {
    rounds++
    const now = await router.read(target)
    if (now === undefined || router.ownerKey(now) !== router.ownerKey(target)) {
      return { ok: false, rounds, results, reason: `${router.where} no longer ${router.verb} ${router.ownerKey(target)} (now ${now === undefined ? 'nothing' : router.ownerKey(now)})` }
    }
    results = await smoke(p, green.endpoint)
    if (p.inputs.extraEnv.verifyUrl) results = [...results, ...(await checkVerifyUrl(p, p.inputs.extraEnv.verifyUrl))]
    const failures = smokeFailures(results)
    if (failures) return { ok: false, rounds, results, reason: failures, outOfTime: results.some((r) => r.outOfTime) }
    const elapsed = p.ctx.clock.now() - started
    if (elapsed >= seconds * 1000) {
      p.ctx.log.info(`Verified in ${rounds} round(s) over ${formatDuration(elapsed)}.`)
      return { ok: true, rounds, results }
    }
    const pause = Math.min(interval, seconds * 1000 - elapsed)
    if (p.ctx.clock.now() + pause > p.ctx.deadline) {
      return { ok: false, rounds, results, reason: `timeout-minutes ran out after ${formatDuration(elapsed)} of the ${seconds} s verification` }
    }
    await p.ctx.clock.sleep(pause)
  }
}

/** verify-url is one whole URL, requested as given with the smoke-expect-* rules. */
function checkVerifyUrl(p: Phase, verifyUrl: string): Promise<SmokeResult[]> {
  const url = new URL(verifyUrl)
  return runSmokeChecks(url.origin, { ...p.inputs.smoke, paths: [`${url.pathname}${url.search}`] }, { log: p.ctx.log, clock: p.ctx.clock, fetch: p.fetch, deadline: p.ctx.deadline })
}
