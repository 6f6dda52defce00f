/**
 * traffic-steps on router route53 (issue #15), as the runner runs it: the built dist/index.js against moto.
 * The record becomes two weighted records (set identifiers shop-blue and shop-green) and then one simple
 * record again, each in one change batch; moto accepts these batches as AWS does only with the CREATE fix
 * of scripts/moto_server.py (__tests__/integration/emulator.test.ts "Route 53 CREATE"). moto never evaluates
 * alarms: SetAlarmState moves one, from the test, while the action holds a step. No timing is asserted:
 * the alarm is set and the runner killed on what the run's log and the zone show, not after a delay.
 */
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch'
import { createAlarm } from '../support/alarms.js'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { DIST, runAction, type ActionRun, type RunOptions } from '../support/action-runner.js'
import { useAppServer } from '../support/extra-env.js'
import { useMoto } from '../support/moto.js'
import { recordSets, zoneWith } from '../support/route53-zone.js'

const env = useMoto()
const server = useAppServer()
const NAME = 'www.example.com.'
const STEPS = '10%:2s, 50%:2s, 100%'
const REASON = 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).'
const dnsOf = (extra: string) => `${extra}-lb-1234.us-east-1.elb.amazonaws.com`
let template = ''
let zoneId = ''
let runs = 0

beforeAll(() => {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run package` first')
  template = join(mkdtempSync(join(tmpdir(), 'route53-steps-')), 'env.json')
  writeFileSync(
    template,
    JSON.stringify({
      Parameters: { DnsName: { Type: 'String' }, PublicUrl: { Type: 'String' } },
      Resources: { Topic: { Type: 'AWS::SNS::Topic' } },
      Outputs: { DnsName: { Value: { Ref: 'DnsName' } }, Endpoint: { Value: { Ref: 'PublicUrl' } } }
    })
  )
})

beforeEach(async () => {
  zoneId = await zoneWith(env.clients, [])
  await createAlarm(env.clients.cloudwatch, 'shop-errors', { quiet: true })
  for (const e of ['blue', 'green']) server.behave(e, () => ({ status: 200, body: `{"ok":true,"env":"${e}"}` }))
})

/** The built action, extra-env with router route53, stack-name shop; `run` keeps one workflow run id across attempts. */
function act(extra: string, inputs: Record<string, string> = {}, run: { id?: string; attempt?: number } = {}, options: RunOptions = {}): Promise<ActionRun> {
  return runAction(
    {
      mode: 'extra-env',
      'stack-name': 'shop',
      region: 'us-east-1',
      'endpoint-url': env.url,
      'poll-seconds': '0.1',
      template,
      parameters: `DnsName=${dnsOf(extra)}\nPublicUrl=${server.url(extra)}`,
      extra,
      router: 'route53',
      'hosted-zone-id': zoneId,
      'record-name': 'www.example.com',
      'target-output': 'DnsName',
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health',
      'smoke-retries': '1',
      'smoke-timeout-seconds': '2',
      'verify-seconds': '0',
      'skip-ttl-wait': 'true',
      ...inputs
    },
    {
      timeoutMs: 100_000,
      ...options,
      env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: run.id ?? String(3000 + ++runs), GITHUB_RUN_ATTEMPT: String(run.attempt ?? 1), GITHUB_JOB: 'release', GITHUB_EVENT_NAME: 'push' }
    }
  )
}

const sets = () => recordSets(env.clients, zoneId, NAME, 'CNAME')
const simple = (extra: string) => [{ Name: NAME, Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: dnsOf(extra) }] }]
const exists = async (name: string) => {
  const s = await describeStack(env.clients.cloudformation, name)
  return !!s && s.StackStatus !== 'DELETE_COMPLETE'
}
const log = (run: ActionRun) => `${run.stdout}\n${run.stderr}`
const stepped = (extra = {}) => ({ phase: 'full', 'traffic-steps': STEPS, alarms: 'shop-errors', ...extra })

async function blueLive(): Promise<void> {
  const run = await act('blue', { phase: 'full' })
  expect([run.code, log(run)]).toEqual([0, expect.any(String)])
  expect(await sets()).toEqual(simple('blue'))
}

/** Resolves once the zone holds the two weighted records (the run is inside a step). */
async function weighted(): Promise<void> {
  for (;;) {
    if ((await sets()).some((r) => r.SetIdentifier !== undefined)) return
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('router route53 with traffic-steps, through the built action on moto', () => {
  it('moves 10%, then 50%, then all of the record to green: a simple record on green at the end, blue deleted, the steps in the summary', async () => {
    await blueLive()
    const run = await act('green', stepped())
    expect([run.code, log(run)]).toEqual([0, expect.any(String)])
    expect(await sets()).toEqual(simple('green'))
    expect(await exists('shop-blue')).toBe(false)
    expect(await exists('shop-green')).toBe(true)
    expect(run.stdout).toMatch(/www\.example\.com CNAME \(zone \w+\): 10% → shop-green, 90% → shop-blue/)
    expect(run.stdout).toMatch(/www\.example\.com CNAME \(zone \w+\): 50% → shop-green, 50% → shop-blue/)
    expect(JSON.parse(run.outputs['traffic-steps-result'])).toEqual([
      expect.objectContaining({ percent: 10, outcome: 'held', alarms: [{ name: 'shop-errors', state: 'OK' }] }),
      expect.objectContaining({ percent: 50, outcome: 'held' }),
      expect.objectContaining({ percent: 100, outcome: 'switched' })
    ])
    expect(run.outputs['active-stack']).toBe('shop-green')
    expect(run.summary).toContain('### Traffic steps')
  }, 150_000)

  it('an alarm going off during a hold puts the record back on blue as one simple record, keeps green and fails naming the alarm', async () => {
    await blueLive()
    let set: Promise<unknown> | undefined
    const run = await act(
      'green',
      stepped(),
      {},
      {
        // the first step's hold: its group line, then the zone split by weight
        onLine: (line) => {
          if (!set && /^::group::Send 10%25 of /.test(line))
            set = weighted().then(() => env.clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'shop-errors', StateValue: 'ALARM', StateReason: REASON })))
        }
      }
    )
    await set
    expect(set).toBeDefined()
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::shop-green failed at (10|50)%25 of the traffic; all of www\.example\.com CNAME \(zone \w+\) is back on shop-blue/)
    expect(run.stdout).toContain(`alarm shop-errors is in ALARM (${REASON})`)
    expect(run.stdout).toMatch(/::group::Put all of www\.example\.com CNAME \(zone \w+\) back on shop-blue/)
    expect(await sets()).toEqual(simple('blue'))
    expect(await exists('shop-blue')).toBe(true)
    expect(await exists('shop-green')).toBe(true)
    const steps = JSON.parse(run.outputs['traffic-steps-result']) as { percent: number; outcome: string }[]
    expect(steps.at(-1)).toMatchObject({ outcome: 'switched back' })
    expect(steps.map((s) => s.percent)).not.toContain(100)
  }, 150_000)

  it('a runner killed during a hold, re-run as the same workflow run, resumes from the weights it finds and never jumps to 100%', async () => {
    await blueLive()
    const killed = await act('green', stepped(), { id: '4100', attempt: 1 }, { killWhen: (line) => /^::group::Send 10%25 of /.test(line), killAt: weighted })
    expect(killed.signal).toBe('SIGKILL')
    const left = await sets()
    expect(left.map((r) => r.SetIdentifier).sort()).toEqual(['shop-blue', 'shop-green'])
    const share = left.find((r) => r.SetIdentifier === 'shop-green')!.Weight!

    const rerun = await act('green', stepped(), { id: '4100', attempt: 2 })
    expect([rerun.code, log(rerun)]).toEqual([0, expect.any(String)])
    expect(rerun.stdout).toMatch(
      new RegExp(`An earlier attempt of this run left ${share}% of www\\.example\\.com CNAME \\(zone \\w+\\) on shop-green: resuming at ${share}% \\(its hold again in full\\)`)
    )
    expect(rerun.stdout).not.toMatch(/::group::Deploy shop-green/)
    const steps = JSON.parse(rerun.outputs['traffic-steps-result']) as { percent: number; resumed?: boolean }[]
    expect(steps[0]).toMatchObject({ percent: share, resumed: true })
    expect(steps.map((s) => s.percent)).toEqual(share === 10 ? [10, 50, 100] : [50, 100])
    expect(await sets()).toEqual(simple('green'))
    expect(await exists('shop-blue')).toBe(false)
  }, 200_000)

  it('a runner killed while green holds the larger share (the record reads as green) resumes at that step too', async () => {
    await blueLive()
    const steps = { 'traffic-steps': '25%:2s, 75%:2s, 100%' }
    const greenHeavier = async () => {
      for (;;) {
        if ((await sets()).some((r) => r.SetIdentifier === 'shop-green' && r.Weight === 75)) return
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    const killed = await act('green', stepped(steps), { id: '4200', attempt: 1 }, { killWhen: (line) => /^::group::Send 75%25 of /.test(line), killAt: greenHeavier })
    expect(killed.signal).toBe('SIGKILL')
    expect((await sets()).map((r) => `${r.SetIdentifier}=${r.Weight}`).sort()).toEqual(['shop-blue=25', 'shop-green=75'])

    const rerun = await act('green', stepped(steps), { id: '4200', attempt: 2 })
    expect([rerun.code, log(rerun)]).toEqual([0, expect.any(String)])
    expect(rerun.stdout).toMatch(/Live: www\.example\.com CNAME \(zone \w+\) → DNS name green-lb-1234\S+ \(weighted: shop-blue weight 25, shop-green weight 75\) → stack shop-green/)
    expect(rerun.stdout).toMatch(/An earlier attempt of this run left 75% of www\.example\.com CNAME \(zone \w+\) on shop-green: resuming at 75% \(its hold again in full\)/)
    expect((JSON.parse(rerun.outputs['traffic-steps-result']) as { percent: number }[]).map((s) => s.percent)).toEqual([75, 100])
    expect(await sets()).toEqual(simple('green'))
    expect(await exists('shop-blue')).toBe(false)
  }, 200_000)
})
