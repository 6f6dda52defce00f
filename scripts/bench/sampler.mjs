// Reads something every intervalMs (directly from moto, not through the proxy) and keeps what it saw, so a
// run can be checked for moments in which the mapping or the record was missing.

/**
 * @param {() => Promise<unknown>} probe returns the value seen now; a throw is kept as the sample's error
 * @returns {{ samples: {at: number, value?: unknown, error?: string}[], stop(): Promise<{at: number, value?: unknown, error?: string}[]> }}
 */
export function startSampler(probe, intervalMs = 50) {
  const samples = []
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now()
      try {
        const value = await probe()
        samples.push({ at: started, value })
      } catch (err) {
        samples.push({ at: started, error: err?.name ?? String(err) })
      }
      const wait = intervalMs - (Date.now() - started)
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    }
  })()
  return {
    samples,
    stop: async () => {
      stopped = true
      await loop
      return samples
    }
  }
}

/**
 * Time in which `missing(sample)` held, from the first such sample to the next sample where it did not
 * (or the last sample): resolution one interval. Samples that failed to read are skipped.
 */
export function missingTime(samples, missing) {
  let total = 0
  let since
  let moments = 0
  for (const s of samples) {
    if (s.error !== undefined) continue
    if (missing(s)) {
      moments++
      since ??= s.at
    } else if (since !== undefined) {
      total += s.at - since
      since = undefined
    }
  }
  const last = samples.filter((s) => s.error === undefined).at(-1)
  if (since !== undefined && last) total += Math.max(last.at - since, 0)
  return { totalMs: total, moments }
}
