// The fault and latency proxy (plain ESM in scripts/ so the benchmark runs it without a build), typed for tests.
import { APIGatewayClient } from '@aws-sdk/client-api-gateway'
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { Route53Client } from '@aws-sdk/client-route-53'
import { CloudFrontClient } from '@aws-sdk/client-cloudfront'
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { S3Client } from '@aws-sdk/client-s3'
import { STSClient } from '@aws-sdk/client-sts'
import { startFaultProxy, type FaultProxy, type FaultProxySettings } from '../../scripts/fault-proxy.mjs'
import type { AwsClients } from '../../src/aws/clients.js'
import { createClients } from '../../src/aws/all-clients.js'
import { REGION } from './moto.js'

export * from '../../scripts/fault-proxy.mjs'

/**
 * Clients that talk to moto through the proxy. With retries, the action's own client settings (standard
 * retries, the given attempts); with maxAttempts 1, plain clients that show every single answer.
 */
export function proxyClients(proxy: FaultProxy, maxAttempts = 1): AwsClients {
  if (maxAttempts > 1) return createClients({ region: REGION, endpointUrl: proxy.url, maxAttempts })
  const config = { region: REGION, endpoint: proxy.url, maxAttempts: 1, retryMode: 'standard' }
  return {
    cloudformation: new CloudFormationClient(config),
    apigateway: new APIGatewayClient(config),
    apigatewayv2: new ApiGatewayV2Client(config),
    route53: new Route53Client(config),
    cloudfront: new CloudFrontClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    autoscaling: new AutoScalingClient(config),
    cloudwatch: new CloudWatchClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    sts: new STSClient(config)
  }
}

/**
 * A connection reset as seen inside jest: node's socket error comes from another realm than the test's
 * Error, so the SDK wraps it ("AWS SDK error wrapper for TimeoutError: socket hang up") and its code is
 * lost; in a plain node process it is ECONNRESET (see the child process test).
 */
export function isConnectionReset(err: unknown): boolean {
  const e = err as { code?: string; message?: string }
  return e?.code === 'ECONNRESET' || /socket hang up|ECONNRESET/.test(e?.message ?? '')
}

/** Starts a proxy in front of a moto URL for a test file and closes it after the file. */
export function useFaultProxy(motoUrl: () => string, settings: FaultProxySettings = {}): { readonly proxy: FaultProxy } {
  let proxy: FaultProxy | undefined
  beforeAll(async () => {
    proxy = await startFaultProxy({ target: motoUrl(), ...settings })
  })
  beforeEach(() => {
    proxy!.reset()
    proxy!.configure({ seed: 1, rules: {}, slowCloudFormation: null, paging: true, ...settings })
  })
  afterAll(async () => {
    await proxy?.close()
  })
  return {
    get proxy() {
      return proxy!
    }
  }
}
