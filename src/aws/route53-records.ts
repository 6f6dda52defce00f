import type { ResourceRecordSet, Route53Client } from '@aws-sdk/client-route-53'
import { route53Sdk } from './sdk.js'
import { DeployError } from '../errors.js'
import { listRecordSets, normalizeName, type HostedZone } from './route53.js'

/** Route 53 answers at most 300 record sets a page (ListResourceRecordSets, MaxItems). */
const PAGE = 300

/**
 * Every record set of the zone, page by page: NextRecordName, NextRecordType and, inside a set of records
 * with a routing policy, NextRecordIdentifier say where the next page starts (Route 53 API reference,
 * ListResourceRecordSets). A page that would start where the last one did is refused rather than read
 * forever.
 */
export async function listZoneRecords(r53: Route53Client, zoneId: string): Promise<ResourceRecordSet[]> {
  const records: ResourceRecordSet[] = []
  let start: { name?: string; type?: string; identifier?: string } = {}
  const seen = new Set<string>()
  for (;;) {
    const out = await r53.send(
      new (await route53Sdk()).ListResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        StartRecordName: start.name,
        StartRecordType: start.type as never,
        StartRecordIdentifier: start.identifier,
        MaxItems: PAGE
      })
    )
    records.push(...(out.ResourceRecordSets ?? []))
    if (!out.IsTruncated) return records
    start = { name: out.NextRecordName, type: out.NextRecordType, identifier: out.NextRecordIdentifier }
    const at = `${start.name} ${start.type} ${start.identifier ?? ''}`
    if (!start.name || seen.has(at)) {
      throw new DeployError(
        `Listing the records of hosted zone ${zoneId} did not advance (the next page would start again at ${at.trim()})`,
        undefined,
        'Route 53 answered a truncated page without a new start; re-run, and report it if it persists.'
      )
    }
    seen.add(at)
  }
}

/** What a set identifier means: the routing policy of the record set. */
export function routingPolicyOf(r: ResourceRecordSet): string | undefined {
  if (r.SetIdentifier === undefined) return undefined
  if (r.Weight !== undefined) return 'weighted'
  if (r.Region !== undefined) return 'latency'
  if (r.Failover !== undefined) return 'failover'
  if (r.GeoLocation !== undefined) return 'geolocation'
  if (r.GeoProximityLocation !== undefined) return 'geoproximity'
  if (r.CidrRoutingConfig !== undefined) return 'IP-based'
  if (r.MultiValueAnswer !== undefined) return 'multivalue answer'
  return 'routing policy'
}

/** What a name and type of the zone hold for the route53 router: nothing, one simple record, or a weighted pair the action wrote. */
export type RouterRecords = { kind: 'none' } | { kind: 'simple'; record: ResourceRecordSet } | { kind: 'weighted'; records: [ResourceRecordSet, ResourceRecordSet] }

/**
 * The record sets of this name and type as the route53 router moves them: one simple record, or the two
 * weighted records a stepped promotion writes (both with a set identifier `isOurs` accepts: environment
 * stack names of the app). Any other set with a routing policy is refused: it is not the action's to move.
 */
export async function readRouterRecords(r53: Route53Client, zone: HostedZone, name: string, type: string, isOurs: (setIdentifier: string) => boolean): Promise<RouterRecords> {
  const found = await listRecordSets(r53, zone.id, { name, type })
  const withPolicy = found.filter((r) => r.SetIdentifier !== undefined)
  if (withPolicy.length > 0) {
    const ours = withPolicy.length === 2 && found.length === 2 && withPolicy.every((r) => routingPolicyOf(r) === 'weighted' && isOurs(r.SetIdentifier!))
    if (ours) return { kind: 'weighted', records: [withPolicy[0], withPolicy[1]] }
    const policies = [...new Set(withPolicy.map((r) => routingPolicyOf(r)))].join(', ')
    throw new DeployError(
      `${normalizeName(name)} ${type} in zone ${zone.name} is a ${policies} record set (set identifiers ${withPolicy.map((r) => r.SetIdentifier).join(', ')}): the route53 router moves one simple record, or the two weighted records of its own stepped promotions`,
      undefined,
      'Point record-name at a simple record (no routing policy), or let the first promotion create it under a new name; weighted sets whose set identifiers are not two environment stacks of stack-name are not moved by this router.'
    )
  }
  if (found.length > 1) {
    throw new DeployError(`${normalizeName(name)} ${type} in zone ${zone.name} holds ${found.length} record sets; Route 53 allows one simple record of a name and type`)
  }
  return found[0] ? { kind: 'simple', record: found[0] } : { kind: 'none' }
}

/**
 * The TTL resolvers cache an alias record for: an alias to an AWS resource has the resource's TTL, 60 s for
 * load balancers, CloudFront, S3 websites and API Gateway; an alias to another record of the same zone
 * has that record's TTL. ("If an alias record points to an AWS resource, you can't set the time to live
 * (TTL); Route 53 uses the default TTL for the resource. If an alias record points to another record in the
 * same hosted zone, Route 53 uses the TTL of the record that the alias record points to."
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html;
 * the Route 53 FAQ: alias records for ELB and S3 website endpoints have "a fixed TTL of 60 seconds".)
 */
export const ALIAS_TTL_SECONDS = 60

/** How long resolvers may keep answering with this record after it changed. */
export async function cacheSeconds(r53: Route53Client, zone: HostedZone, record: ResourceRecordSet): Promise<number> {
  const alias = record.AliasTarget
  if (!alias) return record.TTL ?? 0
  if (alias.HostedZoneId?.replace(/^\/hostedzone\//, '') !== zone.id) return ALIAS_TTL_SECONDS
  const [pointed] = await listRecordSets(r53, zone.id, { name: alias.DNSName ?? '', type: record.Type ?? 'A' }, 1)
  return pointed?.TTL ?? ALIAS_TTL_SECONDS
}
