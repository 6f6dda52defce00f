import type { Parameter, Stack } from '@aws-sdk/client-cloudformation'
import type { Template } from './template.js'

/**
 * Parameter values CloudFormation would use: template defaults, then the given ones (UsePreviousValue takes the
 * stack's current value from `previous`), then `overrides`.
 */
export function parameterValues(template: Template, given: Parameter[], overrides: Record<string, string> = {}, previous: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [name, p] of Object.entries(template.Parameters ?? {})) {
    if (p && p.Default !== undefined && p.Default !== null) values[name] = Array.isArray(p.Default) ? p.Default.join(',') : String(p.Default)
  }
  for (const p of given) {
    if (p.UsePreviousValue && p.ParameterKey && previous[p.ParameterKey] !== undefined) values[p.ParameterKey] = previous[p.ParameterKey]
    else if (p.ParameterKey && p.ParameterValue !== undefined) values[p.ParameterKey] = p.ParameterValue
  }
  return { ...values, ...overrides }
}

/** The stack's current parameter values, for UsePreviousValue. */
export function currentParameterValues(stack: Stack | undefined): Record<string, string> {
  const previous: Record<string, string> = {}
  for (const p of stack?.Parameters ?? []) if (p.ParameterKey) previous[p.ParameterKey] = p.ParameterValue ?? ''
  return previous
}
