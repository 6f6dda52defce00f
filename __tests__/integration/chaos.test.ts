/**
 * Every mode, run as the runner runs it (node dist/index.js), against moto behind the fault proxy with 20%
 * throttling, 5% 5xx and 2% connection resets on every service. The action must end in the right state with
 * no stack operation or Route 53 change run twice. Connection resets only behave as on AWS outside jest's
 * realm (see __tests__/support/fault-proxy.ts), hence child processes.
 */
import { CreateBasePathMappingCommand, CreateDomainNameCommand } from '@aws-sdk/client-api-gateway'
import type { ResourceRecordSet } from '@aws-sdk/client-route-53'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { getRestMapping } from '../../src/aws/apigateway.js'
import { deployStack } from '../../src/cloudformation/deploy.js'
import { listStackResources } from '../../src/cloudformation/deployed-stack.js'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { functionNames } from '../../src/modes/reset/stack-resources.js'
import { runAction, type ActionRun } from '../support/action-runner.js'
import { testContext } from '../support/context.js'
import { useFaultProxy } from '../support/fault-proxy.js'
import { useMoto } from '../support/moto.js'
import { recordSets, zoneWith } from '../support/route53-zone.js'

const env = useMoto()
const CHAOS = { '*': { throttle: 0.2, serverError: 0.025, unavailable: 0.025, reset: 0.01, resetAfterForward: 0.01 } }
const faults = useFaultProxy(() => env.url)
let app: Server
let appUrl = ''

beforeAll(async () => {
  app = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ ok: true, path: req.url }))
  })
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => app.close(() => resolve())))

async function chaosRun(seed: number, inputs: Record<string, string>): Promise<ActionRun> {
  faults.proxy.configure({ seed, rules: CHAOS })
  const run = await runAction({ region: 'us-east-1', 'endpoint-url': faults.proxy.url, 'poll-seconds': '0.1', ...inputs }, { timeoutMs: 120_000 })
  if (run.code !== 0) throw new Error(`the action failed under faults (seed ${seed}):\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`)
  return run
}

const MODES = ['extra-env', 'api-replace', 'reset', 'route53-takeover']
const seen: Record<string, number> = {}
const modesRun = new Set<string>()

/** The action met faults, and moto ran no write twice; the kinds met are tallied for the check after all modes. */
function expectFaultsSurvived(mode: string) {
  const stats = faults.proxy.stats()
  expect(stats.faults.throttle ?? 0).toBeGreaterThan(0)
  for (const [kind, n] of Object.entries(stats.faults)) seen[kind] = (seen[kind] ?? 0) + (n ?? 0)
  expect(faults.proxy.duplicates()).toEqual([])
  modesRun.add(mode)
  return stats
}

// Each test sets up its own state (moto and the proxy are reset before each, every run is seeded), so they run
// in any order (`--randomize`). The tally needs every mode's run: it is checked after the file, not as a test
// that would depend on running last, and only when all four ran (not under `-t`).
afterAll(() => {
  if (modesRun.size < MODES.length) return
  // met every kind of fault across the modes
  expect(Object.keys(seen).sort()).toEqual(['reset', 'resetAfterForward', 'serverError', 'throttle', 'unavailable'])
})

async function createDomain(domainName: string) {
  await env.clients.apigateway.send(
    new CreateDomainNameCommand({ domainName, regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/chaos', endpointConfiguration: { types: ['REGIONAL'] } })
  )
}

describe('every mode survives throttling, 5xx and connection resets', () => {
  it('extra-env: blue goes live, then green replaces it', async () => {
    await createDomain('api.example.com')
    const common = {
      mode: 'extra-env',
      'stack-name': 'shop',
      template: 'examples/app/template.yaml',
      'domain-name': 'api.example.com',
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health',
      'verify-seconds': '0'
    }
    await chaosRun(11, { ...common, extra: 'blue', parameters: `PublicUrl=${appUrl}/blue` })
    const green = await chaosRun(12, { ...common, extra: 'green', parameters: `PublicUrl=${appUrl}/green` })
    expect(green.outputs['active-stack']).toBe('shop-green')
    expect(green.outputs['previous-stack']).toBe('shop-blue')
    const greenApi = (await listStackResources(env.clients.cloudformation, 'shop-green')).find((r) => r.ResourceType === 'AWS::ApiGateway::RestApi')
    expect((await getRestMapping(env.clients.apigateway, 'api.example.com', ''))?.restApiId).toBe(greenApi?.PhysicalResourceId)
    expect(await describeStack(env.clients.cloudformation, 'shop-blue')).toBeUndefined()
    expectFaultsSurvived('extra-env')
  })

  it('api-replace: a renamed path variable replaces the API and the domain follows', async () => {
    await chaosRun(21, { mode: 'api-replace', 'stack-name': 'blog', template: 'examples/app/template.yaml', replace: 'never' })
    const before = (await listStackResources(env.clients.cloudformation, 'blog')).find((r) => r.ResourceType === 'AWS::ApiGateway::RestApi')!
    await createDomain('api.blog.example.com')
    await env.clients.apigateway.send(new CreateBasePathMappingCommand({ domainName: 'api.blog.example.com', restApiId: before.PhysicalResourceId, stage: 'prod' }))
    const run = await chaosRun(22, { mode: 'api-replace', 'stack-name': 'blog', template: '__tests__/fixtures/api-replace/app-post-id.yaml', 'domain-name': 'api.blog.example.com' })
    expect(run.outputs.replaced).toBe('true')
    expect(run.outputs['previous-rest-api-id']).toBe(before.PhysicalResourceId)
    expect(run.outputs['rest-api-id']).not.toBe(before.PhysicalResourceId)
    expect((await getRestMapping(env.clients.apigateway, 'api.blog.example.com', ''))?.restApiId).toBe(run.outputs['rest-api-id'])
    expectFaultsSurvived('api-replace')
  })

  it('reset: generated names, then the friendly names', async () => {
    // a reset starts from a running stack (it refuses to create one): deployed first, without faults
    await deployStack(testContext(env.clients), {
      stackName: 'named',
      templateBody: readFileSync('__tests__/fixtures/reset/app-named.yaml', 'utf8'),
      parameters: [{ ParameterKey: 'PublicUrl', ParameterValue: appUrl }],
      capabilities: ['CAPABILITY_NAMED_IAM'],
      tags: []
    })
    const run = await chaosRun(31, {
      mode: 'reset',
      'stack-name': 'named',
      template: '__tests__/fixtures/reset/app-named.yaml',
      capabilities: 'CAPABILITY_NAMED_IAM',
      parameters: `PublicUrl=${appUrl}`,
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health'
    })
    const friendly = JSON.parse(run.outputs['function-names-friendly'])
    expect(functionNames(await listStackResources(env.clients.cloudformation, 'named'))).toEqual(friendly)
    expect(JSON.parse(run.outputs['function-names-generated'])).not.toEqual(friendly)
    expectFaultsSurvived('reset')
  })

  it('route53-takeover: the manual record is backed up and handed to the stack', async () => {
    const manual: ResourceRecordSet = { Name: 'www.example.com.', Type: 'A', TTL: 3600, ResourceRecords: [{ Value: '198.51.100.7' }] }
    const zoneId = await zoneWith(env.clients, [manual])
    const run = await chaosRun(41, {
      mode: 'route53-takeover',
      'stack-name': 'dns',
      template: '__tests__/fixtures/route53/a-record.yaml',
      parameters: `HostedZoneId=${zoneId}`,
      'hosted-zone-id': zoneId,
      'record-name': 'www.example.com',
      'record-type': 'A',
      'enable-parameter': 'Route53Enable=true',
      'backup-file': join(mkdtempSync(join(tmpdir(), 'chaos-r53-')), 'backup.json')
    })
    expect(JSON.parse(run.outputs['record-backup'])).toEqual(manual)
    expect(run.outputs['takeover-path']).toBe('adopt-identical')
    const ip = JSON.parse(run.outputs['stack-outputs']).AppIp
    const www = await recordSets(env.clients, zoneId, 'www.example.com.', 'A')
    // moto adds the stack's identical record beside the adopted one (AWS adopts it): every copy has the stack's values
    expect(www.length).toBeGreaterThan(0)
    for (const r of www) expect(r.ResourceRecords).toEqual([{ Value: ip }])
    expectFaultsSurvived('route53-takeover')
  })
})
