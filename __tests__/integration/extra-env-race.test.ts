/**
 * Two promotions of the same domain started together, as two workflow runs would: the built action as two
 * child processes (different GITHUB_RUN_ID), one promoting app-green and one app-other over a live app-blue,
 * through the fault proxy with seeded latency so each round interleaves differently.
 */
import { existsSync } from 'node:fs'
import { DIST } from '../support/action-runner.js'
import { useFaultProxy } from '../support/fault-proxy.js'
import { useMoto } from '../support/moto.js'
import { useAppServer } from '../support/extra-env.js'
import { blueLive, domainState, errorLine, LOCK, promoteRun, stackStatus } from '../support/extra-env-runs.js'

const env = useMoto()
const fp = useFaultProxy(() => env.url)
const server = useAppServer()
beforeAll(() => {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run package` first')
})

const ROUNDS = 5

describe('two promotions of the same domain started together', () => {
  it(`exactly one wins, the other fails clearly, the domain is on a live stack and blue is deleted only after the winner's switch (${ROUNDS} rounds)`, async () => {
    const winners: string[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      await env.moto.reset()
      await blueLive(env.clients, server, ['green', 'other'])
      fp.proxy.reset()
      // seeded latency on every call widens the windows between read, check and switch differently each round
      fp.proxy.configure({ seed: round, rules: { '*': { latencyMs: 2, jitterMs: 25 } } })

      const ids = { green: `${round}01`, other: `${round}02` }
      const order = round % 2 ? (['green', 'other'] as const) : (['other', 'green'] as const)
      const runs = await Promise.all(order.map((extra) => promoteRun(server, fp.proxy.url, extra, { runId: ids[extra] }).then((r) => ({ extra, ...r }))))
      const context = `round ${round}: ${runs.map((r) => `${r.extra} exit ${r.code} ${errorLine(r)}`).join(' | ')}`

      const won = runs.filter((r) => r.code === 0)
      const lost = runs.filter((r) => r.code !== 0)
      expect({ context, won: won.length, lost: lost.length }).toEqual({ context, won: 1, lost: 1 })
      const [winner] = won
      const [loser] = lost
      const winnerStack = `app-${winner.extra}`
      const loserStack = `app-${loser.extra}`
      winners.push(winner.extra)

      // the loser failed clearly, naming the run that holds the domain, and changed nothing
      expect(errorLine(loser)).toMatch(
        new RegExp(`api\\.example\\.com/\\(root\\) (is locked by another run: acme/app run ${ids[winner.extra]} attempt 1 \\(job promote\\), phase promote|moved while this run was taking the lock)`)
      )
      expect(loser.stdout).not.toMatch(/::group::Switch /)
      expect(loser.stdout).not.toMatch(/Deleting stack/)
      expect(loser.outputs['active-stack']).toBeUndefined()

      // the domain is on the winner's stack, which is live; the loser's environment is kept; no lock is left
      const state = await domainState(env.clients, ['app-blue', 'app-green', 'app-other'])
      expect({ context, owner: state.owner }).toEqual({ context, owner: winnerStack })
      expect(state.ownerStatus).toMatch(/^(CREATE|UPDATE)_COMPLETE$/)
      expect(winner.outputs['active-stack']).toBe(winnerStack)
      expect(winner.outputs['previous-stack']).toBe('app-blue')
      expect(await stackStatus(env.clients, loserStack)).toMatch(/_COMPLETE$/)
      expect(await stackStatus(env.clients, 'app-blue')).toBeUndefined()
      expect(await stackStatus(env.clients, LOCK)).toBeUndefined()

      // one switch in all, and blue deleted once, after that switch
      const ok = (r: { forwarded: boolean; status: number }) => r.forwarded && r.status < 300
      const switches = fp.proxy.requests({ service: 'apigateway', operation: 'UpdateBasePathMapping' }).filter(ok)
      const created = fp.proxy.requests({ service: 'apigateway', operation: 'CreateBasePathMapping' }).filter(ok)
      const blueDeletes = fp.proxy.requests({ service: 'cloudformation', operation: 'DeleteStack' }).filter((r) => ok(r) && /\/app-blue\//.test(r.params?.StackName ?? ''))
      expect(switches).toHaveLength(1)
      expect(created).toHaveLength(0)
      expect(blueDeletes).toHaveLength(1)
      expect(blueDeletes[0].seq).toBeGreaterThan(switches[0].seq)
      expect(winner.stdout.indexOf(`::group::Switch api.example.com/(root) to ${winnerStack}`)).toBeLessThan(winner.stdout.indexOf('::group::Delete app-blue'))
    }
    // which one wins depends on the interleaving; both orders start first in turn
    expect(winners).toHaveLength(ROUNDS)
  }, 120_000)
})
