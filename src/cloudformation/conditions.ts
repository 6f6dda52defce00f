import { asList, asString, resolve, Unresolvable, type Scope } from './intrinsics.js'

/**
 * A template's Conditions evaluated with what the scope knows: Fn::Equals (of any expression ./intrinsics.ts
 * resolves), Fn::Not, Fn::And, Fn::Or, Condition, and true / false. Three-valued: what depends on a value the
 * scope lacks is unknown, with the reason; Fn::And is false once one part is false and Fn::Or true once one
 * part is true, whatever the unknown parts would be, as CloudFormation (which knows them all) would decide.
 */
type Truth = boolean | Unresolvable

/** Whether the named condition holds; throws Unresolvable (with the reason) when the scope cannot tell. */
export function condition(scope: Scope, name: string): boolean {
  const value = named(scope, name)
  if (value instanceof Unresolvable) throw value
  return value
}

/** Whether the named condition holds; undefined when the scope cannot tell (an undeclared condition too). */
export function conditionHolds(scope: Scope, name: string): boolean | undefined {
  const value = named(scope, name)
  return value instanceof Unresolvable ? undefined : value
}

function named(scope: Scope, name: string): Truth {
  const evaluating = scope.evaluating ?? []
  if (evaluating.includes(name)) return new Unresolvable(`condition ${name} refers to itself (${[...evaluating, name].join(' → ')})`)
  const body = scope.template.Conditions?.[name]
  if (body === undefined) return new Unresolvable(`condition ${name} is not declared`)
  return truth({ ...scope, evaluating: [...evaluating, name] }, body)
}

function truth(scope: Scope, expr: unknown): Truth {
  if (typeof expr === 'boolean') return expr
  if (typeof expr === 'string') return expr === 'true'
  if (expr && typeof expr === 'object' && !Array.isArray(expr)) {
    const [fn, arg] = Object.entries(expr)[0] ?? []
    try {
      switch (fn) {
        case 'Condition':
          return named(scope, asString(arg, 'Condition'))
        case 'Fn::Equals': {
          const [a, b] = asList(arg, 'Fn::Equals').map((x) => resolve(scope, x))
          return JSON.stringify(stringly(a)) === JSON.stringify(stringly(b))
        }
        case 'Fn::Not': {
          const inner = truth(scope, asList(arg, 'Fn::Not')[0])
          return inner instanceof Unresolvable ? inner : !inner
        }
        case 'Fn::And':
        case 'Fn::Or': {
          const decisive = fn === 'Fn::Or'
          const parts = asList(arg, fn).map((x) => truth(scope, x))
          if (parts.includes(decisive)) return decisive
          return parts.find((p) => p instanceof Unresolvable) ?? !decisive
        }
      }
    } catch (err) {
      if (err instanceof Unresolvable) return err
      throw err
    }
  }
  return new Unresolvable(`condition ${JSON.stringify(expr)} is not understood`)
}

/** Fn::Equals compares values as strings: `!Equals [!Ref Count, 3]` holds for Count "3". */
function stringly(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value
}
