/**
 * route53-takeover interrupted at each step, then run again: the built action (node dist/index.js, as the
 * runner runs it) against moto behind the fault proxy, killed with SIGKILL on a line it prints, then run
 * again with the same backup-file. Right after the kill the record must be in the zone (original values,
 * or the stack's) or in the backup file, and the backup file must exist from the first change on; after
 * the re-run the stack holds the record with its values, the SOA is as it was and the file says "done".
 * A second part injects failures (HTTP 500 on one operation, for a window, through the SDK's retries) and
 * checks that the backup goes back.
 *
 * Each case has its own hosted zone, stack, backup file and proxy, so the cases run side by side on one moto
 * and in any order (`--randomize`).
 * The proxy's slow CloudFormation mode keeps each stack operation *_IN_PROGRESS for a while, with resource
 * events (CREATE_* for the record an update adds). Where the re-run must find the operation still running,
 * the case holds it open (`hold`) until the re-run says it waits for it, and the run is killed once the proxy
 * shows the held operation started: the state at the kill is the one the case names however loaded the
 * machine is. The TTL-wait case waits out 30 s TTLs, a margin the re-run's start cannot use up.
 *
 * What moto cannot show (see docs/emulator.md and the header of route53-takeover.test.ts):
 * - moto runs a stack operation at once and the proxy only shows it slowly, so a kill "inside" an update
 *   leaves moto's final state, as if the update went on in CloudFormation after the runner died (it does).
 * - moto creates the stack's record beside the manual one (a duplicate) instead of failing with "already
 *   exists" (plain record) or retrying (alias). So the delete-at-create window never leaves the name
 *   empty here, and delete-then-update is never reached: their interruptions are shown against the model
 *   of AWS in __tests__/unit/route53-takeover.test.ts ("re-running after an interruption").
 * - GetChange is always INSYNC, so the INSYNC wait after the UPSERT takes no time; the kill lands on the
 *   UPSERT in flight instead (latency on ChangeResourceRecordSets).
 * Set R53_TABLE=<file> to write the steps × outcome table (markdown) of this run to that file.
 */
import { writeFileSync } from 'node:fs'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation'
import type { ResourceRecordSet } from '@aws-sdk/client-route-53'
import type { TakeoverState } from '../../src/modes/route53-takeover/backup.js'
import { runAction, type ActionRun } from '../support/action-runner.js'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js'
import { motoClients, startMoto, type Moto } from '../support/moto.js'
import { recordSets, SOA, zoneWith } from '../support/route53-zone.js'

const MANUAL: ResourceRecordSet = { Name: 'www.example.com.', Type: 'A', TTL: 3600, ResourceRecords: [{ Value: '198.51.100.7' }] }
/**
 * For the case that waits out the TTLs for real: 30 s instead of an hour. The re-run must start within the
 * wait the killed run began (it then waits the rest); 30 s is far more than a loaded machine needs for that.
 */
const SHORT_TTL = 30
const SHORT_SOA: ResourceRecordSet = { ...SOA, TTL: SHORT_TTL, ResourceRecords: [{ Value: `ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900 1209600 ${SHORT_TTL}` }] }
const SHORT_MANUAL: ResourceRecordSet = { ...MANUAL, TTL: SHORT_TTL }
/** How long each stack operation shows *_IN_PROGRESS (a held one: until released); longer where a kill should land inside one. */
const SLOW_MS = 700
const SLOW_RERUN_WAITS_MS = 4000
/** A run's and a case's time limits: the TTL-wait case's re-run waits most of SHORT_TTL. */
const RUN_TIMEOUT_MS = 120_000
const CASE_TIMEOUT_MS = 240_000
const UPSERT_LATENCY = { 'route53:ChangeResourceRecordSets': { latencyMs: 400 } }

// one moto for the whole file, started on first use (concurrent tests may start before beforeAll ends)
let motoStarted: Promise<Moto> | undefined
const moto = () => (motoStarted ??= startMoto())
afterAll(async () => {
  if (motoStarted) await (await motoStarted).stop()
}, 20_000)

type Path = 'adopt-identical' | 'delete-at-create'

interface Zone {
  id: string
  manual: ResourceRecordSet
  soa: ResourceRecordSet
}

async function makeZone(clients: ReturnType<typeof motoClients>, short: boolean): Promise<Zone> {
  const manual = short ? SHORT_MANUAL : MANUAL
  const soa = short ? SHORT_SOA : SOA
  return { id: await zoneWith(clients, [manual], soa), manual, soa }
}

const list = recordSets

/** What the stack holds, read from moto directly (not through the proxy's slow view). */
async function stackView(clients: ReturnType<typeof motoClients>, stackName: string, path: Path) {
  const out = await clients.cloudformation.send(new DescribeStackResourcesCommand({ StackName: stackName })).catch(() => undefined)
  const resources = out?.StackResources ?? []
  const record = resources.find((r) => r.LogicalResourceId === 'Record')
  const ip = resources.find((r) => r.LogicalResourceId === (path === 'adopt-identical' ? 'AppIp' : 'NewIp'))?.PhysicalResourceId
  return { holds: !!record && !/FAILED|DELETE/.test(record.ResourceStatus ?? ''), ip }
}

function readState(file: string): TakeoverState | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TakeoverState) : undefined
}

/** Resolves when the condition holds (checked every 20 ms): an event, not a guess at how long it takes. Gives up with the run. */
async function until(condition: () => boolean): Promise<void> {
  for (const end = Date.now() + RUN_TIMEOUT_MS; !condition() && Date.now() < end;) await new Promise((r) => setTimeout(r, 20))
}

/** Waits until the proxy has answered every request it took (a killed client's request still reaches moto). */
async function settle(proxy: FaultProxy): Promise<void> {
  for (let i = 0; i < 60 && proxy.requests().some((r) => r.status === 0 && !r.fault); i++) await new Promise((r) => setTimeout(r, 50))
}

function describeRecords(records: ResourceRecordSet[], zone: Zone, stackIp: string | undefined): string {
  if (records.length === 0) return 'missing'
  return records
    .map((r) => {
      const value = r.ResourceRecords?.[0]?.Value
      if (value === zone.manual.ResourceRecords![0].Value) return r.TTL === zone.manual.TTL ? 'original' : `original, TTL lowered to ${r.TTL}`
      if (value === stackIp) return "stack's values"
      return `other (${value})`
    })
    .join(' + ')
}

interface Case {
  /** the step, as the table names it */
  step: string
  path: Path
  /** the line the action prints where it is killed */
  kill: RegExp
  killDelayMs?: number
  /**
   * The stack operation of this kind stays *_IN_PROGRESS until the re-run prints `rerunSays`; the run is killed
   * once the proxy shows it started (instead of a delay after the line).
   */
  hold?: 'CREATE' | 'UPDATE'
  rules?: Record<string, object>
  short?: boolean
  slowMs?: number
  /** what the re-run must say it does */
  rerunSays?: RegExp
  /** moto keeps the manual record beside the stack's (on AWS the update cannot create it while the manual record is there) */
  motoDuplicate?: boolean
}

const CASES: Case[] = [
  { path: 'adopt-identical', step: 'Back up the record', kill: /^::group::Back up the record/ },
  { path: 'adopt-identical', step: 'Deploy with the record off (before the change set runs)', kill: /^::group::Deploy the stack with the record off/ },
  {
    path: 'adopt-identical',
    step: 'Deploy with the record off (stack CREATE_IN_PROGRESS)',
    kill: /^Executing change set \(create/,
    hold: 'CREATE',
    rerunSays: /is (CREATE|UPDATE)_IN_PROGRESS: waiting/
  },
  { path: 'adopt-identical', step: 'Resolve the values', kill: /^::group::Resolve the values/ },
  { path: 'adopt-identical', step: 'UPSERT to the stack values (in flight)', kill: /^Template record:/, killDelayMs: 150, rules: UPSERT_LATENCY },
  { path: 'adopt-identical', step: 'UPSERT done, INSYNC', kill: /^UPSERT is INSYNC/ },
  { path: 'adopt-identical', step: 'Enabling update (before it starts)', kill: /^::group::Turn the record on: CloudFormation adopts/ },
  { path: 'adopt-identical', step: 'Enabling update (UPDATE_IN_PROGRESS)', kill: /^Executing change set \(update/, hold: 'UPDATE', rerunSays: /is (CREATE|UPDATE)_IN_PROGRESS: waiting/ },
  { path: 'adopt-identical', step: 'Confirm ownership', kill: /^::group::Confirm the stack holds/ },
  { path: 'delete-at-create', step: 'Lower record TTL + SOA (in flight)', kill: /^SOA TTL 900 → 60/, killDelayMs: 150, rules: UPSERT_LATENCY },
  { path: 'delete-at-create', step: 'TTL wait', kill: /^Waiting .* for caches of the old TTLs/, short: true, rerunSays: /stopped during its wait: waiting the .* left of it/ },
  { path: 'delete-at-create', step: 'Update with delete at CREATE_IN_PROGRESS (before it starts)', kill: /^::group::Turn the record on, deleting/ },
  {
    path: 'delete-at-create',
    step: 'Update with delete at CREATE_IN_PROGRESS (running, manual record not yet deleted)',
    kill: /^Executing change set \(update/,
    killDelayMs: 100,
    motoDuplicate: true
  },
  {
    path: 'delete-at-create',
    step: 'Update with delete at CREATE_IN_PROGRESS (manual record deleted)',
    kill: /deleted the manual record so CloudFormation can create it/,
    slowMs: SLOW_RERUN_WAITS_MS
  },
  { path: 'delete-at-create', step: 'Confirm ownership (fallback)', kill: /^::group::Confirm the stack holds/ },
  { path: 'delete-at-create', step: 'SOA restore', kill: /^::group::Restore the zone's SOA/ }
]

function inputsFor(c: { path: Path; short?: boolean }, zone: Zone, stackName: string, backupFile: string, proxy: FaultProxy): Record<string, string> {
  return {
    region: 'us-east-1',
    'endpoint-url': proxy.url,
    'poll-seconds': '0.1',
    mode: 'route53-takeover',
    'stack-name': stackName,
    template: `__tests__/fixtures/route53/${c.path === 'adopt-identical' ? 'a-record.yaml' : 'a-record-new-ip.yaml'}`,
    parameters: `HostedZoneId=${zone.id}`,
    'hosted-zone-id': zone.id,
    'record-name': 'www.example.com',
    'record-type': 'A',
    'enable-parameter': 'Route53Enable=true',
    'backup-file': backupFile,
    ...(c.short ? { 'takeover-ttl': '1' } : c.path === 'delete-at-create' ? { 'skip-ttl-wait': 'true' } : {})
  }
}

/** What the re-run decided, from the lines it printed. */
function rerunDecision(run: ActionRun): string {
  const out = run.stdout
  const said: string[] = []
  if (/is (CREATE|UPDATE)_IN_PROGRESS: waiting/.test(out)) said.push('waits for the stack operation the killed run started')
  const stage = /An earlier run stopped at stage "([^"]+)"/.exec(out)
  if (/The earlier run deleted the manual record and the stack did not create it: putting back/.test(out)) said.push('puts the record back from the file')
  if (/finishing it/.test(out)) said.push(`finds the stack holds the record; finishes (stage "${stage?.[1]}")`)
  else if (stage) said.push(`keeps the file's backup (stage "${stage[1]}")`)
  if (/waiting the .* left of it/.test(out)) said.push('waits the rest of the TTL wait')
  if (/The manual record already has the template's values/.test(out)) said.push('record already identical: no UPSERT')
  if (/Restoring the zone's SOA/.test(out)) said.push('restores the SOA')
  if (/Stack .* holds .* already .*nothing to take over/.test(out)) said.push('nothing to do')
  const path = run.outputs['takeover-path']
  if (!/finishing it/.test(out) && path) said.push(`takes over: ${path}`)
  return said.join('; ') || 'takes over from the start'
}

const table: string[][] = []
afterAll(() => {
  if (!process.env.R53_TABLE) return
  const rows = [['path', 'killed at', 'right after the kill: record / backup file', 're-run', 'final state'], ...table.filter(Boolean)]
  const md = rows.map((r, i) => `| ${r.join(' | ')} |${i === 0 ? `\n|${r.map(() => '---').join('|')}|` : ''}`).join('\n')
  writeFileSync(process.env.R53_TABLE, `${md}\n`)
})

async function withProxy<T>(settings: object, fn: (proxy: FaultProxy, clients: ReturnType<typeof motoClients>) => Promise<T>): Promise<T> {
  const m = await moto()
  const proxy = await startFaultProxy({ target: m.url, seed: 1, slowCloudFormation: { durationMs: SLOW_MS }, ...settings })
  try {
    return await fn(proxy, motoClients(m.url))
  } finally {
    await proxy.close()
  }
}

interface FailureCase {
  step: string
  path: Path
  /** the operation that answers HTTP 500 (every attempt the SDK makes) from the line `from` on */
  operation: string
  from: RegExp
  /** the line that ends the failure window (else it lasts to the end of the run) */
  until?: RegExp
  /** after the failed run: the backup back in place, or the record left to the stack that holds it */
  after: 'restored' | 'left-to-stack'
  message: RegExp
}

const FAILURES: FailureCase[] = [
  {
    path: 'adopt-identical',
    step: 'Resolve the values (ListStackResources)',
    operation: 'cloudformation:ListStackResources',
    from: /^::group::Resolve the values/,
    until: /^::group::Put the record back/,
    after: 'restored',
    message: /InternalFailure|internal error/i
  },
  {
    path: 'adopt-identical',
    step: 'Confirm ownership (ListStackResources)',
    operation: 'cloudformation:ListStackResources',
    from: /^::group::Confirm the stack holds/,
    until: /^::error::✘ Confirm the stack holds/,
    after: 'left-to-stack',
    message: /internal error.*Next: Stack failure-\d+ holds the record already, so it was left as the stack made it/i
  },
  {
    path: 'delete-at-create',
    step: 'Update with delete at CREATE_IN_PROGRESS (ExecuteChangeSet)',
    operation: 'cloudformation:ExecuteChangeSet',
    from: /^::group::Turn the record on, deleting/,
    until: /^::group::Put the record back/,
    after: 'restored',
    message: /InternalFailure|internal error/i
  },
  {
    path: 'delete-at-create',
    step: 'SOA restore (ChangeResourceRecordSets)',
    operation: 'route53:ChangeResourceRecordSets',
    from: /^::group::Restore the zone's SOA/,
    after: 'left-to-stack',
    message: /The stack holds the record now, but restoring the zone's SOA failed.*Re-run the action/
  }
]

// first, since they wait out the SDK's retries (8 attempts with backoff) and so take longest
describe('route53-takeover with a failure injected at a step (HTTP 500 through every retry): the backup goes back', () => {
  it.concurrent.each(FAILURES.map((c, i) => ({ ...c, i })))('$path: $step', async (c) => {
    await withProxy({}, async (proxy, clients) => {
      const zone = await makeZone(clients, false)
      const stackName = `failure-${c.i}`
      const backupFile = join(mkdtempSync(join(tmpdir(), 'r53-failure-')), 'backup.json')
      const inputs = inputsFor(c, zone, stackName, backupFile, proxy)
      const failed = await runAction(inputs, {
        onLine: (line) => {
          if (c.from.test(line)) proxy.configure({ rules: { [c.operation]: { serverError: 1 } } })
          if (c.until?.test(line)) proxy.configure({ rules: {} })
        }
      })
      proxy.configure({ rules: {} })
      expect(failed.code).toBe(1)
      expect(failed.stdout).toMatch(c.message)
      expect(proxy.stats().faults.serverError).toBeGreaterThan(1) // the SDK retried before giving up

      const www = await list(clients, zone.id, 'www.example.com.', 'A')
      const view = await stackView(clients, stackName, c.path)
      const state = readState(backupFile)!
      expect(state.backup).toEqual(zone.manual)
      if (c.after === 'restored') {
        // the record exactly as it was (TTL 3600, not a lowered one), the SOA too, and the file says so
        expect(www).toEqual([zone.manual])
        expect((await list(clients, zone.id, 'example.com.', 'SOA'))[0]).toEqual(zone.soa)
        expect(view.holds).toBe(false)
        expect(state.stage).toBe('backed-up')
        expect(state.soa).toBeUndefined()
        expect(failed.stdout).toMatch(/as it was before the run/)
      } else {
        // the stack holds the record already: it is left as the stack made it, and a re-run finishes
        expect(view.holds).toBe(true)
        expect(www).toContainEqual({ Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: view.ip }] })
        expect(state.stage).not.toBe('done')
        expect(failed.stdout).not.toMatch(/as it was before the run/)
        const rerun = await runAction(inputs)
        expect(rerun.code).toBe(0)
        expect(rerun.stdout).toMatch(/finishing it/)
        expect((await list(clients, zone.id, 'example.com.', 'SOA'))[0]).toEqual(zone.soa)
        expect(readState(backupFile)).toMatchObject({ stage: 'done', backup: zone.manual })
      }
      expect(proxy.duplicates()).toEqual([])
    })
  })
})

describe('route53-takeover killed at each step, then run again', () => {
  it.concurrent.each(CASES.map((c, i) => ({ ...c, i })))(
    '$path: $step',
    async (c) => {
      const slowCloudFormation = { durationMs: c.slowMs ?? SLOW_MS, ...(c.hold ? { hold: { kind: c.hold } } : {}) }
      await withProxy({ rules: c.rules ?? {}, slowCloudFormation }, async (proxy, clients) => {
        const zone = await makeZone(clients, !!c.short)
        const stackName = `interrupt-${c.i}`
        const backupFile = join(mkdtempSync(join(tmpdir(), 'r53-interrupt-')), 'backup.json')
        const inputs = inputsFor(c, zone, stackName, backupFile, proxy)

        const heldStarted = () => until(() => proxy.stackOperations().some((op) => op.held && op.kind === c.hold))
        const killed = await runAction(inputs, { killWhen: (line) => c.kill.test(line), killDelayMs: c.killDelayMs, killAt: c.hold ? heldStarted : undefined, timeoutMs: RUN_TIMEOUT_MS })
        expect(killed.signal).toBe('SIGKILL') // killed where the case says, not finished or failed before
        await settle(proxy)
        if (c.hold)
          expect(
            proxy
              .stackOperations()
              .filter((op) => op.held)
              .map((op) => op.status)
          ).toEqual([`${c.hold}_IN_PROGRESS`])

        // right after the kill
        const after = await list(clients, zone.id, 'www.example.com.', 'A')
        const soaAfter = (await list(clients, zone.id, 'example.com.', 'SOA'))[0]
        const stateAfter = readState(backupFile)
        const viewAfter = await stackView(clients, stackName, c.path)
        const changed = after.length !== 1 || JSON.stringify(after[0]) !== JSON.stringify(zone.manual) || JSON.stringify(soaAfter) !== JSON.stringify(zone.soa)
        expect(after.length > 0 || stateAfter?.backup !== undefined).toBe(true)
        if (changed) {
          // the backup file exists from the first change on, with the record and the SOA as they were
          expect(stateAfter?.backup).toEqual(zone.manual)
          if (JSON.stringify(soaAfter) !== JSON.stringify(zone.soa)) expect(stateAfter?.soa).toEqual(zone.soa)
        }

        // the re-run, with the file kept
        const rerun = await runAction(inputs, { onLine: (line) => c.rerunSays?.test(line) && proxy.release(), timeoutMs: RUN_TIMEOUT_MS }).finally(() => proxy.release())
        if (rerun.code !== 0) throw new Error(`the re-run failed:\n${rerun.stdout.slice(-4000)}\n${rerun.stderr.slice(-2000)}`)
        if (c.rerunSays) expect(rerun.stdout).toMatch(c.rerunSays)
        const final = await list(clients, zone.id, 'www.example.com.', 'A')
        const view = await stackView(clients, stackName, c.path)
        const stateFinal = readState(backupFile)!
        expect(view.holds).toBe(true)
        expect(view.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
        const stackRecord = { Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: view.ip }] }
        expect(final).toContainEqual(stackRecord)
        if (!c.motoDuplicate) for (const r of final) expect(r).toEqual(stackRecord)
        expect((await list(clients, zone.id, 'example.com.', 'SOA'))[0]).toEqual(zone.soa)
        expect(stateFinal).toMatchObject({ stage: 'done', backup: zone.manual })
        expect(stateFinal.soa).toBeUndefined()
        expect(proxy.duplicates()).toEqual([])

        table[c.i] = [
          c.path,
          c.step,
          `${describeRecords(after, zone, viewAfter.ip)}${viewAfter.holds ? ' (stack holds it)' : ''} / ${stateAfter ? `stage \`${stateAfter.stage}\`${stateAfter.soa ? ', SOA saved' : ''}` : 'none'}`,
          rerunDecision(rerun),
          `${describeRecords(final, zone, view.ip)}, stack holds it; SOA as before; file \`done\`${stateFinal.path ? ` (${stateFinal.path})` : ''}`
        ]
      })
    },
    CASE_TIMEOUT_MS
  )
})
