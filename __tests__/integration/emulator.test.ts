/**
 * The fixes scripts/moto_server.py makes to moto, each against the AWS behaviour it reproduces (with the
 * document that states it). Tests elsewhere rely on these; if one fails, moto changed under the patch.
 */
import { CreateApiCommand, CreateApiMappingCommand, CreateDomainNameCommand, CreateStageCommand, GetStagesCommand, UpdateApiMappingCommand } from '@aws-sdk/client-apigatewayv2'
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
  UpdateStackCommand
} from '@aws-sdk/client-cloudformation'
import { CreateDomainNameCommand as CreateRestDomainCommand, GetBasePathMappingCommand, GetBasePathMappingsCommand } from '@aws-sdk/client-api-gateway'
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListResourceRecordSetsCommand, type Change, type ResourceRecordSet } from '@aws-sdk/client-route-53'
import { useMoto } from '../support/moto.js'

const env = useMoto()

describe('Route 53 DELETE (moto_server.py)', () => {
  // AWS, ChangeResourceRecordSets (Route 53 API Reference): "To delete a resource record set, you must specify
  // all the same values that you specified when you created it." and "Route 53 validates the changes in the
  // request and then either makes all or none of the changes in the change batch request."
  // Refusals come as InvalidChangeBatch: "Tried to delete resource record set [name='www.example.com.',
  // type='A'] but the values provided do not match the current values" (or "... but it was not found").
  const NAME = 'www.example.com.'
  let zoneId = ''
  const plain: ResourceRecordSet = { Name: NAME, Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }, { Value: '192.0.2.2' }] }
  const alias: ResourceRecordSet = { Name: 'alias.example.com.', Type: 'A', AliasTarget: { HostedZoneId: 'Z2FDTNDATAQYW2', DNSName: 'd111111abcdef8.cloudfront.net.', EvaluateTargetHealth: false } }
  const weighted = (id: string, weight: number, ip: string): ResourceRecordSet => ({ Name: 'w.example.com.', Type: 'A', SetIdentifier: id, Weight: weight, TTL: 60, ResourceRecords: [{ Value: ip }] })

  const change = (changes: Change[]) => env.clients.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }))
  const del = (...sets: ResourceRecordSet[]) => change(sets.map((s) => ({ Action: 'DELETE', ResourceRecordSet: s })))
  const records = async () =>
    ((await env.clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ?? [])
      .filter((r) => r.Type === 'A')
      .map((r) => `${r.Name} ${r.SetIdentifier ?? '-'}`)
      .sort()

  beforeEach(async () => {
    const zone = await env.clients.route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: `emulator-${Date.now()}` }))
    zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '')
    await change([plain, alias, weighted('blue', 100, '192.0.2.10'), weighted('green', 0, '192.0.2.20')].map((s) => ({ Action: 'CREATE', ResourceRecordSet: s })))
  })

  const ALL = ['alias.example.com. -', 'w.example.com. blue', 'w.example.com. green', 'www.example.com. -']

  it('refuses a DELETE whose TTL or records are not the current ones, and keeps the record', async () => {
    await expect(del({ ...plain, TTL: 60 })).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
      message: expect.stringContaining("Tried to delete resource record set [name='www.example.com.', type='A'] but the values provided do not match the current values")
    })
    await expect(del({ ...plain, ResourceRecords: [{ Value: '192.0.2.1' }] })).rejects.toMatchObject({ name: 'InvalidChangeBatch' })
    expect(await records()).toEqual(ALL)
    // the current values, records in any order and the name without its final dot, delete it
    await del({ ...plain, Name: 'WWW.example.com', ResourceRecords: [{ Value: '192.0.2.2' }, { Value: '192.0.2.1' }] })
    expect(await records()).toEqual(ALL.filter((r) => !r.startsWith('www.')))
  })

  it('compares an alias target whole: hosted zone id and EvaluateTargetHealth too; the DNS name without regard to case or final dot', async () => {
    // AWS, DNS domain name format (Route 53 Developer Guide): Route 53 stores names in lower case, and treats
    // a name with and without the trailing dot as identical.
    await expect(del({ ...alias, AliasTarget: { ...alias.AliasTarget!, HostedZoneId: 'Z2OTHERZONE000' } })).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
      message: expect.stringContaining('do not match')
    })
    await expect(del({ ...alias, AliasTarget: { ...alias.AliasTarget!, EvaluateTargetHealth: true } })).rejects.toMatchObject({ name: 'InvalidChangeBatch' })
    await expect(del({ ...alias, AliasTarget: { ...alias.AliasTarget!, DNSName: 'other.cloudfront.net.' } })).rejects.toMatchObject({ name: 'InvalidChangeBatch' })
    expect(await records()).toEqual(ALL)
    await del({ ...alias, AliasTarget: { ...alias.AliasTarget!, DNSName: 'D111111ABCDEF8.cloudfront.net' } })
    expect(await records()).toEqual(ALL.filter((r) => !r.startsWith('alias.')))
  })

  it('deletes only the record set of the SetIdentifier given, and only with its weight', async () => {
    await expect(del({ ...weighted('green', 0, '192.0.2.20'), Weight: 50 })).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
      message: expect.stringContaining("[name='w.example.com.', type='A', set-identifier='green'] but the values provided do not match")
    })
    await expect(del(weighted('red', 0, '192.0.2.20'))).rejects.toMatchObject({ message: expect.stringContaining("set-identifier='red'] but it was not found") })
    await del(weighted('green', 0, '192.0.2.20'))
    expect(await records()).toEqual(ALL.filter((r) => r !== 'w.example.com. green'))
  })

  it('applies a batch whole or not at all: a stale DELETE undoes the DELETE before it', async () => {
    await expect(del(plain, { ...alias, AliasTarget: { ...alias.AliasTarget!, EvaluateTargetHealth: true } })).rejects.toMatchObject({ name: 'InvalidChangeBatch' })
    expect(await records()).toEqual(ALL)
  })

  it('refuses a DELETE of a record that is not there', async () => {
    await expect(del({ ...plain, Name: 'nothere.example.com.' })).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
      message: expect.stringContaining("Tried to delete resource record set [name='nothere.example.com.', type='A'] but it was not found")
    })
  })
})

describe('Route 53 CREATE (moto_server.py)', () => {
  // AWS, ChangeResourceRecordSets (Route 53 API Reference, https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html):
  // "CREATE: Creates a resource record set that has the specified values." and "Change batches are considered
  // transactional changes. Route 53 validates the changes in the request and then either makes all or none of
  // the changes in the change batch request." A CREATE is refused only when the record set exists when it is
  // applied ("Tried to create resource record set [name='www.example.com.', type='CNAME'] but it already
  // exists"): one batch that DELETEs weighted records and CREATEs a simple record of the name is accepted,
  // also when that simple record is identical to one the zone held before. moto refused it (its journal
  // check sees the earlier CREATE and any record set listed from the name on).
  const NAME = 'www.example.com.'
  let zoneId = ''
  const simple = (value: string): ResourceRecordSet => ({ Name: NAME, Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: value }] })
  const weighted = (id: string, weight: number, value: string): ResourceRecordSet => ({ ...simple(value), SetIdentifier: id, Weight: weight })
  const change = (changes: Change[]) => env.clients.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }))
  const sets = async () =>
    ((await env.clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ?? [])
      .filter((r) => r.Type === 'CNAME')
      .map((r) => `${r.SetIdentifier ?? '-'} ${r.Weight ?? '-'} ${r.ResourceRecords?.[0]?.Value}`)
      .sort()

  beforeEach(async () => {
    const zone = await env.clients.route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: `emulator-create-${Date.now()}` }))
    zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '')
    await change([{ Action: 'CREATE', ResourceRecordSet: simple('blue.example.net') }])
    // records after the name in the zone's order, as real zones have
    await change([{ Action: 'CREATE', ResourceRecordSet: { Name: 'zz.example.com.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] } }])
  })

  it('turns a simple record into weighted records and back into the same simple record, one batch each', async () => {
    await change([
      { Action: 'DELETE', ResourceRecordSet: simple('blue.example.net') },
      { Action: 'CREATE', ResourceRecordSet: weighted('shop-blue', 90, 'blue.example.net') },
      { Action: 'CREATE', ResourceRecordSet: weighted('shop-green', 10, 'green.example.net') }
    ])
    expect(await sets()).toEqual(['shop-blue 90 blue.example.net', 'shop-green 10 green.example.net'])
    await change([
      { Action: 'DELETE', ResourceRecordSet: weighted('shop-blue', 90, 'blue.example.net') },
      { Action: 'DELETE', ResourceRecordSet: weighted('shop-green', 10, 'green.example.net') },
      { Action: 'CREATE', ResourceRecordSet: simple('blue.example.net') }
    ])
    expect(await sets()).toEqual(['- - blue.example.net'])
  })

  it('still refuses a CREATE of a record set that exists, and applies nothing of its batch', async () => {
    await expect(change([{ Action: 'CREATE', ResourceRecordSet: simple('green.example.net') }])).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
      message: expect.stringContaining("Tried to create resource record set [name='www.example.com.', type='CNAME'] but it already exists")
    })
    await expect(
      change([
        { Action: 'DELETE', ResourceRecordSet: simple('blue.example.net') },
        { Action: 'CREATE', ResourceRecordSet: weighted('shop-blue', 90, 'blue.example.net') },
        { Action: 'CREATE', ResourceRecordSet: weighted('shop-blue', 10, 'green.example.net') }
      ])
    ).rejects.toMatchObject({ name: 'InvalidChangeBatch', message: expect.stringContaining("set-identifier='shop-blue'] but it already exists") })
    expect(await sets()).toEqual(['- - blue.example.net'])
  })
})

describe('API Gateway v2 mappings and stages (moto_server.py)', () => {
  const DOMAIN = 'http.example.com'
  const api = async () => (await env.clients.apigatewayv2.send(new CreateApiCommand({ Name: 'app', ProtocolType: 'HTTP' }))).ApiId!
  const domain = () =>
    env.clients.apigatewayv2.send(
      new CreateDomainNameCommand({ DomainName: DOMAIN, DomainNameConfigurations: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', EndpointType: 'REGIONAL' }] })
    )

  it('refuses to map a domain to a stage the API does not have (CreateApiMapping, UpdateApiMapping)', async () => {
    // AWS: an API mapping to a stage that does not exist fails with BadRequestException "Invalid stage
    // identifier specified" (as reported against CloudFormation's AWS::ApiGatewayV2::ApiMapping, aws/aws-cdk#9078).
    await domain()
    const apiId = await api()
    await expect(env.clients.apigatewayv2.send(new CreateApiMappingCommand({ DomainName: DOMAIN, ApiId: apiId, Stage: '$default', ApiMappingKey: 'v1' }))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: 'Invalid stage identifier specified'
    })
    await env.clients.apigatewayv2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'live' }))
    const mapping = await env.clients.apigatewayv2.send(new CreateApiMappingCommand({ DomainName: DOMAIN, ApiId: apiId, Stage: 'live', ApiMappingKey: 'v1' }))
    const other = await api()
    await expect(env.clients.apigatewayv2.send(new UpdateApiMappingCommand({ DomainName: DOMAIN, ApiMappingId: mapping.ApiMappingId!, ApiId: other }))).rejects.toMatchObject({
      name: 'BadRequestException',
      message: 'Invalid stage identifier specified'
    })
  })

  it("gives a stack's HTTP API the stages its template declares: AWS::ApiGatewayV2::Stage, and $default for quick create (Target)", async () => {
    // AWS, AWS::ApiGatewayV2::Api (CloudFormation User Guide), Target: "Quick create produces an API with an
    // integration, a default catch-all route, and a default stage which is configured to automatically deploy changes."
    const template = {
      Resources: {
        Declared: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'declared', ProtocolType: 'HTTP' } },
        DeclaredStage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Declared' }, StageName: 'live', AutoDeploy: true } },
        Quick: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'quick', ProtocolType: 'HTTP', Target: 'arn:aws:lambda:us-east-1:123456789012:function:app' } }
      }
    }
    await env.clients.cloudformation.send(new CreateStackCommand({ StackName: 'http-stages', TemplateBody: JSON.stringify(template) }))
    const resources = (await env.clients.cloudformation.send(new DescribeStackResourcesCommand({ StackName: 'http-stages' }))).StackResources ?? []
    const idOf = (logical: string) => resources.find((r) => r.LogicalResourceId === logical)!.PhysicalResourceId!
    const stagesOf = async (apiId: string) => ((await env.clients.apigatewayv2.send(new GetStagesCommand({ ApiId: apiId }))).Items ?? []).map((s) => s.StageName)
    expect(await stagesOf(idOf('Declared'))).toEqual(['live'])
    expect(await stagesOf(idOf('Quick'))).toEqual(['$default'])
    expect(idOf('DeclaredStage')).toBe('live')
  })
})

describe('CloudFormation resources whose condition is false (moto_server.py)', () => {
  it('lists no entry for them (DescribeStackResources, ListStackResources)', async () => {
    // AWS, Conditions (CloudFormation User Guide): a resource associated with a condition that evaluates to
    // false is not created, so the stack has no such resource to list.
    const template = {
      Parameters: { On: { Type: 'String', Default: 'false' } },
      Conditions: { IsOn: { 'Fn::Equals': [{ Ref: 'On' }, 'true'] } },
      Resources: { Always: { Type: 'AWS::SNS::Topic' }, Sometimes: { Type: 'AWS::SNS::Topic', Condition: 'IsOn' } }
    }
    await env.clients.cloudformation.send(new CreateStackCommand({ StackName: 'conditions', TemplateBody: JSON.stringify(template) }))
    const described = (await env.clients.cloudformation.send(new DescribeStackResourcesCommand({ StackName: 'conditions' }))).StackResources ?? []
    expect(described.map((r) => r.LogicalResourceId)).toEqual(['Always'])
    const listed = (await env.clients.cloudformation.send(new ListStackResourcesCommand({ StackName: 'conditions' }))).StackResourceSummaries ?? []
    expect(listed.map((r) => r.LogicalResourceId)).toEqual(['Always'])
  })

  it('lists no change for them in a change set, evaluated with the change set’s parameters', async () => {
    // AWS, Conditions (CloudFormation User Guide): "Resources that have a condition that evaluates to false
    // are not created"; a change set lists the resources the operation creates, updates or deletes.
    const template = JSON.stringify({
      Parameters: { On: { Type: 'String', Default: 'false' } },
      Conditions: { IsOn: { 'Fn::Equals': [{ Ref: 'On' }, 'true'] } },
      Resources: { Always: { Type: 'AWS::SNS::Topic' }, Sometimes: { Type: 'AWS::SNS::Topic', Condition: 'IsOn' } }
    })
    const changes = async (stackName: string, on: string) => {
      const cs = await env.clients.cloudformation.send(
        new CreateChangeSetCommand({ StackName: stackName, ChangeSetName: 'cs', ChangeSetType: 'CREATE', TemplateBody: template, Parameters: [{ ParameterKey: 'On', ParameterValue: on }] })
      )
      const described = await env.clients.cloudformation.send(new DescribeChangeSetCommand({ ChangeSetName: cs.Id }))
      return (described.Changes ?? []).map((c) => `${c.ResourceChange?.Action} ${c.ResourceChange?.LogicalResourceId}`).sort()
    }
    expect(await changes('cond-off', 'false')).toEqual(['Add Always'])
    expect(await changes('cond-on', 'true')).toEqual(['Add Always', 'Add Sometimes'])
  })
})

describe('CloudFormation change sets and updates (moto_server.py, moto_replace_on_rename.py)', () => {
  const stackOf = async (name: string) => (await env.clients.cloudformation.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]
  const physicalIds = async (name: string) =>
    Object.fromEntries(((await env.clients.cloudformation.send(new DescribeStackResourcesCommand({ StackName: name }))).StackResources ?? []).map((r) => [r.LogicalResourceId, r.PhysicalResourceId]))

  it('a stack created and updated through change sets reports its outputs and parameters', async () => {
    // AWS: a stack's Outputs (DescribeStacks) are its template's outputs after every create and update,
    // however the operation was started.
    const template = (value: string) =>
      JSON.stringify({ Parameters: { Name: { Type: 'String' } }, Resources: { T: { Type: 'AWS::SNS::Topic' } }, Outputs: { Out: { Value: { 'Fn::Sub': `${value}-\${Name}` } } } })
    const run = async (type: 'CREATE' | 'UPDATE', body: string, name: string) => {
      const cs = await env.clients.cloudformation.send(
        new CreateChangeSetCommand({
          StackName: 'via-cs',
          ChangeSetName: `cs-${type.toLowerCase()}`,
          ChangeSetType: type,
          TemplateBody: body,
          Parameters: [{ ParameterKey: 'Name', ParameterValue: name }]
        })
      )
      await env.clients.cloudformation.send(new ExecuteChangeSetCommand({ ChangeSetName: cs.Id }))
    }
    await run('CREATE', template('one'), 'a')
    expect((await stackOf('via-cs')).Outputs).toEqual([expect.objectContaining({ OutputKey: 'Out', OutputValue: 'one-a' })])
    await run('UPDATE', template('two'), 'b')
    const updated = await stackOf('via-cs')
    expect(updated.Outputs).toEqual([expect.objectContaining({ OutputKey: 'Out', OutputValue: 'two-b' })])
    expect(updated.Parameters).toEqual([{ ParameterKey: 'Name', ParameterValue: 'b' }])
  })

  it('creates a change set without changes as FAILED with the reason, rather than refusing the call', async () => {
    // AWS: CreateChangeSet succeeds; the change set ends FAILED with StatusReason "The submitted information
    // didn't contain changes. Submit different information to create a change set."
    const body = JSON.stringify({ Resources: { T: { Type: 'AWS::SNS::Topic' } } })
    await env.clients.cloudformation.send(new CreateStackCommand({ StackName: 'same', TemplateBody: body }))
    const cs = await env.clients.cloudformation.send(new CreateChangeSetCommand({ StackName: 'same', ChangeSetName: 'nothing', ChangeSetType: 'UPDATE', TemplateBody: body }))
    const described = await env.clients.cloudformation.send(new DescribeChangeSetCommand({ ChangeSetName: cs.Id }))
    expect(described).toMatchObject({ Status: 'FAILED', StatusReason: expect.stringMatching(/didn't contain changes/) })
  })

  it('replaces a resource whose name property changed, and updates a function whose code is inline', async () => {
    // AWS, resource reference (CloudFormation User Guide): FunctionName "Update requires: Replacement";
    // Code.ZipFile is the function's source text on create and update alike.
    const template = (name: string, code: string) =>
      JSON.stringify({
        Resources: {
          Role: {
            Type: 'AWS::IAM::Role',
            Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } }
          },
          Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: name, Runtime: 'nodejs22.x', Handler: 'index.handler', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: code } } }
        }
      })
    await env.clients.cloudformation.send(new CreateStackCommand({ StackName: 'fn', TemplateBody: template('first-name', 'exports.handler = async () => 1\n'), Capabilities: ['CAPABILITY_IAM'] }))
    expect((await physicalIds('fn')).Fn).toBe('first-name')
    await env.clients.cloudformation.send(new UpdateStackCommand({ StackName: 'fn', TemplateBody: template('second-name', 'exports.handler = async () => 2\n'), Capabilities: ['CAPABILITY_IAM'] }))
    expect((await stackOf('fn')).StackStatus).toBe('UPDATE_COMPLETE')
    expect((await physicalIds('fn')).Fn).toBe('second-name')
  })
})

describe('API Gateway base path mappings of a domain that never had one (moto_server.py)', () => {
  it('answers an empty list and NotFoundException, not a 500', async () => {
    // AWS, GetBasePathMappings / GetBasePathMapping (API Gateway API Reference): a list (empty here), and
    // NotFoundException for a base path the domain does not have.
    await env.clients.apigateway.send(
      new CreateRestDomainCommand({ domainName: 'fresh.example.com', regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', endpointConfiguration: { types: ['REGIONAL'] } })
    )
    expect((await env.clients.apigateway.send(new GetBasePathMappingsCommand({ domainName: 'fresh.example.com' }))).items ?? []).toEqual([])
    await expect(env.clients.apigateway.send(new GetBasePathMappingCommand({ domainName: 'fresh.example.com', basePath: '(none)' }))).rejects.toMatchObject({ name: 'NotFoundException' })
  })
})

describe('CreateStack of one name at the same moment (moto_server.py)', () => {
  // AWS, CreateStack (CloudFormation API Reference, Errors): AlreadyExistsException, "Resource of the specified
  // type with the specified name already exists." A stack name is created once; the lock stack relies on it.
  it('creates the stack once and refuses every other create of the name, however many arrive together', async () => {
    const template = JSON.stringify({ Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } })
    for (let round = 0; round < 3; round++) {
      const name = `lock-race-${round}`
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => env.clients.cloudformation.send(new CreateStackCommand({ StackName: name, TemplateBody: template }))))
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason?.name)
      expect({ round, created: results.filter((r) => r.status === 'fulfilled').length, refused }).toEqual({ round, created: 1, refused: Array(7).fill('AlreadyExistsException') })
      const listed = await env.clients.cloudformation.send(new DescribeStacksCommand({ StackName: name }))
      expect(listed.Stacks).toHaveLength(1)
    }
  })
})
