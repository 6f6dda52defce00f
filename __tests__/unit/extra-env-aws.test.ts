import { mockClient } from 'aws-sdk-client-mock'
import { APIGatewayClient, GetBasePathMappingCommand, GetRestApiCommand, UpdateBasePathMappingCommand } from '@aws-sdk/client-api-gateway'
import { ApiGatewayV2Client, GetApiMappingsCommand, UpdateApiMappingCommand } from '@aws-sdk/client-apigatewayv2'
import { CloudFormationClient, DescribeStackResourcesCommand, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation'
import { createClients } from '../../src/aws/all-clients.js'
import { DeployError } from '../../src/errors.js'
import { listEnvironments } from '../../src/core/environments.js'
import { findOwnerStack } from '../../src/core/owner.js'
import { moveMapping, readMapping } from '../../src/core/routers/api-gateway.js'
import { testContext } from '../support/context.js'

const cfn = mockClient(CloudFormationClient)
const v1 = mockClient(APIGatewayClient)
const v2 = mockClient(ApiGatewayV2Client)
const clients = createClients({ region: 'us-east-1', maxAttempts: 1 })

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } })
}

const resource = (stack: string, logical: string, type: string, physical: string) => ({
  StackName: stack,
  StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${stack}/1`,
  LogicalResourceId: logical,
  ResourceType: type,
  PhysicalResourceId: physical,
  ResourceStatus: 'CREATE_COMPLETE' as const,
  Timestamp: new Date(),
  LastUpdatedTimestamp: new Date()
})
const stack = (name: string, tags: Record<string, string> = {}) => ({
  StackName: name,
  StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/1`,
  StackStatus: 'CREATE_COMPLETE' as const,
  CreationTime: new Date('2026-01-01T00:00:00Z'),
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
})

beforeEach(() => {
  cfn.reset()
  v1.reset()
  v2.reset()
})

describe('findOwnerStack: which stack owns the mapped API', () => {
  it('asks DescribeStackResources by physical id first (one call on AWS) and lists no stacks', async () => {
    // AWS answers a PhysicalResourceId query with every resource of the owning stack.
    cfn.on(DescribeStackResourcesCommand, { PhysicalResourceId: 'abc123' }).resolves({
      StackResources: [resource('app-blue', 'AppFunction', 'AWS::Lambda::Function', 'app-blue-fn'), resource('app-blue', 'Api', 'AWS::ApiGateway::RestApi', 'abc123')]
    })
    cfn.on(DescribeStacksCommand, { StackName: resource('app-blue', 'Api', '', '').StackId }).resolves({ Stacks: [stack('app-blue')] })
    const ctx = testContext(clients)
    expect(await findOwnerStack(ctx, 'abc123', 'app', () => listEnvironments(ctx, 'app'))).toEqual({ stackName: 'app-blue', via: 'physical-id' })
    // no listing of the account's stacks (the owner itself is read by name, for its RootId)
    expect(cfn.commandCalls(DescribeStacksCommand).filter((c) => !c.args[0].input.StackName)).toHaveLength(0)
  })

  it('falls back to the stacks of stack-name when the role may not query by physical id', async () => {
    cfn
      .on(DescribeStackResourcesCommand, { PhysicalResourceId: 'abc123' })
      .rejects(awsError('AccessDenied', 'User: arn:aws:sts::123456789012:assumed-role/deploy/gh is not authorized to perform: cloudformation:DescribeStackResources'))
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [stack('other-service'), stack('app'), stack('app-blue', { 'bluegreen:stack': 'app' })], NextToken: 't1' })
      .resolvesOnce({ Stacks: [stack('renamed-env', { 'bluegreen:stack': 'app', 'bluegreen:extra': 'x' })] })
    cfn.on(ListStackResourcesCommand, { StackName: 'app' }).resolves({ StackResourceSummaries: [resource('app', 'Api', 'AWS::ApiGateway::RestApi', 'old999')] })
    cfn.on(ListStackResourcesCommand, { StackName: 'app-blue' }).resolves({ StackResourceSummaries: [resource('app-blue', 'Api', 'AWS::ApiGateway::RestApi', 'def456')] })
    cfn.on(ListStackResourcesCommand, { StackName: 'renamed-env' }).resolves({ StackResourceSummaries: [resource('renamed-env', 'Api', 'AWS::ApiGateway::RestApi', 'abc123')] })
    const ctx = testContext(clients)
    expect(await findOwnerStack(ctx, 'abc123', 'app', () => listEnvironments(ctx, 'app'))).toEqual({ stackName: 'renamed-env', via: 'stack-scan' })
    // other-service is not a candidate; both DescribeStacks pages were read
    const asked = [
      ...cfn.commandCalls(DescribeStackResourcesCommand).map((c) => `physical:${c.args[0].input.PhysicalResourceId}`),
      ...cfn.commandCalls(ListStackResourcesCommand).map((c) => c.args[0].input.StackName)
    ]
    expect(asked).toEqual(['physical:abc123', 'app', 'app-blue', 'renamed-env'])
    expect(ctx.log.text()).toContain('is not authorized')
  })

  it('falls back when the physical-id query finds nothing, and answers undefined for an API no stack owns', async () => {
    cfn.on(DescribeStackResourcesCommand, { PhysicalResourceId: 'zzz' }).resolves({ StackResources: [] })
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('app-blue', { 'bluegreen:stack': 'app' })] })
    cfn.on(ListStackResourcesCommand, { StackName: 'app-blue' }).resolves({ StackResourceSummaries: [resource('app-blue', 'Api', 'AWS::ApiGateway::RestApi', 'def456')] })
    expect(await findOwnerStack(testContext(clients), 'zzz', 'app', () => listEnvironments(testContext(clients), 'app'))).toBeUndefined()
  })

  it('does not hide other failures behind the fallback', async () => {
    cfn.on(DescribeStackResourcesCommand).rejects(awsError('InternalFailure', 'We encountered an internal error. Please try again.'))
    await expect(findOwnerStack(testContext(clients), 'abc123', 'app', () => listEnvironments(testContext(clients), 'app'))).rejects.toThrow(/internal error/)
  })
})

describe('readMapping / moveMapping', () => {
  it('auto: a base path mapping whose target is not a REST API is read as an HTTP API (v2) mapping', async () => {
    v1.on(GetBasePathMappingCommand).resolves({ basePath: '(none)', restApiId: 'h77', stage: '$default' })
    v1.on(GetRestApiCommand).rejects(awsError('NotFoundException', 'Invalid API identifier specified 123456789012:h77'))
    v2.on(GetApiMappingsCommand).resolves({ Items: [{ ApiId: 'h77', ApiMappingId: 'm1', ApiMappingKey: '', Stage: '$default' }] })
    const m = await readMapping(testContext(clients), 'api.example.com', '', 'auto')
    expect(m).toEqual({ kind: 'http', domainName: 'api.example.com', basePath: '', apiId: 'h77', stage: '$default', mappingId: 'm1' })
  })

  it('auto: a key v1 cannot express (BadRequest) is looked up in the v2 API mappings', async () => {
    v1.on(GetBasePathMappingCommand).rejects(awsError('BadRequestException', 'Invalid base path mapping identifier specified'))
    v2.on(GetApiMappingsCommand).resolves({ Items: [{ ApiId: 'h1', ApiMappingId: 'm9', ApiMappingKey: 'v2/orders', Stage: 'live' }] })
    expect(await readMapping(testContext(clients), 'api.example.com', 'v2/orders', 'auto')).toMatchObject({ kind: 'http', apiId: 'h1' })
  })

  it('rest: NotFound is "no mapping" and v2 is not asked', async () => {
    v1.on(GetBasePathMappingCommand).rejects(awsError('NotFoundException', 'Invalid base path mapping identifier specified'))
    expect(await readMapping(testContext(clients), 'api.example.com', 'v1', 'rest')).toBeUndefined()
    expect(v2.calls()).toHaveLength(0)
  })

  it('http: finds the key on a later page of GetApiMappings', async () => {
    v2.on(GetApiMappingsCommand)
      .resolvesOnce({ Items: [{ ApiId: 'a', ApiMappingId: 'm1', ApiMappingKey: 'other', Stage: 's' }], NextToken: 'n' })
      .resolvesOnce({ Items: [{ ApiId: 'b', ApiMappingId: 'm2', ApiMappingKey: 'v2/orders', Stage: 'live' }] })
    expect(await readMapping(testContext(clients), 'api.example.com', 'v2/orders', 'http')).toMatchObject({ apiId: 'b', mappingId: 'm2', stage: 'live' })
  })

  it('switches REST mappings with one UpdateBasePathMapping (replace /restapiId and /stage), never a delete', async () => {
    v1.on(UpdateBasePathMappingCommand).resolves({ basePath: '(none)', restApiId: 'new1', stage: 'prod' })
    const current = { kind: 'rest' as const, domainName: 'api.example.com', basePath: '', apiId: 'old1', stage: 'prod' }
    await moveMapping(testContext(clients), current, 'api.example.com', '', { kind: 'rest', apiId: 'new1', stage: 'prod' })
    const calls = v1.calls().map((c) => c.args[0].constructor.name)
    expect(calls).toEqual(['UpdateBasePathMappingCommand'])
    expect(v1.commandCalls(UpdateBasePathMappingCommand)[0].args[0].input.patchOperations).toEqual([
      { op: 'replace', path: '/restapiId', value: 'new1' },
      { op: 'replace', path: '/stage', value: 'prod' }
    ])
  })

  it('switches HTTP API mappings with one UpdateApiMapping on the same mapping id', async () => {
    v2.on(UpdateApiMappingCommand).resolves({ ApiId: 'new2', ApiMappingId: 'm1', ApiMappingKey: '', Stage: '$default' })
    const current = { kind: 'http' as const, domainName: 'api.example.com', basePath: '', apiId: 'old2', stage: '$default', mappingId: 'm1' }
    const out = await moveMapping(testContext(clients), current, 'api.example.com', '', { kind: 'http', apiId: 'new2', stage: '$default' })
    expect(out.mappingId).toBe('m1')
    expect(v2.commandCalls(UpdateApiMappingCommand)[0].args[0].input).toMatchObject({ ApiMappingId: 'm1', ApiId: 'new2', DomainName: 'api.example.com' })
  })

  it('refuses to move a REST mapping to an HTTP API', async () => {
    const current = { kind: 'rest' as const, domainName: 'api.example.com', basePath: '', apiId: 'old1', stage: 'prod' }
    await expect(moveMapping(testContext(clients), current, 'api.example.com', '', { kind: 'http', apiId: 'h1' })).rejects.toThrow(DeployError)
    expect(v1.calls()).toHaveLength(0)
    expect(v2.calls()).toHaveLength(0)
  })
})
