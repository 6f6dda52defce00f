import { parseTemplate, TemplateError } from '../../src/cloudformation/template.js'
import { Report } from '../../src/report.js'
import { rootCause } from '../../src/cloudformation/root-cause.js'

describe('parseTemplate', () => {
  it('expands every short-form tag, scalar and sequence forms, and YAML anchors', () => {
    const t = parseTemplate(`
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '\${AWS::StackName}-q'
      Tags: &tags
        - Key: a
          Value: !Join ['-', [!Ref AWS::Region, !Select [0, !GetAZs '']]]
      DelaySeconds: !If [Slow, 10, !Ref AWS::NoValue]
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt [Dlq, Arn]
        maxReceiveCount: !FindInMap [M, !Ref AWS::Region, Count]
  Dlq:
    Type: AWS::SQS::Queue
    Properties:
      Tags: *tags
      QueueName: !Base64 x
Conditions:
  Slow: !And [!Equals [a, b], !Condition Other, !Not [!Equals [c, d]]]
  Other: !Or [!Equals [x, !ImportValue shared]]
Outputs:
  Arn:
    Value: !GetAtt Q.Arn
    Export: { Name: !Split [',', 'a,b'] }
`)
    const q = t.Resources.Q.Properties!
    expect(q.QueueName).toEqual({ 'Fn::Sub': '${AWS::StackName}-q' })
    expect((q.Tags as { Value: unknown }[])[0].Value).toEqual({
      'Fn::Join': ['-', [{ Ref: 'AWS::Region' }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }]]
    })
    expect(q.DelaySeconds).toEqual({ 'Fn::If': ['Slow', 10, { Ref: 'AWS::NoValue' }] })
    expect(q.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'Count'] } })
    expect(t.Resources.Dlq.Properties!.Tags).toEqual(q.Tags)
    expect(t.Conditions!.Slow).toEqual({ 'Fn::And': [{ 'Fn::Equals': ['a', 'b'] }, { Condition: 'Other' }, { 'Fn::Not': [{ 'Fn::Equals': ['c', 'd'] }] }] })
    expect(t.Outputs!.Arn.Value).toEqual({ 'Fn::GetAtt': ['Q', 'Arn'] })
  })

  it('keeps YAML 1.1 scalars CloudFormation users write, such as unquoted dates and on/off, as CloudFormation reads them', () => {
    const t = parseTemplate("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: AWS::SNS::Topic\n")
    expect(t.AWSTemplateFormatVersion).toBe('2010-09-09')
  })

  it('reads JSON templates and rejects malformed ones with the reason', () => {
    expect(parseTemplate('{"Resources":{"A":{"Type":"AWS::SNS::Topic"}}}').Resources.A.Type).toBe('AWS::SNS::Topic')
    expect(() => parseTemplate('Resources:\n  bad-id:\n    Type: AWS::SNS::Topic\n')).toThrow(TemplateError)
    expect(() => parseTemplate('Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: !GetAtt NoDot\n')).toThrow(/Resource.Attribute/)
    expect(() => parseTemplate('- a\n- b\n')).toThrow(/must be a mapping/)
  })
})

describe('job summary', () => {
  it('shows the failure with its root cause, facts, steps with times, and sections', () => {
    const report = new Report('bluegreen-action · extra-env · shop')
    report.fact('active stack', 'shop-green')
    report.steps.push({ name: 'Deploy shop-green', status: 'done', ms: 65_000 }, { name: 'Promote', status: 'failed', ms: 1200, detail: 'smoke | failed' })
    report.section('Change set', '| a |\n|---|')
    report.error = 'Promote failed\nRoot cause: Fn CREATE_FAILED'
    const md = report.toMarkdown()
    expect(md).toMatch(/^## ❌ bluegreen-action · extra-env · shop/)
    expect(md).toContain('> Root cause: Fn CREATE_FAILED')
    expect(md).toContain('| active stack | shop-green |')
    expect(md).toContain('| Deploy shop-green | ✅ done | 65.0 s |  |')
    expect(md).toContain('| Promote | ❌ failed | 1.2 s | smoke \\| failed |')
    expect(md).toContain('### Change set')
  })
})

describe('rootCause', () => {
  it('falls back to the stack reason when no resource failed', () => {
    expect(rootCause([], 'Parameters: [X] must have values')).toBe('Parameters: [X] must have values')
    expect(rootCause([])).toBeUndefined()
  })
})
