/**
 * Issue #15's interruption test at each step, router alb (a weighted forward of the listener), through the
 * built action on moto: a release with traffic-steps 10%:1s, 50%:1s, 100% killed (SIGKILL) right after each
 * write, inside each hold, inside verify-seconds, inside the deregistration-delay wait before blue's delete and
 * while CloudFormation deletes blue, then re-run as the same workflow run. The ALB is made once; each case
 * releases over the environment the case before left live (__tests__/support/step-kills.ts). The listener's
 * writes are the router's "Forwarding ..." lines (one per ModifyListener, read back from moto by the action).
 */
import { existsSync } from 'node:fs'
import { DIST } from '../support/action-runner.js'
import { defaultActions } from '../support/alb-platform.js'
import { ModifyTargetGroupAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { shortDeregistrationDelay } from '../support/router-doors.js'
import { expectAlarmGoesBack, expectResumed, KILL_POINTS, releaseAndKill, startWorld, stopWorld, type DoorProbe, type StepWorld } from '../support/step-kills.js'

let world: StepWorld

const probe: DoorProbe = {
  async shares(w) {
    const actions = await defaultActions(w.clients, { ListenerArn: w.door.inputs('', '')['listener-arn'] } as never)
    const forward = actions.find((a) => a.Type === 'forward')!
    const groups = forward.ForwardConfig?.TargetGroups?.map((g) => ({ target: g.TargetGroupArn!, weight: g.Weight ?? 1 })) ?? [{ target: forward.TargetGroupArn!, weight: 1 }]
    const total = groups.reduce((n, g) => n + g.weight, 0)
    return groups.filter((g) => g.weight > 0).map((g) => ({ target: g.target, percent: Math.round((g.weight * 100) / total) }))
  },
  writes: (_w, run) => run.stdout.split('\n').filter((l) => /^Forwarding listener /.test(l)).length,
  drainLine: /^Waiting \d+ s before blue goes: the deregistration delay of target group /,
  // the delay counts from the final switch: one longer than verify-seconds is still running when blue is due to go
  async beforeDrain(w) {
    const Attributes = [{ Key: 'deregistration_delay.timeout_seconds', Value: '3' }]
    await w.clients.elbv2.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: w.targets[w.live], Attributes }))
  },
  // moto drops the template's 1 s deregistration delay: set as the template asks, before green is ever a blue to drain
  afterDeploy: (w, stack) => shortDeregistrationDelay(w.clients, w.targets[stack])
}

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run package` first')
  world = await startWorld('alb')
}, 90_000)
afterAll(() => stopWorld(world))

describe('router alb, a stepped release killed at each point and re-run as the same workflow run (built action, moto)', () => {
  it.each(KILL_POINTS)(
    'killed $label: the listener always forwards to a complete stack; the re-run resumes from the weights it finds, ends on green alone, blue deleted',
    async (point) => {
      const killed = await releaseAndKill(world, probe, point)
      await expectResumed(world, probe, point, killed)
    },
    90_000
  )

  it('killed during a hold, then the alarm goes off: the re-run puts the listener back on blue in one write, keeps green and fails naming the alarm', () => expectAlarmGoesBack(world, probe), 90_000)
})
