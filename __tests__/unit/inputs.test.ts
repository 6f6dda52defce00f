import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { APIGatewayClient } from '@aws-sdk/client-api-gateway'
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { Route53Client } from '@aws-sdk/client-route-53'
import { mockClient } from 'aws-sdk-client-mock'
import { jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import { parseInputs } from '../../src/modes/registry.js'

jest.unstable_mockModule('../../src/runner.js', () => core)
const { run } = await import('../../src/main.js')

const TEMPLATE = 'examples/app/template.yaml'
const dir = mkdtempSync(join(tmpdir(), 'bluegreen-inputs-'))
const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const badYaml = file('bad.yaml', 'Resources:\n  A: [unclosed\n')
const noResources = file('nores.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nOutputs: {}\n')
const badJson = file('bad.json', '{"Resources": {')
const noType = file('notype.json', '{"Resources": {"A": {"Properties": {}}}}')
const unknownTag = file('tag.yaml', 'Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Bogus x\n')
const paramsNotArray = file('params.json', '{"ParameterKey": "AppName"}')
const paramsBadJson = file('params-bad.json', '[{"ParameterKey": ')
const needsValue = file('needs.yaml', 'Parameters:\n  Version:\n    Type: String\n  Env:\n    Type: String\n    Default: prod\nResources:\n  A:\n    Type: AWS::SNS::Topic\n')
const twoParams = file(
  'two.yaml',
  'Parameters:\n  Version:\n    Type: String\n    Default: v1\n  PublicUrl:\n    Type: String\n    Default: ""\n  Subnets:\n    Type: CommaDelimitedList\n    Default: a\nResources:\n  A:\n    Type: AWS::SNS::Topic\n'
)
// Over the 51,200 bytes CloudFormation takes inline is accepted (it goes through S3); over 1 MB is not.
const huge = file('huge.yaml', `Resources:\n  A:\n    Type: AWS::SQS::Queue\nDescription: "${'x'.repeat(1_048_577)}"\n`)
const aliasBomb = file(
  'bomb.yaml',
  `Resources:\n  A:\n    Type: AWS::SNS::Topic\nMetadata:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${'bcdefghi'
    .split('')
    .map((l, i) => `  ${l}: &${l} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)
    .join('\n')}\n`
)
const aliasCycle = file('cycle.yaml', 'Resources:\n  A:\n    Type: AWS::SNS::Topic\nMetadata:\n  self: &self [a, *self]\n')

const base = { mode: 'extra-env', 'stack-name': 'app', template: TEMPLATE, region: 'us-east-1', extra: 'green', 'domain-name': 'api.example.com' }
const r53 = {
  mode: 'route53-takeover',
  'stack-name': 'app',
  template: 'examples/app/template.yaml',
  region: 'us-east-1',
  'hosted-zone-id': 'Z123ABC',
  'record-name': 'www.example.com',
  'enable-parameter': 'AppName=on'
}

/** [what is wrong, the inputs, the input the error must name, a phrase of what is accepted] */
const cases: [string, Record<string, string>, string, RegExp][] = [
  ['unknown mode', { ...base, mode: 'canary' }, 'mode', /one of: extra-env, api-replace, reset, route53-takeover/],
  ['missing mode', { ...base, mode: '' }, 'mode', /is required/],
  ['missing stack name', { ...base, 'stack-name': '' }, 'stack-name', /is required/],
  ['stack name with underscore', { ...base, 'stack-name': 'my_app' }, 'stack-name', /letters, digits and hyphens/],
  ['stack name starting with a digit', { ...base, 'stack-name': '1app' }, 'stack-name', /starting with a letter/],
  ['stack name too long', { ...base, 'stack-name': 'a'.repeat(129) }, 'stack-name', /up to 128/],
  ['stack name with a slash', { ...base, 'stack-name': 'other/stack' }, 'stack-name', /not a valid stack name/],
  ['missing template', { ...base, template: '' }, 'template', /is required/],
  ['template file missing', { ...base, template: 'nope/template.yaml' }, 'template', /does not exist/],
  ['unparseable YAML', { ...base, template: badYaml }, 'template', /not valid YAML/],
  ['unparseable JSON', { ...base, template: badJson }, 'template', /not valid JSON/],
  ['no Resources section', { ...base, template: noResources }, 'template', /no Resources section/],
  ['resource without Type', { ...base, template: noType }, 'template', /has no Type/],
  ['unknown short-form tag', { ...base, template: unknownTag }, 'template', /unknown CloudFormation tag !Bogus/],
  ['template over the 1 MB CloudFormation accepts from S3', { ...base, template: huge }, 'template', /over the 1,048,576 bytes \(1 MB\) CloudFormation accepts/],
  ['template-bucket as a URL', { ...base, 'template-bucket': 's3://my-templates' }, 'template-bucket', /the name only \(no s3:\/\/ or path\)/],
  ['template-bucket with upper case', { ...base, 'template-bucket': 'My-Templates' }, 'template-bucket', /lower-case letters, digits, dots and hyphens/],
  ['template-bucket too short', { ...base, 'template-bucket': 'ab' }, 'template-bucket', /3 to 63/],
  ['template-bucket like an IP address', { ...base, 'template-bucket': '192.168.5.4' }, 'template-bucket', /not an S3 bucket name/],
  ['template-bucket with a reserved suffix', { ...base, 'template-bucket': 'mine-s3alias' }, 'template-bucket', /not an S3 bucket name/],
  ['template is a directory', { ...base, template: dir }, 'template', /is a directory; accepted: a path to a YAML or JSON CloudFormation template file/],
  ['alias bomb', { ...base, template: aliasBomb }, 'template', /line \d+: its aliases expand to more than 10000 nodes \(alias \*[a-i] is where they pass it\)/],
  ['self-referencing alias', { ...base, template: aliasCycle }, 'template', /line 5: alias \*self refers to a node that contains it \(a cycle\)/],
  ['parameter without =', { ...base, parameters: 'AppName' }, 'parameters', /Key=Value/],
  ['parameter not in template', { ...base, parameters: 'Nope=1' }, 'parameters', /not declared by the template \(it declares: AppName/],
  ['template parameter without Default not given', { ...base, template: needsValue }, 'parameters', /Version have no Default and are not given; add Version=\.\.\./],
  ['parameter given twice', { ...base, parameters: 'AppName=a\nAppName=b' }, 'parameters', /given twice/],
  ['parameter file missing', { ...base, parameters: 'params/prod.json' }, 'parameters', /does not exist/],
  ['parameter file not an array', { ...base, parameters: paramsNotArray }, 'parameters', /CloudFormation CLI format/],
  ['parameter file bad JSON', { ...base, parameters: paramsBadJson }, 'parameters', /not valid JSON/],
  ['unknown capability', { ...base, capabilities: 'CAPABILITY_IAM,CAPABILITY_ROOT' }, 'capabilities', /CAPABILITY_NAMED_IAM/],
  ['tag without =', { ...base, tags: 'team' }, 'tags', /Key=Value/],
  ['reserved tag', { ...base, tags: 'aws:owner=me' }, 'tags', /reserved/],
  ['missing region', { ...base, region: '' }, 'region', /is required/],
  ['bad region', { ...base, region: 'US_EAST' }, 'region', /us-east-1/],
  ['endpoint-url not a URL', { ...base, 'endpoint-url': 'localhost:5000' }, 'endpoint-url', /http/],
  ['endpoint-url with another scheme', { ...base, 'endpoint-url': 'file:///etc/passwd' }, 'endpoint-url', /http:\/\/ or https:\/\//],
  ['negative timeout', { ...base, 'timeout-minutes': '-5' }, 'timeout-minutes', /out of range/],
  ['timeout not a number', { ...base, 'timeout-minutes': 'ten' }, 'timeout-minutes', /not a number/],
  ['dry-run not boolean', { ...base, 'dry-run': 'yes' }, 'dry-run', /true or false/],
  ['unknown phase', { ...base, phase: 'canary' }, 'phase', /full, deploy, promote, rollback, destroy/],
  ['extra with spaces', { ...base, extra: 'pr 12' }, 'extra', /letters, digits and hyphens/],
  ['missing extra for deploy', { ...base, extra: '', phase: 'deploy' }, 'extra', /is required for phase deploy/],
  ['domain missing for promote', { ...base, phase: 'promote', 'domain-name': '' }, 'domain-name', /is required/],
  ['bad domain', { ...base, 'domain-name': 'api..example.com' }, 'domain-name', /not a DNS name/],
  ['bad base path', { ...base, 'base-path': 'v1?x=1' }, 'base-path', /segments of letters/],
  ['bad older-than', { ...base, phase: 'destroy', extra: '', 'older-than': '7 days' }, 'older-than', /such as 7d/],
  ['smoke path without slash', { ...base, 'smoke-path': 'health' }, 'smoke-path', /starting with \//],
  ['smoke status not HTTP', { ...base, 'smoke-expect-status': '200,999' }, 'smoke-expect-status', /100 to 599/],
  ['smoke body bad regex', { ...base, 'smoke-expect-body': '(unclosed' }, 'smoke-expect-body', /regular expression/],
  ['smoke retries fractional', { ...base, 'smoke-retries': '1.5' }, 'smoke-retries', /whole number/],
  ['smoke-allow-link-local not boolean', { ...base, 'smoke-allow-link-local': 'sometimes' }, 'smoke-allow-link-local', /true or false/],
  [
    'more tags than the lock stack has room for',
    { ...base, tags: Array.from({ length: 40 }, (_, i) => `t${i}=v`).join('\n') },
    'tags',
    /40 tags given; at most 39 with domain-name in extra-env mode \(the domain's lock stack carries them and 11 of its own, 50 in all\)/
  ],
  ['unknown router', { ...base, router: 'nginx' }, 'router', /api-gateway, cloudfront, route53, alb, target-group/],
  ['cloudfront without its distribution', { ...base, router: 'cloudfront', 'origin-output': 'Origin' }, 'distribution-id', /is required with router cloudfront/],
  ['cloudfront distribution id in lower case', { ...base, router: 'cloudfront', 'distribution-id': 'e2qw', 'origin-output': 'Origin' }, 'distribution-id', /upper-case letters and digits/],
  ['cloudfront without origin-output', { ...base, router: 'cloudfront', 'distribution-id': 'E2QWRUHAPOMQZL' }, 'origin-output', /is required with router cloudfront/],
  ['origin-output that is not an output key', { ...base, router: 'cloudfront', 'distribution-id': 'E2QWRUHAPOMQZL', 'origin-output': 'Origin.Domain' }, 'origin-output', /letters and digits/],
  ['route53 router without a zone', { ...base, router: 'route53', 'record-name': 'www.example.com', 'target-output': 'Dns' }, 'hosted-zone-id', /is required with router route53/],
  ['route53 router without target-output', { ...base, router: 'route53', 'hosted-zone-id': 'Z1', 'record-name': 'www.example.com' }, 'target-output', /is required with router route53/],
  [
    'route53 router A record without an alias zone',
    { ...base, router: 'route53', 'hosted-zone-id': 'Z1', 'record-name': 'www.example.com', 'record-type': 'A', 'target-output': 'Dns' },
    'record-type',
    /only as an alias: give target-zone-output/
  ],
  [
    'route53 router CNAME with an alias zone',
    { ...base, router: 'route53', 'hosted-zone-id': 'Z1', 'record-name': 'www.example.com', 'target-output': 'Dns', 'target-zone-output': 'Zone' },
    'target-zone-output',
    /A and AAAA records only/
  ],
  ['alb router without a listener', { ...base, router: 'alb', 'target-group-output': 'Tg' }, 'listener-arn', /is required with router alb/],
  [
    'alb listener that is not a listener ARN',
    { ...base, router: 'alb', 'listener-arn': 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1', 'target-group-output': 'Tg' },
    'listener-arn',
    /an ARN like/
  ],
  [
    'alb router with both a listener and a rule',
    {
      ...base,
      router: 'alb',
      'listener-arn': 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my-alb/50dc6c495c0c9188/f2f7dc8efc522ab2',
      'listener-rule-arn': 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee',
      'target-group-output': 'Tg'
    },
    'listener-rule-arn',
    /give one/
  ],
  ['target-group router without the target group', { ...base, router: 'target-group', 'asg-output': 'Asg' }, 'target-group-arn', /is required with router target-group/],
  [
    'target-group router without asg-output',
    { ...base, router: 'target-group', 'target-group-arn': 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/73e2d6bc24d8a067' },
    'asg-output',
    /is required with router target-group/
  ],
  ['unknown replace choice', { ...base, mode: 'api-replace', replace: 'sometimes' }, 'replace', /auto, always, never/],
  ['unknown reset phase', { ...base, mode: 'reset', 'reset-phase': 'first' }, 'reset-phase', /both, generated-names, friendly-names/],
  ['bad reset property line', { ...base, mode: 'reset', 'reset-properties': 'BucketName' }, 'reset-properties', /Type=Property/],
  ['bad hosted zone id', { ...r53, 'hosted-zone-id': 'zone-1' }, 'hosted-zone-id', /upper-case letters and digits/],
  ['no hosted zone', { ...r53, 'hosted-zone-id': '' }, 'hosted-zone-id', /is required/],
  ['record type MX', { ...r53, 'record-type': 'MX' }, 'record-type', /A, AAAA, CNAME/],
  ['missing enable parameter', { ...r53, 'enable-parameter': '' }, 'enable-parameter', /Route53Enable=true/],
  ['enable parameter not in template', { ...r53, 'enable-parameter': 'Nope=true' }, 'enable-parameter', /not declared/],
  ['record outside the zone', { ...r53, 'hosted-zone-id': '', 'hosted-zone-name': 'example.org', 'record-name': 'www.example.com' }, 'record-name', /not in the zone/],
  [
    'record name that only ends like the zone',
    { ...r53, 'hosted-zone-id': '', 'hosted-zone-name': 'shop.test', 'record-name': 'notshop.test' },
    'record-name',
    /not in the zone shop\.test: accepted: shop\.test itself or a name ending in \.shop\.test/
  ],
  ['one line mixing parameters and a comma value', { ...base, template: twoParams, parameters: 'Version=v2,x,PublicUrl=https://a' }, 'parameters', /one Key=Value per line/],
  ['tag key over 128 characters', { ...base, tags: `${'k'.repeat(129)}=v` }, 'tags', /keys up to 128, values up to 256/],
  ['tag value over 256 characters', { ...base, tags: `team=${'v'.repeat(257)}` }, 'tags', /keys up to 128, values up to 256/],
  ['tag with an empty value', { ...base, tags: 'team=' }, 'tags', /empty value; CloudFormation requires a value of 1 to 256 characters/],
  ['older-than with phase deploy', { ...base, phase: 'deploy', 'older-than': '7d' }, 'older-than', /only with phase destroy, not with phase deploy/],
  ['older-than with phase full', { ...base, 'older-than': '7d' }, 'older-than', /only with phase destroy, not with phase full/]
]

const getter = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''

describe('inputs', () => {
  it.each(cases)('rejects %s, naming the input', (_what, inputs, input, accepted) => {
    let err: unknown
    try {
      parseInputs(getter(inputs), {})
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toMatch(new RegExp(`^Input '${input}': `))
    expect((err as Error).message).toMatch(accepted)
  })

  it('parses a full extra-env configuration into typed values', () => {
    const inputs = parseInputs(
      getter({
        ...base,
        parameters: 'AppName=shop\nVersion=v2',
        capabilities: 'CAPABILITY_IAM CAPABILITY_NAMED_IAM',
        tags: 'team=web\n# comment\ncost=1',
        'timeout-minutes': '15',
        'dry-run': 'true',
        'smoke-path': '/health\n/posts',
        'smoke-expect-status': '200, 204',
        'base-path': '/v1/',
        phase: 'deploy'
      }),
      {}
    )
    expect(inputs.mode).toBe('extra-env')
    if (inputs.mode !== 'extra-env') return
    expect(inputs.parameters).toEqual([
      { ParameterKey: 'AppName', ParameterValue: 'shop' },
      { ParameterKey: 'Version', ParameterValue: 'v2' }
    ])
    expect(inputs.capabilities).toEqual(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'])
    expect(inputs.tags).toEqual([
      { Key: 'team', Value: 'web' },
      { Key: 'cost', Value: '1' }
    ])
    expect(inputs.timeoutMinutes).toBe(15)
    expect(inputs.dryRun).toBe(true)
    expect(inputs.smoke.paths).toEqual(['/health', '/posts'])
    expect(inputs.smoke.expectStatus).toEqual([200, 204])
    expect(inputs.extraEnv.door).toMatchObject({ router: 'api-gateway', basePath: 'v1' })
    expect(inputs.template?.template.Resources.Api.Type).toBe('AWS::ApiGateway::RestApi')
  })

  it('accepts a template over the inline limit (it goes through S3) and a template-bucket name', () => {
    const large = file('large.yaml', `Resources:\n  A:\n    Type: AWS::SQS::Queue\nDescription: "${'x'.repeat(60_000)}"\n`)
    const inputs = parseInputs(getter({ ...base, template: large, 'template-bucket': 'my.templates-1' }), {})
    expect(Buffer.byteLength(inputs.template!.body)).toBeGreaterThan(51_200)
    expect(inputs.templateBucket).toBe('my.templates-1')
    expect(parseInputs(getter(base), {}).templateBucket).toBeUndefined()
  })

  it('normalises domain-name (case, a trailing dot), so one domain always gives one lock and one answer', () => {
    const domainOf = (name: string) => {
      const inputs = parseInputs(getter({ ...base, 'domain-name': name }), {})
      return inputs.mode === 'extra-env' && inputs.extraEnv.door.router === 'api-gateway' ? inputs.extraEnv.door.domainName : undefined
    }
    for (const spelling of ['api.example.com', 'Api.Example.COM', 'api.example.com.', 'API.EXAMPLE.COM.']) expect(domainOf(spelling)).toBe('api.example.com')
  })

  it('reads parameters from a JSON file in the CloudFormation CLI format, and the region from AWS_REGION', () => {
    const params = file(
      'ok.json',
      JSON.stringify([
        { ParameterKey: 'AppName', ParameterValue: 'x' },
        { ParameterKey: 'Version', UsePreviousValue: true }
      ])
    )
    const inputs = parseInputs(getter({ ...base, region: '', parameters: params }), { AWS_REGION: 'eu-west-1' })
    expect(inputs.region).toBe('eu-west-1')
    expect(inputs.parameters).toEqual([
      { ParameterKey: 'AppName', ParameterValue: 'x' },
      { ParameterKey: 'Version', UsePreviousValue: true }
    ])
  })

  // older-than moved out of the test above: it is refused with phase deploy now (issue 12), it sweeps in destroy only
  it('reads older-than as a duration for phase destroy', () => {
    const inputs = parseInputs(getter({ ...base, phase: 'destroy', extra: '', 'older-than': '7d' }), {})
    expect(inputs.mode === 'extra-env' && inputs.extraEnv.olderThanMs).toBe(7 * 86_400_000)
  })

  it('splits one line of Key=Value pieces when every key is a template parameter, and keeps a list value whole', () => {
    const params = (line: string) => parseInputs(getter({ ...base, template: twoParams, parameters: line }), {}).parameters
    expect(params('Version=v2,PublicUrl=https://shop.example.com/a?b=c')).toEqual([
      { ParameterKey: 'Version', ParameterValue: 'v2' },
      { ParameterKey: 'PublicUrl', ParameterValue: 'https://shop.example.com/a?b=c' }
    ])
    expect(params('Version=v2, PublicUrl=https://x')).toEqual([
      { ParameterKey: 'Version', ParameterValue: 'v2' },
      { ParameterKey: 'PublicUrl', ParameterValue: 'https://x' }
    ])
    // a CommaDelimitedList, and a value whose pieces only look like Key=Value with keys the template lacks
    expect(params('Subnets=subnet-1,subnet-2')).toEqual([{ ParameterKey: 'Subnets', ParameterValue: 'subnet-1,subnet-2' }])
    expect(params('PublicUrl=https://x/?a=1,b=2')).toEqual([{ ParameterKey: 'PublicUrl', ParameterValue: 'https://x/?a=1,b=2' }])
    // one parameter per line keeps working, commas included
    expect(params('Subnets=a,b\nVersion=v3')).toEqual([
      { ParameterKey: 'Subnets', ParameterValue: 'a,b' },
      { ParameterKey: 'Version', ParameterValue: 'v3' }
    ])
    expect(() => params('Version=v2,Version=v3')).toThrow(/parameter Version is given twice/)
  })

  it("accepts tags at CloudFormation's maxima and record names at the zone apex or below it", () => {
    const tags = parseInputs(getter({ ...base, tags: `${'k'.repeat(128)}=${'v'.repeat(256)}` }), {}).tags
    expect(tags).toEqual([{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }])
    for (const name of ['shop.test', 'WWW.Shop.Test', 'a.b.shop.test.']) {
      const inputs = parseInputs(getter({ ...r53, 'hosted-zone-id': '', 'hosted-zone-name': 'shop.test.', 'record-name': name }), {})
      expect(inputs.mode === 'route53-takeover' && inputs.route53.recordName).toBe(name.toLowerCase().replace(/\.$/, ''))
    }
  })

  it('expands YAML short-form tags to their long form', () => {
    const inputs = parseInputs(getter(base), {})
    const resources = inputs.template!.template.Resources
    expect(resources.AppFunction.Properties!.Role).toEqual({ 'Fn::GetAtt': ['AppRole', 'Arn'] })
    expect(resources.HealthResource.Properties!.RestApiId).toEqual({ Ref: 'Api' })
    expect(inputs.template!.template.Conditions!.HasDomain).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'DomainName' }, ''] }] })
  })
})

describe('bad input through run()', () => {
  const clients = [mockClient(CloudFormationClient), mockClient(APIGatewayClient), mockClient(ApiGatewayV2Client), mockClient(Route53Client)]
  const realFetch = globalThis.fetch
  let fetches = 0
  beforeAll(() => {
    globalThis.fetch = (async () => {
      fetches++
      throw new Error('no network in this test')
    }) as typeof fetch
  })
  afterAll(() => {
    globalThis.fetch = realFetch
  })

  it.each(cases)('%s: fails the step before any AWS or HTTP request', async (_what, inputs, input) => {
    core.setFailed.mockClear()
    core.setInputs(inputs)
    await run()
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    expect(String(core.setFailed.mock.calls[0][0])).toMatch(new RegExp(`^Input '${input}': `))
    for (const c of clients) expect(c.calls()).toHaveLength(0)
    expect(fetches).toBe(0)
  })
})
