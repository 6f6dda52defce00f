import { createHash, randomBytes } from 'node:crypto'
import {
  findOrigin,
  getDistributionConfig,
  getDistributionState,
  isPreconditionFailed,
  updateDistribution,
  withOriginDomain,
  type DistributionConfig,
  type VersionedConfig
} from '../../aws/cloudfront.js'
import {
  copyToStaging,
  createPolicy,
  deleteDistribution,
  deletePolicy,
  findPolicyFor,
  getPolicy,
  listStagingDistributions,
  tagStaging,
  updatePolicy,
  type ContinuousDeploymentPolicyConfig,
  type VersionedPolicy
} from '../../aws/cloudfront-staging.js'
import type { Context } from '../../context.js'
import { CLOUDFRONT_MAX_WEIGHT_PERCENT } from '../inputs.js'
import { DeployError, errorMessage, errorName, isThrottling } from '../../errors.js'
import { sameOriginDomain } from './cloudfront-origin.js'

/**
 * Stepped shifting for the cloudfront router through CloudFront continuous deployment
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/continuous-deployment.html): a staging
 * distribution copied from the primary (distribution-id) whose moving origin is green's, and a continuous
 * deployment policy attached to the primary that sends green a weight (at most 15%) of the primary's
 * viewers, or only the requests carrying one header (staging-header). The primary keeps blue's origin until
 * the final step; nothing here is stored: every step reads the policy attached to the primary again.
 */

/** How many times a write re-reads and retries after PreconditionFailed. */
const MAX_ATTEMPTS = 5
/** The longest wait for a disabled staging distribution to be Deployed (then deletable) before it is left for a later run. */
const MAX_STAGING_WAIT_MS = 15 * 60_000
/** The longest pause between two reads of a staging distribution's status while it is being disabled. */
const MAX_POLL_MS = 20_000
/**
 * Session stickiness (300 to 3600 s, IdleTTL <= MaximumTTL): a viewer stays on one side for a session, and the
 * shortest sessions let each new weight apply within minutes. Disabling the policy "resets all sessions"
 * (developer guide, "Session stickiness for weight-based configurations"), so going back to blue is not held up by them.
 */
const STICKINESS = { IdleTTL: 300, MaximumTTL: 600 }

/** The request header that alone reaches the staging distribution (staging-header). */
export interface StagingHeader {
  name: string
  value: string
}

/** A distribution read with GetDistributionConfig: its id, domain and configuration with the ETag. */
export interface StagingDistribution extends VersionedConfig {
  id: string
  arn: string
  domainName: string
  status: string
  enabled: boolean
  /** Made by this action for this primary and origin (its CallerReference says so): the only kind it ever changes or deletes. */
  ours: boolean
}

/** The policy attached to the primary and the staging distribution it sends traffic to (undefined when that distribution is gone). */
export interface Attached {
  policy: VersionedPolicy
  staging?: StagingDistribution
}

export interface PrimaryAccess {
  distributionId: string
  /** The moving origin's id in the primary (origin-id, or the default cache behavior's). */
  originId(): Promise<string>
  /** GetDistributionConfig of the primary. */
  read(): Promise<VersionedConfig>
}

export class ContinuousDeployment {
  constructor(
    private readonly ctx: Context,
    private readonly primary: PrimaryAccess,
    private readonly header?: StagingHeader
  ) {}

  private get cf() {
    return this.ctx.clients.cloudfront
  }

  private get id(): string {
    return this.primary.distributionId
  }

  /**
   * What marks a staging distribution as this action's for this primary and origin: CopyDistribution's
   * CallerReference, which nobody can change afterwards. Another app's staging distributions (another
   * primary, or another origin of the same primary) never carry it, so they are never changed nor deleted.
   */
  async ownPrefix(): Promise<string> {
    const origin = createHash('sha256')
      .update(await this.primary.originId())
      .digest('hex')
      .slice(0, 12)
    return `bluegreen-action:${this.id}:${origin}:`
  }

  /** The policy attached to the primary, with its staging distribution; undefined when none is attached. */
  async attached(config: DistributionConfig): Promise<Attached | undefined> {
    const policyId = config.ContinuousDeploymentPolicyId
    if (!policyId) return undefined
    const policy = await getPolicy(this.cf, policyId)
    if (!policy) return undefined
    const domain = policy.config.StagingDistributionDnsNames?.Items?.[0]
    const staging = domain ? (await this.stagings()).find((s) => sameOriginDomain(s.domainName, domain)) : undefined
    return { policy, staging }
  }

  /** Every staging distribution of the account, read with its configuration (at most 20 per account: CloudFront's quota). */
  private async stagings(): Promise<StagingDistribution[]> {
    const prefix = await this.ownPrefix()
    const out: StagingDistribution[] = []
    for (const summary of await listStagingDistributions(this.cf)) {
      if (!summary.Id) continue
      const read = await getDistributionConfig(this.cf, summary.Id).catch((err: unknown) => {
        // docs/iam-policy.json lets the action read only staging distributions tagged for its primary: another's is not ours
        if (errorName(err) === 'AccessDenied') return undefined
        throw err
      })
      if (!read) continue
      const { config, etag } = read
      out.push({
        id: summary.Id,
        arn: summary.ARN ?? '',
        domainName: summary.DomainName ?? '',
        status: summary.Status ?? 'unknown',
        config,
        etag,
        enabled: config.Enabled !== false,
        ours: (config.CallerReference ?? '').startsWith(prefix)
      })
    }
    return out
  }

  private async readStaging(id: string): Promise<StagingDistribution> {
    const { config, etag } = await getDistributionConfig(this.cf, id)
    const state = await getDistributionState(this.cf, id)
    return {
      id,
      arn: state.arn,
      domainName: state.domainName,
      status: state.status,
      config,
      etag,
      enabled: config.Enabled !== false,
      ours: (config.CallerReference ?? '').startsWith(await this.ownPrefix())
    }
  }

  /** The policy configuration for a step: `percent` of viewers by weight, or (0%) only the requests with staging-header. */
  private policyConfig(stagingDomain: string, percent: number): ContinuousDeploymentPolicyConfig {
    const names = { Quantity: 1, Items: [stagingDomain] }
    if (percent === 0) {
      if (!this.header)
        throw new DeployError(`A 0% step sends nothing to green without staging-header`, undefined, 'Give staging-header (aws-cf-cd-<name>: <value>), or remove the 0% step from traffic-steps.')
      return { StagingDistributionDnsNames: names, Enabled: true, TrafficConfig: { Type: 'SingleHeader', SingleHeaderConfig: { Header: this.header.name, Value: this.header.value } } }
    }
    if (percent > CLOUDFRONT_MAX_WEIGHT_PERCENT) {
      throw new DeployError(
        `CloudFront continuous deployment sends at most ${CLOUDFRONT_MAX_WEIGHT_PERCENT}% to a staging distribution, not ${percent}%`,
        undefined,
        `Use traffic-steps up to ${CLOUDFRONT_MAX_WEIGHT_PERCENT}% before 100%.`
      )
    }
    return {
      StagingDistributionDnsNames: names,
      Enabled: true,
      TrafficConfig: { Type: 'SingleWeight', SingleWeightConfig: { Weight: percent / 100, SessionStickinessConfig: STICKINESS } }
    }
  }

  /** The moving origin's domain in the staging distribution an attached policy of ours sends traffic to. */
  async stagingOrigin(config: DistributionConfig, originId: string): Promise<string | undefined> {
    const found = await this.attached(config)
    if (!found?.staging?.ours || !found.policy.config.Enabled) return undefined
    return findOrigin(found.staging.config, originId)?.DomainName
  }

  /**
   * Green's share now: undefined unless an enabled policy of this action is attached and its staging
   * distribution's moving origin is green's; 0 for header-only traffic.
   */
  async share(config: DistributionConfig, originId: string, green: string): Promise<number | undefined> {
    const found = await this.attached(config)
    if (!found?.staging?.ours || !found.policy.config.Enabled) return undefined
    if (!sameOriginDomain(findOrigin(found.staging.config, originId)?.DomainName ?? '', green)) return undefined
    if (sameOriginDomain(findOrigin(config, originId)?.DomainName ?? '', green)) return 100
    const traffic = found.policy.config.TrafficConfig
    if (traffic?.Type === 'SingleHeader') return 0
    return Math.round((traffic?.SingleWeightConfig?.Weight ?? 0) * 100)
  }

  /**
   * One step: the staging distribution (found again through the policy attached to the primary, or one this
   * action copied earlier and never attached, or a new copy) routes the moving origin to green, and the
   * policy attached to the primary sends it `percent` (0: the header's requests only).
   */
  async shift(primary: VersionedConfig, originId: string, green: string, percent: number): Promise<void> {
    this.policyConfig('', percent) // refuses a weight CloudFront does not take before any write
    let current = primary
    const found = await this.attached(current.config)
    if (found) {
      if (!found.staging?.ours) throw this.notOurs(found)
      if (sameOriginDomain(findOrigin(found.staging.config, originId)?.DomainName ?? '', green)) {
        // this release's own (an earlier attempt of this run attached it)
        const staging = await this.pointAt(found.staging, originId, green)
        await this.setPolicy(found.policy, this.policyConfig(staging.domainName, percent))
        return
      }
      // left attached by an earlier release whose cleanup did not finish: its copy is stale, so it goes first
      this.ctx.log.info(
        `Continuous deployment policy ${found.policy.id} and staging distribution ${found.staging.id} were left by an earlier release: cleaning them up, then copying the distribution as it is now.`
      )
      await this.cleanUp({ wait: false })
      current = await this.primary.read()
      if (current.config.ContinuousDeploymentPolicyId) {
        throw new DeployError(
          `Distribution ${this.id} still has the continuous deployment policy ${current.config.ContinuousDeploymentPolicyId} attached, left by an earlier release`,
          undefined,
          'Nothing was moved. Finish the cleanup the warning above describes, then re-run.'
        )
      }
    }
    const staging = await this.pointAt(await this.adoptOrCopy(current, originId), originId, green)
    const wanted = this.policyConfig(staging.domainName, percent)
    const policy = await this.createOrFindPolicy(staging, wanted)
    await this.attach(policy)
  }

  private notOurs(found: Attached): DeployError {
    return new DeployError(
      `Distribution ${this.id} has the continuous deployment policy ${found.policy.id} attached, sending traffic to ${found.staging ? `staging distribution ${found.staging.id}` : (found.policy.config.StagingDistributionDnsNames?.Items?.[0] ?? 'a staging distribution')}, which this action did not make for this origin`,
      'A distribution takes one continuous deployment policy at a time, and this one belongs to someone else (another origin-id, or made by hand).',
      'Nothing was moved. Finish or remove that continuous deployment first (promote it, or detach its policy from the distribution), then re-run; or set traffic-steps: 100% to switch in one write.'
    )
  }

  /**
   * A staging distribution of ours that no policy attaches yet (copied by an interrupted attempt): taken up
   * again. Otherwise CopyDistribution with the primary's ETag; PreconditionFailed means the primary changed
   * since it was read: read it again and copy that.
   */
  private async adoptOrCopy(primary: VersionedConfig, originId: string): Promise<StagingDistribution> {
    const prefix = await this.ownPrefix()
    const mine = (await this.stagings()).filter((s) => s.ours)
    // only a copy of the primary as it is now: an older one (a cleanup left half-done) is deleted later, never reused
    const enabled = mine.find((s) => s.enabled && sameAsCopy(s.config, primary.config, originId))
    if (enabled) {
      this.ctx.log.info(`Staging distribution ${enabled.id} (${enabled.domainName}) was copied from ${this.id} by an earlier attempt and is attached to nothing: taking it up again.`)
      // an attempt stopped between the copy and its tag leaves it untagged
      await tagStaging(this.cf, enabled.arn, this.id)
      return enabled
    }
    return this.ifMatch(
      `copying distribution ${this.id} to a staging distribution`,
      primary,
      async (current): Promise<StagingDistribution> => {
        const copied = await copyToStaging(this.cf, this.id, current.etag, `${prefix}${this.ctx.clock.now().toString(36)}-${randomBytes(4).toString('hex')}`)
        await tagStaging(this.cf, copied.arn, this.id)
        this.ctx.log.info(`Copied distribution ${this.id} to the staging distribution ${copied.id} (${copied.domainName}).`)
        return { ...copied, status: 'InProgress', enabled: true, ours: true }
      },
      (_current, _err, next) => {
        this.ctx.log.info(`Distribution ${this.id} changed since it was read (PreconditionFailed); reading it again to copy what it is now (attempt ${next} of ${MAX_ATTEMPTS}).`)
        return this.primary.read()
      }
    )
  }

  /** The staging distribution's moving origin on green (and the distribution enabled), every other field as copied. */
  private async pointAt(staging: StagingDistribution, originId: string, green: string): Promise<StagingDistribution> {
    return this.ifMatch(
      `pointing staging distribution ${staging.id} at ${green}`,
      staging,
      async (current) => {
        const origin = findOrigin(current.config, originId)
        if (!origin)
          throw new DeployError(
            `Staging distribution ${current.id} has no origin ${originId}`,
            undefined,
            `Delete the staging distribution ${current.id} (it was copied before the origin changed), then re-run.`
          )
        if (sameOriginDomain(origin.DomainName ?? '', green) && current.enabled) return current
        const next = withOriginDomain(current.config, originId, green)
        next.Enabled = true
        const written = await updateDistribution(this.cf, current.id, current.etag, next)
        this.ctx.log.info(`Staging distribution ${current.id}: origin ${originId} now ${green}.`)
        return { ...current, ...written, enabled: true }
      },
      (current) => this.readStaging(current.id)
    )
  }

  /** CreateContinuousDeploymentPolicy; StagingDistributionInUse means an interrupted attempt made one for this staging distribution already: that one is updated. */
  private async createOrFindPolicy(staging: StagingDistribution, wanted: ContinuousDeploymentPolicyConfig): Promise<VersionedPolicy> {
    try {
      const policy = await createPolicy(this.cf, wanted)
      this.ctx.log.info(`Created the continuous deployment policy ${policy.id} for staging distribution ${staging.id}.`)
      return policy
    } catch (err) {
      if (errorName(err) !== 'StagingDistributionInUse') throw this.failed(`creating the continuous deployment policy for ${staging.id}`, err)
      const existing = await findPolicyFor(this.cf, staging.domainName)
      if (!existing) throw this.failed(`creating the continuous deployment policy for ${staging.id}`, err)
      this.ctx.log.info(`The continuous deployment policy ${existing.id} for staging distribution ${staging.id} was made by an earlier attempt: using it.`)
      return this.setPolicy(existing, wanted)
    }
  }

  /** UpdateContinuousDeploymentPolicy with the ETag of the read, unless it already reads `wanted`; PreconditionFailed: read again, retry. */
  private async setPolicy(policy: VersionedPolicy, wanted: ContinuousDeploymentPolicyConfig): Promise<VersionedPolicy> {
    const what = `updating the continuous deployment policy ${policy.id}`
    return this.ifMatch(
      what,
      policy,
      async (current) => {
        if (JSON.stringify(trafficOf(current.config)) === JSON.stringify(trafficOf(wanted))) return current
        const updated = await updatePolicy(this.cf, current, wanted)
        this.ctx.log.info(`Continuous deployment policy ${current.id}: ${describeTraffic(wanted)}.`)
        return updated
      },
      async (current, err) => {
        const again = await getPolicy(this.cf, current.id)
        if (!again) throw this.failed(what, err)
        return again
      }
    )
  }

  /** UpdateDistribution of the primary with ContinuousDeploymentPolicyId set, IfMatch its ETag; PreconditionFailed: read again (keeping what others changed), retry. */
  private async attach(policy: VersionedPolicy): Promise<void> {
    await this.updatePrimary(`attaching the continuous deployment policy ${policy.id}`, (config) => {
      if (config.ContinuousDeploymentPolicyId === policy.id) return undefined
      if (config.ContinuousDeploymentPolicyId)
        throw new DeployError(
          `Distribution ${this.id} got the continuous deployment policy ${config.ContinuousDeploymentPolicyId} attached by someone else while this run attached ${policy.id}`,
          undefined,
          'Nothing was moved. Find out who else updates the distribution, then re-run.'
        )
      return { ...config, ContinuousDeploymentPolicyId: policy.id }
    })
    this.ctx.log.info(`Attached the continuous deployment policy ${policy.id} to distribution ${this.id}: ${describeTraffic(policy.config)} once the distribution is deployed.`)
  }

  /** Read, change, UpdateDistribution with IfMatch; PreconditionFailed: read again and change that. `change` returns undefined when nothing is left to do. */
  private async updatePrimary(what: string, change: (config: DistributionConfig) => DistributionConfig | undefined): Promise<void> {
    await this.ifMatch(
      `${what} (distribution ${this.id})`,
      await this.primary.read(),
      async ({ config, etag }) => {
        const next = change(config)
        if (next) await updateDistribution(this.cf, this.id, etag, next)
      },
      (read, _err, next) => {
        this.ctx.log.info(`Distribution ${this.id} changed since it was read (PreconditionFailed: ETag ${read.etag} is no longer current); reading it again (attempt ${next} of ${MAX_ATTEMPTS}).`)
        return this.primary.read()
      }
    )
  }

  /**
   * All traffic back on the primary's own origin in one write: the policy disabled. AWS: a disabled policy
   * "is not enabled and has no effect" (ContinuousDeploymentPolicyConfig.Enabled), and disabling it "resets
   * all sessions" (sticky viewers included). Weight 0 would keep the sticky sessions, and detaching the
   * policy is a change of the whole primary configuration. Returns whether it wrote.
   */
  async disable(config: DistributionConfig): Promise<boolean> {
    const found = await this.attached(config)
    // another's policy is theirs to end: a switch of the primary's origin never touches it
    if (!found?.staging?.ours || !found.policy.config.Enabled) return false
    const staging = found.staging
    // read again after a refusal: gone (nothing written), or disabled by someone meanwhile (as wanted)
    return this.ifMatch<VersionedPolicy | undefined, boolean>(
      `disabling the continuous deployment policy ${found.policy.id}`,
      found.policy,
      async (current) => {
        if (!current) return false
        if (!current.config.Enabled) return true
        await updatePolicy(this.cf, current, { ...current.config, Enabled: false })
        this.ctx.log.info(`Disabled the continuous deployment policy ${current.id}: distribution ${this.id} sends no request to staging distribution ${staging.id} any more.`)
        return true
      },
      () => getPolicy(this.cf, found.policy.id)
    )
  }

  /**
   * After the promotion (or back on blue): the policy detached from the primary, then deleted (AWS: "First
   * update your distribution to remove the continuous deployment policy, then you can delete the policy"),
   * then the staging distribution disabled, and deleted once that is Deployed (DeleteDistribution answers
   * DistributionNotDisabled before). The policy goes before the staging distribution so that, until the
   * end, a re-run can prove it is ours through the staging distribution's CallerReference. Each step reads
   * again first, so a re-run finishes a cleanup an earlier attempt left half-done. `wait`: until the staging
   * distributions are Deployed and deleted (else they are left disabled for the next run to delete).
   * Never throws: traffic is already where it belongs; a failure is a warning with the commands to finish.
   */
  async cleanUp(opts: { wait: boolean }): Promise<void> {
    let step = 'reading the continuous deployment state'
    const leftovers: string[] = []
    try {
      const { config } = await this.primary.read()
      const found = await this.attached(config)
      if (found?.staging?.ours) {
        step = `detaching the continuous deployment policy ${found.policy.id} from distribution ${this.id}`
        leftovers.push(
          `aws cloudfront get-distribution-config --id ${this.id} > primary.json  # remove ContinuousDeploymentPolicyId, then: aws cloudfront update-distribution --id ${this.id} --if-match <ETag> --distribution-config file://primary-config.json`
        )
        await this.updatePrimary(step, (c) => (c.ContinuousDeploymentPolicyId === found.policy.id ? { ...c, ContinuousDeploymentPolicyId: '' } : undefined))
        leftovers.pop()
        this.ctx.log.info(`Detached the continuous deployment policy ${found.policy.id} from distribution ${this.id}.`)
      }
      for (const staging of (await this.stagings()).filter((s) => s.ours)) {
        const orphan = await findPolicyFor(this.cf, staging.domainName)
        if (orphan) {
          step = `deleting the continuous deployment policy ${orphan.id}`
          leftovers.push(`aws cloudfront delete-continuous-deployment-policy --id ${orphan.id} --if-match <its ETag>`)
          await deletePolicy(this.cf, orphan)
          leftovers.pop()
          this.ctx.log.info(`Deleted the continuous deployment policy ${orphan.id}.`)
        }
        step = `deleting staging distribution ${staging.id}`
        leftovers.push(
          `aws cloudfront get-distribution-config --id ${staging.id}  # ${staging.enabled ? 'set Enabled to false with update-distribution, wait' : 'it is disabled already: wait'} until get-distribution reads Deployed, then: aws cloudfront delete-distribution --id ${staging.id} --if-match <ETag>`
        )
        if (await this.retire(staging, opts.wait)) leftovers.pop()
      }
    } catch (err) {
      const todo = leftovers.length ? ` To finish by hand: ${leftovers.join('; ')}.` : ''
      this.ctx.log.warning(
        `Traffic is where it belongs, but cleaning up CloudFront continuous deployment failed while ${step}: ${errorMessage(err)}.${todo} A later run of the action finishes it too.`
      )
      return
    }
    if (leftovers.length) this.ctx.log.info(`Left for a later run (or by hand): ${leftovers.join('; ')}.`)
  }

  /** Disables a staging distribution of ours, then deletes it once that is Deployed (waiting only when `wait`). Returns whether it is gone. */
  private async retire(staging: StagingDistribution, wait: boolean): Promise<boolean> {
    let current = staging
    if (current.enabled) {
      const disabled = await updateDistribution(this.cf, current.id, current.etag, { ...current.config, Enabled: false })
      current = { ...current, ...disabled, enabled: false, status: 'InProgress' }
      this.ctx.log.info(`Disabled staging distribution ${current.id}; it can be deleted once CloudFront reports that Deployed.`)
    }
    let interval = this.ctx.pollMs
    // at most half the time left: blue's delete comes after this
    const until = this.ctx.clock.now() + Math.min(MAX_STAGING_WAIT_MS, (this.ctx.deadline - this.ctx.clock.now()) / 2)
    while (current.status !== 'Deployed') {
      if (!wait || this.ctx.clock.now() + interval > until) return false
      await this.ctx.clock.sleep(interval)
      interval = Math.min(MAX_POLL_MS, interval * 2)
      try {
        current = await this.readStaging(current.id)
      } catch (err) {
        if (!isThrottling(err)) throw err
      }
    }
    await deleteDistribution(this.cf, current.id, current.etag)
    this.ctx.log.info(`Deleted staging distribution ${current.id}.`)
    return true
  }

  /**
   * The staging distribution's origins that reach `domain` while an enabled policy attaches it to the primary
   * (any owner's: they carry the primary's viewers). A disabled policy "is not enabled and has no effect"
   * (ContinuousDeploymentPolicyConfig.Enabled): a run killed on its way back to blue leaves one attached, and
   * its staging distribution routes nobody to green.
   */
  async routesTo(config: DistributionConfig, domain: string): Promise<{ where: string; reaches: string }[]> {
    const found = await this.attached(config)
    if (!found?.staging || !found.policy.config.Enabled) return []
    return (found.staging.config.Origins?.Items ?? [])
      .filter((o) => sameOriginDomain(o.DomainName ?? '', domain))
      .map((o) => ({
        where: `staging distribution ${found.staging!.id} origin ${o.Id} (continuous deployment policy ${found.policy.id} of distribution ${this.id})`,
        reaches: `origin ${o.DomainName}`
      }))
  }

  /**
   * One write that CloudFront refuses with PreconditionFailed when its resource changed since it was read (the
   * ETag it carries as IfMatch moved on): `write` is given the latest reading; after a refusal `reread` reads
   * again (told the refusal and the attempt that comes next), at most MAX_ATTEMPTS times. Any other error, or
   * the last refusal, fails naming `what`.
   */
  private async ifMatch<T, R>(what: string, reading: T, write: (current: T) => Promise<R>, reread: (current: T, err: unknown, next: number) => Promise<T>): Promise<R> {
    let current = reading
    for (let attempt = 1; ; attempt++) {
      try {
        return await write(current)
      } catch (err) {
        if (!isPreconditionFailed(err) || attempt >= MAX_ATTEMPTS) throw this.failed(what, err)
        current = await reread(current, err, attempt + 1)
      }
    }
  }

  private failed(what: string, err: unknown): unknown {
    if (err instanceof DeployError) return err
    const name = errorName(err)
    const advice: Record<string, string> = {
      IllegalUpdate: 'CloudFront refuses continuous deployment for this distribution (for example one with HTTP/3, or a multi-tenant one): set traffic-steps: 100% to switch in one write.',
      PreconditionFailed: 'Another process keeps updating the distribution: let it finish, then re-run.',
      TooManyDistributions: 'The account has reached its quota of distributions (staging distributions count: at most 20): delete unused ones, then re-run.',
      TooManyContinuousDeploymentPolicies: 'The account has reached its quota of continuous deployment policies (20): delete unused ones, then re-run.',
      DistributionAlreadyExists: 'A staging distribution with this caller reference exists already: re-run (the next attempt copies with a new one).'
    }
    return new DeployError(
      `CloudFront failed ${what}`,
      errorMessage(err),
      advice[name] ?? 'Nothing more was moved: re-run once the cause is fixed; a re-run takes up the staging distribution and policy made so far.'
    )
  }
}

/** Whether a staging distribution's configuration is the primary's but for what a copy and this action change in it. */
function sameAsCopy(staging: DistributionConfig, primary: DistributionConfig, originId: string): boolean {
  const comparable = (config: DistributionConfig) => {
    const { CallerReference: _ref, Aliases: _aliases, Staging: _staging, ContinuousDeploymentPolicyId: _policy, Enabled: _enabled, ...rest } = structuredClone(config)
    const origin = findOrigin(rest as DistributionConfig, originId)
    if (origin) origin.DomainName = ''
    return JSON.stringify(rest)
  }
  return comparable(staging) === comparable(primary)
}

function trafficOf(config: ContinuousDeploymentPolicyConfig): unknown {
  return { enabled: config.Enabled, traffic: config.TrafficConfig, names: config.StagingDistributionDnsNames?.Items }
}

function describeTraffic(config: ContinuousDeploymentPolicyConfig): string {
  const t = config.TrafficConfig
  if (t?.Type === 'SingleHeader') return `only requests with the header ${t.SingleHeaderConfig?.Header} reach the staging distribution`
  return `${Math.round((t?.SingleWeightConfig?.Weight ?? 0) * 100)}% of viewers reach the staging distribution`
}

/** HTTP/3 distributions cannot use continuous deployment (developer guide, "Quotas and other considerations for continuous deployment"). */
export function whyNoContinuousDeployment(config: DistributionConfig): string | undefined {
  if (config.Staging) return 'it is a staging distribution itself'
  if (/3/.test(config.HttpVersion ?? '')) return `it supports HTTP/3 (HttpVersion ${config.HttpVersion}), and "you cannot use continuous deployment with a distribution that supports HTTP/3"`
  return undefined
}
