import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseTemplate } from '../../src/cloudformation/template.js'
import { formatLiteralReferences, findLiteralReferences } from '../../src/modes/reset/literal-references.js'
import { DEFAULT_NAME_PROPERTIES, nameProperties } from '../../src/modes/reset/name-properties.js'
import { stripNames } from '../../src/modes/reset/strip-names.js'

const fixture = (name: string) => {
  const path = fileURLToPath(new URL(`../fixtures/reset/${name}`, import.meta.url))
  return parseTemplate(readFileSync(path, 'utf8'), path)
}

describe('the name table', () => {
  it('holds the names the issue asks for, and no stateful table or bucket name', () => {
    const pairs = DEFAULT_NAME_PROPERTIES.map((p) => `${p.type}.${p.property}`)
    expect(pairs).toEqual(
      expect.arrayContaining([
        'AWS::Lambda::Function.FunctionName',
        'AWS::IAM::Role.RoleName',
        'AWS::IAM::ManagedPolicy.ManagedPolicyName',
        'AWS::Logs::LogGroup.LogGroupName',
        'AWS::SQS::Queue.QueueName',
        'AWS::SNS::Topic.TopicName',
        'AWS::Events::Rule.Name',
        'AWS::StepFunctions::StateMachine.StateMachineName'
      ])
    )
    // The generated table has names of other DynamoDB, S3 and RDS types (an access point, a subnet group), so this
    // looks at the data-holding types themselves rather than at every type of those services.
    const types = new Set(DEFAULT_NAME_PROPERTIES.map((p) => p.type))
    for (const stateful of ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::S3::Bucket', 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster']) {
      expect(types.has(stateful)).toBe(false)
    }
  })

  it('adds reset-properties pairs once', () => {
    const table = nameProperties([
      { type: 'AWS::S3::Bucket', property: 'BucketName' },
      { type: 'AWS::IAM::Role', property: 'RoleName' }
    ])
    expect(table).toHaveLength(DEFAULT_NAME_PROPERTIES.length + 1)
    expect(table).toContainEqual({ type: 'AWS::S3::Bucket', property: 'BucketName' })
  })
})

describe('stripNames on a YAML template (short-form tags)', () => {
  const template = fixture('app-named.yaml')
  const before = JSON.stringify(template)
  const { template: stripped, stripped: names } = stripNames(template, nameProperties())

  it('removes the top-level name of each listed type, literal or built with !Sub', () => {
    expect(names).toEqual([
      { logicalId: 'AppRole', type: 'AWS::IAM::Role', property: 'RoleName', value: 'reset-demo-role' },
      { logicalId: 'AppFunction', type: 'AWS::Lambda::Function', property: 'FunctionName', value: 'reset-demo-app' },
      { logicalId: 'WorkerFunction', type: 'AWS::Lambda::Function', property: 'FunctionName', value: { 'Fn::Sub': '${AppName}-worker' } },
      { logicalId: 'Events', type: 'AWS::SNS::Topic', property: 'TopicName', value: 'reset-demo-events' },
      { logicalId: 'Nightly', type: 'AWS::Events::Rule', property: 'Name', value: 'reset-demo-nightly' }
    ])
    for (const { logicalId, property } of names) expect(stripped.Resources[logicalId].Properties).not.toHaveProperty(property)
  })

  it('leaves nested properties, other properties and other types untouched', () => {
    const fn = stripped.Resources.AppFunction.Properties!
    expect(fn.Environment).toEqual({ Variables: { VERSION: { Ref: 'Version' }, FunctionName: 'kept-because-nested' } })
    expect(fn.Role).toEqual({ 'Fn::GetAtt': ['AppRole', 'Arn'] })
    expect((stripped.Resources.AppRole.Properties!.Policies as { PolicyName: string }[])[0].PolicyName).toBe('reset-demo-logs')
    // a Permission's FunctionName is a reference, not a name of its own: AWS::Lambda::Permission is not in the table
    expect(stripped.Resources.ApiInvokePermission).toEqual(template.Resources.ApiInvokePermission)
    expect(stripped.Resources.Api).toEqual(template.Resources.Api)
    expect(stripped.Outputs).toEqual(template.Outputs)
  })

  it('does not change the template it was given', () => {
    expect(JSON.stringify(template)).toBe(before)
    expect(template.Resources.AppFunction.Properties!.FunctionName).toBe('reset-demo-app')
  })
})

describe('stripNames on a JSON template', () => {
  const template = fixture('stateful-named.json')

  it('strips the function and log group names but never a table or bucket name by default', () => {
    const { template: stripped, stripped: names } = stripNames(template, nameProperties())
    expect(names.map((n) => `${n.logicalId}.${n.property}`)).toEqual(['Handler.FunctionName', 'HandlerLogs.LogGroupName'])
    expect(stripped.Resources.Orders.Properties!.TableName).toBe('orders')
    expect(stripped.Resources.Uploads.Properties!.BucketName).toBe('orders-uploads-123456789012')
    expect(stripped.Resources.Handler.Properties!.LoggingConfig).toEqual({ LogGroup: '/aws/lambda/orders-handler' })
    expect(stripped.Resources.InvokeConfig.Properties!.FunctionName).toBe('orders-handler')
    expect(stripped.Resources.Orders.DeletionPolicy).toBe('Retain')
  })

  it('strips what reset-properties adds', () => {
    const { stripped: names, template: stripped } = stripNames(template, nameProperties([{ type: 'AWS::S3::Bucket', property: 'BucketName' }]))
    expect(names.map((n) => n.logicalId)).toContain('Uploads')
    expect(stripped.Resources.Uploads.Properties).toEqual({})
  })
})

describe('literal references to stripped names', () => {
  it('reports the name inside an ARN string and the same !Sub expression, not Description or Ref/GetAtt uses', () => {
    const template = fixture('app-named.yaml')
    const refs = findLiteralReferences(template, stripNames(template, nameProperties()).stripped)
    expect(refs).toEqual([
      { logicalId: 'AppFunction', name: 'reset-demo-app', path: 'Outputs.AppFunctionArn.Value.Fn::Sub' },
      { logicalId: 'WorkerFunction', name: '{"Fn::Sub":"${AppName}-worker"}', path: 'Outputs.WorkerName.Value' }
    ])
    expect(formatLiteralReferences(refs)[0]).toMatch(/AppFunction's name reset-demo-app is written out literally at Outputs\.AppFunctionArn\.Value\.Fn::Sub.*use !Ref or !GetAtt/)
  })

  it('reports each place that spells a name, in resources of other types too, but not the stripped property itself', () => {
    const template = fixture('stateful-named.json')
    const refs = findLiteralReferences(template, stripNames(template, nameProperties()).stripped)
    expect(refs).toEqual([
      { logicalId: 'Handler', name: 'orders-handler', path: 'Resources.Handler.Properties.LoggingConfig.LogGroup' },
      { logicalId: 'HandlerLogs', name: '/aws/lambda/orders-handler', path: 'Resources.Handler.Properties.LoggingConfig.LogGroup' },
      { logicalId: 'Handler', name: 'orders-handler', path: 'Resources.InvokeConfig.Properties.FunctionName' }
    ])
  })

  it('matches whole names only, and ignores names that are a bare pseudo parameter', () => {
    const template = parseTemplate(
      JSON.stringify({
        Resources: {
          Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'orders' } },
          Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { Ref: 'AWS::StackName' } } },
          Other: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'orders-dlq', Tags: [{ Key: 'stack', Value: { Ref: 'AWS::StackName' } }] } },
          Alias: { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: 'orders:live', Name: 'live', FunctionVersion: '1' } }
        }
      })
    )
    const refs = findLiteralReferences(template, stripNames(template, nameProperties()).stripped)
    expect(refs).toEqual([{ logicalId: 'Fn', name: 'orders', path: 'Resources.Alias.Properties.FunctionName' }])
  })
})
