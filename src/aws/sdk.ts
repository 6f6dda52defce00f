/**
 * The SDK packages whose commands the helpers send, loaded at a helper's first call as clients.ts loads the
 * clients: a run reaches its first request (CloudFormation's) without compiling the services it has not called
 * yet. import() caches the module, so each package loads once.
 */
export const apiGatewaySdk = () => import('@aws-sdk/client-api-gateway')
export const apiGatewayV2Sdk = () => import('@aws-sdk/client-apigatewayv2')
export const cloudWatchSdk = () => import('@aws-sdk/client-cloudwatch')
export const elbv2Sdk = () => import('@aws-sdk/client-elastic-load-balancing-v2')
export const autoScalingSdk = () => import('@aws-sdk/client-auto-scaling')
export const route53Sdk = () => import('@aws-sdk/client-route-53')
export const s3Sdk = () => import('@aws-sdk/client-s3')
export const stsSdk = () => import('@aws-sdk/client-sts')
export const cloudFrontSdk = () => import('@aws-sdk/client-cloudfront')
