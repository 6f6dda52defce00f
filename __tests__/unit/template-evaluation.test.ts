/**
 * The one evaluator of template conditions and references (src/cloudformation/conditions.ts, intrinsics.ts,
 * references.ts), as both its users ask it: api-replace with parameter values only, wanting `undefined`
 * where it cannot tell (conditionHolds); route53-takeover with pseudo parameters, resources and attributes,
 * wanting the reason (condition throws Unresolvable).
 */
import { condition, conditionHolds } from '../../src/cloudformation/conditions.js'
import { Unresolvable, type Scope } from '../../src/cloudformation/intrinsics.js'
import { conditionsUsedIn, getAttsIn, referencedIds, referencesIn } from '../../src/cloudformation/references.js'
import { parseTemplate } from '../../src/cloudformation/template.js'

const template = parseTemplate(`
Parameters:
  Env: { Type: String, Default: prod }
  Count: { Type: Number, Default: 3 }
  Ips: { Type: CommaDelimitedList, Default: '192.0.2.1,192.0.2.2' }
  Other: { Type: String }
Mappings:
  Tier: { prod: { Size: large } }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsThree: !Equals [!Ref Count, 3]
  IsLarge: !Equals [!FindInMap [Tier, !Ref Env, Size], large]
  SecondIp: !Equals [!Select [1, !Ref Ips], 192.0.2.2]
  InIreland: !Equals [!Ref 'AWS::Region', eu-west-1]
  OtherIsX: !Equals [!Ref Other, x]
  UnknownAndFalse: !And [!Condition OtherIsX, !Not [!Condition IsProd]]
  UnknownAndTrue: !And [!Condition OtherIsX, !Condition IsProd]
  UnknownOrTrue: !Or [!Condition OtherIsX, !Condition IsProd]
  UnknownOrFalse: !Or [!Condition OtherIsX, !Not [!Condition IsProd]]
  Circle: !Not [!Condition Round]
  Round: !Condition Circle
  CircleThroughIf: !Equals [!If [CircleThroughIf, a, b], a]
  Literal: true
Resources:
  Q: { Type: AWS::SQS::Queue }
`)

const apiReplace = (parameters: Record<string, string>): Scope => ({ template, parameters, pseudo: {} })
const route53: Scope = { template, parameters: { Env: 'prod', Count: '3', Ips: '192.0.2.1,192.0.2.2' }, pseudo: { 'AWS::Region': 'eu-west-1' } }

describe('conditions', () => {
  it('evaluates Equals of any resolvable expression: parameters (numbers as strings), mappings, list parameters, pseudo parameters', () => {
    const s = apiReplace({ Env: 'prod', Count: '3', Ips: '192.0.2.1,192.0.2.2' })
    for (const name of ['IsProd', 'IsThree', 'IsLarge', 'SecondIp']) expect(conditionHolds(s, name)).toBe(true)
    expect(conditionHolds(apiReplace({ Env: 'dev' }), 'IsProd')).toBe(false)
    expect(condition(route53, 'InIreland')).toBe(true)
    expect(condition(route53, 'Literal')).toBe(true)
  })

  it('api-replace asks without pseudo parameters: what depends on them is undefined, not false', () => {
    expect(conditionHolds(apiReplace({}), 'InIreland')).toBeUndefined()
    expect(conditionHolds(apiReplace({}), 'IsProd')).toBeUndefined() // no value for Env
    expect(conditionHolds(apiReplace({ Env: 'prod' }), 'Missing')).toBeUndefined()
  })

  it('route53-takeover asks for the reason: a condition it cannot evaluate throws Unresolvable naming the part', () => {
    expect(() => condition(route53, 'OtherIsX')).toThrow(Unresolvable)
    expect(() => condition(route53, 'OtherIsX')).toThrow(/parameter Other has no value/)
    expect(() => condition(route53, 'Missing')).toThrow(/condition Missing is not declared/)
  })

  it('And is false once a part is false, Or true once a part is true, whatever the unknown part is; otherwise unknown', () => {
    for (const s of [route53, apiReplace(route53.parameters)]) {
      expect(conditionHolds(s, 'UnknownAndFalse')).toBe(false)
      expect(conditionHolds(s, 'UnknownOrTrue')).toBe(true)
      expect(conditionHolds(s, 'UnknownAndTrue')).toBeUndefined()
      expect(conditionHolds(s, 'UnknownOrFalse')).toBeUndefined()
    }
    expect(condition(route53, 'UnknownAndFalse')).toBe(false)
    expect(() => condition(route53, 'UnknownAndTrue')).toThrow(/parameter Other has no value/)
  })

  it('a condition that reaches itself (directly, or through Fn::If inside Fn::Equals) is unresolvable, not an endless loop', () => {
    expect(conditionHolds(route53, 'Circle')).toBeUndefined()
    expect(() => condition(route53, 'Circle')).toThrow(/condition Circle refers to itself \(Circle → Round → Circle\)/)
    expect(() => condition(route53, 'CircleThroughIf')).toThrow(/refers to itself/)
  })
})

describe('references', () => {
  const value = {
    A: { Ref: 'Api' },
    B: { 'Fn::GetAtt': ['Lb', 'DNSName'] },
    C: { 'Fn::GetAtt': 'Stack.Outputs.Url' },
    D: { 'Fn::Sub': 'https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Fn.Arn} ${!Escaped}' },
    E: { 'Fn::Sub': ['${Host}/${Zone.Id}', { Host: { 'Fn::GetAtt': ['Cdn', 'DomainName'] } }] }
  }

  it('finds Ref, Fn::GetAtt (both forms) and Fn::Sub variables with their attributes; a Sub variable given in the vars is not a reference', () => {
    expect(referencesIn(value).map(({ target, attribute, via }) => ({ target, attribute, via }))).toEqual([
      { target: 'Api', attribute: undefined, via: 'Ref' },
      { target: 'Lb', attribute: 'DNSName', via: 'Fn::GetAtt' },
      { target: 'Stack', attribute: 'Outputs.Url', via: 'Fn::GetAtt' },
      { target: 'Api', attribute: undefined, via: 'Fn::Sub' },
      { target: 'AWS::Region', attribute: undefined, via: 'Fn::Sub' },
      { target: 'AWS::URLSuffix', attribute: undefined, via: 'Fn::Sub' },
      { target: 'Fn', attribute: 'Arn', via: 'Fn::Sub' },
      { target: 'Zone', attribute: 'Id', via: 'Fn::Sub' },
      { target: 'Cdn', attribute: 'DomainName', via: 'Fn::GetAtt' }
    ])
    expect([...referencedIds(value)].sort()).toEqual(['AWS::Region', 'AWS::URLSuffix', 'Api', 'Cdn', 'Fn', 'Lb', 'Stack', 'Zone'])
  })

  it('getAttsIn (route53-takeover: which attributes the stack must report) lists every attribute used, in GetAtt and in Sub', () => {
    expect([...getAttsIn(value)].sort()).toEqual(['Cdn.DomainName', 'Fn.Arn', 'Lb.DNSName', 'Stack.Outputs.Url', 'Zone.Id'])
  })

  it('conditionsUsedIn lists the conditions a value chooses by with Fn::If, nested ones too', () => {
    const props = { A: { 'Fn::If': ['IsProd', { 'Fn::If': ['HasDomain', 'x', 'y'] }, { Ref: 'AWS::NoValue' }] }, B: [{ 'Fn::If': ['Other', 1, 2] }] }
    expect([...conditionsUsedIn(props)].sort()).toEqual(['HasDomain', 'IsProd', 'Other'])
  })
})
