// Starts moto's server (with the fixes in moto_server.py) on a free loopback port; used by the tests, the
// demo and the benchmark. Plain ESM so it runs before and without a build.
import { spawn } from 'node:child_process'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'

export const MOTO_SERVER = fileURLToPath(new URL('./moto_server.py', import.meta.url))
export const MOTO_MISSING = "moto server is not available: install it with `pip install 'moto[server]'` (python3 -m moto.server must run)"

/** @returns {Promise<{url: string, process: import('node:child_process').ChildProcess, log(): string, reset(): Promise<void>, stop(): Promise<void>}>} */
export async function startMoto({ python = process.env.MOTO_PYTHON ?? 'python3', timeoutMs = 30_000 } = {}) {
  const child = spawn(python, [MOTO_SERVER, '-H', '127.0.0.1', '-p', '0'], { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] })
  const lines = []
  const remember = (chunk) => {
    lines.push(...chunk.toString().split('\n'))
    if (lines.length > 400) lines.splice(0, lines.length - 400)
  }
  child.stdout.on('data', remember)
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${MOTO_MISSING} (no "Running on" line within ${timeoutMs / 1000} s)\n${lines.join('\n')}`)), timeoutMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(new Error(`${MOTO_MISSING}: ${err.message}`))
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${MOTO_MISSING}: it exited with code ${code}\n${lines.join('\n')}`))
    })
    child.stderr.on('data', (chunk) => {
      remember(chunk)
      const m = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(lines.join('\n'))
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
  })
  child.removeAllListeners('exit')
  const ready = await fetch(`${url}/moto-api/`)
  if (!ready.ok) throw new Error(`moto server at ${url} is not ready: ${ready.status}`)
  return {
    url,
    process: child,
    log: () => lines.join('\n'),
    reset: async () => {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' })
      if (!res.ok) throw new Error(`moto reset failed: ${res.status}`)
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}
