import { readFileSync } from 'node:fs'
import { DeployError } from '../errors.js'
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml'

/** A CloudFormation template as plain data: short-form tags are expanded to their long `Fn::` form. */
export interface Template {
  AWSTemplateFormatVersion?: string
  Parameters?: Record<string, { Type?: string; Default?: unknown; AllowedValues?: unknown[] }>
  Conditions?: Record<string, unknown>
  Resources: Record<string, TemplateResource>
  Outputs?: Record<string, { Value: unknown; Export?: unknown; Condition?: string }>
  [section: string]: unknown
}

export interface TemplateResource {
  Type: string
  Properties?: Record<string, unknown>
  DependsOn?: string | string[]
  Condition?: string
  DeletionPolicy?: string
  UpdateReplacePolicy?: string
  [key: string]: unknown
}

export class TemplateError extends Error {}

const FN_TAGS = [
  'Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform',
  'And', 'Equals', 'If', 'Not', 'Or', 'ToJsonString', 'Length', 'ForEach'
]

function expandTag(tag: string, value: unknown): unknown {
  const name = tag.replace(/^!/, '')
  if (name === 'Ref') return { Ref: value }
  if (name === 'Condition') return { Condition: value }
  if (name === 'GetAtt') {
    if (typeof value === 'string') {
      const dot = value.indexOf('.')
      if (dot < 0) throw new TemplateError(`!GetAtt ${value} must be "Resource.Attribute"`)
      return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] }
    }
    return { 'Fn::GetAtt': value }
  }
  if (FN_TAGS.includes(name)) return { [`Fn::${name}`]: value }
  throw new TemplateError(`unknown CloudFormation tag !${name}`)
}

function toData(node: unknown, doc: Document): unknown {
  if (node === null || node === undefined) return null
  let value: unknown
  if (isAlias(node)) return toData(node.resolve(doc), doc)
  if (isScalar(node)) value = node.value
  else if (isSeq(node)) value = node.items.map((item) => toData(item, doc))
  else if (isMap(node)) {
    const out: Record<string, unknown> = {}
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      out[key] = toData(pair.value, doc)
    }
    value = out
  } else return node
  const tag = (node as { tag?: string }).tag
  if (tag && tag.startsWith('!')) return expandTag(tag, value)
  return value
}

/** Parses a template's text, YAML (with short-form tags) or JSON. */
export function parseTemplate(text: string, source = 'template'): Template {
  let data: unknown
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{')) {
    try {
      data = JSON.parse(text)
    } catch (err) {
      throw new TemplateError(`${source} is not valid JSON: ${(err as Error).message}`)
    }
  } else {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, version: '1.1' })
    if (doc.errors.length > 0) {
      throw new TemplateError(`${source} is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`)
    }
    data = toData(doc.contents, doc)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new TemplateError(`${source} must be a mapping with a Resources section`)
  }
  const template = data as Template
  if (typeof template.Resources !== 'object' || template.Resources === null || Array.isArray(template.Resources)) {
    throw new TemplateError(`${source} has no Resources section`)
  }
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (!/^[A-Za-z0-9]+$/.test(id)) throw new TemplateError(`${source}: logical id "${id}" must be alphanumeric`)
    if (typeof resource !== 'object' || resource === null || typeof resource.Type !== 'string') {
      throw new TemplateError(`${source}: resource ${id} has no Type`)
    }
  }
  return template
}

export function readTemplate(path: string): { template: Template; body: string } {
  const body = readFileSync(path, 'utf8')
  return { template: parseTemplate(body, path), body }
}

/** The most CloudFormation accepts as TemplateBody; larger templates go through S3 (template-source.ts). */
export const INLINE_LIMIT = 51_200
/** The most CloudFormation accepts from S3 (TemplateURL): 1 MB. */
export const TEMPLATE_LIMIT = 1_048_576

/** The rewritten template as a file a person reads: indented JSON. */
export function templateToText(template: Template): string {
  return JSON.stringify(template, null, 2)
}

/**
 * The body to send when the template was rewritten: JSON, which CloudFormation reads like YAML; compact when
 * the indented form is over the inline limit (compact bodies over it go through S3). `what` names the
 * template in the error when even that is over the 1 MB CloudFormation accepts from S3.
 */
export function templateToBody(template: Template, what = 'The rewritten template', nextSteps?: string): string {
  const pretty = templateToText(template)
  if (Buffer.byteLength(pretty) <= INLINE_LIMIT) return pretty
  const compact = JSON.stringify(template)
  if (Buffer.byteLength(compact) <= TEMPLATE_LIMIT) return compact
  throw new DeployError(`${what} is ${Buffer.byteLength(compact)} bytes as JSON, over the ${TEMPLATE_LIMIT} bytes (1 MB) CloudFormation accepts even from S3`, undefined, nextSteps)
}

export function resourcesOfType(template: Template, type: string): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id)
}
