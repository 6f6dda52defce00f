/**
 * route53-takeover against moto: the backup, the UPSERT, the TTL and SOA changes and the final state.
 *
 * What moto cannot show (see docs/emulator.md; the unit tests encode these with a model of AWS):
 * - CloudFormation adopting an identical record: moto adds a second, identical record set instead, so the
 *   zone may list the stack's values twice here (on AWS it is one record, now the stack's).
 * - "already exists" failures, rollbacks and the alias record's CREATE_IN_PROGRESS retries: moto has no
 *   per-resource events, completes stacks synchronously and adds duplicates instead of failing.
 * - Removal of a record from the stack when its condition turns false (moto keeps it), so the second
 *   step of a release.
 * - PENDING changes: GetChange is always INSYNC in moto.
 * moto's default SOA value is garbled, so each test writes a real one first.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DescribeStackResourcesCommand, ExecuteChangeSetCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation'
import type { ResourceRecordSet } from '@aws-sdk/client-route-53'
import { fakeClock } from '../../src/clock.js'
import { parseTemplate } from '../../src/cloudformation/template.js'
import { DeployError } from '../../src/errors.js'
import type { TakeoverState } from '../../src/modes/route53-takeover/backup.js'
import { deleteThenUpdate, gapMeter, lowerTtls, DEFAULT_TIMING } from '../../src/modes/route53-takeover/paths.js'
import { retainRecordInStack } from '../../src/modes/route53-takeover/release.js'
import { restoreSoa } from '../../src/modes/route53-takeover/restore.js'
import { inspect, openSession } from '../../src/modes/route53-takeover/session.js'
import { backUp, confirmOwned } from '../../src/modes/route53-takeover/steps.js'
import { deployRecordDisabled } from '../../src/modes/route53-takeover/target.js'
import { runRoute53 } from '../../src/modes/route53-takeover/index.js'
import { testContext } from '../support/context.js'
import { motoClients, useMoto } from '../support/moto.js'
import { backupDir, FIXTURES, takeoverInputs } from '../support/route53-inputs.js'
import { recordSets, SOA_VALUE, zoneWith as zoneWithRecords } from '../support/route53-zone.js'

const env = useMoto()
const TIMING = { sampleMs: 50, watchMs: 20 }
const MANUAL: ResourceRecordSet = { Name: 'www.example.com.', Type: 'A', TTL: 3600, ResourceRecords: [{ Value: '198.51.100.7' }] }

const zoneWith = (...records: ResourceRecordSet[]) => zoneWithRecords(env.clients, records)

const records = (zoneId: string, name: string, type: string) => recordSets(env.clients, zoneId, name, type)

function aRecordInputs(zoneId: string, extra: { body?: string; route53?: object; dryRun?: boolean } = {}) {
  const backupFile = join(backupDir(), 'backup.json')
  return takeoverInputs({
    template: extra.body ? join(FIXTURES, 'a-record.yaml') : 'a-record.yaml',
    body: extra.body,
    parameters: [{ ParameterKey: 'HostedZoneId', ParameterValue: zoneId }],
    dryRun: extra.dryRun,
    route53: { hostedZoneId: zoneId, backupFile, ...extra.route53 }
  })
}

const context = () => testContext(env.clients, { clock: fakeClock(), timeoutMinutes: 600 })

describe('route53-takeover against moto', () => {
  it('adopt-identical: backs up the record, UPSERTs it to the values of the Elastic IP the stack made, and the stack holds it', async () => {
    const zoneId = await zoneWith(MANUAL)
    const inputs = aRecordInputs(zoneId)
    const ctx = context()
    await runRoute53(ctx, inputs, TIMING)

    // the backup is the record exactly as moto returned it before the run
    expect(JSON.parse(ctx.outputs['record-backup'])).toEqual(MANUAL)
    const state = JSON.parse(readFileSync(inputs.route53.backupFile!, 'utf8')) as TakeoverState
    expect(state).toMatchObject({ backup: MANUAL, stage: 'done', path: 'adopt-identical', gapMs: 0 })
    expect(ctx.outputs['record-backup-file']).toBe(inputs.route53.backupFile)

    const eip = JSON.parse(ctx.outputs['stack-outputs']).AppIp as string
    expect(eip).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
    const now = await records(zoneId, 'www.example.com.', 'A')
    // moto adds the stack's identical record beside the UPSERTed one (AWS adopts it: one record)
    expect(now.length).toBeGreaterThanOrEqual(1)
    for (const r of now) expect(r).toEqual({ Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: eip }] })

    const resources = await env.clients.cloudformation.send(new DescribeStackResourcesCommand({ StackName: 'web' }))
    expect(resources.StackResources?.find((r) => r.LogicalResourceId === 'Record')).toMatchObject({ PhysicalResourceId: 'www.example.com.' })
    expect(ctx.outputs['takeover-path']).toBe('adopt-identical')
    expect(ctx.outputs['gap-ms']).toBe('0')
    expect(ctx.outputs['stack-status']).toBe('UPDATE_COMPLETE')
    expect((await records(zoneId, 'example.com.', 'SOA'))[0].ResourceRecords?.[0].Value).toBe(SOA_VALUE)
  })

  it('resolves a Fn::GetAtt target that no output gives by adding an output to the record-off deploy', async () => {
    const zoneId = await zoneWith({ Name: 'static.example.com.', Type: 'CNAME', TTL: 3600, ResourceRecords: [{ Value: 'legacy-site.example.net' }] })
    const inputs = takeoverInputs({
      template: 'cname-getatt.yaml',
      route53: { hostedZoneName: 'example.com', recordName: 'static.example.com', recordType: 'CNAME', backupFile: join(backupDir(), 'b.json') }
    })
    const ctx = context()
    await runRoute53(ctx, inputs, TIMING)
    expect(ctx.log.text()).toContain('Adding output(s) BluegreenRecordAttSiteRegionalDomainName')
    expect(ctx.log.text()).toContain('The stack will create: static.example.com. CNAME TTL 120 bluegreen-site-fixture.s3.us-east-1.amazonaws.com')
    expect(ctx.outputs['takeover-path']).toBe('adopt-identical')
    for (const r of await records(zoneId, 'static.example.com.', 'CNAME')) {
      expect(r.ResourceRecords).toEqual([{ Value: 'bluegreen-site-fixture.s3.us-east-1.amazonaws.com' }])
      expect(r.TTL).toBe(120)
    }
  })

  it('lowers the record TTL and the SOA TTL and minimum (two batches: IAM pairs the record name with its type and the apex with SOA), saves the SOA first, waits them out, and restores the SOA', async () => {
    const zoneId = await zoneWith(MANUAL)
    const inputs = aRecordInputs(zoneId)
    const ctx = context()
    const s = await openSession(ctx, inputs)
    await backUp(ctx, s, await inspect(s), 'takeover')
    const manual = await lowerTtls(ctx, s)

    expect(manual).toEqual({ ...MANUAL, TTL: 60 })
    expect(await records(zoneId, 'www.example.com.', 'A')).toEqual([{ ...MANUAL, TTL: 60 }])
    const low = (await records(zoneId, 'example.com.', 'SOA'))[0]
    expect(low.TTL).toBe(60)
    expect(low.ResourceRecords).toEqual([{ Value: 'ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900 1209600 60' }])
    const saved = JSON.parse(readFileSync(inputs.route53.backupFile!, 'utf8')) as TakeoverState
    expect(saved.soa).toEqual({ Name: 'example.com.', Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: SOA_VALUE }] })
    expect((ctx.clock as ReturnType<typeof fakeClock>).slept).toContain(3_600_000)

    await restoreSoa(ctx, s)
    expect((await records(zoneId, 'example.com.', 'SOA'))[0]).toEqual({ Name: 'example.com.', Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: SOA_VALUE }] })
    expect((JSON.parse(readFileSync(inputs.route53.backupFile!, 'utf8')) as TakeoverState).soa).toBeUndefined()
  })

  it('delete-then-update: with the name free the stack creates the one record, and the gap is measured by reading the zone', async () => {
    const zoneId = await zoneWith(MANUAL)
    const ctx = context()
    const s = await openSession(ctx, aRecordInputs(zoneId))
    await backUp(ctx, s, await inspect(s), 'takeover')
    const disabled = await deployRecordDisabled(ctx, s)
    const meter = gapMeter(ctx, s, TIMING).start()
    const outcome = await deleteThenUpdate(ctx, s, MANUAL, meter)
    // confirm before stopping the meter, as the runbook does: moto creates a stack's resources lazily,
    // when DescribeStackResources (or an output) first asks for them
    await confirmOwned(ctx, s, undefined)
    const gap = await meter.stop()

    expect(outcome.path).toBe('delete-then-update')
    // the manual record was deleted first, so moto holds no duplicate: exactly the stack's record
    expect(await records(zoneId, 'www.example.com.', 'A')).toEqual([{ Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: disabled.outputs.AppIp }] }])
    expect(gap.endedMissing).toBe(false)
    expect(gap.samples).toBeGreaterThan(0)
  })

  it('puts the original record back when the enable update fails after the UPSERT', async () => {
    // moto completes every update it accepts, so the failure is injected at the client: the second
    // ExecuteChangeSet (the one that turns the record on) is refused as AWS refuses a caller without the right
    const zoneId = await zoneWith(MANUAL)
    const inputs = aRecordInputs(zoneId)
    const clients = motoClients(env.url)
    const send = clients.cloudformation.send.bind(clients.cloudformation) as (c: unknown) => Promise<unknown>
    let executes = 0
    clients.cloudformation.send = (async (command: unknown) => {
      if (command instanceof ExecuteChangeSetCommand && ++executes === 2) {
        throw Object.assign(new Error('User: arn:aws:iam::123456789012:user/ci is not authorized to perform: route53:ChangeResourceRecordSets'), { name: 'AccessDenied' })
      }
      return send(command)
    }) as typeof clients.cloudformation.send
    const ctx = testContext(clients, { clock: fakeClock(), timeoutMinutes: 600 })
    const err = await runRoute53(ctx, inputs, TIMING).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect((err as DeployError).rootCause).toMatch(/not authorized to perform: route53:ChangeResourceRecordSets/)
    expect(ctx.log.text()).toMatch(/UPSERT is INSYNC/)
    expect(ctx.log.text()).toMatch(/putting back www.example.com. A TTL 3600 198.51.100.7 over www.example.com. A TTL 300/)
    expect(await records(zoneId, 'www.example.com.', 'A')).toEqual([MANUAL])
    expect((JSON.parse(readFileSync(inputs.route53.backupFile!, 'utf8')) as TakeoverState).stage).toBe('backed-up')
  })

  it('re-run after an interruption that deleted the manual record: restores it from the backup file, then takes over', async () => {
    const zoneId = await zoneWith()
    const inputs = aRecordInputs(zoneId)
    const interrupted: TakeoverState = {
      version: 1,
      action: 'takeover',
      stackName: 'web',
      zone: { id: zoneId, name: 'example.com.' },
      key: { name: 'www.example.com', type: 'A' },
      backup: MANUAL,
      savedAt: '2026-01-01T00:00:00.000Z',
      stage: 'record-deleted'
    }
    const { writeFileSync } = await import('node:fs')
    writeFileSync(inputs.route53.backupFile!, JSON.stringify(interrupted))
    const ctx = context()
    await runRoute53(ctx, inputs, TIMING)
    expect(ctx.log.text()).toContain('The earlier run deleted the manual record and the stack did not create it: putting back')
    expect(ctx.outputs['record-backup']).toBe(JSON.stringify(MANUAL))
    expect(ctx.outputs['takeover-path']).toBe('adopt-identical')
    const eip = JSON.parse(ctx.outputs['stack-outputs']).AppIp
    for (const r of await records(zoneId, 'www.example.com.', 'A')) expect(r.ResourceRecords).toEqual([{ Value: eip }])
  })

  it('release, step one: the stack stores DeletionPolicy Retain on the record and the record stays as it was', async () => {
    const zoneId = await zoneWith(MANUAL)
    const inputs = aRecordInputs(zoneId)
    await runRoute53(context(), inputs, TIMING)
    const before = await records(zoneId, 'www.example.com.', 'A')
    inputs.route53.action = 'release'
    const ctx = context()
    const s = await openSession(ctx, inputs)
    await retainRecordInStack(ctx, s)
    const stored = await env.clients.cloudformation.send(new GetTemplateCommand({ StackName: 'web', TemplateStage: 'Original' }))
    expect(parseTemplate(stored.TemplateBody!).Resources.Record.DeletionPolicy).toBe('Retain')
    expect((await records(zoneId, 'www.example.com.', 'A'))[0]).toEqual(before[0])
  })

  it('dry run: prints backup, path and change sets; the zone, the stack and the backup file stay as they were', async () => {
    const zoneId = await zoneWith(MANUAL)
    const inputs = aRecordInputs(zoneId, { dryRun: true })
    const ctx = testContext(env.clients, { clock: fakeClock(), dryRun: true })
    await runRoute53(ctx, inputs, DEFAULT_TIMING)
    expect(ctx.outputs['takeover-path']).toBe('adopt-identical')
    expect(JSON.parse(ctx.outputs['record-backup'])).toEqual(MANUAL)
    expect(existsSync(inputs.route53.backupFile!)).toBe(false)
    expect(await records(zoneId, 'www.example.com.', 'A')).toEqual([MANUAL])
    await expect(env.clients.cloudformation.send(new DescribeStackResourcesCommand({ StackName: 'web' }))).rejects.toThrow(/does not exist/)
  })
})
