import {
  findOrigin,
  getDistributionConfig,
  getDistributionState,
  isPreconditionFailed,
  updateDistribution,
  withOriginDomain,
  type DistributionConfig,
  type Origin,
  type VersionedConfig
} from '../../aws/cloudfront.js'
import { describeStack, stackOutputs } from '../../cloudformation/stacks.js'
import { formatDuration } from '../../clock.js'
import type { Context } from '../../context.js'
import { DeployError, isThrottling, TimeoutError } from '../../errors.js'
import { untrusted } from '../../untrusted.js'
import type { EnvironmentStack } from '../environments.js'
import type { DoorOf } from '../inputs.js'
import { findOwnerByOutput, type Owner } from '../owner.js'
import type { LiveHint, Offer, Router, RoutesTo, StackView } from '../router.js'
import { originKey, parseOriginDomain, sameOriginDomain, unmovable } from './cloudfront-origin.js'
import { ContinuousDeployment, whyNoContinuousDeployment } from './cloudfront-staging.js'

/** What a switch of the distribution writes: the moving origin's domain name. */
export interface OriginTarget {
  domainName: string
}

/** The moving origin as read, with the whole configuration and its ETag, which the write needs. */
export interface OriginReading extends OriginTarget {
  originId: string
  etag: string
  config: DistributionConfig
}

/** How many times a write re-reads and retries after PreconditionFailed (another writer changed the distribution in between). */
export const MAX_WRITE_ATTEMPTS = 5
/** The longest pause between two reads of the distribution's status while waiting for Deployed. */
const MAX_POLL_MS = 20_000

/**
 * A CloudFront distribution in front of the environments: one origin (origin-id, or the default cache
 * behavior's) points at blue's domain; a switch points it at green's, the domain green's stack offers in
 * its output origin-output. Everything else in the distribution is kept as it is.
 */
export class CloudFrontRouter implements Router<OriginTarget, OriginReading> {
  readonly kind = 'cloudfront'
  readonly services = ['cloudfront'] as const
  readonly targetNoun = 'Origin'
  readonly namedBy = 'distribution-id, origin-id'
  readonly doorNoun = 'The distribution'
  readonly verb = 'points to'
  readonly pastVerb = 'pointed to'
  // an origin always has a domain: read() never finds the distribution routing nowhere
  readonly nothingYet = 'has no origin yet'
  readonly lockKey: { scope: string; path: string }
  /** The host users reach (the first alias, else the distribution's own domain), once read. */
  private userHost?: string
  private last?: OriginReading
  /** Stepped shifting: CloudFront continuous deployment (cloudfront-staging.ts). */
  private readonly staging: ContinuousDeployment
  /** Blue's domain while this run shifts traffic in steps: the primary's origin stays on it until the final write. */
  private shiftedFrom?: string

  constructor(
    private readonly ctx: Context,
    readonly door: DoorOf<'cloudfront'>,
    readonly region: string
  ) {
    this.lockKey = { scope: `cloudfront-${door.distributionId}`, path: door.originId ?? '' }
    this.staging = new ContinuousDeployment(
      ctx,
      {
        distributionId: door.distributionId,
        originId: async () => (this.last ?? (await this.read())).originId,
        read: () => getDistributionConfig(ctx.clients.cloudfront, door.distributionId)
      },
      door.stagingHeader
    )
  }

  /**
   * Fixed at construction, not refined by a read: the lock's description and its bluegreen:lock-for tag are
   * made from it (so no parentheses or quotes, which tag values do not take).
   */
  get where(): string {
    return this.door.originId ? `distribution ${this.door.distributionId} origin ${this.door.originId}` : `distribution ${this.door.distributionId} default origin`
  }

  /** Known after the first read: the core reads the distribution before it reports the URL. */
  get url(): string {
    return this.userHost ? `https://${this.userHost}` : ''
  }

  async read(): Promise<OriginReading> {
    const reading = this.readingOf(await getDistributionConfig(this.ctx.clients.cloudfront, this.door.distributionId))
    this.userHost ??= await this.userHostOf(reading.config)
    return reading
  }

  private readingOf({ config, etag }: VersionedConfig): OriginReading {
    const originId = this.movingOriginId(config)
    this.last = { domainName: findOrigin(config, originId)!.DomainName ?? '', originId, etag, config }
    return this.last
  }

  /** origin-id, or the default cache behavior's origin; refused when the distribution has no such origin. */
  private movingOriginId(config: DistributionConfig): string {
    const id = this.door.distributionId
    const origins = (config.Origins?.Items ?? []).map((o) => o.Id ?? '')
    const wanted = this.door.originId ?? config.DefaultCacheBehavior?.TargetOriginId ?? ''
    if (origins.includes(wanted)) return wanted
    const group = config.OriginGroups?.Items?.find((g) => g.Id === wanted)
    if (!this.door.originId && group) {
      const members = (group.Members?.Items ?? []).map((m) => m.OriginId).join(', ')
      throw new DeployError(
        `The default cache behavior of distribution ${id} targets the origin group ${wanted} (${members}), not one origin`,
        undefined,
        'Set origin-id to the member origin that moves between the environments.'
      )
    }
    throw new DeployError(
      `Distribution ${id} has no origin ${untrusted(wanted, 256)}${this.door.originId ? ' (origin-id)' : ''}; its origins: ${origins.join(', ') || 'none'}`,
      undefined,
      `Set origin-id to one of them, or leave it empty for the default cache behavior's origin (${config.DefaultCacheBehavior?.TargetOriginId ?? 'none'}).`
    )
  }

  private async userHostOf(config: DistributionConfig): Promise<string> {
    const alias = config.Aliases?.Items?.find((a) => !a.startsWith('*'))
    return alias ?? (await getDistributionState(this.ctx.clients.cloudfront, this.door.distributionId)).domainName
  }

  async offer(env: StackView, live: LiveHint<OriginReading>): Promise<Offer<OriginTarget>> {
    const output = this.door.originOutput
    const raw = env.outputs[output]
    if (raw === undefined) {
      throw new DeployError(
        `Stack ${env.stackName} has no output ${output} (origin-output), so it offers no origin for distribution ${this.door.distributionId}`,
        undefined,
        `Add an output ${output} holding the origin's domain name (a Lambda function URL's host, another distribution's domain) to the template, or set origin-output to the output that holds it.`
      )
    }
    const parsed = parseOriginDomain(raw)
    if (!parsed.ok) {
      throw new DeployError(
        `Stack ${env.stackName}'s output ${output} (origin-output) holds "${untrusted(raw, 120)}", which is no origin domain: ${parsed.why}`,
        undefined,
        'Output a DNS name such as abc123.lambda-url.us-east-1.on.aws or d111111abcdef8.cloudfront.net (an https:// URL without a path is taken as its host).'
      )
    }
    const reading = live.reading ?? (await this.read())
    const origin = this.assertMovable(reading, parsed.domainName)
    const path = origin.OriginPath ?? ''
    return { target: { domainName: parsed.domainName }, endpoint: async () => `https://${parsed.domainName}${path}` }
  }

  /** Refuses, naming origin-id, an origin the router must not move (cloudfront-origin.ts unmovable says why). */
  private assertMovable(reading: OriginReading, domainName: string): Origin {
    const origin = findOrigin(reading.config, reading.originId)!
    const why = unmovable(origin, domainName)
    if (why) {
      throw new DeployError(
        `The cloudfront router cannot move ${why} of distribution ${this.door.distributionId} (origin-id)`,
        undefined,
        "Move a custom origin (a public Lambda function URL, an API's or another distribution's domain): set origin-id to one, or use the route53 router for this app. See docs/routers/cloudfront.md."
      )
    }
    return origin
  }

  findOwner(reading: OriginReading, candidates: () => Promise<EnvironmentStack[]>): Promise<Owner | undefined> {
    return findOwnerByOutput(this.door.originOutput, reading.domainName, candidates, sameOriginDomain)
  }

  ownerKey(target: OriginTarget): string {
    return target.domainName
  }

  /**
   * UpdateDistribution replaces the whole configuration: the one read (with its ETag as IfMatch) goes back
   * with only the origin's domain changed. When someone changed the distribution in between, CloudFront
   * answers PreconditionFailed: read again and retry, unless the origin itself moved elsewhere meanwhile.
   */
  async write(current: OriginReading | undefined, to: OriginTarget): Promise<OriginReading> {
    const reading = current ?? (await this.read())
    if (!reading.config.ContinuousDeploymentPolicyId) return this.writeOrigin(reading, to)
    // A stepped promotion's policy is attached: its staging distribution sends part of the viewers to green.
    // Back to blue: the policy is disabled first (one write takes that part back), then the primary moves only
    // if it is not on blue. Promotion: the primary's origin is written (below), not UpdateDistributionWithStagingConfig,
    // which "overwrites" the primary's configuration "to match the staging distribution" but for its Aliases and
    // ContinuousDeploymentPolicyId (API reference): a copy made at the first step, which would silently revert
    // whatever someone changed on the primary since (a cache behavior, a certificate, WAF). The write sends back
    // the primary as read now (IfMatch, retried on PreconditionFailed), so every other field stays as it is.
    let fresh = await this.read()
    if (this.shiftedFrom && !sameOriginDomain(fresh.domainName, this.shiftedFrom) && !this.same(fresh, to)) return this.movedMidShift(fresh, to)
    const stagingOrigin = await this.staging.stagingOrigin(fresh.config, fresh.originId)
    if (!stagingOrigin || !sameOriginDomain(stagingOrigin, to.domainName)) {
      await this.staging.disable(fresh.config)
      fresh = await this.read()
    }
    await this.writeOrigin(fresh, to)
    // cleanup only once traffic is where it belongs; it never fails the switch
    await this.staging.cleanUp({ wait: false })
    return this.read()
  }

  /**
   * Someone moved the primary's origin while this run held a step (its own writes never touch it before the
   * final one): their origin is kept. Only this run's share goes back (the policy disabled), then it stops.
   */
  private async movedMidShift(fresh: OriginReading, to: OriginTarget): Promise<never> {
    await this.staging.disable(fresh.config)
    await this.staging.cleanUp({ wait: false })
    throw new DeployError(
      `Distribution ${this.door.distributionId} origin ${fresh.originId} was moved to ${fresh.domainName} by someone else while this run shifted traffic from ${this.shiftedFrom}; it was not switched to ${to.domainName}`,
      'The continuous deployment policy of this run was disabled, so the distribution sends all its viewers where its origin points now.',
      'Find out who moved the origin and which environment should serve the distribution, then re-run.'
    )
  }

  /** The primary's moving origin on `to`, every other field as read (IfMatch, retried on PreconditionFailed). */
  private async writeOrigin(current: OriginReading, to: OriginTarget): Promise<OriginReading> {
    const id = this.door.distributionId
    let reading = current
    const from = reading.domainName
    for (let attempt = 1; ; attempt++) {
      if (this.same(reading, to)) return reading
      if (!sameOriginDomain(reading.domainName, from)) {
        throw new DeployError(
          `Distribution ${id} origin ${reading.originId} was moved to ${reading.domainName} by someone else while this run switched it from ${from} to ${to.domainName}; nothing was written`,
          undefined,
          'Find out who else updates the distribution, then re-run.'
        )
      }
      this.assertMovable(reading, to.domainName)
      try {
        const written = this.readingOf(await updateDistribution(this.ctx.clients.cloudfront, id, reading.etag, withOriginDomain(reading.config, reading.originId, to.domainName)))
        this.ctx.log.info(`Updated distribution ${id}: origin ${reading.originId} now ${to.domainName} (was ${from}); CloudFront deploys it to its edge locations next.`)
        return written
      } catch (err) {
        if (!isPreconditionFailed(err)) throw err
        if (attempt >= MAX_WRITE_ATTEMPTS) {
          throw new DeployError(
            `Distribution ${id} changed between each of ${MAX_WRITE_ATTEMPTS} reads and the update that followed (PreconditionFailed); its origin was not switched`,
            undefined,
            'Another process keeps updating the distribution: let it finish, then re-run.'
          )
        }
        this.ctx.log.info(
          `Distribution ${id} changed since it was read (PreconditionFailed: ETag ${reading.etag} is no longer current); reading it again (attempt ${attempt + 1} of ${MAX_WRITE_ATTEMPTS}).`
        )
        reading = this.readingOf(await getDistributionConfig(this.ctx.clients.cloudfront, id))
      }
    }
  }

  async whyNoSteps(): Promise<string | undefined> {
    const why = whyNoContinuousDeployment((await this.read()).config)
    return why?.replace(/^it /, `distribution ${this.door.distributionId} `)
  }

  describeShare(percent: number): string | undefined {
    const header = this.door.stagingHeader
    return percent === 0 && header ? `the requests to ${this.where} with header ${header.name}` : undefined
  }

  /**
   * One partial step through CloudFront continuous deployment (cloudfront-staging.ts): the primary stays on
   * blue; a staging distribution copied from it routes the moving origin to green, and the policy attached to
   * the primary sends it `percent` of the viewers (0: only the requests with staging-header). Refused before
   * any write when the primary no longer serves blue or cannot take a policy (HTTP/3).
   */
  async setWeights(blue: OriginTarget, green: OriginTarget, percent: number): Promise<void> {
    const primary = await this.read()
    const id = this.door.distributionId
    if (!this.same(primary, blue)) {
      throw new DeployError(
        `Distribution ${id} origin ${primary.originId} points to ${primary.domainName}, not to ${blue.domainName} (blue), so no part of its traffic is moved to ${green.domainName}`,
        'Someone moved the origin while this run shifted traffic.',
        'Nothing was moved. Check which environment should serve the distribution, then re-run.'
      )
    }
    const why = whyNoContinuousDeployment(primary.config)
    if (why) {
      throw new DeployError(
        `Distribution ${id} cannot send part of its traffic to ${green.domainName} through CloudFront continuous deployment: ${why}`,
        undefined,
        'Nothing was moved. Set traffic-steps: 100% to switch in one write, or turn HTTP/3 off on the distribution (HttpVersion http2) first.'
      )
    }
    this.assertMovable(primary, green.domainName)
    this.shiftedFrom = primary.domainName
    if (percent === 0 && this.door.stagingHeader)
      this.ctx.log.info(`Only requests with the header ${this.door.stagingHeader.name} reach ${green.domainName}; every other viewer stays on ${blue.domainName}.`)
    await this.staging.shift(primary, primary.originId, green.domainName, percent)
  }

  /** Green's share through the policy attached to the primary; undefined when none of ours is, or its staging distribution does not route to green. */
  async readWeights(green: OriginTarget): Promise<{ green: number } | undefined> {
    const primary = await this.read()
    const share = await this.staging.share(primary.config, primary.originId, green.domainName)
    return share === undefined ? undefined : { green: share }
  }

  same(a: OriginTarget | undefined, b: OriginTarget | undefined): boolean {
    if (!a || !b) return a === b
    return sameOriginDomain(a.domainName, b.domainName)
  }

  describe(target: OriginTarget | undefined): string {
    return target ? `origin ${target.domainName}` : 'nothing (no origin)'
  }

  describeLive(reading: OriginReading): string {
    return reading.domainName
  }

  /** Every origin of the distribution (not only the one that moves) whose domain is the stack's origin-output. */
  async routesTo(stackNameOrId: string, opts: { fresh?: boolean } = {}): Promise<RoutesTo> {
    const found: RoutesTo = { scope: `origin of distribution ${this.door.distributionId}`, routes: [] }
    const value = stackOutputs(await describeStack(this.ctx.clients.cloudformation, stackNameOrId))[this.door.originOutput]
    if (value === undefined) return found
    const reading = opts.fresh === false && this.last ? this.last : await this.read()
    for (const origin of reading.config.Origins?.Items ?? []) {
      if (originKey(origin.DomainName ?? '') !== originKey(value)) continue
      found.routes.push({ where: `distribution ${this.door.distributionId} origin ${origin.Id}`, reaches: `origin ${origin.DomainName}`, isFrontDoor: origin.Id === reading.originId })
    }
    // a stepped promotion's staging distribution carries part of this distribution's viewers: a route into the
    // stack, though not the moving origin itself (nobody "moved it back")
    for (const route of await this.staging.routesTo(reading.config, value)) found.routes.push({ ...route, isFrontDoor: false })
    return found
  }

  /** Until the distribution reads Deployed, some edge locations may still send requests to blue's origin. */
  async drained(old: OriginTarget): Promise<void> {
    const id = this.door.distributionId
    const started = this.ctx.clock.now()
    let interval = this.ctx.pollMs
    let waiting = false
    for (;;) {
      try {
        const { status } = await getDistributionState(this.ctx.clients.cloudfront, id)
        if (status === 'Deployed') {
          if (waiting) this.ctx.log.info(`Distribution ${id} is Deployed after ${formatDuration(this.ctx.clock.now() - started)}: no edge location sends requests to ${old.domainName} any more.`)
          // the staging distribution of a stepped promotion, disabled at the switch, can be deleted once that is Deployed
          if (this.door.stepped) await this.staging.cleanUp({ wait: true })
          return
        }
        if (!waiting) {
          this.ctx.log.info(
            `Distribution ${id} is ${status}: until CloudFront reports it Deployed, edge locations may still send requests to ${old.domainName}, so blue is kept until then (usually a few minutes).`
          )
        }
        waiting = true
      } catch (err) {
        // a throttled read is retried like an InProgress one, after the growing pause
        if (!isThrottling(err)) throw err
      }
      if (this.ctx.clock.now() + interval > this.ctx.deadline) {
        throw new TimeoutError(
          `Timed out (timeout-minutes) waiting for distribution ${id} to be Deployed; blue (${old.domainName}) will not be deleted now, as edge locations may still send requests to it`,
          undefined,
          `Check it with aws cloudfront get-distribution --id ${id} --query Distribution.Status; once it reads Deployed, re-run, or delete blue's stack.`
        )
      }
      await this.ctx.clock.sleep(interval)
      interval = Math.min(MAX_POLL_MS, interval * 2)
    }
  }
}
