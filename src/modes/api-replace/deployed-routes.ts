import type { DeployedResource } from '../../aws/rest-api.js'
import type { RouteTree } from './route-tree.js'

/** The deployed API's routes, from GetResources. */
export function deployedRouteTree(resources: DeployedResource[]): RouteTree {
  const byId = new Map(resources.map((r) => [r.id, r]))
  const tree: RouteTree = new Map()
  for (const r of resources) {
    const parent = r.parentId ? byId.get(r.parentId) : undefined
    tree.set(r.path, {
      path: r.path,
      pathPart: r.pathPart ?? '',
      parentPath: parent?.path,
      methods: [...r.methods].sort(),
      source: r.id
    })
  }
  return tree
}

/** The paths of the children of one deployed path, with their path parts. */
export function childrenOf(tree: RouteTree, parentPath: string): { path: string; pathPart: string }[] {
  return [...tree.values()].filter((n) => n.parentPath === parentPath).map((n) => ({ path: n.path, pathPart: n.pathPart }))
}
