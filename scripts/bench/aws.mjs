// SDK clients of the benchmark itself: straight to moto (setup and samplers, never counted by the proxy) or
// through the proxy with the SDK's defaults (the waiter baseline, as common deploy actions build their client).
import { APIGatewayClient } from '@aws-sdk/client-api-gateway'
import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { Route53Client } from '@aws-sdk/client-route-53'

export const REGION = 'us-east-1'
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' }

/** Clients for setup and sampling: one attempt, so a moto error shows at once. */
export function directClients(motoUrl) {
  const config = { region: REGION, endpoint: motoUrl, credentials, maxAttempts: 1 }
  return {
    cloudformation: new CloudFormationClient(config),
    apigateway: new APIGatewayClient(config),
    route53: new Route53Client(config)
  }
}

/** A CloudFormation client with every SDK default (standard retries, 3 attempts), pointed at the proxy. */
export function defaultCloudFormationClient(endpoint) {
  return new CloudFormationClient({ region: REGION, endpoint, credentials })
}

export function destroyClients(clients) {
  for (const c of Object.values(clients)) c.destroy()
}
