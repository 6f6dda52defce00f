import type { APIGatewayClient } from '@aws-sdk/client-api-gateway'
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { apiGatewaySdk, apiGatewayV2Sdk } from './sdk.js'
import { errorName } from '../errors.js'
import type { RestMapping } from './apigateway.js'
import type { HttpMapping } from './apigatewayv2.js'

// Every custom domain and every mapping of one, REST (v1) and HTTP (v2): what finds a live stack by itself.

/** Every REST (v1) custom domain name in the account and region, all pages. */
export async function listRestDomainNames(apigw: APIGatewayClient): Promise<string[]> {
  const names: string[] = []
  let position: string | undefined
  do {
    const page = await apigw.send(new (await apiGatewaySdk()).GetDomainNamesCommand({ position, limit: 500 }))
    for (const d of page.items ?? []) if (d.domainName) names.push(d.domainName)
    position = page.position
  } while (position)
  return names
}

/** Every base path mapping of a REST custom domain, all pages; [] when the domain does not exist. */
export async function listRestMappings(apigw: APIGatewayClient, domainName: string): Promise<RestMapping[]> {
  const out: RestMapping[] = []
  let position: string | undefined
  do {
    let page
    try {
      page = await apigw.send(new (await apiGatewaySdk()).GetBasePathMappingsCommand({ domainName, position, limit: 500 }))
    } catch (err) {
      if (errorName(err) === 'NotFoundException') return out
      throw err
    }
    for (const m of page.items ?? []) {
      if (m.restApiId) out.push({ domainName, basePath: m.basePath === '(none)' || !m.basePath ? '' : m.basePath, restApiId: m.restApiId, stage: m.stage })
    }
    position = page.position
  } while (position)
  return out
}

/** Every HTTP (v2) custom domain name in the account and region, all pages. */
export async function listHttpDomainNames(client: ApiGatewayV2Client): Promise<string[]> {
  const names: string[] = []
  let next: string | undefined
  do {
    const page = await client.send(new (await apiGatewayV2Sdk()).GetDomainNamesCommand({ NextToken: next, MaxResults: '500' }))
    for (const d of page.Items ?? []) if (d.DomainName) names.push(d.DomainName)
    next = page.NextToken
  } while (next)
  return names
}

/** Every API mapping of a v2 custom domain, all pages; [] when the domain does not exist. */
export async function listHttpMappings(client: ApiGatewayV2Client, domainName: string): Promise<HttpMapping[]> {
  const out: HttpMapping[] = []
  let next: string | undefined
  do {
    let page
    try {
      page = await client.send(new (await apiGatewayV2Sdk()).GetApiMappingsCommand({ DomainName: domainName, NextToken: next, MaxResults: '500' }))
    } catch (err) {
      if (errorName(err) === 'NotFoundException') return out
      throw err
    }
    for (const m of page.Items ?? []) {
      if (m.ApiId && m.ApiMappingId) out.push({ domainName, basePath: m.ApiMappingKey ?? '', apiId: m.ApiId, stage: m.Stage, mappingId: m.ApiMappingId })
    }
    next = page.NextToken
  } while (next)
  return out
}
