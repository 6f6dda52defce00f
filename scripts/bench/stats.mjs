// Small numeric helpers for the benchmark's summaries.

export function median(values) {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export function worst(values) {
  return values.length === 0 ? null : Math.max(...values)
}

export const round = (n, digits = 0) => (n === null || n === undefined ? n : Math.round(n * 10 ** digits) / 10 ** digits)

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs fn over items, at most limit at once. */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/**
 * Runs a create again after a moment when it fails (moto answers an HTML 500 now and then under parallel
 * creates); AlreadyExists on a retry means the failed attempt did create it.
 */
export async function retried(fn, attempts = 5) {
  for (let i = 1; ; i++) {
    try {
      return await fn()
    } catch (err) {
      if (i > 1 && err?.name === 'AlreadyExistsException') return undefined
      if (i >= attempts) throw err
      await sleep(200 * i)
    }
  }
}
