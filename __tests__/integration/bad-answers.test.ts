/**
 * AWS answers and states that make no sense for the requested operation: each ends in a clear error that
 * says what to do, and nothing in AWS changes. Runs against moto, one state per case.
 */
import {
  CreateBasePathMappingCommand,
  CreateDomainNameCommand,
  CreateRestApiCommand,
  CreateDeploymentCommand,
  GetResourcesCommand,
  PutMethodCommand,
  PutIntegrationCommand
} from '@aws-sdk/client-api-gateway'
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { ListResourceRecordSetsCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getRestMapping } from '../../src/aws/apigateway.js'
import type { Context } from '../../src/context.js'
import { parseInputs } from '../../src/modes/registry.js'
import type { Inputs } from '../../src/modes/types.js'
import { apiReplace } from '../../src/modes/api-replace/index.js'
import { extraEnv } from '../../src/modes/extra-env/index.js'
import { route53Takeover } from '../../src/modes/route53-takeover/index.js'
import { testContext } from '../support/context.js'
import { PUSH_RUN } from '../support/extra-env.js'
import { useMoto } from '../support/moto.js'
import { zoneWith } from '../support/route53-zone.js'

const env = useMoto()
const DOMAIN = 'api.example.com'
const dir = mkdtempSync(join(tmpdir(), 'bad-answers-'))

function inputs(values: Record<string, string>): Inputs {
  return parseInputs((name) => values[name] ?? '', { AWS_REGION: 'us-east-1' })
}

async function run(ctx: Context, i: Inputs): Promise<void> {
  switch (i.mode) {
    case 'extra-env':
      return extraEnv(ctx, i, { run: PUSH_RUN })
    case 'api-replace':
      return apiReplace(ctx, i)
    case 'route53-takeover':
      return route53Takeover(ctx, i)
    default:
      throw new Error(`no case for ${i.mode}`)
  }
}

/** Everything a failed run could have changed: stacks, the domain's mapping, the zones' records. */
async function snapshot(zoneId?: string) {
  const stacks = (await env.clients.cloudformation.send(new DescribeStacksCommand({}))).Stacks ?? []
  const mapping = await getRestMapping(env.clients.apigateway, DOMAIN, '').catch(() => 'no domain')
  const records = zoneId ? (await env.clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets : undefined
  return { stacks: stacks.map((s) => [s.StackName, s.StackStatus, s.LastUpdatedTime?.toISOString()]), mapping, records }
}

async function expectClearFailure(values: Record<string, string>, message: RegExp, zoneId?: string) {
  const before = await snapshot(zoneId)
  const ctx = testContext(env.clients)
  const err = await run(ctx, inputs(values)).then(
    () => undefined,
    (e: Error) => e
  )
  expect(err).toBeInstanceOf(Error)
  expect(err!.message).toMatch(message)
  expect(await snapshot(zoneId)).toEqual(before)
  return err!
}

async function createDomain() {
  await env.clients.apigateway.send(
    new CreateDomainNameCommand({ domainName: DOMAIN, regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', endpointConfiguration: { types: ['REGIONAL'] } })
  )
}

/** A REST API made by hand, owned by no stack, with a deployed stage. */
async function strayApi(): Promise<string> {
  const api = await env.clients.apigateway.send(new CreateRestApiCommand({ name: 'made-by-hand' }))
  const root = (await env.clients.apigateway.send(new GetResourcesCommand({ restApiId: api.id! }))).items![0].id!
  await env.clients.apigateway.send(new PutMethodCommand({ restApiId: api.id!, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }))
  await env.clients.apigateway.send(new PutIntegrationCommand({ restApiId: api.id!, resourceId: root, httpMethod: 'GET', type: 'MOCK', integrationHttpMethod: 'POST', uri: 'http://x.invalid' }))
  await env.clients.apigateway.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }))
  return api.id!
}

const extra = { mode: 'extra-env', 'stack-name': 'app', template: 'examples/app/template.yaml', 'domain-name': DOMAIN }

describe('AWS answers that make no sense end in a clear error and no change', () => {
  it('extra-env promote: the domain maps to an API that no stack owns', async () => {
    await createDomain()
    const apiId = await strayApi()
    await env.clients.apigateway.send(new CreateBasePathMappingCommand({ domainName: DOMAIN, restApiId: apiId, stage: 'prod' }))
    await run(testContext(env.clients), inputs({ ...extra, extra: 'green', phase: 'deploy' }))
    await expectClearFailure({ ...extra, extra: 'green', phase: 'promote' }, new RegExp(`API ${apiId} \\(stage prod\\), which no stack of app owns`))
  })

  it('extra-env promote: the custom domain does not exist', async () => {
    await run(testContext(env.clients), inputs({ ...extra, 'domain-name': '', extra: 'green', phase: 'deploy' }))
    await expectClearFailure({ ...extra, extra: 'green', phase: 'promote' }, /The custom domain api\.example\.com does not exist in API Gateway/)
  })

  it('extra-env promote: the environment to promote was never deployed', async () => {
    await createDomain()
    await expectClearFailure({ ...extra, extra: 'green', phase: 'promote' }, /app-green does not exist/)
  })

  it('extra-env rollback: the domain has no mapping to roll back', async () => {
    await createDomain()
    await expectClearFailure({ ...extra, phase: 'rollback' }, /nothing to roll back/)
  })

  it('extra-env destroy: the environment asked for is the live one', async () => {
    await createDomain()
    await run(testContext(env.clients), inputs({ ...extra, extra: 'blue', phase: 'full' }))
    await expectClearFailure({ ...extra, extra: 'blue', phase: 'destroy' }, /live/)
  })

  it('api-replace: the template has no REST API', async () => {
    const template = join(dir, 'no-api.yaml')
    writeFileSync(template, 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n')
    await expectClearFailure({ mode: 'api-replace', 'stack-name': 'blog', template, replace: 'always' }, /RestApi/)
  })

  it('api-replace: the domain maps to an API outside the stack', async () => {
    await run(testContext(env.clients), inputs({ mode: 'api-replace', 'stack-name': 'blog', template: 'examples/app/template.yaml' }))
    await createDomain()
    const stray = await strayApi()
    await env.clients.apigateway.send(new CreateBasePathMappingCommand({ domainName: DOMAIN, restApiId: stray, stage: 'prod' }))
    await expectClearFailure({ mode: 'api-replace', 'stack-name': 'blog', template: '__tests__/fixtures/api-replace/app-post-id.yaml', 'domain-name': DOMAIN }, new RegExp(stray))
  })

  const zone = (records: ResourceRecordSet[]) => zoneWith(env.clients, records)
  const r53 = (zoneId: string) => ({
    mode: 'route53-takeover',
    'stack-name': 'dns',
    template: '__tests__/fixtures/route53/a-record.yaml',
    parameters: `HostedZoneId=${zoneId}`,
    'hosted-zone-id': zoneId,
    'record-name': 'www.example.com',
    'enable-parameter': 'Route53Enable=true',
    'backup-file': join(mkdtempSync(join(dir, 'r53-')), 'backup.json')
  })

  it('route53-takeover: the record to take over does not exist', async () => {
    const zoneId = await zone([])
    await expectClearFailure(r53(zoneId), /www\.example\.com/, zoneId)
  })

  it('route53-takeover: the hosted zone does not exist', async () => {
    await expectClearFailure({ ...r53('ZNOSUCHZONE1'), 'hosted-zone-id': 'ZNOSUCHZONE1' }, /ZNOSUCHZONE1|hosted zone/i)
  })
})
