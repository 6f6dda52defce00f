/**
 * Zone inputs that contradict the zone AWS has, through the built action on moto: hosted-zone-id with a
 * hosted-zone-name of another zone, and a record-name outside the zone hosted-zone-id names. Both can only be
 * known from Route 53 (GetHostedZone), so they fail in the first step, naming the input, before any change.
 */
import { describeStack } from '../../src/cloudformation/stacks.js'
import { runAction } from '../support/action-runner.js'
import { useMoto } from '../support/moto.js'
import { recordSets, zoneWith } from '../support/route53-zone.js'

const env = useMoto()
const MANUAL = { Name: 'www.example.com.', Type: 'A' as const, TTL: 3600, ResourceRecords: [{ Value: '198.51.100.7' }] }

const takeover = (zoneId: string, extra: Record<string, string>) => ({
  mode: 'route53-takeover',
  'stack-name': 'dns',
  template: '__tests__/fixtures/route53/a-record.yaml',
  parameters: `HostedZoneId=${zoneId}`,
  'hosted-zone-id': zoneId,
  'record-name': 'www.example.com',
  'enable-parameter': 'Route53Enable=true',
  'skip-ttl-wait': 'true',
  region: 'us-east-1',
  'endpoint-url': env.url,
  'poll-seconds': '0.1',
  ...extra
})

describe('zone inputs that contradict the zone', () => {
  it('refuses hosted-zone-name of another zone than hosted-zone-id, naming both, and changes nothing', async () => {
    const zoneId = await zoneWith(env.clients, [MANUAL])
    // www.example.com is a zone name the record fits in (its apex), so only Route 53 can tell it is not the id's zone
    const run = await runAction(takeover(zoneId, { 'hosted-zone-name': 'www.example.com' }))
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      `::error::Input 'hosted-zone-name': "www.example.com" is not the name of hosted-zone-id ${zoneId}, which is example.com.: give one of the two, or make them name the same zone`
    )
    expect(run.summary).toMatch(/\| Find the zone and the template's record \| ❌ failed \|/)
    expect(await recordSets(env.clients, zoneId, 'www.example.com.', 'A')).toEqual([MANUAL])
    expect(await describeStack(env.clients.cloudformation, 'dns')).toBeUndefined()
  })

  it('refuses a record-name outside the zone hosted-zone-id names (notexample.com is not in example.com)', async () => {
    const zoneId = await zoneWith(env.clients, [MANUAL])
    const run = await runAction(takeover(zoneId, { 'record-name': 'www.notexample.com' }))
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`::error::Input 'record-name': www.notexample.com is not in hosted zone ${zoneId} (example.com.); accepted: the zone's name or a name ending in .example.com`)
    expect(await describeStack(env.clients.cloudformation, 'dns')).toBeUndefined()
  })

  it('accepts the same zone given both ways, in any case and with or without the final dot', async () => {
    const zoneId = await zoneWith(env.clients, [MANUAL])
    const run = await runAction(takeover(zoneId, { 'hosted-zone-name': 'Example.COM.', 'dry-run': 'true' }))
    expect(run.stdout).not.toMatch(/Input 'hosted-zone-name'/)
    expect(run.code).toBe(0)
  })
})
