import { condition } from './conditions.js'
import type { Template } from './template.js'

/**
 * Template expressions evaluated as CloudFormation will evaluate them: Ref (parameters, pseudo parameters,
 * resources), Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::FindInMap, Fn::Base64 and
 * AWS::NoValue. What the scope does not know is Unresolvable, never a guess. Conditions: ./conditions.ts.
 */

/** A value that cannot be known before CloudFormation computes it; the reason says which part. */
export class Unresolvable extends Error {}

/** Stands for AWS::NoValue: the property or list item is left out. */
export const NO_VALUE = Symbol('AWS::NoValue')

/** What an expression may refer to. Missing parts make the expression unresolvable, never a guess. */
export interface Scope {
  template: Template
  /** Parameter values as CloudFormation would see them (defaults, then given values). */
  parameters: Record<string, string>
  /** AWS::Region, AWS::AccountId, AWS::StackName, AWS::StackId, AWS::Partition, AWS::URLSuffix when known. */
  pseudo: Record<string, string>
  /** Physical ids of resources the stack has (Ref). */
  resources?: Record<string, string>
  /** Fn::GetAtt values the stack exposes, keyed "Resource.Attribute". */
  attributes?: Record<string, string>
  /** The conditions being evaluated, innermost last: a condition that reaches itself is unresolvable, not an endless loop. */
  evaluating?: readonly string[]
}

const LIST_TYPES = /^(CommaDelimitedList|List<.*>)$/

function parameter(scope: Scope, name: string): string | string[] {
  if (!(name in scope.parameters)) throw new Unresolvable(`parameter ${name} has no value`)
  const value = scope.parameters[name]
  const type = scope.template.Parameters?.[name]?.Type ?? 'String'
  return LIST_TYPES.test(type) ? value.split(',').map((s) => s.trim()) : value
}

function ref(scope: Scope, name: string): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE
  if (name.startsWith('AWS::')) {
    if (name in scope.pseudo) return scope.pseudo[name]
    throw new Unresolvable(`${name} is not known yet`)
  }
  if (scope.template.Parameters && name in scope.template.Parameters) return parameter(scope, name)
  if (name in scope.template.Resources) {
    const id = scope.resources?.[name]
    if (id === undefined) throw new Unresolvable(`resource ${name} is not in the stack (yet)`)
    return id
  }
  throw new Unresolvable(`Ref ${name} names neither a parameter nor a resource`)
}

function getAtt(scope: Scope, resource: string, attribute: string): string {
  const value = scope.attributes?.[`${resource}.${attribute}`]
  if (value === undefined) throw new Unresolvable(`Fn::GetAtt ${resource}.${attribute} is not exposed by a stack output`)
  return value
}

export function asString(value: unknown, what: string): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new Unresolvable(`${what} is not a string`)
}

export function asList(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Unresolvable(`${what} is not a list`)
  return value
}

function sub(scope: Scope, text: string, vars: Record<string, unknown>): string {
  return text.replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`
    if (inner in vars) return asString(vars[inner], `Fn::Sub variable ${inner}`)
    const dot = inner.indexOf('.')
    if (dot > 0 && !inner.startsWith('AWS::')) return getAtt(scope, inner.slice(0, dot), inner.slice(dot + 1))
    return asString(ref(scope, inner), `Fn::Sub \${${inner}}`)
  })
}

/** Evaluates a template expression to plain data, or throws Unresolvable. */
export function resolve(scope: Scope, expr: unknown): unknown {
  if (Array.isArray(expr)) return expr.map((x) => resolve(scope, x)).filter((x) => x !== NO_VALUE)
  if (expr === null || typeof expr !== 'object') return expr
  const entries = Object.entries(expr)
  if (entries.length === 1) {
    const [fn, arg] = entries[0]
    switch (fn) {
      case 'Ref':
        return ref(scope, asString(arg, 'Ref'))
      case 'Fn::GetAtt': {
        const parts = typeof arg === 'string' ? arg.split(/\.(.*)/s) : asList(arg, 'Fn::GetAtt')
        return getAtt(scope, asString(parts[0], 'Fn::GetAtt'), asString(resolve(scope, parts[1]), 'Fn::GetAtt'))
      }
      case 'Fn::Sub': {
        if (typeof arg === 'string') return sub(scope, arg, {})
        const [text, vars] = asList(arg, 'Fn::Sub')
        const resolved: Record<string, unknown> = {}
        for (const [k, v] of Object.entries((vars ?? {}) as Record<string, unknown>)) resolved[k] = resolve(scope, v)
        return sub(scope, asString(text, 'Fn::Sub'), resolved)
      }
      case 'Fn::Join': {
        const [delimiter, list] = asList(arg, 'Fn::Join')
        return asList(resolve(scope, list), 'Fn::Join list')
          .map((x) => asString(x, 'Fn::Join item'))
          .join(asString(delimiter, 'Fn::Join delimiter'))
      }
      case 'Fn::Select': {
        const [index, list] = asList(arg, 'Fn::Select')
        const items = asList(resolve(scope, list), 'Fn::Select list')
        const i = Number(resolve(scope, index))
        if (!Number.isInteger(i) || i < 0 || i >= items.length) throw new Unresolvable(`Fn::Select index ${i} is out of range`)
        return items[i]
      }
      case 'Fn::Split': {
        const [delimiter, text] = asList(arg, 'Fn::Split')
        return asString(resolve(scope, text), 'Fn::Split string').split(asString(delimiter, 'Fn::Split delimiter'))
      }
      case 'Fn::If': {
        const [name, yes, no] = asList(arg, 'Fn::If')
        return resolve(scope, condition(scope, asString(name, 'Fn::If condition')) ? yes : no)
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = asList(arg, 'Fn::FindInMap').map((x) => asString(resolve(scope, x), 'Fn::FindInMap key'))
        const mappings = (scope.template.Mappings ?? {}) as Record<string, Record<string, Record<string, unknown>>>
        const value = mappings[map]?.[top]?.[second]
        if (value === undefined) throw new Unresolvable(`Fn::FindInMap ${map}.${top}.${second} is not in Mappings`)
        return value
      }
      case 'Fn::Base64':
        return Buffer.from(asString(resolve(scope, arg), 'Fn::Base64'), 'utf8').toString('base64')
    }
    if (fn.startsWith('Fn::')) throw new Unresolvable(`${fn} is not evaluated by the action`)
  }
  const out: Record<string, unknown> = {}
  for (const [k, v] of entries) {
    const value = resolve(scope, v)
    if (value !== NO_VALUE) out[k] = value
  }
  return out
}
