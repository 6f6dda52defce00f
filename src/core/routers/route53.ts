import { cacheSeconds, listZoneRecords, readSimpleRecord } from '../../aws/route53-records.js'
import { changeRecords, findHostedZone, normalizeName, upsert, type HostedZone, type ResourceRecordSet } from '../../aws/route53.js'
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

/** The record as read: its target and the record set itself (its TTL and EvaluateTargetHealth are kept by a switch). */
export interface DnsRecord extends DnsTarget {
  record: ResourceRecordSet
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

/**
 * A Route 53 record (CNAME, or an alias A/AAAA when target-zone-output is given) of one hosted zone: the
 * environment whose output target-output holds the record's DNS name is live. A switch is one UPSERT
 * (never a delete and a create), waited on until INSYNC; blue is retired once the old record's TTL has passed.
 */
export class Route53Router implements Router<DnsTarget, DnsRecord> {
  readonly kind = 'route53'
  readonly services = ['route53'] as const
  readonly targetNoun = 'DNS name'
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
  /** This run's switch: from which target, when every Route 53 server had it, how long resolvers cache the old answer. */
  private switched?: { from: DnsTarget; at: number; cacheSeconds: number }

  constructor(
    private readonly ctx: Context,
    readonly door: DoorOf<'route53'>
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
    const zone = await this.hostedZone()
    const record = await readSimpleRecord(this.ctx.clients.route53, zone, this.door.recordName, this.door.recordType)
    return record && targetOf(record)
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

  async write(current: DnsRecord | undefined, to: DnsTarget): Promise<DnsRecord> {
    if (to.kind === 'addresses') throw new DeployError('The route53 router writes DNS names only')
    const zone = await this.hostedZone()
    const { recordName, recordType } = this.door
    const record: ResourceRecordSet =
      to.kind === 'alias'
        ? {
            Name: normalizeName(recordName),
            Type: recordType,
            AliasTarget: { HostedZoneId: to.aliasZoneId, DNSName: to.dnsName, EvaluateTargetHealth: current?.record.AliasTarget?.EvaluateTargetHealth ?? false }
          }
        : { Name: normalizeName(recordName), Type: 'CNAME', TTL: current?.record.TTL ?? NEW_RECORD_TTL, ResourceRecords: [{ Value: to.dnsName }] }
    const cache = current ? await cacheSeconds(this.ctx.clients.route53, zone, current.record) : 0
    try {
      await changeRecords(this.ctx.clients.route53, zone.id, [upsert(record)], `bluegreen-action: ${recordName} ${recordType} to ${to.dnsName}`, { wait: this.ctx })
    } catch (err) {
      if (errorName(err) !== 'InvalidChangeBatch' && errorName(err) !== 'InvalidInput') throw err
      throw new DeployError(
        `Route 53 refused to point ${this.where} at ${to.dnsName}; nothing was changed (a change batch is applied whole or not at all)`,
        errorMessage(err),
        'Check the target output and record-type (a CNAME cannot share its name with other records).'
      )
    }
    // INSYNC: every Route 53 name server answers with the new value from now on; resolvers may keep the old one for its TTL.
    if (current) this.switched = { from: current, at: this.ctx.clock.now(), cacheSeconds: cache }
    return targetOf(record)
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

  describeLive(reading: DnsRecord): string {
    return this.describe(reading)
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
        isFrontDoor: name === this.door.recordName && r.Type === this.door.recordType && r.SetIdentifier === undefined
      })
    }
    return found
  }

  /**
   * Waits until resolvers can no longer hold the record's old answer: its TTL (an alias: its target's) from
   * the moment every Route 53 server had the switch. A run that did not switch (a re-run after an
   * interruption) does not know that moment and waits a whole TTL from now.
   */
  async drained(old: DnsTarget): Promise<void> {
    const known = this.switched && this.same(this.switched.from, old) ? this.switched : undefined
    const cache = known ? known.cacheSeconds : await this.currentCacheSeconds()
    const waitMs = Math.max(0, (known ? known.at : this.ctx.clock.now()) + cache * 1000 - this.ctx.clock.now())
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
    const now = await this.read()
    return now ? cacheSeconds(this.ctx.clients.route53, zone, now.record) : 0
  }
}
