import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseOutputFile } from '../../scripts/runner-files.mjs'

export const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url))
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface ActionRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

export interface RunOptions {
  env?: Record<string, string>
  /** Called with each stdout line; return true to kill the process there (an interrupted runner). */
  killWhen?: (line: string) => boolean
  /** Called with every stdout line, in order (to act on the run from outside, e.g. reconfigure a proxy). */
  onLine?: (line: string) => void
  /** Kill this long after killWhen matched instead of at once (to land inside a slow call that follows the line). */
  killDelayMs?: number
  /**
   * After killWhen matched, kill when this resolves (an event outside the process, e.g. the proxy shows the
   * stack operation started): the kill point then does not drift with the machine's load.
   */
  killAt?: () => Promise<unknown>
  timeoutMs?: number
}

/** Runs the built action as the runner does: `node dist/index.js` with INPUT_* variables and command files. */
export async function runAction(inputs: Record<string, string>, options: RunOptions = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bluegreen-run-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: ROOT,
    RUNNER_TEMP: dir,
    ...options.env
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  const child = spawn(process.execPath, [DIST], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let pending = ''
  let killing = false
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk
    pending += chunk
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    if (options.onLine) lines.forEach(options.onLine)
    if (!killing && options.killWhen && lines.some(options.killWhen)) {
      killing = true
      if (options.killAt) void options.killAt().then(() => child.kill('SIGKILL'))
      else if (options.killDelayMs) setTimeout(() => child.kill('SIGKILL'), options.killDelayMs)
      else child.kill('SIGKILL')
    }
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])))
  clearTimeout(timer)
  return {
    code,
    signal,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8')
  }
}
