import type { ExtraEnvPhaseName as Phase, InputGetter, Mode } from './inputs.js'

/**
 * An input a mode reads: its name when every phase of the mode reads it, or [name, the phases that read it]
 * (only extra-env has phases). Each mode's list is held by its entry in src/modes/registry.ts.
 */
export type InputRead<P extends Phase = never> = [P] extends [never] ? string : string | readonly [name: string, phases: readonly P[]]

/** Where an input is read: a mode (every phase of it) or one extra-env phase. */
export type Scope = Mode | `extra-env:${Phase}`

/** The inputs every mode reads: the common ones (src/inputs.ts). */
export const COMMON_READS = ['mode', 'stack-name', 'region', 'endpoint-url', 'timeout-minutes', 'poll-seconds', 'dry-run'] as const
/** What a deploy of a template reads. */
export const DEPLOY_READS = ['template', 'parameters', 'capabilities', 'tags', 'template-bucket'] as const
/** What the smoke checks read. */
export const SMOKE_READS = ['endpoint-output', 'smoke-path', 'smoke-expect-status', 'smoke-expect-body', 'smoke-retries', 'smoke-timeout-seconds', 'smoke-allow-link-local'] as const

/** What the alarm gates and rollback triggers read (every change set of every mode, and extra-env's promotions). */
export const ALARM_READS = ['alarms', 'rollback-monitoring-minutes'] as const

/** The same inputs, read only in these phases. */
export function inPhases<P extends Phase>(phases: readonly P[], names: readonly string[]): (readonly [string, readonly P[]])[] {
  return names.map((name) => [name, phases] as const)
}

/** action.yml's defaults: the runner passes them for every input not given, so they say nothing about intent. */
export const DEFAULTS: Record<string, string> = {
  capabilities: 'CAPABILITY_IAM',
  'timeout-minutes': '60',
  'poll-seconds': '2',
  'dry-run': 'false',
  'smoke-expect-status': '200',
  'smoke-retries': '3',
  'smoke-timeout-seconds': '10',
  'smoke-allow-link-local': 'false',
  phase: 'full',
  'domain-api-type': 'auto',
  router: 'api-gateway',
  'keep-previous': 'false',
  'verify-seconds': '30',
  'traffic-steps': '100%',
  'rollback-monitoring-minutes': '0',
  'sweep-concurrency': '8',
  'allow-forks': 'false',
  replace: 'auto',
  'reset-phase': 'both',
  'disable-value': 'false',
  'takeover-action': 'takeover',
  'takeover-ttl': '60',
  'skip-ttl-wait': 'false'
}

export function formatScope(mode: Mode, phase: Phase): string {
  return mode === 'extra-env' ? `extra-env phase ${phase}` : `mode ${mode}`
}

const nameOf = (read: InputRead<Phase>): string => (typeof read === 'string' ? read : read[0])

/**
 * Which mode or phase reads each input, from every mode's list (a unit test checks that every input of
 * action.yml is read somewhere and that DEFAULTS match action.yml).
 */
export function usedBy(readsByMode: Record<Mode, readonly InputRead<Phase>[]>): Record<string, Scope[]> {
  const table: Record<string, Scope[]> = {}
  for (const [mode, reads] of Object.entries(readsByMode) as [Mode, readonly InputRead<Phase>[]][]) {
    for (const read of reads) {
      const scopes: Scope[] = typeof read === 'string' ? [mode] : read[1].map((phase) => `extra-env:${phase}` as const)
      table[nameOf(read)] = [...(table[nameOf(read)] ?? []), ...scopes]
    }
  }
  return table
}

/**
 * The inputs given (with a value other than their default) that a mode's phase never reads: an input given
 * where it is not read is ignored, which the user should hear. `every` names every input of the action.
 */
export function ignoredInputs(get: InputGetter, every: Iterable<string>, reads: readonly InputRead<Phase>[], phase: Phase): string[] {
  const read = new Set(reads.filter((r) => typeof r === 'string' || r[1].includes(phase)).map(nameOf))
  return [...every].filter((name) => {
    if (read.has(name)) return false
    const value = get(name)
    return value !== '' && value !== DEFAULTS[name]
  })
}
