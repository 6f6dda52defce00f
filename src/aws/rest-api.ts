import type { APIGatewayClient } from '@aws-sdk/client-api-gateway'
import { apiGatewaySdk } from './sdk.js'
import { errorName } from '../errors.js'
import { executeApiUrl } from './execute-api.js'

/** One resource of a deployed REST API, with the HTTP methods it has. */
export interface DeployedResource {
  id: string
  path: string
  pathPart?: string
  parentId?: string
  methods: string[]
}

/** Every resource of a REST API (GetResources, 500 a page, with methods embedded). */
export async function getRestApiResources(apigw: APIGatewayClient, restApiId: string): Promise<DeployedResource[]> {
  const out: DeployedResource[] = []
  let position: string | undefined
  do {
    const page = await apigw.send(new (await apiGatewaySdk()).GetResourcesCommand({ restApiId, limit: 500, position, embed: ['methods'] }))
    for (const r of page.items ?? []) {
      out.push({
        id: r.id!,
        path: r.path!,
        pathPart: r.pathPart,
        parentId: r.parentId,
        methods: Object.keys(r.resourceMethods ?? {})
      })
    }
    position = page.position
  } while (position)
  return out
}

/** Whether a stage exists on the API: a base path mapping can only point at an existing stage. */
export async function stageExists(apigw: APIGatewayClient, restApiId: string, stageName: string): Promise<boolean> {
  try {
    await apigw.send(new (await apiGatewaySdk()).GetStageCommand({ restApiId, stageName }))
    return true
  } catch (err) {
    if (errorName(err) === 'NotFoundException') return false
    throw err
  }
}

export function invokeUrl(restApiId: string, region: string, stage: string): string {
  return executeApiUrl(restApiId, region, stage)
}
