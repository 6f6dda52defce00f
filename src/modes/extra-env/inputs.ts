import { InputError } from '../../errors.js'
import {
  oneOf,
  parseBasePath,
  parseBoolean,
  parseDuration,
  parseHostname,
  parseHttpUrl,
  parseNumber,
  PHASES,
  requireParameterValues,
  validateStackName,
  type InputGetter,
  type CommonInputs
} from '../../inputs.js'
import { DOMAIN_API_TYPES, type ExtraEnvInputs, type ExtraEnvModeInputs } from '../../core/inputs.js'

export { DOMAIN_API_TYPES, type ExtraEnvInputs, type ExtraEnvModeInputs } from '../../core/inputs.js'

/** extra-env's input schema, on top of the common inputs. */
export function parseExtraEnvInputs(get: InputGetter, common: CommonInputs): ExtraEnvModeInputs {
  const inputs: ExtraEnvModeInputs = { ...common, mode: 'extra-env', extraEnv: parseExtraEnv(get, common.stackName) }
  requireRoomForLockTags(inputs)
  requireParameterValues(inputs)
  return inputs
}

function parseExtraEnv(get: InputGetter, stackName: string): ExtraEnvInputs {
  const phase = oneOf(get, 'phase', PHASES, 'full')
  const extraRaw = get('extra')
  let extra: string | undefined
  if (extraRaw !== '') {
    if (!/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/i.test(extraRaw)) {
      throw new InputError('extra', `"${extraRaw}" is not accepted; use a word of letters, digits and hyphens (at most 32), such as 2, green or pr-123`)
    }
    if (stackName.length + 1 + extraRaw.length > 128) throw new InputError('extra', `"${stackName}-${extraRaw}" would be longer than a stack name may be (128)`)
    extra = extraRaw
  }
  const olderThanRaw = get('older-than')
  const olderThanMs = olderThanRaw === '' ? undefined : parseDuration(olderThanRaw, 'older-than')
  if (olderThanMs !== undefined && phase !== 'destroy') {
    throw new InputError('older-than', `sweeps old previews and is used only with phase destroy, not with phase ${phase}; remove it, or set phase: destroy`)
  }
  if ((phase === 'deploy' || phase === 'full' || phase === 'promote') && !extra) {
    throw new InputError('extra', `is required for phase ${phase}: the name of the new environment, such as green or pr-123`)
  }
  if (phase === 'destroy' && !extra && olderThanMs === undefined) {
    throw new InputError('extra', 'is required for phase destroy unless older-than is given (to sweep old previews)')
  }
  const domainName = parseHostname(get('domain-name'), 'domain-name', phase === 'promote' || phase === 'rollback' || phase === 'full')
  if (phase === 'destroy' && olderThanMs !== undefined && !domainName) {
    throw new InputError('domain-name', 'is required with older-than: the sweep reads the domain to never delete the live environment')
  }
  const previousRaw = get('previous-stack')
  return {
    extra,
    phase,
    domainName,
    basePath: parseBasePath(get('base-path')),
    domainApiType: oneOf(get, 'domain-api-type', DOMAIN_API_TYPES, 'auto'),
    keepPrevious: parseBoolean(get, 'keep-previous', false),
    previousStack: previousRaw === '' ? undefined : validateStackName(previousRaw, 'previous-stack'),
    verifySeconds: parseNumber(get, 'verify-seconds', 30, { min: 0, max: 3600 }),
    verifyUrl: parseHttpUrl(get('verify-url'), 'verify-url'),
    olderThanMs,
    sweepConcurrency: parseNumber(get, 'sweep-concurrency', 8, { min: 1, max: 50, integer: true }),
    allowForks: parseBoolean(get, 'allow-forks', false),
    environment: get('environment') || undefined
  }
}

/** How many tags of its own a lock stack carries at most (lock-holder.ts LOCK_TAG_COUNT; a test keeps them equal, this module loads no AWS code). */
export const LOCK_TAG_COUNT = 11

/** The lock stack carries the user's tags and its own; CloudFormation refuses more than 50 on a stack. */
function requireRoomForLockTags(inputs: ExtraEnvModeInputs): void {
  if (!inputs.extraEnv.domainName) return
  const room = 50 - LOCK_TAG_COUNT
  if (inputs.tags.length > room) {
    throw new InputError(
      'tags',
      `${inputs.tags.length} tags given; at most ${room} with domain-name in extra-env mode (the domain's lock stack carries them and ${LOCK_TAG_COUNT} of its own, 50 in all)`
    )
  }
}
