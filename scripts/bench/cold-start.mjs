// Cold start: from the spawn of `node dist/index.js` to the first AWS request the proxy records. The child
// is stopped at that request (what comes after is not start-up). Node's own start, `node -e 0` from spawn
// to exit, is measured beside it: the part no change to the action can remove.
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { runAction } from './run-action.mjs'
import { median, sleep } from './stats.mjs'

/** Node 24's binary, fetched from the npm registry's `node` package by npx; undefined when it cannot be had. */
export function node24Binary(log) {
  if (process.version.startsWith('v24.')) return process.execPath
  try {
    return execFileSync('npx', ['-y', '-p', 'node@24', '--', 'node', '-p', 'process.execPath'], { encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')
      .at(-1)
  } catch (err) {
    log(`  Node 24 is not available (${err?.message?.split('\n')[0]}); cold start on Node 24 not measured`)
    return undefined
  }
}

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

async function bareNodeMs(node) {
  const started = Date.now()
  await new Promise((resolve, reject) => spawn(node, ['-e', '0'], { stdio: 'ignore' }).on('close', resolve).on('error', reject))
  return Date.now() - started
}

/**
 * @param mine excludes requests of other parties running at the same time (the SDK waiter)
 * @param node the Node binary (GitHub's runners run actions on Node 24; see node24Binary)
 */
export async function runColdStart(b, runs, mine, node = process.execPath) {
  const samples = []
  for (let i = 0; i < runs; i++) {
    let child
    let spawnedAt = 0
    const running = runAction({
      node,
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
    b.log(`  cold start ${i + 1} (${node === process.execPath ? process.version : node}): ${first.at - spawnedAt} ms (CPU ${cpuMs ?? '?'} ms) to ${first.service}:${first.operation}`)
  }
  const bare = []
  for (let i = 0; i < runs; i++) bare.push(await bareNodeMs(node))
  return {
    node: execFileSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).trim(),
    runs: samples.map((s) => s.ms),
    medianMs: median(samples.map((s) => s.ms)),
    cpuRuns: samples.map((s) => s.cpuMs ?? null),
    cpuMedianMs: samples.every((s) => s.cpuMs !== undefined) ? median(samples.map((s) => s.cpuMs)) : null,
    firstRequest: samples[0]?.firstRequest,
    nodeBareMedianMs: median(bare),
    bundleBytes: statSync(b.dist).size
  }
}
