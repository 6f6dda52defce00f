/**
 * The route53 router's Route 53 calls on moto (with scripts/moto_server.py): paging a zone through a
 * weighted set, reading, moving and listing records. The paging fix is checked against what AWS documents
 * for ListResourceRecordSets (Route 53 API Reference): "NextRecordIdentifier: Resource record sets that have
 * a routing policy other than simple: If results were truncated for a given DNS name and type, the value of
 * SetIdentifier for the next resource record set that has the current DNS name and type."
 */
import { CreateStackCommand } from '@aws-sdk/client-cloudformation'
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListResourceRecordSetsCommand, type Change, type ResourceRecordSet } from '@aws-sdk/client-route-53'
import { listZoneRecords } from '../../src/aws/route53-records.js'
import { Route53Router } from '../../src/core/routers/route53.js'
import { testContext } from '../support/context.js'
import { useMoto } from '../support/moto.js'

const env = useMoto()

async function zoneWith(records: ResourceRecordSet[]): Promise<string> {
  const zone = await env.clients.route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: `${Date.now()}-${Math.random()}` }))
  const id = zone.HostedZone!.Id!.replace('/hostedzone/', '')
  const changes: Change[] = records.map((r) => ({ Action: 'UPSERT', ResourceRecordSet: r }))
  if (changes.length) await env.clients.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: id, ChangeBatch: { Changes: changes } }))
  return id
}

const weighted = (i: number): ResourceRecordSet => ({ Name: 'w.example.com.', Type: 'CNAME', SetIdentifier: `s${i}`, Weight: i, TTL: 60, ResourceRecords: [{ Value: `x${i}.example.net` }] })

describe('ListResourceRecordSets inside a weighted set (moto_server.py)', () => {
  it('sets NextRecordIdentifier and starts the next page at StartRecordIdentifier', async () => {
    const id = await zoneWith([1, 2, 3].map(weighted))
    const page = (start?: string) =>
      env.clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: id, StartRecordName: 'w.example.com.', StartRecordType: 'CNAME', StartRecordIdentifier: start, MaxItems: 1 }))
    const first = await page()
    expect(first).toMatchObject({ IsTruncated: true, NextRecordName: 'w.example.com.', NextRecordType: 'CNAME', NextRecordIdentifier: 's2' })
    expect(first.ResourceRecordSets!.map((r) => r.SetIdentifier)).toEqual(['s1'])
    const second = await page('s2')
    expect(second.ResourceRecordSets!.map((r) => r.SetIdentifier)).toEqual(['s2'])
    expect(second.NextRecordIdentifier).toBe('s3')
  })

  it('lets the router read a zone of more than one page, a weighted set across the break, each record once', async () => {
    // 300 a page: NS, SOA, then a.example.com … and the weighted set of w.example.com across the first break
    const plain = Array.from({ length: 296 }, (_, i): ResourceRecordSet => ({
      Name: `a${String(i).padStart(3, '0')}.example.com.`,
      Type: 'CNAME',
      TTL: 60,
      ResourceRecords: [{ Value: 'x.example.net' }]
    }))
    const id = await zoneWith([...plain, ...[1, 2, 3, 4, 5].map(weighted)])
    const records = await listZoneRecords(env.clients.route53, id)
    const keys = records.map((r) => `${r.Name} ${r.Type} ${r.SetIdentifier ?? ''}`)
    expect(keys).toHaveLength(2 + 296 + 5)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys.filter((k) => k.startsWith('w.example.com.'))).toEqual([1, 2, 3, 4, 5].map((i) => `w.example.com. CNAME s${i}`))
  })
})

describe('route53 router on moto', () => {
  const BLUE = 'blue-lb-1.us-east-1.elb.amazonaws.com'
  const GREEN = 'green-lb-2.us-east-1.elb.amazonaws.com'

  it('moves a CNAME in one UPSERT, keeping its TTL, reads it back, and finds every record of the zone into a stack', async () => {
    await zoneWith([
      { Name: 'www.example.com.', Type: 'CNAME', TTL: 120, ResourceRecords: [{ Value: BLUE }] },
      { Name: 'old.example.com.', Type: 'A', AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: `dualstack.${BLUE.toUpperCase()}.`, EvaluateTargetHealth: false } }
    ])
    await env.clients.cloudformation.send(
      new CreateStackCommand({
        StackName: 'shop-blue',
        TemplateBody: JSON.stringify({
          Resources: { T: { Type: 'AWS::SNS::Topic' } },
          Outputs: { DnsName: { Value: BLUE } }
        })
      })
    )
    const ctx = testContext(env.clients)
    const router = new Route53Router(ctx, { router: 'route53', hostedZoneName: 'example.com', recordName: 'www.example.com', recordType: 'CNAME', targetOutput: 'DnsName', skipTtlWait: false })
    const blue = await router.read()
    expect(blue).toMatchObject({ kind: 'cname', dnsName: BLUE, record: { TTL: 120 } })
    expect(await router.routesTo('shop-blue')).toEqual({
      scope: 'record of zone example.com.',
      routes: [
        { where: 'old.example.com A', reaches: `DNS name ${BLUE}`, isFrontDoor: false },
        { where: 'www.example.com CNAME', reaches: `DNS name ${BLUE}`, isFrontDoor: true }
      ]
    })
    const written = await router.write(blue, { kind: 'cname', dnsName: GREEN })
    const back = await router.read()
    expect(router.same(back, written)).toBe(true)
    expect(back).toMatchObject({ dnsName: GREEN, record: { TTL: 120 } })
    expect((await router.routesTo('shop-blue')).routes.map((r) => r.where)).toEqual(['old.example.com A'])
  })
})
