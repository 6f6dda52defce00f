// Seeded randomness: one independent stream per key (service:operation), so calls to one operation
// get the same faults in the same order even when other operations run concurrently.

/** FNV-1a, 32 bits. */
export function hash32(text) {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** mulberry32: small, fast, good enough for fault injection; returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A source of numbers in [0, 1): `next(key)` draws from the stream of that key. */
export function seededStreams(seed) {
  const streams = new Map()
  return {
    next(key) {
      let stream = streams.get(key)
      if (!stream) {
        stream = mulberry32(hash32(`${seed}|${key}`))
        streams.set(key, stream)
      }
      return stream()
    }
  }
}
