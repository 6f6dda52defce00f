// npm run bench: what users wait for, measured on the built action (dist/index.js) against moto behind the
// fault and latency proxy, with CloudFormation operations that take a set time. Prints one table and writes
// it with every number behind it to bench/results.json. How to read it: docs/performance.md.
//
//   node scripts/bench.mjs [--runs 5] [--op-seconds 20] [--sweep 200] [--smoke] [--out bench/results.json]
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { directClients, destroyClients } from './bench/aws.mjs'
import { node24Binary, runColdStart } from './bench/cold-start.mjs'
import { runDiscovery } from './bench/discovery.mjs'
import { runRelease, setupRelease, summarizeRelease } from './bench/release.mjs'
import { runWaiting, setupWaiting } from './bench/waiting.mjs'
import { isWaiterRequest, perMinute, runActionLag, runWaiterLag, setupDetectionLag, summarizeLag } from './bench/detection-lag.mjs'
import { promoteInputs, runPromote, setupPromote, summarizePromote } from './bench/promote.mjs'
import { runAlarmToBlue } from './bench/alarm-to-blue.mjs'
import { runSweep, setupSweep, sweepBase } from './bench/sweep.mjs'
import { markdownTable, tableRows, targetList, targetsMarkdown, TARGETS, verdicts } from './bench/table.mjs'
import { runTakeover, summarizeTakeover, takeoverUnavailable } from './bench/takeover.mjs'
import { startFaultProxy } from './fault-proxy.mjs'
import { startMoto } from './moto.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

const USAGE = `usage: node scripts/bench.mjs [options]
  --runs N             detection-lag runs and promotions (default 5)
  --op-seconds S       how long each CloudFormation operation takes (default 20, plus up to one poll interval)
  --sweep N            preview stacks the destroy sweep deletes (default 200)
  --sweep-op-seconds S how long each of the sweep's deletes takes (default 2, plus up to half as much)
  --cold-starts N      cold-start runs (default 7), on this Node and on Node 24
  --concurrency LIST   sweep-concurrency values, one sweep of --sweep previews each (default 8,32,50)
  --sizes LIST         resources of the stacks the waiting rows update (default 20,500)
  --accounts LIST      stacks in the account for the discovery rows (default 100,1000,3000)
  --latency-ms MS      added to every AWS request, plus up to --jitter-ms (defaults 40 and 40)
  --smoke              tiny settings: 1 run, 2 s operations, sweep of 5 at concurrency 8, one stack size, one
                       account size, Node 24 only when running on it (about a minute)
  --only LIST          run only these sections (lag, waiting, cold-start, promote, release, takeover, sweep,
                       discovery); the JSON then holds those sections and the targets they decide
  --out FILE           where the JSON goes (default bench/results.json)`

export const SECTIONS = ['lag', 'waiting', 'cold-start', 'promote', 'alarm-to-blue', 'release', 'takeover', 'sweep', 'discovery']

export function parseArgs(argv) {
  const smoke = argv.includes('--smoke')
  const o = {
    smoke,
    runs: smoke ? 1 : 5,
    opSeconds: smoke ? 2 : 20,
    sweep: smoke ? 5 : 200,
    sweepOpSeconds: smoke ? 1 : 2,
    sweepThrottle: 0.1,
    coldStarts: smoke ? 3 : 7,
    latencyMs: 40,
    jitterMs: 40,
    pollSeconds: 2,
    verifySeconds: smoke ? 1 : 5,
    concurrency: smoke ? [8] : [8, 32, 50],
    sizes: smoke ? [120] : [20, 500],
    accounts: smoke ? [30] : [100, 1000, 3000],
    only: undefined,
    out: join(ROOT, 'bench/results.json')
  }
  const lists = { '--concurrency': 'concurrency', '--sizes': 'sizes', '--accounts': 'accounts' }
  const numeric = {
    '--runs': 'runs',
    '--op-seconds': 'opSeconds',
    '--sweep': 'sweep',
    '--sweep-op-seconds': 'sweepOpSeconds',
    '--cold-starts': 'coldStarts',
    '--latency-ms': 'latencyMs',
    '--jitter-ms': 'jitterMs'
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--smoke') continue
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE)
      process.exit(0)
    }
    if (arg === '--out') o.out = resolve(argv[++i] ?? '')
    else if (arg === '--only') {
      o.only = String(argv[++i] ?? '').split(',')
      const unknown = o.only.filter((x) => !SECTIONS.includes(x))
      if (!o.only.length || unknown.length) throw new Error(`--only takes a comma-separated list of ${SECTIONS.join(', ')}\n${USAGE}`)
    } else if (lists[arg]) {
      const values = String(argv[++i] ?? '')
        .split(',')
        .map(Number)
      if (!values.length || values.some((v) => !Number.isInteger(v) || v < 1)) throw new Error(`${arg} needs a comma-separated list of whole numbers\n${USAGE}`)
      o[lists[arg]] = values
    } else if (numeric[arg]) {
      const value = Number(argv[++i])
      if (!Number.isFinite(value) || value < 0) throw new Error(`${arg} needs a number\n${USAGE}`)
      o[numeric[arg]] = value
    } else throw new Error(`unknown option ${arg}\n${USAGE}`)
  }
  if (o.runs < 1 || o.coldStarts < 1) throw new Error('--runs and --cold-starts must be at least 1')
  return o
}

function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs)
  }
  return newest
}

function machine() {
  let moto = 'unknown'
  try {
    moto = execFileSync(process.env.MOTO_PYTHON ?? 'python3', ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' }).trim()
  } catch {}
  return {
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    moto
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2))
  const t0 = Date.now()
  const log = (line) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}\n`)
  const dist = join(ROOT, 'dist/index.js')
  if (!existsSync(dist)) throw new Error('dist/index.js is missing: run `npm run package` first (the benchmark measures the built action)')
  if (newestSource(join(ROOT, 'src')) > statSync(dist).mtimeMs) log('warning: src/ changed after dist/index.js was built; run `npm run package` to measure the current code')

  const started = Date.now()
  const latency = { latencyMs: o.latencyMs, jitterMs: o.jitterMs }
  const moto = await startMoto()
  const proxy = await startFaultProxy({ target: moto.url, seed: 1, rules: { '*': latency } })
  const direct = directClients(moto.url)
  const b = {
    root: ROOT,
    dist,
    proxy,
    direct,
    appTemplate: join(ROOT, 'examples/app/template.yaml'),
    takeoverTemplate: join(ROOT, 'bench/fixtures/route53-record.yaml'),
    log,
    // BENCH_LOGS=<dir>: the timestamped output of some action runs, for looking into a number
    keepLog: process.env.BENCH_LOGS
      ? (name, run) => writeFileSync(join(process.env.BENCH_LOGS, `${name}.log`), run.lines.map((l) => `${((l.at - run.spawnedAt) / 1000).toFixed(3)} ${l.text}`).join('\n'))
      : undefined
  }
  let promoteState
  const results = { benchmark: 'bluegreen-action', version: 2, machine: machine(), settings: { ...o, out: undefined, targets: TARGETS } }
  const templates = mkdtempSync(join(os.tmpdir(), 'bench-templates-'))
  const run = (section) => !o.only || o.only.includes(section)
  try {
    log(`moto ${moto.url}, proxy ${proxy.url}; creating the detection-lag and waiting stacks with instant stack operations`)
    if (run('lag')) await setupDetectionLag(b)
    if (run('waiting')) await setupWaiting(b, o.sizes)
    // from here on every stack operation takes op-seconds, until the SDK waiter's last update is over
    // (plus up to one poll interval, so that the action's polls do not line up with the operations' ends)
    proxy.configure({ slowCloudFormation: { durationMs: o.opSeconds * 1000, jitterMs: o.pollSeconds * 1000, seed: 1 } })

    let waiterDone
    let actionRuns
    if (run('lag')) {
      log(`detection lag: ${o.runs} update(s) of ${o.opSeconds} s by the action, the same by the SDK waiter beside it`)
      waiterDone = runWaiterLag(b, o.runs).then(
        (r) => ({ r }),
        (error) => ({ error })
      )
      actionRuns = await runActionLag(b, o.runs)
    }

    if (run('waiting')) {
      const waitRuns = Math.min(o.runs, 3)
      results.waiting = []
      for (const n of o.sizes) {
        log(`waiting: ${waitRuns} update(s) of a stack of ${n} resources`)
        results.waiting.push(await runWaiting(b, n, waitRuns, templates))
      }
    }

    let releaseState
    if (run('promote') || run('release') || run('discovery') || run('alarm-to-blue')) {
      log('extra-env promote and release: deploying blue and green, mapping the domains')
      promoteState = await setupPromote(b)
      if (run('release')) releaseState = await setupRelease(b, promoteState.app, o.verifySeconds)
    }

    if (run('cold-start')) {
      log(`cold start: ${o.coldStarts} run(s) on ${process.version}, then on Node 24`)
      results.coldStart = await runColdStart(b, o.coldStarts, (r) => !isWaiterRequest(r))
      // the smoke run fetches no Node: it measures Node 24 only when it runs on it
      const node24 = o.smoke && !process.version.startsWith('v24.') ? undefined : node24Binary(log)
      results.coldStartNode24 = node24 ? await runColdStart(b, o.coldStarts, (r) => !isWaiterRequest(r), node24) : null
    }

    if (run('promote')) {
      log(`extra-env promote: ${o.runs} switch(es)`)
      results.promote = summarizePromote(await runPromote(b, promoteState, o.runs))
    }

    if (run('alarm-to-blue')) {
      // alarm-to-blue: its own section (the promote rows' domain and stacks, one promotion switched back per run)
      const alarmRuns = Math.min(o.runs, 3)
      log(`alarm-to-blue: ${alarmRuns} promotion(s) with an alarm set to ALARM during verify-seconds`)
      results.alarmToBlue = await runAlarmToBlue(b, promoteState, alarmRuns, o.pollSeconds, moto.url)
    }

    if (run('release')) {
      const releaseRuns = Math.min(o.runs, 3)
      log(`extra-env full release: ${releaseRuns} release(s), each creating green and deleting blue`)
      results.release = summarizeRelease(await runRelease(b, releaseState, releaseRuns), o.verifySeconds)
    }

    if (run('takeover')) {
      const unavailable = takeoverUnavailable(ROOT, dist)
      if (unavailable) {
        log(`route53-takeover: ${unavailable}`)
        results.takeover = { available: false, reason: unavailable, runs: [], medianGapMs: null, worstGapMs: null, paths: [] }
      } else {
        const runs = Math.min(o.runs, 3)
        log(`route53-takeover: ${runs} takeover(s)`)
        results.takeover = summarizeTakeover(await runTakeover(b, runs))
      }
    }

    if (run('lag')) {
      const waiter = await waiterDone
      if (waiter.error) throw waiter.error
      results.detectionLag = {
        action: { ...summarizeLag(actionRuns), terminalEventLagMs: actionRuns.map((r) => r.terminalEventLagMs), endsAt: '✔ Deploy line (the wait returned)' },
        sdkWaiter: { ...summarizeLag(waiter.r), settings: 'waitUntilStackUpdateComplete, minDelay 30 s, maxDelay 120 s (SDK defaults), maxWaitTime 3600 s' },
        operationMs: o.opSeconds * 1000
      }
      results.requestsPerMinute = { action: perMinute(actionRuns), actionWhileInProgress: perMinute(actionRuns, (r) => r.inProgress), sdkWaiter: perMinute(waiter.r) }
    }

    if (run('sweep')) {
      log(`destroy sweep: creating ${o.sweep} old preview stacks in moto for each concurrency (${o.concurrency.join(', ')})`)
      const bases = o.concurrency.map(sweepBase)
      const names = await setupSweep(b, o.sweep, bases)
      log(`destroy sweep: ${o.sweep} stacks each, ${o.sweepThrottle * 100}% throttling on every service, deletes of ${o.sweepOpSeconds} s`)
      proxy.configure({ rules: { '*': { ...latency, throttle: o.sweepThrottle } }, slowCloudFormation: { durationMs: o.sweepOpSeconds * 1000, jitterMs: o.sweepOpSeconds * 500, seed: 2 } })
      results.sweeps = []
      for (const [i, concurrency] of o.concurrency.entries()) results.sweeps.push(await runSweep(b, names[bases[i]], { base: bases[i], concurrency, opSeconds: o.sweepOpSeconds }))
      results.sweep = results.sweeps.find((r) => r.concurrency === 8) ?? results.sweeps[0]
      proxy.configure({ rules: { '*': latency } })
    }

    if (run('discovery')) {
      log(`discovery: promote and sweep requests with ${o.accounts.join(', ')} stacks in the account`)
      results.discovery = await runDiscovery(b, o.accounts, {
        promoteInputs: (to) => promoteInputs(b, promoteState.app, 'promote', to),
        sweepInputs: { mode: 'extra-env', phase: 'destroy', 'stack-name': 'prom', 'older-than': '7d', 'domain-name': 'api.bench.example.com', region: 'us-east-1', 'endpoint-url': proxy.url }
      })
    }
  } catch (err) {
    // what was measured before the failure, for looking into it
    writeFileSync(`${o.out}.partial.json`, `${JSON.stringify({ ...results, error: String(err?.stack ?? err) }, null, 2)}\n`)
    throw err
  } finally {
    await promoteState?.app.close()
    destroyClients(direct)
    await proxy.close()
    await moto.stop()
  }
  results.durationMs = Date.now() - started
  results.machine.loadAverageAtEnd1m = Math.round(os.loadavg()[0] * 100) / 100
  results.finishedAt = new Date().toISOString()
  results.verdicts = verdicts(results)
  results.targets = targetList(results)
  results.targetsMarkdown = targetsMarkdown(results.targets)
  // the table of every measure needs every section; a run of some sections shows the targets it decided
  if (!o.only) {
    results.table = tableRows(results)
    results.markdown = markdownTable(results.table)
  }
  mkdirSync(dirname(o.out), { recursive: true })
  writeFileSync(o.out, `${JSON.stringify(results, null, 2)}\n`)
  console.log(results.markdown ?? results.targetsMarkdown)
  log(
    `\n${o.smoke ? 'smoke run' : 'benchmark'} finished in ${(results.durationMs / 1000).toFixed(0)} s on ${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}, moto ${results.machine.moto}; JSON: ${o.out}`
  )
}

main().catch((err) => {
  console.error(`bench failed: ${err?.stack ?? err}`)
  process.exit(1)
})
