import type { ChildProcess } from 'node:child_process'

export interface Moto {
  url: string
  process: ChildProcess
  /** The server's last lines of output, for a test that fails on a moto 500. */
  log(): string
  reset(): Promise<void>
  stop(): Promise<void>
}
export const MOTO_SERVER: string
export const MOTO_MISSING: string
export function startMoto(options?: { python?: string; timeoutMs?: number }): Promise<Moto>
