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
import { withCallContext } from './call-context.js'
import { clientConfig, s3Config, type AwsClients, type ClientSettings } from './clients.js'

/** Every client at once, synchronously: for tests and tools; the action loads only its mode's (loadClients). */
export function createClients(settings: ClientSettings): AwsClients {
  const config = clientConfig(settings)
  return {
    cloudformation: withCallContext(new CloudFormationClient(config)),
    apigateway: withCallContext(new APIGatewayClient(config)),
    apigatewayv2: withCallContext(new ApiGatewayV2Client(config)),
    route53: withCallContext(new Route53Client(config)),
    cloudfront: withCallContext(new CloudFrontClient({ ...config, region: config.endpoint ? config.region : 'us-east-1' })),
    elbv2: withCallContext(new ElasticLoadBalancingV2Client(config)),
    autoscaling: withCallContext(new AutoScalingClient(config)),
    cloudwatch: withCallContext(new CloudWatchClient(config)),
    s3: withCallContext(new S3Client(s3Config(config))),
    sts: withCallContext(new STSClient(config))
  }
}
