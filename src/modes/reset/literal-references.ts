import type { Template } from '../../cloudformation/template.js'
import { formatName, type StrippedName } from './strip-names.js'

/** A place in the template that spells out a stripped name instead of reaching it through Ref or GetAtt. */
export interface LiteralReference {
  /** The resource whose name it is. */
  logicalId: string
  name: string
  /** Where it is used, such as Resources.Permission.Properties.FunctionName. */
  path: string
}

// Sections that never reach a deployed resource: a name mentioned there changes nothing.
const SKIPPED_SECTIONS = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters'])
const PSEUDO = /^AWS::/
const NAME_CHAR = '[A-Za-z0-9_.-]'

/** What a use of the name looks like: the literal text (also inside ARNs and Fn::Sub strings) and the expression itself. */
interface Needle {
  literal?: string
  text?: RegExp
  expression?: string
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function needleFor(value: unknown): Needle | undefined {
  const text = (s: string) => new RegExp(`(?<!${NAME_CHAR})${escapeRegExp(s)}(?!${NAME_CHAR})`)
  if (typeof value === 'string') return value.length >= 3 ? { literal: value, text: text(value) } : undefined
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>
    // A bare pseudo parameter (such as AWS::StackName) is used for many things: matching it would be noise.
    if (typeof v.Ref === 'string' && PSEUDO.test(v.Ref)) return undefined
    const sub = v['Fn::Sub']
    if (typeof sub === 'string' && sub.length >= 3) return { literal: sub, text: text(sub), expression: JSON.stringify(value) }
    return { expression: JSON.stringify(value) }
  }
  return undefined
}

function isStrippedSpot(path: string[], stripped: StrippedName[]): boolean {
  return path.length === 4 && path[0] === 'Resources' && path[2] === 'Properties' && stripped.some((s) => s.logicalId === path[1] && s.property === path[3])
}

/**
 * Finds literal uses of the stripped names in the original template: the same string (as a whole word,
 * for example inside an ARN or a Fn::Sub string) or the same expression the name was built from. In the
 * generated-names phase those places still point at the friendly name, which no longer exists.
 */
export function findLiteralReferences(template: Template, stripped: StrippedName[]): LiteralReference[] {
  const found: LiteralReference[] = []
  const needles = stripped.map((s) => ({ s, needle: needleFor(s.value) })).filter((n): n is { s: StrippedName; needle: Needle } => n.needle !== undefined)
  if (needles.length === 0) return found
  const visit = (node: unknown, path: string[]): void => {
    if (isStrippedSpot(path, stripped)) return
    if (typeof node === 'string') {
      for (const { s, needle } of needles) {
        if (needle.literal && node.includes(needle.literal) && needle.text!.test(node)) found.push({ logicalId: s.logicalId, name: formatName(s.value), path: path.join('.') })
      }
      return
    }
    if (node === null || typeof node !== 'object') return
    if (!Array.isArray(node) && path.length > 0 && needles.some(({ needle }) => needle.expression)) {
      const json = JSON.stringify(node)
      const hit = needles.filter(({ needle }) => needle.expression === json)
      if (hit.length > 0) {
        for (const { s } of hit) found.push({ logicalId: s.logicalId, name: formatName(s.value), path: path.join('.') })
        return
      }
    }
    const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node)
    for (const [key, child] of entries) {
      if (path.length === 0 && SKIPPED_SECTIONS.has(key)) continue
      visit(child, [...path, key])
    }
  }
  visit(template, [])
  return dedupe(found)
}

function dedupe(refs: LiteralReference[]): LiteralReference[] {
  const seen = new Set<string>()
  return refs.filter((r) => {
    const key = `${r.logicalId}\0${r.path}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** One line per literal use, grouped by name, for the log. */
export function formatLiteralReferences(refs: LiteralReference[]): string[] {
  const byName = new Map<string, LiteralReference[]>()
  for (const r of refs) byName.set(`${r.logicalId}\0${r.name}`, [...(byName.get(`${r.logicalId}\0${r.name}`) ?? []), r])
  return [...byName.values()].map(
    (group) =>
      `${group[0].logicalId}'s name ${group[0].name} is written out literally at ${group.map((r) => r.path).join(', ')}: ` +
      'during the generated-names phase it points at a name that no longer exists; use !Ref or !GetAtt instead'
  )
}
