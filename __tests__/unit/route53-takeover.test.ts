/**
 * The takeover and release runbooks against a model of AWS (../support/route53-aws-model.ts) driven by
 * aws-sdk-client-mock. Each test names the AWS behaviour it encodes; moto cannot show these (it adds a
 * duplicate record instead of failing or adopting, has no per-resource events and no rollback).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ExecuteChangeSetCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation'
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53'
import { fakeClock } from '../../src/clock.js'
import { DeployError } from '../../src/errors.js'
import type { TakeoverState } from '../../src/modes/route53-takeover/backup.js'
import { runRoute53 } from '../../src/modes/route53-takeover/index.js'
import { testContext } from '../support/context.js'
import { FakeStack, FakeZone, modelClients, REAL_SOA, ZONE_ID, type StackRecordSpec } from '../support/route53-aws-model.js'
import { backupDir, takeoverInputs } from '../support/route53-inputs.js'

const TIMING = { sampleMs: 500, watchMs: 250 }
const EIP = '203.0.113.10'
const MANUAL: ResourceRecordSet = { Name: 'www.example.com.', Type: 'A', TTL: 3600, ResourceRecords: [{ Value: '198.51.100.7' }] }
const STACK_A: ResourceRecordSet = { Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: EIP }] }

/** A template whose record values come from another stack (Fn::ImportValue): unknown before the create. */
const IMPORTED_BODY = JSON.stringify({
  Parameters: { Route53Enable: { Type: 'String', Default: 'false' } },
  Conditions: { RecordOn: { 'Fn::Equals': [{ Ref: 'Route53Enable' }, 'true'] } },
  Resources: {
    AppIp: { Type: 'AWS::EC2::EIP' },
    Record: {
      Type: 'AWS::Route53::RecordSet',
      Condition: 'RecordOn',
      Properties: { HostedZoneId: ZONE_ID, Name: 'www.example.com.', Type: 'A', TTL: '60', ResourceRecords: [{ 'Fn::ImportValue': 'shared-ip' }] }
    }
  }
})
const IMPORTED_A: ResourceRecordSet = { Name: 'www.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.44' }] }

/** An alias to a load balancer that is created with the record: its DNS name is unknown before. */
const ALIAS_BODY = JSON.stringify({
  Parameters: { Route53Enable: { Type: 'String', Default: 'false' } },
  Conditions: { RecordOn: { 'Fn::Equals': [{ Ref: 'Route53Enable' }, 'true'] } },
  Resources: {
    AppIp: { Type: 'AWS::EC2::EIP' },
    Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Condition: 'RecordOn', Properties: {} },
    Record: {
      Type: 'AWS::Route53::RecordSet',
      Condition: 'RecordOn',
      Properties: {
        HostedZoneId: ZONE_ID,
        Name: 'www.example.com.',
        Type: 'A',
        AliasTarget: { DNSName: { 'Fn::GetAtt': ['Lb', 'DNSName'] }, HostedZoneId: { 'Fn::GetAtt': ['Lb', 'CanonicalHostedZoneID'] } }
      }
    }
  }
})
const ALIAS_A: ResourceRecordSet = {
  Name: 'www.example.com.',
  Type: 'A',
  AliasTarget: { DNSName: 'web-123.us-east-1.elb.amazonaws.com.', HostedZoneId: 'Z35SXDOTRQ7X7K', EvaluateTargetHealth: false }
}

function setup(opts: { body?: string; spec?: Partial<StackRecordSpec>; manual?: ResourceRecordSet | null; route53?: object; stackExists?: boolean } = {}) {
  const clients = modelClients()
  const zone = new FakeZone()
  if (opts.manual !== null) zone.apply([{ Action: 'CREATE', ResourceRecordSet: opts.manual ?? MANUAL }])
  const stack = new FakeStack({
    zone,
    spec: { logicalId: 'Record', record: () => STACK_A, alias: false, ...opts.spec },
    resources: { AppIp: EIP },
    outputs: { AppIp: EIP }
  })
  const r53 = zone.mock(clients)
  const cfn = stack.mock(clients)
  const dir = backupDir()
  const backupFile = join(dir, 'backup.json')
  const inputs = opts.body
    ? takeoverInputs({ template: 'inline.json', body: opts.body, route53: { hostedZoneId: ZONE_ID, backupFile, ...opts.route53 } })
    : takeoverInputs({ template: 'a-record.yaml', parameters: [{ ParameterKey: 'HostedZoneId', ParameterValue: ZONE_ID }], route53: { hostedZoneId: ZONE_ID, backupFile, ...opts.route53 } })
  const clock = fakeClock()
  const ctx = testContext(clients, { clock, pollMs: 2000, timeoutMinutes: 600 })
  const run = () => runRoute53(ctx, inputs, TIMING)
  const state = () => JSON.parse(readFileSync(backupFile, 'utf8')) as TakeoverState
  const www = () => zone.find('www.example.com', 'A')
  const soa = () => zone.find('example.com', 'SOA')[0]
  return { clients, zone, stack, r53, cfn, ctx, clock, inputs, backupFile, run, state, www, soa }
}

const actions = (zone: FakeZone) => zone.batches.map((b) => b.map((c) => `${c.Action} ${c.ResourceRecordSet!.Type}`).join(' + '))

describe('route53-takeover: adopt-identical (AWS: CloudFormation adopts a record identical to its own, quietly)', () => {
  it('UPSERTs the manual record to the stack values, then the enable update adopts it: no gap, no delete', async () => {
    const t = setup()
    await t.run()
    expect(t.ctx.outputs['takeover-path']).toBe('adopt-identical')
    expect(t.ctx.outputs['gap-ms']).toBe('0')
    expect(t.ctx.outputs['stack-status']).toBe('UPDATE_COMPLETE')
    expect(actions(t.zone)).toEqual(['UPSERT A'])
    expect(t.zone.batches[0][0].ResourceRecordSet).toEqual(STACK_A)
    expect(t.www()).toEqual([STACK_A])
    expect(t.stack.resources.get('Record')?.ResourceStatus).toBe('CREATE_COMPLETE')
    // the record-off deploy came first: the stack had the Elastic IP before the record was touched
    expect(t.stack.operations.map((o) => o.params.Route53Enable)).toEqual(['false', 'true'])
    expect(t.soa()).toEqual(REAL_SOA)
  })

  it('publishes the backup (output and file) before the first change to the zone', async () => {
    const t = setup()
    let seenAtFirstChange: { output?: string; file: boolean } | undefined
    const apply = t.zone.apply.bind(t.zone)
    t.zone.apply = (changes) => {
      seenAtFirstChange ??= { output: t.ctx.outputs['record-backup'], file: existsSync(t.backupFile) }
      apply(changes)
    }
    await t.run()
    expect(seenAtFirstChange).toEqual({ output: JSON.stringify(MANUAL), file: true })
    expect(t.ctx.outputs['record-backup-file']).toBe(t.backupFile)
    expect(t.state()).toMatchObject({ backup: MANUAL, stage: 'done', path: 'adopt-identical', gapMs: 0 })
  })

  it('falls back to the delete path when CloudFormation refuses to adopt (fails with "already exists" and rolls back)', async () => {
    const t = setup()
    t.stack.refuseAdoption = true
    await t.run()
    expect(t.ctx.log.text()).toContain('did not adopt the identical record')
    expect(t.ctx.outputs['takeover-path']).toBe('delete-then-update')
    expect(actions(t.zone)).toEqual(['UPSERT A', 'UPSERT A', 'UPSERT SOA', 'DELETE A', 'UPSERT A', 'DELETE A', 'UPSERT SOA'])
    // the TTL lowered is the one of the record as it is now (the stack's values), not the backup's
    expect(t.zone.batches[1][0].ResourceRecordSet).toEqual({ ...STACK_A, TTL: 60 })
    expect(t.www()).toEqual([STACK_A])
    expect(t.soa()).toEqual(REAL_SOA)
    expect(t.state()).toMatchObject({ backup: MANUAL, stage: 'done', path: 'delete-then-update' })
  })

  it('reads the zone for the gap around the cutovers only, not through the TTL wait (an hour of reads a sample interval apart)', async () => {
    const alias = setup({ body: ALIAS_BODY, spec: { record: () => ALIAS_A, alias: true } }) // straight to the delete path
    const refused = setup() // the adopt path first, then the delete path
    refused.stack.refuseAdoption = true
    for (const t of [alias, refused]) {
      await t.run()
      const ttlWait = Math.max(...t.clock.slept) // 60 min (the manual record's TTL), 15 min (the SOA's, after the UPSERT to TTL 300)
      expect(ttlWait).toBeGreaterThanOrEqual(900_000)
      // 1800 to 7200 reads if the meter sampled every 500 ms through the wait
      expect(t.r53.commandCalls(ListResourceRecordSetsCommand).length).toBeLessThan(100)
    }
    expect(refused.ctx.outputs['takeover-path']).toBe('delete-then-update')
    expect(Number(refused.ctx.outputs['gap-ms'])).toBeGreaterThan(0)
  })

  it('skips the UPSERT when the manual record is identical already', async () => {
    const t = setup({ manual: STACK_A })
    await t.run()
    expect(t.ctx.outputs['takeover-path']).toBe('adopt-identical')
    expect(t.zone.batches).toHaveLength(0)
    expect(t.ctx.log.text()).toContain("already has the template's values")
  })
})

describe('route53-takeover: delete paths', () => {
  it('plain record with other values (AWS: fails at once with "already exists", rolls back): puts it back, retries once as delete-then-update', async () => {
    const t = setup({ body: IMPORTED_BODY, spec: { record: () => IMPORTED_A } })
    await t.run()
    expect(t.ctx.outputs['takeover-path']).toBe('delete-then-update')
    expect(t.ctx.log.text()).toMatch(/Record\s+AWS::Route53::RecordSet\s+CREATE_FAILED\s+\[Tried to create resource record set \[name='www.example.com.', type='A'\] but it already exists\]/)
    expect(t.ctx.log.text()).toContain('UPDATE_ROLLBACK_COMPLETE')
    expect(actions(t.zone)).toEqual([
      'UPSERT A', // TTL 3600 → 60, then the SOA lowered: two batches, since IAM pairs each name with its type only
      'UPSERT SOA',
      'DELETE A', // at CREATE_IN_PROGRESS
      'UPSERT A', // put back at once on CREATE_FAILED
      'DELETE A', // the retry: delete first...
      'UPSERT SOA' // ...update, then the SOA restored
    ])
    expect(t.www()).toEqual([IMPORTED_A])
    expect(t.stack.resources.get('Record')?.ResourceStatus).toBe('CREATE_COMPLETE')
    expect(Number(t.ctx.outputs['gap-ms'])).toBeGreaterThan(0)
    expect(t.soa()).toEqual(REAL_SOA)
  })

  it('alias record (AWS: stays CREATE_IN_PROGRESS, retrying, until the name is free): deletes at CREATE_IN_PROGRESS, no retry needed', async () => {
    const t = setup({ body: ALIAS_BODY, spec: { record: () => ALIAS_A, alias: true } })
    await t.run()
    expect(t.ctx.outputs['takeover-path']).toBe('delete-at-create')
    expect(actions(t.zone)).toEqual(['UPSERT A', 'UPSERT SOA', 'DELETE A', 'UPSERT SOA'])
    expect(t.zone.batches[0][0].ResourceRecordSet).toEqual({ ...MANUAL, TTL: 60 })
    expect(t.www()).toEqual([ALIAS_A])
    expect(Number(t.ctx.outputs['gap-ms'])).toBeGreaterThan(0)
    expect(t.stack.operations).toHaveLength(2)
    expect(t.state()).toMatchObject({ stage: 'done', path: 'delete-at-create' })
  })

  it('lowers the SOA TTL and negative-caching minimum to takeover-ttl, waits out the old TTLs, and restores the SOA exactly', async () => {
    const t = setup({ body: ALIAS_BODY, spec: { record: () => ALIAS_A, alias: true } })
    await t.run()
    const lowered = t.zone.batches[1].find((c) => c.ResourceRecordSet!.Type === 'SOA')!.ResourceRecordSet!
    expect(lowered).toEqual({ Name: 'example.com.', Type: 'SOA', TTL: 60, ResourceRecords: [{ Value: 'ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900 1209600 60' }] })
    // the wait covers the longer of the old record TTL (3600 s) and the old SOA TTL (900 s)
    expect(t.clock.slept).toContain(3_600_000)
    expect(t.zone.batches.at(-1)![0].ResourceRecordSet).toEqual(REAL_SOA)
  })

  it('refuses, before lowering anything, a TTL wait longer than timeout-minutes allows', async () => {
    const t = setup({ body: ALIAS_BODY, spec: { record: () => ALIAS_A, alias: true } })
    t.ctx.deadline = t.clock.now() + 30 * 60_000
    await expect(t.run()).rejects.toThrow(/Waiting out the old TTLs \(60 min 0 s\) would pass timeout-minutes; nothing was lowered/)
    expect(t.zone.batches).toHaveLength(0)
    expect(t.www()).toEqual([MANUAL])
  })

  it('skip-ttl-wait lowers the TTLs without waiting, and says so', async () => {
    const t = setup({ body: ALIAS_BODY, spec: { record: () => ALIAS_A, alias: true }, route53: { skipTtlWait: true } })
    await t.run()
    expect(t.clock.slept).not.toContain(3_600_000)
    expect(t.ctx.log.text()).toMatch(/warning: skip-ttl-wait: not waiting 60 min/)
  })

  it('keeps measuring through Route 53 throttling (AWS: Throttling "Rate exceeded" on ListResourceRecordSets)', async () => {
    const t = setup({ body: ALIAS_BODY, spec: { record: () => ALIAS_A, alias: true } })
    const apply = t.zone.apply.bind(t.zone)
    t.zone.apply = (changes) => {
      apply(changes)
      if (changes[0].Action === 'DELETE') t.zone.throttleLists = 2
    }
    await t.run()
    expect(t.ctx.outputs['takeover-path']).toBe('delete-at-create')
    expect(Number(t.ctx.outputs['gap-ms'])).toBeGreaterThan(0)
  })
})

describe('route53-takeover: nothing is lost (the backup goes back after a failure at every step)', () => {
  const backInPlace = (t: ReturnType<typeof setup>) => {
    expect(t.www()).toEqual([MANUAL])
    expect(t.soa()).toEqual(REAL_SOA)
  }

  it('record-off deploy fails: nothing was changed, the record is as it was', async () => {
    const t = setup()
    t.r53.on(ChangeResourceRecordSetsCommand).rejects(new Error('must not be called'))
    t.cfn
      .on(ExecuteChangeSetCommand)
      .rejects(Object.assign(new Error('User: arn:aws:iam::123456789012:user/ci is not authorized to perform: cloudformation:ExecuteChangeSet'), { name: 'AccessDenied' }))
    await expect(t.run()).rejects.toThrow(/not authorized to perform: cloudformation:ExecuteChangeSet/)
    backInPlace(t)
  })

  it('the UPSERT to the stack values is refused (AWS: InvalidChangeBatch): the record is unchanged', async () => {
    const t = setup()
    t.zone.failChange = () =>
      new (class extends Error {
        name = 'InvalidChangeBatch'
      })('[RRSet with DNS name www.example.com. is not permitted in zone example.com.]')
    await expect(t.run()).rejects.toThrow(DeployError)
    backInPlace(t)
  })

  it('the enable update fails for another reason after the UPSERT (AWS: rollback): the original record is put back', async () => {
    const t = setup()
    t.stack.failNextEnable = { logicalId: 'AppIp', reason: 'Resource handler returned message: "The maximum number of addresses has been reached."' }
    const err = await t.run().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect((err as DeployError).rootCause).toContain('maximum number of addresses')
    expect((err as DeployError).nextSteps).toContain('as it was before the run')
    expect(actions(t.zone)).toEqual(['UPSERT A', 'UPSERT A'])
    backInPlace(t)
    expect(t.state().stage).toBe('backed-up')
  })

  it('lowering the TTLs fails (AWS: PriorRequestNotComplete after the SDK retries): nothing was deleted, the record is as it was', async () => {
    const t = setup({ body: ALIAS_BODY, spec: { record: () => ALIAS_A, alias: true } })
    // the SOA-lowering batch (TTL 60; the restore puts 900 back)
    t.zone.failChange = (changes) =>
      changes.some((c) => c.ResourceRecordSet!.Type === 'SOA' && c.ResourceRecordSet!.TTL === 60)
        ? Object.assign(new Error('The request was rejected because Route 53 was still processing a prior request.'), { name: 'PriorRequestNotComplete' })
        : undefined
    await expect(t.run()).rejects.toThrow(/prior request/)
    backInPlace(t)
  })

  it('the record is deleted at CREATE_IN_PROGRESS and then the update fails (AWS: rollback deletes what it created): the backup goes back', async () => {
    const t = setup({ body: ALIAS_BODY, spec: { record: () => ALIAS_A, alias: true } })
    t.stack.failNextEnable = { logicalId: 'AppIp', reason: 'Internal Failure', afterRecord: true }
    const err = await t.run().catch((e: unknown) => e)
    expect((err as DeployError).rootCause).toContain('Internal Failure')
    expect(t.ctx.log.text()).toMatch(/Record\s+AWS::Route53::RecordSet\s+DELETE_COMPLETE/)
    backInPlace(t) // original values and TTL 3600, not the lowered 60
    expect(Number(t.ctx.outputs['gap-ms'])).toBeGreaterThan(0)
  })

  it('the delete-then-update retry fails too: the backup goes back', async () => {
    const t = setup({ body: IMPORTED_BODY, spec: { record: () => IMPORTED_A } })
    let deletes = 0
    const apply = t.zone.apply.bind(t.zone)
    t.zone.apply = (changes) => {
      apply(changes)
      // the retry's own delete: the update that follows fails
      if (changes[0].Action === 'DELETE' && ++deletes === 2) t.stack.failNextEnable = { logicalId: 'AppIp', reason: 'Rate exceeded' }
    }
    await expect(t.run()).rejects.toThrow(DeployError)
    expect(t.ctx.log.text()).toContain('Retry once: delete the manual record, then update')
    backInPlace(t)
  })

  it('the delete-at-create DELETE itself is refused (the record changed under the action): the update fails and the backup goes back', async () => {
    const t = setup({ body: ALIAS_BODY, spec: { record: () => ALIAS_A, alias: true } })
    t.zone.failChange = (changes) =>
      changes[0].Action === 'DELETE'
        ? Object.assign(new Error("[Tried to delete resource record set [name='www.example.com.', type='A'] but the values provided do not match the current values]"), { name: 'InvalidChangeBatch' })
        : undefined
    const err = await t.run().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(t.ctx.log.text()).toContain('values provided do not match')
    backInPlace(t)
  })
})

describe('route53-takeover: before anything changes', () => {
  it('fails when the record does not exist, naming what to check', async () => {
    const t = setup({ manual: null })
    await expect(t.run()).rejects.toThrow(/has no record www.example.com. A to take over/)
    expect(t.stack.operations).toHaveLength(0)
  })

  it('fails when another stack holds the record (AWS: DescribeStackResources by physical id names it)', async () => {
    const t = setup()
    t.stack.ownerByPhysicalId = { stackName: 'legacy', logicalId: 'WwwRecord', physicalId: 'www.example.com' }
    await expect(t.run()).rejects.toThrow(/Stack legacy already holds www.example.com. A/)
    expect(t.zone.batches).toHaveLength(0)
    expect(t.stack.operations).toHaveLength(0)
  })

  it('with set-identifier, still fails when another stack holds that set of the record (its template names the same set)', async () => {
    const weighted = (set: string) =>
      JSON.stringify({
        Resources: {
          WwwRecord: {
            Type: 'AWS::Route53::RecordSet',
            Properties: { HostedZoneId: ZONE_ID, Name: 'www.example.com.', Type: 'A', TTL: '300', SetIdentifier: set, Weight: 50, ResourceRecords: ['198.51.100.7'] }
          }
        }
      })
    const ours = JSON.stringify({
      Parameters: { Route53Enable: { Type: 'String', Default: 'false' } },
      Conditions: { RecordOn: { 'Fn::Equals': [{ Ref: 'Route53Enable' }, 'true'] } },
      Resources: {
        Record: {
          Type: 'AWS::Route53::RecordSet',
          Condition: 'RecordOn',
          Properties: { HostedZoneId: ZONE_ID, Name: 'www.example.com.', Type: 'A', TTL: '300', SetIdentifier: 'blue', Weight: 50, ResourceRecords: [EIP] }
        }
      }
    })
    const t = setup({ body: ours, manual: { ...MANUAL, SetIdentifier: 'blue', Weight: 50 }, route53: { setIdentifier: 'blue' } })
    t.stack.ownerByPhysicalId = { stackName: 'legacy', logicalId: 'WwwRecord', physicalId: 'www.example.com', template: weighted('blue') }
    await expect(t.run()).rejects.toThrow(/Stack legacy already holds www.example.com. A \(set blue\)/)
    expect(t.zone.batches).toHaveLength(0)
    expect(t.stack.operations).toHaveLength(0)
    // another set of the same name in another stack is no conflict; a template that cannot be read counts as one
    const { otherOwner } = await import('../../src/modes/route53-takeover/ownership.js')
    t.stack.ownerByPhysicalId.template = weighted('green')
    expect(await otherOwner(t.clients.cloudformation, 'www.example.com.', 'web', 'blue')).toBeUndefined()
    t.stack.ownerByPhysicalId.template = undefined
    expect(await otherOwner(t.clients.cloudformation, 'www.example.com.', 'web', 'blue')).toBe('legacy')
  })

  it('fails when several records share the name and type and no set-identifier is given', async () => {
    const t = setup({ manual: { ...MANUAL, SetIdentifier: 'blue', Weight: 50 } })
    t.zone.apply([{ Action: 'CREATE', ResourceRecordSet: { ...MANUAL, SetIdentifier: 'green', Weight: 50 } }])
    await expect(t.run()).rejects.toThrow(/holds 2 records named www.example.com. A/)
  })

  it('dry run prints the backup, the path and the change sets, and changes nothing', async () => {
    const t = setup()
    t.ctx.dryRun = true
    await t.run()
    expect(t.ctx.outputs['takeover-path']).toBe('adopt-identical')
    expect(t.ctx.outputs['record-backup']).toBe(JSON.stringify(MANUAL))
    expect(existsSync(t.backupFile)).toBe(false)
    expect(t.zone.batches).toHaveLength(0)
    expect(t.stack.operations).toHaveLength(0)
    expect(t.ctx.log.text()).toMatch(/\[dry-run\] path: adopt-identical/)
  })
})

describe('route53-takeover: re-running after an interruption', () => {
  const interrupted = (t: ReturnType<typeof setup>, patch: Partial<TakeoverState>) => {
    const state: TakeoverState = {
      version: 1,
      action: 'takeover',
      stackName: 'web',
      zone: { id: ZONE_ID, name: 'example.com.' },
      key: { name: 'www.example.com', type: 'A' },
      backup: MANUAL,
      savedAt: '2026-01-01T00:00:00.000Z',
      stage: 'record-deleted',
      ...patch
    }
    writeFileSync(t.backupFile, JSON.stringify(state)) // as an interrupted run leaves it
  }

  it('manual record missing, backup file present, stack does not hold it: restores from the file, then takes over', async () => {
    const t = setup({ manual: null })
    interrupted(t, {})
    await t.run()
    expect(t.ctx.log.text()).toContain('An earlier run stopped at stage "record-deleted"')
    expect(t.zone.batches[0]).toEqual([{ Action: 'UPSERT', ResourceRecordSet: MANUAL }])
    expect(t.ctx.outputs['record-backup']).toBe(JSON.stringify(MANUAL))
    expect(t.ctx.outputs['takeover-path']).toBe('adopt-identical')
    expect(t.www()).toEqual([STACK_A])
  })

  it('record already changed by the earlier run: keeps the original backup, not the changed record', async () => {
    const t = setup({ manual: { ...MANUAL, TTL: 60 } })
    interrupted(t, { stage: 'record-changed' })
    await t.run()
    expect(t.ctx.outputs['record-backup']).toBe(JSON.stringify(MANUAL))
    expect(t.state().backup).toEqual(MANUAL)
  })

  it('stack took the record but the run stopped before the SOA was restored: finishes by restoring the SOA', async () => {
    const t = setup({ manual: null })
    const low = { ...REAL_SOA, TTL: 60, ResourceRecords: [{ Value: 'ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900 1209600 60' }] }
    t.zone.apply([
      { Action: 'UPSERT', ResourceRecordSet: low },
      { Action: 'CREATE', ResourceRecordSet: ALIAS_A }
    ])
    t.stack.status = 'UPDATE_COMPLETE'
    t.stack.resources.set('Record', {
      LogicalResourceId: 'Record',
      PhysicalResourceId: 'www.example.com',
      ResourceType: 'AWS::Route53::RecordSet',
      ResourceStatus: 'CREATE_COMPLETE',
      Timestamp: new Date()
    })
    interrupted(t, { soa: REAL_SOA, path: 'delete-at-create' })
    await t.run()
    expect(t.soa()).toEqual(REAL_SOA)
    expect(t.ctx.outputs['takeover-path']).toBe('delete-at-create')
    expect(t.state().stage).toBe('done')
    expect(t.stack.operations).toHaveLength(0)
  })

  it('SOA restore fails at the end: the error says so, and the re-run finishes by restoring it', async () => {
    const t = setup({ body: ALIAS_BODY, spec: { record: () => ALIAS_A, alias: true } })
    t.zone.failChange = (changes) =>
      changes.length === 1 && changes[0].ResourceRecordSet!.Type === 'SOA' && changes[0].ResourceRecordSet!.TTL === 900 ? Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }) : undefined
    await expect(t.run()).rejects.toThrow(/The stack holds the record now, but restoring the zone's SOA failed/)
    expect(t.www()).toEqual([ALIAS_A])
    expect(t.state().soa).toEqual(REAL_SOA)
    t.zone.failChange = undefined
    await t.run()
    expect(t.ctx.log.text()).toContain('after the stack took the record: finishing it')
    expect(t.soa()).toEqual(REAL_SOA)
    expect(t.state()).toMatchObject({ stage: 'done', path: 'delete-at-create' })
  })

  it('a finished takeover run again is a no-op', async () => {
    const t = setup()
    await t.run()
    const batches = t.zone.batches.length
    const t2ctx = t.ctx
    t2ctx.outputs['takeover-path'] = ''
    await runRoute53(t2ctx, t.inputs, TIMING)
    expect(t.zone.batches).toHaveLength(batches)
    expect(t2ctx.log.text()).toContain('holds www.example.com. A already')
  })

  it('refuses a backup file that belongs to another record', async () => {
    const t = setup()
    interrupted(t, { key: { name: 'api.example.com', type: 'A' } })
    await expect(t.run()).rejects.toThrow(/holds the backup of api.example.com. A/)
    expect(t.zone.batches).toHaveLength(0)
  })
})

describe('route53-takeover: release (hand the stack-owned record back)', () => {
  async function owned() {
    const t = setup({ route53: { action: 'release' } })
    t.inputs.route53.action = 'takeover'
    await t.run()
    t.inputs.route53.action = 'release'
    t.zone.batches.length = 0
    return t
  }

  it('sets DeletionPolicy Retain, turns the record off (AWS: DELETE_SKIPPED), and the record stays with no gap', async () => {
    const t = await owned()
    await t.run()
    expect(t.ctx.outputs['takeover-path']).toBe('release')
    expect(t.ctx.outputs['gap-ms']).toBe('0')
    expect(t.ctx.log.text()).toMatch(/Record\s+AWS::Route53::RecordSet\s+DELETE_SKIPPED/)
    expect(t.stack.resources.has('Record')).toBe(false)
    expect(t.www()).toEqual([STACK_A])
    expect(t.zone.batches).toHaveLength(0)
    expect(t.stack.operations.slice(-2).map((o) => o.params.Route53Enable)).toEqual(['true', 'false'])
  })

  it('puts the record back at once if CloudFormation deletes it anyway', async () => {
    const t = await owned()
    // CloudFormation reports Retain, but the stored template the removal uses has none (a policy-only change lost)
    t.cfn.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify({ Resources: { Record: { Type: 'AWS::Route53::RecordSet', DeletionPolicy: 'Retain' } } }) })
    await t.run()
    expect(t.ctx.log.text()).toContain('despite DeletionPolicy Retain')
    expect(actions(t.zone)).toEqual(['UPSERT A'])
    expect(t.zone.batches[0][0].ResourceRecordSet).toEqual(STACK_A)
    expect(t.www()).toEqual([STACK_A])
    expect(t.stack.resources.has('Record')).toBe(false)
  })

  it('a record the stack does not hold is released already', async () => {
    const t = setup({ route53: { action: 'release' } })
    await t.run()
    expect(t.ctx.log.text()).toContain('nothing to release')
    expect(t.zone.batches).toHaveLength(0)
  })
})
