import type { APIGatewayClient } from '@aws-sdk/client-api-gateway'
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import type { Route53Client } from '@aws-sdk/client-route-53'
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront'
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling'
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import type { S3Client } from '@aws-sdk/client-s3'
import type { STSClient } from '@aws-sdk/client-sts'
import { withCallContext } from './call-context.js'

export const USER_AGENT = 'bluegreen-action/1'

export interface AwsClients {
  cloudformation: CloudFormationClient
  apigateway: APIGatewayClient
  apigatewayv2: ApiGatewayV2Client
  route53: Route53Client
  /** The cloudfront router: a distribution's origin. */
  cloudfront: CloudFrontClient
  /** The alb and target-group routers: listeners, rules, target health. */
  elbv2: ElasticLoadBalancingV2Client
  /** The target-group router: attaching and detaching Auto Scaling groups. */
  autoscaling: AutoScalingClient
  /** Alarm gates and rollback triggers. */
  cloudwatch: CloudWatchClient
  /** Only for templates over CloudFormation's inline limit, which go through S3. */
  s3: S3Client
  /** Only to name the default template bucket after the account. */
  sts: STSClient
}

export type Service = keyof AwsClients

export interface ClientSettings {
  region: string
  endpointUrl?: string
  maxAttempts?: number
}

/** One configuration for every client: region, optional endpoint, retries and the user agent. */
export function clientConfig(settings: ClientSettings) {
  return {
    region: settings.region,
    endpoint: settings.endpointUrl,
    // standard: jittered exponential backoff per request. Not adaptive: its client-side rate limiter is shared
    // by every call of the client and, after a few throttles, holds a parallel sweep near 6 requests a second
    // however much AWS allows; AWS's own throttling is what should bind, and waits back off on their own.
    retryMode: 'standard',
    maxAttempts: settings.maxAttempts ?? 8,
    customUserAgent: USER_AGENT
  }
}

/** An emulator at endpoint-url has no per-bucket host names: address buckets in the path there. */
export function s3Config(config: ReturnType<typeof clientConfig>) {
  return { ...config, forcePathStyle: config.endpoint !== undefined }
}

const LOADERS: Record<Service, (config: ReturnType<typeof clientConfig>) => Promise<AwsClients[Service]>> = {
  cloudformation: async (c) => withCallContext(new (await import('@aws-sdk/client-cloudformation')).CloudFormationClient(c)),
  apigateway: async (c) => withCallContext(new (await import('@aws-sdk/client-api-gateway')).APIGatewayClient(c)),
  apigatewayv2: async (c) => withCallContext(new (await import('@aws-sdk/client-apigatewayv2')).ApiGatewayV2Client(c)),
  route53: async (c) => withCallContext(new (await import('@aws-sdk/client-route-53')).Route53Client(c)),
  // CloudFront is a global service: its API is in us-east-1 whatever the region of the stacks
  cloudfront: async (c) => withCallContext(new (await import('@aws-sdk/client-cloudfront')).CloudFrontClient({ ...c, region: c.endpoint ? c.region : 'us-east-1' })),
  elbv2: async (c) => withCallContext(new (await import('@aws-sdk/client-elastic-load-balancing-v2')).ElasticLoadBalancingV2Client(c)),
  autoscaling: async (c) => withCallContext(new (await import('@aws-sdk/client-auto-scaling')).AutoScalingClient(c)),
  cloudwatch: async (c) => withCallContext(new (await import('@aws-sdk/client-cloudwatch')).CloudWatchClient(c)),
  s3: async (c) => withCallContext(new (await import('@aws-sdk/client-s3')).S3Client(s3Config(c))),
  sts: async (c) => withCallContext(new (await import('@aws-sdk/client-sts')).STSClient(c))
}

/** A client whose SDK code is loaded at its first request: a phase that never calls the service never pays for it. */
function lazyClient<T extends AwsClients[Service]>(load: () => Promise<T>): T {
  let client: Promise<T> | undefined
  const send = (...args: unknown[]) => (client ??= load()).then((c) => (c.send as (...a: unknown[]) => Promise<unknown>)(...args))
  return { send } as unknown as T
}

/**
 * The SDK clients a mode uses, each loaded when first used: each client's code costs tens of milliseconds
 * of start-up, which the runner pays on every job. Asking for a client that is not the mode's is a bug, and
 * says so. The clients offer `send` only.
 */
export function loadClients(settings: ClientSettings, services: readonly Service[]): AwsClients {
  const config = clientConfig(settings)
  const clients = {} as AwsClients
  for (const service of Object.keys(LOADERS) as Service[]) {
    if (services.includes(service)) {
      Object.defineProperty(clients, service, { value: lazyClient(() => LOADERS[service](config)), enumerable: true })
    } else {
      Object.defineProperty(clients, service, {
        get: () => {
          throw new Error(`the ${service} client is not loaded for this mode (src/main.ts SERVICES)`)
        }
      })
    }
  }
  return clients
}
