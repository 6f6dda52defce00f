import type { Template } from '../../cloudformation/template.js'
import { InputError } from '../../errors.js'
import { oneOf, parseBoolean, parseHostname, parseNumber, requireParameterValues, withTemplate, type CommonInputs, type InputGetter, type TemplateInputs } from '../../inputs.js'

export const RECORD_TYPES = ['A', 'AAAA', 'CNAME'] as const
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

/** A DNS name is in a zone when it is the zone's apex or ends in `.<zone>`, ignoring case and the final dot. */
export function inZone(name: string, zone: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '')
  const z = zone.toLowerCase().replace(/\.$/, '')
  return n === z || n.endsWith(`.${z}`)
}

function parseRoute53(get: InputGetter, template: Template | undefined): Route53Inputs {
  const zoneId = get('hosted-zone-id').replace(/^\/hostedzone\//, '')
  // Route 53 documents zone ids only as strings of at most 32 characters; the ones it assigns are upper-case alphanumeric.
  if (zoneId !== '' && !/^[A-Z0-9]{1,32}$/.test(zoneId))
    throw new InputError('hosted-zone-id', `"${zoneId}" is not a hosted zone id; accepted: up to 32 upper-case letters and digits, like Z0123456789ABCDEFGHIJ`)
  const zoneName = parseHostname(get('hosted-zone-name'), 'hosted-zone-name', false)
  if (!zoneId && !zoneName) throw new InputError('hosted-zone-id', 'is required (or hosted-zone-name): the zone that holds the record')
  const recordName = parseHostname(get('record-name'), 'record-name', true)!
  if (zoneName && !inZone(recordName, zoneName)) {
    throw new InputError('record-name', `${recordName} is not in the zone ${zoneName}: accepted: ${zoneName.replace(/\.$/, '')} itself or a name ending in .${zoneName.replace(/\.$/, '')}`)
  }
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
    hostedZoneId: zoneId || undefined,
    hostedZoneName: zoneName,
    recordName: recordName.replace(/\.$/, ''),
    recordType: oneOf(get, 'record-type', RECORD_TYPES, 'A'),
    setIdentifier: setIdentifier || undefined,
    enableParameter: { key: m[1], on: m[2], off },
    takeoverTtl: parseNumber(get, 'takeover-ttl', 60, { min: 0, max: 172800, integer: true }),
    skipTtlWait: parseBoolean(get, 'skip-ttl-wait', false),
    backupFile: get('backup-file') || undefined
  }
}
