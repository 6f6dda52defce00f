/**
 * docs/routers/route53.md's workflow is one a user copies: it parses, passes only inputs action.yml declares,
 * and those inputs parse (with the action's own parser) into the route53 router's door. The template outputs
 * it shows are the keys the workflow names.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { parseInputs } from '../../src/modes/registry.js'

const PAGE = 'docs/routers/route53.md'
const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }
const text = readFileSync(PAGE, 'utf8')
const blocks = [...text.matchAll(/^```yaml\n([^]*?)^```$/gm)].map((m) => m[1])

function actionSteps(node: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((n) => actionSteps(n, found))
  else if (node && typeof node === 'object') {
    const map = node as Record<string, unknown>
    if (typeof map.uses === 'string' && /(^|\/)bluegreen-action@/.test(map.uses)) found.push(map)
    Object.values(map).forEach((n) => actionSteps(n, found))
  }
  return found
}

describe(PAGE, () => {
  const workflow = blocks.find((b) => /bluegreen-action@/.test(b))!
  const [step] = actionSteps(parse(workflow))
  const given = step.with as Record<string, string>

  it('has a workflow whose step passes only declared inputs', () => {
    expect(blocks.every((b) => parse(b, { logLevel: 'error' }) !== undefined)).toBe(true)
    expect(Object.keys(given).filter((k) => !(k in action.inputs))).toEqual([])
  })

  it("parses into the route53 router's inputs", () => {
    // the template the runner would check out, and a run number for the expression
    const inputs = { ...given, template: 'examples/app/template.yaml', extra: '41' }
    const parsed = parseInputs((name) => String(inputs[name as keyof typeof inputs] ?? ''), { AWS_REGION: 'us-east-1' })
    expect(parsed.mode).toBe('extra-env')
    if (parsed.mode !== 'extra-env') return
    expect(parsed.extraEnv.door).toEqual({
      router: 'route53',
      hostedZoneName: 'example.com',
      recordName: 'example.com',
      recordType: 'A',
      targetOutput: 'LoadBalancerDnsName',
      targetZoneOutput: 'LoadBalancerZoneId',
      skipTtlWait: false
    })
  })

  it('shows template outputs with the keys the workflow names', () => {
    const outputs = blocks.map((b) => parse(b, { logLevel: 'error' }) as { Outputs?: Record<string, unknown> }).find((d) => d?.Outputs)!.Outputs!
    for (const key of [given['target-output'], given['target-zone-output'], given['endpoint-output']]) expect(Object.keys(outputs)).toContain(key)
  })
})
