/**
 * CloudFront continuous deployment as AWS documents it, driven through aws-sdk-client-mock (the emulator
 * does not implement it yet; docs/emulator.md). Each rule cites its source:
 * - Every write gives the resource a new ETag, and a write whose IfMatch is not the current ETag fails with
 *   PreconditionFailed (HTTP 412) (API reference: UpdateDistribution, UpdateContinuousDeploymentPolicy,
 *   DeleteDistribution, DeleteContinuousDeploymentPolicy, CopyDistribution "IfMatch: the version identifier
 *   of the primary distribution whose configuration you are copying").
 * - After a change a distribution reads Status InProgress until it has propagated, then Deployed
 *   (API reference, Distribution.Status).
 * - CopyDistribution: "Creates a staging distribution using the configuration of the provided primary
 *   distribution"; a CallerReference used before answers DistributionAlreadyExists ("The caller reference you
 *   attempted to create the distribution with is associated with another distribution"). A staging
 *   distribution has no alternate domain names: "Viewers cannot send requests directly to a staging
 *   distribution using a DNS name, IP address, or CNAME" (developer guide, "Routing requests to the staging distribution").
 * - CreateContinuousDeploymentPolicy: StagingDistributionInUse "A continuous deployment policy for this staging
 *   distribution already exists"; SingleWeightConfig.Weight "a decimal number between 0 and 0.15"; a
 *   SingleHeaderConfig header "must contain the prefix aws-cf-cd-" (API reference, ContinuousDeploymentSingleHeaderConfig).
 * - DeleteContinuousDeploymentPolicy: ContinuousDeploymentPolicyInUse "You cannot delete a continuous deployment
 *   policy that is associated with a primary distribution".
 * - DeleteDistribution: DistributionNotDisabled unless it was disabled and that change is Deployed
 *   ("Before you can delete a distribution, you must disable it"; developer guide, "Delete a distribution").
 * - "You cannot use continuous deployment with a distribution that supports HTTP/3" (developer guide, quotas
 *   and other considerations): attaching a policy to one is refused (IllegalUpdate, "The update contains
 *   modifications that are not allowed").
 * - Traffic: viewers reach the primary; an attached, enabled policy sends its weight of them (or the header's
 *   requests) to the staging distribution ("When this value is false, this policy is not enabled and has no effect").
 */
import {
  CloudFrontClient,
  ContinuousDeploymentPolicyInUse,
  CopyDistributionCommand,
  CreateContinuousDeploymentPolicyCommand,
  DeleteContinuousDeploymentPolicyCommand,
  DeleteDistributionCommand,
  DistributionAlreadyExists,
  DistributionNotDisabled,
  GetContinuousDeploymentPolicyCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  IllegalUpdate,
  InvalidArgument,
  ListContinuousDeploymentPoliciesCommand,
  ListDistributionsCommand,
  NoSuchContinuousDeploymentPolicy,
  NoSuchDistribution,
  PreconditionFailed,
  StagingDistributionInUse,
  TagResourceCommand,
  UpdateContinuousDeploymentPolicyCommand,
  UpdateDistributionCommand,
  type ContinuousDeploymentPolicyConfig,
  type DistributionConfig
} from '@aws-sdk/client-cloudfront'
import { mockClient } from 'aws-sdk-client-mock'

const meta = (status: number) => ({ $metadata: { httpStatusCode: status } })

export interface ModelDistribution {
  id: string
  arn: string
  domainName: string
  config: DistributionConfig
  etag: string
  /** GetDistribution reads left before it reads Deployed. */
  inProgressReads: number
  tags: Record<string, string>
}

export interface ModelPolicy {
  id: string
  config: ContinuousDeploymentPolicyConfig
  etag: string
}

/** What viewers of the primary reach now: the primary's origin, and the staging share (percent, or 'header'). */
export interface Traffic {
  primary: string
  staging?: { origin: string; share: number | 'header' }
}

/** One mock of the CloudFront client for the test file: each model resets it and answers through it. */
const cloudFrontMock = mockClient(CloudFrontClient)

export class CloudFrontModel {
  readonly mock = cloudFrontMock
  readonly distributions = new Map<string, ModelDistribution>()
  readonly policies = new Map<string, ModelPolicy>()
  /** Every mutating call, in order: "UpdateDistribution E123", "CopyDistribution E123", ... */
  readonly writes: string[] = []
  /** Traffic after every write. */
  readonly traffic: Traffic[] = []
  private readonly callerReferences = new Set<string>()
  private seq = 0
  /** Before the next write of this kind ("UpdateDistribution E123"), someone else changes the resource (its ETag moves on): that write fails with PreconditionFailed. */
  interfere = new Map<string, (d: ModelDistribution) => void>()
  /** Distributions the caller's IAM policy does not let it read (docs/iam-policy.json: staging distributions not tagged for its primary). */
  denied = new Set<string>()
  /** How many GetDistribution reads a change stays InProgress. */
  propagationReads = 2
  /** Calls that fail once with this error ("DeleteDistribution" → error). */
  failOnce = new Map<string, Error>()

  constructor(readonly originId = 'app') {
    this.mock.reset()
    this.install()
  }

  addPrimary(id: string, config: DistributionConfig): ModelDistribution {
    const d: ModelDistribution = {
      id,
      arn: `arn:aws:cloudfront::123456789012:distribution/${id}`,
      domainName: `${id.toLowerCase()}.cloudfront.net`,
      config: structuredClone(config),
      etag: this.etag(),
      inProgressReads: 0,
      tags: {}
    }
    this.distributions.set(id, d)
    return d
  }

  get stagingDistributions(): ModelDistribution[] {
    return [...this.distributions.values()].filter((d) => d.config.Staging)
  }

  /** What the primary's viewers reach now. */
  trafficOf(primaryId: string): Traffic {
    const p = this.distributions.get(primaryId)!
    const origin = (d: ModelDistribution) => d.config.Origins!.Items!.find((o) => o.Id === this.originId)!.DomainName!
    const out: Traffic = { primary: origin(p) }
    const policy = p.config.ContinuousDeploymentPolicyId ? this.policies.get(p.config.ContinuousDeploymentPolicyId) : undefined
    if (policy?.config.Enabled) {
      const staging = this.stagingDistributions.find((d) => d.domainName === policy.config.StagingDistributionDnsNames?.Items?.[0])
      const t = policy.config.TrafficConfig
      if (staging && staging.config.Enabled) out.staging = { origin: origin(staging), share: t?.Type === 'SingleHeader' ? 'header' : Math.round((t?.SingleWeightConfig?.Weight ?? 0) * 100) }
    }
    return out
  }

  private etag(): string {
    return `E${(++this.seq).toString(36).toUpperCase()}TAG`
  }

  private wrote(what: string, primaryId?: string): void {
    this.writes.push(what)
    const primary = primaryId ?? [...this.distributions.values()].find((d) => !d.config.Staging)?.id
    if (primary) this.traffic.push(this.trafficOf(primary))
  }

  private failure(key: string): void {
    const err = this.failOnce.get(key)
    if (err) {
      this.failOnce.delete(key)
      throw err
    }
  }

  private distribution(id: string | undefined): ModelDistribution {
    const d = this.distributions.get(id ?? '')
    if (!d) throw new NoSuchDistribution({ message: 'The specified distribution does not exist.', ...meta(404) })
    return d
  }

  private precondition(d: { etag: string }, ifMatch: string | undefined, key: string, target?: ModelDistribution): void {
    const meddle = this.interfere.get(key)
    if (meddle && target) {
      this.interfere.delete(key)
      meddle(target)
      target.etag = this.etag()
    }
    if (ifMatch !== d.etag) throw new PreconditionFailed({ message: 'The precondition given in one or more of the request-header fields evaluated to false.', ...meta(412) })
  }

  private validatePolicy(config: ContinuousDeploymentPolicyConfig | undefined): void {
    const t = config?.TrafficConfig
    const bad = (message: string) => new InvalidArgument({ message, ...meta(400) })
    if (!config?.StagingDistributionDnsNames?.Items?.length) throw bad('StagingDistributionDnsNames is required')
    if (t?.Type === 'SingleWeight') {
      const w = t.SingleWeightConfig?.Weight ?? -1
      if (w < 0 || w > 0.15) throw bad('Weight must be between 0 and 0.15')
      const s = t.SingleWeightConfig?.SessionStickinessConfig
      if (s && (s.IdleTTL! < 300 || s.MaximumTTL! > 3600 || s.IdleTTL! > s.MaximumTTL!)) throw bad('SessionStickinessConfig TTLs must be 300 to 3600, IdleTTL <= MaximumTTL')
    } else if (t?.Type === 'SingleHeader') {
      if (!t.SingleHeaderConfig?.Header?.startsWith('aws-cf-cd-')) throw bad('The header must contain the prefix aws-cf-cd-')
    } else {
      throw bad('TrafficConfig.Type must be SingleWeight or SingleHeader')
    }
  }

  private install(): void {
    const m = this.mock
    m.on(GetDistributionConfigCommand).callsFake(async ({ Id }) => {
      const d = this.distribution(Id)
      if (this.denied.has(d.id))
        throw Object.assign(new Error(`User is not authorized to perform: cloudfront:GetDistributionConfig on resource: ${d.arn}`), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })
      return { DistributionConfig: structuredClone(d.config), ETag: d.etag }
    })
    m.on(GetDistributionCommand).callsFake(async ({ Id }) => {
      const d = this.distribution(Id)
      const status = d.inProgressReads > 0 ? 'InProgress' : 'Deployed'
      if (d.inProgressReads > 0) d.inProgressReads--
      return { Distribution: { Id: d.id, ARN: d.arn, DomainName: d.domainName, Status: status, DistributionConfig: structuredClone(d.config) }, ETag: d.etag }
    })
    m.on(UpdateDistributionCommand).callsFake(async ({ Id, IfMatch, DistributionConfig }) => {
      const d = this.distribution(Id)
      this.failure(`UpdateDistribution ${Id}`)
      this.precondition(d, IfMatch, `UpdateDistribution ${Id}`, d)
      const next = structuredClone(DistributionConfig!)
      if (next.ContinuousDeploymentPolicyId && !d.config.ContinuousDeploymentPolicyId && /3/.test(next.HttpVersion ?? '')) {
        throw new IllegalUpdate({ message: 'Continuous deployment is not supported for distributions with HTTP/3 enabled.', ...meta(400) })
      }
      if (next.ContinuousDeploymentPolicyId && !this.policies.has(next.ContinuousDeploymentPolicyId))
        throw new NoSuchContinuousDeploymentPolicy({ message: 'The continuous deployment policy does not exist.', ...meta(404) })
      next.Staging = d.config.Staging
      next.CallerReference = d.config.CallerReference
      d.config = next
      d.etag = this.etag()
      d.inProgressReads = this.propagationReads
      this.wrote(`UpdateDistribution ${Id}`)
      return { Distribution: { Id: d.id, ARN: d.arn, DomainName: d.domainName, Status: 'InProgress', DistributionConfig: structuredClone(d.config) }, ETag: d.etag }
    })
    m.on(CopyDistributionCommand).callsFake(async ({ PrimaryDistributionId, IfMatch, CallerReference, Staging, Enabled }) => {
      const p = this.distribution(PrimaryDistributionId)
      this.precondition(p, IfMatch, `CopyDistribution ${PrimaryDistributionId}`, p)
      if (!Staging) throw new InvalidArgument({ message: 'Staging must be true', ...meta(400) })
      if (this.callerReferences.has(CallerReference!))
        throw new DistributionAlreadyExists({ message: 'The caller reference you attempted to create the distribution with is associated with another distribution.', ...meta(409) })
      this.callerReferences.add(CallerReference!)
      const id = `ESTAGE${++this.seq}`
      const config: DistributionConfig = { ...structuredClone(p.config), CallerReference, Staging: true, Enabled: Enabled ?? true, Aliases: { Quantity: 0 }, ContinuousDeploymentPolicyId: '' }
      const d: ModelDistribution = {
        id,
        arn: `arn:aws:cloudfront::123456789012:distribution/${id}`,
        domainName: `d${this.seq}staging.cloudfront.net`,
        config,
        etag: this.etag(),
        inProgressReads: this.propagationReads,
        tags: {}
      }
      this.distributions.set(id, d)
      this.wrote(`CopyDistribution ${PrimaryDistributionId}`)
      return { Distribution: { Id: d.id, ARN: d.arn, DomainName: d.domainName, Status: 'InProgress', DistributionConfig: structuredClone(config) }, ETag: d.etag }
    })
    m.on(TagResourceCommand).callsFake(async ({ Resource, Tags }) => {
      const d = [...this.distributions.values()].find((x) => x.arn === Resource)
      if (!d) throw new NoSuchDistribution({ message: 'The specified distribution does not exist.', ...meta(404) })
      for (const t of Tags?.Items ?? []) d.tags[t.Key!] = t.Value ?? ''
      return {}
    })
    // two summaries a page, so that the marker is followed
    m.on(ListDistributionsCommand).callsFake(async ({ Marker }) => {
      const all = [...this.distributions.values()]
      const from = Marker ? Number(Marker) : 0
      const page = all.slice(from, from + 2)
      const more = from + 2 < all.length
      return {
        DistributionList: {
          Marker: Marker ?? '',
          MaxItems: 2,
          IsTruncated: more,
          NextMarker: more ? String(from + 2) : undefined,
          Quantity: page.length,
          Items: page.map((d) => ({
            Id: d.id,
            ARN: d.arn,
            DomainName: d.domainName,
            Status: d.inProgressReads > 0 ? 'InProgress' : 'Deployed',
            Enabled: d.config.Enabled,
            Staging: !!d.config.Staging,
            Comment: d.config.Comment
          }))
        }
      } as never
    })
    m.on(CreateContinuousDeploymentPolicyCommand).callsFake(async ({ ContinuousDeploymentPolicyConfig: config }) => {
      this.validatePolicy(config)
      const staging = this.stagingDistributions.find((d) => d.domainName === config!.StagingDistributionDnsNames!.Items![0])
      if (!staging) throw new InvalidArgument({ message: 'StagingDistributionDnsNames names no staging distribution', ...meta(400) })
      if ([...this.policies.values()].some((p) => p.config.StagingDistributionDnsNames?.Items?.[0] === staging.domainName)) {
        throw new StagingDistributionInUse({ message: 'A continuous deployment policy for this staging distribution already exists.', ...meta(409) })
      }
      const policy: ModelPolicy = { id: `CDP${++this.seq}`, config: structuredClone(config!), etag: this.etag() }
      this.policies.set(policy.id, policy)
      this.wrote(`CreateContinuousDeploymentPolicy ${policy.id}`)
      return { ContinuousDeploymentPolicy: { Id: policy.id, LastModifiedTime: new Date(0), ContinuousDeploymentPolicyConfig: structuredClone(policy.config) }, ETag: policy.etag }
    })
    const policyOf = (id: string | undefined) => {
      const p = this.policies.get(id ?? '')
      if (!p) throw new NoSuchContinuousDeploymentPolicy({ message: 'The continuous deployment policy does not exist.', ...meta(404) })
      return p
    }
    m.on(GetContinuousDeploymentPolicyCommand).callsFake(async ({ Id }) => {
      const p = policyOf(Id)
      return { ContinuousDeploymentPolicy: { Id: p.id, LastModifiedTime: new Date(0), ContinuousDeploymentPolicyConfig: structuredClone(p.config) }, ETag: p.etag }
    })
    m.on(ListContinuousDeploymentPoliciesCommand).callsFake(async () => ({
      ContinuousDeploymentPolicyList: {
        MaxItems: 100,
        Quantity: this.policies.size,
        Items: [...this.policies.values()].map((p) => ({ ContinuousDeploymentPolicy: { Id: p.id, LastModifiedTime: new Date(0), ContinuousDeploymentPolicyConfig: structuredClone(p.config) } }))
      }
    }))
    m.on(UpdateContinuousDeploymentPolicyCommand).callsFake(async ({ Id, IfMatch, ContinuousDeploymentPolicyConfig: config }) => {
      const p = policyOf(Id)
      this.failure(`UpdateContinuousDeploymentPolicy ${Id}`)
      if (IfMatch !== p.etag) throw new PreconditionFailed({ message: 'The precondition given in one or more of the request-header fields evaluated to false.', ...meta(412) })
      this.validatePolicy(config)
      p.config = structuredClone(config!)
      p.etag = this.etag()
      this.wrote(`UpdateContinuousDeploymentPolicy ${Id}`)
      return { ContinuousDeploymentPolicy: { Id: p.id, LastModifiedTime: new Date(0), ContinuousDeploymentPolicyConfig: structuredClone(p.config) }, ETag: p.etag }
    })
    m.on(DeleteContinuousDeploymentPolicyCommand).callsFake(async ({ Id, IfMatch }) => {
      const p = policyOf(Id)
      if ([...this.distributions.values()].some((d) => d.config.ContinuousDeploymentPolicyId === Id)) {
        throw new ContinuousDeploymentPolicyInUse({ message: 'You cannot delete a continuous deployment policy that is associated with a primary distribution.', ...meta(409) })
      }
      if (IfMatch !== p.etag) throw new PreconditionFailed({ message: 'The precondition given in one or more of the request-header fields evaluated to false.', ...meta(412) })
      this.policies.delete(p.id)
      this.wrote(`DeleteContinuousDeploymentPolicy ${Id}`)
      return {}
    })
    m.on(DeleteDistributionCommand).callsFake(async ({ Id, IfMatch }) => {
      const d = this.distribution(Id)
      this.failure(`DeleteDistribution ${Id}`)
      if (IfMatch !== d.etag) throw new PreconditionFailed({ message: 'The precondition given in one or more of the request-header fields evaluated to false.', ...meta(412) })
      if (d.config.Enabled || d.inProgressReads > 0) throw new DistributionNotDisabled({ message: 'The distribution you are trying to delete has not been disabled.', ...meta(409) })
      this.distributions.delete(d.id)
      this.wrote(`DeleteDistribution ${Id}`)
      return {}
    })
  }
}
