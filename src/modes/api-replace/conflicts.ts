import { childrenOf } from './deployed-routes.js'
import { isVariable, joinPath, type RouteTree } from './route-tree.js'
import { resourcePaths, type ResourceDef, type TemplateApi } from './template-routes.js'

/**
 * Why an in-place update of the REST API would fail. CloudFormation creates a new or replaced resource
 * (a new logical id, or a changed PathPart or ParentId) BEFORE it deletes the old one in the cleanup phase,
 * so at creation time every deployed sibling still exists, and API Gateway refuses:
 * - a second variable path part among siblings ("A sibling ({id}) of this resource already has a variable
 *   path part -- only one is allowed"): a renamed variable, or a variable swapped for another kind;
 * - a sibling with the same path part ("Another resource with the same parent already has this name"):
 *   a resource moved to another parent where a sibling with its path remains, or re-created under a new
 *   logical id;
 * - a method that the resource already has ("Method already exists for this resource"): a method re-created
 *   under a new logical id.
 * A variable segment turned literal (or back) at the same place is also reported: API Gateway may accept the
 * update, but the replaced resource's children and methods are re-created around a changed route match while
 * the stage still serves the old deployment; replacing the whole API is the conservative answer (a new API
 * can never collide with the old one's routes).
 */
export type ConflictKind = 'variable-renamed' | 'variable-literal-swap' | 'moved-onto-existing' | 'path-recreated' | 'method-exists'

export interface Conflict {
  kind: ConflictKind
  /** The route the template wants (a path, or `METHOD /path`). */
  route: string
  /** The deployed route it collides with. */
  existing: string
  logicalId: string
  message: string
}

/** A template that API Gateway would refuse even on a new API: two variable siblings, or twice the same path. */
export interface TemplateRouteError {
  route: string
  message: string
}

export interface ConflictInput {
  /** The template about to be deployed, with the logical ids the stack has now. */
  next: TemplateApi
  /** The same API in the template the stack was last deployed with, when it could be read. */
  previous?: TemplateApi
  /** The deployed API's routes (GetResources): the siblings that exist when CloudFormation creates. */
  live: RouteTree
}

export interface ConflictReport {
  conflicts: Conflict[]
  /** 'logical-ids' when the deployed template was readable; 'paths' when resources were matched by path. */
  matchedBy: 'logical-ids' | 'paths'
  /** Template resources CloudFormation will create (new, or replaced because PathPart or ParentId changed). */
  created: string[]
}

function sameParent(a: ResourceDef, b: ResourceDef): boolean {
  if (a.parent.kind !== b.parent.kind) return false
  if (a.parent.kind === 'resource' && b.parent.kind === 'resource') return a.parent.logicalId === b.parent.logicalId
  if (a.parent.kind === 'external' && b.parent.kind === 'external') return a.parent.expression === b.parent.expression
  return true
}

/** Plays the update the way CloudFormation runs it and lists every create that API Gateway would refuse. */
export function detectConflicts({ next, previous, live }: ConflictInput): ConflictReport {
  const nextPaths = resourcePaths(next)
  const previousPaths = previous ? resourcePaths(previous) : new Map<string, string>()
  const kept = new Map<string, boolean>()
  const isKept = (id: string): boolean => {
    const known = kept.get(id)
    if (known !== undefined) return known
    kept.set(id, false) // a cycle is reported by resourcePaths; here it only must not recurse forever
    const def = next.resources.get(id)!
    let result: boolean
    if (previous) {
      const before = previous.resources.get(id)
      result = !!before && before.pathPart === def.pathPart && sameParent(def, before) && (def.parent.kind !== 'resource' || isKept(def.parent.logicalId))
    } else {
      result = live.has(nextPaths.get(id)!) && (def.parent.kind !== 'resource' || isKept(def.parent.logicalId))
    }
    kept.set(id, result)
    return result
  }
  const conflicts: Conflict[] = []
  const created: string[] = []
  for (const [id, def] of next.resources) {
    if (isKept(id)) continue
    created.push(id)
    const parentKept = def.parent.kind === 'root' || (def.parent.kind === 'resource' && isKept(def.parent.logicalId))
    if (!parentKept) continue // a new parent has no deployed children
    const parentPath = def.parent.kind === 'root' ? '/' : nextPaths.get((def.parent as { logicalId: string }).logicalId)!
    const route = joinPath(parentPath, def.pathPart)
    const movedFrom = previous && previousPaths.has(id) && previousPaths.get(id) !== route ? previousPaths.get(id) : undefined
    const swapped = swappedSegment(def, previous?.resources.get(id), parentPath, live, nextPaths)
    if (swapped) {
      conflicts.push({
        kind: 'variable-literal-swap',
        route,
        existing: swapped,
        logicalId: id,
        message: `${swapped} → ${route}: a ${isVariable(def.pathPart) ? 'literal segment becomes a path variable' : 'path variable becomes a literal segment'} at the same level; the API is replaced so no route of the old one can collide`
      })
    }
    for (const sibling of childrenOf(live, parentPath)) {
      if (sibling.pathPart === def.pathPart) {
        const moved = movedFrom !== undefined && previous!.resources.get(id)!.pathPart === def.pathPart
        conflicts.push({
          kind: moved ? 'moved-onto-existing' : 'path-recreated',
          route,
          existing: sibling.path,
          logicalId: id,
          message: moved
            ? `${id} moves from ${movedFrom} to ${route}, but the deployed ${sibling.path} still exists when CloudFormation creates it (Another resource with the same parent already has this name)`
            : `${route} is created again (${id}) while the deployed ${sibling.path} still exists (Another resource with the same parent already has this name)`
        })
      } else if (isVariable(sibling.pathPart) && isVariable(def.pathPart)) {
        conflicts.push({
          kind: 'variable-renamed',
          route,
          existing: sibling.path,
          logicalId: id,
          message: `${sibling.path} → ${route}: API Gateway allows one path variable per level, and ${sibling.pathPart} still exists when CloudFormation creates ${def.pathPart} (A sibling (${sibling.pathPart}) of this resource already has a variable path part -- only one is allowed)`
        })
      }
    }
  }
  for (const m of next.methods) {
    const onKept = m.resource === 'root' || (next.resources.has(m.resource) && isKept(m.resource))
    if (!onKept) continue
    const path = m.resource === 'root' ? '/' : nextPaths.get(m.resource)!
    const before = previous?.methods.find((p) => p.logicalId === m.logicalId)
    const methodKept = previous ? !!before && before.resource === m.resource && before.httpMethod === m.httpMethod : true
    if (methodKept) continue
    const verbs = live.get(path)?.methods ?? []
    if (verbs.includes(m.httpMethod)) {
      conflicts.push({
        kind: 'method-exists',
        route: `${m.httpMethod} ${path}`,
        existing: `${m.httpMethod} ${path}`,
        logicalId: m.logicalId,
        message: `${m.httpMethod} ${path} is created again (${m.logicalId}) while the deployed method still exists (Method already exists for this resource)`
      })
    }
  }
  return { conflicts, matchedBy: previous ? 'logical-ids' : 'paths', created }
}

/**
 * The deployed path whose segment changes between variable and literal at the same place: the same logical id
 * with the other kind of PathPart, or (without the deployed template) a deployed sibling of the other kind that
 * the template no longer has.
 */
function swappedSegment(def: ResourceDef, before: ResourceDef | undefined, parentPath: string, live: RouteTree, nextPaths: Map<string, string>): string | undefined {
  if (before) {
    return sameParent(def, before) && isVariable(before.pathPart) !== isVariable(def.pathPart) ? joinPath(parentPath, before.pathPart) : undefined
  }
  const kept = new Set(nextPaths.values())
  const gone = childrenOf(live, parentPath).find((s) => !kept.has(s.path) && isVariable(s.pathPart) !== isVariable(def.pathPart))
  return gone?.path
}

/** Sibling rules API Gateway enforces on any API, new or not: checked before anything is deployed. */
export function templateRouteErrors(api: TemplateApi): TemplateRouteError[] {
  const paths = resourcePaths(api)
  const byParent = new Map<string, { id: string; pathPart: string }[]>()
  for (const [id, def] of api.resources) {
    const parent = def.parent.kind === 'root' ? '/' : def.parent.kind === 'resource' ? paths.get(def.parent.logicalId)! : `<${def.parent.expression}>`
    byParent.set(parent, [...(byParent.get(parent) ?? []), { id, pathPart: def.pathPart }])
  }
  const errors: TemplateRouteError[] = []
  for (const [parent, children] of byParent) {
    const variables = children.filter((c) => isVariable(c.pathPart))
    if (variables.length > 1) {
      errors.push({
        route: joinPath(parent, variables.map((v) => v.pathPart).join('|')),
        message: `${parent} has ${variables.length} variable children (${variables.map((v) => `${v.id} ${v.pathPart}`).join(', ')}); API Gateway allows one`
      })
    }
    const seen = new Map<string, string>()
    for (const c of children) {
      const other = seen.get(c.pathPart)
      if (other) errors.push({ route: joinPath(parent, c.pathPart), message: `${joinPath(parent, c.pathPart)} is defined twice (${other} and ${c.id})` })
      seen.set(c.pathPart, c.id)
    }
  }
  return errors
}
