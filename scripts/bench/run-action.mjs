// Runs the built action as the GitHub runner does (node dist/index.js, INPUT_* variables, command files) and
// timestamps every stdout line on arrival, in the benchmark's clock (the proxy records with the same clock).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseOutputFile } from '../runner-files.mjs'

/**
 * @param {{ dist: string, root: string, inputs: Record<string, string>, node?: string, timeoutMs?: number, onLine?: (line: {at: number, text: string}, child: import('node:child_process').ChildProcess) => void, onSpawn?: (child: import('node:child_process').ChildProcess, spawnedAt: number) => void }} options
 * @returns {Promise<{ spawnedAt: number, exitedAt: number, code: number | null, signal: string | null, lines: {at: number, text: string}[], stdout: string, stderr: string, outputs: Record<string, string>, summary: string }>}
 */
export async function runAction({ dist, root, inputs, node = process.execPath, timeoutMs = 15 * 60_000, onLine, onSpawn }) {
  const dir = mkdtempSync(join(tmpdir(), 'bluegreen-bench-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: root,
    RUNNER_TEMP: dir
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  const spawnedAt = Date.now()
  const child = spawn(node, [dist], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  onSpawn?.(child, spawnedAt)
  const lines = []
  let stdout = ''
  let stderr = ''
  let pending = ''
  child.stdout.on('data', (chunk) => {
    const at = Date.now()
    stdout += chunk
    pending += chunk
    const parts = pending.split('\n')
    pending = parts.pop() ?? ''
    for (const text of parts) {
      const line = { at, text }
      lines.push(line)
      onLine?.(line, child)
    }
  })
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const [code, signal] = await new Promise((resolve) => child.on('close', (c, s) => resolve([c, s])))
  const exitedAt = Date.now()
  clearTimeout(timer)
  if (pending) lines.push({ at: exitedAt, text: pending })
  return {
    spawnedAt,
    exitedAt,
    code,
    signal,
    lines,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8')
  }
}

/** The first line matching re, or undefined. */
export function findLine(run, re) {
  return run.lines.find((l) => re.test(l.text))
}

/** A failed run as an Error with the tail of its log, for the benchmark's own failures. */
export function runFailure(what, run) {
  const tail = [...run.lines.slice(-25).map((l) => l.text), run.stderr.trim()].filter(Boolean).join('\n')
  return new Error(`${what}: the action exited with ${run.code ?? run.signal}\n${tail}`)
}
