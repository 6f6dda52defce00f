import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseTemplate, type Template } from '../../src/cloudformation/template.js'
import { rewriteTemplateText } from '../../src/cloudformation/template-writer.js'
import { renameLogicalIds } from '../../src/cloudformation/references.js'
import { chooseRestApi, rewriteWithSuffix } from '../../src/modes/api-replace/rewrite.js'
import { nameProperties } from '../../src/modes/reset/name-properties.js'
import { stripNames } from '../../src/modes/reset/strip-names.js'
import { withAttributeOutputs } from '../../src/modes/route53-takeover/resolve-record.js'
import { ensureCfnLint, PYTHON } from '../support/cfn-lint.js'

// Real public templates (see __tests__/fixtures/corpus/SOURCES.md), read by the action and by cfn-lint, and
// rewritten by each of the action's rewrite paths.
const CORPUS = fileURLToPath(new URL('../fixtures/corpus', import.meta.url))
const HANDWRITTEN = fileURLToPath(new URL('../fixtures/templates', import.meta.url))
const manifest = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as { file: string; repo: string; path: string }[]
// Beside the real ones, handwritten templates with every scalar form whose YAML type differs between readers.
const files = [...manifest.map(({ file }) => join(CORPUS, file)), ...readdirSync(HANDWRITTEN).map((f) => join(HANDWRITTEN, f))]

interface Case {
  name: string
  output: string
  expected: unknown
  renames?: Record<string, string>
  edited: boolean
}

/** JSON for the comparison: numbers JSON cannot carry are named. */
function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)))
}

function rewrite(name: string, template: Template, from: Template, renames?: Map<string, string>): Case {
  const { text, edited } = rewriteTemplateText(template, from)
  return { name, output: text, expected: toJson(template), renames: renames ? Object.fromEntries([...renames].map(([a, b]) => [b, a])) : undefined, edited }
}

/** Whether the lines of `inner` appear in `outer` in order (trailing commas aside: JSON gains one before an added entry). */
function linesWithin(inner: string, outer: string): boolean {
  const norm = (s: string) => s.split('\n').map((l) => l.replace(/,?\s*$/, ''))
  const o = norm(outer)
  let j = 0
  for (const line of norm(inner)) {
    while (j < o.length && o[j] !== line) j++
    if (j++ >= o.length) return false
  }
  return true
}

/** Every rewrite the action makes, applied to one template. */
function rewrites(t: Template): Case[] {
  const cases: Case[] = []
  const ids = Object.keys(t.Resources).filter((id) => /^[A-Za-z0-9]+$/.test(id))
  // The default table and some more names, so the test does not hang on the table's contents.
  const table = nameProperties([
    { type: 'AWS::S3::Bucket', property: 'BucketName' },
    { type: 'AWS::DynamoDB::Table', property: 'TableName' },
    { type: 'AWS::ApiGateway::RestApi', property: 'Name' }
  ])
  const { template: stripped, stripped: names } = stripNames(t, table)
  if (names.length) cases.push(rewrite('reset: strip names', stripped, t))
  const first = ids[0]
  if (first) {
    cases.push(rewrite('route53: added outputs', withAttributeOutputs(t, { BlueGreenAttr1: { Value: { 'Fn::GetAtt': [first, 'Arn'] } }, BlueGreenAttr2: { Value: { Ref: first } } }), t))
    cases.push(rewrite('route53: DeletionPolicy Retain', { ...t, Resources: { ...t.Resources, [first]: { ...t.Resources[first], DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } } }, t))
  }
  const apis = Object.values(t.Resources).filter((r) => r.Type === 'AWS::ApiGateway::RestApi').length
  if (apis === 1) {
    const r = rewriteWithSuffix(t, chooseRestApi(t), '0a1b2c3d')
    cases.push(rewrite('api-replace: rename the API', r.template, t, r.renames))
  } else if (first) {
    const renames = new Map([[first, `${first}0a1b2c3d`]])
    cases.push(rewrite('api-replace: rename a resource', renameLogicalIds(t, renames), t, renames))
  }
  return cases
}

function compare(items: unknown[]): { checked: number; mismatches: { id: string; case: string; path: string; problem: string }[] } {
  const run = spawnSync(PYTHON, [fileURLToPath(new URL('../support/cfn_lint_compare.py', import.meta.url))], { input: JSON.stringify(items), maxBuffer: 1 << 30, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
  return JSON.parse(run.stdout)
}

describe('the template corpus, against cfn-lint', () => {
  beforeAll(() => ensureCfnLint(), 300_000)

  it('the comparison catches what the issue saw: a date sent as a timestamp, N as false, "." and e1 as null', () => {
    const original = readFileSync(join(HANDWRITTEN, 'scalars.yaml'), 'utf8')
    const t = parseTemplate(original)
    const broken = original
      .replace('        Version: 2012-10-17', '        Version: "2012-10-17T00:00:00.000Z"')
      .replace('    Default: N\n', '    Default: false\n')
      .replace('          DOT: .\n', '          DOT: null\n')
      .replace('          E: e1\n', '          E: null\n')
      .replace('          DATE: 2012-10-17\n', '          DATE: "2012-10-17"\n')
    const { mismatches } = compare([{ id: 'scalars.yaml', original, ours: toJson(t), cases: [{ name: 'broken', output: broken, expected: toJson(t) }] }])
    expect(mismatches.map((m) => m.path).sort()).toEqual([
      '.Parameters.Enabled.Default',
      '.Resources.Function.Properties.Environment.Variables.DATE',
      '.Resources.Function.Properties.Environment.Variables.DOT',
      '.Resources.Function.Properties.Environment.Variables.E',
      '.Resources.OtherRole.Properties.AssumeRolePolicyDocument.Version',
      '.Resources.Role.Properties.AssumeRolePolicyDocument.Version'
    ])
  })

  it(`reads ${manifest.length} real templates as cfn-lint does, and every rewrite keeps every other value and the original text`, () => {
    const items = files.map((file) => {
      const original = readFileSync(file, 'utf8')
      const t = parseTemplate(original, file)
      // Nothing to change: the text sent is the text written.
      expect(rewriteTemplateText(t, t)).toEqual({ text: original, edited: true })
      return { id: file, original, ours: toJson(t), cases: rewrites(t) }
    })
    const cases = items.flatMap((i) => i.cases.map((c) => ({ id: i.id, ...c })))
    // Every rewrite was an edit of the original text (YAML stays YAML), never a fresh rendering: added
    // outputs only add lines (but to an empty `Outputs: {}`), and removed names only remove lines (but where a
    // mapping is left empty).
    expect(cases.filter((c) => !c.edited).map((c) => `${c.id}: ${c.name}`)).toEqual([])
    const original = new Map(items.map((i) => [i.id, i.original]))
    const emptyOutputs = /Outputs["']?\s*:\s*\{\s*\}/
    const added = cases.filter((c) => c.name === 'route53: added outputs' && !emptyOutputs.test(original.get(c.id)!))
    expect(added.length).toBeGreaterThan(400)
    expect(added.filter((c) => !linesWithin(original.get(c.id)!, c.output)).map((c) => c.id)).toEqual([])
    const strips = cases.filter((c) => c.name === 'reset: strip names')
    const onlyRemoved = strips.filter((c) => linesWithin(c.output, original.get(c.id)!))
    expect(onlyRemoved.length).toBeGreaterThan(strips.length / 2)
    expect(strips.filter((c) => !onlyRemoved.includes(c) && !/: \{\}/.test(c.output)).map((c) => c.id)).toEqual([])
    const byName = new Map<string, number>()
    for (const c of cases) byName.set(c.name, (byName.get(c.name) ?? 0) + 1)
    expect(byName.get('reset: strip names')).toBeGreaterThan(50)
    expect(byName.get('api-replace: rename the API')).toBeGreaterThan(10)

    const result = compare(items)
    expect(result.mismatches).toEqual([])
    expect(result.checked).toBe(items.length + cases.length)
  }, 300_000)
})
