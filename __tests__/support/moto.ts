import { spawn, type ChildProcess } from 'node:child_process'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { createClients, type AwsClients } from '../../src/aws/clients.js'

/** A moto server on loopback, started and stopped by the tests themselves. */
export interface Moto {
  url: string
  process: ChildProcess
  /** The server's last lines of output, for a test that fails on a moto 500. */
  log(): string
  reset(): Promise<void>
  stop(): Promise<void>
}

export const REGION = 'us-east-1'

// moto accepts any credentials; the SDK only needs some to sign with.
process.env.AWS_ACCESS_KEY_ID ??= 'testing'
process.env.AWS_SECRET_ACCESS_KEY ??= 'testing'
process.env.AWS_REGION ??= REGION
delete process.env.AWS_PROFILE

/** moto's server with the fixes in scripts/moto_server.py (outputs after change sets). */
export const MOTO_SERVER = fileURLToPath(new URL('../../scripts/moto_server.py', import.meta.url))

const MISSING = "moto server is not available: install it with `pip install 'moto[server]'` (python3 -m moto.server must run)"

export async function startMoto(): Promise<Moto> {
  const python = process.env.MOTO_PYTHON ?? 'python3'
  const child = spawn(python, [MOTO_SERVER, '-H', '127.0.0.1', '-p', '0'], {
    cwd: tmpdir(),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const lines: string[] = []
  const remember = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n'))
    if (lines.length > 400) lines.splice(0, lines.length - 400)
  }
  child.stdout!.on('data', remember)
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${MISSING} (no "Running on" line within 30 s)\n${lines.join('\n')}`)), 30_000)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(new Error(`${MISSING}: ${err.message}`))
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${MISSING}: it exited with code ${code}\n${lines.join('\n')}`))
    })
    child.stderr!.on('data', (chunk: Buffer) => {
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
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}

export function motoClients(url: string, maxAttempts = 1): AwsClients {
  return createClients({ region: REGION, endpointUrl: url, maxAttempts })
}

/** Starts moto once for a test file, resets it before each test, stops it after the file. */
export function useMoto(): { readonly url: string; readonly clients: AwsClients; readonly moto: Moto } {
  let moto: Moto | undefined
  let clients: AwsClients | undefined
  beforeAll(async () => {
    moto = await startMoto()
    clients = motoClients(moto.url)
  }, 40_000)
  beforeEach(async () => {
    await moto!.reset()
  })
  afterAll(async () => {
    await moto?.stop()
  })
  return {
    get url() {
      return moto!.url
    },
    get clients() {
      return clients!
    },
    get moto() {
      return moto!
    }
  }
}
