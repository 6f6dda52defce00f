/** Time as the action sees it; tests drive it without waiting. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * A virtual-time clock for tests: time moves only when every task is asleep (no work left to run now), and
 * then straight to the earliest wake-up. Concurrent loops thus see time as on a real clock: one loop's sleep
 * never makes another loop's work take time, and sleepers wake in order of their wake time (equal times in
 * the order they fell asleep). Work that waits on real I/O (a local server) is treated as taking time: the
 * other sleepers go on waking meanwhile.
 */
export function fakeClock(start = 1_700_000_000_000): Clock & { slept: number[]; advance(ms: number): void } {
  let t = start
  const slept: number[] = []
  /** Sorted by wake time, then by when they fell asleep. */
  const sleepers: { at: number; wake: () => void }[] = []
  let ticking = false
  // A setImmediate callback runs only once the promise jobs queued before it have all run, that is once
  // every task that was running has reached its next await of a sleep (or of real I/O).
  const tick = () => {
    if (ticking || sleepers.length === 0) return
    ticking = true
    setImmediate(() => {
      ticking = false
      const next = sleepers.shift()!
      t = Math.max(t, next.at)
      next.wake()
      tick()
    })
  }
  return {
    slept,
    now: () => t,
    sleep: (ms) => {
      slept.push(ms)
      const at = t + Math.max(0, ms)
      const entry = { at, wake: () => {} }
      const done = new Promise<void>((resolve) => (entry.wake = resolve))
      const index = sleepers.findIndex((s) => s.at > at)
      sleepers.splice(index < 0 ? sleepers.length : index, 0, entry)
      tick()
      return done
    },
    /** Moves time forward at once, as if that long passed between two steps of a test. */
    advance: (ms) => {
      t += ms
    }
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  if (s < 120) return `${s.toFixed(1)} s`
  const whole = Math.round(s) // rounded first, so 1499.5 s is "25 min 0 s", not "24 min 60 s"
  return `${Math.floor(whole / 60)} min ${whole % 60} s`
}
