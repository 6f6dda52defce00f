import { isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, visit, type Document, type Node, type Scalar } from 'yaml'
import { FOR_EACH_KEY, longFormOf, SHORT_FORM_TAGS } from './functions.js'
import { parseCfnDocument } from './yaml-document.js'
import { plainKind, yamlBool, yamlFloat, yamlInt } from './yaml-scalars.js'

export class TemplateError extends Error {}

/** The text a template was read from, kept so a rewrite can leave everything it does not change as written. */
export interface TemplateSource {
  text: string
  /** JSON text is written back as JSON. */
  json: boolean
  /** Plain scalars were typed as JSON types (JSON text YAML could not read). */
  jsonScalars: boolean
  doc: Document.Parsed
  lines: LineCounter
  /** What each node reads as, as first read (alias copies are not recorded). */
  readings: WeakMap<Node, unknown>
  /** The node each alias stands for. */
  aliasTargets: Map<Node, Node>
}

/** Template root → the text it was read from. */
export const templateSources = new WeakMap<object, TemplateSource>()
/** Every mapping and sequence read → the node it was read from (a copy made for an alias: the anchored node). */
export const dataOrigins = new WeakMap<object, { source: TemplateSource; node: Node }>()

/** The most nodes that expanding aliases may add: enough for templates that reuse blocks, not for alias bombs. */
export function aliasBudget(nodesInText: number): number {
  return Math.max(10_000, nodesInText)
}

const STANDARD_TAG = 'tag:yaml.org,2002:'

class Reader {
  private expanding = new Set<Node>()
  private aliasDepth = 0
  private aliasNodes = 0
  /** The outermost alias being expanded. */
  private aliasRoot: Node | undefined

  constructor(
    private readonly src: TemplateSource,
    private readonly name: string,
    private readonly jsonScalars: boolean,
    private readonly budget: number
  ) {}

  line(node: Node | null | undefined): number {
    return node?.range ? this.src.lines.linePos(node.range[0]).line : 1
  }

  fail(node: Node | null | undefined, message: string): never {
    throw new TemplateError(`${this.name} line ${this.line(node)}: ${message}`)
  }

  read(node: Node | null | undefined): unknown {
    if (node === null || node === undefined) return null
    if (this.aliasDepth > 0 && ++this.aliasNodes > this.budget) {
      const name = (this.aliasRoot as { source?: string } | undefined)?.source
      this.fail(this.aliasRoot, `its aliases expand to more than ${this.budget} nodes (alias *${name} is where they pass it); write the repeated parts out or nest fewer aliases`)
    }
    if (isAlias(node)) return this.readAlias(node)
    const value = isScalar(node) ? this.readScalar(node) : isMap(node) ? this.readMap(node) : isSeq(node) ? this.readSeq(node) : this.fail(node, 'unsupported YAML node')
    if (this.aliasDepth === 0 && !this.src.readings.has(node)) this.src.readings.set(node, value)
    if (value !== null && typeof value === 'object') dataOrigins.set(value, { source: this.src, node })
    return value
  }

  private readAlias(node: Node): unknown {
    const target = this.src.aliasTargets.get(node)
    if (!target) this.fail(node, `alias ${String((node as { source?: string }).source ?? '')} has no anchor before it`)
    if (this.expanding.has(target)) this.fail(node, `alias *${(node as { source?: string }).source} refers to a node that contains it (a cycle)`)
    if (this.aliasDepth++ === 0) this.aliasRoot = node
    try {
      return this.read(target)
    } finally {
      this.aliasDepth--
    }
  }

  private tagged(node: Node, value: unknown): unknown {
    const tag = node.tag
    if (!tag || tag.startsWith(STANDARD_TAG)) return value
    const fn = longFormOf(tag)
    if (!fn) this.fail(node, `unknown CloudFormation tag ${tag}; CloudFormation's short forms are ${SHORT_FORM_TAGS}`)
    if (fn === 'Fn::GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.')
      if (dot <= 0 || dot === value.length - 1) this.fail(node, `!GetAtt ${value} must be "Resource.Attribute"`)
      return { [fn]: [value.slice(0, dot), value.slice(dot + 1)] }
    }
    return { [fn]: value }
  }

  private readScalar(node: Scalar): unknown {
    const text = node.value === null || node.value === undefined ? '' : String(node.value)
    const tag = node.tag
    if (tag && !tag.startsWith(STANDARD_TAG)) return this.tagged(node, text)
    if (tag) return this.explicit(node, tag.slice(STANDARD_TAG.length), text)
    if (node.type !== 'PLAIN') return text
    return this.jsonScalars ? jsonScalar(text) : this.plain(node, text)
  }

  private plain(node: Node, text: string): unknown {
    switch (plainKind(text)) {
      case 'null':
        return null
      case 'bool':
        return yamlBool(text)
      case 'int':
        return exactInt(yamlInt(text))
      case 'float':
        return yamlFloat(text)
      case 'merge':
        return this.fail(node, '<< (a merge key) can only be a mapping key')
      default:
        return text
    }
  }

  /** An explicit standard tag (`!!str 2012-10-17`), constructed as PyYAML's SafeConstructor does. */
  private explicit(node: Node, tag: string, text: string): unknown {
    const kind = plainKind(text)
    if (tag === 'str' || tag === 'binary' || tag === 'timestamp') return text
    if (tag === 'null') return null
    if (tag === 'bool' && kind === 'bool') return yamlBool(text)
    if (tag === 'int' && kind === 'int') return exactInt(yamlInt(text))
    if (tag === 'float' && (kind === 'float' || kind === 'int')) return yamlFloat(text)
    return this.fail(node, `!!${tag} ${JSON.stringify(text)} is not a valid ${tag}`)
  }

  private readMap(node: Node & { items: { key: unknown; value: unknown }[] }): unknown {
    if (node.tag && node.tag.startsWith(STANDARD_TAG) && node.tag !== `${STANDARD_TAG}map`) this.fail(node, `!!${node.tag.slice(STANDARD_TAG.length)} is not supported`)
    this.expanding.add(node)
    const out: Record<string, unknown> = {}
    const merged: Record<string, unknown>[] = []
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null
      if (keyNode && !isScalar(keyNode)) this.fail(keyNode, 'a mapping key must be a plain or quoted string')
      const key = keyNode ? (keyNode as Scalar).value : null
      const plainKey = !keyNode || (keyNode as Scalar).type === 'PLAIN'
      if (plainKey && (key === null || key === '' || key === '~' || /^(?:null|Null|NULL)$/.test(String(key)))) this.fail(keyNode ?? node, 'a mapping key is empty (null)')
      if (plainKey && key === '<<' && !this.jsonScalars) {
        merged.push(...this.mergeSources(pair.value as Node))
        continue
      }
      out[String(key)] = this.read(pair.value as Node)
    }
    for (const m of merged) for (const [k, v] of Object.entries(m)) if (!Object.hasOwn(out, k)) out[k] = v
    this.expanding.delete(node)
    return this.tagged(node, out)
  }

  private mergeSources(valueNode: Node): Record<string, unknown>[] {
    const value = this.read(valueNode)
    const list = Array.isArray(value) ? value : [value]
    if (!list.every((m) => m !== null && typeof m === 'object' && !Array.isArray(m))) this.fail(valueNode, '<< (a merge key) needs a mapping or a list of mappings')
    return list as Record<string, unknown>[]
  }

  private readSeq(node: Node & { items: unknown[] }): unknown {
    if (node.tag && node.tag.startsWith(STANDARD_TAG) && node.tag !== `${STANDARD_TAG}seq`) this.fail(node, `!!${node.tag.slice(STANDARD_TAG.length)} is not supported`)
    this.expanding.add(node)
    const out = node.items.map((item) => this.read(item as Node))
    this.expanding.delete(node)
    return this.tagged(node, out)
  }

  /** The checks CloudFormation makes before it looks at any resource type. */
  validate(data: unknown): void {
    const root = this.src.doc.contents
    if (data === null || typeof data !== 'object' || Array.isArray(data)) this.fail(root, 'a template must be a mapping with a Resources section')
    const resources = (data as Record<string, unknown>).Resources
    if (resources === undefined) throw new TemplateError(`${this.name} has no Resources section`)
    const resourcesNode = nodeOf(resources) ?? root
    if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) this.fail(resourcesNode, 'Resources must be a mapping of logical ids to resources')
    for (const [id, resource] of Object.entries(resources as Record<string, unknown>)) {
      const at = keyNode(resourcesNode, id) ?? resourcesNode
      if (FOR_EACH_KEY.test(id)) {
        if (!Array.isArray(resource) || resource.length !== 3) this.fail(at, `${id} must be a list of [identifier, collection, resources]`)
        continue
      }
      if (!/^[A-Za-z0-9]+$/.test(id)) this.fail(at, `logical id "${id}" must be alphanumeric (A-Z, a-z, 0-9), or Fn::ForEach::<name> with AWS::LanguageExtensions`)
      if (resource === null || typeof resource !== 'object' || Array.isArray(resource) || typeof (resource as { Type?: unknown }).Type !== 'string') {
        this.fail(at, `resource ${id} has no Type`)
      }
    }
  }
}

function nodeOf(value: unknown): Node | undefined {
  return value !== null && typeof value === 'object' ? dataOrigins.get(value)?.node : undefined
}

function keyNode(map: Node | null, key: string): Node | undefined {
  if (!isMap(map)) return undefined
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key)
  return (pair?.key as Node | undefined) ?? undefined
}

/** Integers past 2^53 are kept as their decimal text: the action never computes with template numbers. */
function exactInt(n: number | bigint): number | string {
  return typeof n === 'bigint' ? n.toString() : n
}

function jsonScalar(text: string): unknown {
  if (text === 'true') return true
  if (text === 'false') return false
  if (text === 'null') return null
  if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(text)) {
    if (/^-?\d+$/.test(text)) return exactInt(yamlInt(text.replace(/^(-?)0+(?=\d)/, '$1')))
    return Number(text)
  }
  return text
}

function parse(text: string): { doc: Document.Parsed; lines: LineCounter } {
  const lines = new LineCounter()
  const doc = parseCfnDocument(text, { version: '1.1', schema: 'failsafe', uniqueKeys: true, lineCounter: lines, keepSourceTokens: false })
  return { doc, lines }
}

/** The node each alias stands for: the last node with its anchor before it. */
function aliasTargets(doc: Document.Parsed): { targets: Map<Node, Node>; nodes: number } {
  const anchors = new Map<string, Node>()
  const targets = new Map<Node, Node>()
  let nodes = 0
  visit(doc, {
    Node(_key, node) {
      nodes++
      if (isAlias(node)) {
        const target = anchors.get(node.source)
        if (target) targets.set(node, target)
      } else if ((isScalar(node) || isCollection(node)) && node.anchor) anchors.set(node.anchor, node)
    }
  })
  return { targets, nodes }
}

/**
 * Reads a template's text as cfn-lint does: as YAML (1.1, PyYAML's SafeLoader typing, CloudFormation's short-form
 * tags), and as JSON when that fails on JSON text (tab indentation). Returns the template as plain data with
 * short forms expanded to `Fn::` keys; the source is remembered for rewrites (templateSources).
 */
export function readTemplateText(text: string, name = 'template'): unknown {
  const json = /^\uFEFF?\s*\{/.test(text)
  let { doc, lines } = parse(text)
  let jsonScalars = false
  if (doc.errors.length > 0) {
    const yamlError = doc.errors[0].message.split('\n')[0]
    if (!json) throw new TemplateError(`${name} is not valid YAML: ${yamlError}`)
    try {
      JSON.parse(text.replace(/^\uFEFF/, ''))
    } catch (err) {
      throw new TemplateError(`${name} is not valid JSON: ${(err as Error).message}`)
    }
    // Tabs can only be whitespace between JSON tokens, so spaces in their place keep every offset.
    ;({ doc, lines } = parse(text.replace(/\t/g, ' ')))
    if (doc.errors.length > 0) throw new TemplateError(`${name} could not be read: ${doc.errors[0].message.split('\n')[0]}`)
    jsonScalars = true
  }
  const { targets, nodes } = aliasTargets(doc)
  const source: TemplateSource = { text, json, jsonScalars, doc, lines, readings: new WeakMap(), aliasTargets: targets }
  const reader = new Reader(source, name, jsonScalars, aliasBudget(nodes))
  let data: unknown
  try {
    data = reader.read(doc.contents as Node | null)
  } catch (err) {
    if (err instanceof RangeError) throw new TemplateError(`${name} nests mappings and sequences too deeply to read`)
    throw err
  }
  reader.validate(data)
  templateSources.set(data as object, source)
  return data
}
