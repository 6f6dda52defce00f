import type { Template } from '../../cloudformation/template.js'
import { InputError } from '../../errors.js'
import { oneOf, parseBoolean, parseNumber, parseZoneAndRecord, requireParameterValues, withTemplate, type CommonInputs, type InputGetter, type TemplateInputs } from '../../inputs.js'

export const RECORD_TYPES = ['A', 'AAAA', 'CNAME'] as const
export { inZone } from '../../inputs.js'
export const TAKEOVER_ACTIONS = ['takeover', 'release'] as const

export interface Route53Inputs {
  action: (typeof TAKEOVER_ACTIONS)[number]
  hostedZoneId?: string
  hostedZoneName?: string
  recordName: string
  recordType: (typeof RECORD_TYPES)[number]
  setIdentifier?: string
  enableParameter: { key: string; on: string; off: string }
  takeoverTtl: number
  skipTtlWait: boolean
  backupFile?: string
}

export type Route53ModeInputs = TemplateInputs & { mode: 'route53-takeover'; route53: Route53Inputs }

/** route53-takeover's input schema, on top of the common inputs; it always deploys a template. */
export function parseRoute53Inputs(get: InputGetter, common: CommonInputs): Route53ModeInputs {
  const inputs: Route53ModeInputs = { ...withTemplate(common), mode: 'route53-takeover', route53: parseRoute53(get, common.template?.template) }
  // the enable parameter's value is set by the takeover itself
  requireParameterValues(inputs, [inputs.route53.enableParameter.key])
  return inputs
}

function parseRoute53(get: InputGetter, template: Template | undefined): Route53Inputs {
  const { hostedZoneId, hostedZoneName, recordName } = parseZoneAndRecord(get, '')
  const enableRaw = get('enable-parameter')
  const m = /^([A-Za-z0-9]+)=(.*)$/.exec(enableRaw)
  if (!m)
    throw new InputError(
      'enable-parameter',
      `${enableRaw === '' ? 'is required' : `"${enableRaw}" is not accepted`}: the template parameter that turns the record on, with its on value, such as Route53Enable=true`
    )
  if (template && !(template.Parameters && m[1] in template.Parameters)) {
    throw new InputError('enable-parameter', `parameter ${m[1]} is not declared by the template`)
  }
  const off = get('disable-value') || 'false'
  if (off === m[2]) throw new InputError('disable-value', `"${off}" is the same as the on value of enable-parameter`)
  const setIdentifier = get('set-identifier')
  if (setIdentifier.length > 128) throw new InputError('set-identifier', 'is longer than 128 characters')
  return {
    action: oneOf(get, 'takeover-action', TAKEOVER_ACTIONS, 'takeover'),
    hostedZoneId,
    hostedZoneName,
    recordName,
    recordType: oneOf(get, 'record-type', RECORD_TYPES, 'A'),
    setIdentifier: setIdentifier || undefined,
    enableParameter: { key: m[1], on: m[2], off },
    takeoverTtl: parseNumber(get, 'takeover-ttl', 60, { min: 0, max: 172800, integer: true }),
    skipTtlWait: parseBoolean(get, 'skip-ttl-wait', false),
    backupFile: get('backup-file') || undefined
  }
}
