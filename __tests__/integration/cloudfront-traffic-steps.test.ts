/**
 * traffic-steps on router cloudfront (issue #15) through the built action (dist/index.js as the runner runs
 * it) on moto with scripts/moto_cloudfront_cd.py: each partial step is CloudFront continuous deployment (a
 * staging distribution copied from the primary whose origin app is green's, and a policy attached to the
 * primary: a weight up to 15%, or one header); 100% writes the primary's own origin; then the policy is
 * detached and deleted and the staging distribution disabled and deleted. The state between steps is read
 * through the CloudFront API on the lines the action logs right after a write (its hold follows). The
 * emulator deploys on the next read and splits no real traffic (docs/emulator.md); HTTP/3 is not enforced
 * there, so the distribution is made with HTTP/2 only, as continuous deployment requires. Alarms are moved
 * by SetAlarmState from the test (moto never evaluates them). No timing is asserted.
 */
import {
  CopyDistributionCommand,
  CreateContinuousDeploymentPolicyCommand,
  GetContinuousDeploymentPolicyCommand,
  GetDistributionConfigCommand,
  ListContinuousDeploymentPoliciesCommand,
  ListDistributionsCommand,
  ListTagsForResourceCommand,
  UpdateDistributionCommand,
  type ContinuousDeploymentPolicyConfig,
  type DistributionConfig
} from '@aws-sdk/client-cloudfront'
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch'
import { existsSync } from 'node:fs'
import { describeStack, stackOutputs } from '../../src/cloudformation/stacks.js'
import { DIST, runAction, type ActionRun, type RunOptions } from '../support/action-runner.js'
import { createAlarm } from '../support/alarms.js'
import { useAppServer } from '../support/extra-env.js'
import { errorLine } from '../support/extra-env-runs.js'
import { useMoto } from '../support/moto.js'
import { CLOUDFRONT_TEMPLATE, createDistribution } from '../support/router-doors.js'

const env = useMoto()
const server = useAppServer()
const STEPS = '5%:3s, 15%:3s, 100%'
const REASON = 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).'
/** Logged right after the write that attaches the policy to the primary (the first partial step). */
const ATTACHED = /^Attached the continuous deployment policy /
let runs = 0

beforeAll(() => {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run package` first')
})

beforeEach(async () => {
  await createAlarm(env.clients.cloudwatch, 'www-errors', { quiet: true })
  for (const e of ['www-blue', 'www-green']) server.behave(e, () => ({ status: 200, body: `{"ok":true,"env":"${e}"}` }))
})

/** The built action, extra-env, stack-name www, router cloudfront on distribution `id`; `run` keeps one workflow run id across attempts. */
function act(id: string, extra: string, inputs: Record<string, string> = {}, run: { id?: string; attempt?: number } = {}, options: RunOptions = {}): Promise<ActionRun> {
  return runAction(
    {
      mode: 'extra-env',
      'stack-name': 'www',
      template: CLOUDFRONT_TEMPLATE,
      extra,
      parameters: `Version=${extra}\nPublicUrl=${server.url(`www-${extra}`)}`,
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health',
      'smoke-retries': '1',
      'smoke-timeout-seconds': '2',
      'verify-seconds': '0',
      region: 'us-east-1',
      'endpoint-url': env.url,
      'poll-seconds': '1',
      router: 'cloudfront',
      'distribution-id': id,
      'origin-output': 'OriginDomainName',
      ...inputs
    },
    {
      timeoutMs: 150_000,
      ...options,
      env: { GITHUB_REPOSITORY: 'acme/www', GITHUB_RUN_ID: run.id ?? String(5000 + ++runs), GITHUB_RUN_ATTEMPT: String(run.attempt ?? 1), GITHUB_JOB: 'release', GITHUB_EVENT_NAME: 'push' }
    }
  )
}

const log = (run: ActionRun) => `${run.stdout}\n${run.stderr}`
const originOf = async (stack: string) => stackOutputs(await describeStack(env.clients.cloudformation, stack)).OriginDomainName!
const exists = async (stack: string) => {
  const s = await describeStack(env.clients.cloudformation, stack)
  return !!s && s.StackStatus !== 'DELETE_COMPLETE'
}
const configOf = async (id: string) => (await env.clients.cloudfront.send(new GetDistributionConfigCommand({ Id: id }))).DistributionConfig!
const appOrigin = (config: DistributionConfig) => config.Origins!.Items!.find((o) => o.Id === 'app')!.DomainName
/** The configuration without ContinuousDeploymentPolicyId (empty, or absent, once no policy is attached). */
const withoutPolicy = ({ ContinuousDeploymentPolicyId: _policy, ...rest }: DistributionConfig) => rest

/** www-blue deployed, then the distribution (HTTP/2 only) made in front of it, as a platform team would. */
async function blueBehindDistribution(): Promise<{ id: string; blue: string; before: DistributionConfig }> {
  const deploy = await act('', 'blue', { phase: 'deploy', router: '', 'distribution-id': '', 'origin-output': '' })
  expect([deploy.code, log(deploy)]).toEqual([0, expect.any(String)])
  const blue = await originOf('www-blue')
  const id = await createDistribution(
    env.clients,
    [
      { id: 'app', domain: blue },
      { id: 'status', domain: 'status.example.com' }
    ],
    { httpVersion: 'http2' }
  )
  return { id, blue, before: await configOf(id) }
}

/** What continuous deployment looks like on the primary now, read through the CloudFront API. */
interface CdState {
  primaryOrigin?: string
  policyId?: string
  policy?: ContinuousDeploymentPolicyConfig
  stagingId?: string
  stagingOrigin?: string
  stagingComment?: string
  stagingTags?: Record<string, string>
}

async function cdState(id: string): Promise<CdState> {
  const cf = env.clients.cloudfront
  const primary = await configOf(id)
  const state: CdState = { primaryOrigin: appOrigin(primary), policyId: primary.ContinuousDeploymentPolicyId || undefined }
  if (!state.policyId) return state
  state.policy = (await cf.send(new GetContinuousDeploymentPolicyCommand({ Id: state.policyId }))).ContinuousDeploymentPolicy!.ContinuousDeploymentPolicyConfig
  const domain = state.policy?.StagingDistributionDnsNames?.Items?.[0]
  const staging = (await stagings()).find((d) => d.DomainName === domain)
  if (!staging) return state
  const config = await configOf(staging.Id!)
  const tags = (await cf.send(new ListTagsForResourceCommand({ Resource: staging.ARN! }))).Tags?.Items ?? []
  return { ...state, stagingId: staging.Id, stagingOrigin: appOrigin(config), stagingComment: config.Comment, stagingTags: Object.fromEntries(tags.map((t) => [t.Key!, t.Value!])) }
}

const stagings = async () => ((await env.clients.cloudfront.send(new ListDistributionsCommand({}))).DistributionList?.Items ?? []).filter((d) => d.Staging)
const policies = async () => (await env.clients.cloudfront.send(new ListContinuousDeploymentPoliciesCommand({}))).ContinuousDeploymentPolicyList?.Items ?? []
const weight = (s: CdState) => s.policy?.TrafficConfig?.SingleWeightConfig?.Weight

/** Reads the state on each line `when` matches, while the run goes on (each such line follows a write, and a hold follows it). */
function snapshots(id: string, when: RegExp): { onLine: (line: string) => void; all: () => Promise<CdState[]> } {
  const taken: Promise<CdState>[] = []
  return { onLine: (line) => void (when.test(line) && taken.push(cdState(id))), all: () => Promise.all(taken) }
}

/** The traffic-steps-result output. */
const stepsOf = (run: ActionRun) => JSON.parse(run.outputs['traffic-steps-result']) as { percent: number; outcome: string; resumed?: boolean; alarms: unknown[] }[]

/** After a promotion: primary on green, nothing of continuous deployment left (no policy attached or existing, no staging distribution). */
async function cleanedUpOnGreen(id: string, before: DistributionConfig): Promise<void> {
  const green = await originOf('www-green')
  const after = await configOf(id)
  const expected = structuredClone(before)
  expected.Origins!.Items!.find((o) => o.Id === 'app')!.DomainName = green
  expect(withoutPolicy(after)).toEqual(withoutPolicy(expected))
  expect(after.ContinuousDeploymentPolicyId || undefined).toBeUndefined()
  expect(await policies()).toEqual([])
  expect(await stagings()).toEqual([])
  expect(await exists('www-blue')).toBe(false)
  expect(await exists('www-green')).toBe(true)
}

/** A staging distribution of the primary made by someone else (their CallerReference), and optionally their policy attached. */
async function theirStaging(id: string, attach: boolean): Promise<{ stagingId: string; policyId?: string; config: DistributionConfig }> {
  const cf = env.clients.cloudfront
  const primary = await cf.send(new GetDistributionConfigCommand({ Id: id }))
  const copy = await cf.send(new CopyDistributionCommand({ PrimaryDistributionId: id, Staging: true, IfMatch: primary.ETag, CallerReference: `team-b-${Date.now()}`, Enabled: true }))
  const stagingId = copy.Distribution!.Id!
  if (!attach) return { stagingId, config: await configOf(stagingId) }
  const policy = await cf.send(
    new CreateContinuousDeploymentPolicyCommand({
      ContinuousDeploymentPolicyConfig: {
        StagingDistributionDnsNames: { Quantity: 1, Items: [copy.Distribution!.DomainName!] },
        Enabled: true,
        TrafficConfig: { Type: 'SingleHeader', SingleHeaderConfig: { Header: 'aws-cf-cd-team-b', Value: 'yes' } }
      }
    })
  )
  const policyId = policy.ContinuousDeploymentPolicy!.Id!
  const again = await cf.send(new GetDistributionConfigCommand({ Id: id }))
  await cf.send(new UpdateDistributionCommand({ Id: id, IfMatch: again.ETag, DistributionConfig: { ...again.DistributionConfig!, ContinuousDeploymentPolicyId: policyId } }))
  return { stagingId, policyId, config: await configOf(stagingId) }
}

describe('traffic-steps on router cloudfront (continuous deployment on moto, through dist/index.js)', () => {
  it('a clean stepped run: a staging distribution on green with a 5%, then 15% policy, then the primary origin on green, everything else kept, all of it cleaned up, blue deleted', async () => {
    const { id, blue, before } = await blueBehindDistribution()
    const seen = snapshots(id, /^(Attached the continuous deployment policy |Continuous deployment policy \S+: \d+% of viewers)/)
    const run = await act(id, 'green', { phase: 'full', 'traffic-steps': STEPS, alarms: 'www-errors' }, {}, { onLine: seen.onLine })
    expect(run.stderr).not.toMatch(/Unexpected error/)
    expect([run.code, errorLine(run)]).toEqual([0, ''])
    const green = await originOf('www-green')
    const [first, second, ...more] = await seen.all()
    expect(more).toEqual([])
    // 5%: a staging distribution tagged for the primary, its origin app on green; the primary still on blue
    expect(first).toEqual(
      expect.objectContaining({
        primaryOrigin: blue,
        stagingOrigin: green,
        stagingTags: { 'bluegreen:staging-of': id },
        stagingComment: before.Comment,
        policy: expect.objectContaining({ Enabled: true })
      })
    )
    expect(first.policy?.TrafficConfig).toEqual({ Type: 'SingleWeight', SingleWeightConfig: { Weight: 0.05, SessionStickinessConfig: { IdleTTL: 300, MaximumTTL: 600 } } })
    // 15%: the same policy and staging distribution, re-weighted
    expect(second).toEqual(expect.objectContaining({ primaryOrigin: blue, stagingOrigin: green, policyId: first.policyId, stagingId: first.stagingId }))
    expect(weight(second)).toBe(0.15)
    expect(log(run)).toContain(`Copied distribution ${id} to the staging distribution ${first.stagingId}`)
    expect(log(run)).toContain(`Updated distribution ${id}: origin app now ${green} (was ${blue})`)
    expect(log(run)).toContain(`Deleted the continuous deployment policy ${first.policyId}.`)
    expect(log(run)).toContain(`Deleted staging distribution ${first.stagingId}.`)
    await cleanedUpOnGreen(id, before)
    expect(stepsOf(run).map((s) => [s.percent, s.outcome])).toEqual([
      [5, 'held'],
      [15, 'held'],
      [100, 'switched']
    ])
    expect(stepsOf(run)[0].alarms).toEqual([{ name: 'www-errors', state: 'OK' }])
    expect(run.summary).toContain('### Traffic steps')
    const rows = run.summary.split('\n').filter((l) => /^\| [123] \|/.test(l))
    expect(rows).toEqual([
      expect.stringMatching(/^\| 1 \| 5% \|.*🟢 www-errors OK.*✅ held \|$/),
      expect.stringMatching(/^\| 2 \| 15% \|.*✅ held \|$/),
      expect.stringMatching(/^\| 3 \| 100% \|.*✅ switched/)
    ])
    expect(run.outputs['active-stack']).toBe('www-green')
  }, 300_000)

  it('an alarm entering ALARM during a hold disables the policy (one write back to blue), keeps green, fails naming the alarm; the primary never left blue', async () => {
    const { id, blue, before } = await blueBehindDistribution()
    let set: Promise<unknown> | undefined
    let during: Promise<CdState> | undefined
    const run = await act(
      id,
      'green',
      // a long first hold: the alarm set at its start is read during it however loaded the machine is
      { phase: 'full', 'traffic-steps': '5%:60s, 15%:3s, 100%', alarms: 'www-errors' },
      {},
      {
        onLine: (line) => {
          if (set || !ATTACHED.test(line)) return
          during = cdState(id)
          set = during.then(() => env.clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'www-errors', StateValue: 'ALARM', StateReason: REASON })))
        }
      }
    )
    await set
    expect(set).toBeDefined()
    const green = await originOf('www-green')
    expect(await during).toEqual(expect.objectContaining({ primaryOrigin: blue, stagingOrigin: green }))
    expect(run.code).toBe(1)
    expect(errorLine(run)).toMatch(new RegExp(`www-green failed at 5%25 of the traffic; all of distribution ${id} default origin is back on www-blue`))
    expect(run.stdout).toContain(`alarm www-errors is in ALARM (${REASON})`)
    const policyId = (await during)!.policyId!
    // the one write back: the policy disabled ("not enabled and has no effect"), before the cleanup; the primary's origin is never written
    const back = run.stdout.split('\n').slice(run.stdout.split('\n').findIndex((l) => l.startsWith('::group::Put all of distribution')))
    const writes = back.filter((l) => /^(Disabled|Detached|Deleted|Updated|Continuous deployment policy|Attached|Staging distribution)/.test(l))
    expect(writes[0]).toBe(`Disabled the continuous deployment policy ${policyId}: distribution ${id} sends no request to staging distribution ${(await during)!.stagingId} any more.`)
    expect(writes[1]).toBe(`Detached the continuous deployment policy ${policyId} from distribution ${id}.`)
    expect(run.stdout).not.toContain(`Updated distribution ${id}: origin app now`)
    // the primary as the platform team made it: origin on blue, no policy left attached, the policy deleted
    expect(withoutPolicy(await configOf(id))).toEqual(withoutPolicy(before))
    expect((await configOf(id)).ContinuousDeploymentPolicyId || undefined).toBeUndefined()
    expect(await policies()).toEqual([])
    // the staging distribution is disabled at least (deleted once Deployed, now or by the next run): it serves nobody
    for (const s of await stagings()) expect((await configOf(s.Id!)).Enabled).toBe(false)
    expect(await exists('www-green')).toBe(true)
    expect(await exists('www-blue')).toBe(true)
    expect(stepsOf(run)).toEqual([expect.objectContaining({ percent: 5, outcome: 'switched back', alarms: [{ name: 'www-errors', state: 'ALARM' }] })])

    // the next release (a new workflow run, the alarm quiet again) copies afresh and deletes what the failed one left
    await env.clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'www-errors', StateValue: 'OK', StateReason: 'fixed' }))
    const next = await act(id, 'green', { phase: 'full', 'traffic-steps': '5%:1s, 100%', alarms: 'www-errors' })
    expect([next.code, errorLine(next)]).toEqual([0, ''])
    await cleanedUpOnGreen(id, before)
  }, 300_000)

  it.each([
    ['5%', ATTACHED],
    ['15%', /^Continuous deployment policy \S+: 15% of viewers/]
  ])(
    'a run killed in the %s hold, re-run as the same workflow run, resumes from the weight it finds (held again, never 100% at once) and ends on green, cleaned up',
    async (hold, killLine) => {
      const { id, blue, before } = await blueBehindDistribution()
      const runId = String(5000 + ++runs)
      const inputs = { phase: 'full', 'traffic-steps': STEPS }
      const killed = await act(id, 'green', inputs, { id: runId, attempt: 1 }, { killWhen: (line) => killLine.test(line) })
      expect(killed.signal).toBe('SIGKILL')
      const green = await originOf('www-green')
      const left = await cdState(id)
      expect(left).toEqual(expect.objectContaining({ primaryOrigin: blue, stagingOrigin: green, policy: expect.objectContaining({ Enabled: true }) }))
      const share = Math.round(weight(left)! * 100) // the hold's, or the next one's had the kill landed in the next step
      expect(share).toBeGreaterThanOrEqual(Number(hold.replace('%', '')))

      const seen = snapshots(id, /^(Continuous deployment policy \S+: \d+% of viewers|Updated distribution \S+: origin app now)/)
      const rerun = await act(id, 'green', inputs, { id: runId, attempt: 2 }, { onLine: seen.onLine })
      expect(rerun.stderr).not.toMatch(/Unexpected error/)
      expect([rerun.code, errorLine(rerun)]).toEqual([0, ''])
      expect(rerun.stdout).toMatch(/Taking over the lock .* left by acme\/www run \d+ attempt 1/)
      expect(rerun.stdout).toContain(`An earlier attempt of this run left ${share}% of distribution ${id} default origin on www-green: resuming at ${share}% (its hold again in full)`)
      expect(rerun.stdout).not.toMatch(/::group::Deploy www-green/)
      // the same staging distribution and policy taken up, not copied again
      expect(rerun.stdout).not.toContain('Copied distribution')
      const [firstStep] = stepsOf(rerun)
      expect(firstStep).toEqual(expect.objectContaining({ percent: share, outcome: 'held', resumed: true }))
      expect(stepsOf(rerun).map((s) => [s.percent, s.outcome])).toEqual([...(share === 5 ? [[5, 'held']] : []), [15, 'held'], [100, 'switched']])
      // every write of the re-run before the switch left the primary on blue and the staging distribution on green
      const states = await seen.all()
      expect(states.length).toBe(share === 5 ? 2 : 1)
      expect(states.slice(0, -1).every((s) => s.primaryOrigin === blue && s.stagingOrigin === green && s.policyId === left.policyId)).toBe(true)
      expect(rerun.stdout).toContain(`Deleted staging distribution ${left.stagingId}.`)
      await cleanedUpOnGreen(id, before)
    },
    300_000
  )

  it('header mode: the 0% step sends only requests with staging-header (SingleHeader policy), then 10% by weight, then the switch', async () => {
    const { id, blue, before } = await blueBehindDistribution()
    const seen = snapshots(id, /^(Attached the continuous deployment policy |Continuous deployment policy \S+: )/)
    const run = await act(id, 'green', { phase: 'full', 'traffic-steps': '0%:2s, 10%:2s, 100%', 'staging-header': 'aws-cf-cd-canary: release' }, {}, { onLine: seen.onLine })
    expect(run.stderr).not.toMatch(/Unexpected error/)
    expect([run.code, errorLine(run)]).toEqual([0, ''])
    const green = await originOf('www-green')
    const [header, weighted, ...more] = await seen.all()
    expect(more).toEqual([])
    expect(header).toEqual(expect.objectContaining({ primaryOrigin: blue, stagingOrigin: green }))
    expect(header.policy?.TrafficConfig).toEqual({ Type: 'SingleHeader', SingleHeaderConfig: { Header: 'aws-cf-cd-canary', Value: 'release' } })
    expect(weighted).toEqual(expect.objectContaining({ primaryOrigin: blue, policyId: header.policyId }))
    expect(weighted.policy?.TrafficConfig?.Type).toBe('SingleWeight')
    expect(weight(weighted)).toBe(0.1)
    expect(run.stdout).toContain(`Only requests with the header aws-cf-cd-canary reach ${green}; every other viewer stays on ${blue}.`)
    expect(stepsOf(run).map((s) => [s.percent, s.outcome])).toEqual([
      [0, 'held'],
      [10, 'held'],
      [100, 'switched']
    ])
    await cleanedUpOnGreen(id, before)
  }, 300_000)

  it("destroy of green is refused while a stepped shift holds: the staging distribution's origin routes the primary's viewers to it", async () => {
    const { id, blue } = await blueBehindDistribution()
    const runId = String(5000 + ++runs)
    const killed = await act(id, 'green', { phase: 'full', 'traffic-steps': STEPS }, { id: runId, attempt: 1 }, { killWhen: (line) => ATTACHED.test(line) })
    expect(killed.signal).toBe('SIGKILL')
    const held = await cdState(id)
    expect(held).toEqual(expect.objectContaining({ primaryOrigin: blue, stagingOrigin: await originOf('www-green') }))
    // the same workflow run's next attempt (it takes over the lock the killed attempt left) destroys green
    const destroy = await act(id, 'green', { phase: 'destroy', template: '', parameters: '' }, { id: runId, attempt: 2 })
    expect(destroy.code).toBe(1)
    expect(errorLine(destroy)).toContain(`www-green is the live environment (staging distribution ${held.stagingId} origin app (continuous deployment policy ${held.policyId} of distribution ${id})`)
    expect(errorLine(destroy)).toContain('it will not be deleted')
    expect(await exists('www-green')).toBe(true)
    expect(await cdState(id)).toEqual(held)
  }, 300_000)

  it("a change someone makes to the primary between steps is kept by the promotion (the origin is written, the copy's configuration is not promoted)", async () => {
    const { id, before } = await blueBehindDistribution()
    let changed: Promise<CdState> | undefined
    const theirs = { Comment: 'www.example.com (platform team, ticket 42)', DefaultRootObject: 'index.html' }
    const run = await act(
      id,
      'green',
      { phase: 'full', 'traffic-steps': '5%:4s, 15%:2s, 100%' },
      {},
      {
        onLine: (line) => {
          if (changed || !ATTACHED.test(line)) return
          // the platform team edits the distribution during the 5% hold (fields CloudFront lets change while a policy is attached)
          changed = (async () => {
            const out = await env.clients.cloudfront.send(new GetDistributionConfigCommand({ Id: id }))
            await env.clients.cloudfront.send(new UpdateDistributionCommand({ Id: id, IfMatch: out.ETag, DistributionConfig: { ...out.DistributionConfig!, ...theirs } }))
            return cdState(id)
          })()
        }
      }
    )
    expect(changed).toBeDefined()
    const during = await changed!
    expect([run.code, errorLine(run)]).toEqual([0, ''])
    // the staging distribution kept the copy's comment: promoting its configuration would have reverted the change
    expect(during.stagingComment).toBe(before.Comment)
    await cleanedUpOnGreen(id, { ...before, ...theirs })
  }, 300_000)

  it('a run killed right after the copy, re-run as the same workflow run, takes up its staging distribution (no second copy) and leaves nothing behind', async () => {
    const { id, before } = await blueBehindDistribution()
    const runId = String(5000 + ++runs)
    const inputs = { phase: 'full', 'traffic-steps': '5%:1s, 100%' }
    const killed = await act(id, 'green', inputs, { id: runId, attempt: 1 }, { killWhen: (line) => /^Copied distribution /.test(line) })
    expect(killed.signal).toBe('SIGKILL')
    const copied = await stagings()
    expect(copied).toHaveLength(1)
    const rerun = await act(id, 'green', inputs, { id: runId, attempt: 2 })
    expect(rerun.stderr).not.toMatch(/Unexpected error/)
    expect([rerun.code, errorLine(rerun)]).toEqual([0, ''])
    expect(rerun.stdout).not.toContain('Copied distribution')
    // taken up before the attach (the usual case), or resumed had the kill landed after it
    expect(rerun.stdout).toMatch(
      new RegExp(`Staging distribution ${copied[0].Id} \\(\\S+\\) was copied from ${id} by an earlier attempt and is attached to nothing: taking it up again|An earlier attempt of this run left 5%`)
    )
    expect(rerun.stdout).toContain(`Deleted staging distribution ${copied[0].Id}.`)
    await cleanedUpOnGreen(id, before)
  }, 300_000)

  it('a distribution with HTTP/3 is refused before green is deployed and before any CloudFront write, naming why; blue keeps all traffic', async () => {
    const deploy = await act('', 'blue', { phase: 'deploy', router: '', 'distribution-id': '', 'origin-output': '' })
    expect(deploy.code).toBe(0)
    const id = await createDistribution(env.clients, [{ id: 'app', domain: await originOf('www-blue') }])
    const before = await configOf(id)
    const run = await act(id, 'green', { phase: 'full', 'traffic-steps': STEPS })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain(`cannot send part of its traffic to www-green: distribution ${id} supports HTTP/3 (HttpVersion http2and3)`)
    expect(errorLine(run)).not.toContain('failed at 5%')
    expect(await exists('www-green')).toBe(false)
    expect(await configOf(id)).toEqual(before)
    expect(await stagings()).toEqual([])
    expect(await policies()).toEqual([])
    expect(await exists('www-blue')).toBe(true)
  }, 300_000)

  it.each([
    ['during a hold with a step after it: the refused step goes back by disabling the policy only', '5%:3s, 15%:2s, 100%', 5],
    ['during the last hold: the final switch refuses to overwrite it', '5%:3s, 100%', 5]
  ])(
    'an origin someone moves mid-shift is kept (%s); blue and green are kept',
    async (_when, steps, percent) => {
      const { id, before } = await blueBehindDistribution()
      let moved: Promise<unknown> | undefined
      const hotfix = { ...structuredClone(before) }
      hotfix.Origins!.Items!.find((o) => o.Id === 'app')!.DomainName = 'hotfix.example.com'
      const run = await act(
        id,
        'green',
        { phase: 'full', 'traffic-steps': steps },
        {},
        {
          onLine: (line) => {
            if (moved || !ATTACHED.test(line)) return
            // someone points the primary's origin elsewhere during the first hold (origins may change while a policy is attached)
            moved = (async () => {
              const out = await env.clients.cloudfront.send(new GetDistributionConfigCommand({ Id: id }))
              const config = structuredClone(out.DistributionConfig!)
              config.Origins!.Items!.find((o) => o.Id === 'app')!.DomainName = 'hotfix.example.com'
              await env.clients.cloudfront.send(new UpdateDistributionCommand({ Id: id, IfMatch: out.ETag, DistributionConfig: config }))
            })()
          }
        }
      )
      await moved
      expect(moved).toBeDefined()
      expect(run.code).toBe(1)
      const failed = run.stdout
        .split('\n')
        .filter((l) => l.startsWith('::error::'))
        .at(-1)
      expect(failed).toContain(`Distribution ${id} origin app was moved to hotfix.example.com by someone else while this run shifted traffic from ${await originOf('www-blue')}`)
      expect(run.stdout).not.toMatch(/^Updated distribution \S+: origin app now/m)
      expect(run.stdout).toMatch(/^Disabled the continuous deployment policy /m)
      // their origin and the rest of the distribution as they left it; nothing of this run's continuous deployment routes anywhere
      expect(withoutPolicy(await configOf(id))).toEqual(withoutPolicy(hotfix))
      expect((await configOf(id)).ContinuousDeploymentPolicyId || undefined).toBeUndefined()
      expect(await policies()).toEqual([])
      for (const s of await stagings()) expect((await configOf(s.Id!)).Enabled).toBe(false)
      expect(await exists('www-blue')).toBe(true)
      expect(await exists('www-green')).toBe(true)
      expect(stepsOf(run)[0]).toEqual(expect.objectContaining({ percent }))
    },
    300_000
  )

  it('a run killed right after the final write (cleanup not done), re-run as the same workflow run, finishes the promotion and the cleanup', async () => {
    const { id, before } = await blueBehindDistribution()
    const runId = String(5000 + ++runs)
    const inputs = { phase: 'full', 'traffic-steps': '5%:1s, 100%' }
    const killed = await act(id, 'green', inputs, { id: runId, attempt: 1 }, { killWhen: (line) => /^Updated distribution \S+: origin app now /.test(line) })
    expect(killed.signal).toBe('SIGKILL')
    expect(appOrigin(await configOf(id))).toBe(await originOf('www-green'))
    const rerun = await act(id, 'green', inputs, { id: runId, attempt: 2 })
    expect(rerun.stderr).not.toMatch(/Unexpected error/)
    expect([rerun.code, errorLine(rerun)]).toEqual([0, ''])
    expect(rerun.stdout).toContain(`An earlier attempt of this run switched distribution ${id} default origin from www-blue to www-green`)
    expect(rerun.stdout).not.toMatch(/^Updated distribution \S+: origin app now/m)
    await cleanedUpOnGreen(id, before)
  }, 300_000)

  it.each([
    ['a step over 15%', { 'traffic-steps': '5%:1s, 50%:1s, 100%' }, 'traffic-steps', 'CloudFront continuous deployment sends at most 15% by weight'],
    ['a 0% step without staging-header', { 'traffic-steps': '0%:1s, 100%' }, 'traffic-steps', '0% sends nothing to the new environment unless staging-header is given'],
    ['staging-header without a 0% step', { 'traffic-steps': '5%:1s, 100%', 'staging-header': 'aws-cf-cd-canary: release' }, 'staging-header', 'reaches the new environment only in a 0% step'],
    ['staging-header without the aws-cf-cd- prefix', { 'traffic-steps': '0%:1s, 100%', 'staging-header': 'x-canary: release' }, 'staging-header', 'only headers whose name starts with aws-cf-cd-']
  ])(
    'refuses %s before any AWS call, naming the input',
    async (_what, inputs, input, message) => {
      // a distribution that does not exist: any AWS call would fail on it rather than on the input
      const run = await act('E0000000000000', 'green', { phase: 'full', ...inputs })
      expect(run.code).toBe(1)
      const error = errorLine(run).replace(/%25/g, '%') // the runner's escape of % in a workflow command
      expect(error).toContain(`Input '${input}'`)
      expect(error).toContain(message)
      expect(run.stdout).not.toContain('NoSuchDistribution')
      expect(await exists('www-green')).toBe(false)
    },
    120_000
  )

  it('a run killed in a header-only 0% hold, re-run as the same workflow run, holds 0% again on the same staging distribution and policy, then goes on to green', async () => {
    const { id, blue, before } = await blueBehindDistribution()
    const runId = String(5000 + ++runs)
    const inputs = { phase: 'full', 'traffic-steps': '0%:2s, 10%:1s, 100%', 'staging-header': 'aws-cf-cd-canary: release' }
    const killed = await act(id, 'green', inputs, { id: runId, attempt: 1 }, { killWhen: (line) => ATTACHED.test(line) })
    expect(killed.signal).toBe('SIGKILL')
    const left = await cdState(id)
    expect(left).toEqual(expect.objectContaining({ primaryOrigin: blue, stagingOrigin: await originOf('www-green') }))
    expect(left.policy?.TrafficConfig?.Type).toBe('SingleHeader')
    const rerun = await act(id, 'green', inputs, { id: runId, attempt: 2 })
    expect(rerun.stderr).not.toMatch(/Unexpected error/)
    expect([rerun.code, errorLine(rerun)]).toEqual([0, ''])
    expect(rerun.stdout).not.toContain('Copied distribution')
    expect(rerun.stdout).not.toMatch(/::group::Deploy www-green/)
    expect(rerun.stdout).toContain(`An earlier attempt of this run left 0% of distribution ${id} default origin on www-green: resuming at 0% (its hold again in full)`)
    expect(stepsOf(rerun)[0]).toEqual(expect.objectContaining({ percent: 0, outcome: 'held', resumed: true }))
    expect(stepsOf(rerun).map((s) => [s.percent, s.outcome])).toEqual([
      [0, 'held'],
      [10, 'held'],
      [100, 'switched']
    ])
    expect(rerun.stdout).toContain(`Deleted staging distribution ${left.stagingId}.`)
    await cleanedUpOnGreen(id, before)
  }, 300_000)

  it('a run killed while it goes back to blue (the policy disabled, not yet detached), re-run as the same workflow run, releases green', async () => {
    const { id, blue, before } = await blueBehindDistribution()
    const runId = String(5000 + ++runs)
    const inputs = { phase: 'full', 'traffic-steps': '5%:60s, 100%', alarms: 'www-errors' }
    let set: Promise<unknown> | undefined
    const killed = await act(
      id,
      'green',
      inputs,
      { id: runId, attempt: 1 },
      {
        onLine: (line) => {
          if (!set && ATTACHED.test(line)) set = env.clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'www-errors', StateValue: 'ALARM', StateReason: REASON }))
        },
        killWhen: (line) => /^Disabled the continuous deployment policy /.test(line)
      }
    )
    await set
    expect(killed.signal).toBe('SIGKILL')
    const left = await cdState(id)
    // the policy still attached but disabled ("not enabled and has no effect"): green serves nobody
    expect(left).toEqual(expect.objectContaining({ primaryOrigin: blue, stagingOrigin: await originOf('www-green'), policy: expect.objectContaining({ Enabled: false }) }))
    // the alarm is quiet again: the re-run releases green
    await env.clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: 'www-errors', StateValue: 'OK', StateReason: 'fixed' }))
    const rerun = await act(id, 'green', { ...inputs, 'traffic-steps': '5%:1s, 100%' }, { id: runId, attempt: 2 })
    expect([rerun.code, errorLine(rerun)]).toEqual([0, ''])
    expect(rerun.stdout).toContain(`Continuous deployment policy ${left.policyId}: 5% of viewers reach the staging distribution.`)
    await cleanedUpOnGreen(id, before)
  }, 300_000)

  it("another's staging distribution of the same primary, attached to nothing, is neither taken up nor changed nor deleted", async () => {
    const { id, before } = await blueBehindDistribution()
    const theirs = await theirStaging(id, false)
    const run = await act(id, 'green', { phase: 'full', 'traffic-steps': '5%:1s, 100%' })
    expect([run.code, errorLine(run)]).toEqual([0, ''])
    expect(run.stdout).toMatch(/^Copied distribution /m)
    expect(run.stdout).not.toContain(theirs.stagingId)
    expect(await configOf(theirs.stagingId)).toEqual(theirs.config)
    expect((await stagings()).map((d) => d.Id)).toEqual([theirs.stagingId])
    const expected = structuredClone(before)
    expected.Origins!.Items!.find((o) => o.Id === 'app')!.DomainName = await originOf('www-green')
    expect(withoutPolicy(await configOf(id))).toEqual(withoutPolicy(expected))
    expect(await exists('www-blue')).toBe(false) // their copy still names blue, but no policy sends it viewers
  }, 300_000)

  it("another's policy attached to the primary: a stepped release is refused before any CloudFront write, a one-step release switches the origin, leaves their policy alone and keeps blue, which their staging distribution still reaches", async () => {
    const { id } = await blueBehindDistribution()
    const theirs = await theirStaging(id, true)
    const attached = await configOf(id)
    const stepped = await act(id, 'green', { phase: 'full', 'traffic-steps': '5%:1s, 100%' })
    expect(stepped.code).toBe(1)
    expect(stepped.stdout).toContain(
      `Distribution ${id} has the continuous deployment policy ${theirs.policyId} attached, sending traffic to staging distribution ${theirs.stagingId}, which this action did not make for this origin`
    )
    expect(await configOf(id)).toEqual(attached)
    expect((await stagings()).map((d) => d.Id)).toEqual([theirs.stagingId])
    const oneStep = await act(id, 'green', { phase: 'full' })
    const after = await configOf(id)
    expect(after.ContinuousDeploymentPolicyId).toBe(theirs.policyId)
    expect(appOrigin(after)).toBe(await originOf('www-green'))
    expect(await configOf(theirs.stagingId)).toEqual(theirs.config)
    expect((await policies()).map((p) => p.ContinuousDeploymentPolicy?.Id)).toEqual([theirs.policyId])
    // their staging distribution (copied while the origin was blue's) still reaches blue through their header: blue is kept
    expect(oneStep.code).toBe(1)
    expect(errorLine(oneStep)).toContain(`staging distribution ${theirs.stagingId} origin app (continuous deployment policy ${theirs.policyId} of distribution ${id}) points to www-blue`)
    expect(errorLine(oneStep)).toContain('so www-blue will not be deleted')
    expect(oneStep.stdout).toContain(`Another origin of distribution ${id} routes to www-blue`)
    expect(oneStep.stdout).not.toContain('Someone moved')
    expect(await exists('www-blue')).toBe(true)
  }, 300_000)

  it('a dry run of a stepped release says what it would do and changes nothing', async () => {
    const { id, before } = await blueBehindDistribution()
    const dry = await act(id, 'green', { phase: 'full', 'traffic-steps': STEPS, 'dry-run': 'true' })
    expect([dry.code, errorLine(dry)]).toEqual([0, ''])
    expect(dry.stdout).toContain(`[dry-run] www-green does not exist yet: after creating it the run would smoke-test it, switch distribution ${id} default origin to it`)
    expect(await configOf(id)).toEqual(before)
    expect(await stagings()).toEqual([])
    expect(await policies()).toEqual([])
    expect(await exists('www-green')).toBe(false)
  }, 300_000)

  it('a smoke check of green failing during a hold disables the policy, keeps green and fails naming the check; the primary never left blue', async () => {
    const { id, before } = await blueBehindDistribution()
    let broken = false
    const run = await act(
      id,
      'green',
      { phase: 'full', 'traffic-steps': '5%:60s, 100%' },
      {},
      {
        onLine: (line) => {
          if (broken || !ATTACHED.test(line)) return
          broken = true
          server.behave('www-green', () => ({ status: 500, body: 'boom' }))
        }
      }
    )
    expect(broken).toBe(true)
    expect(run.code).toBe(1)
    const failed = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('::error::'))
      .at(-1)!
    expect(failed).toMatch(new RegExp(`www-green failed at 5%25 of the traffic; all of distribution ${id} default origin is back on www-blue`))
    expect(failed).toContain('/www-green/health')
    expect(run.stdout).toMatch(/^Disabled the continuous deployment policy /m)
    expect(run.stdout).not.toMatch(/^Updated distribution \S+: origin app now/m)
    expect(withoutPolicy(await configOf(id))).toEqual(withoutPolicy(before))
    expect(await policies()).toEqual([])
    expect(await exists('www-green')).toBe(true)
    expect(await exists('www-blue')).toBe(true)
    expect(stepsOf(run)).toEqual([expect.objectContaining({ percent: 5, outcome: 'switched back' })])
  }, 300_000)
})
