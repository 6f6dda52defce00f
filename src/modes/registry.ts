import type { Service } from '../aws/clients.js'
import { parseCommonInputs, parseMode, type CommonInputs, type InputGetter, type Mode } from '../inputs.js'
import { parseApiReplaceInputs } from './api-replace/inputs.js'
import { parseExtraEnvInputs } from './extra-env/inputs.js'
import { parseResetInputs } from './reset/inputs.js'
import { parseRoute53Inputs } from './route53-takeover/inputs.js'
import type { Inputs, InputsOf, Strategy } from './types.js'

/** What the action needs to know of a mode: every field is required, so a mode without one does not compile. */
export interface ModeEntry<M extends Mode> {
  /** The mode's input schema: its own inputs parsed on top of the common ones (no AWS call). */
  inputs: (get: InputGetter, common: CommonInputs) => InputsOf<M>
  /** The AWS services the mode's code calls; only their clients are loaded (a test derives them from the code). */
  services: readonly Service[]
  /** Loads the mode's runbook only when it runs: the others' modules are never evaluated, which shortens the cold start. */
  run: () => Promise<Strategy<M>>
}

export type Registry = { [M in Mode]: ModeEntry<M> }

export const REGISTRY: Registry = {
  'extra-env': {
    inputs: parseExtraEnvInputs,
    services: ['cloudformation', 'apigateway', 'apigatewayv2', 's3', 'sts'],
    run: async () => (await import('./extra-env/index.js')).extraEnv
  },
  'api-replace': {
    inputs: parseApiReplaceInputs,
    services: ['cloudformation', 'apigateway', 's3', 'sts'],
    run: async () => (await import('./api-replace/index.js')).apiReplace
  },
  reset: {
    inputs: parseResetInputs,
    services: ['cloudformation', 's3', 'sts'],
    run: async () => (await import('./reset/index.js')).reset
  },
  'route53-takeover': {
    inputs: parseRoute53Inputs,
    services: ['cloudformation', 'route53', 's3', 'sts'],
    run: async () => (await import('./route53-takeover/index.js')).route53Takeover
  }
}

export function modeEntry<M extends Mode>(mode: M): ModeEntry<M> {
  return REGISTRY[mode]
}

/** Every input parsed once: the common ones, then the mode's schema; the first bad one throws an InputError that names it. */
export function parseInputs(get: InputGetter, env: NodeJS.ProcessEnv = process.env): Inputs {
  const mode = parseMode(get)
  return modeEntry(mode).inputs(get, parseCommonInputs(get, mode, env))
}

/** Runs the mode the inputs chose, loading its code first. */
export async function runMode<M extends Mode>(ctx: Parameters<Strategy<M>>[0], inputs: InputsOf<M>): Promise<void> {
  const run = await modeEntry<M>(inputs.mode).run()
  return run(ctx, inputs)
}
