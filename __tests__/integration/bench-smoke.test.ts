/**
 * The benchmark (scripts/bench.mjs) with its tiny settings, run as `npm run bench` runs it: a child process
 * that drives the built action (dist/index.js) against moto behind the fault and latency proxy. The full
 * benchmark is not part of npm test; this checks that every section runs and reports every measure as a
 * number in the JSON, never what the numbers are (timings depend on the machine). Two results are not
 * timings but guarantees of the action, and are checked: no moment without a mapping, no sweep failure.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/bench.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c))
    child.stderr.on('data', (c: Buffer) => (stderr += c))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const number = expect.any(Number)

describe('npm run bench -- --smoke', () => {
  it('runs every section and writes every measure as a number, with the table', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-smoke-')), 'results.json')
    const run = await runBench(['--smoke', '--out', out])
    if (run.code !== 0) throw new Error(`bench exited with ${run.code}\n${run.stderr.slice(-4000)}`)
    const r = JSON.parse(readFileSync(out, 'utf8'))

    expect(r.settings).toMatchObject({ smoke: true, runs: 1, opSeconds: 2, sweep: 5, sweepThrottle: 0.1 })
    expect(r.machine).toMatchObject({ node: process.version, cpus: number })

    // detection lag: the action and the SDK waiter, the same operation duration, one run each
    for (const side of [r.detectionLag.action, r.detectionLag.sdkWaiter]) {
      expect(side).toMatchObject({ medianMs: number, worstMs: number })
      expect(side.runs).toEqual([number])
    }
    expect(r.detectionLag.action.terminalEventLagMs).toEqual([number])
    expect(r.detectionLag.operationMs).toBe(2000)

    // requests per minute of waiting, per service; the action waits on CloudFormation only
    expect(r.requestsPerMinute.action).toMatchObject({ total: number, waitMinutes: number })
    expect(r.requestsPerMinute.action.services.cloudformation).toMatchObject({ count: number, perMinute: number })
    expect(r.requestsPerMinute.action.services.cloudformation.operations.DescribeStackEvents).toBeGreaterThan(0)
    expect(r.requestsPerMinute.sdkWaiter.services.cloudformation.operations).toEqual({ DescribeStacks: number })

    expect(r.coldStart).toMatchObject({ medianMs: number, nodeBareMedianMs: number, bundleBytes: number, firstRequest: expect.stringMatching(/^cloudformation:|^apigateway:/) })
    expect(r.coldStart.runs).toHaveLength(3)

    expect(r.promote).toMatchObject({ medianMs: number, worstMs: number, samples: number, sampleErrors: number })
    expect(r.promote.samples).toBeGreaterThan(0)
    expect(r.promote.noMappingMoments).toBe(0)
    expect(r.promote.otherApiMoments).toBe(0)

    if (r.takeover.available) {
      expect(r.takeover).toMatchObject({ medianGapMs: number, worstGapMs: number })
      expect(r.takeover.runs[0]).toMatchObject({ gapMs: number, samples: number, path: expect.any(String) })
    } else {
      expect(r.takeover.reason).toMatch(/^not available: /)
      expect(r.verdicts.takeover).toBeNull()
    }

    expect(r.sweep).toMatchObject({ stacks: 5, wallMs: number, requests: number, throttled: number, exitCode: 0, stacksLeft: 0 })
    expect(r.sweep.failures).toBe(0)
    expect(r.sweep.deleteStackCalls).toBeGreaterThanOrEqual(5)

    // the targets: release beside its AWS sequence, sweep beside its ideal, waiting at a stack size,
    // discovery at an account size, cold start on Node 24 (measured only when the smoke run is on Node 24)
    expect(r.release).toMatchObject({ medianRatio: number, worstRatio: number, medianWallMs: number, medianSequenceMs: number })
    expect(r.release.runs[0]).toMatchObject({ wallMs: number, sequenceMs: number, ratio: number })
    expect(r.sweeps).toEqual([expect.objectContaining({ concurrency: 8, idealMs: number, ratio: number, requestsPerDeletedStack: number })])
    expect(r.sweep.requestKinds).toMatchObject({ perStack: number, sharedStatusReads: number, listing: number })
    expect(r.waiting).toEqual([expect.objectContaining({ resources: 120, medianMs: number })])
    expect(r.waiting[0].perMinute).toMatchObject({ total: number })
    expect(r.discovery).toEqual([expect.objectContaining({ stacks: number })])
    expect(r.discovery[0].promote).toMatchObject({ requests: number, listingPasses: number })
    expect(r.discovery[0].sweep).toMatchObject({ requests: number, listingPasses: number })
    if (process.version.startsWith('v24.')) expect(r.coldStartNode24).toMatchObject({ medianMs: number })
    else expect(r.coldStartNode24).toBeNull()
    // alarm-to-blue: a promotion switched back by an alarm set during verify-seconds, timed to the domain back on blue
    expect(r.alarmToBlue).toMatchObject({ medianMs: number, worstMs: number, pollMs: number, targetMs: number })
    expect(r.alarmToBlue.runs).toEqual([expect.objectContaining({ alarmToBlueMs: number })])
    expect(typeof r.verdicts.alarmToBlue).toBe('boolean')
    expect(r.targets.map((t: { id: string }) => t.id)).toEqual(['release-overhead', 'sweep-200-throttled', 'waiting-500-resources', 'discovery-3000-stacks', 'alarm-to-blue', 'cold-start-node24'])
    for (const t of r.targets) {
      expect(Object.keys(t).sort()).toEqual(['id', 'pass', 'result', 'target'])
      expect(t).toMatchObject({ target: expect.any(String), result: expect.any(String) })
      expect([true, false, null]).toContain(t.pass)
    }

    for (const key of ['detectionLag', 'requestsPerMinute', 'coldStart', 'promote', 'sweep', 'release', 'sweepThrottled', 'waiting', 'discovery']) expect(typeof r.verdicts[key]).toBe('boolean')
    // the table: the measures as before (9 rows), then one row per target of the issue
    expect(r.table).toHaveLength(9 + r.targets.length)
    for (const row of r.table) expect(row).toHaveLength(5)
    expect(run.stdout.trim()).toBe(r.markdown)
    expect(r.markdown.split('\n')[0]).toBe('| Measure | bluegreen-action | Beside it | Target | Result |')
  }, 180_000)
})
