import type { Template } from '../../cloudformation/template.js'
import { DeployError } from '../../errors.js'
import { normalizeName, type HostedZone, type RecordKey } from '../../aws/route53.js'
import { condition } from '../../cloudformation/conditions.js'
import { NO_VALUE, resolve, Unresolvable, type Scope } from '../../cloudformation/intrinsics.js'

export const RECORD_SET = 'AWS::Route53::RecordSet'
export const RECORD_SET_GROUP = 'AWS::Route53::RecordSetGroup'

/** The template's record: a RecordSet resource, or one entry of a RecordSetGroup's RecordSets. */
export interface TemplateRecord {
  logicalId: string
  resourceType: typeof RECORD_SET | typeof RECORD_SET_GROUP
  /** Index in the group's RecordSets; undefined for a RecordSet. */
  index?: number
  /** The record's properties as written (intrinsics unresolved), HostedZone* of a group merged in. */
  properties: Record<string, unknown>
  /** A group entry written as Fn::If [condition, entry, AWS::NoValue] is there only when the condition holds. */
  entryCondition?: string
}

function entries(template: Template): TemplateRecord[] {
  const out: TemplateRecord[] = []
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const props = (resource.Properties ?? {}) as Record<string, unknown>
    if (resource.Type === RECORD_SET) out.push({ logicalId, resourceType: RECORD_SET, properties: props })
    if (resource.Type === RECORD_SET_GROUP && Array.isArray(props.RecordSets)) {
      props.RecordSets.forEach((raw, index) => {
        const ifArgs = (raw as { 'Fn::If'?: unknown[] })?.['Fn::If']
        const guarded = Array.isArray(ifArgs) && typeof ifArgs[0] === 'string' && isNoValue(ifArgs[2])
        const entry = (guarded ? ifArgs[1] : raw) as Record<string, unknown>
        out.push({
          logicalId,
          resourceType: RECORD_SET_GROUP,
          index,
          properties: { HostedZoneId: props.HostedZoneId, HostedZoneName: props.HostedZoneName, ...entry },
          entryCondition: guarded ? (ifArgs[0] as string) : undefined
        })
      })
    }
  }
  return out
}

function isNoValue(x: unknown): boolean {
  return (x as { Ref?: unknown })?.Ref === 'AWS::NoValue'
}

function tryResolve(scope: Scope, expr: unknown): unknown {
  try {
    return resolve(scope, expr)
  } catch (err) {
    if (err instanceof Unresolvable) return undefined
    throw err
  }
}

/** A record field for a message: its value, or the expression as written and why it is not known yet. */
function shown(scope: Scope, expr: unknown): string {
  try {
    const value = resolve(scope, expr)
    return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value)
  } catch (err) {
    if (err instanceof Unresolvable) return `${JSON.stringify(expr)} (unknown before the deploy: ${err.message})`
    throw err
  }
}

/**
 * Whether the record is in the stack with these parameters: the resource's Condition, and for a group
 * entry written as Fn::If, that condition too.
 */
export function recordPresent(scope: Scope, record: TemplateRecord): boolean {
  const cond = scope.template.Resources[record.logicalId].Condition
  if (cond && !condition(scope, cond)) return false
  return !record.entryCondition || condition(scope, record.entryCondition)
}

/**
 * Finds the template's record by name, type and set identifier (names resolved with parameters).
 * It must be in this zone, and turned on by the enable parameter's value and off by the other.
 */
export function findTemplateRecord(template: Template, key: RecordKey, zone: HostedZone, scopes: { on: Scope; off: Scope }, enable: { key: string; on: string; off: string }): TemplateRecord {
  const all = entries(template)
  const matches = all.filter((r) => {
    const name = tryResolve(scopes.on, r.properties.Name)
    const type = tryResolve(scopes.on, r.properties.Type)
    // A set identifier that is written but not known yet is not "none": it matches no key.
    const written = r.properties.SetIdentifier === undefined ? undefined : (tryResolve(scopes.on, r.properties.SetIdentifier) ?? null)
    const setId = written === NO_VALUE ? undefined : written
    return typeof name === 'string' && normalizeName(name) === normalizeName(key.name) && type === key.type && setId === key.setIdentifier
  })
  if (matches.length === 0) {
    const seen = all.map((r) => {
      const setId = r.properties.SetIdentifier === undefined ? '' : ` set ${shown(scopes.on, r.properties.SetIdentifier)}`
      return `${r.logicalId}${r.index !== undefined ? `[${r.index}]` : ''}: ${shown(scopes.on, r.properties.Name)} ${shown(scopes.on, r.properties.Type)}${setId}`
    })
    throw new DeployError(
      `The template has no ${RECORD_SET} or ${RECORD_SET_GROUP} entry for ${normalizeName(key.name)} ${key.type}${key.setIdentifier ? ` with set identifier ${key.setIdentifier}` : ''}`,
      seen.length ? `Records in the template: ${seen.join('; ')}` : 'The template declares no Route 53 records.',
      'Check record-name, record-type, set-identifier and the parameters the record name is built from.'
    )
  }
  if (matches.length > 1) {
    throw new DeployError(`The template declares ${normalizeName(key.name)} ${key.type} more than once (${matches.map((m) => m.logicalId).join(', ')})`)
  }
  const record = matches[0]
  const zoneId = tryResolve(scopes.on, record.properties.HostedZoneId)
  const zoneName = tryResolve(scopes.on, record.properties.HostedZoneName)
  const sameZone = typeof zoneId === 'string' ? zoneId.replace(/^\/hostedzone\//, '') === zone.id : typeof zoneName === 'string' ? normalizeName(zoneName) === zone.name : undefined
  if (sameZone === false) {
    throw new DeployError(`${record.logicalId} is in zone ${String(zoneId ?? zoneName)}, not in ${zone.id} (${zone.name})`, undefined, 'Check hosted-zone-id or hosted-zone-name.')
  }
  let switched: boolean
  try {
    switched = recordPresent(scopes.on, record) && !recordPresent(scopes.off, record)
  } catch (err) {
    if (!(err instanceof Unresolvable)) throw err
    throw new DeployError(`The condition of ${record.logicalId} cannot be evaluated from parameters alone: ${err.message}`)
  }
  if (!switched) {
    throw new DeployError(
      `${record.logicalId} is not turned on and off by ${enable.key}: it must be absent with ${enable.key}=${enable.off} and present with ${enable.key}=${enable.on}`,
      undefined,
      `Give ${record.logicalId} a Condition on ${enable.key} (for example Fn::Equals [!Ref ${enable.key}, "${enable.on}"]), or fix enable-parameter and disable-value.`
    )
  }
  return record
}
