/**
 * The route53 router against aws-sdk-client-mock answers shaped like Route 53's (see
 * __tests__/support/route53-aws-model.ts): a change is PENDING before INSYNC (GetChange), ListResourceRecordSets
 * pages by NextRecordName / NextRecordType / NextRecordIdentifier (the identifier inside a set with a routing
 * policy, Route 53 API reference ListResourceRecordSets), an alias to an AWS resource is cached 60 s (Route 53
 * Developer Guide, "Choosing between alias and non-alias records"; Route 53 FAQ: ELB and S3 website alias
 * records have "a fixed TTL of 60 seconds"). Time is the test clock: waits are asserted as slept durations.
 */
import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { ChangeResourceRecordSetsCommand, GetChangeCommand, InvalidChangeBatch, ListResourceRecordSetsCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53'
import { mockClient } from 'aws-sdk-client-mock'
import { fakeClock } from '../../src/clock.js'
import type { EnvironmentStack } from '../../src/core/environments.js'
import type { DoorOf } from '../../src/core/inputs.js'
import type { StackView } from '../../src/core/router.js'
import { createRouter } from '../../src/core/routers/index.js'
import { Route53Router, type DnsTarget } from '../../src/core/routers/route53.js'
import { DeployError, InputError } from '../../src/errors.js'
import { FakeZone, modelClients, ZONE_ID } from '../support/route53-aws-model.js'
import { testContext } from '../support/context.js'
import { fillPolicy, isAllowed, loadPolicies } from '../support/iam.js'
import { DomainLock } from '../../src/core/lock.js'

const BLUE = 'blue-lb-111.us-east-1.elb.amazonaws.com'
const GREEN = 'green-lb-222.us-east-1.elb.amazonaws.com'
const ELB_ZONE = 'Z35SXDOTRQ7X7K'

function door(over: Partial<DoorOf<'route53'>> = {}): DoorOf<'route53'> {
  return { router: 'route53', hostedZoneId: ZONE_ID, recordName: 'www.example.com', recordType: 'CNAME', targetOutput: 'DnsName', skipTtlWait: false, ...over }
}

function cname(value: string, ttl = 300, name = 'www.example.com.'): ResourceRecordSet {
  return { Name: name, Type: 'CNAME', TTL: ttl, ResourceRecords: [{ Value: value }] }
}

function alias(dnsName: string, name = 'www.example.com.', zoneId = ELB_ZONE): ResourceRecordSet {
  return { Name: name, Type: 'A', AliasTarget: { HostedZoneId: zoneId, DNSName: dnsName, EvaluateTargetHealth: true } }
}

function setup(over: Partial<DoorOf<'route53'>> = {}, records: ResourceRecordSet[] = [], opts: { timeoutMinutes?: number } = {}) {
  const clients = modelClients()
  const zone = new FakeZone()
  zone.records.push(...records)
  const r53 = zone.mock(clients)
  const cfn = mockClient(clients.cloudformation)
  const clock = fakeClock()
  const ctx = testContext(clients, { clock, pollMs: 1000, timeoutMinutes: opts.timeoutMinutes })
  const router = new Route53Router(ctx, door(over))
  return { zone, r53, cfn, clock, ctx, router }
}

const view = (outputs: Record<string, string>, stackName = 'shop-green'): StackView => ({ stackName, stackId: `arn:${stackName}`, stack: { StackName: stackName } as never, outputs })
const env = (stackName: string, outputs: Record<string, string>, ownership: EnvironmentStack['ownership'] = 'ours'): EnvironmentStack => ({
  stackName,
  stackId: `arn:${stackName}`,
  status: 'CREATE_COMPLETE',
  createdAt: 0,
  tagged: ownership === 'ours',
  ownership,
  outputs
})

describe('route53 router: read', () => {
  it('reads the one simple record of record-name and record-type', async () => {
    const { router } = setup({}, [cname(`${BLUE}.`)])
    expect(await router.read()).toMatchObject({ kind: 'cname', dnsName: BLUE })
  })

  it('reads nothing when the record does not exist yet', async () => {
    const { router } = setup()
    expect(await router.read()).toBeUndefined()
  })

  it.each([
    ['weighted', { Weight: 50 }],
    ['latency', { Region: 'us-east-1' }],
    ['failover', { Failover: 'PRIMARY' }]
  ])('refuses a %s record set at that name before any change', async (policy, fields) => {
    const { router, r53 } = setup({}, [
      { ...cname(BLUE), SetIdentifier: 'blue', ...fields },
      { ...cname(GREEN), SetIdentifier: 'green', ...fields }
    ] as ResourceRecordSet[])
    const err = await router.read().catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toContain(`www.example.com. CNAME in zone example.com. is a ${policy} record set (set identifiers blue, green): the route53 router moves one simple record`)
    expect(r53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(0)
  })

  it('refuses a hosted-zone-id that does not hold record-name, naming record-name', async () => {
    const { router } = setup({ recordName: 'www.example.org' })
    const err = await router.read().catch((e) => e)
    expect(err).toBeInstanceOf(InputError)
    expect(err.message).toMatch(/^Input 'record-name': www.example.org is not in hosted zone Z0123456789ABCDEFGHIJ \(example.com.\)/)
  })
})

describe('route53 router: write', () => {
  it('moves the record in one UPSERT keeping its TTL, and returns only once the change is INSYNC', async () => {
    const { router, zone, r53 } = setup({}, [cname(BLUE, 300)])
    zone.pendingPolls = 2
    const current = await router.read()
    const written = await router.write(current, { kind: 'cname', dnsName: GREEN })
    expect(zone.batches).toEqual([[{ Action: 'UPSERT', ResourceRecordSet: cname(GREEN, 300) }]])
    // PENDING, PENDING, INSYNC: polled until every Route 53 server has the change, then read back
    const polls = r53.commandCalls(GetChangeCommand)
    expect(polls).toHaveLength(3)
    expect(await polls[2].returnValue).toMatchObject({ ChangeInfo: { Status: 'INSYNC' } })
    expect(router.same(written, await router.read())).toBe(true)
    expect(await router.read()).toMatchObject({ kind: 'cname', dnsName: GREEN, record: { TTL: 300 } })
  })

  it('creates the record with a 60 s TTL on the first promotion', async () => {
    const { router, zone } = setup()
    await router.write(undefined, { kind: 'cname', dnsName: GREEN })
    expect(zone.batches).toEqual([[{ Action: 'UPSERT', ResourceRecordSet: cname(GREEN, 60) }]])
  })

  it('writes an alias A record to the target zone, keeping EvaluateTargetHealth', async () => {
    const { router, zone } = setup({ recordType: 'A', targetZoneOutput: 'DnsZone' }, [alias(`dualstack.${BLUE}.`)])
    const current = await router.read()
    expect(current).toMatchObject({ kind: 'alias', dnsName: `dualstack.${BLUE}`, aliasZoneId: ELB_ZONE })
    await router.write(current, { kind: 'alias', dnsName: GREEN, aliasZoneId: ELB_ZONE })
    expect(zone.batches).toEqual([[{ Action: 'UPSERT', ResourceRecordSet: { ...alias(GREEN), AliasTarget: { HostedZoneId: ELB_ZONE, DNSName: GREEN, EvaluateTargetHealth: true } } }]])
  })

  it('says what Route 53 refused and that nothing changed', async () => {
    const { router, zone } = setup()
    zone.failChange = () =>
      new InvalidChangeBatch({
        message: '[RRSet of type CNAME with DNS name www.example.com. is not permitted as it conflicts with other records with the same DNS name in zone example.com.]',
        $metadata: {}
      })
    const err = await router.write(undefined, { kind: 'cname', dnsName: GREEN }).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(/Route 53 refused to point www.example.com CNAME \(zone Z0123456789ABCDEFGHIJ\) at green-lb-222.*nothing was changed[^]*Root cause: .*conflicts with other records/)
  })
})

describe('route53 router: drained (the old record TTL since the switch)', () => {
  it('waits what is left of the old TTL after the change was INSYNC', async () => {
    const { router, clock, ctx } = setup({}, [cname(BLUE, 300)])
    const blue = (await router.read())!
    await router.write(blue, { kind: 'cname', dnsName: GREEN })
    clock.advance(120_000) // verification took two minutes
    clock.slept.length = 0
    await router.drained(blue)
    expect(clock.slept).toEqual([180_000])
    expect(ctx.log.text()).toContain("Waiting 3 min 0 s for resolvers' caches of www.example.com CNAME (zone Z0123456789ABCDEFGHIJ) → DNS name blue-lb-111")
  })

  it('does not wait once the TTL has passed', async () => {
    const { router, clock } = setup({}, [cname(BLUE, 30)])
    const blue = (await router.read())!
    await router.write(blue, { kind: 'cname', dnsName: GREEN })
    clock.advance(31_000)
    clock.slept.length = 0
    await router.drained(blue)
    expect(clock.slept).toEqual([])
  })

  it('waits 60 s for an alias to an AWS resource', async () => {
    const { router, clock } = setup({ recordType: 'A', targetZoneOutput: 'DnsZone' }, [alias(BLUE)])
    const blue = (await router.read())!
    await router.write(blue, { kind: 'alias', dnsName: GREEN, aliasZoneId: ELB_ZONE })
    clock.slept.length = 0
    await router.drained(blue)
    expect(clock.slept).toEqual([60_000])
  })

  it('waits the TTL of the record an alias of the same zone points to', async () => {
    const { router, clock } = setup({ recordType: 'A', targetZoneOutput: 'DnsZone' }, [
      alias('blue.example.com.', 'www.example.com.', ZONE_ID),
      { Name: 'blue.example.com.', Type: 'A', TTL: 900, ResourceRecords: [{ Value: '192.0.2.1' }] }
    ])
    const blue = (await router.read())!
    await router.write(blue, { kind: 'alias', dnsName: 'green.example.com', aliasZoneId: ZONE_ID })
    clock.slept.length = 0
    await router.drained(blue)
    expect(clock.slept).toEqual([900_000])
  })

  it('waits a whole TTL when an earlier run made the switch (its moment is unknown)', async () => {
    const { router, clock, ctx } = setup({}, [cname(GREEN, 120)])
    await router.drained({ kind: 'cname', dnsName: BLUE })
    expect(clock.slept).toEqual([120_000])
    expect(ctx.log.text()).toContain('a whole TTL: the switch was made by an earlier run')
  })

  it('skips the wait with skip-ttl-wait, and says so', async () => {
    const { router, clock, ctx } = setup({ skipTtlWait: true }, [cname(BLUE, 300)])
    const blue = (await router.read())!
    await router.write(blue, { kind: 'cname', dnsName: GREEN })
    clock.slept.length = 0
    await router.drained(blue)
    expect(clock.slept).toEqual([])
    expect(ctx.log.text()).toContain("warning: skip-ttl-wait: not waiting 5 min 0 s for the old record's TTL")
  })

  it('keeps blue rather than wait past timeout-minutes', async () => {
    const { router, clock } = setup({}, [cname(BLUE, 3600)], { timeoutMinutes: 10 })
    const blue = (await router.read())!
    await router.write(blue, { kind: 'cname', dnsName: GREEN })
    clock.slept.length = 0
    await expect(router.drained(blue)).rejects.toThrow(/Waiting out the old record's TTL \(60 min 0 s\) would pass timeout-minutes; DNS name blue-lb-111.* is kept/)
    expect(clock.slept).toEqual([])
  })
})

describe('route53 router: offer', () => {
  it('offers the DNS name of target-output, https://<name> as its endpoint', async () => {
    const { router } = setup()
    const offer = await router.offer(view({ DnsName: `${GREEN.toUpperCase()}.` }), {})
    expect(offer.target).toEqual({ kind: 'cname', dnsName: GREEN })
    expect(await offer.endpoint!()).toBe(`https://${GREEN}`)
    expect(offer.note).toBe('CNAME')
  })

  it('offers an alias with the zone of target-zone-output', async () => {
    const { router } = setup({ recordType: 'A', targetZoneOutput: 'DnsZone' })
    const offer = await router.offer(view({ DnsName: GREEN, DnsZone: `/hostedzone/${ELB_ZONE}` }), {})
    expect(offer.target).toEqual({ kind: 'alias', dnsName: GREEN, aliasZoneId: ELB_ZONE })
  })

  it.each([
    [{}, {}, /The stack shop-green has no output DnsName \(target-output\)/],
    [{}, { DnsName: `https://${GREEN}/` }, /The output DnsName \(target-output\) of shop-green holds "https:\/\/green-lb-222.*", which is not a DNS name/],
    [{}, { DnsName: '192.0.2.10' }, /which is not a DNS name/],
    [{}, { DnsName: 'www.example.com.' }, /holds www.example.com itself: the record would point at itself/],
    [{}, { DnsName: 'x\n::error::pwned' }, /holds "x⏎::error::pwned", which is not a DNS name/],
    [{ recordType: 'A', targetZoneOutput: 'DnsZone' }, { DnsName: GREEN }, /The stack shop-green has no output DnsZone \(target-zone-output\), which must hold a hosted zone id/],
    [
      { recordType: 'A', targetZoneOutput: 'DnsZone' },
      { DnsName: GREEN, DnsZone: 'not a zone' },
      /The output DnsZone \(target-zone-output\) of shop-green holds "not a zone", which is not a hosted zone id/
    ]
  ] as const)('refuses a bad output before any change, naming the input (%#)', async (over, outputs, message) => {
    const { router, r53 } = setup(over)
    const err = await router.offer(view(outputs), {}).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(message)
    expect(r53.calls()).toHaveLength(0)
  })
})

describe('route53 router: findOwner', () => {
  const candidates = async () => [env('shop-blue', { DnsName: BLUE.toUpperCase() }), env('shop-green', { DnsName: `${GREEN}.` }), env('other-app', { DnsName: 'evil.example.net' }, 'another app')]

  it('matches DNS names without regard to case, the final dot or the dualstack. prefix Route 53 gives aliases', async () => {
    const { router } = setup({ recordType: 'A', targetZoneOutput: 'DnsZone' })
    const owner = await router.findOwner({ kind: 'alias', dnsName: `dualstack.${BLUE}`, aliasZoneId: ELB_ZONE, record: alias(`dualstack.${BLUE}.`) }, candidates, 'shop')
    expect(owner).toEqual({ stackName: 'shop-blue', via: 'output' })
  })

  it("never takes another app's stack as the owner", async () => {
    const { router } = setup()
    expect(await router.findOwner({ kind: 'cname', dnsName: 'evil.example.net', record: cname('evil.example.net') }, candidates, 'shop')).toBeUndefined()
  })

  it('a plain A record (addresses) has no owner: the core refuses to move it', async () => {
    const { router } = setup({ recordType: 'A', targetZoneOutput: 'DnsZone' }, [{ Name: 'www.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] }])
    const reading = (await router.read())!
    expect(router.describe(reading)).toBe('addresses 192.0.2.1')
    expect(await router.findOwner(reading, candidates, 'shop')).toBeUndefined()
  })
})

describe('route53 router: routesTo', () => {
  function stackOutputs(cfn: ReturnType<typeof mockClient>, outputs: Record<string, string>) {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'shop-blue', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })) }]
    })
  }

  it('finds every CNAME and alias of the zone into the stack, over every page, the front door marked', async () => {
    const { router, r53, cfn } = setup()
    stackOutputs(cfn, { DnsName: BLUE })
    const weighted = (id: string, value: string): ResourceRecordSet => ({ ...cname(value, 60, 'api.example.com.'), SetIdentifier: id, Weight: 1 })
    r53.on(ListResourceRecordSetsCommand).callsFake(async (input) => {
      // three pages, the second break inside the weighted set of api.example.com
      if (!input.StartRecordName)
        return { ResourceRecordSets: [weighted('a', 'x.example.net')], IsTruncated: true, NextRecordName: 'api.example.com.', NextRecordType: 'CNAME', NextRecordIdentifier: 'b', MaxItems: 300 }
      if (input.StartRecordIdentifier === 'b') return { ResourceRecordSets: [weighted('b', `${BLUE}.`)], IsTruncated: true, NextRecordName: 'www.example.com.', NextRecordType: 'A', MaxItems: 300 }
      return { ResourceRecordSets: [alias(`dualstack.${BLUE}.`, 'www.example.com.'), cname(BLUE)], IsTruncated: false, MaxItems: 300 }
    })
    const found = await router.routesTo('shop-blue')
    expect(found).toEqual({
      scope: 'record of zone example.com.',
      routes: [
        { where: 'api.example.com CNAME (set b)', reaches: `DNS name ${BLUE}`, isFrontDoor: false },
        { where: 'www.example.com A', reaches: `DNS name ${BLUE}`, isFrontDoor: false },
        { where: 'www.example.com CNAME', reaches: `DNS name ${BLUE}`, isFrontDoor: true }
      ]
    })
    expect(r53.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input.StartRecordIdentifier)).toEqual([undefined, 'b', undefined])
  })

  it('refuses a listing whose next page starts where the last one did, rather than read forever', async () => {
    const { router, r53, cfn } = setup()
    stackOutputs(cfn, { DnsName: BLUE })
    r53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [], IsTruncated: true, NextRecordName: 'api.example.com.', NextRecordType: 'CNAME', MaxItems: 300 })
    await expect(router.routesTo('shop-blue')).rejects.toThrow(/Listing the records of hosted zone Z0123456789ABCDEFGHIJ did not advance/)
    expect(r53.commandCalls(ListResourceRecordSetsCommand)).toHaveLength(2)
  })

  it('reuses one listing when not asked fresh, and reads again when asked fresh', async () => {
    const { router, r53, cfn } = setup({}, [cname(BLUE)])
    stackOutputs(cfn, { DnsName: BLUE })
    await router.routesTo('shop-blue', { fresh: false })
    await router.routesTo('shop-blue', { fresh: false })
    const listings = () => r53.commandCalls(ListResourceRecordSetsCommand).filter((c) => c.args[0].input.MaxItems === 300).length
    expect(listings()).toBe(1)
    await router.routesTo('shop-blue')
    expect(listings()).toBe(2)
  })

  it('finds no route into a stack without the output', async () => {
    const { router, r53, cfn } = setup({}, [cname(BLUE)])
    stackOutputs(cfn, {})
    expect((await router.routesTo('shop-blue')).routes).toEqual([])
    expect(r53.commandCalls(ListResourceRecordSetsCommand)).toHaveLength(0)
  })
})

describe('route53 router: the door', () => {
  it('locks the record by its name and type, whether the zone is given by id or by name', async () => {
    const ctx = testContext(modelClients())
    const byId = await createRouter(ctx, door({ hostedZoneId: ZONE_ID }), 'us-east-1')
    const byName = await createRouter(ctx, door({ hostedZoneId: undefined, hostedZoneName: 'example.com' }), 'us-east-1')
    expect(byId.lockKey).toEqual({ scope: 'www.example.com', path: 'CNAME' })
    expect(byName.lockKey).toEqual(byId.lockKey)
    expect(byId).toMatchObject({ kind: 'route53', url: 'https://www.example.com', targetNoun: 'DNS name', services: ['route53'] })
  })

  it('tells targets apart by kind, name and alias zone', () => {
    const { router } = setup()
    const t = (o: Partial<DnsTarget>): DnsTarget => ({ kind: 'cname', dnsName: GREEN, ...o })
    expect(router.same(t({}), t({ dnsName: `${GREEN.toUpperCase()}.` }))).toBe(true)
    expect(router.same(t({}), t({ dnsName: BLUE }))).toBe(false)
    expect(router.same(t({ kind: 'alias', aliasZoneId: ELB_ZONE }), t({ kind: 'alias', aliasZoneId: 'ZOTHER' }))).toBe(false)
    expect(router.same(t({}), undefined)).toBe(false)
    expect(router.describe(undefined)).toBe('nothing (no record)')
  })
})

describe('route53 router: the lock under the documented policy', () => {
  it("is a lock the extra-env policy's lock statements allow when filled with record-name, and another record's is not", async () => {
    const clients = modelClients()
    const cfn = mockClient(clients.cloudformation)
    cfn.on(CreateStackCommand).resolves({ StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/lock/1' })
    // the acquire reads the lock's other name after its create: free (AWS: "Stack with id … does not exist")
    cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id x does not exist'), { name: 'ValidationError', $fault: 'client', $metadata: { httpStatusCode: 400 } }))
    const ctx = testContext(clients)
    const lockOf = async (recordName: string) => {
      const router = new Route53Router(ctx, door({ recordName }))
      const lock = new DomainLock(ctx, {
        domainName: router.lockKey.scope,
        basePath: router.lockKey.path,
        where: router.where,
        region: 'us-east-1',
        phase: 'full',
        holder: { attempt: 1, host: 'h', pid: 1 },
        ttlMs: 60_000
      })
      await lock.acquire({})
      const input = cfn.commandCalls(CreateStackCommand).at(-1)!.args[0].input
      return { arn: `arn:aws:cloudformation:us-east-1:123456789012:stack/${input.StackName}/1`, tag: input.Tags!.find((t) => t.Key === 'bluegreen:lock-for')!.Value! }
    }
    const policy = fillPolicy(loadPolicies()['extra-env'], { '<StackName>': 'shop', '<DomainName>': 'www.example.com', '<DomainSlug>': 'www-example-com' })
    const ours = await lockOf('www.example.com')
    expect(ours).toEqual({ arn: expect.stringContaining(':stack/bluegreen-lock-www-example-com-cname-'), tag: 'www.example.com/CNAME' })
    expect(isAllowed(policy, 'cloudformation:CreateStack', ours.arn, { 'aws:RequestTag/bluegreen:lock-for': [ours.tag] })).toBe(true)
    // a record whose name starts like ours gets a lock name the pattern matches, and a tag the condition refuses
    const other = await lockOf('www.example.com.evil.org')
    expect(other.arn).toContain(':stack/bluegreen-lock-www-example-com-')
    expect(isAllowed(policy, 'cloudformation:CreateStack', other.arn, { 'aws:RequestTag/bluegreen:lock-for': [other.tag] })).toBe(false)
  })
})
