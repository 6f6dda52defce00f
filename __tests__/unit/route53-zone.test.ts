/**
 * Route 53 helpers against aws-sdk-client-mock answers shaped like AWS's: PENDING then INSYNC changes,
 * Throttling ("Rate exceeded") while polling, hosted zones that share a name (public and private).
 */
import { GetChangeCommand, ListHostedZonesByNameCommand, ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53'
import { mockClient } from 'aws-sdk-client-mock'
import { fakeClock } from '../../src/clock.js'
import { changeRecords, findHostedZone, loweredSoa, parseSoa, soaRecord } from '../../src/aws/route53.js'
import { GapMeter } from '../../src/modes/route53-takeover/gap.js'
import { testContext } from '../support/context.js'
import { modelClients, REAL_SOA } from '../support/route53-aws-model.js'

describe('Route 53 changes', () => {
  it('waits for INSYNC through PENDING and Throttling answers', async () => {
    const clients = modelClients()
    const r53 = mockClient(clients.route53)
    r53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } })
    r53
      .on(GetChangeCommand)
      .resolvesOnce({ ChangeInfo: { Id: 'C1', Status: 'PENDING', SubmittedAt: new Date() } })
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }))
      .resolves({ ChangeInfo: { Id: 'C1', Status: 'INSYNC', SubmittedAt: new Date() } })
    const clock = fakeClock()
    const ctx = testContext(clients, { clock, pollMs: 1000 })
    await changeRecords(clients.route53, 'Z1', [{ Action: 'UPSERT', ResourceRecordSet: REAL_SOA }], 'test', { wait: ctx })
    expect(r53.commandCalls(GetChangeCommand)).toHaveLength(3)
    expect(clock.slept).toEqual([1000, 2000]) // the throttled poll backs off
  })

  it('does not wait when told not to (a delete CloudFormation is retrying against)', async () => {
    const clients = modelClients()
    const r53 = mockClient(clients.route53)
    r53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } })
    await changeRecords(clients.route53, 'Z1', [], 'test', { wait: false })
    expect(r53.commandCalls(GetChangeCommand)).toHaveLength(0)
  })

  it('asks for hosted-zone-id when a public and a private zone share the name', async () => {
    const clients = modelClients()
    mockClient(clients.route53)
      .on(ListHostedZonesByNameCommand)
      .resolves({
        HostedZones: [
          { Id: '/hostedzone/ZPUBLIC', Name: 'example.com.', CallerReference: 'a', Config: { PrivateZone: false } },
          { Id: '/hostedzone/ZPRIVATE', Name: 'example.com.', CallerReference: 'b', Config: { PrivateZone: true } },
          { Id: '/hostedzone/ZOTHER', Name: 'example.net.', CallerReference: 'c' }
        ],
        IsTruncated: false,
        MaxItems: 10
      })
    await expect(findHostedZone(clients.route53, { name: 'example.com' })).rejects.toThrow(/2 hosted zones are named example.com. \(ZPUBLIC, ZPRIVATE private\)/)
  })
})

describe('SOA', () => {
  it('parses the Route 53 SOA value and caps TTL and the negative-caching minimum', () => {
    const soa = parseSoa(REAL_SOA)
    expect(soa).toMatchObject({ ttl: 900, primary: 'ns-2048.awsdns-64.net.', contact: 'hostmaster.example.com.', serial: 1, refresh: 7200, retry: 900, expire: 1209600, minimum: 86400 })
    const low = loweredSoa(soa, 60)!
    expect(soaRecord(low)).toEqual({ Name: 'example.com.', Type: 'SOA', TTL: 60, ResourceRecords: [{ Value: 'ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900 1209600 60' }] })
    expect(loweredSoa(low, 60)).toBeUndefined()
    expect(loweredSoa(soa, 3600)).toMatchObject({ ttl: 900, minimum: 3600 })
  })

  it("refuses a value that is not an SOA (such as an emulator's garbled default)", () => {
    expect(() => parseSoa({ ...REAL_SOA, ResourceRecords: [{ Value: "{'Value': 'ns-2048.awsdns-64.com. hostmaster.example.com. 1 7200 900 1209600 86400'}" }] })).toThrow(/not "primary contact serial/)
  })
})

describe('gap meter', () => {
  it('adds up the time the zone was seen without the record', async () => {
    const clock = fakeClock()
    const ctx = testContext(modelClients(), { clock })
    const answers = [true, true, false, false, true, false, true]
    let i = 0
    const tick = () => new Promise((r) => setImmediate(r))
    // each read takes a turn of the event loop, as a real request does
    const meter = new GapMeter(ctx, async () => (await tick(), answers[Math.min(i++, answers.length - 1)]), 100)
    meter.start()
    while (i < answers.length - 1) await tick()
    const result = await meter.stop()
    // missing from sample 3 to 5 (200 ms) and from 6 to 7 (100 ms)
    expect(result).toMatchObject({ gapMs: 300, endedMissing: false })
  })

  it('reports a record still missing at the end', async () => {
    const clock = fakeClock()
    const ctx = testContext(modelClients(), { clock })
    const tick = () => new Promise((r) => setImmediate(r))
    const meter = new GapMeter(ctx, async () => (await tick(), false), 100)
    meter.noteDeleted()
    meter.start()
    await tick()
    const result = await meter.stop()
    expect(result.endedMissing).toBe(true)
    expect(result.gapMs).toBeGreaterThan(0)
  })
})
