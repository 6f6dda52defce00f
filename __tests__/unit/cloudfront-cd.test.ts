/**
 * Stepped shifting with the cloudfront router: CloudFront continuous deployment, against the model of
 * __tests__/support/cloudfront-cd-model.ts (aws-sdk-client-mock answers that encode what the CloudFront API
 * reference and developer guide say; each rule is cited there). The emulator has no continuous deployment
 * yet, so this is where the router's sequences are proved: the copy, the policy, the attach, the re-weights,
 * the promotion, the cleanup order, PreconditionFailed, an alarm during a hold, a resume, a half-done cleanup.
 * The core (promote.ts, shift.ts) is driven as __tests__/unit/traffic-shift.test.ts drives it.
 */
import { CloudFormationClient, DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch'
import { TagResourceCommand, type DistributionConfig } from '@aws-sdk/client-cloudfront'
import { mockClient } from 'aws-sdk-client-mock'
import { createClients } from '../../src/aws/all-clients.js'
import { fakeClock, type Clock } from '../../src/clock.js'
import { DeployError, InputError } from '../../src/errors.js'
import type { Environment } from '../../src/core/environments.js'
import { GitHubTracker } from '../../src/core/github.js'
import type { DoorOf } from '../../src/core/inputs.js'
import type { DomainLock } from '../../src/core/lock.js'
import type { Live, Phase } from '../../src/core/phase.js'
import { promote } from '../../src/core/promote.js'
import type { Router } from '../../src/core/router.js'
import { CloudFrontRouter } from '../../src/core/routers/cloudfront.js'
import { SwitchSummary } from '../../src/core/summary.js'
import { CloudFrontModel } from '../support/cloudfront-cd-model.js'
import { testContext } from '../support/context.js'
import { APP_TEMPLATE, extraEnvInputs, PUSH_RUN } from '../support/extra-env.js'

const cfn = mockClient(CloudFormationClient)
const cw = mockClient(CloudWatchClient)
const clients = createClients({ region: 'us-east-1', maxAttempts: 1 })
const MIN = 60_000
const ID = 'E2QWRUHAPOMQZL'
const BLUE = 'blue123.lambda-url.us-east-1.on.aws'
const GREEN = 'green456.lambda-url.us-east-1.on.aws'

function primaryConfig(extra: Partial<DistributionConfig> = {}): DistributionConfig {
  return {
    CallerReference: 'www-2026',
    Comment: 'www.example.com',
    Enabled: true,
    Aliases: { Quantity: 1, Items: ['www.example.com'] },
    Origins: {
      Quantity: 2,
      Items: [
        {
          Id: 'app',
          DomainName: BLUE,
          OriginPath: '',
          CustomHeaders: { Quantity: 0 },
          CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' }
        },
        { Id: 'assets', DomainName: 'assets.s3.us-east-1.amazonaws.com', OriginPath: '', S3OriginConfig: { OriginAccessIdentity: '' }, OriginAccessControlId: 'E1OAC' }
      ]
    },
    DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', Compress: true },
    ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
    WebACLId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/www/1',
    HttpVersion: 'http2',
    PriceClass: 'PriceClass_100',
    ...extra
  }
}

const stackOf = (name: string) => ({
  StackName: name,
  StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/1`,
  StackStatus: 'CREATE_COMPLETE' as const,
  CreationTime: new Date(0),
  Tags: [{ Key: 'bluegreen:stack', Value: 'app' }],
  Outputs: [{ OutputKey: 'OriginDomainName', OutputValue: name === 'app-green' ? GREEN : BLUE }]
})
const green: Environment = { stackName: 'app-green', stackId: 'g', status: 'CREATE_COMPLETE', createdAt: 0, target: { domainName: GREEN }, targetId: GREEN, endpoint: `https://${GREEN}`, outputs: {} }

function lock(takenOver: boolean): DomainLock {
  return {
    takenOver: takenOver ? { holder: { attempt: 1 }, expiresAt: Infinity, intent: { from: 'app-blue', to: 'app-green' } } : undefined,
    assertHeld: async () => undefined,
    mayChange: () => true,
    release: async () => undefined
  } as unknown as DomainLock
}

const CLOUDFRONT = { router: 'cloudfront', 'distribution-id': ID, 'origin-output': 'OriginDomainName', 'domain-name': '' }

/** A promotion of app-green through the cloudfront router, with the core's inputs parsed as the action parses them. */
function phase(values: Record<string, string>, opts: { clock?: Clock; takenOver?: boolean } = {}) {
  const ctx = testContext(clients, { clock: opts.clock ?? fakeClock(), pollMs: 2000 })
  const inputs = extraEnvInputs({ mode: 'extra-env', 'stack-name': 'app', template: APP_TEMPLATE, extra: 'green', ...CLOUDFRONT, 'keep-previous': 'true', 'verify-seconds': '60', ...values })
  const router = new CloudFrontRouter(ctx, inputs.extraEnv.door as DoorOf<'cloudfront'>, 'us-east-1')
  const p: Phase = {
    ctx,
    inputs,
    router: router as Router,
    summary: new SwitchSummary('Origin', 'Origin switch'),
    run: PUSH_RUN,
    github: new GitHubTracker(ctx, PUSH_RUN),
    lock: lock(!!opts.takenOver)
  }
  return { p, ctx, router }
}

async function blueLive(router: CloudFrontRouter): Promise<Live> {
  return { stackName: 'app-blue', stack: stackOf('app-blue'), reading: await router.read() }
}

function alarmWhen(when: () => boolean) {
  cw.on(DescribeAlarmsCommand).callsFake(async () => ({
    MetricAlarms: [
      {
        AlarmName: 'errors',
        AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors',
        StateValue: when() ? 'ALARM' : 'OK',
        StateReason: when()
          ? 'Threshold Crossed: 1 datapoint [12.0 (01/12/26 13:00:00)] was greater than the threshold (5.0).'
          : 'Threshold Crossed: no datapoints were greater than the threshold (5.0).'
      }
    ]
  }))
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => Promise.reject(new Error('succeeded')),
    (err: unknown) => err as DeployError
  )

/** The model's writes, with the generated ids replaced by what they are. */
function named(model: CloudFrontModel): string[] {
  return model.writes.map((w) =>
    w
      .replace(ID, 'PRIMARY')
      .replace(/ESTAGE\d+/, 'STAGING')
      .replace(/CDP\d+/, 'POLICY')
  )
}

let model: CloudFrontModel
beforeEach(() => {
  cfn.reset()
  cw.reset()
  cfn.on(DescribeStacksCommand).callsFake(async (input: { StackName?: string }) => ({ Stacks: [stackOf(input.StackName!)] }))
  model = new CloudFrontModel()
  model.addPrimary(ID, primaryConfig())
})

describe('a stepped release through CloudFront continuous deployment', () => {
  it('copies the primary to a staging distribution on green, attaches a weight policy, re-weights it, then moves the primary and cleans up in the order AWS requires', async () => {
    // another app's staging distribution in the same account: never touched
    model.addPrimary('EOTHERSTAGING', { ...primaryConfig(), CallerReference: 'someone-else', Staging: true, Aliases: { Quantity: 0 } })
    const foreign = structuredClone(model.distributions.get('EOTHERSTAGING'))
    // and one the action's IAM policy does not even let it read (not tagged for this primary)
    model.addPrimary('EUNREADABLE', { ...primaryConfig(), CallerReference: 'another-team', Staging: true, Aliases: { Quantity: 0 } })
    model.denied.add('EUNREADABLE')
    alarmWhen(() => false)
    const { p, ctx, router } = phase({ 'traffic-steps': '5%:5m, 15%:5m, 100%', alarms: 'errors' })
    const before = structuredClone(model.distributions.get(ID)!.config)
    await promote(p, green, await blueLive(router), { smokeFirst: false })

    expect(named(model)).toEqual([
      'CopyDistribution PRIMARY', // Staging=true, IfMatch the primary's ETag
      'UpdateDistribution STAGING', // its origin app on green
      'CreateContinuousDeploymentPolicy POLICY', // SingleWeight 0.05
      'UpdateDistribution PRIMARY', // ContinuousDeploymentPolicyId attached
      'UpdateContinuousDeploymentPolicy POLICY', // 0.15
      'UpdateDistribution PRIMARY', // the promotion: the primary's origin on green
      'UpdateDistribution PRIMARY', // the policy detached
      'DeleteContinuousDeploymentPolicy POLICY',
      'UpdateDistribution STAGING' // disabled; deleted once Deployed (drained, below)
    ])
    // what viewers reached after each write: never nothing, blue's share only ever shrinking until all is on green
    expect(model.traffic.map((t) => [t.primary === BLUE ? 'blue' : 'green', t.staging ? `${t.staging.origin === GREEN ? 'green' : 'blue'} ${t.staging.share}%` : '-'])).toEqual([
      ['blue', '-'],
      ['blue', '-'],
      ['blue', '-'],
      ['blue', 'green 5%'],
      ['blue', 'green 15%'],
      ['green', 'green 15%'],
      ['green', '-'],
      ['green', '-'],
      ['green', '-']
    ])
    const [staging] = model.stagingDistributions.filter((d) => d.id.startsWith('ESTAGE'))
    expect(staging.config).toMatchObject({ Staging: true, Enabled: false, CallerReference: expect.stringMatching(new RegExp(`^bluegreen-action:${ID}:[0-9a-f]{12}:`)) })
    expect(staging.tags).toEqual({ 'bluegreen:staging-of': ID })
    expect(model.mock.commandCalls(TagResourceCommand)).toHaveLength(1)
    // the primary: green's origin, every other field as it was, no policy left
    const after = model.distributions.get(ID)!.config
    const expected = structuredClone(before)
    expected.Origins!.Items![0].DomainName = GREEN
    expect(after).toEqual({ ...expected, ContinuousDeploymentPolicyId: '' })
    expect(model.policies.size).toBe(0)

    // before blue is deleted, the core waits for Deployed: the staging distribution goes then
    await router.drained({ domainName: BLUE })
    expect(named(model).at(-1)).toBe('DeleteDistribution STAGING')
    expect(model.distributions.has(staging.id)).toBe(false)
    expect(model.distributions.get('EOTHERSTAGING')).toEqual(foreign)
    const result = JSON.parse(ctx.outputs['traffic-steps-result']) as { percent: number; outcome: string }[]
    expect(result.map((r) => [r.percent, r.outcome])).toEqual([
      [5, 'held'],
      [15, 'held'],
      [100, 'switched']
    ])
  })

  it('reports green’s share from the policy attached to the primary, and counts the staging distribution as a route to green (destroy refused)', async () => {
    const { router } = phase({ 'traffic-steps': '5%:5m, 15%:5m, 100%' })
    expect(await router.readWeights({ domainName: GREEN })).toBeUndefined()
    await router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 5)
    expect(await router.readWeights({ domainName: GREEN })).toEqual({ green: 5 })
    expect(await router.readWeights({ domainName: 'other.lambda-url.us-east-1.on.aws' })).toBeUndefined()
    const routes = await router.routesTo('app-green')
    expect(routes.routes).toEqual([
      expect.objectContaining({
        where: expect.stringMatching(/^staging distribution ESTAGE\d+ origin app \(continuous deployment policy CDP\d+ of distribution E2QWRUHAPOMQZL\)$/),
        reaches: `origin ${GREEN}`,
        // a route into green (destroy and sweep refuse on any route), though not the moving origin itself
        isFrontDoor: false
      })
    ])
    // the primary still points to blue: that is what the core reads as live
    expect((await router.read()).domainName).toBe(BLUE)
  })
})

describe('PreconditionFailed: someone else changed the distribution in between', () => {
  it('on attach: reads the primary again and attaches to what it is now, keeping their change', async () => {
    const { ctx, router } = phase({ 'traffic-steps': '5%:5m, 100%' })
    model.interfere.set(`UpdateDistribution ${ID}`, (d) => void (d.config.Comment = 'changed by the platform team'))
    await router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 5)
    const primary = model.distributions.get(ID)!.config
    expect(primary.Comment).toBe('changed by the platform team')
    expect(primary.ContinuousDeploymentPolicyId).toMatch(/^CDP\d+$/)
    expect(ctx.log.text()).toMatch(/Distribution E2QWRUHAPOMQZL changed since it was read \(PreconditionFailed: ETag \w+ is no longer current\); reading it again \(attempt 2 of 5\)/)
  })

  it('on copy: copies the primary as it is now', async () => {
    const { router } = phase({ 'traffic-steps': '5%:5m, 100%' })
    model.interfere.set(`CopyDistribution ${ID}`, (d) => void (d.config.PriceClass = 'PriceClass_All'))
    await router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 5)
    expect(model.stagingDistributions[0].config.PriceClass).toBe('PriceClass_All')
  })

  it('on promotion: the primary is written as read again, so a change made since the copy is kept, not reverted to the copy', async () => {
    const { router } = phase({ 'traffic-steps': '5%:5m, 100%' })
    await router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 5)
    // a change after the copy, and another one racing the promotion
    model.distributions.get(ID)!.config.DefaultCacheBehavior!.Compress = false
    model.interfere.set(`UpdateDistribution ${ID}`, (d) => void (d.config.Comment = 'racing change'))
    const written = await router.write(await router.read(), { domainName: GREEN })
    expect(written.domainName).toBe(GREEN)
    const primary = model.distributions.get(ID)!.config
    expect(primary).toMatchObject({ Comment: 'racing change', DefaultCacheBehavior: { Compress: false }, ContinuousDeploymentPolicyId: '' })
    expect(model.stagingDistributions[0].config.DefaultCacheBehavior!.Compress).toBe(true) // the copy never reached the primary
  })
})

describe('an alarm during a hold', () => {
  it('disables the policy in one write (all viewers back on blue), keeps green and fails naming the alarm; then cleans up', async () => {
    const clock = fakeClock()
    const t0 = clock.now()
    alarmWhen(() => clock.now() >= t0 + 7 * MIN)
    const { p, router } = phase({ 'traffic-steps': '5%:5m, 15%:5m, 100%', alarms: 'errors', 'keep-previous': 'false' }, { clock })
    const err = await failure(promote(p, green, await blueLive(router), { smokeFirst: false }))
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(/^app-green failed at 15% of the traffic; all of distribution E2QWRUHAPOMQZL default origin is back on app-blue/)
    expect(err.rootCause).toMatch(/^alarm errors is in ALARM \(Threshold Crossed/)
    const writes = named(model)
    const back = writes.indexOf('UpdateContinuousDeploymentPolicy POLICY', writes.indexOf('UpdateContinuousDeploymentPolicy POLICY') + 1)
    expect(writes.slice(back)).toEqual(['UpdateContinuousDeploymentPolicy POLICY', 'UpdateDistribution PRIMARY', 'DeleteContinuousDeploymentPolicy POLICY', 'UpdateDistribution STAGING'])
    // right after that one write no viewer reaches green
    expect(model.traffic[back]).toEqual({ primary: BLUE })
    expect(model.traffic.every((t) => t.primary === BLUE)).toBe(true)
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0)
  })
})

describe('crash safety', () => {
  it('a re-run of the same workflow run resumes at the step that matches the policy it finds, without a second copy', async () => {
    alarmWhen(() => false)
    const first = phase({ 'traffic-steps': '5%:5m, 10%:5m, 15%:5m, 100%', alarms: 'errors' })
    // the first attempt got to 10% and was killed in that hold
    await first.router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 5)
    await first.router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 10)
    const copies = named(model).filter((w) => w.startsWith('CopyDistribution')).length
    const rerun = phase({ 'traffic-steps': '5%:5m, 10%:5m, 15%:5m, 100%', alarms: 'errors' }, { takenOver: true })
    await promote(rerun.p, green, await blueLive(rerun.router), { smokeFirst: false })
    expect(rerun.ctx.log.text()).toContain('An earlier attempt of this run left 10% of distribution E2QWRUHAPOMQZL default origin on app-green: resuming at 10% (its hold again in full).')
    expect(named(model).filter((w) => w.startsWith('CopyDistribution'))).toHaveLength(copies)
    expect(model.traffic.every((t) => t.primary === BLUE || t.primary === GREEN)).toBe(true)
    const result = JSON.parse(rerun.ctx.outputs['traffic-steps-result']) as { percent: number; resumed?: boolean }[]
    expect(result.map((r) => r.percent)).toEqual([10, 15, 100])
    expect(result[0].resumed).toBe(true)
  })

  it('an attempt stopped between the copy and the attach: the re-run takes up the staging distribution and its policy instead of copying again', async () => {
    const { router } = phase({ 'traffic-steps': '5%:5m, 100%' })
    model.failOnce.set(`UpdateDistribution ${ID}`, Object.assign(new Error('We encountered an internal error. Please try again.'), { name: 'ServiceUnavailable', $fault: 'server' }))
    await expect(router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 5)).rejects.toThrow(/internal error/)
    expect(model.policies.size).toBe(1)
    expect(model.distributions.get(ID)!.config.ContinuousDeploymentPolicyId).toBeFalsy()
    const again = phase({ 'traffic-steps': '5%:5m, 100%' })
    await again.router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 5)
    expect(model.stagingDistributions).toHaveLength(1)
    expect(model.policies.size).toBe(1)
    expect(model.distributions.get(ID)!.config.ContinuousDeploymentPolicyId).toBe([...model.policies.keys()][0])
    expect(again.ctx.log.text()).toMatch(/was copied from E2QWRUHAPOMQZL by an earlier attempt and is attached to nothing: taking it up again/)
    expect(again.ctx.log.text()).toMatch(/The continuous deployment policy CDP\d+ for staging distribution ESTAGE\d+ was made by an earlier attempt: using it/)
  })

  it('a policy an earlier release left attached (stopped right after its promotion) is cleaned up before the next release copies the distribution afresh', async () => {
    const earlier = phase({ 'traffic-steps': '5%:5m, 100%' })
    await earlier.router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 5)
    // its promotion wrote the origin, then the run stopped before the cleanup
    model.distributions.get(ID)!.config.Origins!.Items![0].DomainName = GREEN
    const [old] = model.stagingDistributions
    const next = phase({ 'traffic-steps': '5%:5m, 100%' })
    const NEXT = 'next789.lambda-url.us-east-1.on.aws'
    await next.router.setWeights({ domainName: GREEN }, { domainName: NEXT }, 5)
    expect(next.ctx.log.text()).toMatch(/were left by an earlier release: cleaning them up, then copying the distribution as it is now/)
    expect(model.stagingDistributions.map((d) => [d.id === old.id ? 'old' : 'new', d.config.Enabled, d.config.Origins!.Items![0].DomainName])).toEqual([
      ['old', false, GREEN],
      ['new', true, NEXT]
    ])
    expect(model.policies.size).toBe(1)
    expect(model.trafficOf(ID)).toEqual({ primary: GREEN, staging: { origin: NEXT, share: 5 } })
  })

  it('the commands to finish by hand do not ask to disable a staging distribution that is disabled already', async () => {
    const { ctx, router } = phase({ 'traffic-steps': '5%:5m, 100%' })
    await router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 5)
    const staging = model.stagingDistributions[0]
    staging.config.Enabled = false
    await router.write(await router.read(), { domainName: GREEN })
    // not Deployed yet at the promotion: left for the wait before blue's delete, a later run or a hand
    expect(ctx.log.text()).toContain(
      `Left for a later run (or by hand): aws cloudfront get-distribution-config --id ${staging.id}  # it is disabled already: wait until get-distribution reads Deployed, then:`
    )
    expect(ctx.log.text()).not.toMatch(/set Enabled to false/)
  })

  it('a cleanup that failed half-way warns with the commands to finish, does not fail the release, and the next look finishes it', async () => {
    const { ctx, router } = phase({ 'traffic-steps': '5%:5m, 100%' })
    await router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 5)
    const policyId = [...model.policies.keys()][0]
    model.failOnce.set(`UpdateDistribution ${model.stagingDistributions[0].id}`, Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }))
    const written = await router.write(await router.read(), { domainName: GREEN })
    expect(written.domainName).toBe(GREEN)
    expect(ctx.log.text()).toMatch(
      /warning: Traffic is where it belongs, but cleaning up CloudFront continuous deployment failed while deleting staging distribution ESTAGE\d+: Rate exceeded\. To finish by hand: aws cloudfront get-distribution-config --id ESTAGE\d+ {2}# set Enabled to false/
    )
    expect(model.policies.has(policyId)).toBe(false)
    expect(model.stagingDistributions[0].config.Enabled).toBe(true)
    // the re-run (or the wait before blue is deleted) finishes it
    const rerun = phase({ 'traffic-steps': '5%:5m, 100%' })
    await rerun.router.drained({ domainName: BLUE })
    expect(model.stagingDistributions).toHaveLength(0)
    expect(named(model).slice(-2)).toEqual(['UpdateDistribution STAGING', 'DeleteDistribution STAGING'])
  })
})

describe('header-only test traffic (staging-header)', () => {
  it('0% steps send only the requests with the header to green, then weights, then the promotion', async () => {
    alarmWhen(() => false)
    const { p, ctx, router } = phase({ 'traffic-steps': '0%:5m, 10%:5m, 100%', 'staging-header': 'aws-cf-cd-Canary: yes', alarms: 'errors' })
    await promote(p, green, await blueLive(router), { smokeFirst: false })
    expect(model.traffic.filter((t) => t.staging).map((t) => t.staging!.share)).toEqual(['header', 10, 10])
    expect(ctx.log.text()).toContain(`Only requests with the header aws-cf-cd-canary reach ${GREEN}; every other viewer stays on ${BLUE}.`)
    // the step says what it sends, not "0% of" the distribution
    expect(ctx.log.text()).toContain(`::group::Send the requests to distribution ${ID} default origin with header aws-cf-cd-canary to app-green and hold 5 min 0 s`)
    expect(ctx.log.text()).toContain(`::group::Send 10% of distribution ${ID} default origin to app-green and hold 5 min 0 s`)
    expect(ctx.log.text()).not.toMatch(/Send 0% of/)
    expect(model.distributions.get(ID)!.config.Origins!.Items![0].DomainName).toBe(GREEN)
  })

  it('reads as 0% for green while only the header reaches it', async () => {
    const { router } = phase({ 'traffic-steps': '0%:5m, 100%', 'staging-header': 'aws-cf-cd-canary: yes' })
    await router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 0)
    const policy = [...model.policies.values()][0]
    expect(policy.config.TrafficConfig).toEqual({ Type: 'SingleHeader', SingleHeaderConfig: { Header: 'aws-cf-cd-canary', Value: 'yes' } })
    expect(await router.readWeights({ domainName: GREEN })).toEqual({ green: 0 })
  })
})

describe('refusals', () => {
  const steps = { 'traffic-steps': '5%:5m, 100%' }

  it('a distribution with HTTP/3, before any write', async () => {
    model.addPrimary(ID, primaryConfig({ HttpVersion: 'http2and3' }))
    const { router } = phase(steps)
    await expect(router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 5)).rejects.toThrow(
      /^Distribution E2QWRUHAPOMQZL cannot send part of its traffic to green456\.lambda-url\.us-east-1\.on\.aws through CloudFront continuous deployment: it supports HTTP\/3/
    )
    expect(model.writes).toEqual([])
    // asked before green is deployed (requireShiftable): the same reason, from one read
    expect(await router.whyNoSteps()).toMatch(/^distribution E2QWRUHAPOMQZL supports HTTP\/3 \(HttpVersion http2and3\)/)
    expect(model.writes).toEqual([])
  })

  it("another's policy attached to the primary: nothing of it is touched", async () => {
    const other = model.addPrimary('EOTHERSTAGING', { ...primaryConfig(), CallerReference: 'made-by-hand', Staging: true, Aliases: { Quantity: 0 } })
    model.policies.set('CDPHAND', {
      id: 'CDPHAND',
      etag: 'EHAND',
      config: { Enabled: true, StagingDistributionDnsNames: { Quantity: 1, Items: [other.domainName] }, TrafficConfig: { Type: 'SingleWeight', SingleWeightConfig: { Weight: 0.1 } } }
    })
    model.distributions.get(ID)!.config.ContinuousDeploymentPolicyId = 'CDPHAND'
    const { router } = phase(steps)
    const err = await failure(router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 5))
    expect(err.message).toMatch(
      /^Distribution E2QWRUHAPOMQZL has the continuous deployment policy CDPHAND attached, sending traffic to staging distribution EOTHERSTAGING, which this action did not make for this origin/
    )
    // a one-step switch of the origin leaves their policy alone too
    await router.write(await router.read(), { domainName: GREEN })
    expect(named(model)).toEqual(['UpdateDistribution PRIMARY'])
    expect(model.policies.get('CDPHAND')!.config.Enabled).toBe(true)
    expect(model.distributions.get(ID)!.config.ContinuousDeploymentPolicyId).toBe('CDPHAND')
  })

  it('a primary that no longer points to blue, or a weight over 15%', async () => {
    const { router } = phase(steps)
    await expect(router.setWeights({ domainName: 'someone-else.example.com' }, { domainName: GREEN }, 5)).rejects.toThrow(
      /points to blue123\.lambda-url\.us-east-1\.on\.aws, not to someone-else\.example\.com \(blue\)/
    )
    await expect(router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 20)).rejects.toThrow(/at most 15% to a staging distribution, not 20%/)
    await expect(router.setWeights({ domainName: BLUE }, { domainName: GREEN }, 0)).rejects.toThrow(/A 0% step sends nothing to green without staging-header/)
    expect(model.writes).toEqual([])
  })

  it('inputs: staging-header and 0% steps, before any AWS call, naming the input', () => {
    const refusal = (values: Record<string, string>) => {
      try {
        extraEnvInputs({ mode: 'extra-env', 'stack-name': 'app', template: APP_TEMPLATE, extra: 'green', ...CLOUDFRONT, ...values })
      } catch (err) {
        expect(err).toBeInstanceOf(InputError)
        return (err as InputError).message
      }
      throw new Error('accepted')
    }
    expect(refusal({ 'traffic-steps': '0%:5m, 100%' })).toMatch(/^Input 'traffic-steps': .* with router cloudfront: 0% sends nothing to the new environment unless staging-header is given/)
    expect(refusal({ 'traffic-steps': '0%:5m, 100%', 'staging-header': 'x-canary: yes' })).toMatch(
      /^Input 'staging-header': is not a header CloudFront continuous deployment takes: CloudFront sends to a staging distribution only headers whose name starts with aws-cf-cd-/
    )
    expect(refusal({ 'traffic-steps': '0%:5m, 100%', 'staging-header': 'aws-cf-cd-canary' })).toMatch(/^Input 'staging-header': is not a header .*accepted: aws-cf-cd-<name>: <value>/)
    expect(refusal({ 'traffic-steps': '5%:5m, 100%', 'staging-header': 'aws-cf-cd-canary: yes' })).toMatch(/^Input 'staging-header': reaches the new environment only in a 0% step of traffic-steps/)
    expect(refusal({ 'traffic-steps': '100%', 'staging-header': 'aws-cf-cd-canary: yes' })).toMatch(/^Input 'staging-header': reaches the new environment only in a 0% step/)
    expect(refusal({ 'traffic-steps': '0%:5m, 20%:5m, 100%', 'staging-header': 'aws-cf-cd-canary: yes' })).toMatch(/at most 15% by weight/)
    expect(refusal({ router: 'route53', 'hosted-zone-id': 'Z123', 'record-name': 'www.example.com', 'target-output': 'DnsName', 'staging-header': 'aws-cf-cd-canary: yes' })).toBe(
      "Input 'staging-header': is used only with router cloudfront (CloudFront continuous deployment), not with router route53; remove it"
    )
    const door = extraEnvInputs({
      mode: 'extra-env',
      'stack-name': 'app',
      template: APP_TEMPLATE,
      extra: 'green',
      ...CLOUDFRONT,
      'traffic-steps': '0%:10m, 5%:5m, 100%',
      'staging-header': 'AWS-CF-CD-Canary : yes please'
    }).extraEnv
    expect(door.door).toMatchObject({ stagingHeader: { name: 'aws-cf-cd-canary', value: 'yes please' } })
    expect(door.trafficSteps.map((s) => s.percent)).toEqual([0, 5, 100])
  })
})
