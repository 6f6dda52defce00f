import { readFileSync } from 'node:fs'
import { APIGatewayClient } from '@aws-sdk/client-api-gateway'
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { mockClient } from 'aws-sdk-client-mock'
import { jest } from '@jest/globals'
import { parse } from 'yaml'
import * as core from '../../__fixtures__/core.js'
import { DEFAULTS } from '../../src/input-usage.js'
import { unusedInputs, USED_BY } from '../../src/modes/registry.js'

jest.unstable_mockModule('../../src/runner.js', () => core)
const { run } = await import('../../src/main.js')

const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> }
const getter = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''

describe('which mode and phase read each input', () => {
  it("covers every input of action.yml, with action.yml's defaults", () => {
    expect(Object.keys(USED_BY).sort()).toEqual(Object.keys(action.inputs).sort())
    const defaults = Object.fromEntries(
      Object.entries(action.inputs)
        .filter(([, i]) => i.default !== undefined)
        .map(([n, i]) => [n, String(i.default)])
    )
    expect(DEFAULTS).toEqual(defaults)
  })

  it('names inputs given where they are not read, and not the defaults the runner passes for every input', () => {
    // the runner sets INPUT_<NAME> to action.yml's default for every input not given
    const runner = (given: Record<string, string>) => getter({ ...DEFAULTS, ...given })
    expect(unusedInputs(runner({ mode: 'extra-env', phase: 'promote', template: 't.yaml', extra: 'green' }), 'extra-env', 'promote')).toEqual(['template'])
    expect(unusedInputs(runner({ mode: 'extra-env', phase: 'destroy', 'smoke-path': '/health', 'verify-url': 'https://x' }), 'extra-env', 'destroy')).toEqual(['smoke-path', 'verify-url'])
    expect(unusedInputs(runner({ mode: 'reset', 'domain-name': 'api.example.com', replace: 'always', 'smoke-path': '/h' }), 'reset', 'full')).toEqual(['domain-name', 'replace'])
    expect(unusedInputs(runner({ mode: 'route53-takeover', 'smoke-retries': '5', 'record-name': 'www.example.com' }), 'route53-takeover', 'full')).toEqual(['smoke-retries'])
    expect(unusedInputs(runner({ mode: 'extra-env', phase: 'full', template: 't.yaml', 'keep-previous': 'true', 'smoke-path': '/h' }), 'extra-env', 'full')).toEqual([])
  })

  it('warns through run(), naming each ignored input and the mode or phase', async () => {
    mockClient(CloudFormationClient)
    mockClient(APIGatewayClient)
    mockClient(ApiGatewayV2Client)
    core.warning.mockClear()
    core.setInputs({ mode: 'extra-env', phase: 'destroy', 'stack-name': 'app', extra: 'pr-1', region: 'us-east-1', 'smoke-path': '/health', template: 'examples/app/template.yaml' })
    await run()
    const warnings = core.warning.mock.calls.map((c) => String(c[0]))
    expect(warnings).toEqual(
      expect.arrayContaining(["Input 'template' is not used by extra-env phase destroy and is ignored.", "Input 'smoke-path' is not used by extra-env phase destroy and is ignored."])
    )
  })
})
