/**
 * traffic-steps on router alb through the built action on moto: each partial step is one ModifyListener whose
 * forward holds blue's and green's target groups in a weighted ForwardConfig (moto keeps the weights and
 * answers them on DescribeListeners, so the action reads its own split back). Alarms are real CloudWatch
 * alarms in moto, moved by SetAlarmState from the test while the action runs (moto never evaluates them).
 */
import { existsSync } from 'node:fs'
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch'
import { createAlarm as createCloudWatchAlarm } from '../support/alarms.js'
import { CreateRuleCommand, DescribeRulesCommand, type Action } from '@aws-sdk/client-elastic-load-balancing-v2'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { DIST } from '../support/action-runner.js'
import { albPlatform, albRun, defaultActions, shortDelay, targetGroupOf, type Platform } from '../support/alb-platform.js'
import { useAppServer } from '../support/extra-env.js'
import { errorLine } from '../support/extra-env-runs.js'
import { useMoto } from '../support/moto.js'

const env = useMoto()
const server = useAppServer()
beforeAll(() => {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run package` first')
})

const STEPS = '10%:2s, 50%:2s, 100%'
const REASON = 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).'

const createAlarm = (name: string) => createCloudWatchAlarm(env.clients.cloudwatch, name)

/** The forward's target groups with weight above 0, and their weights. */
function serving(actions: Action[]): { arn: string; weight: number }[] {
  const forward = actions.find((a) => a.Type === 'forward')!
  const groups = forward.ForwardConfig?.TargetGroups?.map((g) => ({ arn: g.TargetGroupArn!, weight: g.Weight ?? 1 })) ?? [{ arn: forward.TargetGroupArn!, weight: 1 }]
  return groups.filter((g) => g.weight > 0)
}

const exists = async (stack: string) => {
  const s = await describeStack(env.clients.cloudformation, stack)
  return !!s && s.StackStatus !== 'DELETE_COMPLETE'
}
/** The "Forwarding ..." lines of a run: each is one ModifyListener. */
const writes = (stdout: string) => stdout.split('\n').filter((l) => /^Forwarding listener /.test(l))

let runIds = 3000
async function blueLive(): Promise<{ p: Platform; blueTg: string }> {
  const p = await albPlatform(env.clients)
  const blue = await albRun(env.url, server, p, { phase: 'full', extra: 'blue' }, { runId: String(++runIds) })
  expect(blue.code).toBe(0)
  const blueTg = await targetGroupOf(env.clients, 'shop-blue')
  expect(serving(await defaultActions(env.clients, p))).toEqual([{ arn: blueTg, weight: 1 }])
  return { p, blueTg }
}

describe('traffic-steps on router alb (moto, through dist/index.js)', () => {
  it('a clean stepped run: 90/10, then 50/50, each one ModifyListener; then one forward to green alone, blue deleted, the steps in the summary', async () => {
    const { p, blueTg } = await blueLive()
    await shortDelay(env.clients, blueTg)
    await createAlarm('shop-errors')
    const run = await albRun(env.url, server, p, { phase: 'full', extra: 'green', 'traffic-steps': STEPS, alarms: 'shop-errors', 'verify-seconds': '0' }, { runId: String(++runIds) })
    expect(run.stderr).not.toMatch(/Unexpected error/)
    expect(run.code).toBe(0)
    const greenTg = await targetGroupOf(env.clients, 'shop-green')
    expect(writes(run.stdout)).toEqual([
      expect.stringMatching(/to target groups shop-blue-\S+ \(weight 90\) and shop-green-\S+ \(weight 10\) \(ModifyListener\)/),
      expect.stringMatching(/\(weight 50\) and shop-green-\S+ \(weight 50\) \(ModifyListener\)/),
      expect.stringMatching(/to target group shop-green-\S+ \(ModifyListener\)\.$/)
    ])
    // the final switch read the split back from moto before writing green alone
    expect(run.stdout).toMatch(/target groups shop-blue-\S+ \(weight 50\) and shop-green-\S+ \(weight 50\) → target group shop-green-/)
    expect(serving(await defaultActions(env.clients, p))).toEqual([{ arn: greenTg, weight: 1 }])
    expect(await exists('shop-blue')).toBe(false)
    expect(await exists('shop-green')).toBe(true)
    // 4 s of holds passed since the first split: the 1 s delay still waits, as it counts from blue's weight going to 0
    expect(run.stdout).toMatch(/Waiting 1 s before blue goes: the deregistration delay of target group shop-blue-/)
    const steps = JSON.parse(run.outputs['traffic-steps-result']) as { percent: number; outcome: string; alarms: unknown[] }[]
    expect(steps.map((s) => [s.percent, s.outcome])).toEqual([
      [10, 'held'],
      [50, 'held'],
      [100, 'switched']
    ])
    expect(steps[0].alarms).toEqual([{ name: 'shop-errors', state: 'OK' }])
    expect(run.summary).toContain('### Traffic steps')
  }, 240_000)

  it('an alarm entering ALARM during a hold puts the listener back on blue alone in one write, keeps green and fails naming the alarm', async () => {
    const { p, blueTg } = await blueLive()
    await createAlarm('shop-errors')
    let set: Promise<unknown> | undefined
    const run = await albRun(
      env.url,
      server,
      p,
      // a long first hold: the alarm set at its start is read during it however loaded the machine is
      { phase: 'full', extra: 'green', 'traffic-steps': '10%:60s, 50%:2s, 100%', alarms: 'shop-errors' },
      { runId: String(++runIds) },
      {
        onLine: (line) => {
          if (!set && /^::group::Send 10%25 of listener .* and hold/.test(line))
            set = env.clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'shop-errors', StateValue: 'ALARM', StateReason: REASON }))
        }
      }
    )
    await set
    expect(set).toBeDefined()
    expect(run.code).toBe(1)
    expect(errorLine(run)).toMatch(/shop-green failed at 10%25 of the traffic; all of listener \S+ of \S+ is back on shop-blue/)
    expect(run.stdout).toContain(`alarm shop-errors is in ALARM (${REASON})`)
    const w = writes(run.stdout)
    expect(w).toHaveLength(2) // the 10% split, then blue alone: one write back
    expect(w[0]).toMatch(/\(weight 90\) and shop-green-\S+ \(weight 10\)/)
    expect(w[1]).toMatch(/to target group shop-blue-\S+ \(ModifyListener\)\.$/)
    expect(serving(await defaultActions(env.clients, p))).toEqual([{ arn: blueTg, weight: 1 }])
    expect(await exists('shop-green')).toBe(true)
    expect(await exists('shop-blue')).toBe(true)
    const steps = JSON.parse(run.outputs['traffic-steps-result']) as { percent: number; outcome: string; alarms: unknown[] }[]
    expect(steps).toEqual([expect.objectContaining({ percent: 10, outcome: 'switched back', alarms: [{ name: 'shop-errors', state: 'ALARM' }] })])
  }, 240_000)

  it('a run killed during a hold, re-run as the same workflow run, resumes from the weights it finds and never jumps to 100%', async () => {
    const { p, blueTg } = await blueLive()
    await shortDelay(env.clients, blueTg)
    const runId = String(++runIds)
    const inputs = { phase: 'full', extra: 'green', 'traffic-steps': STEPS, 'verify-seconds': '0.5' }
    // killed once moto holds a split with green's share above 0 (an event outside the process, not a delay)
    const killed = await albRun(
      env.url,
      server,
      p,
      inputs,
      { runId, attempt: 1 },
      {
        killWhen: (line) => /^::group::Send 10%25 of listener /.test(line),
        killAt: async () => {
          for (;;) {
            if (serving(await defaultActions(env.clients, p)).length === 2) return
            await new Promise((r) => setTimeout(r, 20))
          }
        }
      }
    )
    expect(killed.code).not.toBe(0)
    expect(killed.stdout).toMatch(/::group::Deploy shop-green/)
    const greenTg = await targetGroupOf(env.clients, 'shop-green')
    const left = serving(await defaultActions(env.clients, p))
    expect(left.map((g) => g.arn)).toEqual([blueTg, greenTg])
    const share = left[1].weight // what the re-run finds: 10, or 50 had the kill landed in the next step

    const rerun = await albRun(env.url, server, p, inputs, { runId, attempt: 2 })
    expect(rerun.stderr).not.toMatch(/Unexpected error/)
    expect(rerun.code).toBe(0)
    expect(rerun.stdout).toMatch(/Taking over the lock .* left by acme\/shop run \d+ attempt 1/)
    expect(rerun.stdout).toContain(`An earlier attempt of this run left ${share}% of listener`)
    expect(rerun.stdout).toContain(`resuming at ${share}% (its hold again in full)`)
    expect(rerun.stdout).not.toMatch(/::group::Deploy shop-green/)
    const w = writes(rerun.stdout)
    // the step it found is written and held again, then the rest; green alone only at the end
    expect(w[0]).toMatch(new RegExp(`\\(weight ${100 - share}\\) and shop-green-\\S+ \\(weight ${share}\\)`))
    expect(w.slice(0, -1).every((l) => /target groups .*\(weight/.test(l))).toBe(true)
    expect(w[w.length - 1]).toMatch(/to target group shop-green-\S+ \(ModifyListener\)\.$/)
    expect(w).toHaveLength(share === 10 ? 3 : 2)
    const steps = JSON.parse(rerun.outputs['traffic-steps-result']) as { percent: number; outcome: string; resumed?: boolean }[]
    expect(steps[0]).toEqual(expect.objectContaining({ percent: share, outcome: 'held', resumed: true }))
    expect(steps[steps.length - 1]).toEqual(expect.objectContaining({ percent: 100, outcome: 'switched' }))
    expect(serving(await defaultActions(env.clients, p))).toEqual([{ arn: greenTg, weight: 1 }])
    expect(await exists('shop-blue')).toBe(false)
  }, 300_000)

  it('on a listener rule: each step is one ModifyRule, the stickiness and the conditions stay, the last write leaves green alone', async () => {
    const { p, blueTg } = await blueLive()
    const stickiness = { Enabled: true, DurationSeconds: 60 }
    const rule = (
      await env.clients.elbv2.send(
        new CreateRuleCommand({
          ListenerArn: p.ListenerArn,
          Priority: 10,
          Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
          Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blueTg, Weight: 1 }], TargetGroupStickinessConfig: stickiness } }]
        })
      )
    ).Rules![0]
    const run = await albRun(
      env.url,
      server,
      p,
      { phase: 'full', extra: 'green', 'listener-arn': '', 'listener-rule-arn': rule.RuleArn!, 'traffic-steps': '10%:1s, 100%', 'keep-previous': 'true' },
      { runId: String(++runIds) }
    )
    expect(run.code).toBe(0)
    const greenTg = await targetGroupOf(env.clients, 'shop-green')
    const w = run.stdout.split('\n').filter((l) => /^Forwarding rule /.test(l))
    expect(w).toEqual([expect.stringMatching(/\(weight 90\) and shop-green-\S+ \(weight 10\) \(ModifyRule\)/), expect.stringMatching(/to target group shop-green-\S+ \(ModifyRule\)\.$/)])
    // the split as moto answered DescribeRules, read before the final write
    expect(run.stdout).toMatch(/target groups shop-blue-\S+ \(weight 90\) and shop-green-\S+ \(weight 10\) → target group shop-green-/)
    const now = (await env.clients.elbv2.send(new DescribeRulesCommand({ RuleArns: [rule.RuleArn!] }))).Rules![0]
    expect(now.Actions).toEqual([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: greenTg, Weight: 1 }], TargetGroupStickinessConfig: stickiness } }])
    expect(now.Conditions).toEqual([{ Field: 'path-pattern', Values: ['/api/*'] }])
    expect(serving(await defaultActions(env.clients, p))).toEqual([{ arn: blueTg, weight: 1 }]) // the default action did not move
  }, 240_000)
})
