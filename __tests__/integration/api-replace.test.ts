import { CreateBasePathMappingCommand, CreateDomainNameCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway'
import { DescribeStacksCommand, ListChangeSetsCommand } from '@aws-sdk/client-cloudformation'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AwsClients } from '../../src/aws/clients.js'
import { getRestMapping } from '../../src/aws/apigateway.js'
import { getRestApiResources } from '../../src/aws/rest-api.js'
import { listStackResources } from '../../src/cloudformation/deployed-stack.js'
import { DeployError } from '../../src/errors.js'
import { parseTemplate } from '../../src/cloudformation/template.js'
import { parseInputs } from '../../src/modes/registry.js'
import { apiReplace } from '../../src/modes/api-replace/index.js'
import { motoClients, useMoto } from '../support/moto.js'
import { testContext } from '../support/context.js'

const env = useMoto()
const SAMPLE = 'examples/app/template.yaml'
const POST_ID = '__tests__/fixtures/api-replace/app-post-id.yaml'
const LIVE_STAGE = '__tests__/fixtures/api-replace/app-post-id-live-stage.yaml'
const COMPATIBLE = '__tests__/fixtures/api-replace/app-compatible.yaml'
const DOMAIN = 'api.blog.example.com'

function inputs(template: string, extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'api-replace-'))
  const values: Record<string, string> = {
    mode: 'api-replace',
    'stack-name': 'blog',
    template,
    region: 'us-east-1',
    'endpoint-url': env.url,
    'rewritten-template': join(dir, 'rewritten.json'),
    ...extra
  }
  const parsed = parseInputs((name) => values[name] ?? '', {})
  if (parsed.mode !== 'api-replace') throw new Error('not api-replace')
  return parsed
}

async function stackApis(clients: AwsClients): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const r of await listStackResources(clients.cloudformation, 'blog')) {
    if (r.ResourceType === 'AWS::ApiGateway::RestApi' && r.LogicalResourceId) out[r.LogicalResourceId] = r.PhysicalResourceId!
  }
  return out
}

async function routesOf(restApiId: string): Promise<string[]> {
  return (await getRestApiResources(env.clients.apigateway, restApiId)).map((r) => r.path).sort()
}

/** Clients that record every AWS call in order, and after each executed change set where the domain points. */
function recordingClients() {
  const clients = motoClients(env.url)
  const calls: string[] = []
  const afterExecute: { mappedTo?: string; stackApis: Record<string, string> }[] = []
  for (const client of [clients.cloudformation, clients.apigateway] as { send: (c: unknown) => Promise<unknown> }[]) {
    const send = client.send.bind(client)
    client.send = async (command: unknown) => {
      const name = (command as { constructor: { name: string } }).constructor.name.replace(/Command$/, '')
      const out = await send(command)
      calls.push(name)
      if (name === 'ExecuteChangeSet') {
        // moto runs the change set synchronously: the stack is already in its new state here.
        const mapping = await getRestMapping(env.clients.apigateway, DOMAIN, '').catch(() => undefined)
        afterExecute.push({ mappedTo: mapping?.restApiId, stackApis: await stackApis(env.clients) })
      }
      return out
    }
  }
  return { clients, calls, afterExecute }
}

async function deployFirst(): Promise<string> {
  const ctx = testContext(env.clients)
  await apiReplace(ctx, inputs(SAMPLE))
  expect(ctx.outputs.replaced).toBe('false')
  expect(ctx.outputs['replace-reason']).toMatch(/no deployed REST API yet/)
  return ctx.outputs['rest-api-id']
}

/** The sample app with every ParentId and ResourceId written as a Sub (`${Api.RootResourceId}`, `${PostsResource}`). */
function subParents(transform: (text: string) => string = (t) => t): string {
  const text = readFileSync(SAMPLE, 'utf8')
    .replace(/ParentId: !GetAtt Api\.RootResourceId/g, "ParentId: !Sub '${Api.RootResourceId}'")
    .replace(/(ParentId|ResourceId): !Ref (\w+)/g, "$1: !Sub '${$2}'")
  const path = join(mkdtempSync(join(tmpdir(), 'api-replace-sub-')), 'template.yaml')
  writeFileSync(path, transform(text))
  return path
}

async function mapDomain(restApiId: string): Promise<void> {
  await env.clients.apigateway.send(
    new CreateDomainNameCommand({
      domainName: DOMAIN,
      regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-0000-0000-000000000000',
      endpointConfiguration: { types: ['REGIONAL'] }
    })
  )
  await env.clients.apigateway.send(new CreateBasePathMappingCommand({ domainName: DOMAIN, restApiId, stage: 'prod' }))
}

describe('api-replace against moto', () => {
  it('auto: {id} → {post_id} replaces the REST API, and the domain mapped outside the stack moves before the old API leaves the stack', async () => {
    const oldApi = await deployFirst()
    expect(await routesOf(oldApi)).toEqual(['/', '/health', '/posts', '/posts/{id}'])
    await mapDomain(oldApi)

    const { clients, calls, afterExecute } = recordingClients()
    const ctx = testContext(clients)
    await apiReplace(ctx, inputs(POST_ID, { 'domain-name': DOMAIN }))

    const newApi = ctx.outputs['rest-api-id']
    expect(newApi).not.toBe(oldApi)
    expect(ctx.outputs).toMatchObject({
      replaced: 'true',
      'previous-rest-api-id': oldApi,
      endpoint: `https://${newApi}.execute-api.us-east-1.amazonaws.com/prod`,
      'stack-status': 'UPDATE_COMPLETE'
    })
    expect(ctx.outputs['replace-reason']).toBe('route changes an in-place update cannot apply: /posts/{id} → /posts/{post_id}')
    expect(ctx.log.text()).toMatch(/conflict \(variable-renamed\): \/posts\/\{id\} → \/posts\/\{post_id\}/)
    expect(await routesOf(newApi)).toEqual(['/', '/health', '/posts', '/posts/{post_id}'])
    expect(await getRestMapping(env.clients.apigateway, DOMAIN, '')).toMatchObject({ restApiId: newApi, stage: 'prod' })

    // The runbook order: phase 1 deploy, one mapping switch, phase 2 deploy.
    const order = calls.filter((c) => ['ExecuteChangeSet', 'UpdateBasePathMapping'].includes(c))
    expect(order).toEqual(['ExecuteChangeSet', 'UpdateBasePathMapping', 'ExecuteChangeSet'])
    // After each phase the domain points at an API the stack still has (AWS deletes an API the stack drops).
    const newLogical = Object.entries(await stackApis(env.clients)).find(([, id]) => id === newApi)![0]
    expect(newLogical).toMatch(/^Api[0-9a-f]{8}$/)
    expect(afterExecute).toEqual([
      { mappedTo: oldApi, stackApis: { Api: oldApi, [newLogical]: newApi } },
      { mappedTo: newApi, stackApis: { [newLogical]: newApi } }
    ])
    // The stack kept nothing of the old API; the rewritten template on disk is the one deployed last.
    // It is the template's own YAML with the API's logical ids renamed (it was JSON before the writer kept the original text).
    const rewritten = readFileSync(ctx.outputs['rewritten-template'], 'utf8')
    expect(Object.keys(parseTemplate(rewritten).Resources)).toContain(newLogical)
    expect(rewritten).not.toMatch(/"Ref":\s*"Api"|Ref:\s*Api\s*$|!Ref\s+Api\s*$|!GetAtt\s+Api\.|\$\{Api[.}]/m)
    // moto does not delete a RestApi the stack dropped (AWS does, in the update's cleanup): it is still listed here.
    const all = (await env.clients.apigateway.send(new GetRestApisCommand({}))).items!.map((a) => a.id)
    expect(all.sort()).toEqual([oldApi, newApi].sort())
  })

  it('a later deploy with the same routes keeps the replaced API and its suffixed logical ids', async () => {
    const oldApi = await deployFirst()
    await mapDomain(oldApi)
    const first = testContext(env.clients)
    await apiReplace(first, inputs(POST_ID, { 'domain-name': DOMAIN }))
    const again = testContext(env.clients)
    await apiReplace(again, inputs(POST_ID, { 'domain-name': DOMAIN }))
    expect(again.outputs).toMatchObject({ replaced: 'false', 'rest-api-id': first.outputs['rest-api-id'], 'previous-rest-api-id': first.outputs['rest-api-id'] })
    expect(again.outputs['replace-reason']).toMatch(/compatible route changes, updated in place: no route changes/)
    expect(again.log.text()).toMatch(/No changes/)
    expect((await getRestMapping(env.clients.apigateway, DOMAIN, ''))?.restApiId).toBe(first.outputs['rest-api-id'])
  })

  it('never: a route conflict fails before the stack is touched, naming the routes', async () => {
    const oldApi = await deployFirst()
    const before = (await env.clients.cloudformation.send(new DescribeStacksCommand({ StackName: 'blog' }))).Stacks![0]
    const changeSetsBefore = (await env.clients.cloudformation.send(new ListChangeSetsCommand({ StackName: 'blog' }))).Summaries!.length
    const ctx = testContext(env.clients)
    const run = apiReplace(ctx, inputs(POST_ID, { replace: 'never' }))
    await expect(run).rejects.toThrow(DeployError)
    await expect(run).rejects.toThrow(/replace is never, but an in-place update of the REST API would fail on 1 route conflict\(s\): \/posts\/\{id\} → \/posts\/\{post_id\}/)
    const after = (await env.clients.cloudformation.send(new DescribeStacksCommand({ StackName: 'blog' }))).Stacks![0]
    expect(after.LastUpdatedTime).toEqual(before.LastUpdatedTime)
    expect(after.StackStatus).toBe('CREATE_COMPLETE')
    expect((await env.clients.cloudformation.send(new ListChangeSetsCommand({ StackName: 'blog' }))).Summaries!.length).toBe(changeSetsBefore)
    expect(await routesOf(oldApi)).toEqual(['/', '/health', '/posts', '/posts/{id}'])
    expect(ctx.outputs.replaced).toBeUndefined()
  })

  it('auto: adding a route, adding a method and changing an integration update the API in place', async () => {
    const oldApi = await deployFirst()
    await mapDomain(oldApi)
    const ctx = testContext(env.clients)
    await apiReplace(ctx, inputs(COMPATIBLE, { 'domain-name': DOMAIN }))
    expect(ctx.outputs).toMatchObject({ replaced: 'false', 'rest-api-id': oldApi, 'previous-rest-api-id': oldApi })
    expect(ctx.outputs['replace-reason']).toBe('compatible route changes, updated in place: 1 route(s) added, 2 method(s) added')
    expect(await routesOf(oldApi)).toContain('/posts/{id}/comments')
    expect(await stackApis(env.clients)).toEqual({ Api: oldApi })
    expect((await getRestMapping(env.clients.apigateway, DOMAIN, ''))?.restApiId).toBe(oldApi)
  })

  it('always without a domain: one update, the endpoint changes and is printed', async () => {
    const oldApi = await deployFirst()
    const ctx = testContext(env.clients)
    await apiReplace(ctx, inputs(SAMPLE, { replace: 'always' }))
    const newApi = ctx.outputs['rest-api-id']
    expect(newApi).not.toBe(oldApi)
    expect(ctx.outputs['replace-reason']).toBe('replace is always (no route changes)')
    expect(ctx.outputs.endpoint).toBe(`https://${newApi}.execute-api.us-east-1.amazonaws.com/prod`)
    expect(ctx.log.text()).toContain(`Replaced the REST API: ${newApi}, https://${newApi}`)
    expect(Object.values(await stackApis(env.clients))).toEqual([newApi])
    expect(ctx.log.text().match(/Executing change set/g)).toHaveLength(1)
  })

  it('dry run: prints the decision and the change set, changes nothing', async () => {
    const oldApi = await deployFirst()
    await mapDomain(oldApi)
    const before = (await env.clients.cloudformation.send(new DescribeStacksCommand({ StackName: 'blog' }))).Stacks![0]
    const ctx = testContext(env.clients, { dryRun: true })
    await apiReplace(ctx, inputs(POST_ID, { 'domain-name': DOMAIN }))
    expect(ctx.outputs.replaced).toBe('false')
    expect(ctx.outputs['replace-reason']).toBe('[dry-run] would replace the REST API: route changes an in-place update cannot apply: /posts/{id} → /posts/{post_id}')
    expect(ctx.log.text()).toMatch(/Decision: REPLACE the REST API/)
    expect(ctx.log.text()).toMatch(/\[dry-run\] plan: phase 1 creates Api[0-9a-f]{8} beside Api; the mapping moves; phase 2 removes Api/)
    expect(ctx.log.text()).toMatch(/Add\s+Api[0-9a-f]{8}\s+AWS::ApiGateway::RestApi/)
    const after = (await env.clients.cloudformation.send(new DescribeStacksCommand({ StackName: 'blog' }))).Stacks![0]
    expect(after.LastUpdatedTime).toEqual(before.LastUpdatedTime)
    expect(await stackApis(env.clients)).toEqual({ Api: oldApi })
    expect((await getRestMapping(env.clients.apigateway, DOMAIN, ''))?.restApiId).toBe(oldApi)
  })

  it("refuses to move a domain that maps to another stack's API, before touching the stack", async () => {
    await deployFirst()
    const other = testContext(env.clients)
    await apiReplace(other, { ...inputs(SAMPLE), stackName: 'other-app' })
    await mapDomain(other.outputs['rest-api-id'])
    const run = apiReplace(testContext(env.clients), inputs(POST_ID, { 'domain-name': DOMAIN }))
    await expect(run).rejects.toThrow(new RegExp(`maps to REST API ${other.outputs['rest-api-id']}, not to this stack's`))
    expect(Object.keys(await stackApis(env.clients))).toEqual(['Api'])
    expect((await getRestMapping(env.clients.apigateway, DOMAIN, ''))?.restApiId).toBe(other.outputs['rest-api-id'])
  })

  it('stops before the switch when the new API lacks the stage the domain maps to: the old API still serves', async () => {
    const oldApi = await deployFirst()
    await mapDomain(oldApi)
    const ctx = testContext(env.clients)
    await expect(apiReplace(ctx, inputs(LIVE_STAGE, { 'domain-name': DOMAIN }))).rejects.toThrow(/has no stage prod; the domain still maps to the previous API/)
    expect(await getRestMapping(env.clients.apigateway, DOMAIN, '')).toMatchObject({ restApiId: oldApi, stage: 'prod' })
    // Phase 1 ran: both APIs are in the stack, the old one untouched and serving.
    const apis = await stackApis(env.clients)
    expect(apis.Api).toBe(oldApi)
    expect(Object.keys(apis)).toHaveLength(2)
    expect(ctx.report.steps.map((s) => [s.name.replace(/\bApi[0-9a-f]{8}\b/, 'Api<hash>'), s.status])).toEqual([
      ['Compare the deployed routes with the template', 'done'],
      ['Phase 1: create Api<hash> beside Api', 'done'],
      [`Move ${DOMAIN} to ${Object.values(apis).find((id) => id !== oldApi)}`, 'failed']
    ])
  })

  it('a mapping inside the template (its condition true) is planned as one update that modifies the mapping in place', async () => {
    await deployFirst()
    const ctx = testContext(env.clients, { dryRun: true })
    await apiReplace(ctx, inputs(POST_ID, { 'domain-name': DOMAIN, parameters: `DomainName=${DOMAIN}` }))
    expect(ctx.log.text()).toContain('The template maps a domain to the API (DomainMapping): it moves with the stack update.')
    expect(ctx.log.text()).toMatch(/\[dry-run\] plan: one update creates Api[0-9a-f]{8} and removes Api\./)
    expect(ctx.log.text()).toMatch(/Modify\s+DomainMapping\s+AWS::ApiGateway::BasePathMapping/)
  })

  it('a replacement stopped after the switch (before phase 2) is finished by the next run', async () => {
    const oldApi = await deployFirst()
    await mapDomain(oldApi)
    const clients = motoClients(env.url)
    const send = clients.cloudformation.send.bind(clients.cloudformation) as (c: unknown) => Promise<unknown>
    let executions = 0
    ;(clients.cloudformation as { send: unknown }).send = async (command: unknown) => {
      if ((command as object).constructor.name === 'ExecuteChangeSetCommand' && ++executions === 2) throw new Error('runner cancelled')
      return send(command)
    }
    await expect(apiReplace(testContext(clients), inputs(POST_ID, { 'domain-name': DOMAIN }))).rejects.toThrow('runner cancelled')
    const between = await stackApis(env.clients)
    const newApi = Object.values(between).find((id) => id !== oldApi)!
    expect(Object.keys(between)).toHaveLength(2)
    expect((await getRestMapping(env.clients.apigateway, DOMAIN, ''))?.restApiId).toBe(newApi)

    const rerun = testContext(env.clients)
    await apiReplace(rerun, inputs(POST_ID, { 'domain-name': DOMAIN }))
    // The API the domain maps to is the live one; the old one is only a leftover the update removes.
    expect(rerun.outputs).toMatchObject({ replaced: 'false', 'rest-api-id': newApi, 'previous-rest-api-id': newApi })
    expect(Object.values(await stackApis(env.clients))).toEqual([newApi])
    expect((await getRestMapping(env.clients.apigateway, DOMAIN, ''))?.restApiId).toBe(newApi)
  })
})

describe('api-replace against moto, parents written as Sub', () => {
  it('an unchanged template with Sub parents is no route change; a resource re-created on the same path replaces the API', async () => {
    const template = subParents()
    expect(readFileSync(template, 'utf8')).toContain("ParentId: !Sub '${Api.RootResourceId}'")
    expect(readFileSync(template, 'utf8')).toContain("ResourceId: !Sub '${PostsResource}'")
    const first = testContext(env.clients)
    await apiReplace(first, inputs(template))
    const api = first.outputs['rest-api-id']
    expect(await routesOf(api)).toEqual(['/', '/health', '/posts', '/posts/{id}'])

    const again = testContext(env.clients)
    await apiReplace(again, inputs(template))
    expect(again.outputs).toMatchObject({ replaced: 'false', 'rest-api-id': api })
    expect(again.outputs['replace-reason']).toMatch(/no route changes/)

    // HealthResource becomes HealthCheck: CloudFormation would create /health again while the old one exists.
    const renamed = subParents((t) => t.replace(/\bHealthResource\b/g, 'HealthCheck'))
    const third = testContext(env.clients)
    await apiReplace(third, inputs(renamed))
    expect(third.outputs.replaced).toBe('true')
    expect(third.outputs['replace-reason']).toBe('route changes an in-place update cannot apply: /health → /health')
    expect(third.log.text()).toMatch(/conflict \(path-recreated\)/)
    expect(await routesOf(third.outputs['rest-api-id'])).toEqual(['/', '/health', '/posts', '/posts/{id}'])
  })
})
