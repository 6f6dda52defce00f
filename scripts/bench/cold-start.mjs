// Cold start: from the spawn of `node dist/index.js` to the first AWS request the proxy records. The child
// is stopped at that request (what comes after is not start-up). Node's own start, `node -e 0` from spawn
// to exit, is measured beside it: the part no change to the action can remove.
import { spawn } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { runAction } from './run-action.mjs'
import { median, sleep } from './stats.mjs'

async function firstRequestAfter(b, since, mine, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const first = b.proxy.requests().find((r) => r.at >= since && mine(r))
    if (first) return first
    await sleep(2)
  }
  return undefined
}

/** CPU time (user + system) a process used so far, from /proc (Linux; undefined elsewhere): less sensitive to a busy machine than wall time. */
function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10 // clock ticks of 10 ms (USER_HZ 100)
  } catch {
    return undefined
  }
}

async function bareNodeMs() {
  const started = Date.now()
  await new Promise((resolve, reject) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).on('close', resolve).on('error', reject))
  return Date.now() - started
}

/** @param mine excludes requests of other parties running at the same time (the SDK waiter) */
export async function runColdStart(b, runs, mine) {
  const samples = []
  for (let i = 0; i < runs; i++) {
    let child
    let spawnedAt = 0
    const running = runAction({
      dist: b.dist,
      root: b.root,
      inputs: { mode: 'extra-env', phase: 'deploy', 'stack-name': 'cold', extra: `c${i}`, template: b.appTemplate, region: 'us-east-1', 'endpoint-url': b.proxy.url },
      onSpawn: (c, at) => {
        child = c
        spawnedAt = at
      }
    })
    const first = await firstRequestAfter(b, spawnedAt, mine)
    const cpuMs = cpuMsOf(child.pid)
    child.kill('SIGKILL')
    const run = await running
    if (!first) throw new Error(`cold start run ${i + 1}: no AWS request within 20 s\n${run.stderr}`)
    samples.push({ ms: first.at - spawnedAt, cpuMs, firstRequest: `${first.service}:${first.operation}` })
    b.log(`  cold start ${i + 1}: ${first.at - spawnedAt} ms (CPU ${cpuMs ?? '?'} ms) to ${first.service}:${first.operation}`)
  }
  const bare = []
  for (let i = 0; i < runs; i++) bare.push(await bareNodeMs())
  return {
    runs: samples.map((s) => s.ms),
    medianMs: median(samples.map((s) => s.ms)),
    cpuRuns: samples.map((s) => s.cpuMs ?? null),
    cpuMedianMs: samples.every((s) => s.cpuMs !== undefined) ? median(samples.map((s) => s.cpuMs)) : null,
    firstRequest: samples[0]?.firstRequest,
    nodeBareMedianMs: median(bare),
    bundleBytes: statSync(b.dist).size
  }
}
