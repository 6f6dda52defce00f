import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parseTemplate, templateToBody, templateToText, TemplateError, type Template } from '../../src/cloudformation/template.js'
import { CONDITION_FUNCTIONS, INTRINSIC_FUNCTIONS, LANGUAGE_EXTENSION_FUNCTIONS, RULE_FUNCTIONS } from '../../src/cloudformation/functions.js'
import { rewriteTemplateText } from '../../src/cloudformation/template-writer.js'
import { rewriteWithSuffix } from '../../src/modes/api-replace/rewrite.js'
import { nameProperties } from '../../src/modes/reset/name-properties.js'
import { stripNames } from '../../src/modes/reset/strip-names.js'
import { withAttributeOutputs } from '../../src/modes/route53-takeover/resolve-record.js'
import { ensureCfnLint, PYTHON } from '../support/cfn-lint.js'

const scalarsText = readFileSync(new URL('../fixtures/templates/scalars.yaml', import.meta.url), 'utf8')

/** Each text as cfn-lint reads it (its YAML decoder), or the kind of error it raises. */
function cfnLintReadings(texts: string[]): ({ value: unknown } | { error: string })[] {
  ensureCfnLint()
  const script = [
    'import json, sys',
    'from cfnlint.decode import cfn_yaml',
    'out = []',
    'for t in json.load(sys.stdin):',
    '    try: out.append({"value": cfn_yaml.loads(t)})',
    '    except Exception as e: out.append({"error": type(e).__name__})',
    'print(json.dumps(out, default=str))'
  ].join('\n')
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8' })
  expect(run.stderr).toBe('')
  return JSON.parse(run.stdout) as ({ value: unknown } | { error: string })[]
}

describe('reading a template as cfn-lint does', () => {
  it('types plain scalars as PyYAML SafeLoader (YAML 1.1) does and keeps dates as written', () => {
    const t = parseTemplate(scalarsText)
    const plain = (t.Mappings as Record<string, Record<string, Record<string, unknown>>>).Numbers.Plain
    expect(t.AWSTemplateFormatVersion).toBe('2010-09-09')
    expect(t.Parameters!.Enabled.Default).toBe('N')
    expect(t.Parameters!.Enabled.AllowedValues).toEqual(['Y', 'N', 'y', 'n', true, false, true, false, true, false, true, false])
    expect(t.Parameters!.Mode.Default).toBe('.')
    expect(t.Parameters!.Exponent.Default).toBe('e1')
    expect(plain).toEqual({
      octal: 493,
      hex: 31,
      sexagesimal: 90,
      float: 1.1,
      exponent: '1e5',
      signedExponent: 100000,
      inf: Infinity,
      minusInf: -Infinity,
      notANumber: NaN,
      long: '123456789012345678901234567890',
      underscores: 1000,
      tilde: null,
      nullValue: null,
      empty: null,
      timestamp: '2001-12-14t21:59:43.10-05:00',
      spacedTimestamp: '2001-12-14 21:59:43.10 -5',
      date: '2002-12-14',
      notADate: '2002-1-4',
      equals: '=',
      explicit: '2012-10-17',
      explicitInt: 16,
      quoted: '0755'
    })
    const role = t.Resources.Role.Properties!
    expect((role.AssumeRolePolicyDocument as { Version: unknown }).Version).toBe('2012-10-17')
    expect(t.Resources.Function.Properties!.Environment).toEqual({ Variables: { YES: true, NO: false, DATE: '2012-10-17', DOT: '.', E: 'e1', NUMBER: 15 } })
  })

  it('accepts every intrinsic, condition and rule function and the language extensions, short and long form', () => {
    const names = [...INTRINSIC_FUNCTIONS, ...CONDITION_FUNCTIONS, ...RULE_FUNCTIONS, ...LANGUAGE_EXTENSION_FUNCTIONS].filter((n) => n !== 'GetAtt')
    const text = [
      'Transform: AWS::LanguageExtensions',
      'Resources:',
      '  Fn::ForEach::Queues:',
      '    - Name',
      '    - [A, B]',
      '    - Queue${Name}:',
      '        Type: AWS::SQS::Queue',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '    Metadata:',
      ...names.map((n) => `      ${n}: !${n} [x, y]`),
      '      Ref: !Ref AWS::Region',
      '      Condition: !Condition IsProd',
      '      GetAtt: !GetAtt Topic.TopicName',
      '      Long: {"Fn::ValueOf": [P, Attr], "Fn::Contains": [[a], b]}',
      ''
    ].join('\n')
    const t = parseTemplate(text)
    const meta = t.Resources.Topic.Metadata as Record<string, unknown>
    for (const n of names) expect(meta[n]).toEqual({ [`Fn::${n}`]: ['x', 'y'] })
    expect(meta.Ref).toEqual({ Ref: 'AWS::Region' })
    expect(meta.Condition).toEqual({ Condition: 'IsProd' })
    expect(meta.GetAtt).toEqual({ 'Fn::GetAtt': ['Topic', 'TopicName'] })
    expect(names).toEqual(expect.arrayContaining(['Contains', 'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll', 'Length', 'ToJsonString', 'GetStackOutput']))
    expect(t.Resources['Fn::ForEach::Queues']).toEqual(['Name', ['A', 'B'], { 'Queue${Name}': { Type: 'AWS::SQS::Queue' } }])
  })

  it('refuses only what CloudFormation refuses, naming the line', () => {
    const refused: [string, RegExp][] = [
      [
        'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Bogus x\n',
        /^t.yaml line 5: unknown CloudFormation tag !Bogus; CloudFormation's short forms are !Ref, !Condition, !Base64/
      ],
      ['Resources:\n  A:\n    Type: AWS::SNS::Topic\n  my-topic:\n    Type: AWS::SNS::Topic\n', /^t.yaml line 4: logical id "my-topic" must be alphanumeric/],
      ['Resources:\n  A:\n    Type: AWS::SNS::Topic\nOutputs:\n  X:\n    Value: !GetAtt A\n', /^t.yaml line 6: !GetAtt A must be "Resource.Attribute"/],
      ['Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Metadata:\n      ~: x\n', /^t.yaml line 5: a mapping key is empty \(null\)/],
      ['Resources:\n  A:\n    Properties: {}\n', /^t.yaml line 2: resource A has no Type/],
      ['Resources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SNS::Topic\n', /^t.yaml is not valid YAML: Map keys must be unique at line 4/],
      ['Resources:\n  Fn::ForEach::X: nope\n', /^t.yaml line 2: Fn::ForEach::X must be a list of \[identifier, collection, resources\]/],
      ['Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Metadata: !!int x\n', /^t.yaml line 4: !!int "x" is not a valid int/]
    ]
    for (const [text, message] of refused) {
      expect(() => parseTemplate(text, 't.yaml')).toThrow(TemplateError)
      expect(() => parseTemplate(text, 't.yaml')).toThrow(message)
    }
  })

  it('reads a plain - in a flow collection as the string "-", and refuses the - forms PyYAML refuses, as cfn-lint does', () => {
    // Plain scalars starting with "-" in flow context: `yaml` alone refused the first group; both read the
    // second alike, and both refuse the third.
    const values = [
      '[-]',
      '[-, a]',
      '[a, -]',
      '[-,a]',
      '[a,-]',
      '[ -,]',
      '[--, -]',
      '{a: -}',
      '{a: -, b: c}',
      '{-}',
      '{-,a}',
      '[-: x]',
      '[-: ]',
      '[&x -, *x]',
      '[!Ref -]',
      '!Join [-, [a, b]]',
      '[!Join [-, [a, b]]]',
      '[a, [-, b]]',
      '[\n    -,\n    a]',
      '{"Fn::Join": [ -, [a, b] ]}',
      '[-foo]',
      '[-1]',
      '[--]',
      '[-:x]',
      '[-#c]',
      '{-: a}',
      '{a: -foo}',
      '- a',
      '[ - ]',
      '[- a]',
      '[-\n  ]',
      '[- #c]',
      '[-[a]]',
      '[-{a: b}]',
      '[-]]',
      '[-]x'
    ]
    const texts = values.map((v) => `Resources:\n  A:\n    Type: AWS::SNS::Topic\nMetadata:\n  V: ${v}\n`)
    const cfnLint = cfnLintReadings(texts).map((r) => ('value' in r ? { value: (r.value as { Metadata: { V: unknown } }).Metadata.V } : r))
    const ours = texts.map((t) => {
      try {
        return { value: (parseTemplate(t, 't.yaml').Metadata as { V: unknown }).V }
      } catch (err) {
        expect(err).toBeInstanceOf(TemplateError)
        return { error: (err as Error).message }
      }
    })
    const reading = (r: { value: unknown } | { error: string }) => ('value' in r ? JSON.stringify(r.value) : 'refused')
    expect(values.map((v, i) => `${v} → ${reading(ours[i])}`)).toEqual(values.map((v, i) => `${v} → ${reading(cfnLint[i])}`))
    expect(cfnLint.filter((r) => 'error' in r)).toHaveLength(9)
    expect(ours[values.indexOf('!Join [-, [a, b]]')]).toEqual({ value: { 'Fn::Join': ['-', ['a', 'b']] } })
    // A refusal still names the line and column of the source text.
    expect(ours[values.indexOf('[- a]')]).toEqual({ error: expect.stringMatching(/^t.yaml is not valid YAML: .* at line 5, column \d+$/) })
  })

  it('copies what an alias stands for, and stops alias bombs and cycles with the line', () => {
    const t = parseTemplate('Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: &p\n      TopicName: a\n  B:\n    Type: AWS::SNS::Topic\n    Properties: *p\n')
    expect(t.Resources.B.Properties).toEqual({ TopicName: 'a' })
    expect(t.Resources.B.Properties).not.toBe(t.Resources.A.Properties)
    const levels = 'abcdefghi'
    const bomb = `Resources:\n  A:\n    Type: AWS::SNS::Topic\nMetadata:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${levels
      .slice(1)
      .split('')
      .map((l, i) => `  ${l}: &${l} [${Array(9).fill(`*${levels[i]}`).join(',')}]`)
      .join('\n')}\n`
    expect(Buffer.byteLength(bomb)).toBeLessThan(700)
    expect(() => parseTemplate(bomb, 't.yaml')).toThrow(/^t.yaml line \d+: its aliases expand to more than 10000 nodes/)
    expect(() => parseTemplate('Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Metadata: &m\n      self: *m\n', 't.yaml')).toThrow(
      /^t.yaml line 5: alias \*m refers to a node that contains it \(a cycle\)/
    )
  })

  it('reads JSON the same way, also when it is indented with tabs', () => {
    const t = parseTemplate('{\n\t"Resources": {\n\t\t"A": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "x", "N": 1.10}}\n\t}\n}\n')
    expect(t.Resources.A.Properties).toEqual({ TopicName: 'x', N: 1.1 })
  })
})

describe('writing a rewritten template', () => {
  const yaml = `# The application
AWSTemplateFormatVersion: 2010-09-09
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: !Sub '\${AWS::StackName}-api'   # the name
  Root:
    Type: AWS::ApiGateway::Method
    DependsOn: [Api]
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: Root
    Properties:
      RestApiId: { Ref: Api }
      StageName: v1
      Description: !Sub |
        Deployment of \${Api}
        made 2012-10-17
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: site-N   # explicit name
      Tags:
        - { Key: on, Value: 0755 }
`

  it('changes only what the rewrite changed: removed names lose their line, the rest stays as written', () => {
    const t = parseTemplate(yaml)
    const { template } = stripNames(t, [
      { type: 'AWS::ApiGateway::RestApi', property: 'Name' },
      { type: 'AWS::S3::Bucket', property: 'BucketName' }
    ])
    const text = templateToText(template, t)
    expect(text).toBe(
      yaml.replace("    Properties:\n      Name: !Sub '${AWS::StackName}-api'   # the name\n", '    Properties: {}   # the name\n').replace('      BucketName: site-N   # explicit name\n', '')
    )
  })

  it('renames logical ids where they stand: keys, !Ref, !GetAtt, { Ref }, DependsOn and ${} in a literal block', () => {
    const t = parseTemplate(yaml)
    const { template } = rewriteWithSuffix(t, 'Api', '0a1b2c3d')
    const text = templateToText(template, t)
    expect(text).toBe(
      yaml
        .replace('  Api:\n', '  Api0a1b2c3d:\n')
        .replace('  Root:\n', '  Root0a1b2c3d:\n')
        .replace('  Deployment:\n', '  Deployment0a1b2c3d:\n')
        .replace('DependsOn: [Api]', 'DependsOn: [Api0a1b2c3d]')
        .replace('!Ref Api\n', '!Ref Api0a1b2c3d\n')
        .replace('!GetAtt Api.RootResourceId', '!GetAtt Api0a1b2c3d.RootResourceId')
        .replace('DependsOn: Root\n', 'DependsOn: Root0a1b2c3d\n')
        .replace('{ Ref: Api }', '{ Ref: Api0a1b2c3d }')
        .replace('of ${Api}', 'of ${Api0a1b2c3d}')
    )
    expect(parseTemplate(text)).toEqual(template)
  })

  it('appends added outputs under the sections they belong to, and adds the section when there is none', () => {
    const t = parseTemplate(yaml)
    const text = templateToText(withAttributeOutputs(t, { BlueGreenAttr: { Value: { 'Fn::GetAtt': ['Bucket', 'Arn'] } } }), t)
    expect(text).toBe(`${yaml}Outputs:\n  BlueGreenAttr:\n    Value: !GetAtt Bucket.Arn\n`)
    const withOutputs = parseTemplate(`${yaml}Outputs:\n  Name: # kept\n    Value: !Ref Bucket\n`)
    const again = templateToText(withAttributeOutputs(withOutputs, { Extra: { Value: 'N' } }), withOutputs)
    expect(again).toBe(`${yaml}Outputs:\n  Name: # kept\n    Value: !Ref Bucket\n  Extra:\n    Value: "N"\n`)
  })

  it('keeps JSON as JSON with numbers as written', () => {
    const json = '{\n  "Resources": {\n    "Q": {\n      "Type": "AWS::SQS::Queue",\n      "Properties": {"QueueName": "q", "DelaySeconds": 1.10, "Big": 123456789012345678901}\n    }\n  }\n}\n'
    const t = parseTemplate(json)
    const { template } = stripNames(t, nameProperties())
    const text = templateToText({ ...template, Outputs: { Arn: { Value: { 'Fn::GetAtt': ['Q', 'Arn'] } } } }, t)
    expect(text).toBe(
      '{\n  "Resources": {\n    "Q": {\n      "Type": "AWS::SQS::Queue",\n      "Properties": {"DelaySeconds": 1.10, "Big": 123456789012345678901}\n    }\n  },\n  "Outputs": {\n    "Arn": {\n      "Value": {\n        "Fn::GetAtt": [\n          "Q",\n          "Arn"\n        ]\n      }\n    }\n  }\n}\n'
    )
    expect(JSON.parse(text).Resources.Q.Properties.DelaySeconds).toBe(1.1)
  })

  it('writes out an alias whose anchored node the rewrite changes, so the other place keeps its value', () => {
    const text = 'Resources:\n  A: &topic\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: n\n  B: *topic\n'
    const t = parseTemplate(text)
    const retained: Template = { ...t, Resources: { ...t.Resources, A: { ...t.Resources.A, DeletionPolicy: 'Retain' } } }
    const out = templateToText(retained, t)
    expect(out).toBe(
      'Resources:\n  A: &topic\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: n\n    DeletionPolicy: Retain\n  B:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: "n"\n'
    )
    expect(parseTemplate(out)).toEqual(retained)
  })

  it('writes strings that some YAML reader would type otherwise in quotes, and reads every output back before sending it', () => {
    const t = parseTemplate('Resources:\n  A:\n    Type: AWS::SNS::Topic\n')
    const values = ['N', 'y', 'yes', 'off', '2012-10-17', '0755', '1e5', '.', 'e1', '~', '', 'null', '1:30', 'a: b', '- x', '#', 'line\nbreak', '\u2028', 'ok']
    const rewritten = withAttributeOutputs(t, Object.fromEntries(values.map((v, i) => [`O${i}`, { Value: v }])))
    const { text, edited } = rewriteTemplateText(rewritten, t)
    expect(edited).toBe(true)
    expect(parseTemplate(text)).toEqual(rewritten)
    expect(text).toContain('    Value: "N"\n')
    expect(text).toContain('    Value: ok\n')
  })

  it('replaces a tagged block with its tag, also when the tag is on the line before', () => {
    const text = 'Resources:\n  A:\n    Type: AWS::SNS::Topic\nOutputs:\n  O:\n    Value: !If\n      - C\n      - [!Ref A, x]\n      - y\n  P:\n    Value: !Join [",", [a, !Ref A]]\n'
    const t = parseTemplate(text)
    const { text: out, edited } = rewriteTemplateText({ ...t, Outputs: { O: { Value: 'z' }, P: { Value: { 'Fn::Join': [',', ['a', { Ref: 'B' }]] } } } }, t)
    expect(edited).toBe(true)
    expect(out).toBe('Resources:\n  A:\n    Type: AWS::SNS::Topic\nOutputs:\n  O:\n    Value: z\n  P:\n    Value: !Join [",", [a, !Ref B]]\n')
  })

  it('rewrites a template with plain - in flow collections so cfn-lint reads the intended values', () => {
    const original = [
      'Resources:',
      '  Bucket:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: !Join [-, [!Ref AWS::StackName, data]]',
      '      Tags: [{Key: sep, Value: -}, {Key: -, Value: dash}]',
      'Outputs:',
      '  Name:',
      '    Value: !Join [-, [!Ref Bucket, x]]',
      ''
    ].join('\n')
    const t = parseTemplate(original)
    const table = nameProperties([{ type: 'AWS::S3::Bucket', property: 'BucketName' }])
    const stripped = stripNames(t, table).template
    const renamed = rewriteWithSuffix({ ...t, Resources: { ...t.Resources, Api: { Type: 'AWS::ApiGateway::RestApi' } } }, 'Api', '0a1b2c3d').template
    const withOutputs = withAttributeOutputs(t, { Dash: { Value: '-' }, Dashes: { Value: { 'Fn::Join': ['-', ['-', { Ref: 'Bucket' }]] } } })
    const outputs = [stripped, renamed, withOutputs].map((next) => rewriteTemplateText(next, t))
    expect(outputs.map((o) => o.edited)).toEqual([true, true, true])
    // Edits leave the flow collections around them as written.
    expect(outputs[0].text).toContain('      Tags: [{Key: sep, Value: -}, {Key: -, Value: dash}]\n')
    expect(outputs[0].text).not.toContain('BucketName')
    expect(outputs[2].text).toContain('    Value: !Join [-, [!Ref Bucket, x]]\n')
    expect(cfnLintReadings(outputs.map((o) => o.text))).toEqual([stripped, renamed, withOutputs].map((next) => ({ value: JSON.parse(JSON.stringify(next)) })))
  })

  it('leaves out a key set to undefined, as JSON does', () => {
    const t = parseTemplate(yaml)
    const text = templateToText({ ...t, Resources: { ...t.Resources, Bucket: { ...t.Resources.Bucket, Properties: undefined } } }, t)
    expect(text).toBe(yaml.slice(0, yaml.indexOf('    Properties:\n      BucketName')))
  })

  it('without the original, writes indented JSON; over the inline limit, compact JSON', () => {
    const t = parseTemplate(yaml)
    expect(JSON.parse(templateToText(t))).toEqual(JSON.parse(JSON.stringify(t)))
    const big = parseTemplate(`${yaml}Metadata:\n  Pad:\n${Array.from({ length: 900 }, (_, i) => `    - item${i}`).join('\n')}\n`)
    const body = templateToBody({ ...big, Outputs: { X: { Value: 'x' } } }, big)
    expect(body.length).toBeLessThan(51_200)
    expect(parseTemplate(body)).toEqual({ ...big, Outputs: { X: { Value: 'x' } } })
  })
})
