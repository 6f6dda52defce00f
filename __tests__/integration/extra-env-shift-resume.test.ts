/**
 * A stepped promotion interrupted mid-shift, then re-run as GitHub's "Re-run job" does (same run id, next
 * attempt), through extra-env's runbook on moto: the environment stacks, the lock stack and its takeover are
 * real; the front door is an in-memory weighted door standing in for a router with weights (createRouter is
 * replaced), since no router on main writes weights yet. The earlier attempt's lock is left as a killed run
 * leaves it (its intent: from app-blue to app-green), and the door holds 10% on green.
 */
import { jest } from '@jest/globals'
import { createLockStack } from '../../src/cloudformation/lock-stack.js'
import { lockStackName } from '../../src/core/lock.js'
import { lockTags } from '../../src/core/lock-holder.js'
import type { Router } from '../../src/core/router.js'
import { testContext } from '../support/context.js'
import { appInputs, PUSH_RUN, useAppServer } from '../support/extra-env.js'
import { useMoto } from '../support/moto.js'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { WeightedDoor } from '../support/weighted-door.js'

// (nothing imported above loads src/core/routers/index.js, so the mock below replaces it for the runbook)
const door = new WeightedDoor()
jest.unstable_mockModule('../../src/core/routers/index.js', () => ({ createRouter: async () => door as Router }))
const { extraEnv } = await import('../../src/modes/extra-env/index.js')

const env = useMoto()
const stackStatus = async (name: string) => {
  const s = await describeStack(env.clients.cloudformation, name)
  return s && s.StackStatus !== 'DELETE_COMPLETE' ? s.StackStatus : undefined
}
const server = useAppServer()
const ROUTE53 = { router: 'route53', 'domain-name': '', 'hosted-zone-id': 'Z1', 'record-name': 'www.example.com', 'target-output': 'Endpoint' }
const holder = (attempt: number) => ({ repository: 'acme/app', runId: '77', attempt, job: 'release' })

beforeEach(() => {
  door.weights = {}
  door.history = []
  for (const e of ['blue', 'green']) server.behave(e, () => ({ status: 200, body: `{"ok":true,"env":"${e}"}` }))
})

describe('re-run of a promotion killed mid-shift', () => {
  it('resumes from the weights it finds: green is not deployed again, the step is held again, then 50%, then 100%', async () => {
    // nothing live yet: blue and green deployed, then the door as the killed attempt left it
    for (const extra of ['blue', 'green']) await extraEnv(testContext(env.clients), appInputs(server, extra, { phase: 'deploy', ...ROUTE53 }), { run: PUSH_RUN, holder: holder(0) })
    door.weights = { blue: 90, green: 10 }
    const now = Date.now()
    await createLockStack(
      testContext(env.clients),
      lockStackName(door.lockKey.scope, door.lockKey.path),
      'left by the killed attempt',
      lockTags(`${door.lockKey.scope}/${door.lockKey.path}`, holder(1), 'full', now, now + 3_600_000, { from: 'app-blue', to: 'app-green' })
    )

    const ctx = testContext(env.clients)
    const inputs = appInputs(server, 'green', { phase: 'full', ...ROUTE53, 'traffic-steps': '10%:1s, 50%:1s, 100%', 'verify-seconds': '1', 'keep-previous': 'true' })
    await extraEnv(ctx, inputs, { run: PUSH_RUN, holder: holder(2) })

    expect(door.history).toEqual([10, 50, 100])
    expect(door.weights).toEqual({ green: 100 })
    expect(ctx.log.text()).toContain('An earlier attempt of this run left 10% of www.example.com on app-green: resuming at 10% (its hold again in full).')
    expect(ctx.report.steps.map((s) => s.name)).not.toContain('Deploy app-green')
    expect(JSON.parse(ctx.outputs['traffic-steps-result'])).toEqual([
      expect.objectContaining({ percent: 10, outcome: 'held', resumed: true }),
      expect.objectContaining({ percent: 50, outcome: 'held' }),
      expect.objectContaining({ percent: 100, outcome: 'switched' })
    ])
    expect(await stackStatus('app-blue')).toBe('CREATE_COMPLETE') // keep-previous
    expect(await stackStatus(lockStackName(door.lockKey.scope, door.lockKey.path))).toBeUndefined()
  }, 120_000)
})
