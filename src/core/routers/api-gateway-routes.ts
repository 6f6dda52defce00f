import { listHttpDomainNames, listHttpMappings, listRestDomainNames, listRestMappings } from '../../aws/custom-domains.js'
import type { Context } from '../../context.js'
import { stackResources } from '../../cloudformation/stack-resources.js'
import { DeployError } from '../../errors.js'
import { describeMapping, type DomainMapping } from './api-gateway.js'
import { apiResources, type ApiKind } from './api-gateway-environment.js'
import { mapBounded } from '../pool.js'

/** One way into an API from outside: a REST base path mapping or an HTTP API mapping of a custom domain. */
export type Route = Omit<DomainMapping, 'mappingId'>

/** Where the front door is read: one domain (every base path of it), or every custom domain of the region. */
export interface FrontDoorScope {
  domainName?: string
  type: ApiKind | 'auto'
}

/** Domains read at once when the whole region is read. */
const DOMAIN_READS = 4
/** Nested stacks below an environment that are searched for APIs. */
const NESTING_DEPTH = 5

export function describeScope(scope: FrontDoorScope, region: string): string {
  return scope.domainName ? `every base path of ${scope.domainName}` : `every REST and HTTP API custom domain in ${region}`
}

/** Every route of one custom domain: all its base path mappings and API mappings, not only base-path. */
export async function routesOfDomain(ctx: Context, domainName: string, type: ApiKind | 'auto'): Promise<Route[]> {
  const routes: Route[] = []
  // the v1 and v2 listings are independent reads of one domain: asked together
  const [rest, http] = await Promise.all([type !== 'http' ? listRestMappings(ctx.clients.apigateway, domainName) : [], type !== 'rest' ? listHttpMappings(ctx.clients.apigatewayv2, domainName) : []])
  for (const m of rest) routes.push({ kind: 'rest', domainName, basePath: m.basePath, apiId: m.restApiId, stage: m.stage })
  for (const m of http) {
    // v1 and v2 read the same domain: a mapping seen by both is one route
    if (!routes.some((r) => r.basePath === m.basePath && r.apiId === m.apiId)) routes.push({ kind: 'http', domainName, basePath: m.basePath, apiId: m.apiId, stage: m.stage })
  }
  return routes
}

/** Every route of every REST and HTTP API custom domain in the region. */
export async function routesInRegion(ctx: Context): Promise<Route[]> {
  const names = new Set([...(await listRestDomainNames(ctx.clients.apigateway)), ...(await listHttpDomainNames(ctx.clients.apigatewayv2))].map((d) => d.toLowerCase()))
  const read = await mapBounded([...names], DOMAIN_READS, (d) => routesOfDomain(ctx, d, 'auto'))
  return read.flatMap((r) => {
    if (!r.ok) throw r.error
    return r.value
  })
}

export function readFrontDoor(ctx: Context, scope: FrontDoorScope): Promise<Route[]> {
  return scope.domainName ? routesOfDomain(ctx, scope.domainName, scope.type) : routesInRegion(ctx)
}

/** The ids of every API the stack creates, its nested stacks' included. */
export async function stackApiIds(ctx: Context, stackNameOrId: string, depth = NESTING_DEPTH): Promise<string[]> {
  const resources = await stackResources(ctx.clients.cloudformation, stackNameOrId)
  const ids = apiResources(resources).map((a) => a.apiId)
  if (depth === 0) return ids
  for (const nested of resources) {
    if (nested.ResourceType === 'AWS::CloudFormation::Stack' && nested.PhysicalResourceId) ids.push(...(await stackApiIds(ctx, nested.PhysicalResourceId, depth - 1)))
  }
  return ids
}

/** The routes that send traffic to any API of the stack. */
export function routesToApis(routes: Route[], apiIds: string[]): Route[] {
  return routes.filter((r) => apiIds.includes(r.apiId))
}

export function describeRoutes(routes: Route[]): string {
  return routes.map((r) => `${describeMapping(r)} → ${r.kind} API ${r.apiId}`).join(', ')
}

/** Refuses to change a stack that any front door routes to, naming the domain and base path of each route. */
export function refuseLive(stackName: string, routes: Route[], consequence: string, nextSteps: string): void {
  if (routes.length === 0) return
  throw new DeployError(`${stackName} is the live environment (${describeRoutes(routes)} ${routes.length === 1 ? 'maps' : 'map'} to it): ${consequence}`, undefined, nextSteps)
}
