import type { Stack, StackResource } from '@aws-sdk/client-cloudformation'
import { partition } from '@aws-sdk/core/client'
import type { Template } from '../../cloudformation/template.js'
import { normalizeName, type ResourceRecordSet } from '../../aws/route53.js'
import { conditionHolds } from '../../cloudformation/conditions.js'
import { resolve, Unresolvable, type Scope } from '../../cloudformation/intrinsics.js'
import { getAttsIn } from '../../cloudformation/references.js'
import type { TemplateRecord } from './template-record.js'

/** Outputs the action adds to the record-disabled deploy so CloudFormation itself computes the GetAtts the record uses. */
export const ATTRIBUTE_OUTPUT_PREFIX = 'BluegreenRecordAtt'

export function attributeOutputName(attribute: string): string {
  return `${ATTRIBUTE_OUTPUT_PREFIX}${attribute.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 255)
}

/**
 * The pseudo parameters CloudFormation will give the stack, known before it exists: AWS::StackName is the
 * stack-name input, AWS::Region the region, AWS::Partition and AWS::URLSuffix the region's partition (from the
 * SDK's partition table: aws-cn for cn-*, aws-us-gov for us-gov-*, ...). AWS::AccountId and AWS::StackId are
 * only known once the stack exists (read from its id, arn:partition:cloudformation:region:account:stack/name/uuid);
 * before, an expression using them stays unresolvable. AWS::NoValue is handled by the evaluator.
 */
export function pseudoParameters(stack: Stack | undefined, region: string, stackName: string): Record<string, string> {
  const pseudo: Record<string, string> = { 'AWS::Region': region, 'AWS::StackName': stackName }
  const arn = stack?.StackId?.split(':')
  if (arn && arn.length >= 6) {
    pseudo['AWS::Region'] = arn[3]
    pseudo['AWS::AccountId'] = arn[4]
    pseudo['AWS::StackId'] = stack!.StackId!
    if (stack!.StackName) pseudo['AWS::StackName'] = stack!.StackName
  }
  const { name, dnsSuffix } = partition(pseudo['AWS::Region'])
  pseudo['AWS::Partition'] = arn && arn.length >= 6 ? arn[1] : name
  pseudo['AWS::URLSuffix'] = dnsSuffix
  return pseudo
}

export function resourceExists(scope: Scope, logicalId: string): boolean {
  const resource = scope.template.Resources[logicalId]
  return resource !== undefined && (!resource.Condition || conditionHolds(scope, resource.Condition) === true)
}

/** Template outputs that are exactly one Fn::GetAtt: "Resource.Attribute" → output name. */
function getAttOutputs(template: Template): Map<string, string> {
  const found = new Map<string, string>()
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    const atts = [...getAttsIn(output.Value)]
    const value = output.Value as { 'Fn::GetAtt'?: unknown } | undefined
    if (atts.length === 1 && value && Object.keys(value).length === 1 && value['Fn::GetAtt'] !== undefined && !output.Condition) {
      found.set(atts[0], name)
    }
  }
  return found
}

/**
 * The outputs to add to the record-disabled deploy: one per Fn::GetAtt the record uses whose resource
 * exists in that deploy and that no output of the template already gives.
 */
export function attributeOutputs(record: TemplateRecord, offScope: Scope): Record<string, { Value: unknown }> {
  const existing = getAttOutputs(offScope.template)
  const outputs: Record<string, { Value: unknown }> = {}
  for (const att of getAttsIn(record.properties)) {
    const [resource, ...rest] = att.split('.')
    if (existing.has(att) || !resourceExists(offScope, resource)) continue
    outputs[attributeOutputName(att)] = { Value: { 'Fn::GetAtt': [resource, rest.join('.')] } }
  }
  return outputs
}

/** The template with those outputs added; unchanged (same object) when none are needed. */
export function withAttributeOutputs(template: Template, outputs: Record<string, { Value: unknown }>): Template {
  if (Object.keys(outputs).length === 0) return template
  return { ...template, Outputs: { ...(template.Outputs ?? {}), ...outputs } }
}

/** "Resource.Attribute" → value, from the stack's outputs (the template's own and the added ones). */
export function attributesFromOutputs(template: Template, stackOutputs: Record<string, string>): Record<string, string> {
  const attributes: Record<string, string> = {}
  for (const [att, name] of getAttOutputs(template)) if (stackOutputs[name] !== undefined) attributes[att] = stackOutputs[name]
  for (const [name, value] of Object.entries(stackOutputs)) {
    if (!name.startsWith(ATTRIBUTE_OUTPUT_PREFIX)) continue
    for (const att of getAttsIn(template.Resources)) if (attributeOutputName(att) === name) attributes[att] = value
  }
  return attributes
}

/** Logical id → physical id of the resources the stack has now. */
export function physicalIds(resources: StackResource[]): Record<string, string> {
  const ids: Record<string, string> = {}
  for (const r of resources) {
    if (r.LogicalResourceId && r.PhysicalResourceId && r.ResourceStatus !== 'DELETE_COMPLETE') ids[r.LogicalResourceId] = r.PhysicalResourceId
  }
  return ids
}

function optionalString(scope: Scope, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  const v = resolve(scope, value)
  if (typeof v === 'object') throw new Unresolvable(`${JSON.stringify(value)} is not a string`)
  return String(v)
}

function optionalNumber(scope: Scope, value: unknown, what: string): number | undefined {
  const v = optionalString(scope, value)
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isFinite(n)) throw new Unresolvable(`${what} "${v}" is not a number`)
  return n
}

function optionalBoolean(scope: Scope, value: unknown): boolean | undefined {
  const v = optionalString(scope, value)
  return v === undefined ? undefined : v === 'true'
}

/**
 * The record set exactly as CloudFormation will write it, or Unresolvable (with the reason) when a part
 * can only be known once CloudFormation creates it.
 */
export function resolveRecord(scope: Scope, record: TemplateRecord): ResourceRecordSet {
  const p = record.properties
  const out: ResourceRecordSet = {
    Name: normalizeName(optionalString(scope, p.Name) ?? ''),
    Type: optionalString(scope, p.Type) as ResourceRecordSet['Type']
  }
  const setId = optionalString(scope, p.SetIdentifier)
  if (setId !== undefined) out.SetIdentifier = setId
  const weight = optionalNumber(scope, p.Weight, 'Weight')
  if (weight !== undefined) out.Weight = weight
  const region = optionalString(scope, p.Region)
  if (region !== undefined) out.Region = region as ResourceRecordSet['Region']
  const failover = optionalString(scope, p.Failover)
  if (failover !== undefined) out.Failover = failover as ResourceRecordSet['Failover']
  if (p.GeoLocation !== undefined) out.GeoLocation = resolve(scope, p.GeoLocation) as ResourceRecordSet['GeoLocation']
  if (p.CidrRoutingConfig !== undefined) out.CidrRoutingConfig = resolve(scope, p.CidrRoutingConfig) as ResourceRecordSet['CidrRoutingConfig']
  const multi = optionalBoolean(scope, p.MultiValueAnswer)
  if (multi) out.MultiValueAnswer = true
  const health = optionalString(scope, p.HealthCheckId)
  if (health !== undefined) out.HealthCheckId = health
  if (p.AliasTarget !== undefined) {
    const alias = resolve(scope, p.AliasTarget) as Record<string, unknown>
    out.AliasTarget = {
      DNSName: normalizeName(String(alias.DNSName ?? '')),
      HostedZoneId: String(alias.HostedZoneId ?? ''),
      EvaluateTargetHealth: String(alias.EvaluateTargetHealth ?? 'false') === 'true'
    }
    return out
  }
  out.TTL = optionalNumber(scope, p.TTL, 'TTL')
  const values = resolve(scope, p.ResourceRecords ?? [])
  if (!Array.isArray(values)) throw new Unresolvable('ResourceRecords is not a list')
  out.ResourceRecords = values.map((v) => ({ Value: String(v) }))
  return out
}

/** resolveRecord, or the reason it cannot be resolved yet. */
export function tryResolveRecord(scope: Scope, record: TemplateRecord): { record: ResourceRecordSet } | { reason: string } {
  try {
    return { record: resolveRecord(scope, record) }
  } catch (err) {
    if (err instanceof Unresolvable) return { reason: err.message }
    throw err
  }
}
