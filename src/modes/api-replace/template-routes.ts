import type { Template } from '../../cloudformation/template.js'
import { DeployError } from '../../errors.js'
import { soleReference } from '../../cloudformation/references.js'
import { joinPath, type RouteTree } from './route-tree.js'

export const RESOURCE_TYPE = 'AWS::ApiGateway::Resource'
export const METHOD_TYPE = 'AWS::ApiGateway::Method'
export const REST_API_TYPE = 'AWS::ApiGateway::RestApi'

/** Where a resource hangs: the API's root, another resource of the template, or something we cannot see. */
export type ParentRef = { kind: 'root' } | { kind: 'resource'; logicalId: string } | { kind: 'external'; expression: string }

export interface ResourceDef {
  logicalId: string
  pathPart: string
  parent: ParentRef
}

export interface MethodDef {
  logicalId: string
  /** 'root' or the logical id of the resource the method is on. */
  resource: string
  httpMethod: string
}

/** One REST API of a template: its resources and methods by logical id. */
export interface TemplateApi {
  apiId: string
  resources: Map<string, ResourceDef>
  methods: MethodDef[]
  /** Routes that come from an OpenAPI definition (Body) instead of Resource/Method resources. */
  definedBy: 'resources' | 'openapi-body' | 'openapi-s3'
  bodyPaths: Record<string, string[]>
}

/** `!Ref Id`, or a Sub of `${Id}` alone: the physical id of the resource `Id`. */
export function isRefTo(value: unknown, id: string): boolean {
  const ref = soleReference(value)
  return ref !== undefined && ref.target === id && ref.attribute === undefined
}

/** A property value as text: literals as they are, a parameter Ref by its value, anything else as its expression. */
function evaluate(value: unknown, parameters: Record<string, string>): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  const ref = (value as { Ref?: unknown } | null)?.Ref
  if (typeof ref === 'string' && ref in parameters) return parameters[ref]
  return `<${JSON.stringify(value)}>`
}

/**
 * The resource a ParentId (or a method's ResourceId) names. The API's RootResourceId is the root; a resource
 * is named by `!Ref`, by its ResourceId attribute, or by the same inside a Sub (`!Sub '${RestApi.RootResourceId}'`).
 */
function parentOf(value: unknown, apiId: string, resourceIds: Set<string>): ParentRef {
  const ref = soleReference(value)
  if (ref?.target === apiId && ref.attribute === 'RootResourceId') return { kind: 'root' }
  if (ref && resourceIds.has(ref.target) && (ref.attribute === undefined || ref.attribute === 'ResourceId')) return { kind: 'resource', logicalId: ref.target }
  return { kind: 'external', expression: JSON.stringify(value) }
}

const OPENAPI_VERBS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method']

function openApiPaths(body: unknown): Record<string, string[]> {
  const paths = (body as { paths?: Record<string, Record<string, unknown>> } | null)?.paths ?? {}
  const out: Record<string, string[]> = {}
  for (const [path, ops] of Object.entries(paths)) {
    out[path] = Object.keys(ops ?? {})
      .filter((k) => OPENAPI_VERBS.includes(k.toLowerCase()))
      .map((k) => (k.toLowerCase() === 'x-amazon-apigateway-any-method' ? 'ANY' : k.toUpperCase()))
  }
  return out
}

/** Reads the REST API `apiId` of a template: resources whose RestApiId is `!Ref apiId`, and their methods. */
export function readTemplateApi(template: Template, apiId: string, parameters: Record<string, string>): TemplateApi {
  const api = template.Resources[apiId]
  if (!api || api.Type !== REST_API_TYPE) throw new DeployError(`${apiId} is not an ${REST_API_TYPE} of the template`)
  const ownIds = new Set(
    Object.entries(template.Resources)
      .filter(([, r]) => r.Type === RESOURCE_TYPE && isRefTo(r.Properties?.RestApiId, apiId))
      .map(([id]) => id)
  )
  const resources = new Map<string, ResourceDef>()
  for (const id of ownIds) {
    const props = template.Resources[id].Properties ?? {}
    resources.set(id, { logicalId: id, pathPart: evaluate(props.PathPart, parameters), parent: parentOf(props.ParentId, apiId, ownIds) })
  }
  const methods: MethodDef[] = []
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type !== METHOD_TYPE || !isRefTo(r.Properties?.RestApiId, apiId)) continue
    const parent = parentOf(r.Properties?.ResourceId, apiId, ownIds)
    const resource = parent.kind === 'root' ? 'root' : parent.kind === 'resource' ? parent.logicalId : `<${parent.expression}>`
    methods.push({ logicalId: id, resource, httpMethod: evaluate(r.Properties?.HttpMethod, parameters).toUpperCase() })
  }
  const props = api.Properties ?? {}
  const definedBy = props.Body !== undefined ? 'openapi-body' : props.BodyS3Location !== undefined ? 'openapi-s3' : 'resources'
  return { apiId, resources, methods, definedBy, bodyPaths: definedBy === 'openapi-body' ? openApiPaths(props.Body) : {} }
}

/** The full path of each resource, following ParentId chains up to the root. */
export function resourcePaths(api: TemplateApi): Map<string, string> {
  const paths = new Map<string, string>()
  const visit = (id: string, seen: string[]): string => {
    const known = paths.get(id)
    if (known) return known
    if (seen.includes(id)) throw new DeployError(`The template's API resources form a cycle: ${[...seen, id].join(' → ')}`)
    const def = api.resources.get(id)!
    const parentPath = def.parent.kind === 'root' ? '/' : def.parent.kind === 'resource' ? visit(def.parent.logicalId, [...seen, id]) : `<${def.parent.expression}>`
    const path = joinPath(parentPath, def.pathPart)
    paths.set(id, path)
    return path
  }
  for (const id of api.resources.keys()) visit(id, [])
  return paths
}

/** The template's routes: the root, every resource by full path, and the methods on each. */
export function templateRouteTree(api: TemplateApi): RouteTree {
  const tree: RouteTree = new Map()
  tree.set('/', { path: '/', pathPart: '', methods: [], source: api.apiId })
  if (api.definedBy === 'openapi-body') {
    for (const [path, verbs] of Object.entries(api.bodyPaths)) addOpenApiPath(tree, path, verbs)
    return tree
  }
  const paths = resourcePaths(api)
  for (const [id, path] of paths) {
    const def = api.resources.get(id)!
    const parentPath = def.parent.kind === 'root' ? '/' : def.parent.kind === 'resource' ? paths.get(def.parent.logicalId) : undefined
    tree.set(path, { path, pathPart: def.pathPart, parentPath, methods: [], source: id })
  }
  for (const m of api.methods) {
    const path = m.resource === 'root' ? '/' : paths.get(m.resource)
    const node = path ? tree.get(path) : undefined
    if (node && !node.methods.includes(m.httpMethod)) node.methods.push(m.httpMethod)
  }
  for (const node of tree.values()) node.methods.sort()
  return tree
}

function addOpenApiPath(tree: RouteTree, path: string, verbs: string[]): void {
  const parts = path.split('/').filter(Boolean)
  let parent = '/'
  for (const part of parts) {
    const full = joinPath(parent, part)
    if (!tree.has(full)) tree.set(full, { path: full, pathPart: part, parentPath: parent, methods: [] })
    parent = full
  }
  const node = tree.get(parent)!
  for (const v of verbs) if (!node.methods.includes(v)) node.methods.push(v)
  node.methods.sort()
}
