import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListResourceRecordSetsCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53'
import type { AwsClients } from '../../src/aws/clients.js'

/** Route 53's SOA format; moto's default SOA value is garbled, so tests write this one first. */
export const SOA_VALUE = 'ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900 1209600 86400'
export const SOA: ResourceRecordSet = { Name: 'example.com.', Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: SOA_VALUE }] }

/** A new example.com zone holding `soa` and the given records (UPSERTed in one batch); returns its id. */
export async function zoneWith(clients: AwsClients, records: ResourceRecordSet[], soa: ResourceRecordSet = SOA): Promise<string> {
  const created = await clients.route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: `zone-${Math.random()}` }))
  const id = created.HostedZone!.Id!.replace('/hostedzone/', '')
  await clients.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: id, ChangeBatch: { Changes: [soa, ...records].map((r) => ({ Action: 'UPSERT', ResourceRecordSet: r })) } }))
  return id
}

/** The zone's record sets of one name and type. */
export async function recordSets(clients: AwsClients, zoneId: string, name: string, type: string): Promise<ResourceRecordSet[]> {
  const out = await clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: name, StartRecordType: type as never, MaxItems: 10 }))
  return (out.ResourceRecordSets ?? []).filter((r) => r.Name === name && r.Type === type)
}
