import { isAlias, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml'
import { longFormOf } from './functions.js'
import { dataOrigins, type TemplateSource } from './template-reader.js'
import { plainKind } from './yaml-scalars.js'

/**
 * Fresh text for a value: YAML (block or flow) or JSON. A mapping or sequence that was read from a template
 * and is unchanged is rendered from its nodes, so its numbers, dates and booleans keep the text they were
 * written with (`1.10` stays `1.10`, `2012-10-17` stays a plain date); anything new is written so that
 * every YAML reader (YAML 1.1 and 1.2, PyYAML) reads it back as the same value.
 */
export type View = { kind: 'map'; entries: [string, View][] } | { kind: 'seq'; items: View[] } | { kind: 'scalar'; text: (flow: boolean) => string } | { kind: 'tagged'; tag: string; inner: View }

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** The keys of a mapping that have a value (a key set to undefined is not written, as in JSON). */
export function definedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).filter((k) => o[k] !== undefined)
}

/** Same data: deep equality, key order ignored, NaN equal to NaN. */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameData(v, b[i]))
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = definedKeys(a)
    return ka.length === definedKeys(b).length && ka.every((k) => b[k] !== undefined && sameData(a[k], b[k]))
  }
  return false
}

// Characters a YAML stream may not carry raw, or that YAML 1.1 reads as line breaks inside a quoted string.
const ESCAPE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g

/** A double-quoted string that JSON, YAML 1.1 and YAML 1.2 all read as `s`. */
export function quoted(s: string): string {
  return JSON.stringify(s).replace(ESCAPE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

const WORDS_SOME_YAML_TYPES = /^(?:y|Y|n|N|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/

/** Whether `s` can be written unquoted: a word every YAML version reads as this string. */
export function safePlain(s: string, flow: boolean): boolean {
  const re = flow ? /^[A-Za-z][A-Za-z0-9_./-]*$/ : /^[A-Za-z][A-Za-z0-9_./:-]*$/
  return re.test(s) && !s.endsWith(':') && !WORDS_SOME_YAML_TYPES.test(s) && plainKind(s) === 'str'
}

export class Renderer {
  constructor(readonly json: boolean) {}

  scalar(v: unknown, flow: boolean): string {
    if (typeof v === 'string') return !this.json && safePlain(v, flow) ? v : quoted(v)
    if (typeof v === 'number') return this.number(v)
    if (typeof v === 'boolean') return String(v)
    if (v === null || v === undefined) return 'null'
    return quoted(String(v))
  }

  private number(v: number): string {
    if (!Number.isFinite(v)) return this.json ? quoted(String(v)) : Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf'
    const s = String(v)
    if (this.json || !/e/.test(s) || s.includes('.')) return s
    return s.replace('e', '.0e') // PyYAML reads an exponent only after a dot
  }

  key(k: string, flow: boolean): string {
    return !this.json && safePlain(k, flow) ? k : quoted(k)
  }

  /** The view of a value: from its nodes when it was read from a template and is unchanged. */
  view(value: unknown, useOrigin = true): View {
    if (useOrigin && value !== null && typeof value === 'object') {
      const origin = dataOrigins.get(value)
      if (origin && sameData(readingOf(origin.source, origin.node), value)) return this.nodeView(origin.source, origin.node)
    }
    if (Array.isArray(value)) return { kind: 'seq', items: value.map((v) => this.view(v)) }
    if (isPlainObject(value)) return this.shortForm(value) ?? { kind: 'map', entries: definedKeys(value).map((k) => [k, this.view(value[k])]) }
    return { kind: 'scalar', text: (flow) => this.scalar(value, flow) }
  }

  /** `{Ref: X}` as `!Ref X`, `{"Fn::GetAtt": [A, B]}` as `!GetAtt A.B`: how people write them in YAML. */
  private shortForm(value: Record<string, unknown>): View | undefined {
    const keys = definedKeys(value)
    if (this.json || keys.length !== 1) return undefined
    const [key] = keys
    const tag = key === 'Ref' || key === 'Condition' ? `!${key}` : key.startsWith('Fn::') && longFormOf(`!${key.slice(4)}`) === key ? `!${key.slice(4)}` : undefined
    if (!tag) return undefined
    const inner = value[key]
    if (key === 'Fn::GetAtt' && Array.isArray(inner) && inner.length === 2 && inner.every((s) => typeof s === 'string') && !inner[0].includes('.')) {
      return { kind: 'tagged', tag, inner: this.view(`${inner[0]}.${inner[1]}`) }
    }
    // A tagged scalar is always a string, so only strings and collections can take the short form.
    return typeof inner === 'string' || Array.isArray(inner) || isPlainObject(inner) ? { kind: 'tagged', tag, inner: this.view(inner) } : undefined
  }

  nodeView(src: TemplateSource, node: Node | null): View {
    if (node === null) return { kind: 'scalar', text: () => 'null' }
    if (isAlias(node)) return this.nodeView(src, src.aliasTargets.get(node) ?? null)
    const fn = node.tag && !node.tag.startsWith('tag:') ? longFormOf(node.tag) : undefined
    if (fn) {
      const inner = this.untaggedView(src, node, fn)
      return this.json ? { kind: 'map', entries: [[fn, inner]] } : { kind: 'tagged', tag: node.tag!, inner }
    }
    return this.untaggedView(src, node)
  }

  private untaggedView(src: TemplateSource, node: Node, fn?: string): View {
    if (isScalar(node)) {
      if (fn === 'Fn::GetAtt' && this.json) {
        const [resource, attribute] = (readingOf(src, node) as Record<string, string[]>)[fn]
        return { kind: 'seq', items: [this.view(resource), this.view(attribute)] }
      }
      return { kind: 'scalar', text: (flow) => this.nodeScalar(src, node, flow, fn !== undefined) }
    }
    if (isMap(node)) {
      const hasMerge = node.items.some((p) => isScalar(p.key) && p.key.type === 'PLAIN' && p.key.value === '<<')
      if (hasMerge) {
        const reading = readingOf(src, node)
        return this.view(fn ? (reading as Record<string, unknown>)[fn] : reading, false)
      }
      return { kind: 'map', entries: node.items.map((p) => [String((p.key as Scalar).value), this.nodeView(src, p.value as Node | null)]) }
    }
    if (isSeq(node)) return { kind: 'seq', items: node.items.map((item) => this.nodeView(src, item as Node | null)) }
    return this.view(readingOf(src, node), false)
  }

  /** A scalar as written when it is a number, date, boolean or null; a string from its value. */
  private nodeScalar(src: TemplateSource, node: Scalar, flow: boolean, tagged: boolean): string {
    const text = String(node.value ?? '')
    if (tagged) return this.scalar(text, flow)
    const reading = readingOf(src, node)
    if (node.type !== 'PLAIN') return this.scalar(reading, flow)
    const raw = src.text.slice(node.range![0], node.range![1]).trim()
    const kind = src.jsonScalars ? (typeof reading === 'string' ? 'str' : 'json') : plainKind(text)
    if (kind === 'str') return this.scalar(reading, flow)
    if (this.json) {
      if (typeof reading === 'number' || kind === 'int') return /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(raw) ? raw : this.scalar(reading, flow)
      return this.scalar(kind === 'timestamp' ? text : reading, flow)
    }
    if (flow && /[:,[\]{}#]/.test(raw)) return this.scalar(reading, flow)
    return raw
  }

  /** A scalar or a one-line collection. */
  inline(v: View, flow: boolean): string {
    return v.kind === 'scalar' ? v.text(flow) : this.flow(v)
  }

  /** One line: `{a: 1, b: [x, y]}` (or JSON). */
  flow(v: View): string {
    if (v.kind === 'scalar') return v.text(true)
    if (v.kind === 'tagged') return `${v.tag} ${this.flow(v.inner)}`
    if (v.kind === 'seq') return `[${v.items.map((i) => this.flow(i)).join(', ')}]`
    return `{${v.entries.map(([k, e]) => `${this.key(k, true)}: ${this.flow(e)}`).join(', ')}}`
  }

  /** Indented JSON whose first line continues the current one and whose other lines start at `indent`. */
  pretty(v: View, indent: number): string {
    const pad = ' '.repeat(indent + 2)
    if (v.kind === 'seq' && v.items.length) return `[\n${v.items.map((i) => pad + this.pretty(i, indent + 2)).join(',\n')}\n${' '.repeat(indent)}]`
    if (v.kind === 'map' && v.entries.length) {
      return `{\n${v.entries.map(([k, e]) => `${pad}${this.key(k, true)}: ${this.pretty(e, indent + 2)}`).join(',\n')}\n${' '.repeat(indent)}}`
    }
    return this.flow(v)
  }

  /** A value in flow context: one line, or indented JSON for a JSON template. */
  inFlow(v: View, indent: number): string {
    return this.json ? this.pretty(v, indent) : this.flow(v)
  }

  static isBlock(v: View): boolean {
    return (v.kind === 'map' && v.entries.length > 0) || (v.kind === 'seq' && v.items.length > 0)
  }

  /** Block YAML lines at column `indent`, each ending with a newline. */
  block(v: View, indent: number): string {
    const pad = ' '.repeat(indent)
    if (v.kind === 'map' && v.entries.length) return v.entries.map(([k, e]) => `${pad}${this.key(k, false)}:${this.afterKey(e, indent)}`).join('')
    if (v.kind === 'seq' && v.items.length) return v.items.map((i) => `${pad}-${this.afterDash(i, indent + 2)}`).join('')
    return `${pad}${this.inline(v, false)}\n`
  }

  /** What follows `key:` in a block mapping whose keys are at `indent`. */
  afterKey(v: View, indent: number): string {
    return Renderer.isBlock(v) ? `\n${this.block(v, indent + 2)}` : ` ${this.inline(v, false)}\n`
  }

  /** What follows `-` in a block sequence whose items start at `indent`. */
  afterDash(v: View, indent: number): string {
    return Renderer.isBlock(v) ? ` ${this.block(v, indent).slice(indent)}` : ` ${this.inline(v, false)}\n`
  }

  /** A whole template. */
  document(value: unknown): string {
    const v = this.view(value)
    return this.json ? `${this.pretty(v, 0)}\n` : this.block(v, 0)
  }
}

/** What a node reads as (an alias: what its anchored node reads as). */
export function readingOf(src: TemplateSource, node: Node): unknown {
  if (isAlias(node)) {
    const target = src.aliasTargets.get(node)
    return target ? readingOf(src, target) : undefined
  }
  return src.readings.get(node)
}
