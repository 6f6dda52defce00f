import type { ExtraEnvPhaseName as Phase, InputGetter, Mode } from './inputs.js'

/** Where an input is read: a mode (every phase of it) or one extra-env phase. */
type Scope = Mode | `extra-env:${Phase}`

const EVERY_MODE: Scope[] = ['extra-env', 'api-replace', 'reset', 'route53-takeover']
const DEPLOYS: Scope[] = ['api-replace', 'reset', 'route53-takeover', 'extra-env:full', 'extra-env:deploy']
const SMOKES: Scope[] = ['reset', 'extra-env:full', 'extra-env:deploy', 'extra-env:promote', 'extra-env:rollback']

/**
 * Which mode or phase reads each input of action.yml (a unit test checks that every input is here and that
 * DEFAULTS match action.yml). An input given where it is not read is ignored, which the user should hear.
 */
export const USED_BY: Record<string, readonly Scope[]> = {
  mode: EVERY_MODE,
  'stack-name': EVERY_MODE,
  template: DEPLOYS,
  parameters: DEPLOYS,
  capabilities: DEPLOYS,
  tags: DEPLOYS,
  region: EVERY_MODE,
  'endpoint-url': EVERY_MODE,
  'template-bucket': DEPLOYS,
  'timeout-minutes': EVERY_MODE,
  'poll-seconds': EVERY_MODE,
  'dry-run': EVERY_MODE,
  'github-token': ['extra-env'],
  'endpoint-output': ['api-replace', ...SMOKES],
  'smoke-path': SMOKES,
  'smoke-expect-status': SMOKES,
  'smoke-expect-body': SMOKES,
  'smoke-retries': SMOKES,
  'smoke-timeout-seconds': SMOKES,
  'smoke-allow-link-local': SMOKES,
  extra: ['extra-env'],
  phase: ['extra-env'],
  'domain-name': ['extra-env', 'api-replace'],
  'base-path': ['extra-env', 'api-replace'],
  'domain-api-type': ['extra-env'],
  router: ['extra-env'],
  'distribution-id': ['extra-env'],
  'origin-id': ['extra-env'],
  'origin-output': ['extra-env'],
  'target-output': ['extra-env'],
  'target-zone-output': ['extra-env'],
  'listener-arn': ['extra-env'],
  'listener-rule-arn': ['extra-env'],
  'target-group-output': ['extra-env'],
  'target-group-arn': ['extra-env'],
  'asg-output': ['extra-env'],
  'keep-previous': ['extra-env:full', 'extra-env:promote'],
  'previous-stack': ['extra-env:rollback'],
  'verify-seconds': ['extra-env:full', 'extra-env:promote'],
  'verify-url': ['extra-env:full', 'extra-env:promote'],
  'older-than': ['extra-env:destroy'],
  'sweep-concurrency': ['extra-env:destroy'],
  'allow-forks': ['extra-env'],
  environment: ['extra-env'],
  replace: ['api-replace'],
  'rest-api-logical-id': ['api-replace'],
  'rewritten-template': ['api-replace'],
  'reset-phase': ['reset'],
  'reset-properties': ['reset'],
  'allow-replace': ['reset'],
  'takeover-action': ['route53-takeover'],
  'hosted-zone-id': ['route53-takeover', 'extra-env'],
  'hosted-zone-name': ['route53-takeover', 'extra-env'],
  'record-name': ['route53-takeover', 'extra-env'],
  'record-type': ['route53-takeover', 'extra-env'],
  'set-identifier': ['route53-takeover'],
  'enable-parameter': ['route53-takeover'],
  'disable-value': ['route53-takeover'],
  'takeover-ttl': ['route53-takeover'],
  'skip-ttl-wait': ['route53-takeover', 'extra-env'],
  'backup-file': ['route53-takeover']
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

function isUsed(scopes: readonly Scope[], mode: Mode, phase: Phase): boolean {
  return scopes.includes(mode) || (mode === 'extra-env' && scopes.includes(`extra-env:${phase}`))
}

/** The inputs given (with a value other than their default) that the chosen mode and phase never read. */
export function unusedInputs(get: InputGetter, mode: Mode, phase: Phase): string[] {
  return Object.entries(USED_BY)
    .filter(([, scopes]) => !isUsed(scopes, mode, phase))
    .map(([name]) => name)
    .filter((name) => {
      const value = get(name)
      return value !== '' && value !== DEFAULTS[name]
    })
}
