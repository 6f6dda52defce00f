/**
 * Every ```yaml block of README.md, docs/*.md and docs/routers/*.md is a workflow (or part of one) a user copies: it must parse,
 * and each step that uses the action may only pass inputs action.yml declares, with a mode (and phase) the
 * action accepts.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { MODES, PHASES } from '../../src/inputs.js'
import { ROUTER_KINDS, type DoorInputs } from '../../src/core/inputs.js'
import { parseInputs } from '../../src/modes/registry.js'

const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }
const pages = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => `${dir}/${f}`)
const files = ['README.md', ...pages('docs'), ...pages('docs/routers')]
/** Each router's page (docs/routers/<router>.md) shows its workflow. */
const ROUTER_PAGES = ROUTER_KINDS.map((r) => `docs/routers/${r}.md`)

interface Block {
  file: string
  line: number
  text: string
}

function yamlBlocks(file: string): Block[] {
  const lines = readFileSync(file, 'utf8').split('\n')
  const blocks: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```ya?ml\s*$/.test(lines[i])) continue
    const start = i + 1
    let end = start
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++
    const indent = /^(\s*)/.exec(lines[i])![1].length
    blocks.push({
      file,
      line: start + 1,
      text: lines
        .slice(start, end)
        .map((l) => l.slice(indent))
        .join('\n')
    })
    i = end
  }
  return blocks
}

/** Every mapping in the document that has `uses: <owner>/bluegreen-action@<ref>`. */
function actionSteps(node: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((n) => actionSteps(n, found))
  else if (node && typeof node === 'object') {
    const map = node as Record<string, unknown>
    if (typeof map.uses === 'string' && /(^|\/)bluegreen-action@/.test(map.uses)) found.push(map)
    Object.values(map).forEach((n) => actionSteps(n, found))
  }
  return found
}

/**
 * The front door a step's inputs name, parsed as the action parses them: an expression stands for a value
 * the runner fills in, and the template is one the runner would have checked out.
 */
function doorOf(withInputs: Record<string, unknown>): DoorInputs {
  const values: Record<string, string> = { ...Object.fromEntries(Object.entries(withInputs).map(([k, v]) => [k, String(v).replace(/\$\{\{[^}]*\}\}/g, '41')])), template: 'examples/app/template.yaml' }
  const parsed = parseInputs((name) => values[name] ?? '', { AWS_REGION: 'us-east-1' })
  if (parsed.mode !== 'extra-env') throw new Error(`mode ${parsed.mode}, not extra-env`)
  return parsed.extraEnv.door
}

const blocks = files.flatMap(yamlBlocks)
const workflows = blocks.filter((b) => /bluegreen-action@/.test(b.text))

describe('workflow examples in README.md, docs/ and docs/routers/', () => {
  it("finds the examples (README, every mode's page and every router's page)", () => {
    expect(workflows.length).toBeGreaterThanOrEqual(15)
    for (const page of ['README.md', 'docs/extra-env.md', 'docs/api-replace.md', 'docs/reset.md', 'docs/route53-takeover.md', ...ROUTER_PAGES]) {
      expect({ page, found: workflows.some((b) => b.file === page) }).toEqual({ page, found: true })
    }
  })

  it.each(ROUTER_PAGES)("%s's workflow parses, with the action's own parser, into that router's inputs", (page) => {
    const router = /([^/]+)\.md$/.exec(page)![1]
    const steps = workflows.filter((b) => b.file === page).flatMap((b) => actionSteps(parse(b.text, { logLevel: 'error' })))
    expect(steps.length).toBeGreaterThan(0)
    for (const step of steps) {
      const door = doorOf(step.with as Record<string, unknown>)
      expect(door.router).toBe(router)
      if (page === 'docs/routers/api-gateway.md') expect(door).toEqual({ router: 'api-gateway', domainName: 'api.example.com', basePath: 'v1', domainApiType: 'rest' })
    }
  })

  it.each(blocks.map((b) => [`${b.file}:${b.line}`, b] as const))('%s is valid YAML', (_where, block) => {
    // CloudFormation templates among the blocks use short-form tags (!Ref), which YAML alone only warns about
    expect(() => parse(block.text, { logLevel: 'error' })).not.toThrow()
  })

  it.each(workflows.map((b) => [`${b.file}:${b.line}`, b] as const))('%s passes only inputs action.yml declares, with a valid mode', (_where, block) => {
    const steps = actionSteps(parse(block.text, { logLevel: 'error' }))
    expect(steps.length).toBeGreaterThan(0)
    for (const step of steps) {
      const withInputs = (step.with ?? {}) as Record<string, unknown>
      const unknown = Object.keys(withInputs).filter((k) => !(k in action.inputs))
      expect(unknown).toEqual([])
      expect(MODES).toContain(withInputs.mode)
      const phase = withInputs.phase
      if (typeof phase === 'string' && !phase.includes('${{')) expect(PHASES).toContain(phase)
      if (withInputs.mode === 'extra-env') expect(withInputs['stack-name']).toBeDefined()
    }
  })
})
