import type { Service } from '../aws/clients.js'
import { ALARM_READS, COMMON_READS, DEPLOY_READS, ignoredInputs, inPhases, SMOKE_READS, usedBy, type InputRead } from '../input-usage.js'
import { parseCommonInputs, parseMode, type CommonInputs, type ExtraEnvPhaseName, type InputGetter, type Mode } from '../inputs.js'
import { parseApiReplaceInputs } from './api-replace/inputs.js'
import { parseExtraEnvInputs } from './extra-env/inputs.js'
import { parseResetInputs } from './reset/inputs.js'
import { parseRoute53Inputs } from './route53-takeover/inputs.js'
import type { Inputs, InputsOf, Strategy } from './types.js'

/** What the action needs to know of a mode: every field is required, so a mode without one does not compile. */
export interface ModeEntry<M extends Mode> {
  /** The mode's input schema: its own inputs parsed on top of the common ones (no AWS call). */
  inputs: (get: InputGetter, common: CommonInputs) => InputsOf<M>
  /** Every input of action.yml the mode reads, the common ones too; an input given to a mode that does not read it draws a warning. */
  reads: readonly InputRead<M extends 'extra-env' ? ExtraEnvPhaseName : never>[]
  /** The AWS services the mode's code calls; only their clients are loaded (a test derives them from the code). */
  services: readonly Service[]
  /** Loads the mode's runbook only when it runs: the others' modules are never evaluated, which shortens the cold start. */
  run: () => Promise<Strategy<M>>
}

export type Registry = { [M in Mode]: ModeEntry<M> }

/** extra-env's phases that deploy a template, that run the smoke checks, that move traffic. */
const DEPLOYING = ['full', 'deploy'] as const
const SMOKING = ['full', 'deploy', 'promote', 'rollback'] as const
const PROMOTING = ['full', 'promote'] as const

export const REGISTRY: Registry = {
  'extra-env': {
    inputs: parseExtraEnvInputs,
    reads: [
      ...COMMON_READS,
      ...inPhases(DEPLOYING, DEPLOY_READS),
      'github-token',
      ...inPhases(SMOKING, SMOKE_READS),
      'extra',
      'phase',
      'domain-name',
      'base-path',
      'domain-api-type',
      'router',
      'distribution-id',
      'origin-id',
      'origin-output',
      'target-output',
      'target-zone-output',
      'listener-arn',
      'listener-rule-arn',
      'target-group-output',
      'target-group-arn',
      'asg-output',
      'hosted-zone-id',
      'hosted-zone-name',
      'record-name',
      'record-type',
      'skip-ttl-wait',
      ['keep-previous', PROMOTING],
      ['previous-stack', ['rollback']],
      ['verify-seconds', PROMOTING],
      ['traffic-steps', PROMOTING],
      ['staging-header', PROMOTING],
      ['alarms', [...DEPLOYING, 'promote']],
      ['rollback-monitoring-minutes', DEPLOYING],
      ['verify-url', PROMOTING],
      ['older-than', ['destroy']],
      ['sweep-concurrency', ['destroy']],
      'allow-forks',
      'environment'
    ],
    services: ['cloudformation', 'apigateway', 'apigatewayv2', 'cloudfront', 'route53', 'elbv2', 'autoscaling', 's3', 'sts', 'cloudwatch'],
    run: async () => (await import('./extra-env/index.js')).extraEnv
  },
  'api-replace': {
    inputs: parseApiReplaceInputs,
    reads: [...COMMON_READS, ...DEPLOY_READS, ...ALARM_READS, 'endpoint-output', 'domain-name', 'base-path', 'replace', 'rest-api-logical-id', 'rewritten-template'],
    services: ['cloudformation', 'apigateway', 's3', 'sts', 'cloudwatch'],
    run: async () => (await import('./api-replace/index.js')).apiReplace
  },
  reset: {
    inputs: parseResetInputs,
    reads: [...COMMON_READS, ...DEPLOY_READS, ...ALARM_READS, ...SMOKE_READS, 'reset-phase', 'reset-properties', 'allow-replace'],
    services: ['cloudformation', 's3', 'sts', 'cloudwatch'],
    run: async () => (await import('./reset/index.js')).reset
  },
  'route53-takeover': {
    inputs: parseRoute53Inputs,
    reads: [
      ...COMMON_READS,
      ...DEPLOY_READS,
      ...ALARM_READS,
      'takeover-action',
      'hosted-zone-id',
      'hosted-zone-name',
      'record-name',
      'record-type',
      'set-identifier',
      'enable-parameter',
      'disable-value',
      'takeover-ttl',
      'skip-ttl-wait',
      'backup-file'
    ],
    services: ['cloudformation', 'route53', 's3', 'sts', 'cloudwatch'],
    run: async () => (await import('./route53-takeover/index.js')).route53Takeover
  }
}

/** Which mode or phase reads each input: every mode's `reads`, by input. */
export const USED_BY = usedBy({
  'extra-env': REGISTRY['extra-env'].reads,
  'api-replace': REGISTRY['api-replace'].reads,
  reset: REGISTRY.reset.reads,
  'route53-takeover': REGISTRY['route53-takeover'].reads
})

/** The inputs given (with a value other than their default) that the chosen mode and phase never read. */
export function unusedInputs(get: InputGetter, mode: Mode, phase: ExtraEnvPhaseName): string[] {
  return ignoredInputs(get, Object.keys(USED_BY), REGISTRY[mode].reads, phase)
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
