import type { ResourceRecordSet } from '../../aws/route53.js'
import { normalizeName } from '../../aws/route53.js'

/** One line for logs: "www.example.com. A 300 192.0.2.1, 192.0.2.2" or "... A alias d111.cloudfront.net. (Z2FD...)". */
export function formatRecord(r: ResourceRecordSet): string {
  const routing = [r.SetIdentifier && `set ${r.SetIdentifier}`, r.Weight !== undefined && `weight ${r.Weight}`, r.Region && `region ${r.Region}`, r.Failover && `failover ${r.Failover}`].filter(
    Boolean
  )
  const target = r.AliasTarget
    ? `alias ${r.AliasTarget.DNSName} (${r.AliasTarget.HostedZoneId}${r.AliasTarget.EvaluateTargetHealth ? ', evaluate health' : ''})`
    : `TTL ${r.TTL} ${(r.ResourceRecords ?? []).map((v) => v.Value).join(', ')}`
  return `${r.Name} ${r.Type} ${target}${routing.length ? ` [${routing.join(', ')}]` : ''}`
}

function values(r: ResourceRecordSet): string[] {
  const caseless = r.Type === 'CNAME'
  return (r.ResourceRecords ?? [])
    .map((v) => (v.Value ?? '').trim())
    .map((v) => (caseless ? normalizeName(v) : v))
    .sort()
}

/** The comparable content of a record: what Route 53 stores, in a canonical form. */
function canonical(r: ResourceRecordSet): Record<string, unknown> {
  return {
    Name: normalizeName(r.Name ?? ''),
    Type: r.Type,
    SetIdentifier: r.SetIdentifier,
    Weight: r.Weight,
    Region: r.Region,
    Failover: r.Failover,
    GeoLocation: r.GeoLocation && { ...r.GeoLocation },
    MultiValueAnswer: r.MultiValueAnswer || undefined,
    HealthCheckId: r.HealthCheckId,
    CidrRoutingConfig: r.CidrRoutingConfig && { ...r.CidrRoutingConfig },
    TTL: r.AliasTarget ? undefined : r.TTL,
    ResourceRecords: r.AliasTarget ? undefined : values(r),
    AliasTarget: r.AliasTarget && {
      DNSName: normalizeName(r.AliasTarget.DNSName ?? ''),
      HostedZoneId: r.AliasTarget.HostedZoneId,
      EvaluateTargetHealth: r.AliasTarget.EvaluateTargetHealth ?? false
    }
  }
}

/** The fields in which two records differ; empty when CloudFormation would see them as the same record. */
export function recordDifferences(a: ResourceRecordSet, b: ResourceRecordSet): string[] {
  const ca = canonical(a)
  const cb = canonical(b)
  return Object.keys(ca).filter((k) => JSON.stringify(ca[k]) !== JSON.stringify(cb[k]))
}

export function sameRecord(a: ResourceRecordSet, b: ResourceRecordSet): boolean {
  return recordDifferences(a, b).length === 0
}

export function isAlias(r: ResourceRecordSet): boolean {
  return r.AliasTarget !== undefined
}

/** A copy with only the fields ChangeResourceRecordSets accepts (list answers carry none extra today). */
export function plainRecord(r: ResourceRecordSet): ResourceRecordSet {
  return JSON.parse(JSON.stringify(r)) as ResourceRecordSet
}
