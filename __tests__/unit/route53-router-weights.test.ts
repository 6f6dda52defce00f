/**
 * The route53 router's weights (traffic-steps, issue #15) against aws-sdk-client-mock answers shaped like
 * Route 53's (__tests__/support/route53-aws-model.ts FakeZone: a CREATE of a held record set is refused, a
 * DELETE must repeat the current values, a batch is applied whole or not at all, a change is PENDING before
 * INSYNC). Each step is asserted as the one change batch Route 53 received.
 */
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { ChangeResourceRecordSetsCommand, GetChangeCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53'
import { mockClient } from 'aws-sdk-client-mock'
import { fakeClock } from '../../src/clock.js'
import type { DoorOf } from '../../src/core/inputs.js'
import { Route53Router, type DnsTarget } from '../../src/core/routers/route53.js'
import { DeployError } from '../../src/errors.js'
import { testContext } from '../support/context.js'
import { FakeZone, modelClients, ZONE_ID } from '../support/route53-aws-model.js'

const BLUE = 'blue-lb-111.us-east-1.elb.amazonaws.com'
const GREEN = 'green-lb-222.us-east-1.elb.amazonaws.com'
const ELB_ZONE = 'Z35SXDOTRQ7X7K'
const NAME = 'www.example.com.'
const SIDES = { blue: 'shop-blue', green: 'shop-green' }
const blueT: DnsTarget = { kind: 'cname', dnsName: BLUE }
const greenT: DnsTarget = { kind: 'cname', dnsName: GREEN }

const cname = (value: string, ttl = 300): ResourceRecordSet => ({ Name: NAME, Type: 'CNAME', TTL: ttl, ResourceRecords: [{ Value: value }] })
const weighted = (id: string, weight: number, value: string, ttl = 300): ResourceRecordSet => ({
  Name: NAME,
  Type: 'CNAME',
  SetIdentifier: id,
  Weight: weight,
  TTL: ttl,
  ResourceRecords: [{ Value: value }]
})

function setup(records: ResourceRecordSet[], over: Partial<DoorOf<'route53'>> = {}) {
  const clients = modelClients()
  const zone = new FakeZone()
  zone.records.push(...records)
  const r53 = zone.mock(clients)
  const clock = fakeClock()
  const ctx = testContext(clients, { clock, pollMs: 1000 })
  const door: DoorOf<'route53'> = { router: 'route53', hostedZoneId: ZONE_ID, recordName: 'www.example.com', recordType: 'CNAME', targetOutput: 'DnsName', skipTtlWait: false, ...over }
  const router = new Route53Router(ctx, door, 'shop')
  const sets = () => zone.find(NAME, door.recordType)
  const cfn = mockClient(clients.cloudformation)
  return { zone, r53, clock, ctx, router, sets, cfn }
}

describe('route53 router: setWeights', () => {
  it('turns the simple record into two weighted records in one batch (DELETE + CREATE, the TTL kept), waited on until INSYNC', async () => {
    const { zone, r53, router, sets } = setup([cname(BLUE, 120)])
    await router.setWeights(blueT, greenT, 10, SIDES)
    expect(zone.batches).toEqual([
      [
        { Action: 'DELETE', ResourceRecordSet: cname(BLUE, 120) },
        { Action: 'CREATE', ResourceRecordSet: weighted('shop-blue', 90, BLUE, 120) },
        { Action: 'CREATE', ResourceRecordSet: weighted('shop-green', 10, GREEN, 120) }
      ]
    ])
    expect(r53.commandCalls(GetChangeCommand).length).toBeGreaterThanOrEqual(2) // PENDING, then INSYNC
    expect(sets()).toEqual([weighted('shop-blue', 90, BLUE, 120), weighted('shop-green', 10, GREEN, 120)])
    expect(await router.readWeights(greenT)).toEqual({ green: 10 })
    expect(await router.readWeights(blueT)).toEqual({ green: 90 })
  })

  it('re-weights the pair with UPSERTs in one batch', async () => {
    const { zone, router, sets } = setup([weighted('shop-blue', 90, BLUE), weighted('shop-green', 10, GREEN)])
    await router.setWeights(blueT, greenT, 50, SIDES)
    expect(zone.batches).toEqual([
      [
        { Action: 'UPSERT', ResourceRecordSet: weighted('shop-blue', 50, BLUE) },
        { Action: 'UPSERT', ResourceRecordSet: weighted('shop-green', 50, GREEN) }
      ]
    ])
    expect(sets()).toHaveLength(2)
    expect(await router.readWeights(greenT)).toEqual({ green: 50 })
  })

  it('keeps an alias record an alias, with its EvaluateTargetHealth', async () => {
    const aliasOf = (dns: string) => ({ HostedZoneId: ELB_ZONE, DNSName: dns, EvaluateTargetHealth: true })
    const { zone, router } = setup([{ Name: NAME, Type: 'A', AliasTarget: aliasOf(BLUE) }], { recordType: 'A', targetZoneOutput: 'DnsZone' })
    await router.setWeights({ kind: 'alias', dnsName: BLUE, aliasZoneId: ELB_ZONE }, { kind: 'alias', dnsName: GREEN, aliasZoneId: ELB_ZONE }, 25, SIDES)
    expect(zone.batches[0].slice(1)).toEqual([
      { Action: 'CREATE', ResourceRecordSet: { Name: NAME, Type: 'A', SetIdentifier: 'shop-blue', Weight: 75, AliasTarget: aliasOf(BLUE) } },
      { Action: 'CREATE', ResourceRecordSet: { Name: NAME, Type: 'A', SetIdentifier: 'shop-green', Weight: 25, AliasTarget: aliasOf(GREEN) } }
    ])
  })

  it('refuses sides that are not environment stacks of stack-name before any change', async () => {
    const { zone, router } = setup([cname(BLUE)])
    const err = await router.setWeights(blueT, greenT, 10, { blue: 'other-blue', green: 'shop-green' }).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toContain('only between two environment stacks of shop')
    expect(await router.setWeights(blueT, greenT, 10).catch((e) => e)).toBeInstanceOf(DeployError)
    expect(zone.batches).toEqual([])
  })
})

describe('route53 router: read and write of a weighted pair', () => {
  it('reads the heavier side, with both records; readWeights is undefined for a simple record', async () => {
    const { router } = setup([weighted('shop-blue', 30, BLUE), weighted('shop-green', 70, GREEN)])
    const now = (await router.read())!
    expect(now).toMatchObject({ kind: 'cname', dnsName: GREEN, weighted: [weighted('shop-blue', 30, BLUE), weighted('shop-green', 70, GREEN)] })
    expect(router.same(now, greenT)).toBe(true)
    expect(router.describeLive(now, 'log')).toBe(`DNS name ${GREEN} (weighted: shop-blue weight 30, shop-green weight 70)`)
    const simple = setup([cname(BLUE)])
    expect(await simple.router.readWeights(blueT)).toBeUndefined()
  })

  it('reads a tie as the first set identifier in Route 53 order', async () => {
    const { router } = setup([weighted('shop-blue', 50, BLUE), weighted('shop-green', 50, GREEN)])
    expect((await router.read())?.dnsName).toBe(BLUE)
  })

  it.each([
    ['of another app', [weighted('other-blue', 90, BLUE), weighted('other-green', 10, GREEN)]],
    ['of three records', [weighted('shop-a', 1, BLUE), weighted('shop-b', 1, GREEN), weighted('shop-c', 1, 'c.example.net')]],
    ['beside latency records', [weighted('shop-blue', 1, BLUE), { ...cname(GREEN), SetIdentifier: 'shop-green', Region: 'us-east-1' } as ResourceRecordSet]]
  ])('still refuses a set %s', async (_what, records) => {
    const { router, zone } = setup(records)
    const err = await router.read().catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toContain('the route53 router moves one simple record, or the two weighted records of its own stepped promotions')
    expect(zone.batches).toEqual([])
  })

  it.each([
    ['green (the last step)', greenT, GREEN],
    ['blue (all traffic back)', blueT, BLUE]
  ])('write to %s turns the pair back into one simple record in one batch (DELETE both, CREATE)', async (_what, to, value) => {
    const { zone, router, sets } = setup([weighted('shop-blue', 50, BLUE, 120), weighted('shop-green', 50, GREEN, 120)])
    const current = (await router.read())!
    const written = await router.write(current, to)
    expect(zone.batches).toEqual([
      [
        { Action: 'DELETE', ResourceRecordSet: weighted('shop-blue', 50, BLUE, 120) },
        { Action: 'DELETE', ResourceRecordSet: weighted('shop-green', 50, GREEN, 120) },
        { Action: 'CREATE', ResourceRecordSet: cname(value, 120) }
      ]
    ])
    expect(sets()).toEqual([cname(value, 120)])
    expect(router.same(written, to)).toBe(true)
    expect(await router.readWeights(greenT)).toBeUndefined()
  })

  it('a write over weights that moved since the read is refused whole: nothing changes', async () => {
    const { zone, router, sets, r53 } = setup([weighted('shop-blue', 90, BLUE), weighted('shop-green', 10, GREEN)])
    const current = (await router.read())!
    zone.records = zone.records.map((r) => (r.SetIdentifier === 'shop-green' ? { ...r, Weight: 20 } : r.SetIdentifier === 'shop-blue' ? { ...r, Weight: 80 } : r))
    const err = await router.write(current, greenT).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toContain('nothing was changed')
    expect(sets().map((r) => r.Weight)).toEqual([80, 20])
    expect(r53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(1)
  })
})

describe('route53 router: routesTo mid-shift', () => {
  it.each([
    ['shop-blue', BLUE],
    ['shop-green', GREEN]
  ])('finds the weighted record of %s as the front door (destroy and the sweep refuse it while it serves)', async (stack, dns) => {
    const { router, cfn } = setup([weighted('shop-blue', 90, BLUE), weighted('shop-green', 10, GREEN)])
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: stack, CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: [{ OutputKey: 'DnsName', OutputValue: dns }] }] })
    expect((await router.routesTo(stack)).routes).toEqual([{ where: `www.example.com CNAME (set ${stack})`, reaches: `DNS name ${dns}`, isFrontDoor: true }])
  })
})

describe('route53 router: drained after a stepped promotion', () => {
  it("waits the weighted records' TTL from the last switch", async () => {
    const { router, clock } = setup([cname(BLUE, 300)])
    const blue = (await router.read())!
    await router.setWeights(blue, greenT, 10, SIDES)
    clock.advance(200_000)
    await router.write((await router.read())!, greenT)
    clock.advance(60_000) // verify-seconds
    clock.slept.length = 0
    await router.drained(blue)
    expect(clock.slept).toEqual([240_000])
  })

  it("counts the longest TTL of the records the switch replaced (a weighted record's TTL set by hand)", async () => {
    const { router, clock } = setup([weighted('shop-blue', 50, BLUE, 600), weighted('shop-green', 50, GREEN, 30)])
    await router.write((await router.read())!, greenT)
    clock.slept.length = 0
    await router.drained(blueT)
    expect(clock.slept).toEqual([600_000])
  })

  it('a run that did not switch waits the longest TTL of the records there now', async () => {
    const { router, clock } = setup([weighted('shop-blue', 50, BLUE, 45), weighted('shop-green', 50, GREEN, 90)])
    await router.drained(blueT)
    expect(clock.slept).toEqual([90_000])
  })
})
