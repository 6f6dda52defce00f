import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { StackResourceSummary } from '@aws-sdk/client-cloudformation'
import { parseTemplate, type Template } from '../../src/cloudformation/template.js'
import { DeployError } from '../../src/errors.js'
import { resolveEndpoint } from '../../src/modes/reset/endpoint.js'
import { planReset, strippedMarkdown } from '../../src/modes/reset/plan.js'

const appPath = fileURLToPath(new URL('../fixtures/reset/app-named.yaml', import.meta.url))
const app = parseTemplate(readFileSync(appPath, 'utf8'), appPath)

describe('planReset', () => {
  // The body used to be JSON of the parsed template; it is now the template's own text with the names
  // removed, so every other value reaches CloudFormation as written (template-corpus.test.ts proves it).
  it("gives phase one the template's own text without the names, and warns about literal uses", () => {
    const plan = planReset(app, [])
    expect(plan.strippedBody.trimStart().startsWith('{')).toBe(false)
    const body = parseTemplate(plan.strippedBody)
    expect(body.Resources.AppFunction.Properties).not.toHaveProperty('FunctionName')
    expect(body.Resources.AppFunction.Properties!.Role).toEqual({ 'Fn::GetAtt': ['AppRole', 'Arn'] })
    expect(body.Conditions).toEqual(app.Conditions)
    expect(plan.warnings).toHaveLength(3)
    expect(plan.warnings[0]).toMatch(/^AppFunction's name reset-demo-app is written out literally at Outputs\.AppFunctionArn/)
    expect(plan.warnings[1]).toMatch(/^WorkerFunction's name/)
    expect(strippedMarkdown(plan)).toContain('| AppFunction | AWS::Lambda::Function | FunctionName | reset-demo-app |')
  })

  it('warns that a REST API stage keeps calling the replaced function, only for functions a method integration calls', () => {
    const warnings = planReset(app, []).warnings.filter((w) => w.startsWith('REST API'))
    // HealthGet calls AppFunction through !Sub '...${AppFunction.Arn}/invocations'; WorkerFunction has no method
    expect(warnings).toEqual([expect.stringMatching(/^REST API method\(s\) HealthGet call AppFunction: .*does not redeploy a REST API stage/)])
    const noDeployment = structuredClone(app)
    delete noDeployment.Resources.ApiDeployment
    expect(planReset(noDeployment, []).warnings.some((w) => w.startsWith('REST API'))).toBe(false)
  })

  it('warns that a name kept by UpdateReplacePolicy Retain blocks phase two', () => {
    const template: Template = { Resources: { Logs: { Type: 'AWS::Logs::LogGroup', UpdateReplacePolicy: 'Retain', Properties: { LogGroupName: '/app/logs' } } } }
    expect(planReset(template, []).warnings).toEqual([expect.stringMatching(/^Logs has UpdateReplacePolicy Retain: .*named \/app\/logs .*cannot create that name again/)])
  })

  it('says when there is nothing to strip', () => {
    const plan = planReset({ Resources: { Q: { Type: 'AWS::SQS::Queue' } } }, [])
    expect(plan.stripped).toEqual([])
    expect(plan.warnings).toEqual(['The template sets none of the name properties in the table: both phases deploy the same template.'])
    expect(strippedMarkdown(plan)).toBe('_No name properties to strip._')
  })

  it('sends compact JSON when only that fits inline, the text itself when neither does (it goes through S3), and refuses a template over 1 MB', () => {
    const big = (n: number): Template => ({
      Resources: Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`T${i}`, { Type: 'AWS::SNS::Topic', Properties: { TopicName: `t${i}`, DisplayName: { 'Fn::Join': ['', ['a', 'b', 'c', 'd']] } } }])
      )
    })
    const fits = planReset(big(400), [])
    expect(Buffer.byteLength(fits.strippedBody)).toBeLessThanOrEqual(51_200)
    expect(fits.strippedBody).not.toContain('\n')
    // Over the inline limit even compact: sent through S3, so as the template's text, not squeezed.
    const large = planReset(big(1200), [])
    expect(Buffer.byteLength(large.strippedBody)).toBeGreaterThan(51_200)
    expect(large.strippedBody).toContain('\n')
    const sent = parseTemplate(large.strippedBody, 'stripped')
    expect(Object.keys(sent.Resources)).toHaveLength(1200)
    expect(Object.values(sent.Resources).some((r) => r.Properties && 'TopicName' in r.Properties)).toBe(false)
    expect(() => planReset({ ...big(1), Description: 'x'.repeat(1_048_576) }, [])).toThrow(/over the 1048576 bytes \(1 MB\) CloudFormation accepts even from S3/)
    expect(() => planReset({ ...big(1), Description: 'x'.repeat(1_048_576) }, [])).toThrow(DeployError)
  })
})

describe('resolveEndpoint', () => {
  const resources: StackResourceSummary[] = [
    { LogicalResourceId: 'Api', PhysicalResourceId: 'a1b2c3', ResourceType: 'AWS::ApiGateway::RestApi', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }
  ]

  it('reads endpoint-output from the stack outputs', () => {
    expect(resolveEndpoint({ outputs: { Endpoint: 'http://127.0.0.1:1234' }, endpointOutput: 'Endpoint', resources, template: app, region: 'eu-west-1' })).toBe('http://127.0.0.1:1234')
  })

  it('fails naming the outputs there are when endpoint-output is missing', () => {
    expect(() => resolveEndpoint({ outputs: { Url: 'x' }, endpointOutput: 'Endpoint', resources, template: app, region: 'eu-west-1' })).toThrow(
      /no output Endpoint[\s\S]*one of the stack's outputs: Url/
    )
  })

  it('derives the REST API invoke URL from the one API and its one stage otherwise', () => {
    expect(resolveEndpoint({ outputs: {}, resources, template: app, region: 'eu-west-1' })).toBe('https://a1b2c3.execute-api.eu-west-1.amazonaws.com/prod')
    expect(resolveEndpoint({ outputs: {}, resources: [], template: app, region: 'eu-west-1' })).toBeUndefined()
  })
})
