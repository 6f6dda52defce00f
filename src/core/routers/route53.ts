import { cacheSeconds, listZoneRecords, readRouterRecords, type RouterRecords } from '../../aws/route53-records.js'
import { changeRecords, findHostedZone, normalizeName, remove, upsert, type HostedZone, type ResourceRecordSet } from '../../aws/route53.js'
import type { Change } from '@aws-sdk/client-route-53'
import { describeStack, stackOutputs } from '../../cloudformation/stacks.js'
import { formatDuration } from '../../clock.js'
import type { Context } from '../../context.js'
import { DeployError, errorMessage, errorName, InputError } from '../../errors.js'
import { excerpt } from '../../untrusted.js'
import type { EnvironmentStack } from '../environments.js'
import type { DoorOf } from '../inputs.js'
import { findOwnerByOutput, type Owner } from '../owner.js'
import type { LiveHint, Offer, Router, RoutesTo, StackView } from '../router.js'
import { dnsNameOf, hostedZoneIdOf, plainDnsName, sameDnsName } from './route53-names.js'

/** Where the record sends resolvers: a CNAME's value, an alias's DNS name and zone, or (read only) the addresses of a plain A/AAAA record. */
export interface DnsTarget {
  kind: 'cname' | 'alias' | 'addresses'
  /** Lower case, without the final dot; for `addresses`, the record's values joined by commas. */
  dnsName: string
  /** The alias target's hosted zone id. */
  aliasZoneId?: string
}

/**
 * The record as read: its target and the record set itself (its TTL and EvaluateTargetHealth are kept by a
 * switch). Mid-shift the name holds two weighted records: the reading is the heavier one (on a tie, the
 * first set identifier in Route 53's order), and `weighted` carries both, which a switch deletes.
 */
export interface DnsRecord extends DnsTarget {
  record: ResourceRecordSet
  weighted?: [ResourceRecordSet, ResourceRecordSet]
}

/** The TTL a record the first promotion creates gets: short, so that the next switch reaches users within a minute. */
export const NEW_RECORD_TTL = 60

function targetOf(record: ResourceRecordSet): DnsRecord {
  if (record.AliasTarget) {
    return { kind: 'alias', dnsName: plainDnsName(record.AliasTarget.DNSName ?? ''), aliasZoneId: record.AliasTarget.HostedZoneId?.replace(/^\/hostedzone\//, ''), record }
  }
  const values = (record.ResourceRecords ?? []).map((r) => plainDnsName(r.Value ?? ''))
  return { kind: record.Type === 'CNAME' ? 'cname' : 'addresses', dnsName: values.join(','), record }
}

/** Route 53 weights go from 0 to 255 per record; a share in percent is the weight itself (the two sum to 100). */
export function weightsOf(percent: number): { blue: number; green: number } {
  return { blue: 100 - percent, green: percent }
}

/**
 * A Route 53 record (CNAME, or an alias A/AAAA when target-zone-output is given) of one hosted zone: the
 * environment whose output target-output holds the record's DNS name is live. A switch is one UPSERT
 * (never a delete and then a create), waited on until INSYNC; blue is retired once the old record's TTL has passed.
 * A stepped promotion (traffic-steps) turns the simple record into two weighted records, set identifier =
 * each environment's stack name, in one change batch (DELETE the simple record, CREATE both), re-weights them
 * with UPSERTs, and its final switch turns them back into one simple record in one batch (DELETE both, CREATE).
 */
export class Route53Router implements Router<DnsTarget, DnsRecord> {
  readonly kind = 'route53'
  readonly services = ['route53'] as const
  readonly targetNoun = 'DNS name'
  readonly namedBy = 'hosted-zone-id, record-name'
  readonly doorNoun = 'The record'
  readonly verb = 'points to'
  readonly pastVerb = 'pointed to'
  readonly nothingYet = 'has no record yet'
  readonly where: string
  readonly url: string
  /**
   * The record's name and type, not its zone, so that hosted-zone-id and hosted-zone-name give the same lock
   * without an AWS call: a name belongs to one zone of an account, except where a public and a private
   * zone share it, which then share one lock (runs wait for each other, never race). The name first, as a
   * custom domain's lock has its domain first: the lock stack is bluegreen-lock-<name as slug>-<type>-….
   */
  readonly lockKey: { scope: string; path: string }
  private zone?: Promise<HostedZone>
  private records?: Promise<ResourceRecordSet[]>
  /**
   * This run's writes: the targets each one took answers away from (or re-weighted), when every Route 53
   * server had it and until when resolvers may keep the old answers (their TTL).
   */
  private replaced: { from: DnsTarget[]; until: number }[] = []

  /** `app` is stack-name: weighted records whose set identifiers are its environment stacks are the action's own. */
  constructor(
    private readonly ctx: Context,
    readonly door: DoorOf<'route53'>,
    private readonly app?: string
  ) {
    this.where = `${door.recordName} ${door.recordType} (zone ${door.hostedZoneId ?? door.hostedZoneName})`
    this.url = `https://${door.recordName}`
    this.lockKey = { scope: door.recordName, path: door.recordType }
  }

  /** The zone, found once per run; a hosted-zone-id must hold record-name. */
  private hostedZone(): Promise<HostedZone> {
    this.zone ??= findHostedZone(this.ctx.clients.route53, { id: this.door.hostedZoneId, name: this.door.hostedZoneName }).then((zone) => {
      const name = normalizeName(this.door.recordName)
      if (name !== zone.name && !name.endsWith(`.${zone.name}`)) {
        throw new InputError('record-name', `${this.door.recordName} is not in hosted zone ${zone.id} (${zone.name}); accepted: the zone's name or a name ending in .${zone.name.replace(/\.$/, '')}`)
      }
      return zone
    })
    return this.zone
  }

  async read(): Promise<DnsRecord | undefined> {
    const state = await this.recordSets()
    if (state.kind === 'none') return undefined
    if (state.kind === 'simple') return targetOf(state.record)
    const [a, b] = state.records
    const heavier = (b.Weight ?? 0) > (a.Weight ?? 0) ? b : a
    return { ...targetOf(heavier), weighted: state.records }
  }

  /** The record sets of record-name and record-type, read now. */
  private async recordSets(): Promise<RouterRecords> {
    const zone = await this.hostedZone()
    return readRouterRecords(this.ctx.clients.route53, zone, this.door.recordName, this.door.recordType, (id) => this.isEnvironment(id))
  }

  /** Whether a set identifier is an environment stack name of stack-name (<stack-name> or <stack-name>-<extra>). */
  private isEnvironment(setIdentifier: string): boolean {
    return !!this.app && (setIdentifier === this.app || setIdentifier.startsWith(`${this.app}-`))
  }

  /**
   * `percent` of the record's answers to green, the rest to blue, in one change batch: from the simple
   * record, DELETE it and CREATE the two weighted records (set identifiers: the stack names); from a
   * weighted pair, UPSERT both (a record of another stack is deleted in the same batch). The record's TTL and
   * EvaluateTargetHealth carry over. Waited on until INSYNC.
   */
  async setWeights(blue: DnsTarget, green: DnsTarget, percent: number, sides?: { blue?: string; green: string }): Promise<void> {
    if (!sides?.blue || !this.isEnvironment(sides.blue) || !this.isEnvironment(sides.green)) {
      throw new DeployError(
        `The route53 router splits ${this.where} only between two environment stacks of ${this.app ?? 'stack-name'} (they name its weighted records); got ${sides?.blue ?? 'no stack'} and ${sides?.green ?? 'no stack'}`,
        undefined,
        "Nothing was moved. Set traffic-steps: 100% to switch in one step, or make the live target one of the app's environment stacks first."
      )
    }
    const state = await this.recordSets()
    if (state.kind === 'none') throw new DeployError(`${this.where} has no record to split between ${sides.blue} and ${sides.green}`)
    const existing = state.kind === 'simple' ? [state.record] : state.records
    const base = existing[0]
    const weights = weightsOf(percent)
    const wanted = [this.recordFor(blue, base, { setIdentifier: sides.blue, weight: weights.blue }), this.recordFor(green, base, { setIdentifier: sides.green, weight: weights.green })]
    const changes: Change[] = [
      ...existing.filter((r) => !wanted.some((w) => w.SetIdentifier === r.SetIdentifier)).map(remove),
      ...wanted.map((w): Change => (existing.some((r) => r.SetIdentifier === w.SetIdentifier) ? upsert(w) : { Action: 'CREATE', ResourceRecordSet: w }))
    ]
    await this.change(existing, changes, `${percent}% to ${green.dnsName}`, `${percent}% to ${sides.green}`)
  }

  /** Green's share (0 to 100) of the record's answers now; undefined when the name holds one simple record (or nothing). */
  async readWeights(green: DnsTarget): Promise<{ green: number } | undefined> {
    const state = await this.recordSets()
    if (state.kind !== 'weighted') return undefined
    const total = state.records.reduce((sum, r) => sum + (r.Weight ?? 0), 0)
    const greens = state.records.filter((r) => this.same(targetOf(r), green)).reduce((sum, r) => sum + (r.Weight ?? 0), 0)
    return { green: total === 0 ? 0 : Math.round((greens * 100) / total) }
  }

  async offer(env: StackView, _live: LiveHint<DnsRecord>): Promise<Offer<DnsTarget>> {
    const { targetOutput, targetZoneOutput, recordName } = this.door
    const dnsName = this.output(env, targetOutput, 'target-output', 'a DNS name (a load balancer DNSName, a distribution DomainName)', dnsNameOf)
    if (sameDnsName(dnsName, recordName)) {
      throw new DeployError(
        `The output ${targetOutput} (target-output) of ${env.stackName} holds ${recordName} itself: the record would point at itself`,
        undefined,
        'Output the DNS name of the environment (its load balancer, distribution or API), not record-name.'
      )
    }
    const target: DnsTarget = targetZoneOutput
      ? { kind: 'alias', dnsName, aliasZoneId: this.output(env, targetZoneOutput, 'target-zone-output', 'a hosted zone id (such as Z35SXDOTRQ7X7K)', hostedZoneIdOf) }
      : { kind: 'cname', dnsName }
    return { target, endpoint: async () => `https://${dnsName}`, note: targetZoneOutput ? 'alias' : 'CNAME' }
  }

  /** One output of the stack, checked: its absence and any value `parse` refuses are errors naming the input. */
  private output(env: StackView, key: string, input: string, accepted: string, parse: (raw: string) => string | undefined): string {
    const raw = env.outputs[key]
    if (raw === undefined) {
      throw new DeployError(
        `The stack ${env.stackName} has no output ${key} (${input}), which must hold ${accepted}`,
        undefined,
        `Add the output ${key} to the template, or set ${input} to the key of the output that holds it.`
      )
    }
    const value = parse(raw)
    if (value === undefined) {
      throw new DeployError(
        `The output ${key} (${input}) of ${env.stackName} holds "${excerpt(raw)}", which is not ${accepted}`,
        undefined,
        `Make the output hold ${accepted} only, or set ${input} to another output.`
      )
    }
    return value
  }

  findOwner(reading: DnsRecord, candidates: () => Promise<EnvironmentStack[]>, _baseName?: string): Promise<Owner | undefined> {
    if (reading.kind === 'addresses') return Promise.resolve(undefined)
    return findOwnerByOutput(this.door.targetOutput, reading.dnsName, candidates, sameDnsName)
  }

  ownerKey(target: DnsTarget): string {
    return target.dnsName
  }

  /**
   * One UPSERT of the simple record; from a weighted pair (a stepped promotion's last step, or all traffic
   * back on blue), one batch that DELETEs both weighted records and CREATEs the simple one: never a moment
   * without an answer.
   */
  async write(current: DnsRecord | undefined, to: DnsTarget): Promise<DnsRecord> {
    if (to.kind === 'addresses') throw new DeployError('The route53 router writes DNS names only')
    const record = this.recordFor(to, current?.record)
    const replaced = current?.weighted ?? (current ? [current.record] : [])
    const changes: Change[] = current?.weighted ? [...current.weighted.map(remove), { Action: 'CREATE', ResourceRecordSet: record }] : [upsert(record)]
    await this.change(replaced, changes, `to ${to.dnsName}`, to.dnsName)
    return targetOf(record)
  }

  /** The record set that sends the name to `to`, with the TTL (CNAME) or EvaluateTargetHealth (alias) of `like`; weighted with `policy`. */
  private recordFor(to: DnsTarget, like: ResourceRecordSet | undefined, policy?: { setIdentifier: string; weight: number }): ResourceRecordSet {
    if (to.kind === 'addresses') throw new DeployError('The route53 router writes DNS names only')
    const { recordName, recordType } = this.door
    const weighted = policy ? { SetIdentifier: policy.setIdentifier, Weight: policy.weight } : {}
    return to.kind === 'alias'
      ? {
          Name: normalizeName(recordName),
          Type: recordType,
          ...weighted,
          AliasTarget: { HostedZoneId: to.aliasZoneId, DNSName: to.dnsName, EvaluateTargetHealth: like?.AliasTarget?.EvaluateTargetHealth ?? false }
        }
      : { Name: normalizeName(recordName), Type: 'CNAME', ...weighted, TTL: like?.TTL ?? NEW_RECORD_TTL, ResourceRecords: [{ Value: to.dnsName }] }
  }

  /** Sends one change batch and waits until INSYNC; remembers how long resolvers may keep the answers it replaced. */
  private async change(replaced: ResourceRecordSet[], changes: Change[], comment: string, what: string): Promise<void> {
    const zone = await this.hostedZone()
    const { recordName, recordType } = this.door
    let cache = 0
    for (const r of replaced) cache = Math.max(cache, await cacheSeconds(this.ctx.clients.route53, zone, r))
    try {
      await changeRecords(this.ctx.clients.route53, zone.id, changes, `bluegreen-action: ${recordName} ${recordType} ${comment}`, { wait: this.ctx })
    } catch (err) {
      if (errorName(err) !== 'InvalidChangeBatch' && errorName(err) !== 'InvalidInput') throw err
      throw new DeployError(
        `Route 53 refused to point ${this.where} at ${what}; nothing was changed (a change batch is applied whole or not at all)`,
        errorMessage(err),
        'Check the target output and record-type (a CNAME cannot share its name with other records), and that nobody changed the record during the run.'
      )
    }
    // INSYNC: every Route 53 name server answers with the new value from now on; resolvers may keep the old one for its TTL.
    if (replaced.length > 0) this.replaced.push({ from: replaced.map(targetOf), until: this.ctx.clock.now() + cache * 1000 })
  }

  same(a: DnsTarget | undefined, b: DnsTarget | undefined): boolean {
    if (!a || !b) return a === b
    return a.kind === b.kind && sameDnsName(a.dnsName, b.dnsName) && (a.aliasZoneId ?? '') === (b.aliasZoneId ?? '')
  }

  describe(target: DnsTarget | undefined): string {
    if (!target) return 'nothing (no record)'
    if (target.kind === 'addresses') return `addresses ${target.dnsName}`
    return target.kind === 'alias' ? `DNS name ${target.dnsName} (alias, zone ${target.aliasZoneId})` : `DNS name ${target.dnsName}`
  }

  describeLive(reading: DnsRecord, form: 'id' | 'log' | 'error' = 'id'): string {
    if (!reading.weighted || form === 'id') return this.describe(reading)
    const split = reading.weighted.map((r) => `${r.SetIdentifier} weight ${r.Weight}`).join(', ')
    return form === 'log' ? `${this.describe(reading)} (weighted: ${split})` : `${this.describe(reading)} (the heavier of the weighted records ${split})`
  }

  /**
   * Every CNAME or alias record of the zone whose DNS name is the stack's target-output: the front door
   * itself and any other name of the zone that reaches the environment.
   */
  async routesTo(stackNameOrId: string, opts: { fresh?: boolean } = {}): Promise<RoutesTo> {
    const zone = await this.hostedZone()
    const found: RoutesTo = { scope: `record of zone ${zone.name}`, routes: [] }
    const stack = await describeStack(this.ctx.clients.cloudformation, stackNameOrId)
    const raw = stackOutputs(stack)[this.door.targetOutput]
    const dnsName = raw === undefined ? undefined : dnsNameOf(raw)
    if (!dnsName) return found
    if (opts.fresh !== false || !this.records) {
      this.ctx.log.info(`Reading the records of zone ${zone.name} (${zone.id}) for the stacks they route to.`)
      this.records = listZoneRecords(this.ctx.clients.route53, zone.id)
      this.records.catch(() => (this.records = undefined))
    }
    for (const r of await this.records) {
      const values = r.AliasTarget ? [r.AliasTarget.DNSName ?? ''] : r.Type === 'CNAME' ? (r.ResourceRecords ?? []).map((v) => v.Value ?? '') : []
      if (!values.some((v) => sameDnsName(v, dnsName))) continue
      const name = plainDnsName(r.Name ?? '').replace(/\\052/g, '*')
      found.routes.push({
        where: `${name} ${r.Type}${r.SetIdentifier !== undefined ? ` (set ${r.SetIdentifier})` : ''}`,
        reaches: `DNS name ${dnsName}`,
        isFrontDoor: name === this.door.recordName && r.Type === this.door.recordType && (r.SetIdentifier === undefined || this.isEnvironment(r.SetIdentifier))
      })
    }
    return found
  }

  /**
   * Waits until resolvers can no longer hold an answer with `old`: the TTL (an alias: its target's) of every
   * record this run replaced that sent resolvers there (the simple record, then the weighted records of a
   * stepped promotion), from the moment every Route 53 server had the change. A run that did not switch (a
   * re-run after an interruption) does not know that moment and waits a whole TTL from now.
   */
  async drained(old: DnsTarget): Promise<void> {
    const mine = this.replaced.filter((r) => r.from.some((t) => this.same(t, old)))
    const known = mine.length > 0
    const until = known ? Math.max(...mine.map((r) => r.until)) : this.ctx.clock.now() + (await this.currentCacheSeconds()) * 1000
    const waitMs = Math.max(0, until - this.ctx.clock.now())
    if (waitMs === 0) return
    if (this.door.skipTtlWait) {
      this.ctx.log.warning(`skip-ttl-wait: not waiting ${formatDuration(waitMs)} for the old record's TTL; resolvers may send users to ${this.describe(old)} for up to that long after it is deleted.`)
      return
    }
    if (this.ctx.clock.now() + waitMs > this.ctx.deadline) {
      throw new DeployError(
        `Waiting out the old record's TTL (${formatDuration(waitMs)}) would pass timeout-minutes; ${this.describe(old)} is kept`,
        undefined,
        'Raise timeout-minutes, lower the record TTL, or set skip-ttl-wait; the previous environment can be deleted later with phase destroy.'
      )
    }
    this.ctx.log.info(
      `Waiting ${formatDuration(waitMs)} for resolvers' caches of ${this.where} → ${this.describe(old)} to run out (${known ? 'the TTL since the switch' : 'a whole TTL: the switch was made by an earlier run'}).`
    )
    await this.ctx.clock.sleep(waitMs)
  }

  private async currentCacheSeconds(): Promise<number> {
    const zone = await this.hostedZone()
    const state = await this.recordSets()
    const records = state.kind === 'none' ? [] : state.kind === 'simple' ? [state.record] : state.records
    let cache = 0
    for (const r of records) cache = Math.max(cache, await cacheSeconds(this.ctx.clients.route53, zone, r))
    return cache
  }
}
