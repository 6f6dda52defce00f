/**
 * The cloudfront router against aws-sdk-client-mock answer sequences that encode CloudFront's documented
 * behaviour where the emulator is not faithful (moto ignores IfMatch, never changes an ETag and reads
 * `Deployed` on the first GetDistribution; docs/emulator.md):
 * - UpdateDistribution replaces the whole DistributionConfig and takes the ETag of the read in IfMatch; a
 *   stale one is refused with PreconditionFailed (HTTP 412) and a new read returns a new ETag
 *   (https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_UpdateDistribution.html, "Errors" and
 *   "Updating a distribution": "submit a GetDistributionConfig request to get the current configuration and an
 *   Etag header").
 * - After an update, GetDistribution reads Status `InProgress` until the change has propagated to every edge
 *   location, then `Deployed`
 *   (https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_Distribution.html, Status).
 */
import { mockClient } from 'aws-sdk-client-mock'
import { CloudFrontClient, GetDistributionCommand, GetDistributionConfigCommand, PreconditionFailed, UpdateDistributionCommand, type DistributionConfig, type Origin } from '@aws-sdk/client-cloudfront'
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { createClients } from '../../src/aws/all-clients.js'
import { fakeClock } from '../../src/clock.js'
import { DeployError, TimeoutError } from '../../src/errors.js'
import type { EnvironmentStack } from '../../src/core/environments.js'
import type { DoorOf } from '../../src/core/inputs.js'
import type { StackView } from '../../src/core/router.js'
import { parseOriginDomain, unmovable } from '../../src/core/routers/cloudfront-origin.js'
import { CloudFrontRouter, MAX_WRITE_ATTEMPTS, type OriginReading } from '../../src/core/routers/cloudfront.js'
import { createRouter } from '../../src/core/routers/index.js'
import { testContext } from '../support/context.js'

const cf = mockClient(CloudFrontClient)
const cfn = mockClient(CloudFormationClient)
const clients = createClients({ region: 'eu-west-1', maxAttempts: 1 })
const ID = 'E2QWRUHAPOMQZL'
const BLUE = 'blue123.lambda-url.eu-west-1.on.aws'
const GREEN = 'green456.lambda-url.eu-west-1.on.aws'
const DOOR: DoorOf<'cloudfront'> = { router: 'cloudfront', distributionId: ID, originOutput: 'OriginDomainName' }

/** A distribution as a platform team runs it: an app origin, an S3 assets origin, every kind of setting the switch must keep. */
function distributionConfig(appDomain = BLUE, extra: Partial<DistributionConfig> = {}): DistributionConfig {
  return {
    CallerReference: 'www-2026',
    Comment: 'www.example.com',
    Enabled: true,
    Aliases: { Quantity: 2, Items: ['www.example.com', 'example.com'] },
    DefaultRootObject: '',
    Origins: {
      Quantity: 2,
      Items: [
        {
          Id: 'app',
          DomainName: appDomain,
          OriginPath: '',
          CustomHeaders: { Quantity: 1, Items: [{ HeaderName: 'X-Origin-Verify', HeaderValue: 'secret-1' }] },
          CustomOriginConfig: {
            HTTPPort: 80,
            HTTPSPort: 443,
            OriginProtocolPolicy: 'https-only',
            OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] },
            OriginReadTimeout: 30,
            OriginKeepaliveTimeout: 5
          },
          ConnectionAttempts: 3,
          ConnectionTimeout: 10,
          OriginShield: { Enabled: true, OriginShieldRegion: 'eu-west-1' }
        },
        {
          Id: 'assets',
          DomainName: 'assets-bucket.s3.eu-west-1.amazonaws.com',
          OriginPath: '/v2',
          S3OriginConfig: { OriginAccessIdentity: '' },
          OriginAccessControlId: 'E1OACASSETS',
          CustomHeaders: { Quantity: 0 },
          ConnectionAttempts: 3,
          ConnectionTimeout: 10
        }
      ]
    },
    DefaultCacheBehavior: {
      TargetOriginId: 'app',
      ViewerProtocolPolicy: 'redirect-to-https',
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      FunctionAssociations: { Quantity: 1, Items: [{ EventType: 'viewer-request', FunctionARN: 'arn:aws:cloudfront::123456789012:function/rewrite' }] },
      Compress: true
    },
    CacheBehaviors: { Quantity: 1, Items: [{ PathPattern: '/static/*', TargetOriginId: 'assets', ViewerProtocolPolicy: 'https-only', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' }] },
    CustomErrorResponses: { Quantity: 1, Items: [{ ErrorCode: 404, ResponsePagePath: '/404.html', ResponseCode: '404', ErrorCachingMinTTL: 10 }] },
    Logging: { Enabled: true, IncludeCookies: false, Bucket: 'logs.s3.amazonaws.com', Prefix: 'www/' },
    PriceClass: 'PriceClass_100',
    ViewerCertificate: { ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
    Restrictions: { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } },
    WebACLId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/www/1',
    HttpVersion: 'http2and3',
    IsIPV6Enabled: true,
    ...extra
  }
}

function precondition(): PreconditionFailed {
  return new PreconditionFailed({ message: 'The If-Match version is missing or not valid for the resource.', $metadata: { httpStatusCode: 412 } })
}

function throttled(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $fault: 'client', $metadata: { httpStatusCode: 400 } })
}

function stackView(stackName: string, outputs: Record<string, string>): StackView {
  return {
    stackName,
    stackId: `arn:aws:cloudformation:eu-west-1:123456789012:stack/${stackName}/1`,
    stack: { StackName: stackName, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() },
    outputs
  }
}

function environment(stackName: string, outputs: Record<string, string>, ownership: EnvironmentStack['ownership'] = 'ours'): EnvironmentStack {
  return { stackName, stackId: `${stackName}-id`, status: 'CREATE_COMPLETE', createdAt: 0, tagged: ownership === 'ours', ownership, outputs }
}

function router(door: Partial<DoorOf<'cloudfront'>> = {}, ctx = testContext(clients)) {
  return { ctx, router: new CloudFrontRouter(ctx, { ...DOOR, ...door }, 'eu-west-1') }
}

beforeEach(() => {
  cf.reset()
  cfn.reset()
})

describe('the front door', () => {
  it('is created by createRouter for router cloudfront, with one lock per distribution and origin', async () => {
    const made = await createRouter(testContext(clients), { ...DOOR, originId: 'app' }, 'eu-west-1')
    expect(made).toBeInstanceOf(CloudFrontRouter)
    expect(made.lockKey).toEqual({ scope: `cloudfront-${ID}`, path: 'app' })
    expect(made.services).toEqual(['cloudfront'])
    expect(made.targetNoun).toBe('Origin')
    expect(router().router.lockKey).toEqual({ scope: `cloudfront-${ID}`, path: '' })
  })

  it("reads the default cache behavior's origin with its ETag, and reports the first alias as the URL users reach", async () => {
    cf.on(GetDistributionConfigCommand, { Id: ID }).resolves({ ETag: 'E1', DistributionConfig: distributionConfig() })
    const { router: r } = router()
    expect(r.where).toBe(`distribution ${ID} default origin`)
    const reading = await r.read()
    expect(reading).toMatchObject({ domainName: BLUE, originId: 'app', etag: 'E1' })
    expect(r.where).toBe(`distribution ${ID} default origin`)
    expect(router({ originId: 'app' }).router.where).toBe(`distribution ${ID} origin app`)
    expect(r.url).toBe('https://www.example.com')
    expect(cf.commandCalls(GetDistributionCommand)).toHaveLength(0)
  })

  it("reports the distribution's own domain as the URL when it has no alias (read once)", async () => {
    cf.on(GetDistributionConfigCommand).resolves({ ETag: 'E1', DistributionConfig: distributionConfig(BLUE, { Aliases: { Quantity: 1, Items: ['*.example.com'] } }) })
    cf.on(GetDistributionCommand).resolves({
      ETag: 'E1',
      Distribution: {
        Id: ID,
        ARN: '',
        Status: 'Deployed',
        DomainName: 'd111111abcdef8.cloudfront.net',
        LastModifiedTime: new Date(),
        InProgressInvalidationBatches: 0,
        DistributionConfig: distributionConfig()
      }
    })
    const { router: r } = router()
    await r.read()
    await r.read()
    expect(r.url).toBe('https://d111111abcdef8.cloudfront.net')
    expect(cf.commandCalls(GetDistributionCommand)).toHaveLength(1)
  })

  it('refuses an origin-id the distribution lacks, naming origin-id and the origins it has', async () => {
    cf.on(GetDistributionConfigCommand).resolves({ ETag: 'E1', DistributionConfig: distributionConfig() })
    const err = await router({ originId: 'web' })
      .router.read()
      .catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toContain('has no origin web (origin-id); its origins: app, assets')
  })

  it('asks for origin-id when the default cache behavior targets an origin group', async () => {
    const config = distributionConfig(BLUE, {
      OriginGroups: {
        Quantity: 1,
        Items: [{ Id: 'failover', FailoverCriteria: { StatusCodes: { Quantity: 1, Items: [502] } }, Members: { Quantity: 2, Items: [{ OriginId: 'app' }, { OriginId: 'assets' }] } }]
      }
    })
    config.DefaultCacheBehavior!.TargetOriginId = 'failover'
    cf.on(GetDistributionConfigCommand).resolves({ ETag: 'E1', DistributionConfig: config })
    await expect(router().router.read()).rejects.toThrow(/targets the origin group failover \(app, assets\)[\s\S]*Set origin-id/)
    expect((await router({ originId: 'app' }).router.read()).domainName).toBe(BLUE)
  })

  it('says which distribution does not exist', async () => {
    cf.on(GetDistributionConfigCommand).rejects(Object.assign(new Error('The specified distribution does not exist.'), { name: 'NoSuchDistribution', $metadata: { httpStatusCode: 404 } }))
    await expect(router().router.read()).rejects.toThrow(`CloudFront distribution ${ID} does not exist`)
  })
})

describe('write: UpdateDistribution with IfMatch', () => {
  it("sends the configuration it read back whole, with only the moving origin's DomainName changed, and the read's ETag as IfMatch", async () => {
    const read = distributionConfig()
    cf.on(GetDistributionConfigCommand).resolves({ ETag: 'E1', DistributionConfig: read })
    cf.on(UpdateDistributionCommand).callsFake((input) => ({
      ETag: 'E2',
      Distribution: { Id: ID, Status: 'InProgress', DomainName: 'd1.cloudfront.net', DistributionConfig: input.DistributionConfig }
    }))
    const { router: r } = router()
    const written = await r.write(await r.read(), { domainName: GREEN })
    const calls = cf.commandCalls(UpdateDistributionCommand)
    expect(calls).toHaveLength(1)
    const sent = calls[0].args[0].input
    expect(sent.Id).toBe(ID)
    expect(sent.IfMatch).toBe('E1')
    const expected = distributionConfig(GREEN)
    expect(sent.DistributionConfig).toEqual(expected)
    expect(read).toEqual(distributionConfig()) // the reading itself is not changed
    expect(written).toMatchObject({ domainName: GREEN, etag: 'E2', originId: 'app' })
  })

  it('moves the origin origin-id names, whatever the default cache behavior targets', async () => {
    const config = distributionConfig()
    config.Origins!.Items!.push({ Id: 'api', DomainName: 'blue-api.execute-api.eu-west-1.amazonaws.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } })
    config.Origins!.Quantity = 3
    cf.on(GetDistributionConfigCommand).resolves({ ETag: 'E1', DistributionConfig: config })
    cf.on(UpdateDistributionCommand).callsFake((input) => ({ ETag: 'E2', Distribution: { DistributionConfig: input.DistributionConfig } }))
    const { router: r } = router({ originId: 'api' })
    await r.write(await r.read(), { domainName: 'green-api.execute-api.eu-west-1.amazonaws.com' })
    const origins = cf.commandCalls(UpdateDistributionCommand)[0].args[0].input.DistributionConfig!.Origins!.Items!
    expect(origins.map((o) => o.DomainName)).toEqual([BLUE, 'assets-bucket.s3.eu-west-1.amazonaws.com', 'green-api.execute-api.eu-west-1.amazonaws.com'])
  })

  it('on PreconditionFailed reads again and retries with the new ETag, keeping what the other writer changed', async () => {
    // another writer changes the comment between our read and our update: CloudFront gives the distribution a new ETag
    cf.on(GetDistributionConfigCommand)
      .resolvesOnce({ ETag: 'E1', DistributionConfig: distributionConfig() })
      .resolves({ ETag: 'E7', DistributionConfig: distributionConfig(BLUE, { Comment: 'changed by the platform team' }) })
    cf.on(UpdateDistributionCommand)
      .rejectsOnce(precondition())
      .callsFake((input) => ({ ETag: 'E8', Distribution: { DistributionConfig: input.DistributionConfig } }))
    const { ctx, router: r } = router()
    const written = await r.write(await r.read(), { domainName: GREEN })
    const calls = cf.commandCalls(UpdateDistributionCommand).map((c) => c.args[0].input)
    expect(calls.map((c) => c.IfMatch)).toEqual(['E1', 'E7'])
    expect(calls[1].DistributionConfig).toEqual(distributionConfig(GREEN, { Comment: 'changed by the platform team' }))
    expect(written.etag).toBe('E8')
    expect(ctx.log.text()).toContain('changed since it was read (PreconditionFailed: ETag E1 is no longer current); reading it again (attempt 2 of 5)')
  })

  it(`gives up after ${MAX_WRITE_ATTEMPTS} PreconditionFailed answers, saying the origin was not switched`, async () => {
    let etag = 0
    cf.on(GetDistributionConfigCommand).callsFake(() => ({ ETag: `E${++etag}`, DistributionConfig: distributionConfig() }))
    cf.on(UpdateDistributionCommand).rejects(precondition())
    const { router: r } = router()
    const err = await r.write(await r.read(), { domainName: GREEN }).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toContain(`changed between each of ${MAX_WRITE_ATTEMPTS} reads and the update that followed (PreconditionFailed); its origin was not switched`)
    expect(cf.commandCalls(UpdateDistributionCommand).map((c) => c.args[0].input.IfMatch)).toEqual(['E1', 'E2', 'E3', 'E4', 'E5'])
  })

  it('stops, writing nothing more, when the re-read finds the origin moved elsewhere by someone else', async () => {
    cf.on(GetDistributionConfigCommand)
      .resolvesOnce({ ETag: 'E1', DistributionConfig: distributionConfig() })
      .resolves({ ETag: 'E2', DistributionConfig: distributionConfig('hotfix.example.net') })
    cf.on(UpdateDistributionCommand).rejects(precondition())
    const { router: r } = router()
    await expect(r.write(await r.read(), { domainName: GREEN })).rejects.toThrow(
      `origin app was moved to hotfix.example.net by someone else while this run switched it from ${BLUE} to ${GREEN}; nothing was written`
    )
    expect(cf.commandCalls(UpdateDistributionCommand)).toHaveLength(1)
  })

  it('is idempotent: a re-run finding the origin already at green writes nothing, nor does a retry whose re-read finds it there', async () => {
    cf.on(GetDistributionConfigCommand).resolves({ ETag: 'E1', DistributionConfig: distributionConfig(GREEN.toUpperCase() + '.') })
    const { router: r } = router()
    expect((await r.write(await r.read(), { domainName: GREEN })).domainName).toBe(`${GREEN.toUpperCase()}.`)
    expect(cf.commandCalls(UpdateDistributionCommand)).toHaveLength(0)

    cf.reset()
    cf.on(GetDistributionConfigCommand)
      .resolvesOnce({ ETag: 'E1', DistributionConfig: distributionConfig() })
      .resolves({ ETag: 'E2', DistributionConfig: distributionConfig(GREEN) })
    cf.on(UpdateDistributionCommand).rejects(precondition())
    expect((await r.write(await r.read(), { domainName: GREEN })).etag).toBe('E2')
    expect(cf.commandCalls(UpdateDistributionCommand)).toHaveLength(1)
  })

  it('passes other errors on unchanged, after one call', async () => {
    cf.on(GetDistributionConfigCommand).resolves({ ETag: 'E1', DistributionConfig: distributionConfig() })
    cf.on(UpdateDistributionCommand).rejects(Object.assign(new Error('The parameter origin name is invalid.'), { name: 'InvalidOrigin', $metadata: { httpStatusCode: 400 } }))
    const { router: r } = router()
    await expect(r.write(await r.read(), { domainName: GREEN })).rejects.toThrow('The parameter origin name is invalid.')
    expect(cf.commandCalls(UpdateDistributionCommand)).toHaveLength(1)
  })
})

describe('drained: blue stays until the distribution is Deployed', () => {
  const state = (Status: string) => ({
    ETag: 'E2',
    Distribution: {
      Id: ID,
      ARN: `arn:aws:cloudfront::123456789012:distribution/${ID}`,
      Status,
      DomainName: 'd1.cloudfront.net',
      LastModifiedTime: new Date(),
      InProgressInvalidationBatches: 0,
      DistributionConfig: distributionConfig()
    }
  })

  it('polls GetDistribution on the clock until InProgress turns Deployed, saying why it waits', async () => {
    cf.on(GetDistributionCommand).resolvesOnce(state('InProgress')).resolvesOnce(state('InProgress')).resolvesOnce(state('InProgress')).resolves(state('Deployed'))
    const clock = fakeClock()
    const ctx = testContext(clients, { clock, pollMs: 1000 })
    const { router: r } = router({}, ctx)
    await r.drained({ domainName: BLUE })
    expect(cf.commandCalls(GetDistributionCommand)).toHaveLength(4)
    expect(clock.slept).toEqual([1000, 2000, 4000])
    const log = ctx.log.text()
    expect(log).toContain(`Distribution ${ID} is InProgress: until CloudFront reports it Deployed, edge locations may still send requests to ${BLUE}, so blue is kept until then`)
    expect(log).toContain(`Distribution ${ID} is Deployed after 7.0 s`)
    expect(log.match(/is InProgress/g)).toHaveLength(1)
  })

  it('returns at once, silently, when the distribution is already Deployed', async () => {
    cf.on(GetDistributionCommand).resolves(state('Deployed'))
    const clock = fakeClock()
    const { ctx, router: r } = router({}, testContext(clients, { clock }))
    await r.drained({ domainName: BLUE })
    expect(clock.slept).toEqual([])
    expect(ctx.log.text()).toBe('')
  })

  it('waits through throttling', async () => {
    cf.on(GetDistributionCommand).rejectsOnce(throttled()).resolves(state('Deployed'))
    const { router: r } = router({}, testContext(clients, { clock: fakeClock() }))
    await r.drained({ domainName: BLUE })
    expect(cf.commandCalls(GetDistributionCommand)).toHaveLength(2)
  })

  it('gives up at the deadline (timeout-minutes), keeping blue, with the command to check', async () => {
    cf.on(GetDistributionCommand).resolves(state('InProgress'))
    const clock = fakeClock()
    const ctx = testContext(clients, { clock, pollMs: 1000, timeoutMinutes: 2 })
    const { router: r } = router({}, ctx)
    const err = await r.drained({ domainName: BLUE }).catch((e) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect(err.message).toContain(`waiting for distribution ${ID} to be Deployed; blue (${BLUE}) will not be deleted now`)
    expect(err.message).toContain(`aws cloudfront get-distribution --id ${ID}`)
    expect(clock.now()).toBeLessThanOrEqual(ctx.deadline)
    // the pause grows to 20 s and stays there
    expect(Math.max(...clock.slept)).toBe(20_000)
  })
})

describe('offer: the origin an environment stack offers', () => {
  beforeEach(() => {
    cf.on(GetDistributionConfigCommand).resolves({ ETag: 'E1', DistributionConfig: distributionConfig() })
  })

  it('takes the output as a DNS name (lower case, no final dot), an https URL as its host, and smoke-tests https://<origin>', async () => {
    const { router: r } = router()
    const live = { reading: await r.read(), stackName: 'app' }
    for (const [value, domain] of [
      [GREEN, GREEN],
      [`${GREEN.toUpperCase()}.`, GREEN],
      [`https://${GREEN}/`, GREEN],
      [`https://${GREEN}`, GREEN],
      ['  d111111abcdef8.cloudfront.net ', 'd111111abcdef8.cloudfront.net']
    ]) {
      const offer = await r.offer(stackView('app-green', { OriginDomainName: value }), live)
      expect(offer.target).toEqual({ domainName: domain })
      expect(await offer.endpoint!()).toBe(`https://${domain}`)
    }
  })

  it("adds the origin's OriginPath to the smoke URL, as CloudFront does to every request", async () => {
    const config = distributionConfig()
    config.Origins!.Items![0].OriginPath = '/prod'
    cf.on(GetDistributionConfigCommand).resolves({ ETag: 'E1', DistributionConfig: config })
    const { router: r } = router()
    const offer = await r.offer(stackView('app-green', { OriginDomainName: GREEN }), {})
    expect(await offer.endpoint!()).toBe(`https://${GREEN}/prod`)
  })

  it('refuses a stack without the output, naming origin-output', async () => {
    const err = await router()
      .router.offer(stackView('app-green', { ApiUrl: GREEN }), {})
      .catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toContain('Stack app-green has no output OriginDomainName (origin-output)')
  })

  it.each([
    ['10.0.0.1', 'IP address'],
    ['https://green.example.com:8443/', 'port'],
    ['https://green.example.com/prod', 'path'],
    ['https://green.example.com/?a=1', 'query'],
    ['ftp://green.example.com', 'scheme'],
    ['localhost', 'fully qualified'],
    ['green_app.example.com', 'not a DNS name'],
    ['-green.example.com', 'not a DNS name'],
    ['', 'empty'],
    ['::warning::owned\nexample.com', 'not'],
    [`${'a'.repeat(64)}.example.com`, 'not a DNS name'],
    [`${'abc.'.repeat(64)}com`, 'longer']
  ])('refuses the output value %j, naming origin-output (%s)', async (value, why) => {
    const err = await router()
      .router.offer(stackView('app-green', { OriginDomainName: value }), {})
      .catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toContain("Stack app-green's output OriginDomainName (origin-output) holds")
    expect(err.message).toContain(why)
    // untrusted text stays on one line and starts no workflow command
    expect(err.message.split('\n').filter((line: string) => /^\s*(::|##\[)/.test(line))).toEqual([])
    if (value.includes('\n')) expect(err.message).toContain('owned⏎example.com')
  })

  it('refuses, naming origin-id, to move an origin behind origin access control or identity, or a VPC origin', async () => {
    const { router: r } = router({ originId: 'assets' })
    await expect(r.offer(stackView('app-green', { OriginDomainName: 'green-assets.s3.eu-west-1.amazonaws.com' }), {})).rejects.toThrow(
      `The cloudfront router cannot move origin assets uses origin access control E1OACASSETS of distribution ${ID} (origin-id)`
    )
    const origin = (o: Partial<Origin>): Origin => ({ Id: 'x', DomainName: 'blue.s3.amazonaws.com', ...o })
    expect(unmovable(origin({ S3OriginConfig: { OriginAccessIdentity: 'origin-access-identity/cloudfront/E1OAI' } }))).toContain('origin access identity')
    expect(unmovable(origin({ VpcOriginConfig: { VpcOriginId: 'vo_1', OriginReadTimeout: 30, OriginKeepaliveTimeout: 5 } }))).toContain('VPC origin')
    expect(unmovable(origin({ S3OriginConfig: { OriginAccessIdentity: '' } }), 'green.s3.eu-west-1.amazonaws.com')).toBeUndefined()
    expect(unmovable(origin({ S3OriginConfig: { OriginAccessIdentity: '' } }), GREEN)).toContain('is not an S3 bucket')
    expect(unmovable(origin({ CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } }), GREEN)).toBeUndefined()
  })
})

describe('findOwner and routesTo: matched by the origin-output value', () => {
  const reading = (domainName: string) => ({ domainName, originId: 'app', etag: 'E1', config: distributionConfig(domainName) }) as OriginReading

  it('finds the stack whose origin-output holds the live domain, case-insensitively, with or without the final dot or as a URL', async () => {
    const { router: r } = router()
    const stacks = [environment('app', { OriginDomainName: `https://${BLUE.toUpperCase()}/` }), environment('app-pr-3', { OriginDomainName: GREEN })]
    expect(await r.findOwner(reading(`${BLUE}.`), async () => stacks)).toEqual({ stackName: 'app', via: 'output' })
    expect(await r.findOwner(reading('other.example.com'), async () => stacks)).toBeUndefined()
  })

  it("never takes another app's stack as the owner, whatever its output says", async () => {
    const { router: r } = router()
    expect(await r.findOwner(reading(BLUE), async () => [environment('app-evil', { OriginDomainName: BLUE }, 'another app')])).toBeUndefined()
  })

  it('lists every origin of the distribution that reaches the stack, the moving one as the front door', async () => {
    const config = distributionConfig()
    config.Origins!.Items!.push({ Id: 'app-failover', DomainName: BLUE.toUpperCase(), CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' } })
    cf.on(GetDistributionConfigCommand).resolves({ ETag: 'E1', DistributionConfig: config })
    cfn
      .on(DescribeStacksCommand, { StackName: 'app' })
      .resolves({ Stacks: [{ StackName: 'app', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'OriginDomainName', OutputValue: BLUE }] }] })
    cfn
      .on(DescribeStacksCommand, { StackName: 'app-pr-3' })
      .resolves({ Stacks: [{ StackName: 'app-pr-3', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'OriginDomainName', OutputValue: GREEN }] }] })
    cfn.on(DescribeStacksCommand, { StackName: 'app-bare' }).resolves({ Stacks: [{ StackName: 'app-bare', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] })
    const { router: r } = router()
    expect(await r.routesTo('app')).toEqual({
      scope: `origin of distribution ${ID}`,
      routes: [
        { where: `distribution ${ID} origin app`, reaches: `origin ${BLUE}`, isFrontDoor: true },
        { where: `distribution ${ID} origin app-failover`, reaches: `origin ${BLUE.toUpperCase()}`, isFrontDoor: false }
      ]
    })
    expect((await r.routesTo('app-pr-3', { fresh: false })).routes).toEqual([])
    expect((await r.routesTo('app-bare')).routes).toEqual([])
    // fresh: false reused the reading; a stack without the output needs no reading
    expect(cf.commandCalls(GetDistributionConfigCommand)).toHaveLength(1)
  })
})

describe('parseOriginDomain', () => {
  it('accepts host names and http(s) URLs of a host only', () => {
    expect(parseOriginDomain('abc.lambda-url.us-east-1.on.aws')).toEqual({ ok: true, domainName: 'abc.lambda-url.us-east-1.on.aws' })
    expect(parseOriginDomain('HTTP://Abc.Example.COM/')).toEqual({ ok: true, domainName: 'abc.example.com' })
    expect(parseOriginDomain('xn--bcher-kva.example')).toEqual({ ok: true, domainName: 'xn--bcher-kva.example' })
    expect(parseOriginDomain('https://user:pw@abc.example.com/')).toMatchObject({ ok: false, why: 'it carries credentials' })
    expect(parseOriginDomain('abc.example.com/path')).toMatchObject({ ok: false })
  })
})
