import type { Clock } from './clock.js'
import type { Logger } from './log.js'
import type { SmokeInputs } from './inputs.js'

export interface SmokeResult {
  url: string
  ok: boolean
  status?: number
  attempts: number
  ms: number
  error?: string
}

export interface SmokeDeps {
  log: Logger
  clock: Clock
  fetch?: typeof fetch
  /** Pause between retries of one path. */
  retryDelayMs?: number
  /** Epoch ms (timeout-minutes): no retry starts that would end after it. */
  deadline?: number
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
}

async function checkOnce(url: string, smoke: SmokeInputs, doFetch: typeof fetch): Promise<{ ok: boolean; status?: number; error?: string }> {
  try {
    const res = await doFetch(url, { signal: AbortSignal.timeout(smoke.timeoutSeconds * 1000), redirect: 'manual' })
    const body = await res.text()
    if (!smoke.expectStatus.includes(res.status)) {
      return { ok: false, status: res.status, error: `status ${res.status}, expected ${smoke.expectStatus.join(' or ')}` }
    }
    if (smoke.expectBody && !smoke.expectBody.test(body)) {
      return { ok: false, status: res.status, error: `body does not match /${smoke.expectBody.source}/: ${body.slice(0, 120)}` }
    }
    return { ok: true, status: res.status }
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } }
    const reason = e.name === 'TimeoutError' ? `no answer within ${smoke.timeoutSeconds} s` : (e.cause?.code ?? e.message)
    return { ok: false, error: reason }
  }
}

/** Requests each smoke path on baseUrl, retrying each up to smoke.retries times; logs every result. */
export async function runSmokeChecks(baseUrl: string, smoke: SmokeInputs, deps: SmokeDeps): Promise<SmokeResult[]> {
  const doFetch = deps.fetch ?? fetch
  const results: SmokeResult[] = []
  for (const path of smoke.paths) {
    const url = joinUrl(baseUrl, path)
    const started = deps.clock.now()
    let last: { ok: boolean; status?: number; error?: string } = { ok: false }
    let attempts = 0
    while (attempts <= smoke.retries) {
      attempts++
      last = await checkOnce(url, smoke, doFetch)
      if (last.ok) break
      deps.log.info(`  ${url}: attempt ${attempts} failed (${last.error})`)
      if (attempts > smoke.retries) break
      const delay = deps.retryDelayMs ?? 1000 * attempts
      if (deps.deadline !== undefined && deps.clock.now() + delay + smoke.timeoutSeconds * 1000 > deps.deadline) {
        last = { ...last, error: `${last.error}; no time left for another attempt within timeout-minutes` }
        break
      }
      await deps.clock.sleep(delay)
    }
    const result: SmokeResult = { url, ok: last.ok, status: last.status, attempts, ms: deps.clock.now() - started, error: last.error }
    deps.log.info(`${result.ok ? '✔' : '✘'} GET ${url} → ${result.status ?? 'no response'}${result.ok ? '' : ` (${result.error})`} after ${attempts} attempt(s)`)
    results.push(result)
  }
  return results
}

export function smokeFailures(results: SmokeResult[]): string | undefined {
  const failed = results.filter((r) => !r.ok)
  if (failed.length === 0) return undefined
  return failed.map((r) => `${r.url}: ${r.error}`).join('; ')
}
