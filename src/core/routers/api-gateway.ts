import { createRestMapping, getRestMapping, restApiExists, restDomainExists, switchRestMapping } from '../../aws/apigateway.js'
import { createHttpMapping, getHttpMapping, httpDomainExists, switchHttpMapping } from '../../aws/apigatewayv2.js'
import type { Context } from '../../context.js'
import { DeployError, errorName } from '../../errors.js'
import type { EnvironmentStack } from '../environments.js'
import type { DoorOf } from '../inputs.js'
import { findOwnerStack, type Owner } from '../owner.js'
import type { LiveHint, Offer, Router, RoutesTo, StackView } from '../router.js'
import { describeScope, readFrontDoor, routesToApis, stackApiIds, type Route } from './api-gateway-routes.js'
import { liveApiLogicalId, offerApi, type ApiKind, type MappingTarget } from './api-gateway-environment.js'

export type { ApiKind, MappingTarget } from './api-gateway-environment.js'

/** The custom domain's route to one API and stage: what decides which environment is live. */
export interface DomainMapping {
  kind: ApiKind
  domainName: string
  basePath: string
  apiId: string
  stage?: string
  /** API Gateway v2 mappings are addressed by id. */
  mappingId?: string
}

export function describeMapping(m: { domainName: string; basePath: string }): string {
  return `${m.domainName}/${m.basePath === '' ? '(root)' : m.basePath}`
}

export function domainUrl(domainName: string, basePath: string): string {
  return `https://${domainName}${basePath === '' ? '' : `/${basePath}`}`
}

/**
 * Reads the mapping of domain + base path. With `auto`, a REST base path mapping is taken when its target
 * is a REST API; otherwise the HTTP API (v2) mappings are read.
 */
export async function readMapping(ctx: Context, domainName: string, basePath: string, type: ApiKind | 'auto'): Promise<DomainMapping | undefined> {
  if (type !== 'http') {
    const rest = await getRestMapping(ctx.clients.apigateway, domainName, basePath).catch((err) => {
      // v1 refuses keys it cannot express (multi-level API mapping keys exist only in v2)
      if (type === 'auto' && errorName(err) === 'BadRequestException') return undefined
      throw err
    })
    if (rest && (type === 'rest' || (await restApiExists(ctx.clients.apigateway, rest.restApiId)))) {
      return { kind: 'rest', domainName, basePath, apiId: rest.restApiId, stage: rest.stage }
    }
    if (type === 'rest') {
      await assertDomainExists(ctx, domainName, type)
      return undefined
    }
  }
  const http = await getHttpMapping(ctx.clients.apigatewayv2, domainName, basePath)
  if (http) return { kind: 'http', domainName, basePath, apiId: http.apiId, stage: http.stage, mappingId: http.mappingId }
  await assertDomainExists(ctx, domainName, type)
  return undefined
}

/** No mapping can also mean no such domain: say so, rather than fail later creating a mapping on it. */
async function assertDomainExists(ctx: Context, domainName: string, type: ApiKind | 'auto'): Promise<void> {
  if (type !== 'http' && (await restDomainExists(ctx.clients.apigateway, domainName))) return
  if (type !== 'rest' && (await httpDomainExists(ctx.clients.apigatewayv2, domainName))) return
  throw new DeployError(
    `The custom domain ${domainName} does not exist in API Gateway in this account and region`,
    undefined,
    'Create the custom domain (with its certificate) once, outside the environment stacks, or check domain-name and region.'
  )
}

/**
 * Points the domain at the target in one update call (an existing mapping is never deleted and re-created,
 * so the domain never answers 403 in between); creates the mapping when there is none yet.
 */
export async function moveMapping(ctx: Context, current: DomainMapping | undefined, domainName: string, basePath: string, to: MappingTarget): Promise<DomainMapping> {
  if (current && current.kind !== to.kind) {
    throw new DeployError(
      `The domain ${describeMapping(current)} is mapped with API Gateway ${current.kind === 'rest' ? 'v1 (REST)' : 'v2 (HTTP)'} but the new environment's API is ${to.kind === 'rest' ? 'a REST API' : 'an HTTP API'}`,
      undefined,
      'Keep the same API type across environments, or move the domain by hand once.'
    )
  }
  if (to.kind === 'rest') {
    const m = current
      ? await switchRestMapping(ctx.clients.apigateway, { domainName, basePath, restApiId: to.apiId, stage: to.stage })
      : await createRestMapping(ctx.clients.apigateway, { domainName, basePath, restApiId: to.apiId, stage: to.stage })
    return { kind: 'rest', domainName, basePath, apiId: m.restApiId, stage: m.stage }
  }
  const m = current
    ? await switchHttpMapping(ctx.clients.apigatewayv2, { domainName, basePath, apiId: current.apiId, stage: current.stage, mappingId: current.mappingId! }, to)
    : await createHttpMapping(ctx.clients.apigatewayv2, { domainName, basePath, apiId: to.apiId, stage: to.stage })
  return { kind: 'http', domainName, basePath, apiId: m.apiId, stage: m.stage, mappingId: m.mappingId }
}

export function sameTarget(a: { apiId: string; stage?: string } | undefined, b: { apiId: string; stage?: string } | undefined): boolean {
  if (!a || !b) return a === b
  return a.apiId === b.apiId && (a.stage ?? '') === (b.stage ?? '')
}

function targetText(m: MappingTarget | undefined): string {
  return m ? `API ${m.apiId} stage ${m.stage ?? '-'}` : 'nothing (no mapping)'
}

/**
 * The first Router: one custom domain + base path of API Gateway, REST (v1) or HTTP (v2). Without
 * domain-name (deploy and destroy may omit it) it only answers routesTo, from every custom domain of the region.
 */
export class ApiGatewayRouter implements Router<MappingTarget, DomainMapping> {
  readonly kind = 'api-gateway'
  readonly services = ['apigateway', 'apigatewayv2'] as const
  readonly targetNoun = 'API'
  readonly namedBy = 'domain-name, base-path'
  readonly idOutput = 'rest-api-id'
  readonly doorNoun = 'The domain'
  readonly verb = 'maps to'
  readonly pastVerb = 'mapped to'
  readonly nothingYet = 'has no mapping yet'
  readonly where: string
  readonly url: string
  readonly lockKey: { scope: string; path: string }
  /** Every route of the domain (or of the region), read once per run unless asked fresh: a sweep asks for each preview. */
  private routes?: Promise<Route[]>

  constructor(
    private readonly ctx: Context,
    readonly door: DoorOf<'api-gateway'>,
    private readonly region: string
  ) {
    const domainName = door.domainName ?? ''
    this.where = door.domainName ? describeMapping({ domainName, basePath: door.basePath }) : `every custom domain of ${region}`
    this.url = door.domainName ? domainUrl(domainName, door.basePath) : ''
    this.lockKey = { scope: domainName, path: door.basePath }
  }

  private domain(): { domainName: string; basePath: string } {
    if (!this.door.domainName) throw new DeployError('This phase needs domain-name')
    return { domainName: this.door.domainName, basePath: this.door.basePath }
  }

  read(like?: MappingTarget): Promise<DomainMapping | undefined> {
    const { domainName, basePath } = this.domain()
    return readMapping(this.ctx, domainName, basePath, like?.kind ?? this.door.domainApiType)
  }

  async routesTo(stackNameOrId: string, opts: { fresh?: boolean } = {}): Promise<RoutesTo> {
    const fresh = opts.fresh ?? true
    const { domainName, basePath, domainApiType } = this.door
    const found: RoutesTo = { scope: domainName ? `base path of ${domainName}` : `custom domain of ${this.region}`, routes: [] }
    const apiIds = await stackApiIds(this.ctx, stackNameOrId)
    if (apiIds.length === 0) return found
    if (fresh || !this.routes) {
      this.ctx.log.info(`Reading ${describeScope({ domainName, type: domainApiType }, this.region)} for the stacks it routes to.`)
      this.routes = readFrontDoor(this.ctx, { domainName, type: domainApiType })
    }
    for (const r of routesToApis(await this.routes, apiIds)) {
      found.routes.push({ where: describeMapping(r), reaches: `API ${r.apiId}`, kind: r.kind, isFrontDoor: r.domainName === domainName && r.basePath === basePath })
    }
    return found
  }

  async offer(env: StackView, live: LiveHint<DomainMapping>): Promise<Offer<MappingTarget>> {
    const { reading, stackName } = live
    const logicalId = reading && stackName ? () => liveApiLogicalId(this.ctx, stackName, reading.apiId) : undefined
    return offerApi(this.ctx, env, this.region, { logicalId, stage: reading?.stage })
  }

  findOwner(reading: DomainMapping, candidates: () => Promise<EnvironmentStack[]>, baseName: string): Promise<Owner | undefined> {
    return findOwnerStack(this.ctx, reading.apiId, baseName, candidates)
  }

  ownerKey(target: MappingTarget): string {
    return target.apiId
  }

  write(current: DomainMapping | undefined, to: MappingTarget): Promise<DomainMapping> {
    const { domainName, basePath } = this.domain()
    return moveMapping(this.ctx, current, domainName, basePath, to)
  }

  same(a: MappingTarget | undefined, b: MappingTarget | undefined): boolean {
    return sameTarget(a, b)
  }

  describe(target: MappingTarget | undefined): string {
    return targetText(target)
  }

  describeLive(m: DomainMapping, form: 'id' | 'log' | 'error' = 'id'): string {
    const stage = m.stage ?? '-'
    return `${m.kind} API ${m.apiId}${form === 'log' ? ` stage ${stage}` : form === 'error' ? ` (stage ${stage})` : ''}`
  }
}
