/**
 * The workflows of docs/routers/alb.md and docs/routers/target-group.md are what users copy: each step that
 * uses the action passes only inputs action.yml declares and is accepted by the action's own input parsing
 * (parseInputs, no AWS call) as the router the page is about. Also the inputs rule both pages state:
 * smoke-path with these routers needs endpoint-output.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { InputError } from '../../src/errors.js'
import { parseInputs } from '../../src/modes/registry.js'
import type { ExtraEnvModeInputs } from '../../src/modes/extra-env/inputs.js'

const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }
const TEMPLATE = 'examples/app/template.yaml'
// aws-actions/configure-aws-credentials sets the region for the job
const ENV = { AWS_REGION: 'us-east-1' }

function workflowSteps(file: string): Record<string, string>[] {
  const text = readFileSync(file, 'utf8')
  const blocks = [...text.matchAll(/^```ya?ml\n([^]*?)^```$/gm)].map((m) => m[1]).filter((b) => /bluegreen-action@/.test(b))
  const steps: Record<string, string>[] = []
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit)
    else if (node && typeof node === 'object') {
      const map = node as Record<string, unknown>
      if (typeof map.uses === 'string' && /bluegreen-action@/.test(map.uses)) steps.push(map.with as Record<string, string>)
      Object.values(map).forEach(visit)
    }
  }
  for (const b of blocks) visit(parse(b))
  return steps
}

/** The action's inputs as the runner passes them: an expression becomes a sample value, the template a real file. */
function getter(withInputs: Record<string, unknown>) {
  return (name: string): string => {
    if (!(name in withInputs)) return ''
    if (name === 'template') return TEMPLATE
    return String(withInputs[name])
      .replace(/\$\{\{[^}]*\}\}/g, '42')
      .trim()
  }
}

describe.each([
  ['docs/routers/alb.md', 'alb'],
  ['docs/routers/target-group.md', 'target-group']
])('%s', (file, router) => {
  const steps = workflowSteps(file)

  it('has workflow examples', () => {
    expect(steps.length).toBeGreaterThanOrEqual(2)
  })

  it('passes only declared inputs, and the action accepts each step as this router', () => {
    for (const step of steps) {
      expect(Object.keys(step).filter((k) => !(k in action.inputs))).toEqual([])
      const inputs = parseInputs(getter(step), ENV) as ExtraEnvModeInputs
      expect(inputs.mode).toBe('extra-env')
      expect(inputs.extraEnv.door.router).toBe(router)
    }
  })

  it('refuses smoke-path without endpoint-output, naming endpoint-output', () => {
    const { 'endpoint-output': _omit, ...step }: Record<string, string> = { ...steps[0], 'smoke-path': '/health' }
    let err: unknown
    try {
      parseInputs(getter(step), ENV)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).input).toBe('endpoint-output')
    expect((err as Error).message).toMatch(new RegExp(`required with smoke-path and router ${router}`))
    // with endpoint-output, and without smoke-path, it is accepted
    expect(() => parseInputs(getter({ ...step, 'endpoint-output': 'TestUrl' }), ENV)).not.toThrow()
    expect(() => parseInputs(getter({ ...step, 'smoke-path': '' }), ENV)).not.toThrow()
  })
})
