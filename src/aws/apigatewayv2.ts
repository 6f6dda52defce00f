import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { apiGatewayV2Sdk } from './sdk.js'
import { errorName } from '../errors.js'

/** Where an HTTP API (API Gateway v2) custom domain's API mapping key sends traffic. */
export interface HttpMapping {
  domainName: string
  /** The API mapping key; '' is the domain root. */
  basePath: string
  apiId: string
  stage?: string
  mappingId: string
}

/** The mapping of one key on the domain, or undefined when the key (or the domain) has none. */
export async function getHttpMapping(client: ApiGatewayV2Client, domainName: string, basePath: string): Promise<HttpMapping | undefined> {
  let next: string | undefined
  do {
    let page
    try {
      page = await client.send(new (await apiGatewayV2Sdk()).GetApiMappingsCommand({ DomainName: domainName, NextToken: next }))
    } catch (err) {
      if (errorName(err) === 'NotFoundException') return undefined
      throw err
    }
    const found = page.Items?.find((m) => (m.ApiMappingKey ?? '') === basePath)
    if (found) {
      return { domainName, basePath, apiId: found.ApiId!, stage: found.Stage, mappingId: found.ApiMappingId! }
    }
    next = page.NextToken
  } while (next)
  return undefined
}

/** Whether the v2 custom domain exists in this account and region. */
export async function httpDomainExists(client: ApiGatewayV2Client, domainName: string): Promise<boolean> {
  try {
    await client.send(new (await apiGatewayV2Sdk()).GetDomainNameCommand({ DomainName: domainName }))
    return true
  } catch (err) {
    if (errorName(err) === 'NotFoundException') return false
    throw err
  }
}

/** Moves an existing API mapping to another API and stage in one call (UpdateApiMapping, never delete + create). */
export async function switchHttpMapping(client: ApiGatewayV2Client, current: HttpMapping, to: { apiId: string; stage?: string }): Promise<HttpMapping> {
  const out = await client.send(
    new (await apiGatewayV2Sdk()).UpdateApiMappingCommand({
      DomainName: current.domainName,
      ApiMappingId: current.mappingId,
      ApiMappingKey: current.basePath,
      ApiId: to.apiId,
      Stage: to.stage ?? current.stage
    })
  )
  return { domainName: current.domainName, basePath: out.ApiMappingKey ?? current.basePath, apiId: out.ApiId!, stage: out.Stage, mappingId: out.ApiMappingId ?? current.mappingId }
}

export async function createHttpMapping(client: ApiGatewayV2Client, m: Omit<HttpMapping, 'mappingId'>): Promise<HttpMapping> {
  const out = await client.send(new (await apiGatewayV2Sdk()).CreateApiMappingCommand({ DomainName: m.domainName, ApiMappingKey: m.basePath, ApiId: m.apiId, Stage: m.stage ?? '$default' }))
  return { domainName: m.domainName, basePath: out.ApiMappingKey ?? m.basePath, apiId: out.ApiId!, stage: out.Stage, mappingId: out.ApiMappingId! }
}

/** The API's default invoke URL (https://<id>.execute-api.<region>.amazonaws.com), or undefined when the API is gone. */
export async function httpApiEndpoint(client: ApiGatewayV2Client, apiId: string): Promise<string | undefined> {
  try {
    return (await client.send(new (await apiGatewayV2Sdk()).GetApiCommand({ ApiId: apiId }))).ApiEndpoint
  } catch (err) {
    if (errorName(err) === 'NotFoundException') return undefined
    throw err
  }
}

export async function httpApiStages(client: ApiGatewayV2Client, apiId: string): Promise<string[]> {
  const names: string[] = []
  let next: string | undefined
  do {
    const page = await client.send(new (await apiGatewayV2Sdk()).GetStagesCommand({ ApiId: apiId, NextToken: next }))
    names.push(...(page.Items ?? []).map((s) => s.StageName!).filter(Boolean))
    next = page.NextToken
  } while (next)
  return names
}
