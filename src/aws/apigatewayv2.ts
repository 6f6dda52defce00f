import {
  GetDomainNameCommand,
  CreateApiMappingCommand,
  GetApiCommand,
  GetApiMappingsCommand,
  GetDomainNamesCommand,
  GetStagesCommand,
  UpdateApiMappingCommand,
  type ApiGatewayV2Client
} from '@aws-sdk/client-apigatewayv2'
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
      page = await client.send(new GetApiMappingsCommand({ DomainName: domainName, NextToken: next }))
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
    await client.send(new GetDomainNameCommand({ DomainName: domainName }))
    return true
  } catch (err) {
    if (errorName(err) === 'NotFoundException') return false
    throw err
  }
}

/** Moves an existing API mapping to another API and stage in one call (UpdateApiMapping, never delete + create). */
export async function switchHttpMapping(client: ApiGatewayV2Client, current: HttpMapping, to: { apiId: string; stage?: string }): Promise<HttpMapping> {
  const out = await client.send(
    new UpdateApiMappingCommand({
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
  const out = await client.send(
    new CreateApiMappingCommand({ DomainName: m.domainName, ApiMappingKey: m.basePath, ApiId: m.apiId, Stage: m.stage ?? '$default' })
  )
  return { domainName: m.domainName, basePath: out.ApiMappingKey ?? m.basePath, apiId: out.ApiId!, stage: out.Stage, mappingId: out.ApiMappingId! }
}

/** The API's default invoke URL (https://<id>.execute-api.<region>.amazonaws.com), or undefined when the API is gone. */
export async function httpApiEndpoint(client: ApiGatewayV2Client, apiId: string): Promise<string | undefined> {
  try {
    return (await client.send(new GetApiCommand({ ApiId: apiId }))).ApiEndpoint
  } catch (err) {
    if (errorName(err) === 'NotFoundException') return undefined
    throw err
  }
}

export async function httpApiStages(client: ApiGatewayV2Client, apiId: string): Promise<string[]> {
  const names: string[] = []
  let next: string | undefined
  do {
    const page = await client.send(new GetStagesCommand({ ApiId: apiId, NextToken: next }))
    names.push(...(page.Items ?? []).map((s) => s.StageName!).filter(Boolean))
    next = page.NextToken
  } while (next)
  return names
}

/** Every HTTP (v2) custom domain name in the account and region, all pages. */
export async function listHttpDomainNames(client: ApiGatewayV2Client): Promise<string[]> {
  const names: string[] = []
  let next: string | undefined
  do {
    const page = await client.send(new GetDomainNamesCommand({ NextToken: next, MaxResults: '500' }))
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
      page = await client.send(new GetApiMappingsCommand({ DomainName: domainName, NextToken: next, MaxResults: '500' }))
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
