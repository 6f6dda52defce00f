import type { AwsClients } from '../../src/aws/clients.js'
import { fakeClock, type Clock } from '../../src/clock.js'
import { createContext, type Context } from '../../src/context.js'
import { memoryLogger } from '../../src/log.js'

/** A context for driving engine and strategy functions directly: memory log, fast polls. */
export function testContext(clients: AwsClients, overrides: Partial<Context> & { clock?: Clock; timeoutMinutes?: number } = {}) {
  const log = memoryLogger()
  const ctx = createContext({ clients, log, pollMs: 20, clock: overrides.clock ?? fakeClock(), ...overrides })
  return Object.assign(ctx, { log })
}
