/**
 * The stepped, gated promotion of the core (shift.ts, gate.ts, promote.ts) with an in-memory router that has
 * weights, CloudWatch answers from aws-sdk-client-mock (DescribeAlarms, as AWS answers: MetricAlarms with
 * StateValue and StateReason) and a fake clock. The real weighted routers (route53, alb) are tested on the
 * emulator; this is the machinery they plug into.
 */
import { CloudFormationClient, DescribeStacksCommand, DeleteStackCommand } from '@aws-sdk/client-cloudformation'
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch'
import { mockClient } from 'aws-sdk-client-mock'
import { createClients } from '../../src/aws/all-clients.js'
import { fakeClock, type Clock } from '../../src/clock.js'
import { DeployError } from '../../src/errors.js'
import type { Environment } from '../../src/core/environments.js'
import { GitHubTracker } from '../../src/core/github.js'
import type { DomainLock } from '../../src/core/lock.js'
import type { Live, Phase } from '../../src/core/phase.js'
import { promote, resumePromotion } from '../../src/core/promote.js'
import type { Router } from '../../src/core/router.js'
import { isMidShift, resumeIndex } from '../../src/core/shift.js'
import { SwitchSummary } from '../../src/core/summary.js'
import { APP_TEMPLATE, extraEnvInputs, PUSH_RUN } from '../support/extra-env.js'
import { testContext } from '../support/context.js'
import { WeightedDoor } from '../support/weighted-door.js'

const cfn = mockClient(CloudFormationClient)
const cw = mockClient(CloudWatchClient)
const clients = createClients({ region: 'us-east-1', maxAttempts: 1 })
const MIN = 60_000

const stackOf = (name: string) => ({
  StackName: name,
  StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/1`,
  StackStatus: 'CREATE_COMPLETE' as const,
  CreationTime: new Date(0),
  Tags: [{ Key: 'bluegreen:stack', Value: 'app' }],
  Outputs: [{ OutputKey: 'Target', OutputValue: name.replace(/^app-/, '') }]
})
const green: Environment = { stackName: 'app-green', stackId: 'g', status: 'CREATE_COMPLETE', createdAt: 0, target: 'green', targetId: 'green', endpoint: 'https://green.test', outputs: {} }
const blueLive = (): Live => ({ stackName: 'app-blue', stack: stackOf('app-blue'), reading: 'blue' })

/** A lock that is always held; `takenOver` says an earlier attempt of this run was promoting green. */
function lock(takenOver: boolean): DomainLock {
  return {
    takenOver: takenOver ? { holder: { attempt: 1 }, expiresAt: Infinity, intent: { from: 'app-blue', to: 'app-green' } } : undefined,
    assertHeld: async () => undefined,
    mayChange: () => true,
    release: async () => undefined
  } as unknown as DomainLock
}

function phase(door: WeightedDoor, values: Record<string, string>, opts: { clock?: Clock; takenOver?: boolean } = {}): Phase & { ctx: ReturnType<typeof testContext> } {
  const ctx = testContext(clients, { clock: opts.clock ?? fakeClock(), pollMs: 2000 })
  const inputs = extraEnvInputs({
    mode: 'extra-env',
    'stack-name': 'app',
    template: APP_TEMPLATE,
    extra: 'green',
    router: 'route53',
    'hosted-zone-id': 'Z1',
    'record-name': 'www.example.com',
    'target-output': 'Target',
    'keep-previous': 'true',
    'verify-seconds': '60',
    ...values
  })
  return { ctx, inputs, router: door as Router, summary: new SwitchSummary('DNS name', 'Record switch'), run: PUSH_RUN, github: new GitHubTracker(ctx, PUSH_RUN), lock: lock(!!opts.takenOver) }
}

/** CloudWatch's answer for alarm `errors`: ALARM (with AWS's reason text) once `when()` holds. */
function alarmWhen(when: () => boolean) {
  cw.on(DescribeAlarmsCommand).callsFake(async () => {
    const firing = when()
    return {
      MetricAlarms: [
        {
          AlarmName: 'errors',
          AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors',
          StateValue: firing ? 'ALARM' : 'OK',
          StateReason: firing
            ? 'Threshold Crossed: 1 datapoint [12.0 (01/12/26 13:00:00)] was greater than the threshold (5.0).'
            : 'Threshold Crossed: no datapoints were greater than the threshold (5.0).'
        }
      ]
    }
  })
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => Promise.reject(new Error('succeeded')),
    (err: unknown) => err as DeployError
  )
const steps = '10%:5m, 50%:5m, 100%'

beforeEach(() => {
  cfn.reset()
  cw.reset()
  cfn.on(DescribeStacksCommand).callsFake(async (input: { StackName?: string }) => ({ Stacks: [stackOf(input.StackName!)] }))
})

describe('stepped promotion', () => {
  it('holds each step for its duration reading the alarms each poll, then switches and bakes for verify-seconds', async () => {
    alarmWhen(() => false)
    const door = new WeightedDoor()
    const clock = fakeClock()
    const t0 = clock.now()
    const p = phase(door, { 'traffic-steps': steps, alarms: 'errors' }, { clock })
    await promote(p, green, blueLive(), { smokeFirst: false })
    expect(door.history).toEqual([10, 50, 100])
    expect(door.weights).toEqual({ green: 100 })
    // 5 + 5 minutes of holds and the 60 s bake passed on the clock; the alarms were read at every 2 s poll
    expect(clock.now() - t0).toBeGreaterThanOrEqual(11 * MIN)
    expect(cw.commandCalls(DescribeAlarmsCommand).length).toBeGreaterThan(2 * 5 * 30)
    const result = JSON.parse(p.ctx.outputs['traffic-steps-result']) as { percent: number; startedAt: string; endedAt: string; outcome: string; alarms: unknown[] }[]
    expect(result.map((r) => [r.percent, r.outcome])).toEqual([
      [10, 'held'],
      [50, 'held'],
      [100, 'switched']
    ])
    expect(Date.parse(result[0].endedAt) - Date.parse(result[0].startedAt)).toBeGreaterThanOrEqual(5 * MIN)
    expect(Date.parse(result[2].endedAt) - Date.parse(result[2].startedAt)).toBeGreaterThanOrEqual(MIN)
    expect(result[1].alarms).toEqual([{ name: 'errors', state: 'OK' }])
    p.summary.write(p.ctx)
    const md = p.ctx.report.toMarkdown()
    expect(md).toContain('xychart-beta')
    expect(md).toMatch(/line \[10, 10, 50, 50, 100, 100\]/)
    expect(md).toMatch(/\| 2 \| 50% \| .* \| 🟢 errors OK \| ✅ held \|/)
  })

  it('an alarm entering ALARM during a hold puts all traffic back on blue in one write, keeps green and fails naming the alarm and its reason', async () => {
    const clock = fakeClock()
    const t0 = clock.now()
    alarmWhen(() => clock.now() >= t0 + 7 * MIN)
    const door = new WeightedDoor()
    const p = phase(door, { 'traffic-steps': steps, alarms: 'errors', 'keep-previous': 'false' }, { clock })
    const err = await failure(promote(p, green, blueLive(), { smokeFirst: false }))
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(/^app-green failed at 50% of the traffic; all of www\.example\.com is back on app-blue/)
    expect(err.rootCause).toBe('alarm errors is in ALARM (Threshold Crossed: 1 datapoint [12.0 (01/12/26 13:00:00)] was greater than the threshold (5.0).)')
    expect(door.history).toEqual([10, 50, 0]) // one write back, never 100
    expect(door.weights).toEqual({ blue: 100 })
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0) // green kept, blue kept
    const result = JSON.parse(p.ctx.outputs['traffic-steps-result']) as { percent: number; endedAt: string; outcome: string; alarms: unknown[] }[]
    expect(result.map((r) => [r.percent, r.outcome])).toEqual([
      [10, 'held'],
      [50, 'switched back']
    ])
    // seen at the first poll after the alarm went off (polls every 2 s)
    expect(Date.parse(result[1].endedAt) - (t0 + 7 * MIN)).toBeLessThanOrEqual(2000)
    expect(result[1].alarms).toEqual([{ name: 'errors', state: 'ALARM' }])
  })

  it('sets a GitHub deployment status at each step', async () => {
    alarmWhen(() => false)
    const door = new WeightedDoor()
    const p = phase(door, { 'traffic-steps': steps, alarms: 'errors' })
    const statuses: { state: string; description?: string }[] = []
    const octokit = {
      rest: {
        repos: {
          createDeployment: async () => ({ data: { id: 7 } }),
          createDeploymentStatus: async (s: { state: string; description?: string }) => void statuses.push({ state: s.state, description: s.description })
        }
      }
    }
    const run = { ...PUSH_RUN, repo: { owner: 'acme', repo: 'app' } }
    p.github = new GitHubTracker(p.ctx, run, octokit as unknown as ConstructorParameters<typeof GitHubTracker>[2])
    await p.github.start('production', { transient: false, production: true, description: 'Promote app-green' })
    await promote(p, green, blueLive(), { smokeFirst: false })
    expect(statuses).toEqual([
      { state: 'in_progress', description: 'Promote app-green' },
      { state: 'in_progress', description: '10% of traffic on app-green' },
      { state: 'in_progress', description: '50% of traffic on app-green' },
      { state: 'success', description: 'app-green is live on www.example.com' }
    ])
  })

  it('an alarm entering ALARM during the bake (verify-seconds) switches back to blue', async () => {
    const clock = fakeClock()
    const t0 = clock.now()
    alarmWhen(() => clock.now() >= t0 + 10 * MIN + 30_000)
    const door = new WeightedDoor()
    const p = phase(door, { 'traffic-steps': steps, alarms: 'errors' }, { clock })
    const err = await failure(promote(p, green, blueLive(), { smokeFirst: false }))
    expect(err.message).toMatch(/^app-green failed verification after the switch; www\.example\.com was switched back/)
    expect(err.rootCause).toMatch(/^alarm errors is in ALARM \(Threshold Crossed/)
    expect(door.history).toEqual([10, 50, 100, 0])
    const result = JSON.parse(p.ctx.outputs['traffic-steps-result']) as { percent: number; outcome: string }[]
    expect(result.at(-1)).toMatchObject({ percent: 100, outcome: 'switched back' })
  })

  it('an alarm already in ALARM stops the promotion before any change', async () => {
    alarmWhen(() => true)
    const door = new WeightedDoor()
    const p = phase(door, { 'traffic-steps': steps, alarms: 'errors' })
    const err = await failure(promote(p, green, blueLive(), { smokeFirst: false }))
    expect(err.message).toMatch(/^Alarm errors is in ALARM before the shift to app-green: nothing was moved\n/)
    expect(err.rootCause).toMatch(/^alarm errors is in ALARM \(Threshold Crossed: 1 datapoint/)
    expect(door.writes).toBe(0)
  })

  it('a failed smoke check during a hold puts traffic back on blue too', async () => {
    alarmWhen(() => false)
    const door = new WeightedDoor()
    let calls = 0
    const p = phase(door, { 'traffic-steps': steps, alarms: 'errors', 'smoke-path': '/health', 'smoke-retries': '0' })
    p.fetch = (async () => new Response('boom', { status: ++calls > 3 ? 500 : 200 })) as typeof fetch
    const err = await failure(promote(p, green, blueLive(), { smokeFirst: false }))
    expect(err.message).toMatch(/^app-green failed at 10% of the traffic; all of www\.example\.com is back on app-blue/)
    expect(err.rootCause).toMatch(/\/health.*500/)
    expect(door.history).toEqual([10, 0])
  })

  it('alarms that cannot be read during a hold count as a failure: traffic goes back to blue', async () => {
    const clock = fakeClock()
    const t0 = clock.now()
    cw.on(DescribeAlarmsCommand).callsFake(async () => {
      if (clock.now() >= t0 + 2 * MIN) throw Object.assign(new Error('User is not authorized to perform: cloudwatch:DescribeAlarms'), { name: 'AccessDenied' })
      return { MetricAlarms: [{ AlarmName: 'errors', AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors', StateValue: 'OK' }] }
    })
    const door = new WeightedDoor()
    const p = phase(door, { 'traffic-steps': steps, alarms: 'errors' }, { clock })
    const err = await failure(promote(p, green, blueLive(), { smokeFirst: false }))
    expect(err.message).toMatch(/^app-green failed at 10% of the traffic; all of www\.example\.com is back on app-blue/)
    expect(err.rootCause).toMatch(/^the alarms could not be read: .*not authorized to perform: cloudwatch:DescribeAlarms/)
    expect(door.history).toEqual([10, 0])
  })

  it('the dry run prints the steps and the gates, and moves nothing', async () => {
    alarmWhen(() => false)
    const door = new WeightedDoor()
    const p = phase(door, { 'traffic-steps': steps, alarms: 'errors, latency' })
    p.ctx.dryRun = true
    await promote(p, green, blueLive(), { smokeFirst: false })
    const log = p.ctx.log.text()
    expect(log).toContain('[dry-run] would stop before any change if an alarm is in ALARM (errors, latency).')
    expect(log).toContain(
      '[dry-run] would send 10% of the traffic to app-green and hold 5 min 0 s, reading the alarms errors, latency each poll; on an alarm or a failed check, all traffic back on app-blue.'
    )
    expect(log).toContain('[dry-run] would then send all traffic to it, verify for 60 s, reading the alarms errors, latency each poll, then keep app-blue (keep-previous).')
    expect(door.writes).toBe(0)
  })

  it('a router without weights refuses partial steps before any change', async () => {
    alarmWhen(() => false)
    const door = new WeightedDoor()
    const plain = Object.assign(Object.create(door) as WeightedDoor, { setWeights: undefined })
    const p = phase(door, { 'traffic-steps': steps })
    p.router = plain as Router
    const err = await failure(promote(p, green, blueLive(), { smokeFirst: false }))
    expect(err.message).toMatch(/^router route53 cannot send part of the traffic to app-green\n/)
    expect(door.writes).toBe(0)
  })
})

describe('crash safety: a re-run of the same workflow run resumes from the weights it finds', () => {
  it('resumes at the step that sends at least green’s share now', () => {
    const s = [
      { percent: 10, holdMs: 1 },
      { percent: 50, holdMs: 1 }
    ]
    expect([resumeIndex(s, 10), resumeIndex(s, 30), resumeIndex(s, 50), resumeIndex(s, 70)]).toEqual([0, 1, 1, 2])
  })

  it('takes a share of 0 for a shift under way only when traffic-steps starts with a 0% (header-only) step', () => {
    const weighted = [{ percent: 10, holdMs: 1 }, { percent: 100 }]
    const header = [{ percent: 0, holdMs: 1 }, ...weighted]
    expect([isMidShift(weighted, 0), isMidShift(weighted, 10), isMidShift(weighted, 100)]).toEqual([false, true, false])
    expect([isMidShift(header, 0), isMidShift(header, 10), isMidShift(header, 100)]).toEqual([true, true, false])
    expect(resumeIndex(header, 0)).toBe(0)
  })

  const ALL = [10, 25, 50]
  for (const [index, killedAt] of ALL.entries()) {
    it(`killed during the hold of ${killedAt}%: the re-run holds ${killedAt}% again, then goes on; never 100% first, never without traffic`, async () => {
      alarmWhen(() => false)
      const door = new WeightedDoor()
      const clock = fakeClock()
      const t0 = clock.now()
      // the first attempt dies (its sleeps never return) one minute into the hold of step `index`
      const dies = t0 + index * 5 * MIN + MIN
      const dying: Clock = { now: clock.now, sleep: (ms) => (clock.now() + ms > dies ? new Promise<void>(() => undefined) : clock.sleep(ms)) }
      const values = { 'traffic-steps': '10%:5m, 25%:5m, 50%:5m, 100%', alarms: 'errors' }
      void promote(phase(door, values, { clock: dying }), green, blueLive(), { smokeFirst: false })
      while (clock.now() < dies - 2000 || door.history.length < index + 1) await new Promise((r) => setImmediate(r))
      expect(door.history).toEqual(ALL.slice(0, index + 1))
      expect(door.weights).toEqual({ blue: 100 - killedAt, green: killedAt })

      door.history = []
      const rerun = phase(door, values, { clock, takenOver: true })
      await promote(rerun, green, blueLive(), { smokeFirst: false })
      expect(door.history).toEqual([...ALL.slice(index), 100])
      expect(rerun.ctx.log.text()).toContain(`An earlier attempt of this run left ${killedAt}% of www.example.com on app-green: resuming at ${killedAt}% (its hold again in full).`)
      const result = JSON.parse(rerun.ctx.outputs['traffic-steps-result']) as { percent: number; resumed?: boolean }[]
      expect(result[0]).toMatchObject({ percent: killedAt, resumed: true })
    })
  }

  it('when the door reads as green mid-shift (green has more), resumePromotion resumes the steps instead of deleting blue', async () => {
    alarmWhen(() => false)
    const door = new WeightedDoor()
    door.weights = { blue: 40, green: 60 }
    const p = phase(door, { 'traffic-steps': '10%:5m, 60%:5m, 80%:5m, 100%', alarms: 'errors' }, { takenOver: true })
    await resumePromotion(p, green, 'app-blue')
    expect(door.history).toEqual([60, 80, 100])
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0) // keep-previous
  })
})
