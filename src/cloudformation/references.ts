import type { Template } from './template.js'

/**
 * Every way a CloudFormation template names another logical id: Ref, Fn::GetAtt (list and "A.B" string),
 * Fn::Sub `${Name}` / `${Name.Attr}` (string and [string, vars] forms) and DependsOn. Parsed templates hold
 * short-form tags in their long form already, so one walker covers YAML and JSON.
 */

/** `${Name}` or `${Name.Attr}` in a Fn::Sub string; `${!Literal}` is an escape and is not matched. */
const SUB_VARIABLE = /\$\{([^!}][^}]*)\}/g

/** `Name.Attr` split at its first dot; a pseudo parameter (`AWS::Region`) has no attribute. */
function splitAttribute(text: string): { target: string; attribute?: string } {
  const trimmed = text.trim()
  const dot = trimmed.indexOf('.')
  return dot < 0 ? { target: trimmed } : { target: trimmed.slice(0, dot), attribute: trimmed.slice(dot + 1) }
}

function subTarget(variable: string): string {
  return splitAttribute(variable).target
}

function renameInSub(text: string, rename: (id: string) => string | undefined, shadowed: Set<string>): string {
  return text.replace(SUB_VARIABLE, (whole, variable: string) => {
    const target = subTarget(variable)
    if (shadowed.has(target)) return whole
    const to = rename(target)
    if (!to) return whole
    const rest = variable.trim().slice(target.length)
    return `\${${to}${rest}}`
  })
}

function renameGetAtt(value: unknown, rename: (id: string) => string | undefined): unknown {
  if (typeof value === 'string') {
    const dot = value.indexOf('.')
    const target = dot < 0 ? value : value.slice(0, dot)
    const to = rename(target)
    return to ? `${to}${value.slice(target.length)}` : value
  }
  if (Array.isArray(value) && typeof value[0] === 'string') {
    const to = rename(value[0])
    return [to ?? value[0], ...value.slice(1).map((v) => renameValue(v, rename))]
  }
  return renameValue(value, rename)
}

/** What a value stands for when it is nothing but a reference: a logical id, with the attribute for a GetAtt. */
export interface SoleReference {
  target: string
  attribute?: string
}

/**
 * The logical id (and attribute) a value resolves to when the whole value is one reference: `Ref X`,
 * `Fn::GetAtt [X, A]` or `"X.A"`, and a Fn::Sub whose whole string is `${X}` or `${X.A}` (a variable given
 * in the [string, vars] form resolves to its value). `${X}` in a Sub means what `Ref X` means.
 */
export function soleReference(value: unknown): SoleReference | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  const keys = Object.keys(value)
  if (keys.length !== 1) return undefined
  const arg = (value as Record<string, unknown>)[keys[0]]
  switch (keys[0]) {
    case 'Ref':
      return typeof arg === 'string' ? { target: arg } : undefined
    case 'Fn::GetAtt': {
      if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && typeof arg[1] === 'string') return { target: arg[0], attribute: arg[1] }
      if (typeof arg === 'string' && arg.includes('.')) return { target: arg.slice(0, arg.indexOf('.')), attribute: arg.slice(arg.indexOf('.') + 1) }
      return undefined
    }
    case 'Fn::Sub': {
      const text = typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : undefined
      const whole = text === undefined ? null : /^\$\{([^!}][^}]*)\}$/.exec(text)
      if (!whole) return undefined
      const variable = whole[1].trim()
      const vars = Array.isArray(arg) && arg[1] && typeof arg[1] === 'object' ? (arg[1] as Record<string, unknown>) : {}
      if (Object.hasOwn(vars, variable)) return soleReference(vars[variable])
      const dot = variable.indexOf('.')
      return dot < 0 ? { target: variable } : { target: variable.slice(0, dot), attribute: variable.slice(dot + 1) }
    }
    default:
      return undefined
  }
}

/** A copy of any template value with every reference to a renamed logical id pointing at its new name. */
export function renameValue(value: unknown, rename: (id: string) => string | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => renameValue(v, rename))
  if (value === null || typeof value !== 'object') return value
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj)
  if (keys.length === 1) {
    const [key] = keys
    const arg = obj[key]
    if (key === 'Ref' && typeof arg === 'string') return { Ref: rename(arg) ?? arg }
    if (key === 'Fn::GetAtt') return { 'Fn::GetAtt': renameGetAtt(arg, rename) }
    if (key === 'Fn::Sub') {
      if (typeof arg === 'string') return { 'Fn::Sub': renameInSub(arg, rename, new Set()) }
      if (Array.isArray(arg) && typeof arg[0] === 'string') {
        const vars = (arg[1] ?? {}) as Record<string, unknown>
        const shadowed = new Set(typeof vars === 'object' && vars !== null ? Object.keys(vars) : [])
        return { 'Fn::Sub': [renameInSub(arg[0], rename, shadowed), ...arg.slice(1).map((v) => renameValue(v, rename))] }
      }
    }
  }
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(obj)) out[k] = renameValue(v, rename)
  return out
}

function renameDependsOn(dependsOn: unknown, rename: (id: string) => string | undefined): unknown {
  if (typeof dependsOn === 'string') return rename(dependsOn) ?? dependsOn
  if (Array.isArray(dependsOn)) return dependsOn.map((d) => (typeof d === 'string' ? (rename(d) ?? d) : d))
  return dependsOn
}

/**
 * The template with the given logical ids renamed, and every reference to them (in Resources, Outputs,
 * Conditions, Metadata, anywhere) following. The input is not changed.
 */
export function renameLogicalIds(template: Template, renames: Map<string, string>): Template {
  const rename = (id: string) => renames.get(id)
  const out: Template = { ...template, Resources: {} }
  for (const [section, value] of Object.entries(template)) {
    if (section === 'Resources' || section === 'Parameters' || section === 'Mappings') continue
    out[section] = renameValue(value, rename)
  }
  for (const [id, resource] of Object.entries(template.Resources)) {
    const copy = renameValue(resource, rename) as typeof resource
    if (resource.DependsOn !== undefined) copy.DependsOn = renameDependsOn(resource.DependsOn, rename) as string | string[]
    out.Resources[rename(id) ?? id] = copy
  }
  return out
}

/** Where a template names a logical id: one entry per reference, with the place it was found. */
export interface Reference {
  target: string
  /** The attribute of a Fn::GetAtt, or of a `${Name.Attr}` in Fn::Sub. */
  attribute?: string
  via: 'Ref' | 'Fn::GetAtt' | 'Fn::Sub' | 'DependsOn'
  at: string
}

function collect(value: unknown, at: string, out: Reference[], shadowed = new Set<string>()): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => collect(v, `${at}[${i}]`, out))
    return
  }
  if (value === null || typeof value !== 'object') return
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj)
  if (keys.length === 1) {
    const [key] = keys
    const arg = obj[key]
    if (key === 'Ref' && typeof arg === 'string') {
      out.push({ target: arg, via: 'Ref', at })
      return
    }
    if (key === 'Fn::GetAtt') {
      if (typeof arg === 'string') out.push({ ...splitAttribute(arg), via: 'Fn::GetAtt', at })
      else if (Array.isArray(arg) && typeof arg[0] === 'string') {
        out.push({ target: arg[0], ...(typeof arg[1] === 'string' && { attribute: arg[1] }), via: 'Fn::GetAtt', at })
        arg.slice(1).forEach((v, i) => collect(v, `${at}.Fn::GetAtt[${i + 1}]`, out))
      }
      return
    }
    if (key === 'Fn::Sub') {
      const text = typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : undefined
      const vars = Array.isArray(arg) && arg[1] && typeof arg[1] === 'object' ? (arg[1] as Record<string, unknown>) : {}
      const inner = new Set([...shadowed, ...Object.keys(vars)])
      if (text !== undefined) {
        for (const m of text.matchAll(SUB_VARIABLE)) {
          const ref = splitAttribute(m[1])
          if (!inner.has(ref.target)) out.push({ ...ref, via: 'Fn::Sub', at })
        }
      }
      for (const [k, v] of Object.entries(vars)) collect(v, `${at}.Fn::Sub.${k}`, out)
      return
    }
  }
  for (const [k, v] of Object.entries(obj)) collect(v, at === '' ? k : `${at}.${k}`, out)
}

/** Every reference the template makes to a logical id (or parameter, or pseudo parameter). */
export function findReferences(template: Template): Reference[] {
  const out: Reference[] = []
  for (const [section, value] of Object.entries(template)) {
    if (section === 'Resources' || section === 'Parameters' || section === 'Mappings') continue
    collect(value, section, out)
  }
  for (const [id, resource] of Object.entries(template.Resources)) {
    const { DependsOn, ...rest } = resource
    collect(rest, `Resources.${id}`, out)
    const deps = typeof DependsOn === 'string' ? [DependsOn] : Array.isArray(DependsOn) ? DependsOn : []
    for (const d of deps) out.push({ target: d, via: 'DependsOn', at: `Resources.${id}.DependsOn` })
  }
  return out
}

/** Every reference a value makes (Ref, Fn::GetAtt, Fn::Sub; DependsOn is a resource's, see findReferences). */
export function referencesIn(value: unknown): Reference[] {
  const out: Reference[] = []
  collect(value, '', out)
  return out
}

/** The logical ids a value (one resource, say) refers to, DependsOn excluded. */
export function referencedIds(value: unknown): Set<string> {
  return new Set(referencesIn(value).map((r) => r.target))
}

/** Every Fn::GetAtt a value uses (also as `${Name.Attr}` inside Fn::Sub strings), as "Resource.Attribute". */
export function getAttsIn(value: unknown): Set<string> {
  return new Set(referencesIn(value).flatMap((r) => (r.attribute === undefined ? [] : [`${r.target}.${r.attribute}`])))
}

/** The conditions a value (a resource's properties, say) chooses by with Fn::If. */
export function conditionsUsedIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) conditionsUsedIn(v, out)
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Fn::If' && Array.isArray(v) && typeof v[0] === 'string') out.add(v[0])
      conditionsUsedIn(v, out)
    }
  }
  return out
}
