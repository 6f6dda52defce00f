/** Finding the template's record and resolving its final values, without AWS. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseTemplate, type Template } from '../../src/cloudformation/template.js'
import { DeployError } from '../../src/errors.js'
import { resolve, Unresolvable, type Scope } from '../../src/cloudformation/intrinsics.js'
import { attributeOutputs, attributesFromOutputs, pseudoParameters, resolveRecord, tryResolveRecord, withAttributeOutputs } from '../../src/modes/route53-takeover/resolve-record.js'
import { recordDifferences, sameRecord } from '../../src/modes/route53-takeover/record.js'
import { findTemplateRecord } from '../../src/modes/route53-takeover/template-record.js'
import { parameterValues } from '../../src/cloudformation/parameters.js'
import { FIXTURES } from '../support/route53-inputs.js'

const ZONE = { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com.' }
const ENABLE = { key: 'Route53Enable', on: 'true', off: 'false' }

function scopes(template: Template, given: Record<string, string> = {}, parts: Partial<Scope> = {}) {
  const params = Object.entries(given).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }))
  const scope = (on: boolean): Scope => ({
    template,
    parameters: parameterValues(template, params, { Route53Enable: on ? 'true' : 'false' }),
    pseudo: { 'AWS::Region': 'eu-west-1', 'AWS::AccountId': '123456789012', 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' },
    ...parts
  })
  return { on: scope(true), off: scope(false) }
}

const fixture = (name: string) => parseTemplate(readFileSync(join(FIXTURES, name), 'utf8'))

describe('intrinsics', () => {
  const template: Template = {
    Parameters: { Env: { Type: 'String', Default: 'prod' }, Ips: { Type: 'CommaDelimitedList', Default: '192.0.2.1,192.0.2.2' } },
    Mappings: { Ttl: { prod: { Value: '300' } } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] } },
    Resources: { Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' } }
  }
  const scope: Scope = {
    template,
    parameters: { Env: 'prod', Ips: '192.0.2.1,192.0.2.2' },
    pseudo: { 'AWS::Region': 'eu-west-1' },
    resources: { Lb: 'arn:lb' },
    attributes: { 'Lb.DNSName': 'lb-1.eu-west-1.elb.amazonaws.com' }
  }

  it.each([
    [{ 'Fn::Sub': 'www.${Env}.${AWS::Region}.example.com' }, 'www.prod.eu-west-1.example.com'],
    [{ 'Fn::Sub': ['${Host}.example.com', { Host: { Ref: 'Env' } }] }, 'prod.example.com'],
    [{ 'Fn::Sub': '${Lb.DNSName} ${!Literal}' }, 'lb-1.eu-west-1.elb.amazonaws.com ${Literal}'],
    [{ 'Fn::Join': ['.', ['a', { Ref: 'Env' }]] }, 'a.prod'],
    [{ 'Fn::Select': [1, { Ref: 'Ips' }] }, '192.0.2.2'],
    [{ 'Fn::Split': [',', 'x,y'] }, ['x', 'y']],
    [{ 'Fn::If': ['NotProd', 'a', 'b'] }, 'b'],
    [{ 'Fn::FindInMap': ['Ttl', { Ref: 'Env' }, 'Value'] }, '300'],
    [{ 'Fn::GetAtt': ['Lb', 'DNSName'] }, 'lb-1.eu-west-1.elb.amazonaws.com'],
    [{ Ref: 'Lb' }, 'arn:lb'],
    [[{ Ref: 'AWS::NoValue' }, 'kept'], ['kept']]
  ])('resolves %j', (expr, expected) => {
    expect(resolve(scope, expr)).toEqual(expected)
  })

  it.each([
    [{ 'Fn::ImportValue': 'shared' }, /Fn::ImportValue is not evaluated/],
    [{ 'Fn::GetAtt': ['Lb', 'CanonicalHostedZoneID'] }, /Lb.CanonicalHostedZoneID is not exposed/],
    [{ Ref: 'AWS::StackName' }, /AWS::StackName is not known yet/],
    [{ Ref: 'Nope' }, /names neither a parameter nor a resource/]
  ])('never guesses: %j is unresolvable', (expr, reason) => {
    expect(() => resolve(scope, expr)).toThrow(Unresolvable)
    expect(() => resolve(scope, expr)).toThrow(reason)
  })

  it('a resource the stack does not have yet is unresolvable', () => {
    expect(() => resolve({ ...scope, resources: {} }, { Ref: 'Lb' })).toThrow(/resource Lb is not in the stack/)
  })
})

describe('finding the template record', () => {
  it('finds the fixture record by name and type, turned on and off by the enable parameter', () => {
    const t = fixture('a-record.yaml')
    const record = findTemplateRecord(t, { name: 'www.example.com', type: 'A' }, ZONE, scopes(t, { HostedZoneId: ZONE.id }), ENABLE)
    expect(record).toMatchObject({ logicalId: 'Record', resourceType: 'AWS::Route53::RecordSet' })
  })

  it('names the records it saw when none matches', () => {
    const t = fixture('a-record.yaml')
    expect(() => findTemplateRecord(t, { name: 'api.example.com', type: 'A' }, ZONE, scopes(t, { HostedZoneId: ZONE.id }), ENABLE)).toThrow(
      expect.objectContaining({ rootCause: 'Records in the template: Record: www.example.com. A' })
    )
  })

  it('refuses a record in another zone', () => {
    const t = fixture('a-record.yaml')
    expect(() => findTemplateRecord(t, { name: 'www.example.com', type: 'A' }, ZONE, scopes(t, { HostedZoneId: 'ZOTHERZONE' }), ENABLE)).toThrow(/is in zone ZOTHERZONE/)
  })

  it('refuses a record that the enable parameter does not switch', () => {
    const t = fixture('a-record.yaml')
    delete t.Resources.Record.Condition
    expect(() => findTemplateRecord(t, { name: 'www.example.com', type: 'A' }, ZONE, scopes(t, { HostedZoneId: ZONE.id }), ENABLE)).toThrow(DeployError)
    expect(() => findTemplateRecord(t, { name: 'www.example.com', type: 'A' }, ZONE, scopes(t, { HostedZoneId: ZONE.id }), ENABLE)).toThrow(/not turned on and off by Route53Enable/)
  })

  it('finds a RecordSetGroup entry guarded by Fn::If, with the group zone', () => {
    const t: Template = {
      Parameters: { Route53Enable: { Type: 'String', Default: 'false' } },
      Conditions: { RecordOn: { 'Fn::Equals': [{ Ref: 'Route53Enable' }, 'true'] } },
      Resources: {
        Group: {
          Type: 'AWS::Route53::RecordSetGroup',
          Properties: {
            HostedZoneName: 'example.com.',
            RecordSets: [
              { Name: 'api.example.com.', Type: 'A', TTL: '60', ResourceRecords: ['192.0.2.9'] },
              { 'Fn::If': ['RecordOn', { Name: 'www.example.com.', Type: 'CNAME', TTL: '60', ResourceRecords: ['app.example.net'] }, { Ref: 'AWS::NoValue' }] }
            ]
          }
        }
      }
    }
    const s = scopes(t)
    const record = findTemplateRecord(t, { name: 'www.example.com', type: 'CNAME' }, ZONE, s, ENABLE)
    expect(record).toMatchObject({ logicalId: 'Group', index: 1, entryCondition: 'RecordOn' })
    expect(resolveRecord(s.on, record)).toEqual({ Name: 'www.example.com.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'app.example.net' }] })
  })

  it('matches the set identifier of a weighted record', () => {
    const t = fixture('a-record.yaml')
    Object.assign(t.Resources.Record.Properties!, { SetIdentifier: 'stack', Weight: 100 })
    const s = scopes(t, { HostedZoneId: ZONE.id })
    expect(() => findTemplateRecord(t, { name: 'www.example.com', type: 'A' }, ZONE, s, ENABLE)).toThrow(/no AWS::Route53::RecordSet/)
    const record = findTemplateRecord(t, { name: 'www.example.com', type: 'A', setIdentifier: 'stack' }, ZONE, s, ENABLE)
    expect(resolveRecord({ ...s.on, resources: { AppIp: '203.0.113.10' } }, record)).toMatchObject({ SetIdentifier: 'stack', Weight: 100 })
  })
})

describe('resolving the final values', () => {
  it('resolves the fixture record from the Elastic IP the stack has', () => {
    const t = fixture('a-record.yaml')
    const s = scopes(t, { HostedZoneId: ZONE.id })
    const record = findTemplateRecord(t, { name: 'www.example.com', type: 'A' }, ZONE, s, ENABLE)
    expect(tryResolveRecord(s.on, record)).toEqual({ reason: 'resource AppIp is not in the stack (yet)' })
    expect(resolveRecord({ ...s.on, resources: { AppIp: '203.0.113.10' } }, record)).toEqual({
      Name: 'www.example.com.',
      Type: 'A',
      TTL: 300,
      ResourceRecords: [{ Value: '203.0.113.10' }]
    })
  })

  it('adds outputs for the GetAtts the record uses, and reads them back', () => {
    const t = fixture('cname-getatt.yaml')
    const s = scopes(t)
    const record = findTemplateRecord(t, { name: 'static.example.com', type: 'CNAME' }, ZONE, s, ENABLE)
    const outputs = attributeOutputs(record, s.off)
    expect(outputs).toEqual({ BluegreenRecordAttSiteRegionalDomainName: { Value: { 'Fn::GetAtt': ['Site', 'RegionalDomainName'] } } })
    expect(withAttributeOutputs(t, outputs).Outputs).toHaveProperty('BluegreenRecordAttSiteRegionalDomainName')
    const attributes = attributesFromOutputs(t, { BluegreenRecordAttSiteRegionalDomainName: 'site.s3.eu-west-1.amazonaws.com' })
    expect(resolveRecord({ ...s.on, attributes }, record).ResourceRecords).toEqual([{ Value: 'site.s3.eu-west-1.amazonaws.com' }])
  })

  it('adds no output for a resource that is created with the record (its value is unknown until then)', () => {
    const t = fixture('cname-getatt.yaml')
    t.Resources.Site.Condition = 'RecordOn'
    const s = scopes(t)
    const record = findTemplateRecord(t, { name: 'static.example.com', type: 'CNAME' }, ZONE, s, ENABLE)
    expect(attributeOutputs(record, s.off)).toEqual({})
  })

  it('uses an output the template already has for a GetAtt', () => {
    const t = fixture('cname-getatt.yaml')
    t.Outputs = { SiteDomain: { Value: { 'Fn::GetAtt': ['Site', 'RegionalDomainName'] } } }
    const s = scopes(t)
    const record = findTemplateRecord(t, { name: 'static.example.com', type: 'CNAME' }, ZONE, s, ENABLE)
    expect(attributeOutputs(record, s.off)).toEqual({})
    expect(attributesFromOutputs(t, { SiteDomain: 'x.example.net' })).toEqual({ 'Site.RegionalDomainName': 'x.example.net' })
  })

  it('reads pseudo parameters from the stack id', () => {
    expect(
      pseudoParameters({ StackId: 'arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/web/abc', StackName: 'web', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE' }, 'us-east-1', 'web')
    ).toEqual({
      'AWS::Region': 'cn-north-1',
      'AWS::Partition': 'aws-cn',
      'AWS::AccountId': '123456789012',
      'AWS::StackId': 'arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/web/abc',
      'AWS::StackName': 'web',
      'AWS::URLSuffix': 'amazonaws.com.cn'
    })
  })
})

describe('pseudo parameters before the stack exists', () => {
  it('knows the stack name (the stack-name input), the region, its partition and URL suffix, not the account', () => {
    expect(pseudoParameters(undefined, 'eu-west-1', 'web')).toEqual({
      'AWS::StackName': 'web',
      'AWS::Region': 'eu-west-1',
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com'
    })
    expect(pseudoParameters(undefined, 'cn-northwest-1', 'web')).toMatchObject({ 'AWS::Partition': 'aws-cn', 'AWS::URLSuffix': 'amazonaws.com.cn' })
    expect(pseudoParameters(undefined, 'us-gov-west-1', 'web')).toMatchObject({ 'AWS::Partition': 'aws-us-gov', 'AWS::URLSuffix': 'amazonaws.com' })
    const scope: Scope = { template: { Resources: {} }, parameters: {}, pseudo: pseudoParameters(undefined, 'eu-west-1', 'web') }
    expect(resolve(scope, { 'Fn::Sub': 'https://${AWS::StackName}.execute-api.${AWS::Region}.${AWS::URLSuffix}' })).toBe('https://web.execute-api.eu-west-1.amazonaws.com')
    expect(resolve(scope, { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::x' })).toBe('arn:aws:s3:::x')
    expect(() => resolve(scope, { 'Fn::Sub': '${AWS::AccountId}.example.com' })).toThrow(new Unresolvable('AWS::AccountId is not known yet'))
    expect(() => resolve(scope, { Ref: 'AWS::StackId' })).toThrow(Unresolvable)
  })

  const byStackName = (name: string): Template => ({
    Parameters: { Route53Enable: { Type: 'String', Default: 'false' } },
    Conditions: { RecordOn: { 'Fn::Equals': [{ Ref: 'Route53Enable' }, 'true'] } },
    Resources: {
      Record: {
        Type: 'AWS::Route53::RecordSet',
        Condition: 'RecordOn',
        Properties: { HostedZoneName: 'example.com.', Name: name, Type: 'A', SetIdentifier: { 'Fn::Sub': '${AWS::AccountId}-a' }, Weight: 1, TTL: 60, ResourceRecords: ['192.0.2.1'] }
      }
    }
  })
  const stackScopes = (t: Template) => {
    const scope = (on: boolean): Scope => ({ template: t, parameters: parameterValues(t, [], { Route53Enable: String(on) }), pseudo: pseudoParameters(undefined, 'eu-west-1', 'web') })
    return { on: scope(true), off: scope(false) }
  }

  it('finds a record whose name is built from AWS::StackName', () => {
    const t = byStackName({ 'Fn::Sub': '${AWS::StackName}.example.com' } as never)
    t.Resources.Record.Properties!.SetIdentifier = 'a'
    expect(findTemplateRecord(t, { name: 'web.example.com', type: 'A', setIdentifier: 'a' }, ZONE, stackScopes(t), ENABLE).logicalId).toBe('Record')
  })

  it('names a record it cannot resolve yet by its expression and the reason, never "undefined"', () => {
    const t = byStackName({ 'Fn::Sub': '${AWS::StackName}.example.com' } as never)
    let error: DeployError | undefined
    try {
      findTemplateRecord(t, { name: 'web.example.com', type: 'A' }, ZONE, stackScopes(t), ENABLE)
    } catch (err) {
      error = err as DeployError
    }
    expect(error).toBeInstanceOf(DeployError)
    expect(error!.rootCause).toBe('Records in the template: Record: web.example.com A set {"Fn::Sub":"${AWS::AccountId}-a"} (unknown before the deploy: AWS::AccountId is not known yet)')
    expect(error!.rootCause).not.toContain('undefined')
  })
})

describe('comparing records as Route 53 stores them', () => {
  const a = { Name: 'www.example.com.', Type: 'A' as const, TTL: 300, ResourceRecords: [{ Value: '192.0.2.2' }, { Value: '192.0.2.1' }] }

  it('ignores value order, the final dot and case of names', () => {
    expect(sameRecord(a, { ...a, Name: 'WWW.example.com', ResourceRecords: [{ Value: '192.0.2.1' }, { Value: '192.0.2.2' }] })).toBe(true)
  })

  it('sees TTL, values and routing differences', () => {
    expect(recordDifferences(a, { ...a, TTL: 60, Weight: 10, SetIdentifier: 'x' })).toEqual(['SetIdentifier', 'Weight', 'TTL'])
  })

  it('compares alias targets with Route 53 normalisation (lower case, final dot, EvaluateTargetHealth false)', () => {
    const alias = { Name: 'www.example.com.', Type: 'A' as const, AliasTarget: { DNSName: 'Lb-1.elb.amazonaws.com', HostedZoneId: 'Z35SXDOTRQ7X7K', EvaluateTargetHealth: undefined as never } }
    expect(sameRecord(alias, { ...alias, AliasTarget: { DNSName: 'lb-1.elb.amazonaws.com.', HostedZoneId: 'Z35SXDOTRQ7X7K', EvaluateTargetHealth: false } })).toBe(true)
    expect(sameRecord(alias, { ...alias, AliasTarget: { DNSName: 'dualstack.lb-1.elb.amazonaws.com.', HostedZoneId: 'Z35SXDOTRQ7X7K', EvaluateTargetHealth: false } })).toBe(false)
  })
})
