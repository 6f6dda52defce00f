import type { Template } from '../../cloudformation/template.js'

/**
 * Evaluates a template condition with the parameter values the deploy will use: Fn::Equals, Fn::Not,
 * Fn::And, Fn::Or, Condition and Ref to a parameter. undefined when it depends on anything else.
 */
export function evaluateCondition(template: Template, name: string, parameters: Record<string, string>, seen: string[] = []): boolean | undefined {
  if (seen.includes(name)) return undefined
  const expr = template.Conditions?.[name]
  return expr === undefined ? undefined : evaluate(template, expr, parameters, [...seen, name])
}

function value(expr: unknown, parameters: Record<string, string>): string | undefined {
  if (typeof expr === 'string' || typeof expr === 'number' || typeof expr === 'boolean') return String(expr)
  const ref = (expr as { Ref?: unknown } | null)?.Ref
  return typeof ref === 'string' && ref in parameters ? parameters[ref] : undefined
}

function evaluate(template: Template, expr: unknown, parameters: Record<string, string>, seen: string[]): boolean | undefined {
  if (expr === null || typeof expr !== 'object' || Array.isArray(expr)) return undefined
  const [key, arg] = Object.entries(expr)[0] ?? []
  const args = Array.isArray(arg) ? arg : []
  switch (key) {
    case 'Condition':
      return typeof arg === 'string' ? evaluateCondition(template, arg, parameters, seen) : undefined
    case 'Fn::Equals': {
      const [a, b] = args.map((x) => value(x, parameters))
      return a === undefined || b === undefined ? undefined : a === b
    }
    case 'Fn::Not': {
      const inner = evaluate(template, args[0], parameters, seen)
      return inner === undefined ? undefined : !inner
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const all = args.map((x) => evaluate(template, x, parameters, seen))
      if (key === 'Fn::And' && all.includes(false)) return false
      if (key === 'Fn::Or' && all.includes(true)) return true
      return all.includes(undefined) ? undefined : key === 'Fn::And'
    }
    default:
      return undefined
  }
}
