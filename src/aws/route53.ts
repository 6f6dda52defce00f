import type { Change, ResourceRecordSet, Route53Client } from '@aws-sdk/client-route-53'
import { route53Sdk } from './sdk.js'
import type { Context } from '../context.js'
import { DeployError, errorName, InputError, isThrottling, TimeoutError } from '../errors.js'

export type { ResourceRecordSet }

export interface HostedZone {
  /** Without the /hostedzone/ prefix. */
  id: string
  /** With the trailing dot, lower case. */
  name: string
}

/** What identifies one record set in a zone: name, type and, for routing policies, the set identifier. */
export interface RecordKey {
  name: string
  type: string
  setIdentifier?: string
}

/** Route 53 names end with a dot, are lower case and escape `*` as `\052`. */
export function normalizeName(name: string): string {
  const n = name.trim().toLowerCase().replace(/\\052/g, '*')
  return n.endsWith('.') ? n : `${n}.`
}

export function zoneIdOf(id: string): string {
  return id.replace(/^\/hostedzone\//, '')
}

export function formatKey(key: RecordKey): string {
  return `${normalizeName(key.name)} ${key.type}${key.setIdentifier ? ` (set ${key.setIdentifier})` : ''}`
}

export function matchesKey(r: ResourceRecordSet, key: RecordKey): boolean {
  return normalizeName(r.Name ?? '') === normalizeName(key.name) && r.Type === key.type && (key.setIdentifier === undefined || r.SetIdentifier === key.setIdentifier)
}

/** The zone by id, or by name when the name is unique (a public and a private zone may share it). */
export async function findHostedZone(r53: Route53Client, by: { id?: string; name?: string }): Promise<HostedZone> {
  if (by.id) {
    try {
      const out = await r53.send(new (await route53Sdk()).GetHostedZoneCommand({ Id: by.id }))
      const zone = { id: zoneIdOf(out.HostedZone!.Id!), name: normalizeName(out.HostedZone!.Name!) }
      if (by.name && normalizeName(by.name) !== zone.name) {
        throw new InputError('hosted-zone-name', `"${by.name}" is not the name of hosted-zone-id ${by.id}, which is ${zone.name}: give one of the two, or make them name the same zone`)
      }
      return zone
    } catch (err) {
      if (errorName(err) === 'NoSuchHostedZone') {
        throw new DeployError(`Hosted zone ${by.id} does not exist`, undefined, 'Check hosted-zone-id and the account and credentials the action runs with.')
      }
      throw err
    }
  }
  const name = normalizeName(by.name ?? '')
  const out = await r53.send(new (await route53Sdk()).ListHostedZonesByNameCommand({ DNSName: name, MaxItems: 10 }))
  const zones = (out.HostedZones ?? []).filter((z) => normalizeName(z.Name ?? '') === name)
  if (zones.length === 0) throw new DeployError(`No hosted zone is named ${name}`, undefined, 'Check hosted-zone-name, or give hosted-zone-id.')
  if (zones.length > 1) {
    throw new DeployError(
      `${zones.length} hosted zones are named ${name} (${zones.map((z) => `${zoneIdOf(z.Id!)}${z.Config?.PrivateZone ? ' private' : ''}`).join(', ')})`,
      undefined,
      'Give hosted-zone-id to say which one holds the record.'
    )
  }
  return { id: zoneIdOf(zones[0].Id!), name }
}

/**
 * The record sets with this name and type (and set identifier, when given). One page only, on purpose:
 * they come first in the listing, and some emulators never end the paging inside a weighted set.
 */
export async function listRecordSets(r53: Route53Client, zoneId: string, key: RecordKey, maxItems = 20): Promise<ResourceRecordSet[]> {
  const out = await r53.send(
    new (await route53Sdk()).ListResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      StartRecordName: normalizeName(key.name),
      StartRecordType: key.type as never,
      StartRecordIdentifier: key.setIdentifier,
      MaxItems: maxItems
    })
  )
  return (out.ResourceRecordSets ?? []).filter((r) => matchesKey(r, key))
}

/** What a wait needs besides the client: the clock, when to give up (timeout-minutes) and how often to look. */
export type Pacing = Pick<Context, 'clock' | 'deadline' | 'pollMs'>

/**
 * Sends one atomic change batch and, with `wait` pacing, waits until every Route 53 name server has it
 * (INSYNC); `wait: false` returns at once (a delete CloudFormation is retrying against).
 */
export async function changeRecords(r53: Route53Client, zoneId: string, changes: Change[], comment: string, options: { wait: Pacing | false }): Promise<string> {
  const out = await r53.send(new (await route53Sdk()).ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Comment: comment.slice(0, 256), Changes: changes } }))
  const id = out.ChangeInfo!.Id!
  if (options.wait && out.ChangeInfo?.Status !== 'INSYNC') await waitInsync(r53, id, options.wait)
  return id
}

/** Polls GetChange until INSYNC (Route 53 says within 60 seconds, usually sooner). */
export async function waitInsync(r53: Route53Client, changeId: string, pacing: Pacing): Promise<void> {
  let interval = pacing.pollMs
  for (;;) {
    try {
      const out = await r53.send(new (await route53Sdk()).GetChangeCommand({ Id: changeId }))
      if (out.ChangeInfo?.Status === 'INSYNC') return
      interval = pacing.pollMs
    } catch (err) {
      if (!isThrottling(err)) throw err
      interval = Math.min(30_000, interval * 2)
    }
    if (pacing.clock.now() + interval > pacing.deadline) {
      throw new TimeoutError(
        `Timed out (timeout-minutes) waiting for Route 53 change ${changeId} to be INSYNC; the change itself was accepted and is PENDING`,
        undefined,
        `Route 53 applies accepted changes (usually within 60 s): check it with aws route53 get-change --id ${changeId}, then re-run.`
      )
    }
    await pacing.clock.sleep(interval)
  }
}

export function upsert(record: ResourceRecordSet): Change {
  return { Action: 'UPSERT', ResourceRecordSet: record }
}

/** A DELETE must carry the record's current values exactly, or Route 53 refuses it. */
export function remove(record: ResourceRecordSet): Change {
  return { Action: 'DELETE', ResourceRecordSet: record }
}

// ---- SOA ----

export interface Soa {
  record: ResourceRecordSet
  ttl: number
  primary: string
  contact: string
  serial: number
  refresh: number
  retry: number
  expire: number
  /** The last field: how long resolvers cache a "no such record" answer (capped by the SOA's TTL). */
  minimum: number
}

const SOA_VALUE = /^(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/

export function parseSoa(record: ResourceRecordSet): Soa {
  const value = record.ResourceRecords?.[0]?.Value ?? ''
  const m = SOA_VALUE.exec(value.trim())
  if (!m) throw new DeployError(`The zone's SOA record has a value that is not "primary contact serial refresh retry expire minimum": ${value}`)
  return {
    record,
    ttl: record.TTL ?? 900,
    primary: m[1],
    contact: m[2],
    serial: Number(m[3]),
    refresh: Number(m[4]),
    retry: Number(m[5]),
    expire: Number(m[6]),
    minimum: Number(m[7])
  }
}

export function soaRecord(soa: Soa): ResourceRecordSet {
  const value = [soa.primary, soa.contact, soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum].join(' ')
  return { Name: soa.record.Name, Type: 'SOA', TTL: soa.ttl, ResourceRecords: [{ Value: value }] }
}

export async function readSoa(r53: Route53Client, zone: HostedZone): Promise<Soa> {
  const [record] = await listRecordSets(r53, zone.id, { name: zone.name, type: 'SOA' }, 1)
  if (!record) throw new DeployError(`The zone ${zone.name} has no SOA record`)
  return parseSoa(record)
}

/** The SOA with its TTL and negative-caching minimum capped at `ttl`; undefined when both are already at or below it. */
export function loweredSoa(soa: Soa, ttl: number): Soa | undefined {
  if (soa.ttl <= ttl && soa.minimum <= ttl) return undefined
  return { ...soa, ttl: Math.min(soa.ttl, ttl), minimum: Math.min(soa.minimum, ttl) }
}
