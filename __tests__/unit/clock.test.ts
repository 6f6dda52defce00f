import { fakeClock } from '../../src/clock.js'

/** The tests' clock is virtual time: it must order concurrent sleepers as a real clock does. */
describe('the test clock (virtual time)', () => {
  it("one task's sleep does not move time for another task's work", async () => {
    const clock = fakeClock(0)
    const sleeping = clock.sleep(500)
    // work of another task (promise jobs, as an answered request) happens at the same instant
    for (let i = 0; i < 10; i++) await Promise.resolve()
    expect(clock.now()).toBe(0)
    await sleeping
    expect(clock.now()).toBe(500)
  })

  it('wakes concurrent sleepers in order of their wake time, each at its own wake time', async () => {
    const clock = fakeClock(0)
    const seen: string[] = []
    const loop = async (name: string, everyMs: number, until: number) => {
      while (clock.now() + everyMs <= until) {
        await clock.sleep(everyMs)
        seen.push(`${name}@${clock.now()}`)
      }
    }
    await Promise.all([loop('sampler', 500, 1500), loop('poller', 250, 1000)])
    expect(seen).toEqual(['poller@250', 'sampler@500', 'poller@500', 'poller@750', 'sampler@1000', 'poller@1000', 'sampler@1500'])
    expect(clock.slept).toEqual([500, 250, 250, 500, 250, 250, 500])
  })

  it('sleepers with the same wake time wake in the order they fell asleep; a sleep of 0 still lets the others run', async () => {
    const clock = fakeClock(0)
    const order: string[] = []
    await Promise.all([clock.sleep(100).then(() => order.push('a')), clock.sleep(0).then(() => order.push('zero')), clock.sleep(100).then(() => order.push('b'))])
    expect(order).toEqual(['zero', 'a', 'b'])
    expect(clock.now()).toBe(100)
  })

  it('advance moves time at once, as between two steps of a test', () => {
    const clock = fakeClock(0)
    clock.advance(86_400_000)
    expect(clock.now()).toBe(86_400_000)
    expect(clock.slept).toEqual([])
  })
})
