/**
 * docs/routers/cloudfront.md as a user copies it: its workflow passes only declared inputs and parses, with
 * the action's own input schema, into the cloudfront front door it describes; its environment template reads
 * clean in cfn-lint (the reference reading) and offers the output the workflow names.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { parseTemplate } from '../../src/cloudformation/template.js'
import { parseInputs } from '../../src/modes/registry.js'
import { ensureCfnLint, PYTHON } from '../support/cfn-lint.js'

const PAGE = 'docs/routers/cloudfront.md'
const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }

function yamlBlocks(text: string): string[] {
  return [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((m) => m[1])
}

const blocks = yamlBlocks(readFileSync(PAGE, 'utf8'))
const workflow = blocks.find((b) => b.includes('bluegreen-action@'))!
const template = blocks.find((b) => b.startsWith('Resources:'))!

function actionStep(doc: { jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> }) {
  return Object.values(doc.jobs)
    .flatMap((j) => j.steps)
    .find((s) => s.uses?.includes('bluegreen-action@'))!
}

describe(PAGE, () => {
  it('has a workflow and an environment template', () => {
    expect(workflow).toBeDefined()
    expect(template).toBeDefined()
  })

  it("the workflow's inputs are declared in action.yml and parse into the cloudfront front door", () => {
    const step = actionStep(parse(workflow))
    const given = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)]))
    expect(Object.keys(given).filter((k) => !(k in action.inputs))).toEqual([])
    // expressions as the runner fills them, and the template beside the workflow
    const dir = mkdtempSync(join(tmpdir(), 'cloudfront-docs-'))
    writeFileSync(join(dir, 'template.yaml'), template)
    const filled: Record<string, string> = { ...given, template: join(dir, 'template.yaml'), extra: '42', 'github-token': 'ghs_x', region: 'us-east-1' }
    const inputs = parseInputs((name) => filled[name] ?? '', {})
    expect(inputs.mode).toBe('extra-env')
    if (inputs.mode !== 'extra-env') return
    expect(inputs.extraEnv.door).toEqual({ router: 'cloudfront', distributionId: 'E2QWRUHAPOMQZL', originId: 'app', originOutput: 'OriginDomainName' })
    expect(inputs.extraEnv.verifyUrl).toBe('https://www.example.com/health')
  })

  it('the template offers the output the workflow names, and cfn-lint reads it without errors', () => {
    const outputs = (parseTemplate(template) as { Outputs?: Record<string, unknown> }).Outputs ?? {}
    expect(Object.keys(outputs)).toContain(String(actionStep(parse(workflow)).with!['origin-output']))
    ensureCfnLint()
    const dir = mkdtempSync(join(tmpdir(), 'cloudfront-docs-'))
    writeFileSync(join(dir, 'template.yaml'), template)
    const run = (file: string) => spawnSync(PYTHON, ['-c', 'import sys; from cfnlint.runner import main; sys.argv[0] = "cfn-lint"; main()', '--format', 'parseable', file], { encoding: 'utf8' })
    const lint = run(join(dir, 'template.yaml'))
    expect({ status: lint.status, out: lint.stdout, err: lint.stderr }).toEqual({ status: 0, out: '', err: '' })
    // and the same run does find an error: a wrong attribute of the function URL
    writeFileSync(join(dir, 'broken.yaml'), template.replace('!GetAtt AppUrl.FunctionUrl', '!GetAtt AppUrl.Url'))
    const broken = run(join(dir, 'broken.yaml'))
    expect(broken.status! & 2).toBe(2)
    expect(broken.stdout).toContain('E6101')
  })
})
