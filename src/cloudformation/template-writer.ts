import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml'
import { longFormOf } from './functions.js'
import { definedKeys, isPlainObject, readingOf, Renderer, sameData, type View } from './template-render.js'
import { readTemplateText, templateSources, type TemplateSource } from './template-reader.js'

interface Edit {
  from: number
  to: number
  text: string
}

/** Where a node sits: in flow or block context, and the column its siblings start at. */
interface Place {
  flow: boolean
  kind: 'root' | 'mapValue' | 'seqItem' | 'flowItem'
  /** mapValue: the key's column; seqItem: the item's column; flowItem: the item's column. */
  indent: number
}

/**
 * Rewrites a template's text into `target` by editing only what differs: a removed property loses its
 * lines, a renamed key or changed scalar is replaced where it stands, added entries are appended under
 * their siblings. Everything else, comments included, stays byte for byte as written.
 */
class Patcher {
  readonly edits: Edit[] = []
  private readonly keptAliases: { node: Node; value: unknown; place: Place }[] = []
  private readonly r: Renderer

  constructor(private readonly src: TemplateSource) {
    this.r = new Renderer(src.json)
  }

  private get text(): string {
    return this.src.text
  }

  private column(pos: number): number {
    return pos - (this.text.lastIndexOf('\n', pos - 1) + 1)
  }

  private atLineStart(pos: number): boolean {
    return this.text.slice(this.text.lastIndexOf('\n', pos - 1) + 1, pos).trim() === ''
  }

  private endOfLine(pos: number): number {
    if (pos > 0 && this.text[pos - 1] === '\n') return pos
    const nl = this.text.indexOf('\n', pos)
    return nl < 0 ? this.text.length : nl + 1
  }

  /** Where a node starts with its tag and anchor (a block collection's may be on the line before it). */
  private start(node: Node): number {
    const blank = (isMap(node) || isSeq(node)) && !node.flow ? /\s/ : /[ \t]/
    let p = node.range![0]
    for (;;) {
      let q = p
      while (q > 0 && blank.test(this.text[q - 1])) q--
      const props = /(?:^|[\s,[\]{}])([!&][^\s,[\]{}]*)$/.exec(this.text.slice(Math.max(0, q - 300), q))
      if (!props) return p
      p = q - props[1].length
    }
  }

  /** Where a node's own text ends: a block collection's range runs on over the comments after it. */
  private end(node: Node): number {
    if ((isMap(node) || isSeq(node)) && !node.flow && node.items.length) {
      const last = node.items[node.items.length - 1] as Node | Pair
      const leaf = isMap(node) ? ((last as Pair).value ?? (last as Pair).key) : last
      if (leaf) return this.end(leaf as Node)
    }
    return node.range![1]
  }

  private edit(from: number, to: number, text: string): void {
    this.edits.push({ from, to, text })
  }

  patch(node: Node | null, value: unknown, place: Place): void {
    if (node === null) throw new Error('cannot patch an absent node')
    const old = readingOf(this.src, node)
    if (sameData(old, value)) {
      if (isAlias(node)) this.keptAliases.push({ node, value, place })
      return
    }
    if (isAlias(node)) return this.replace(node, value, place)
    const fn = node.tag && !node.tag.startsWith('tag:') ? longFormOf(node.tag) : undefined
    if (fn) return this.patchTagged(node, fn, value, place)
    if (isMap(node) && isPlainObject(value)) return this.patchMap(node, value, place)
    if (isSeq(node) && Array.isArray(value)) return this.patchSeq(node, value, place)
    if (isScalar(node) && typeof value === 'string' && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED')) {
      const literal = this.literal(node, value)
      if (literal !== undefined) return this.edit(node.range![0], this.end(node), literal)
    }
    this.replace(node, value, place)
  }

  private patchTagged(node: Node, fn: string, value: unknown, place: Place): void {
    if (!isPlainObject(value) || definedKeys(value).length !== 1 || value[fn] === undefined) return this.replace(node, value, place)
    const inner = value[fn]
    if (isScalar(node)) {
      let text: string | undefined
      if (fn === 'Fn::GetAtt') {
        if (Array.isArray(inner) && inner.length === 2 && inner.every((s) => typeof s === 'string') && !inner[0].includes('.')) text = `${inner[0]}.${inner[1]}`
      } else if (typeof inner === 'string') text = inner
      if (text === undefined) return this.replace(node, value, place)
      const literal = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? this.literal(node, text) : undefined
      return this.edit(node.range![0], this.end(node), literal ?? this.r.scalar(text, place.flow))
    }
    if (isMap(node) && isPlainObject(inner)) return this.patchMap(node, inner, place)
    if (isSeq(node) && Array.isArray(inner)) return this.patchSeq(node, inner, place)
    this.replace(node, value, place)
  }

  /** A block scalar keeps its style when the new text can be written as a literal block. */
  private literal(node: Scalar, s: string): string | undefined {
    if (s === '' || /[\r\t]/.test(s) || /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(s) || s.startsWith(' ')) return undefined
    const original = this.text.slice(node.range![0], this.end(node))
    if (!original.endsWith('\n')) return undefined
    const contentIndent = /\n( +)\S/.exec(original)?.[1].length
    if (contentIndent === undefined) return undefined
    const trailing = /\n*$/.exec(s)![0].length
    const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+'
    const body = trailing === 0 ? s : s.slice(0, -1)
    const pad = ' '.repeat(contentIndent)
    return `|${chomp}\n${body
      .split('\n')
      .map((l) => (l === '' ? '' : pad + l))
      .join('\n')}\n`
  }

  private childPlace(map: YAMLMap | YAMLSeq, item: Node | Pair): Place {
    const at = (item as Pair).key !== undefined ? ((item as Pair).key as Node) : (item as Node)
    const col = at && at.range ? this.column(this.start(at)) : 0
    if (map.flow) return { flow: true, kind: 'flowItem', indent: col }
    return { flow: false, kind: isMap(map) ? 'mapValue' : 'seqItem', indent: col }
  }

  private patchMap(node: YAMLMap, value: Record<string, unknown>, place: Place): void {
    const pairs = node.items as Pair<Scalar, Node | null>[]
    const keys = pairs.map((p) => String(p.key?.value))
    const hasMerge = pairs.some((p) => p.key?.type === 'PLAIN' && p.key.value === '<<')
    const newKeys = definedKeys(value)
    if (hasMerge || newKeys.length === 0 || pairs.length === 0 || pairs.some((p) => !p.key?.range || !p.value)) return this.replace(node, value, place)
    const removed = keys.map((k, i) => (value[k] !== undefined ? -1 : i)).filter((i) => i >= 0)
    const added = newKeys.filter((k) => !keys.includes(k))
    const renamed = removed.length > 0 && removed.length === added.length && removed.every((i, j) => newKeys.indexOf(added[j]) === i)
    if (!renamed && removed.length === pairs.length) return this.replace(node, value, place)
    const deletions = renamed ? [] : removed.map((i) => this.deletion(node, i))
    if (deletions.some((d) => d === undefined)) return this.replace(node, value, place)
    this.edits.push(...(deletions as Edit[]))
    for (const [i, pair] of pairs.entries()) {
      const childPlace = this.childPlace(node, pair)
      if (renamed && removed.includes(i)) {
        const to = added[removed.indexOf(i)]
        this.edit(this.start(pair.key), this.end(pair.key), this.r.key(to, node.flow ?? false))
        this.patch(pair.value, value[to], childPlace)
      } else if (!removed.includes(i)) this.patch(pair.value, value[keys[i]], childPlace)
    }
    if (!renamed && added.length)
      this.insertPairs(
        node,
        added.map((k) => [k, value[k]])
      )
  }

  private deletion(node: YAMLMap, i: number): Edit | undefined {
    const pairs = node.items as unknown as Pair<Scalar, Node>[]
    const pair = pairs[i]
    const keyStart = this.start(pair.key)
    const valueEnd = this.end(pair.value!)
    if (node.flow) {
      if (i > 0) return { from: this.end(pairs[i - 1].value!), to: valueEnd, text: '' }
      if (pairs.length > 1) return { from: keyStart, to: this.start(pairs[1].key), text: '' }
      return { from: keyStart, to: valueEnd, text: '' }
    }
    if (this.atLineStart(keyStart)) return { from: this.text.lastIndexOf('\n', keyStart - 1) + 1, to: this.endOfLine(valueEnd), text: '' }
    if (i + 1 < pairs.length) return { from: keyStart, to: this.start(pairs[i + 1].key), text: '' }
    return undefined
  }

  private insertPairs(node: YAMLMap, entries: [string, unknown][]): void {
    const pairs = node.items as unknown as Pair<Scalar, Node>[]
    const last = pairs[pairs.length - 1]
    if (node.flow) {
      const multiLine = this.text.slice(node.range![0], node.range![1]).includes('\n')
      const col = this.column(this.start(last.key))
      const sep = multiLine ? `,\n${' '.repeat(col)}` : ', '
      const text = entries.map(([k, v]) => `${sep}${this.r.key(k, true)}: ${this.r.inFlow(this.r.view(v), col)}`).join('')
      return this.edit(this.end(last.value!), this.end(last.value!), text)
    }
    const col = this.column(this.start(pairs[0].key))
    const pos = this.endOfLine(this.end(last.value!))
    const text = entries.map(([k, v]) => `${' '.repeat(col)}${this.r.key(k, false)}:${this.r.afterKey(this.r.view(v), col)}`).join('')
    this.edit(pos, pos, pos === this.text.length && !this.text.endsWith('\n') ? `\n${text}` : text)
  }

  private patchSeq(node: YAMLSeq, value: unknown[], place: Place): void {
    const items = node.items as Node[]
    if (items.some((item) => !item)) return this.replace(node, value, place)
    const same = Math.min(items.length, value.length)
    const prefixKept = value.length > items.length && items.every((item, i) => sameData(readingOf(this.src, item), value[i]))
    if (value.length !== items.length && !prefixKept) return this.replace(node, value, place)
    for (let i = 0; i < same; i++) this.patch(items[i], value[i], this.childPlace(node, items[i]))
    if (!prefixKept) return
    const extra = value.slice(items.length)
    if (items.length === 0) return this.replace(node, value, place)
    const last = items[items.length - 1]
    if (node.flow) {
      const col = this.column(this.start(last))
      return this.edit(this.end(last), this.end(last), extra.map((v) => `, ${this.r.inFlow(this.r.view(v), col)}`).join(''))
    }
    const dash = this.text.lastIndexOf('-', this.start(items[0]))
    const col = this.column(dash)
    const pos = this.endOfLine(this.end(last))
    const text = extra.map((v) => `${' '.repeat(col)}-${this.r.afterDash(this.r.view(v), col + 2)}`).join('')
    this.edit(pos, pos, pos === this.text.length && !this.text.endsWith('\n') ? `\n${text}` : text)
  }

  /** The node (with its tag and anchor) replaced by fresh text for `value`. */
  private replace(node: Node, value: unknown, place: Place): void {
    let from = this.start(node)
    const to = this.end(node)
    const endsLine = this.text.slice(from, to).endsWith('\n')
    const v = this.r.view(value)
    if (!place.flow && place.kind === 'mapValue' && !Renderer.isBlock(v) && (isMap(node) || isSeq(node)) && !node.flow && this.atLineStart(from)) {
      // `Key:` over a block that becomes empty: `Key: {}` on the key's line.
      let p = from
      while (p > 0 && /\s/.test(this.text[p - 1])) p--
      return this.edit(p, to, ` ${this.r.inline(v, false)}${endsLine ? '\n' : ''}`)
    }
    const text = this.fresh(v, from, place, endsLine)
    if (text.startsWith('\n')) while (from > 0 && (this.text[from - 1] === ' ' || this.text[from - 1] === '\t')) from--
    this.edit(from, to, text)
  }

  private fresh(v: View, from: number, place: Place, endsLine: boolean): string {
    if (place.flow) return this.r.inFlow(v, place.indent)
    let text: string
    if (!Renderer.isBlock(v)) text = this.r.inline(v, false)
    else if (this.atLineStart(from) || place.kind === 'seqItem') {
      const col = this.column(from)
      text = this.r.block(v, col).slice(col)
    } else text = `\n${this.r.block(v, place.indent + 2)}`
    if (endsLine && !text.endsWith('\n')) text += '\n'
    if (!endsLine && text.endsWith('\n')) text = text.slice(0, -1)
    return text
  }

  /**
   * An alias left as it is still reads as its anchored node. When an edit falls inside that node, the alias
   * would change with it: it is written out instead.
   */
  settleAliases(): void {
    const done = new Set<Node>()
    for (let changed = true; changed;) {
      changed = false
      for (const { node, value, place } of this.keptAliases) {
        if (done.has(node)) continue
        const target = this.src.aliasTargets.get(node)!
        const [s, t] = [this.start(target), this.end(target)]
        // An insertion up to the end of the node's last line lands inside it (a pair appended to a mapping).
        const lineEnd = this.endOfLine(t)
        if (!this.edits.some((e) => (e.from < t && e.to > s) || (e.from === e.to && e.from > s && e.from <= lineEnd))) continue
        done.add(node)
        changed = true
        this.replace(node, value, place)
      }
    }
  }

  apply(): string {
    const edits = [...this.edits].sort((a, b) => b.from - a.from || b.to - a.to)
    let out = this.text
    let floor = Infinity
    for (const e of edits) {
      if (e.to > floor) throw new Error(`overlapping template edits at ${e.from}-${e.to}`)
      out = out.slice(0, e.from) + e.text + out.slice(e.to)
      floor = e.from
    }
    return out
  }
}

/** Whether a text reads back (as cfn-lint reads it) as exactly `value`. */
function readsAs(text: string, value: unknown): boolean {
  try {
    return sameData(readTemplateText(text, 'the rewritten template'), value)
  } catch {
    return false
  }
}

/**
 * The text of a rewritten template. With the template it was derived from, that template's text with only
 * the differences edited in (`edited`; YAML stays YAML, JSON stays JSON); otherwise, or when the edit does
 * not read back right, a fresh rendering. Whatever is returned has been read back and reads as exactly
 * `rewritten`.
 */
export function rewriteTemplateText(rewritten: unknown, from?: object): { text: string; edited: boolean } {
  const src = from ? templateSources.get(from) : undefined
  if (src) {
    try {
      const p = new Patcher(src)
      p.patch(src.doc.contents as Node, rewritten, { flow: src.json, kind: 'root', indent: 0 })
      p.settleAliases()
      const text = p.apply()
      if (readsAs(text, rewritten)) return { text, edited: true }
    } catch {
      // falls through to a fresh rendering, checked the same way
    }
  }
  const text = new Renderer(src ? src.json : true).document(rewritten)
  if (!readsAs(text, rewritten)) throw new Error('The rewritten template does not read back as the template the action built; this is a bug in bluegreen-action')
  return { text, edited: false }
}

export function writeTemplate(rewritten: unknown, from?: object): string {
  return rewriteTemplateText(rewritten, from).text
}

/** A rewritten template as compact JSON (for the inline size limit). */
export function writeCompactJson(rewritten: unknown): string {
  const r = new Renderer(true)
  return r.flow(r.view(rewritten))
}
