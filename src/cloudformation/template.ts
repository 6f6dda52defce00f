import { DeployError } from '../errors.js'
import { readTemplateText, TemplateError, templateSources } from './template-reader.js'
import { writeCompactJson, writeTemplate } from './template-writer.js'

export { TemplateError }

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

/**
 * Parses a template's text, YAML (with short-form tags) or JSON, as cfn-lint reads it: YAML 1.1 typing as
 * PyYAML's SafeLoader does it (`2012-10-17` and `N` stay strings), every CloudFormation function, rule
 * function and language extension accepted, aliases limited. `source` names the template in errors, which
 * carry the line. The template remembers its text, so a rewrite of it keeps everything it does not change.
 */
export function parseTemplate(text: string, source = 'template'): Template {
  return readTemplateText(text, source) as Template
}

/** The file extension for a template's text: JSON stays JSON, YAML stays YAML. */
export function templateExtension(template: Template): '.json' | '.yaml' {
  return templateSources.get(template)?.json === false ? '.yaml' : '.json'
}

/** The most CloudFormation accepts as TemplateBody; larger templates go through S3 (template-source.ts). */
export const INLINE_LIMIT = 51_200
/** The most CloudFormation accepts from S3 (TemplateURL): 1 MB. */
export const TEMPLATE_LIMIT = 1_048_576

/**
 * The rewritten template as text: when `from` is the parsed template it was derived from, that template's
 * own text with only the changes edited in (YAML stays YAML, comments and every untouched value as
 * written); otherwise indented JSON.
 */
export function templateToText(template: Template, from?: Template): string {
  return writeTemplate(template, from)
}

/**
 * The body to send when the template was rewritten: the text of templateToText; compact JSON when that is
 * over the inline limit and compact JSON is not. Over the inline limit either way it goes through S3, so the
 * text is kept (up to the 1 MB CloudFormation takes from S3). `what` names the template in the error when
 * even compact JSON is over that.
 */
export function templateToBody(template: Template, from?: Template, what = 'The rewritten template', nextSteps?: string): string {
  const text = templateToText(template, from)
  if (Buffer.byteLength(text) <= INLINE_LIMIT) return text
  const compact = writeCompactJson(template)
  if (Buffer.byteLength(compact) <= INLINE_LIMIT) return compact
  if (Buffer.byteLength(text) <= TEMPLATE_LIMIT) return text
  if (Buffer.byteLength(compact) <= TEMPLATE_LIMIT) return compact
  throw new DeployError(`${what} is ${Buffer.byteLength(compact)} bytes as JSON, over the ${TEMPLATE_LIMIT} bytes (1 MB) CloudFormation accepts even from S3`, undefined, nextSteps)
}

export function resourcesOfType(template: Template, type: string): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id)
}
