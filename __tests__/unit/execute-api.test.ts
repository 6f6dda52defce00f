import { executeApiUrl } from '../../src/aws/execute-api.js'
import { invokeUrl } from '../../src/aws/rest-api.js'
import { resolveEndpoint } from '../../src/modes/reset/endpoint.js'

// AWS: API Gateway endpoints are execute-api.<region>.amazonaws.com, and execute-api.<region>.amazonaws.com.cn in
// the China regions (AWS General Reference, "Amazon API Gateway endpoints and quotas").
describe('execute-api URLs', () => {
  it("use the region's partition DNS suffix", () => {
    expect(executeApiUrl('a1b2c3', 'eu-west-1', 'prod')).toBe('https://a1b2c3.execute-api.eu-west-1.amazonaws.com/prod')
    expect(executeApiUrl('a1b2c3', 'cn-north-1', 'prod')).toBe('https://a1b2c3.execute-api.cn-north-1.amazonaws.com.cn/prod')
    expect(executeApiUrl('a1b2c3', 'cn-northwest-1')).toBe('https://a1b2c3.execute-api.cn-northwest-1.amazonaws.com.cn')
    expect(executeApiUrl('a1b2c3', 'us-gov-west-1', 'v1')).toBe('https://a1b2c3.execute-api.us-gov-west-1.amazonaws.com/v1')
  })

  it('are the ones api-replace and reset report', () => {
    expect(invokeUrl('a1b2c3', 'cn-north-1', 'prod')).toBe('https://a1b2c3.execute-api.cn-north-1.amazonaws.com.cn/prod')
    const template = { Resources: { Api: { Type: 'AWS::ApiGateway::RestApi' }, Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { StageName: 'prod', RestApiId: { Ref: 'Api' } } } } }
    const resources = [
      { LogicalResourceId: 'Api', ResourceType: 'AWS::ApiGateway::RestApi', PhysicalResourceId: 'a1b2c3', ResourceStatus: 'CREATE_COMPLETE' as const, LastUpdatedTimestamp: new Date() }
    ]
    expect(resolveEndpoint({ outputs: {}, resources, template, region: 'cn-north-1' })).toBe('https://a1b2c3.execute-api.cn-north-1.amazonaws.com.cn/prod')
  })
})
