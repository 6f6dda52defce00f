import type { APIGatewayClient } from '@aws-sdk/client-api-gateway'
import { apiGatewaySdk } from './sdk.js'
import { errorName } from '../errors.js'

/** Where a REST API custom domain's base path sends traffic. */
export interface RestMapping {
  domainName: string
  basePath: string
  restApiId: string
  stage?: string
}

/** API Gateway names the empty base path "(none)". */
export function basePathKey(basePath: string): string {
  return basePath === '' ? '(none)' : basePath
}

export async function getRestMapping(apigw: APIGatewayClient, domainName: string, basePath: string): Promise<RestMapping | undefined> {
  try {
    const m = await apigw.send(new (await apiGatewaySdk()).GetBasePathMappingCommand({ domainName, basePath: basePathKey(basePath) }))
    return { domainName, basePath, restApiId: m.restApiId!, stage: m.stage }
  } catch (err) {
    if (errorName(err) === 'NotFoundException') return undefined
    throw err
  }
}

/** Moves an existing mapping to another API and stage in one call: traffic never sees a missing mapping. */
export async function switchRestMapping(apigw: APIGatewayClient, to: RestMapping): Promise<RestMapping> {
  const ops = [{ op: 'replace' as const, path: '/restapiId', value: to.restApiId }]
  if (to.stage) ops.push({ op: 'replace' as const, path: '/stage', value: to.stage })
  const m = await apigw.send(new (await apiGatewaySdk()).UpdateBasePathMappingCommand({ domainName: to.domainName, basePath: basePathKey(to.basePath), patchOperations: ops }))
  return { domainName: to.domainName, basePath: to.basePath, restApiId: m.restApiId!, stage: m.stage }
}

export async function createRestMapping(apigw: APIGatewayClient, m: RestMapping): Promise<RestMapping> {
  const out = await apigw.send(new (await apiGatewaySdk()).CreateBasePathMappingCommand({ domainName: m.domainName, basePath: m.basePath, restApiId: m.restApiId, stage: m.stage }))
  return { domainName: m.domainName, basePath: m.basePath, restApiId: out.restApiId!, stage: out.stage }
}

/** The hostname that the domain's DNS record points at (regional or edge). */
export async function domainTarget(apigw: APIGatewayClient, domainName: string): Promise<string | undefined> {
  const d = await apigw.send(new (await apiGatewaySdk()).GetDomainNameCommand({ domainName }))
  return d.regionalDomainName ?? d.distributionDomainName
}

/** True when the id names a REST API (API Gateway v1); an HTTP API id answers NotFound here. */
/** Whether the REST (v1) custom domain exists in this account and region. */
export async function restDomainExists(apigw: APIGatewayClient, domainName: string): Promise<boolean> {
  try {
    await apigw.send(new (await apiGatewaySdk()).GetDomainNameCommand({ domainName }))
    return true
  } catch (err) {
    if (errorName(err) === 'NotFoundException') return false
    throw err
  }
}

export async function restApiExists(apigw: APIGatewayClient, restApiId: string): Promise<boolean> {
  try {
    await apigw.send(new (await apiGatewaySdk()).GetRestApiCommand({ restApiId }))
    return true
  } catch (err) {
    if (errorName(err) === 'NotFoundException') return false
    throw err
  }
}

export async function restApiStages(apigw: APIGatewayClient, restApiId: string): Promise<string[]> {
  const out = await apigw.send(new (await apiGatewaySdk()).GetStagesCommand({ restApiId }))
  return (out.item ?? []).map((s) => s.stageName!).filter(Boolean)
}
