import { APIGatewayClient } from '@aws-sdk/client-api-gateway'
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { Route53Client } from '@aws-sdk/client-route-53'

export const USER_AGENT = 'bluegreen-action/1'

export interface AwsClients {
  cloudformation: CloudFormationClient
  apigateway: APIGatewayClient
  apigatewayv2: ApiGatewayV2Client
  route53: Route53Client
}

export interface ClientSettings {
  region: string
  endpointUrl?: string
  maxAttempts?: number
}

export function createClients(settings: ClientSettings): AwsClients {
  const config = {
    region: settings.region,
    endpoint: settings.endpointUrl,
    // adaptive adds client-side rate limiting on top of backoff, so parallel sweeps slow down under throttling
    retryMode: 'adaptive',
    maxAttempts: settings.maxAttempts ?? 8,
    customUserAgent: USER_AGENT
  }
  return {
    cloudformation: new CloudFormationClient(config),
    apigateway: new APIGatewayClient(config),
    apigatewayv2: new ApiGatewayV2Client(config),
    route53: new Route53Client(config)
  }
}
