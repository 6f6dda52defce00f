/**
 * route53-takeover interrupted where moto cannot take it (see __tests__/integration/route53-interrupt.test.ts
 * for the kills of the built action on moto): the delete paths, where the name has no record for a while.
 * Against the model of AWS in ../support/route53-aws-model.ts: a plain record with other values fails at once
 * with "already exists" and the update rolls back; an alias record stays CREATE_IN_PROGRESS until the name
 * is free; a stack operation goes on in CloudFormation after the runner is gone.
 *
 * An interruption here: from a chosen call on, every AWS call of the first run never answers (the process
 * is gone; nothing of it runs again). The re-run has new clients on the same zone and stack, a new clock,
 * and the same backup file.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DescribeStackEventsCommand, ExecuteChangeSetCommand } from '@aws-sdk/client-cloudformation'
import { ChangeResourceRecordSetsCommand, GetChangeCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53'
import type { AwsClients } from '../../src/aws/clients.js'
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
const LOW_SOA: ResourceRecordSet = { ...REAL_SOA, TTL: 60, ResourceRecords: [{ Value: 'ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900 1209600 60' }] }

const enabled = (record: object) =>
  JSON.stringify({
    Parameters: { Route53Enable: { Type: 'String', Default: 'false' } },
    Conditions: { RecordOn: { 'Fn::Equals': [{ Ref: 'Route53Enable' }, 'true'] } },
    Resources: { AppIp: { Type: 'AWS::EC2::EIP' }, ...record }
  })
/** A plain record whose value comes from another stack (Fn::ImportValue): unknown before the create. */
const IMPORTED_BODY = enabled({
  Record: {
    Type: 'AWS::Route53::RecordSet',
    Condition: 'RecordOn',
    Properties: { HostedZoneId: ZONE_ID, Name: 'www.example.com.', Type: 'A', TTL: '60', ResourceRecords: [{ 'Fn::ImportValue': 'shared-ip' }] }
  }
})
const IMPORTED_A: ResourceRecordSet = { Name: 'www.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.44' }] }
/** An alias to a load balancer created with the record. */
const ALIAS_BODY = enabled({
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
})
const ALIAS_A: ResourceRecordSet = {
  Name: 'www.example.com.',
  Type: 'A',
  AliasTarget: { DNSName: 'web-123.us-east-1.elb.amazonaws.com.', HostedZoneId: 'Z35SXDOTRQ7X7K', EvaluateTargetHealth: false }
}

type Kill = (command: unknown, phase: 'before' | 'after') => boolean

function setup(opts: { body?: string; spec?: Partial<StackRecordSpec>; route53?: object } = {}) {
  const zone = new FakeZone()
  zone.apply([{ Action: 'CREATE', ResourceRecordSet: MANUAL }])
  const stack = new FakeStack({ zone, spec: { logicalId: 'Record', record: () => STACK_A, alias: false, ...opts.spec }, resources: { AppIp: EIP }, outputs: { AppIp: EIP } })
  const backupFile = join(backupDir(), 'backup.json')
  const inputs = opts.body
    ? takeoverInputs({ template: 'inline.json', body: opts.body, route53: { hostedZoneId: ZONE_ID, backupFile, ...opts.route53 } })
    : takeoverInputs({ template: 'a-record.yaml', parameters: [{ ParameterKey: 'HostedZoneId', ParameterValue: ZONE_ID }], route53: { hostedZoneId: ZONE_ID, backupFile, ...opts.route53 } })
  const connect = () => {
    const clients = modelClients()
    zone.mock(clients)
    stack.mock(clients)
    return clients
  }
  const state = () => JSON.parse(readFileSync(backupFile, 'utf8')) as TakeoverState
  const www = () => zone.find('www.example.com', 'A')
  const soa = () => zone.find('example.com', 'SOA')[0]

  /** Runs the takeover until `kill` says so; from then on no call of it answers. Resolves once it is dead. */
  const runUntilKilled = async (kill: Kill, clock = fakeClock()) => {
    const clients = connect()
    let dead!: () => void
    const gone = new Promise<void>((resolve) => (dead = resolve))
    let killed = false
    for (const client of Object.values(clients) as AwsClients[keyof AwsClients][]) {
      const send = client.send.bind(client) as (c: unknown) => Promise<unknown>
      ;(client as { send: unknown }).send = async (command: unknown) => {
        if (killed) return new Promise(() => undefined)
        if (kill(command, 'before')) {
          killed = true
          dead()
          return new Promise(() => undefined)
        }
        const answer = await send(command)
        if (kill(command, 'after')) {
          killed = true
          dead()
          return new Promise(() => undefined)
        }
        return answer
      }
    }
    const ctx = testContext(clients, { clock, pollMs: 2000, timeoutMinutes: 600 })
    const finished = runRoute53(ctx, inputs, TIMING).then(
      () => 'finished',
      (err: unknown) => `failed: ${(err as Error).message}`
    )
    const outcome = await Promise.race([gone.then(() => 'killed'), finished])
    expect(outcome).toBe('killed')
    await new Promise((resolve) => setImmediate(resolve))
    return ctx
  }

  /** CloudFormation goes on with the operation the killed run started, unwatched (the model moves one step per poll). */
  const cloudFormationGoesOn = async (polls: number) => {
    const clients = connect()
    for (let i = 0; i < polls; i++) await clients.cloudformation.send(new DescribeStackEventsCommand({ StackName: stack.id }))
  }

  const rerun = async (clock = fakeClock()) => {
    const ctx = testContext(connect(), { clock, pollMs: 2000, timeoutMinutes: 600 })
    await runRoute53(ctx, inputs, TIMING)
    return ctx
  }
  return { zone, stack, inputs, backupFile, state, www, soa, runUntilKilled, cloudFormationGoesOn, rerun, connect }
}

/** The n-th command of a type, counted over the run (n from 1). */
function nth(type: abstract new (...args: never[]) => unknown, n: number, phase: 'before' | 'after', match: (input: never) => boolean = () => true): Kill {
  let seen = 0
  return (command, p) => {
    if (!(command instanceof type) || !match((command as { input: never }).input)) return false
    if (p === 'before') seen++
    return p === phase && seen === n
  }
}
const isDelete = (input: { ChangeBatch: { Changes: { Action: string }[] } }) => input.ChangeBatch.Changes[0].Action === 'DELETE'

describe('route53-takeover interrupted on the delete paths (model of AWS), then run again', () => {
  it('delete-then-update, killed after its DELETE and before the update: the name is missing until the re-run puts the backup back, then takes over', async () => {
    const t = setup({ body: IMPORTED_BODY, spec: { record: () => IMPORTED_A } })
    // DELETEs: 1 = at CREATE_IN_PROGRESS (then put back on "already exists"), 2 = the retry's
    await t.runUntilKilled(nth(ChangeResourceRecordSetsCommand, 2, 'after', isDelete))
    expect(t.www()).toEqual([]) // the delete paths' window: no record, and the file holds it
    expect(t.state()).toMatchObject({ stage: 'record-deleted', backup: MANUAL, soa: REAL_SOA })
    expect(t.stack.resources.has('Record')).toBe(false)

    const ctx = await t.rerun()
    expect(ctx.log.text()).toContain('The earlier run deleted the manual record and the stack did not create it: putting back www.example.com. A TTL 3600 198.51.100.7')
    expect(ctx.outputs['takeover-path']).toBe('delete-then-update')
    expect(t.www()).toEqual([IMPORTED_A])
    expect(t.stack.resources.get('Record')?.ResourceStatus).toBe('CREATE_COMPLETE')
    expect(t.soa()).toEqual(REAL_SOA)
    expect(t.state()).toMatchObject({ stage: 'done', backup: MANUAL, path: 'delete-then-update' })
    expect(t.state().soa).toBeUndefined()
  })

  it('delete-then-update, killed with its update running: CloudFormation creates the record anyway; the re-run waits for the update and finishes', async () => {
    const t = setup({ body: IMPORTED_BODY, spec: { record: () => IMPORTED_A } })
    // executions: 1 = record off, 2 = delete-at-create (rolled back), 3 = the retry
    await t.runUntilKilled(nth(ExecuteChangeSetCommand, 3, 'after'))
    expect(t.www()).toEqual([])
    expect(t.state()).toMatchObject({ stage: 'record-deleted', backup: MANUAL })
    await t.cloudFormationGoesOn(1) // AWS shows UPDATE_IN_PROGRESS as soon as ExecuteChangeSet returns
    expect(t.stack.status).toBe('UPDATE_IN_PROGRESS')

    const ctx = await t.rerun()
    expect(ctx.log.text()).toMatch(/Stack web is UPDATE_IN_PROGRESS: waiting/)
    expect(ctx.log.text()).toMatch(/after the stack took the record: finishing it/)
    expect(t.www()).toEqual([IMPORTED_A])
    expect(t.stack.resources.get('Record')?.ResourceStatus).toBe('CREATE_COMPLETE')
    expect(t.soa()).toEqual(REAL_SOA)
    expect(t.state()).toMatchObject({ stage: 'done', backup: MANUAL })
  })

  it('delete-then-update, killed with its update running, and the update then fails and rolls back: the re-run puts the backup back and takes over', async () => {
    const t = setup({ body: IMPORTED_BODY, spec: { record: () => IMPORTED_A } })
    let deletes = 0
    const third = nth(ExecuteChangeSetCommand, 3, 'after')
    const kill: Kill = (command, phase) => {
      if (phase === 'after' && command instanceof ChangeResourceRecordSetsCommand && isDelete(command.input as never) && ++deletes === 2) {
        t.stack.failNextEnable = { logicalId: 'AppIp', reason: 'Resource handler returned message: "The maximum number of addresses has been reached."', afterRecord: true }
      }
      return third(command, phase)
    }
    await t.runUntilKilled(kill)
    expect(t.www()).toEqual([])
    expect(t.state()).toMatchObject({ stage: 'record-deleted', backup: MANUAL })
    await t.cloudFormationGoesOn(20) // the update creates the record, fails on AppIp and rolls back, unwatched
    expect(t.stack.status).toBe('UPDATE_ROLLBACK_COMPLETE')
    expect(t.www()).toEqual([])

    const ctx = await t.rerun()
    // the update rolled back (deleting the record it made) while nobody watched; the re-run restores first
    expect(ctx.log.text()).toContain('putting back www.example.com. A TTL 3600 198.51.100.7 (the name had no record)')
    expect(ctx.outputs['takeover-path']).toBe('delete-then-update')
    expect(t.www()).toEqual([IMPORTED_A])
    expect(t.soa()).toEqual(REAL_SOA)
    expect(t.state()).toMatchObject({ stage: 'done', backup: MANUAL })
  })

  it('alias, killed right after the DELETE at CREATE_IN_PROGRESS: CloudFormation creates the alias; the re-run finishes', async () => {
    const t = setup({ body: ALIAS_BODY, spec: { record: () => ALIAS_A, alias: true } })
    await t.runUntilKilled(nth(ChangeResourceRecordSetsCommand, 1, 'after', isDelete))
    expect(t.www()).toEqual([]) // the window: CloudFormation's next retry creates the alias
    expect(t.state()).toMatchObject({ stage: 'record-deleted', backup: MANUAL, soa: REAL_SOA })
    expect(t.soa()).toEqual(LOW_SOA)

    const ctx = await t.rerun()
    expect(ctx.log.text()).toMatch(/Stack web is UPDATE_IN_PROGRESS: waiting/)
    expect(ctx.log.text()).toMatch(/finishing it/)
    expect(t.www()).toEqual([ALIAS_A])
    expect(t.soa()).toEqual(REAL_SOA)
    expect(t.state()).toMatchObject({ stage: 'done', backup: MANUAL })
  })

  it('alias, killed right after the DELETE, and the update then fails and rolls back: the re-run puts the backup back and takes over', async () => {
    const t = setup({ body: ALIAS_BODY, spec: { record: () => ALIAS_A, alias: true } })
    // the update that turns the record on creates the alias once the name is free, then fails on AppIp
    t.stack.failNextEnable = { logicalId: 'AppIp', reason: 'Internal Failure', afterRecord: true }
    await t.runUntilKilled(nth(ChangeResourceRecordSetsCommand, 1, 'after', isDelete))
    expect(t.www()).toEqual([])
    await t.cloudFormationGoesOn(20)
    expect(t.stack.status).toBe('UPDATE_ROLLBACK_COMPLETE')
    expect(t.www()).toEqual([]) // the rollback deleted the alias it made: the name stays empty until the re-run

    const ctx = await t.rerun()
    expect(ctx.log.text()).toContain('The earlier run deleted the manual record and the stack did not create it: putting back www.example.com. A TTL 3600 198.51.100.7')
    expect(ctx.outputs['takeover-path']).toBe('delete-at-create')
    expect(t.www()).toEqual([ALIAS_A])
    expect(t.soa()).toEqual(REAL_SOA)
    expect(t.state()).toMatchObject({ stage: 'done', backup: MANUAL })
  })

  it('killed during the TTL wait: the re-run finds the TTLs low and waits for what is left of the wait before deleting anything', async () => {
    const t = setup({ body: ALIAS_BODY, spec: { record: () => ALIAS_A, alias: true } })
    const start = 1_700_000_000_000
    // killed once the TTLs are lowered (two batches: the record's, then the SOA's), as the 1-hour wait begins
    await t.runUntilKilled(nth(ChangeResourceRecordSetsCommand, 2, 'after'), fakeClock(start))
    expect(t.www()).toEqual([{ ...MANUAL, TTL: 60 }])
    const until = Date.parse(t.state().ttlWaitUntil!)
    expect(until - start).toBeGreaterThanOrEqual(3_600_000) // lowered a few (fake) seconds after the start, then 1 h
    expect(until - start).toBeLessThan(3_700_000)

    const clock = fakeClock(until - 1_500_000) // the re-run starts 25 min before the wait would have ended
    const ctx = await t.rerun(clock)
    // what is left when the re-run gets there: 25 min, less the (fake) seconds its first steps took
    expect(ctx.log.text()).toMatch(/stopped during its wait: waiting the (24 min 5\d|25 min 0) s left of it/)
    const rest = clock.slept.find((ms) => ms > 1_400_000)
    expect(rest).toBeGreaterThan(1_440_000)
    expect(rest).toBeLessThanOrEqual(1_500_000)
    expect(t.www()).toEqual([ALIAS_A])
    expect(t.soa()).toEqual(REAL_SOA)
  })
})

describe('route53-takeover: a failure after the UPSERT, while waiting for INSYNC', () => {
  it('GetChange fails once (AWS: InternalFailure after the SDK retries): the original record goes back', async () => {
    const t = setup()
    const clients = t.connect()
    const send = clients.route53.send.bind(clients.route53) as (c: unknown) => Promise<unknown>
    let failed = false
    ;(clients.route53 as { send: unknown }).send = async (command: unknown) => {
      if (command instanceof GetChangeCommand && !failed) {
        failed = true
        throw Object.assign(new Error('We encountered an internal error. Please try again.'), { name: 'InternalFailure', $fault: 'server' })
      }
      return send(command)
    }
    const ctx = testContext(clients, { clock: fakeClock(), pollMs: 2000, timeoutMinutes: 600 })
    const err = await runRoute53(ctx, t.inputs, TIMING).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect((err as DeployError).rootCause).toMatch(/internal error/)
    expect(t.zone.batches.map((b) => b[0].ResourceRecordSet)).toEqual([STACK_A, MANUAL]) // the UPSERT, then the backup
    expect(t.www()).toEqual([MANUAL])
    expect(t.state().stage).toBe('backed-up')
  })
})
