/** Time as the action sees it; tests drive it without waiting. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
}

/** A clock whose sleeps return at once and move time forward. */
export function fakeClock(start = 1_700_000_000_000): Clock & { slept: number[] } {
  let t = start
  const slept: number[] = []
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms)
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
