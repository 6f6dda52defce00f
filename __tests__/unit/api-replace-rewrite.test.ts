import { readFileSync } from 'node:fs'
import { parseTemplate, type Template } from '../../src/cloudformation/template.js'
import { findReferences } from '../../src/cloudformation/references.js'
import { readTemplateApi, templateRouteTree } from '../../src/modes/api-replace/template-routes.js'
import {
  apiScope,
  chooseRestApi,
  deploymentsWithoutMethods,
  leftoverReferences,
  rewriteWithSuffix,
  suffixOf,
  templateMappings,
  templateStages,
  withPreviousApi
} from '../../src/modes/api-replace/rewrite.js'

const YAML_TEMPLATE = `
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Domain: { Type: String, Default: '' }
Conditions:
  HasDomain: !Not [!Equals [!Ref Domain, '']]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          API_ID: !Ref Api
          ROOT: !GetAtt Api.RootResourceId
          URL: !Sub 'https://\${Api}.execute-api.\${AWS::Region}.amazonaws.com/prod'
          ROOT_SUB: !Sub '\${Api.RootResourceId}'
          LITERAL: !Sub '\${!Api} stays literal'
          SHADOWED: !Sub ['\${Api}-\${Other}', { Api: fixed, Other: !Ref Api }]
          JOINED: !Join ['', [!Ref Api, '/', !If [HasDomain, !Ref Domain, !GetAtt [Api, RootResourceId]]]]
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: app
  Posts:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: posts
  PostsGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Posts
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations'
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: PostsGet
    Properties:
      RestApiId: !Ref Api
      StageName: prod
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub 'arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*'
  Mapping:
    Type: AWS::ApiGateway::BasePathMapping
    Condition: HasDomain
    DependsOn: [Deployment, Fn]
    Properties:
      DomainName: !Ref Domain
      RestApiId: !Ref Api
      Stage: prod
  Alarm:
    Type: AWS::CloudWatch::Alarm
    DependsOn: [Api]
    Properties:
      Dimensions:
        - Name: ApiName
          Value: !Ref Api
Outputs:
  ApiId:
    Value: !Ref Api
    Export:
      Name: !Sub '\${AWS::StackName}-\${Api}'
  Root:
    Value: !GetAtt Api.RootResourceId
`

const SCOPE = ['Api', 'Posts', 'PostsGet', 'Deployment', 'Permission']

function props(t: Template, id: string) {
  return t.Resources[id].Properties as Record<string, any>
}

describe('template rewrite: the REST API gets a new logical id and every reference follows', () => {
  const original = parseTemplate(YAML_TEMPLATE)
  const { template, apiLogicalId, renames } = rewriteWithSuffix(original, 'Api', '0a1b2c3d')

  it('renames the API and everything inside it, nothing else', () => {
    expect(apiScope(original, 'Api').sort()).toEqual([...SCOPE].sort())
    expect(apiLogicalId).toBe('Api0a1b2c3d')
    expect(Object.keys(template.Resources).sort()).toEqual(['Alarm', 'Api0a1b2c3d', 'Deployment0a1b2c3d', 'Fn', 'Mapping', 'Permission0a1b2c3d', 'Posts0a1b2c3d', 'PostsGet0a1b2c3d'].sort())
    expect(renames.get('Posts')).toBe('Posts0a1b2c3d')
  })

  it('YAML short forms: !Ref, !GetAtt (string and list), !Sub ${Name} and ${Name.Attr}, nested in !Join and !If', () => {
    const vars = props(template, 'Fn').Environment.Variables
    expect(vars.API_ID).toEqual({ Ref: 'Api0a1b2c3d' })
    expect(vars.ROOT).toEqual({ 'Fn::GetAtt': ['Api0a1b2c3d', 'RootResourceId'] })
    expect(vars.URL).toEqual({ 'Fn::Sub': 'https://${Api0a1b2c3d}.execute-api.${AWS::Region}.amazonaws.com/prod' })
    expect(vars.ROOT_SUB).toEqual({ 'Fn::Sub': '${Api0a1b2c3d.RootResourceId}' })
    expect(vars.JOINED).toEqual({
      'Fn::Join': ['', [{ Ref: 'Api0a1b2c3d' }, '/', { 'Fn::If': ['HasDomain', { Ref: 'Domain' }, { 'Fn::GetAtt': ['Api0a1b2c3d', 'RootResourceId'] }] }]]
    })
  })

  it('Fn::Sub [string, vars]: a variable of the same name shadows the resource, its values are followed; ${!X} stays', () => {
    const vars = props(template, 'Fn').Environment.Variables
    expect(vars.SHADOWED).toEqual({ 'Fn::Sub': ['${Api}-${Other}', { Api: 'fixed', Other: { Ref: 'Api0a1b2c3d' } }] })
    expect(vars.LITERAL).toEqual({ 'Fn::Sub': '${!Api} stays literal' })
  })

  it('DependsOn (string and list), Outputs, Export names; resources outside the API keep their ids', () => {
    expect(template.Resources.Deployment0a1b2c3d.DependsOn).toBe('PostsGet0a1b2c3d')
    expect(template.Resources.Alarm.DependsOn).toEqual(['Api0a1b2c3d'])
    expect(template.Resources.Mapping.DependsOn).toEqual(['Deployment0a1b2c3d', 'Fn'])
    expect(template.Outputs!.ApiId).toEqual({ Value: { Ref: 'Api0a1b2c3d' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-${Api0a1b2c3d}' } } })
    expect(template.Outputs!.Root.Value).toEqual({ 'Fn::GetAtt': ['Api0a1b2c3d', 'RootResourceId'] })
    expect(props(template, 'PostsGet0a1b2c3d').Integration.Uri['Fn::Sub']).toContain('${Fn.Arn}')
    expect(template.Conditions).toEqual(original.Conditions)
  })

  it('a base path mapping in the template keeps its logical id and now maps the new API (it moves with the update)', () => {
    expect(props(template, 'Mapping').RestApiId).toEqual({ Ref: 'Api0a1b2c3d' })
    expect(template.Resources.Mapping.Condition).toBe('HasDomain')
    // It counts as moving with the update only when its condition holds for the parameters of the deploy.
    expect(templateMappings(template, 'Api0a1b2c3d', { Domain: 'api.example.com' })).toEqual(['Mapping'])
    expect(templateMappings(template, 'Api0a1b2c3d', { Domain: '' })).toEqual([])
    expect(templateStages(template, 'Api0a1b2c3d')).toEqual(['prod'])
  })

  it('references no old logical id anywhere', () => {
    expect(leftoverReferences(template, SCOPE)).toEqual([])
    const targets = new Set(findReferences(template).map((r) => r.target))
    for (const old of SCOPE) expect(targets.has(old)).toBe(false)
    // and the original did reference them, in every form
    const via = new Set(
      findReferences(original)
        .filter((r) => r.target === 'Api')
        .map((r) => r.via)
    )
    expect([...via].sort()).toEqual(['DependsOn', 'Fn::GetAtt', 'Fn::Sub', 'Ref'])
    // Textually too, apart from the Fn::Sub variable that is named Api on purpose (it is not the resource).
    const copy = JSON.parse(JSON.stringify(template))
    delete copy.Resources.Fn.Properties.Environment.Variables.SHADOWED
    expect(JSON.stringify(copy)).not.toMatch(/"Api"|\$\{Api[.}]/)
  })

  it('leaves the input template unchanged', () => {
    expect(original.Resources.Api).toBeDefined()
    expect(props(original, 'Posts').RestApiId).toEqual({ Ref: 'Api' })
  })

  it('suffix "" is the template as given', () => {
    const same = rewriteWithSuffix(original, 'Api', '')
    expect(same.template).toBe(original)
    expect(same.apiLogicalId).toBe('Api')
  })
})

describe('template rewrite on JSON', () => {
  const json = JSON.stringify({
    Resources: {
      MyApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'j' } },
      Res: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'MyApi' }, ParentId: { 'Fn::GetAtt': 'MyApi.RootResourceId' }, PathPart: 'a' } },
      Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'MyApi' }, StageName: 'live', DeploymentId: { Ref: 'Dep' } } },
      Dep: { Type: 'AWS::ApiGateway::Deployment', DependsOn: ['Res'], Properties: { RestApiId: { Ref: 'MyApi' } } },
      Plan: { Type: 'AWS::ApiGateway::UsagePlan', DependsOn: 'Stage', Properties: { ApiStages: [{ ApiId: { Ref: 'MyApi' }, Stage: 'live' }] } }
    },
    Outputs: { Url: { Value: { 'Fn::Sub': ['https://${Id}.example/${MyApi.RootResourceId}', { Id: { Ref: 'MyApi' } }] } } }
  })
  const original = parseTemplate(json)
  const { template } = rewriteWithSuffix(original, 'MyApi', 'ffff0000')

  it('follows the "A.B" GetAtt string form, [string, vars] Sub, and renames stages with the API', () => {
    expect(props(template, 'Resffff0000').ParentId).toEqual({ 'Fn::GetAtt': 'MyApiffff0000.RootResourceId' })
    expect(props(template, 'Stageffff0000').DeploymentId).toEqual({ Ref: 'Depffff0000' })
    expect(template.Resources.Depffff0000.DependsOn).toEqual(['Resffff0000'])
    expect(template.Resources.Plan.DependsOn).toBe('Stageffff0000')
    expect(props(template, 'Plan').ApiStages).toEqual([{ ApiId: { Ref: 'MyApiffff0000' }, Stage: 'live' }])
    expect(template.Outputs!.Url.Value).toEqual({ 'Fn::Sub': ['https://${Id}.example/${MyApiffff0000.RootResourceId}', { Id: { Ref: 'MyApiffff0000' } }] })
    expect(leftoverReferences(template, ['MyApi', 'Res', 'Stage', 'Dep'])).toEqual([])
    expect(templateStages(template, 'MyApiffff0000')).toEqual(['live'])
  })
})

describe('choosing the API and reading suffixes', () => {
  const sample = parseTemplate(readFileSync('examples/app/template.yaml', 'utf8'))

  it('finds the only RestApi, or the named one, and explains what is wrong otherwise', () => {
    expect(chooseRestApi(sample)).toBe('Api')
    expect(chooseRestApi(sample, 'Api')).toBe('Api')
    expect(() => chooseRestApi(sample, 'Other')).toThrow(/no AWS::ApiGateway::RestApi named Other[\s\S]*one of: Api/)
    const two = parseTemplate(JSON.stringify({ Resources: { A: { Type: 'AWS::ApiGateway::RestApi' }, B: { Type: 'AWS::ApiGateway::RestApi' } } }))
    expect(() => chooseRestApi(two)).toThrow(/2 REST APIs \(A, B\)[\s\S]*rest-api-logical-id/)
    expect(() => chooseRestApi(parseTemplate('{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}'))).toThrow(/no AWS::ApiGateway::RestApi/)
  })

  it('suffixOf tells the plain id, a route-hash suffix, and another id apart', () => {
    expect(suffixOf('Api', 'Api')).toBe('')
    expect(suffixOf('Api0a1b2c3d', 'Api')).toBe('0a1b2c3d')
    expect(suffixOf('ApiV2', 'Api')).toBeUndefined()
    expect(suffixOf('MyApi', 'Api')).toBeUndefined()
  })
})

describe('phase 1 template: the new API beside the previous one', () => {
  const sample = parseTemplate(readFileSync('examples/app/template.yaml', 'utf8'))
  const next = parseTemplate(readFileSync('__tests__/fixtures/api-replace/app-post-id.yaml', 'utf8'))
  const final = rewriteWithSuffix(next, 'Api', '12345678').template

  it('keeps the deployed API and its resources unchanged under their ids, with the final template', () => {
    const { template, kept } = withPreviousApi(final, sample, 'Api')
    expect(kept.sort()).toEqual(['Api', 'ApiDeployment', 'ApiInvokePermission', 'HealthGet', 'HealthResource', 'PostGet', 'PostResource', 'PostsGet', 'PostsResource'])
    for (const id of kept) expect(template.Resources[id]).toEqual(sample.Resources[id])
    for (const id of Object.keys(final.Resources)) expect(template.Resources[id]).toEqual(final.Resources[id])
    expect(template.Outputs).toEqual(final.Outputs)
    expect((template.Resources.PostResource12345678.Properties as { PathPart: string }).PathPart).toBe('{post_id}')
  })

  it('refuses when the previous API uses something the new template removed', () => {
    const withoutFunction = { ...final, Resources: { ...final.Resources } }
    delete withoutFunction.Resources.AppFunction
    expect(() => withPreviousApi(withoutFunction, sample, 'Api')).toThrow(/cannot be kept serving[\s\S]*HealthGet → AppFunction/)
  })
})

describe('deployments that could run before their methods on a new API', () => {
  it('flags a Deployment with no DependsOn on a method of the API', () => {
    const sample = parseTemplate(readFileSync('examples/app/template.yaml', 'utf8'))
    expect(deploymentsWithoutMethods(sample, 'Api')).toEqual([])
    const loose = { ...sample, Resources: { ...sample.Resources, ApiDeployment: { ...sample.Resources.ApiDeployment, DependsOn: undefined } } }
    expect(deploymentsWithoutMethods(loose, 'Api')).toEqual(['ApiDeployment'])
  })
})

describe('template rewrite of an API whose resources name it only inside Sub strings', () => {
  const original = parseTemplate(
    `
Resources:
  RestApi:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: subs }
  Items:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Sub '\${RestApi}', ParentId: !Sub '\${RestApi.RootResourceId}', PathPart: items }
  Item:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: { 'Fn::Sub': '\${RestApi}' }, ParentId: !Sub '\${Items}', PathPart: '{id}' }
  ItemGet:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Sub '\${RestApi}', ResourceId: !Sub '\${Item}', HttpMethod: GET, AuthorizationType: NONE }
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: ItemGet
    Properties: { RestApiId: !Sub '\${RestApi}', StageName: prod }
`,
    'subs.yaml'
  )
  const { template, apiLogicalId } = rewriteWithSuffix(original, 'RestApi', '12345678')

  it('renames ${RestApi} and ${RestApi.RootResourceId} inside the Sub strings, and the routes stay the same', () => {
    expect(apiScope(original, 'RestApi').sort()).toEqual(['Deployment', 'Item', 'ItemGet', 'Items', 'RestApi'])
    expect(props(template, 'Items12345678')).toEqual({ RestApiId: { 'Fn::Sub': '${RestApi12345678}' }, ParentId: { 'Fn::Sub': '${RestApi12345678.RootResourceId}' }, PathPart: 'items' })
    expect(props(template, 'Item12345678').ParentId).toEqual({ 'Fn::Sub': '${Items12345678}' })
    expect(props(template, 'ItemGet12345678').ResourceId).toEqual({ 'Fn::Sub': '${Item12345678}' })
    expect(leftoverReferences(template, ['RestApi', 'Items', 'Item', 'ItemGet', 'Deployment'])).toEqual([])
    const before = templateRouteTree(readTemplateApi(original, 'RestApi', {}))
    const after = templateRouteTree(readTemplateApi(template, apiLogicalId, {}))
    expect([...after.keys()].sort()).toEqual(['/', '/items', '/items/{id}'])
    expect([...after.values()].map((n) => [n.path, n.methods])).toEqual([...before.values()].map((n) => [n.path, n.methods]))
    expect(templateStages(template, apiLogicalId)).toEqual(['prod'])
    expect(deploymentsWithoutMethods(template, apiLogicalId)).toEqual([])
  })
})
