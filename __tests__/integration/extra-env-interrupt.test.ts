/**
 * Interrupting extra-env promote at each of its steps (SIGKILL of the built action, as a runner that dies),
 * then running it again as GitHub's "Re-run job" does (same GITHUB_RUN_ID, next GITHUB_RUN_ATTEMPT).
 *
 * The steps are taken from a real, uninterrupted run's log (its ::group:: lines), plus two points inside
 * slow steps: right after the switch call, and while CloudFormation deletes blue. The fault proxy's slow
 * CloudFormation mode sits in front of moto so stack operations take time as on AWS (DELETE_IN_PROGRESS for
 * a while). The outcome of every point is written as a markdown table (for docs/reliability.md).
 */
import { existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ActionRun } from '../support/action-runner.js'
import { DIST } from '../support/action-runner.js'
import { proxyClients, useFaultProxy } from '../support/fault-proxy.js'
import { useMoto } from '../support/moto.js'
import { useAppServer } from '../support/extra-env.js'
import { blueLive, domainState, errorLine, LOCK, promoteRun, stackStatus } from '../support/extra-env-runs.js'

const env = useMoto()
const fp = useFaultProxy(() => env.url)
const server = useAppServer()
beforeAll(() => {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run package` first')
})

export const TABLE_FILE = process.env.INTERRUPTION_TABLE ?? join(tmpdir(), 'bluegreen-extra-env-interruptions.md')
const SLOW_MS = 300
const INPUTS = { 'verify-seconds': '0.3' }

interface KillPoint {
  label: string
  at: (line: string) => boolean
  /**
   * The stack whose delete the proxy holds open until the re-run: the run is killed once the proxy shows the
   * delete started, so "while CloudFormation deletes blue" is the state at the kill however loaded the machine is.
   */
  holdDelete?: string
}

interface Row {
  point: string
  afterKill: string
  rerun: string
}

/** Where the domain points and what exists, as AWS would answer (through the slow proxy). */
async function observe(): Promise<{ owner?: string; ownerStatus?: string; blue?: string; green?: string; lock?: string }> {
  const clients = proxyClients(fp.proxy)
  const state = await domainState(clients, ['app-blue', 'app-green'])
  return {
    owner: state.owner,
    ownerStatus: state.ownerStatus,
    blue: await stackStatus(clients, 'app-blue'),
    green: await stackStatus(clients, 'app-green'),
    lock: await stackStatus(clients, LOCK)
  }
}

function describeRerun(run: ActionRun): string {
  const out = run.stdout
  const did: string[] = []
  if (/Taking over the lock .* left by acme\/app run \d+ attempt 1/.test(out)) did.push('takes over attempt 1’s lock')
  else if (/The lock \S+ is being released/.test(out)) did.push('waits for the released lock')
  if (/::group::Resume the interrupted promotion/.test(out)) {
    if (/::group::Verify /.test(out)) did.push('resumes: verifies green')
    else did.push('resumes')
  } else if (/already maps to app-green .*nothing to switch/.test(out)) did.push('finds green live: nothing to switch')
  else if (/::group::Switch api\.example\.com\/\(root\) to app-green/.test(out)) did.push('promotes: smoke, check, switch, verify')
  if (/::group::Delete app-blue/.test(out)) did.push('deletes blue')
  else if (/Delete app-blue: the earlier attempt already deleted it/.test(out)) did.push('blue already deleted')
  return `${run.code === 0 ? '✅' : `❌ exit ${run.code}`} ${did.join(', ')}`
}

async function setUp(holdDelete?: string): Promise<void> {
  await env.moto.reset()
  await blueLive(env.clients, server, ['green'])
  fp.proxy.reset()
  fp.proxy.configure({ seed: 1, rules: {}, slowCloudFormation: { durationMs: SLOW_MS, ...(holdDelete ? { hold: { kind: 'DELETE', stackName: holdDelete } } : {}) } })
}

/** Resolves when the proxy shows the held operation started (checked every 20 ms; gives up after a minute). */
async function heldStarted(): Promise<void> {
  for (const end = Date.now() + 60_000; !fp.proxy.stackOperations().some((op) => op.held) && Date.now() < end;) await new Promise((r) => setTimeout(r, 20))
}

describe('extra-env promote interrupted at each step, then re-run', () => {
  it('leaves the domain on a live stack after every kill, and the re-run ends with green live, blue deleted and no lock', async () => {
    // 1. an uninterrupted run names the steps
    await setUp()
    const clean = await promoteRun(server, fp.proxy.url, 'green', { runId: '9000' }, { inputs: INPUTS })
    expect(errorLine(clean)).toBe('')
    expect(clean.code).toBe(0)
    const steps = clean.stdout
      .split('\n')
      .filter((l) => l.startsWith('::group::'))
      .map((l) => l.slice('::group::'.length))
    expect(steps).toEqual([
      'Lock api.example.com/(root)',
      'Read which stack api.example.com/(root) maps to',
      'Read app-green',
      'Smoke-test app-green',
      'Check that api.example.com/(root) did not move',
      'Switch api.example.com/(root) to app-green',
      'Verify api.example.com/(root) on app-green for 0.3 s',
      'Delete app-blue',
      'Release the lock on api.example.com/(root)'
    ])

    const points: KillPoint[] = []
    for (const step of steps) {
      points.push({ label: `start of “${step}”`, at: (l) => l === `::group::${step}` })
      if (step.startsWith('Switch ')) points.push({ label: 'after the switch call (mapping read back)', at: (l) => l.startsWith('Read back: ') })
      if (step === 'Delete app-blue')
        points.push({ label: 'while CloudFormation deletes blue', at: (l) => /app-blue\s+AWS::CloudFormation::Stack\s+DELETE_IN_PROGRESS/.test(l), holdDelete: 'app-blue' })
    }

    const rows: Row[] = []
    let runId = 9100
    for (const point of points) {
      await setUp(point.holdDelete)
      const id = String(++runId)
      const killed = await promoteRun(server, fp.proxy.url, 'green', { runId: id, attempt: 1 }, { inputs: INPUTS, killWhen: point.at, killAt: point.holdDelete ? heldStarted : undefined })
      const context = `${point.label}: ${errorLine(killed)}`
      expect({ context, signal: killed.signal }).toEqual({ context, signal: 'SIGKILL' })

      // right after the kill: the domain maps to an API of a stack that exists and is complete
      const after = await observe()
      expect({ context, owner: after.owner }).toEqual({ context, owner: expect.stringMatching(/^app-(blue|green)$/) })
      expect(after.ownerStatus).toMatch(/^(CREATE|UPDATE)_COMPLETE$/)
      // blue exists unless the switch already happened
      if (after.owner === 'app-blue') expect(after.blue).toMatch(/^(CREATE|UPDATE)_COMPLETE$/)
      expect(after.green).toMatch(/_COMPLETE$/)
      if (point.holdDelete) expect(after.blue).toBe('DELETE_IN_PROGRESS')
      // the held delete goes on without the action, as on AWS, and ends before the re-run
      fp.proxy.release()

      // the re-run: same run id, next attempt
      const rerun = await promoteRun(server, fp.proxy.url, 'green', { runId: id, attempt: 2 }, { inputs: INPUTS })
      expect({ context, code: rerun.code, error: errorLine(rerun) }).toEqual({ context, code: 0, error: '' })
      const end = await observe()
      // the run issues the lock's delete and does not wait for it: gone, or still being deleted
      if (end.lock === 'DELETE_IN_PROGRESS') end.lock = undefined
      expect({ context, end }).toEqual({
        context,
        end: { owner: 'app-green', ownerStatus: expect.stringMatching(/_COMPLETE$/), blue: undefined, green: expect.stringMatching(/_COMPLETE$/), lock: undefined }
      })
      expect(rerun.outputs['active-stack']).toBe('app-green')

      rows.push({
        point: point.label,
        afterKill: `domain → ${after.owner}; blue ${after.blue ?? 'deleted'}; lock ${after.lock ?? 'none'}`,
        rerun: describeRerun(rerun)
      })
    }

    const table = [
      '| killed at (promote, verify-seconds 0.3, CloudFormation operations take 0.3 s) | state right after the kill | re-run (same run id, attempt 2) |',
      '|---|---|---|',
      ...rows.map((r) => `| ${r.point} | ${r.afterKill} | ${r.rerun} |`)
    ].join('\n')
    writeFileSync(TABLE_FILE, `${table}\n`)
    expect(rows).toHaveLength(points.length)
  }, 180_000)
})
