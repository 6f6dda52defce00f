/**
 * A run that outlives its domain lock stops changing things: the built action on moto with a short
 * timeout-minutes (the lock's ttl) and an app that answers its smoke checks too slowly. Before the switch it
 * stops without switching; after the switch it leaves the domain on green, a complete stack, and deletes
 * nothing. Also: the user's `tags` go on the lock stack.
 */
import { existsSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { DIST } from '../support/action-runner.js'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { useMoto } from '../support/moto.js'
import { useAppServer } from '../support/extra-env.js'
import { blueLive, domainState, errorLine, LOCK, promoteRun, stackStatus } from '../support/extra-env-runs.js'

const env = useMoto()
const server = useAppServer()
beforeAll(() => {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run package` first')
})

/** Waits `ms`, or until the client gives up on the request (the action's cut attempt): no timer outlives the test. */
const sleep = (ms: number, req: IncomingMessage) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    req.socket.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
  })
/** An answer that comes after `ms`: longer than the time the run has left, shorter than smoke-timeout-seconds. */
const slow = (ms: number) => async (req: IncomingMessage) => {
  await sleep(ms, req)
  return { status: 200, body: 'ok' }
}

beforeEach(async () => {
  await env.moto.reset()
  for (const e of ['blue', 'green']) server.behave(e, () => ({ status: 200, body: 'ok' }))
  await blueLive(env.clients, server, ['green'])
})

describe('a run that outlives its domain lock', () => {
  it('stops before the switch when its smoke check is still running at the lock’s expiry less the margin: no switch, nothing deleted', async () => {
    server.behave('green', slow(25_000))
    const started = Date.now()
    const run = await promoteRun(server, env.url, 'green', { runId: '301' }, { inputs: { 'timeout-minutes': '0.15', 'smoke-timeout-seconds': '60', 'smoke-retries': '0' }, timeoutMs: 60_000 })
    const elapsed = Date.now() - started
    expect(run.code).toBe(1)
    expect(errorLine(run)).toMatch(/Smoke checks of app-green failed/)
    expect(run.stdout).toMatch(/no answer before timeout-minutes ran out/)
    expect(run.stdout).not.toMatch(/::group::Switch /)
    // the smoke attempt was cut at the deadline (9 s of timeout-minutes), not left to run its 25 s
    expect(elapsed).toBeLessThan(20_000)
    expect((await domainState(env.clients, ['app-blue', 'app-green'])).owner).toBe('app-blue')
    expect(await stackStatus(env.clients, 'app-blue')).toMatch(/_COMPLETE$/)
    expect(await stackStatus(env.clients, 'app-green')).toMatch(/_COMPLETE$/)
    expect(await stackStatus(env.clients, LOCK)).toBeUndefined()
  })

  it('after the switch, leaves the domain on green (complete) and neither switches back nor deletes blue when verification outlives the lock', async () => {
    let requests = 0
    server.behave('green', async (req) => {
      requests++
      if (requests > 1) await sleep(25_000, req) // the smoke check before the switch passes; verification's hangs
      return { status: 200, body: 'ok' }
    })
    const run = await promoteRun(
      server,
      env.url,
      'green',
      { runId: '302' },
      {
        inputs: { 'timeout-minutes': '0.2', 'smoke-timeout-seconds': '60', 'smoke-retries': '0', 'verify-seconds': '60' },
        timeoutMs: 60_000
      }
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::group::Switch api\.example\.com\/\(root\) to app-green/)
    expect(errorLine(run)).toMatch(/This run ran out of time on its lock on api\.example\.com\/\(root\) before finishing the verification of app-green/)
    expect(errorLine(run)).toMatch(/api\.example\.com\/\(root\) stays on app-green, a complete stack/)
    expect(run.stdout).not.toMatch(/::group::Switch api\.example\.com\/\(root\) back/)
    expect(run.stdout).not.toMatch(/::group::Delete app-blue/)
    const state = await domainState(env.clients, ['app-blue', 'app-green'])
    expect(state.owner).toBe('app-green')
    expect(state.ownerStatus).toMatch(/^(CREATE|UPDATE)_COMPLETE$/)
    expect(await stackStatus(env.clients, 'app-blue')).toMatch(/_COMPLETE$/)
    expect(await stackStatus(env.clients, LOCK)).toBeUndefined()
  })
})

describe('the lock stack', () => {
  it('carries the user’s tags (an organisation’s required tags), beside the holder’s', async () => {
    let tags: Record<string, string> | undefined
    server.behave('green', async () => {
      const lock = await describeStack(env.clients.cloudformation, LOCK)
      tags = Object.fromEntries((lock?.Tags ?? []).map((t) => [t.Key!, t.Value!]))
      return { status: 200, body: 'ok' }
    })
    const run = await promoteRun(server, env.url, 'green', { runId: '303' }, { inputs: { tags: 'cost-center=42\nowner=team-a', 'verify-seconds': '0' } })
    expect(run.code).toBe(0)
    expect(tags).toMatchObject({ 'cost-center': '42', owner: 'team-a', 'bluegreen:lock-run-id': '303', 'bluegreen:lock-to': 'app-green' })
  })
})
