/**
 * CloudFront continuous deployment and ETags as scripts/moto_cloudfront_cd.py adds them to moto, each test
 * against the CloudFront API Reference (https://docs.aws.amazon.com/cloudfront/latest/APIReference/) or Developer
 * Guide page it encodes. If one fails, moto changed under the patch.
 */
import {
  CopyDistributionCommand,
  CreateContinuousDeploymentPolicyCommand,
  DeleteContinuousDeploymentPolicyCommand,
  DeleteDistributionCommand,
  GetContinuousDeploymentPolicyCommand,
  GetContinuousDeploymentPolicyConfigCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListDistributionsCommand,
  ListContinuousDeploymentPoliciesCommand,
  UpdateContinuousDeploymentPolicyCommand,
  UpdateDistributionCommand,
  UpdateDistributionWithStagingConfigCommand,
  type ContinuousDeploymentPolicyConfig,
  type DistributionConfig,
  type TrafficConfig
} from '@aws-sdk/client-cloudfront'
import { useMoto } from '../support/moto.js'
import { createDistribution } from '../support/router-doors.js'

const env = useMoto()
const cf = () => env.clients.cloudfront

const API = 'https://docs.aws.amazon.com/cloudfront/latest/APIReference'
const GUIDE = 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide'

/** The SDK's error for a refused call: its code and HTTP status. */
async function refusal(call: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await call
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } }
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message }
  }
  throw new Error('the call was not refused')
}

async function readConfig(id: string): Promise<{ config: DistributionConfig; etag: string }> {
  const out = await cf().send(new GetDistributionConfigCommand({ Id: id }))
  return { config: out.DistributionConfig!, etag: out.ETag! }
}

async function update(id: string, change: (c: DistributionConfig) => void): Promise<string> {
  const { config, etag } = await readConfig(id)
  change(config)
  return (await cf().send(new UpdateDistributionCommand({ Id: id, IfMatch: etag, DistributionConfig: config }))).ETag!
}

async function primary(): Promise<string> {
  return createDistribution(env.clients, [
    { id: 'app', domain: 'blue.execute-api.us-east-1.amazonaws.com' },
    { id: 'status', domain: 'status.example.com' }
  ])
}

async function staging(primaryId: string, opts: { enabled?: boolean } = {}): Promise<{ id: string; domain: string }> {
  const { etag } = await readConfig(primaryId)
  const out = await cf().send(
    new CopyDistributionCommand({ PrimaryDistributionId: primaryId, Staging: true, IfMatch: etag, CallerReference: `staging-${Date.now()}-${Math.random()}`, Enabled: opts.enabled })
  )
  return { id: out.Distribution!.Id!, domain: out.Distribution!.DomainName! }
}

const weight = (w: number): TrafficConfig => ({ Type: 'SingleWeight', SingleWeightConfig: { Weight: w } })
const policyConfig = (stagingDomain: string, traffic: TrafficConfig = weight(0.05)): ContinuousDeploymentPolicyConfig => ({
  StagingDistributionDnsNames: { Quantity: 1, Items: [stagingDomain] },
  Enabled: true,
  TrafficConfig: traffic
})

async function createPolicy(stagingDomain: string, traffic?: TrafficConfig): Promise<{ id: string; etag: string }> {
  const out = await cf().send(new CreateContinuousDeploymentPolicyCommand({ ContinuousDeploymentPolicyConfig: policyConfig(stagingDomain, traffic) }))
  return { id: out.ContinuousDeploymentPolicy!.Id!, etag: out.ETag! }
}

const attach = (primaryId: string, policyId: string) => update(primaryId, (c) => (c.ContinuousDeploymentPolicyId = policyId))
const disable = (id: string) => update(id, (c) => (c.Enabled = false))
const setAppOrigin = (id: string, domain: string) => update(id, (c) => (c.Origins!.Items!.find((o) => o.Id === 'app')!.DomainName = domain))

describe('CloudFront ETags and IfMatch (moto_cloudfront_cd.py)', () => {
  it(`gives a distribution a new ETag on every update, refuses a stale IfMatch with PreconditionFailed (412) and a missing one with InvalidIfMatchVersion (${API}/API_UpdateDistribution.html)`, async () => {
    const id = await primary()
    const first = await readConfig(id)
    expect((await cf().send(new GetDistributionCommand({ Id: id }))).ETag).toBe(first.etag)
    const { config } = await readConfig(id)
    config.Origins!.Items![0].DomainName = 'green.execute-api.us-east-1.amazonaws.com'
    const written = await cf().send(new UpdateDistributionCommand({ Id: id, IfMatch: first.etag, DistributionConfig: config }))
    // InProgress until the change is deployed (the emulator's next read says Deployed)
    expect(written.Distribution!.Status).toBe('InProgress')
    expect((await cf().send(new GetDistributionCommand({ Id: id }))).Distribution!.Status).toBe('Deployed')
    const second = written.ETag!
    expect(second).not.toBe(first.etag)
    expect((await readConfig(id)).etag).toBe(second)
    expect(await refusal(cf().send(new UpdateDistributionCommand({ Id: id, IfMatch: first.etag, DistributionConfig: first.config })))).toMatchObject({ name: 'PreconditionFailed', status: 412 })
    expect(await refusal(cf().send(new UpdateDistributionCommand({ Id: id, DistributionConfig: first.config })))).toMatchObject({ name: 'InvalidIfMatchVersion', status: 400 })
    // the refused writes changed nothing
    expect((await readConfig(id)).config.Origins!.Items![0].DomainName).toBe('green.execute-api.us-east-1.amazonaws.com')
  })

  it(`deletes only a disabled distribution, with the ETag of the update that disabled it: DistributionNotDisabled (409) before (${API}/API_DeleteDistribution.html)`, async () => {
    const id = await primary()
    const enabled = await readConfig(id)
    expect(await refusal(cf().send(new DeleteDistributionCommand({ Id: id, IfMatch: enabled.etag })))).toMatchObject({ name: 'DistributionNotDisabled', status: 409 })
    const disabled = await disable(id)
    expect(await refusal(cf().send(new DeleteDistributionCommand({ Id: id, IfMatch: enabled.etag })))).toMatchObject({ name: 'PreconditionFailed', status: 412 })
    await cf().send(new DeleteDistributionCommand({ Id: id, IfMatch: disabled }))
    expect(await refusal(cf().send(new GetDistributionCommand({ Id: id })))).toMatchObject({ name: 'NoSuchDistribution', status: 404 })
  })
  it(`answers a refusal in CloudFront's REST-XML error shape, with the status code of the API model (${API}/CommonErrors.html)`, async () => {
    const res = await fetch(`${env.url}/2020-05-31/continuous-deployment-policy/E0NOSUCHPOLICY`, {
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/cloudfront/aws4_request, SignedHeaders=host, Signature=0' }
    })
    expect(res.status).toBe(404)
    expect(await res.text()).toMatch(
      /<ErrorResponse xmlns="http:\/\/cloudfront\.amazonaws\.com\/doc\/2020-05-31\/"><Error><Type>Sender<\/Type><Code>NoSuchContinuousDeploymentPolicy<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[^<]+<\/RequestId><\/ErrorResponse>/
    )
  })
})

describe('CopyDistribution (moto_cloudfront_cd.py)', () => {
  it(`copies the primary's configuration into a staging distribution: Staging true, its own caller reference and domain, no aliases, enabled unless asked (${API}/API_CopyDistribution.html; ${GUIDE}/continuous-deployment-workflow.html)`, async () => {
    const id = await primary()
    const from = await readConfig(id)
    const out = await cf().send(new CopyDistributionCommand({ PrimaryDistributionId: id, Staging: true, IfMatch: from.etag, CallerReference: 'staging-1' }))
    expect(out.$metadata.httpStatusCode).toBe(201)
    expect(out.ETag).toBeTruthy()
    expect(out.Location).toContain(`/distribution/${out.Distribution!.Id}`)
    expect(out.Distribution!.Id).not.toBe(id)
    const copied = out.Distribution!.DistributionConfig!
    expect(copied).toMatchObject({ Staging: true, Enabled: true, CallerReference: 'staging-1', Aliases: { Quantity: 0 } })
    expect(copied.ContinuousDeploymentPolicyId ?? '').toBe('')
    // everything else is the primary's
    expect({ ...copied, CallerReference: '', Staging: false, Aliases: undefined }).toEqual({ ...from.config, CallerReference: '', Staging: false, Aliases: undefined })
    expect((await readConfig(id)).config).toEqual(from.config)
    const disabled = await staging(id, { enabled: false })
    expect((await readConfig(disabled.id)).config.Enabled).toBe(false)
  })

  it(`lists the staging distribution beside its primary, each summary with its configuration's Staging, Enabled, Aliases and Comment (${API}/API_DistributionSummary.html)`, async () => {
    const id = await primary()
    const stage = await staging(id, { enabled: false })
    const items = (await cf().send(new ListDistributionsCommand({}))).DistributionList!.Items!
    const byId = Object.fromEntries(items.map((s) => [s.Id!, s] as const))
    expect(byId[id]).toMatchObject({ Staging: false, Enabled: true, Comment: 'www.example.com', Aliases: { Quantity: 1, Items: ['www.example.com'] } })
    expect(byId[stage.id]).toMatchObject({ Staging: true, Enabled: false, DomainName: stage.domain, Aliases: { Quantity: 0 } })
    expect(byId[stage.id].Origins!.Items!.map((o) => o.Id)).toEqual(['app', 'status'])
  })

  it('refuses a stale IfMatch, a caller reference already taken, a copy that is not to a staging distribution and an unknown primary', async () => {
    const id = await primary()
    const stale = (await readConfig(id)).etag
    const current = await setAppOrigin(id, 'green.execute-api.us-east-1.amazonaws.com')
    const copy = (input: Partial<ConstructorParameters<typeof CopyDistributionCommand>[0]>) =>
      cf().send(new CopyDistributionCommand({ PrimaryDistributionId: id, Staging: true, IfMatch: current, CallerReference: 'staging-1', ...input }))
    expect(await refusal(copy({ IfMatch: stale }))).toMatchObject({ name: 'PreconditionFailed', status: 412 })
    expect(await refusal(copy({ Staging: false }))).toMatchObject({ name: 'InvalidArgument', status: 400 })
    expect(await refusal(copy({ PrimaryDistributionId: 'E000000000000' }))).toMatchObject({ name: 'NoSuchDistribution', status: 404 })
    const { config } = await readConfig(id)
    expect(await refusal(copy({ CallerReference: config.CallerReference }))).toMatchObject({ name: 'DistributionAlreadyExists', status: 409 })
    await copy({})
    expect(await refusal(copy({}))).toMatchObject({ name: 'DistributionAlreadyExists', status: 409 })
  })

  it(`holds at most 20 staging distributions per account: the 21st copy is TooManyDistributions (${GUIDE}/continuous-deployment-quotas-considerations.html)`, async () => {
    const id = await primary()
    for (let i = 0; i < 20; i++) await staging(id)
    expect(await refusal(staging(id))).toMatchObject({ name: 'TooManyDistributions', status: 400 })
  })
})

describe('continuous deployment policies (moto_cloudfront_cd.py)', () => {
  it(`creates, reads, updates, lists and deletes a policy, each change with a new ETag (${API}/API_CreateContinuousDeploymentPolicy.html, API_UpdateContinuousDeploymentPolicy.html, API_DeleteContinuousDeploymentPolicy.html)`, async () => {
    const id = await primary()
    const stage = await staging(id)
    const sticky: TrafficConfig = { Type: 'SingleWeight', SingleWeightConfig: { Weight: 0.15, SessionStickinessConfig: { IdleTTL: 300, MaximumTTL: 3600 } } }
    const created = await cf().send(new CreateContinuousDeploymentPolicyCommand({ ContinuousDeploymentPolicyConfig: policyConfig(stage.domain, sticky) }))
    expect(created.$metadata.httpStatusCode).toBe(201)
    const policyId = created.ContinuousDeploymentPolicy!.Id!
    expect(created.Location).toContain(`/continuous-deployment-policy/${policyId}`)
    expect(created.ContinuousDeploymentPolicy!.LastModifiedTime).toBeInstanceOf(Date)
    const got = await cf().send(new GetContinuousDeploymentPolicyCommand({ Id: policyId }))
    expect(got.ETag).toBe(created.ETag)
    expect(got.ContinuousDeploymentPolicy!.ContinuousDeploymentPolicyConfig).toEqual(policyConfig(stage.domain, sticky))
    const config = await cf().send(new GetContinuousDeploymentPolicyConfigCommand({ Id: policyId }))
    expect(config).toMatchObject({ ETag: created.ETag, ContinuousDeploymentPolicyConfig: policyConfig(stage.domain, sticky) })

    const header: TrafficConfig = { Type: 'SingleHeader', SingleHeaderConfig: { Header: 'aws-cf-cd-preview', Value: 'green' } }
    const updated = await cf().send(new UpdateContinuousDeploymentPolicyCommand({ Id: policyId, IfMatch: created.ETag, ContinuousDeploymentPolicyConfig: policyConfig(stage.domain, header) }))
    expect(updated.ETag).not.toBe(created.ETag)
    expect((await cf().send(new GetContinuousDeploymentPolicyConfigCommand({ Id: policyId }))).ContinuousDeploymentPolicyConfig!.TrafficConfig).toEqual(header)
    const stale = { Id: policyId, IfMatch: created.ETag }
    expect(await refusal(cf().send(new UpdateContinuousDeploymentPolicyCommand({ ...stale, ContinuousDeploymentPolicyConfig: policyConfig(stage.domain) })))).toMatchObject({
      name: 'PreconditionFailed',
      status: 412
    })
    expect(await refusal(cf().send(new DeleteContinuousDeploymentPolicyCommand(stale)))).toMatchObject({ name: 'PreconditionFailed', status: 412 })
    expect(await refusal(cf().send(new DeleteContinuousDeploymentPolicyCommand({ Id: policyId })))).toMatchObject({ name: 'InvalidIfMatchVersion', status: 400 })

    const listed = (await cf().send(new ListContinuousDeploymentPoliciesCommand({}))).ContinuousDeploymentPolicyList!
    expect(listed).toMatchObject({ Quantity: 1, Items: [{ ContinuousDeploymentPolicy: { Id: policyId } }] })
    await cf().send(new DeleteContinuousDeploymentPolicyCommand({ Id: policyId, IfMatch: updated.ETag }))
    expect(await refusal(cf().send(new GetContinuousDeploymentPolicyCommand({ Id: policyId })))).toMatchObject({ name: 'NoSuchContinuousDeploymentPolicy', status: 404 })
    expect((await cf().send(new ListContinuousDeploymentPoliciesCommand({}))).ContinuousDeploymentPolicyList).toMatchObject({ Quantity: 0 })
  })

  it(`refuses a traffic configuration outside the documented bounds with InvalidArgument: weight 0 to 0.15, stickiness 300 to 3600 s with IdleTTL <= MaximumTTL, a header starting aws-cf-cd- (${API}/API_ContinuousDeploymentSingleWeightConfig.html, API_SessionStickinessConfig.html, API_ContinuousDeploymentSingleHeaderConfig.html; ${GUIDE}/continuous-deployment-quotas-considerations.html)`, async () => {
    const stage = await staging(await primary())
    const bad: TrafficConfig[] = [
      weight(0.16),
      weight(-0.01),
      { Type: 'SingleWeight', SingleWeightConfig: { Weight: 0.1, SessionStickinessConfig: { IdleTTL: 299, MaximumTTL: 600 } } },
      { Type: 'SingleWeight', SingleWeightConfig: { Weight: 0.1, SessionStickinessConfig: { IdleTTL: 300, MaximumTTL: 3601 } } },
      { Type: 'SingleWeight', SingleWeightConfig: { Weight: 0.1, SessionStickinessConfig: { IdleTTL: 900, MaximumTTL: 600 } } },
      { Type: 'SingleWeight' },
      { Type: 'SingleHeader', SingleHeaderConfig: { Header: 'x-preview', Value: 'green' } },
      { Type: 'SingleHeader', SingleWeightConfig: { Weight: 0.1 } }
    ]
    for (const traffic of bad) {
      expect({ traffic, ...(await refusal(createPolicy(stage.domain, traffic))) }).toMatchObject({ name: 'InvalidArgument', status: 400 })
    }
    expect((await cf().send(new ListContinuousDeploymentPoliciesCommand({}))).ContinuousDeploymentPolicyList).toMatchObject({ Quantity: 0 })
    // the bounds themselves are accepted
    const edge = await createPolicy(stage.domain, { Type: 'SingleWeight', SingleWeightConfig: { Weight: 0.15, SessionStickinessConfig: { IdleTTL: 3600, MaximumTTL: 3600 } } })
    const zero = { Id: edge.id, IfMatch: edge.etag, ContinuousDeploymentPolicyConfig: policyConfig(stage.domain, weight(0)) }
    await cf().send(new UpdateContinuousDeploymentPolicyCommand(zero))
  })

  it(`names exactly one staging distribution, in one policy only: StagingDistributionInUse (409) for a second, InconsistentQuantities, InvalidArgument for a distribution that is not staging (${API}/API_CreateContinuousDeploymentPolicy.html#API_CreateContinuousDeploymentPolicy_Errors)`, async () => {
    const id = await primary()
    const stage = await staging(id)
    await createPolicy(stage.domain)
    expect(await refusal(createPolicy(stage.domain))).toMatchObject({ name: 'StagingDistributionInUse', status: 409 })
    const other = await staging(id)
    const mismatched = { ...policyConfig(other.domain), StagingDistributionDnsNames: { Quantity: 2, Items: [other.domain] } }
    expect(await refusal(cf().send(new CreateContinuousDeploymentPolicyCommand({ ContinuousDeploymentPolicyConfig: mismatched })))).toMatchObject({ name: 'InconsistentQuantities', status: 400 })
    const primaryDomain = (await cf().send(new GetDistributionCommand({ Id: id }))).Distribution!.DomainName!
    expect(await refusal(createPolicy(primaryDomain))).toMatchObject({ name: 'InvalidArgument', status: 400 })
    expect(await refusal(createPolicy('d111111abcdef8.cloudfront.net'))).toMatchObject({ name: 'InvalidArgument', status: 400 })
    // a policy moved to a staging distribution another policy names is refused the same way
    const second = await createPolicy(other.domain)
    const move = { Id: second.id, IfMatch: second.etag, ContinuousDeploymentPolicyConfig: policyConfig(stage.domain) }
    expect(await refusal(cf().send(new UpdateContinuousDeploymentPolicyCommand(move)))).toMatchObject({ name: 'StagingDistributionInUse', status: 409 })
  })

  it('lists policies in pages of MaxItems, NextMarker leading to the next page', async () => {
    const id = await primary()
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await createPolicy((await staging(id)).domain)).id)
    const first = (await cf().send(new ListContinuousDeploymentPoliciesCommand({ MaxItems: 2 }))).ContinuousDeploymentPolicyList!
    expect(first).toMatchObject({ Quantity: 2, MaxItems: 2 })
    expect(first.NextMarker).toBeTruthy()
    const second = (await cf().send(new ListContinuousDeploymentPoliciesCommand({ MaxItems: 2, Marker: first.NextMarker }))).ContinuousDeploymentPolicyList!
    expect(second.NextMarker).toBeUndefined()
    const seen = [...first.Items!, ...second.Items!].map((s) => s.ContinuousDeploymentPolicy!.Id!)
    expect(seen.sort()).toEqual(ids.sort())
  })
})

describe('UpdateDistribution with continuous deployment (moto_cloudfront_cd.py)', () => {
  it(`attaches a policy to the primary: ContinuousDeploymentPolicyId and Staging round-trip in Get and GetConfig; an unknown policy is NoSuchContinuousDeploymentPolicy (404), a staging distribution takes none (${API}/API_DistributionConfig.html; ${GUIDE}/working-with-staging-distribution-continuous-deployment-policy.html)`, async () => {
    const id = await primary()
    const stage = await staging(id)
    const policy = await createPolicy(stage.domain)
    expect(await refusal(attach(id, 'E0NOSUCHPOLICY'))).toMatchObject({ name: 'NoSuchContinuousDeploymentPolicy', status: 404 })
    expect(await refusal(attach(stage.id, policy.id))).toMatchObject({ name: 'IllegalUpdate', status: 400 })
    await attach(id, policy.id)
    expect((await readConfig(id)).config).toMatchObject({ ContinuousDeploymentPolicyId: policy.id, Staging: false })
    expect((await cf().send(new GetDistributionCommand({ Id: id }))).Distribution!.DistributionConfig).toMatchObject({ ContinuousDeploymentPolicyId: policy.id })
    expect((await readConfig(stage.id)).config).toMatchObject({ Staging: true })
    await update(id, (c) => (c.ContinuousDeploymentPolicyId = ''))
    expect((await readConfig(id)).config.ContinuousDeploymentPolicyId ?? '').toBe('')
  })

  it(`while a policy is attached, the primary and its staging distribution take changes to origins, cache behaviors, error pages, restrictions, root object, logging and comment only; anything else is IllegalUpdate (${GUIDE}/understanding-continuous-deployment.html#updating-staging-and-primary-distributions)`, async () => {
    const id = await primary()
    const stage = await staging(id)
    await attach(id, (await createPolicy(stage.domain)).id)
    for (const target of [id, stage.id]) {
      await setAppOrigin(target, `green-${target}.execute-api.us-east-1.amazonaws.com`)
      await update(target, (c) => {
        c.Comment = 'green'
        c.DefaultRootObject = 'index.html'
        c.DefaultCacheBehavior!.ViewerProtocolPolicy = 'https-only'
      })
      for (const change of [(c: DistributionConfig) => (c.Enabled = false), (c: DistributionConfig) => (c.PriceClass = 'PriceClass_All'), (c: DistributionConfig) => (c.IsIPV6Enabled = false)]) {
        expect(await refusal(update(target, change))).toMatchObject({ name: 'IllegalUpdate', status: 400, message: 'One or more fields updated are not supported for continuous deployment.' })
      }
    }
    expect(await refusal(update(id, (c) => (c.Aliases = { Quantity: 2, Items: ['www.example.com', 'new.example.com'] })))).toMatchObject({ name: 'IllegalUpdate' })
    expect((await readConfig(id)).config).toMatchObject({ Enabled: true, Comment: 'green', Aliases: { Items: ['www.example.com'] } })
  })

  it('keeps a staging distribution without aliases, and neither Staging nor CallerReference can change (IllegalUpdate)', async () => {
    const id = await primary()
    const stage = await staging(id)
    expect(await refusal(update(stage.id, (c) => (c.Aliases = { Quantity: 1, Items: ['staging.example.com'] })))).toMatchObject({ name: 'IllegalUpdate', status: 400 })
    expect(await refusal(update(stage.id, (c) => (c.Staging = false)))).toMatchObject({ name: 'IllegalUpdate' })
    expect(await refusal(update(id, (c) => (c.Staging = true)))).toMatchObject({ name: 'IllegalUpdate' })
    expect(await refusal(update(id, (c) => (c.CallerReference = 'another')))).toMatchObject({ name: 'IllegalUpdate' })
  })
})

describe('UpdateDistributionWithStagingConfig (moto_cloudfront_cd.py)', () => {
  it(`promotes: the primary takes the staging configuration but keeps its aliases, policy id and caller reference, gets a new ETag, and the policy is disabled (${API}/API_UpdateDistributionWithStagingConfig.html)`, async () => {
    const id = await primary()
    const stage = await staging(id)
    const policy = await createPolicy(stage.domain)
    await attach(id, policy.id)
    await setAppOrigin(stage.id, 'green.execute-api.us-east-1.amazonaws.com')
    await update(stage.id, (c) => (c.Comment = 'green build'))
    const before = await readConfig(id)
    const staged = await readConfig(stage.id)
    const out = await cf().send(new UpdateDistributionWithStagingConfigCommand({ Id: id, StagingDistributionId: stage.id, IfMatch: `${before.etag}, ${staged.etag}` }))
    expect(out.ETag).not.toBe(before.etag)
    const after = await readConfig(id)
    expect(after.etag).toBe(out.ETag)
    expect(after.config).toEqual({
      ...staged.config,
      Aliases: before.config.Aliases,
      ContinuousDeploymentPolicyId: policy.id,
      CallerReference: before.config.CallerReference,
      Staging: false
    })
    expect(after.config.Origins!.Items!.find((o) => o.Id === 'app')!.DomainName).toBe('green.execute-api.us-east-1.amazonaws.com')
    const policyNow = await cf().send(new GetContinuousDeploymentPolicyConfigCommand({ Id: policy.id }))
    expect(policyNow.ContinuousDeploymentPolicyConfig!.Enabled).toBe(false)
    expect(policyNow.ETag).not.toBe(policy.etag)
    // the staging distribution is untouched, and can be used for the next change
    expect(await readConfig(stage.id)).toEqual(staged)
  })

  it('refuses a stale or incomplete "<primary ETag>, <staging ETag>" and a staging distribution the primary\'s policy does not name', async () => {
    const id = await primary()
    const stage = await staging(id)
    const other = await staging(id)
    await attach(id, (await createPolicy(stage.domain)).id)
    const p = (await readConfig(id)).etag
    const s = (await readConfig(stage.id)).etag
    const promote = (IfMatch: string | undefined, StagingDistributionId = stage.id) => cf().send(new UpdateDistributionWithStagingConfigCommand({ Id: id, StagingDistributionId, IfMatch }))
    expect(await refusal(promote(`${s}, ${p}`))).toMatchObject({ name: 'PreconditionFailed', status: 412 })
    expect(await refusal(promote(p))).toMatchObject({ name: 'InvalidIfMatchVersion', status: 400 })
    expect(await refusal(promote(undefined))).toMatchObject({ name: 'InvalidIfMatchVersion', status: 400 })
    expect(await refusal(promote(`${p}, ${(await readConfig(other.id)).etag}`, other.id))).toMatchObject({ name: 'InvalidArgument', status: 400 })
    expect(await refusal(promote(`${p}, ${s}`, 'E000000000000'))).toMatchObject({ name: 'NoSuchDistribution', status: 404 })
    await promote(`${p},${s}`)
  })
})

describe('the cleanup order of a continuous deployment (moto_cloudfront_cd.py)', () => {
  it(`after a promotion, refuses to delete the attached policy (ContinuousDeploymentPolicyInUse) and to disable or delete the staging distribution; detach, disable, delete the staging distribution, then the policy (${API}/API_DeleteContinuousDeploymentPolicy.html, ${API}/API_DeleteDistribution.html)`, async () => {
    const id = await primary()
    const stage = await staging(id)
    let policy = await createPolicy(stage.domain, weight(0.05))
    await attach(id, policy.id)
    await setAppOrigin(stage.id, 'green.execute-api.us-east-1.amazonaws.com')
    const reweighted = await cf().send(new UpdateContinuousDeploymentPolicyCommand({ Id: policy.id, IfMatch: policy.etag, ContinuousDeploymentPolicyConfig: policyConfig(stage.domain, weight(0.15)) }))
    policy = { id: policy.id, etag: reweighted.ETag! }
    await cf().send(new UpdateDistributionWithStagingConfigCommand({ Id: id, StagingDistributionId: stage.id, IfMatch: `${(await readConfig(id)).etag}, ${(await readConfig(stage.id)).etag}` }))
    policy.etag = (await cf().send(new GetContinuousDeploymentPolicyCommand({ Id: policy.id }))).ETag!

    expect(await refusal(cf().send(new DeleteContinuousDeploymentPolicyCommand({ Id: policy.id, IfMatch: policy.etag })))).toMatchObject({ name: 'ContinuousDeploymentPolicyInUse', status: 409 })
    expect(await refusal(cf().send(new DeleteDistributionCommand({ Id: stage.id, IfMatch: (await readConfig(stage.id)).etag })))).toMatchObject({ name: 'DistributionNotDisabled', status: 409 })
    expect(await refusal(disable(stage.id))).toMatchObject({ name: 'IllegalUpdate' })

    await update(id, (c) => (c.ContinuousDeploymentPolicyId = ''))
    const disabled = await disable(stage.id)
    await cf().send(new DeleteDistributionCommand({ Id: stage.id, IfMatch: disabled }))
    await cf().send(new DeleteContinuousDeploymentPolicyCommand({ Id: policy.id, IfMatch: policy.etag }))
    expect((await cf().send(new ListContinuousDeploymentPoliciesCommand({}))).ContinuousDeploymentPolicyList).toMatchObject({ Quantity: 0 })
    const live = (await readConfig(id)).config
    expect(live).toMatchObject({ Enabled: true, Staging: false, Aliases: { Items: ['www.example.com'] } })
    expect(live.Origins!.Items!.find((o) => o.Id === 'app')!.DomainName).toBe('green.execute-api.us-east-1.amazonaws.com')
  })

  it(`refuses to delete a disabled staging distribution while a policy attached to a primary names it: ResourceInUse (409), deleted once the policy is detached (${API}/API_DeleteDistribution.html#API_DeleteDistribution_Errors)`, async () => {
    const id = await primary()
    const stage = await staging(id, { enabled: false })
    const policy = await createPolicy(stage.domain)
    await attach(id, policy.id)
    expect(await refusal(cf().send(new DeleteDistributionCommand({ Id: stage.id, IfMatch: (await readConfig(stage.id)).etag })))).toMatchObject({ name: 'ResourceInUse', status: 409 })
    await update(id, (c) => (c.ContinuousDeploymentPolicyId = ''))
    await cf().send(new DeleteDistributionCommand({ Id: stage.id, IfMatch: (await readConfig(stage.id)).etag }))
    // the policy still names the deleted staging distribution; deleting it is the last step
    await cf().send(new DeleteContinuousDeploymentPolicyCommand({ Id: policy.id, IfMatch: policy.etag }))
  })
})
