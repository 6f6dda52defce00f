import type { Clock } from './clock.js'
import type { Logger } from './log.js'
import type { SmokeInputs } from './inputs.js'
import { guardedFetch, refusedTarget, type Lookup } from './smoke-target.js'
import { excerpt, untrusted } from './untrusted.js'

export interface SmokeResult {
  url: string
  ok: boolean
  status?: number
  attempts: number
  ms: number
  error?: string
  /** The deadline (timeout-minutes, or the lock's expiry) cut an attempt short or left no time for one. */
  outOfTime?: boolean
}

export interface SmokeDeps {
  log: Logger
  clock: Clock
  fetch?: typeof fetch
  /** Resolves the URL's host for the link-local check; the system resolver by default. */
  lookup?: Lookup
  /** Pause between retries of one path. */
  retryDelayMs?: number
  /** Epoch ms (timeout-minutes, or the domain lock's expiry less its margin): no attempt runs past it. */
  deadline?: number
}

/** How much of a mismatching body is logged: enough to recognise the page, too little to leak a secret. */
export const BODY_EXCERPT_CHARS = 60

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
}

interface Attempt {
  ok: boolean
  status?: number
  error?: string
  outOfTime?: boolean
}

/** One request, cut at the smaller of smoke-timeout-seconds and the time left before the deadline. */
async function checkOnce(url: string, smoke: SmokeInputs, doFetch: typeof fetch, timeLeftMs: number): Promise<Attempt> {
  const limitMs = Math.min(smoke.timeoutSeconds * 1000, timeLeftMs)
  if (limitMs <= 0) return { ok: false, error: 'no time left within timeout-minutes', outOfTime: true }
  const cutByDeadline = limitMs < smoke.timeoutSeconds * 1000
  try {
    // redirect 'manual': a 3xx is the answer, never followed, so a redirect cannot lead past the address check.
    const res = await doFetch(url, { signal: AbortSignal.timeout(limitMs), redirect: 'manual' })
    const body = await res.text()
    if (!smoke.expectStatus.includes(res.status)) {
      return { ok: false, status: res.status, error: `status ${res.status}, expected ${smoke.expectStatus.join(' or ')}` }
    }
    if (smoke.expectBody && !smoke.expectBody.test(body)) {
      return { ok: false, status: res.status, error: `body does not match /${smoke.expectBody.source}/: ${excerpt(body, BODY_EXCERPT_CHARS)}` }
    }
    return { ok: true, status: res.status }
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } }
    if (e.name === 'TimeoutError' && cutByDeadline) return { ok: false, error: `no answer before timeout-minutes ran out (${Math.ceil(limitMs / 1000)} s were left)`, outOfTime: true }
    const reason = e.name === 'TimeoutError' ? `no answer within ${smoke.timeoutSeconds} s` : untrusted(e.cause?.code ?? e.message, 200)
    return { ok: false, error: reason }
  }
}

/** Requests each smoke path on baseUrl, retrying each up to smoke.retries times; logs every result. */
export async function runSmokeChecks(baseUrl: string, smoke: SmokeInputs, deps: SmokeDeps): Promise<SmokeResult[]> {
  // The connection itself re-checks the address (smoke-target.ts), unless link-local addresses are allowed.
  const doFetch = deps.fetch ?? (smoke.allowLinkLocal || smoke.paths.length === 0 ? fetch : await guardedFetch())
  const timeLeft = () => (deps.deadline === undefined ? Infinity : deps.deadline - deps.clock.now())
  const results: SmokeResult[] = []
  for (const path of smoke.paths) {
    const url = joinUrl(baseUrl, path)
    const shown = untrusted(url, 300) // the base URL is a stack output: the template chose it
    const started = deps.clock.now()
    let last: Attempt = { ok: false }
    let attempts = 0
    const refused = smoke.allowLinkLocal ? undefined : await refusedTarget(url, deps.lookup)
    if (refused) {
      last = { ok: false, error: `not requested: ${untrusted(refused, 300)}` }
    } else {
      while (attempts <= smoke.retries) {
        attempts++
        last = await checkOnce(url, smoke, doFetch, timeLeft())
        if (last.ok) break
        deps.log.info(`  ${shown}: attempt ${attempts} failed (${last.error})`)
        if (attempts > smoke.retries || last.outOfTime) break
        const delay = deps.retryDelayMs ?? 1000 * attempts
        if (timeLeft() < delay + smoke.timeoutSeconds * 1000) {
          last = { ...last, error: `${last.error}; no time left for another attempt within timeout-minutes`, outOfTime: true }
          break
        }
        await deps.clock.sleep(delay)
      }
    }
    const result: SmokeResult = { url, ok: last.ok, status: last.status, attempts, ms: deps.clock.now() - started, error: last.error }
    if (last.outOfTime) result.outOfTime = true
    deps.log.info(`${result.ok ? '✔' : '✘'} GET ${shown} → ${result.status ?? 'no response'}${result.ok ? '' : ` (${result.error})`} after ${attempts} attempt(s)`)
    results.push(result)
  }
  return results
}

export function smokeFailures(results: SmokeResult[]): string | undefined {
  const failed = results.filter((r) => !r.ok)
  if (failed.length === 0) return undefined
  return failed.map((r) => `${untrusted(r.url, 300)}: ${r.error}`).join('; ')
}
