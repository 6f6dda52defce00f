import { createHash } from 'node:crypto'

/** One API Gateway resource (a path) with the HTTP methods it answers. */
export interface RouteNode {
  path: string
  pathPart: string
  parentPath?: string
  methods: string[]
  /** The logical id (template) or resource id (deployed API) it came from. */
  source?: string
}

/** An API's routes by full path; '/' is the root. */
export type RouteTree = Map<string, RouteNode>

/** `{id}` and the greedy `{proxy+}`: API Gateway allows one of them among a resource's children. */
export function isVariable(pathPart: string): boolean {
  return /^\{[^}]+\}$/.test(pathPart)
}

export function joinPath(parentPath: string, pathPart: string): string {
  return parentPath === '/' ? `/${pathPart}` : `${parentPath}/${pathPart}`
}

export function routePaths(tree: RouteTree): string[] {
  return [...tree.keys()].sort()
}

/** A short, stable hash of the route structure (paths only): the same routes always give the same id. */
export function routeTreeHash(tree: RouteTree, salt = ''): string {
  const text = routePaths(tree).join('\n') + (salt ? `\n#${salt}` : '')
  return createHash('sha256').update(text).digest('hex').slice(0, 8)
}

export interface RouteDiff {
  added: string[]
  removed: string[]
  methodsAdded: string[]
  methodsRemoved: string[]
}

/** What changes between the deployed routes and the template's, as `METHOD /path` and `/path` lines. */
export function diffRoutes(deployed: RouteTree, template: RouteTree): RouteDiff {
  const added = routePaths(template).filter((p) => !deployed.has(p))
  const removed = routePaths(deployed).filter((p) => !template.has(p))
  const methodsAdded: string[] = []
  const methodsRemoved: string[] = []
  for (const [path, node] of template) {
    const before = deployed.get(path)?.methods ?? []
    for (const m of node.methods) if (!before.includes(m)) methodsAdded.push(`${m} ${path}`)
  }
  for (const [path, node] of deployed) {
    const after = template.get(path)?.methods ?? []
    for (const m of node.methods) if (!after.includes(m)) methodsRemoved.push(`${m} ${path}`)
  }
  return { added, removed, methodsAdded, methodsRemoved }
}

export function formatRoutes(tree: RouteTree): string[] {
  return routePaths(tree).map((p) => {
    const methods = tree.get(p)!.methods
    return methods.length ? `${p} (${[...methods].sort().join(', ')})` : p
  })
}
