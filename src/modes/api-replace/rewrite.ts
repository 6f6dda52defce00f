import type { Template } from '../../cloudformation/template.js'
import { DeployError } from '../../errors.js'
import { conditionHolds } from '../../cloudformation/conditions.js'
import { conditionsUsedIn, findReferences, referencedIds, renameLogicalIds, type Reference } from '../../cloudformation/references.js'
import { isRefTo, REST_API_TYPE } from './template-routes.js'

/**
 * Resources that live inside one REST API: when the API is replaced they must be created again inside the
 * new one, so they are renamed with it. A Lambda permission whose SourceArn names the API is renamed too,
 * so the old API keeps its permission while it still serves. Base path mappings and API mappings are NOT
 * renamed: a mapping that keeps its logical id is updated in place (RestApiId is "No interruption"), while
 * a renamed one would be created beside the old one on the same base path and fail.
 */
export const API_SCOPED_TYPES = [
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::Model',
  'AWS::ApiGateway::RequestValidator',
  'AWS::ApiGateway::GatewayResponse',
  'AWS::ApiGateway::DocumentationPart',
  'AWS::ApiGateway::DocumentationVersion',
  'AWS::Lambda::Permission'
]

export const MAPPING_TYPES = ['AWS::ApiGateway::BasePathMapping', 'AWS::ApiGateway::BasePathMappingV2', 'AWS::ApiGatewayV2::ApiMapping']

/** The REST API and every resource that lives inside it, by logical id. */
export function apiScope(template: Template, apiId: string): string[] {
  const scope = new Set([apiId])
  for (let grew = true; grew;) {
    grew = false
    for (const [id, r] of Object.entries(template.Resources)) {
      if (scope.has(id) || !API_SCOPED_TYPES.includes(r.Type)) continue
      if ([...referencedIds(r.Properties ?? {})].some((t) => scope.has(t))) {
        scope.add(id)
        grew = true
      }
    }
  }
  return [...scope]
}

/** The REST API the mode works on: the one named by rest-api-logical-id, or the template's only one. */
export function chooseRestApi(template: Template, wanted?: string): string {
  const apis = Object.entries(template.Resources)
    .filter(([, r]) => r.Type === REST_API_TYPE)
    .map(([id]) => id)
  if (wanted) {
    if (!apis.includes(wanted)) {
      throw new DeployError(
        `The template has no ${REST_API_TYPE} named ${wanted} (rest-api-logical-id)`,
        undefined,
        apis.length ? `Set rest-api-logical-id to one of: ${apis.join(', ')}.` : 'api-replace needs a template with an AWS::ApiGateway::RestApi.'
      )
    }
    return wanted
  }
  if (apis.length === 1) return apis[0]
  throw new DeployError(
    apis.length === 0 ? `The template has no ${REST_API_TYPE}` : `The template has ${apis.length} REST APIs (${apis.join(', ')})`,
    undefined,
    apis.length === 0 ? 'api-replace replaces a REST API; use it with a template that defines one.' : 'Set rest-api-logical-id to the one to replace.'
  )
}

const SUFFIX = /^[0-9a-f]{8}$/

/** The suffix a deployed logical id carries for the template's id: '' for the plain id, undefined for another id. */
export function suffixOf(deployedId: string, templateId: string): string | undefined {
  if (deployedId === templateId) return ''
  if (deployedId.startsWith(templateId) && SUFFIX.test(deployedId.slice(templateId.length))) return deployedId.slice(templateId.length)
  return undefined
}

export interface RewriteResult {
  template: Template
  apiLogicalId: string
  /** Template logical id → logical id deployed. Empty when the suffix is ''. */
  renames: Map<string, string>
}

/** The template with the API and everything inside it carrying `suffix` (the route tree hash) in their logical ids. */
export function rewriteWithSuffix(template: Template, apiId: string, suffix: string): RewriteResult {
  const renames = new Map<string, string>()
  if (suffix !== '') for (const id of apiScope(template, apiId)) renames.set(id, `${id}${suffix}`)
  for (const to of renames.values()) {
    if (template.Resources[to]) throw new DeployError(`Cannot rename ${apiId}'s resources: the template already has a resource named ${to}`)
  }
  const rewritten = renames.size ? renameLogicalIds(template, renames) : template
  const left = leftoverReferences(rewritten, [...renames.keys()])
  if (left.length) {
    throw new DeployError(`The rewritten template still refers to ${left.map((r) => `${r.target} (${r.via} at ${r.at})`).join(', ')}`)
  }
  return { template: rewritten, apiLogicalId: renames.get(apiId) ?? apiId, renames }
}

/** References to any of `ids` that a template still makes. */
export function leftoverReferences(template: Template, ids: string[]): Reference[] {
  const set = new Set(ids)
  return findReferences(template).filter((r) => set.has(r.target))
}

/**
 * The template of the first phase when the custom domain is mapped outside the stack: the final template
 * plus the previous API and everything inside it, unchanged under their deployed logical ids. CloudFormation
 * then creates the new API beside the old one and leaves the old one serving.
 */
export function withPreviousApi(final: Template, deployed: Template, deployedApiId: string): { template: Template; kept: string[] } {
  const kept = apiScope(deployed, deployedApiId)
  const resources = { ...final.Resources }
  for (const id of kept) {
    if (resources[id]) throw new DeployError(`Cannot keep the previous API's ${id}: the new template also has a resource named ${id}`)
    resources[id] = deployed.Resources[id]
  }
  const template: Template = { ...final, Resources: resources }
  const known = new Set([...Object.keys(resources), ...Object.keys(final.Parameters ?? {})])
  const conditions = new Set(Object.keys(final.Conditions ?? {}))
  const missing: string[] = []
  for (const id of kept) {
    const r = resources[id]
    const deps = typeof r.DependsOn === 'string' ? [r.DependsOn] : (r.DependsOn ?? [])
    for (const target of [...referencedIds(r.Properties ?? {}), ...deps]) {
      if (!target.startsWith('AWS::') && !known.has(target)) missing.push(`${id} → ${target}`)
    }
    const used = new Set<string>([...(r.Condition ? [r.Condition] : []), ...conditionsUsedIn(r.Properties ?? {})])
    for (const c of used) if (!conditions.has(c)) missing.push(`${id} → condition ${c}`)
  }
  if (missing.length) {
    throw new DeployError(
      'The previous API cannot be kept serving while the new one is created: it uses things the new template removed',
      missing.join(', '),
      'Keep those resources, parameters or conditions for one more deploy, or manage the base path mapping in the template (it then moves with a single update).'
    )
  }
  return { template, kept }
}

/**
 * Mappings in the template that point at the API and that the deploy creates for sure (a Condition that is
 * false, or that cannot be evaluated, does not count): they move with the update, no extra step needed.
 */
export function templateMappings(template: Template, apiId: string, parameters: Record<string, string> = {}): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => MAPPING_TYPES.includes(r.Type) && [...referencedIds(r.Properties ?? {})].includes(apiId))
    .filter(([, r]) => r.Condition === undefined || conditionHolds({ template, parameters, pseudo: {} }, r.Condition) === true)
    .map(([id]) => id)
}

/** Stage names the template gives the API: Deployment StageName and Stage resources. */
export function templateStages(template: Template, apiId: string): string[] {
  const stages: string[] = []
  for (const r of Object.values(template.Resources)) {
    const props = r.Properties ?? {}
    const ownsApi = isRefTo(props.RestApiId, apiId)
    if (!ownsApi) continue
    if ((r.Type === 'AWS::ApiGateway::Deployment' || r.Type === 'AWS::ApiGateway::Stage') && typeof props.StageName === 'string') {
      if (!stages.includes(props.StageName)) stages.push(props.StageName)
    }
  }
  return stages
}

/**
 * Deployments of the API that do not wait for any of its methods. On a new API CloudFormation may create
 * them first, and API Gateway refuses a deployment of an API without methods ("The REST API doesn't contain
 * any methods"): a replacement always starts from a new API, so this is worth a warning.
 */
export function deploymentsWithoutMethods(template: Template, apiId: string): string[] {
  const methods = new Set(
    Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::ApiGateway::Method' && isRefTo(r.Properties?.RestApiId, apiId))
      .map(([id]) => id)
  )
  if (methods.size === 0) return []
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::ApiGateway::Deployment' && isRefTo(r.Properties?.RestApiId, apiId))
    .filter(([, r]) => {
      const deps = typeof r.DependsOn === 'string' ? [r.DependsOn] : (r.DependsOn ?? [])
      return !deps.some((d) => methods.has(d)) && ![...referencedIds(r.Properties ?? {})].some((t) => methods.has(t))
    })
    .map(([id]) => id)
}
