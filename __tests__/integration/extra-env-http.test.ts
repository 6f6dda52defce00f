import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetApiMappingsCommand } from '@aws-sdk/client-apigatewayv2'
import { getHttpMapping } from '../../src/aws/apigatewayv2.js'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { stackResources } from '../../src/cloudformation/stack-resources.js'
import { extraEnv } from '../../src/modes/extra-env/index.js'
import { testContext } from '../support/context.js'
import { useMoto } from '../support/moto.js'
import { createHttpDomain, extraEnvInputs, PUSH_RUN, startAppServer, type AppServer } from '../support/extra-env.js'

const env = useMoto()
let server: AppServer
let template: string

beforeAll(async () => {
  server = await startAppServer()
  // An HTTP API app; moto cannot serve it, so the Endpoint output is the test server when PublicUrl is set.
  template = join(mkdtempSync(join(tmpdir(), 'extra-env-http-')), 'http.json')
  writeFileSync(
    template,
    JSON.stringify({
      Parameters: { PublicUrl: { Type: 'String', Default: '' } },
      Conditions: { HasPublicUrl: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'PublicUrl' }, ''] }] } },
      Resources: {
        HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: { 'Fn::Sub': '${AWS::StackName}' }, ProtocolType: 'HTTP' } },
        DefaultStage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'HttpApi' }, StageName: '$default', AutoDeploy: true } }
      },
      Outputs: {
        Endpoint: { Value: { 'Fn::If': ['HasPublicUrl', { Ref: 'PublicUrl' }, { 'Fn::GetAtt': ['HttpApi', 'ApiEndpoint'] }] } },
        ApiId: { Value: { Ref: 'HttpApi' } }
      }
    })
  )
})
afterAll(async () => {
  await server.close()
})

const inputs = (extra: string, values: Record<string, string> = {}) =>
  extraEnvInputs({
    mode: 'extra-env',
    'stack-name': 'web',
    template,
    parameters: `PublicUrl=${server.url(extra)}`,
    'endpoint-output': 'Endpoint',
    'domain-name': 'http.example.com',
    'base-path': 'api',
    extra,
    'smoke-path': '/health',
    'smoke-retries': '0',
    'verify-seconds': '0',
    ...values
  })
const deps = { run: PUSH_RUN }
const mapping = () => getHttpMapping(env.clients.apigatewayv2, 'http.example.com', 'api')
async function apiOf(stackName: string): Promise<string> {
  return (await stackResources(env.clients.cloudformation, stackName)).find((r) => r.ResourceType === 'AWS::ApiGatewayV2::Api')!.PhysicalResourceId!
}

describe('extra-env on moto (HTTP API custom domain, API Gateway v2 API mappings)', () => {
  it('creates the API mapping, then moves it in place with UpdateApiMapping; rollback moves it back', async () => {
    await createHttpDomain(env.clients)
    const first = testContext(env.clients)
    await extraEnv(first, inputs('blue', { phase: 'full' }), deps)
    const created = await mapping()
    expect(created).toMatchObject({ apiId: await apiOf('web-blue'), stage: '$default', basePath: 'api' })
    expect(first.outputs['domain-endpoint']).toBe('https://http.example.com/api')

    const ctx = testContext(env.clients)
    await extraEnv(ctx, inputs('green', { phase: 'full', 'keep-previous': 'true' }), deps)
    const moved = await mapping()
    expect(moved?.apiId).toBe(await apiOf('web-green'))
    // the same mapping object was updated: never deleted and re-created
    expect(moved?.mappingId).toBe(created?.mappingId)
    const all = await env.clients.apigatewayv2.send(new GetApiMappingsCommand({ DomainName: 'http.example.com' }))
    expect(all.Items).toHaveLength(1)
    expect(ctx.outputs).toMatchObject({ 'active-stack': 'web-green', 'previous-stack': 'web-blue', 'rest-api-id': moved?.apiId })
    expect(ctx.log.text()).toMatch(/Live: http\.example\.com\/api → http API \w+ stage \$default → stack web-blue/)
    expect(await describeStack(env.clients.cloudformation, 'web-blue')).toBeDefined()

    const back = testContext(env.clients)
    await extraEnv(back, inputs('green', { phase: 'rollback', template: '', extra: '', 'previous-stack': 'web-blue', 'domain-api-type': 'http' }), deps)
    expect((await mapping())?.apiId).toBe(await apiOf('web-blue'))
    expect((await mapping())?.mappingId).toBe(created?.mappingId)
  })

  it('stops before the switch, naming the fix, when the HTTP API has no stage (AWS would refuse the mapping)', async () => {
    // AWS lists only the stages an HTTP API has (none without an AWS::ApiGatewayV2::Stage or quick create),
    // and refuses a mapping to any other ("Invalid stage identifier specified"); the action invents none.
    await createHttpDomain(env.clients)
    const stageless = JSON.parse(readFileSync(template, 'utf8'))
    delete stageless.Resources.DefaultStage
    const path = join(mkdtempSync(join(tmpdir(), 'extra-env-http-')), 'stageless.json')
    writeFileSync(path, JSON.stringify(stageless))
    await expect(extraEnv(testContext(env.clients), inputs('blue', { phase: 'full', template: path }), deps)).rejects.toThrow(
      /HTTP API \w+ has no stage for the domain to map to[\s\S]*AWS::ApiGatewayV2::Stage/
    )
    expect(await mapping()).toBeUndefined()
  })

  it('a failing smoke check leaves the HTTP API mapping on blue', async () => {
    await createHttpDomain(env.clients)
    await extraEnv(testContext(env.clients), inputs('blue', { phase: 'full' }), deps)
    const blueApi = await apiOf('web-blue')
    server.behave('green', () => ({ status: 500, body: 'no' }))
    await expect(extraEnv(testContext(env.clients), inputs('green', { phase: 'full' }), deps)).rejects.toThrow(/Smoke checks of web-green failed/)
    expect((await mapping())?.apiId).toBe(blueApi)
    expect(await describeStack(env.clients.cloudformation, 'web-blue')).toBeDefined()
  })
})
