import { readFileSync } from 'node:fs'
import { parseTemplate } from '../../src/cloudformation/template.js'
import { detectConflicts, templateRouteErrors } from '../../src/modes/api-replace/conflicts.js'
import { deployedRouteTree } from '../../src/modes/api-replace/deployed-routes.js'
import { diffRoutes, routeTreeHash, type RouteTree } from '../../src/modes/api-replace/route-tree.js'
import { readTemplateApi, templateRouteTree, type TemplateApi } from '../../src/modes/api-replace/template-routes.js'

/** A template of one REST API `Api` from a compact list: logicalId: [parent logical id | '/', pathPart, methods...]. */
function api(resources: Record<string, [string, string, ...string[]]>, rootMethods: string[] = []) {
  const res: Record<string, unknown> = { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'x' } } }
  const method = (id: string, resourceId: unknown, verb: string, uri = 'http://backend.invalid') => {
    res[id] = {
      Type: 'AWS::ApiGateway::Method',
      Properties: { RestApiId: { Ref: 'Api' }, ResourceId: resourceId, HttpMethod: verb, AuthorizationType: 'NONE', Integration: { Type: 'HTTP_PROXY', IntegrationHttpMethod: verb, Uri: uri } }
    }
  }
  for (const [id, [parent, pathPart, ...verbs]] of Object.entries(resources)) {
    res[id] = {
      Type: 'AWS::ApiGateway::Resource',
      Properties: {
        RestApiId: { Ref: 'Api' },
        ParentId: parent === '/' ? { 'Fn::GetAtt': ['Api', 'RootResourceId'] } : { Ref: parent },
        PathPart: pathPart
      }
    }
    for (const v of verbs) method(`${id}${v}`, { Ref: id }, v)
  }
  for (const v of rootMethods) method(`Root${v}`, { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, v)
  return parseTemplate(JSON.stringify({ Resources: res }))
}

const read = (t: ReturnType<typeof api>): TemplateApi => readTemplateApi(t, 'Api', {})
/** The deployed API as GetResources would list it after deploying `t`. */
const liveOf = (t: ReturnType<typeof api>): RouteTree => templateRouteTree(read(t))

function compare(before: ReturnType<typeof api>, after: ReturnType<typeof api>, live = liveOf(before)) {
  return detectConflicts({ next: read(after), previous: read(before), live })
}

const v1 = api({ Posts: ['/', 'posts', 'GET'], Post: ['Posts', '{id}', 'GET'], Health: ['/', 'health', 'GET'] })

describe('route conflicts that make an in-place update fail', () => {
  it('a path variable renamed at the same level ({id} → {post_id})', () => {
    const report = compare(v1, api({ Posts: ['/', 'posts', 'GET'], Post: ['Posts', '{post_id}', 'GET'], Health: ['/', 'health', 'GET'] }))
    expect(report.conflicts).toEqual([expect.objectContaining({ kind: 'variable-renamed', existing: '/posts/{id}', route: '/posts/{post_id}', logicalId: 'Post' })])
    expect(report.conflicts[0].message).toContain('only one is allowed')
    expect(report.matchedBy).toBe('logical-ids')
  })

  it('a renamed variable under a new logical id, and a variable turned into a catch-all', () => {
    const renamedId = compare(v1, api({ Posts: ['/', 'posts', 'GET'], PostById: ['Posts', '{post_id}', 'GET'], Health: ['/', 'health', 'GET'] }))
    expect(renamedId.conflicts.map((c) => [c.kind, c.existing, c.route])).toEqual([['variable-renamed', '/posts/{id}', '/posts/{post_id}']])
    const greedy = compare(v1, api({ Posts: ['/', 'posts', 'GET'], Post: ['Posts', '{proxy+}', 'ANY'], Health: ['/', 'health', 'GET'] }))
    expect(greedy.conflicts.map((c) => [c.kind, c.existing, c.route])).toEqual([['variable-renamed', '/posts/{id}', '/posts/{proxy+}']])
  })

  it('a literal segment replaced by a variable while another variable sibling remains until cleanup', () => {
    const before = api({ Posts: ['/', 'posts'], Post: ['Posts', '{id}', 'GET'], Latest: ['Posts', 'latest', 'GET'] })
    // Post is removed and Latest becomes {slug}: Post's {id} is only deleted after Latest's {slug} is created.
    const after = api({ Posts: ['/', 'posts'], Latest: ['Posts', '{slug}', 'GET'] })
    const report = compare(before, after)
    expect(report.conflicts.map((c) => [c.kind, c.existing, c.route]).sort()).toEqual([
      ['variable-literal-swap', '/posts/latest', '/posts/{slug}'],
      ['variable-renamed', '/posts/{id}', '/posts/{slug}']
    ])
  })

  it('a variable and a literal segment swapped between two resources', () => {
    const before = api({ Posts: ['/', 'posts'], Post: ['Posts', '{id}', 'GET'], Latest: ['Posts', 'latest', 'GET'] })
    const after = api({ Posts: ['/', 'posts'], Post: ['Posts', 'latest', 'GET'], Latest: ['Posts', '{id}', 'GET'] })
    const report = compare(before, after)
    expect(report.conflicts.map((c) => [c.kind, c.existing, c.route]).sort()).toEqual([
      ['path-recreated', '/posts/latest', '/posts/latest'],
      ['path-recreated', '/posts/{id}', '/posts/{id}'],
      ['variable-literal-swap', '/posts/latest', '/posts/{id}'],
      ['variable-literal-swap', '/posts/{id}', '/posts/latest']
    ])
  })

  it('a resource moved to another parent while a sibling with its path remains', () => {
    const before = api({ V1: ['/', 'v1'], Items: ['V1', 'items', 'GET'], Legacy: ['/', 'items', 'GET'] })
    const after = api({ V1: ['/', 'v1'], Items: ['/', 'items', 'GET'] })
    const report = compare(before, after)
    expect(report.conflicts).toEqual([expect.objectContaining({ kind: 'moved-onto-existing', existing: '/items', route: '/items', logicalId: 'Items' })])
    expect(report.conflicts[0].message).toContain('moves from /v1/items to /items')
  })

  it('a resource re-created under a new logical id with the same path', () => {
    const report = compare(v1, api({ Posts: ['/', 'posts', 'GET'], Post: ['Posts', '{id}', 'GET'], HealthCheck: ['/', 'health', 'GET'] }))
    // Its methods go on the new resource, which has none yet: only the resource itself collides.
    expect(report.conflicts.map((c) => [c.kind, c.route])).toEqual([['path-recreated', '/health']])
  })

  it('a method re-created under a new logical id on a kept resource', () => {
    const before = api({ Posts: ['/', 'posts', 'GET'] })
    const after = parseTemplate(
      JSON.stringify(
        {
          Resources: { ...before.Resources, ListPosts: { ...before.Resources.PostsGET }, PostsGET: undefined }
        },
        (_k, v) => (v === undefined ? undefined : v)
      )
    )
    const report = compare(before, after)
    expect(report.conflicts).toEqual([expect.objectContaining({ kind: 'method-exists', route: 'GET /posts', logicalId: 'ListPosts' })])
  })

  it('a template resource that collides with a route created outside the stack', () => {
    const live = liveOf(v1)
    live.set('/admin', { path: '/admin', pathPart: 'admin', parentPath: '/', methods: ['GET'], source: 'manual1' })
    const report = compare(v1, api({ Posts: ['/', 'posts', 'GET'], Post: ['Posts', '{id}', 'GET'], Health: ['/', 'health', 'GET'], Admin: ['/', 'admin', 'GET'] }), live)
    expect(report.conflicts.map((c) => [c.kind, c.route])).toEqual([['path-recreated', '/admin']])
  })

  it('matches by path when the deployed template is not readable, and still finds the renamed variable', () => {
    const after = api({ Posts: ['/', 'posts', 'GET'], Post: ['Posts', '{post_id}', 'GET'], Health: ['/', 'health', 'GET'], Tags: ['/', 'tags', 'GET'] })
    const report = detectConflicts({ next: read(after), live: liveOf(v1) })
    expect(report.matchedBy).toBe('paths')
    expect(report.conflicts.map((c) => [c.kind, c.existing, c.route])).toEqual([['variable-renamed', '/posts/{id}', '/posts/{post_id}']])
  })
})

describe('compatible changes that must not trigger a replacement', () => {
  it('adding a route (also under a variable), adding a method, changing an integration', () => {
    const after = api(
      {
        Posts: ['/', 'posts', 'GET', 'POST'],
        Post: ['Posts', '{id}', 'GET', 'DELETE'],
        Comments: ['Post', 'comments', 'GET'],
        Health: ['/', 'health', 'GET'],
        Tags: ['/', 'tags', 'GET']
      },
      ['GET']
    )
    ;(after.Resources.HealthGET.Properties!.Integration as { Uri: string }).Uri = 'http://other-backend.invalid'
    const report = compare(v1, after)
    expect(report.conflicts).toEqual([])
    expect(report.created.sort()).toEqual(['Comments', 'Tags'])
  })

  it('a variable segment replaced by a literal one, and back, is replaced conservatively', () => {
    const toLiteral = compare(v1, api({ Posts: ['/', 'posts', 'GET'], Post: ['Posts', 'latest', 'GET'], Health: ['/', 'health', 'GET'] }))
    expect(toLiteral.created).toEqual(['Post'])
    expect(toLiteral.conflicts.map((c) => [c.kind, c.existing, c.route])).toEqual([['variable-literal-swap', '/posts/{id}', '/posts/latest']])
    expect(toLiteral.conflicts[0].message).toContain('path variable becomes a literal segment')
    const literal = api({ Posts: ['/', 'posts', 'GET'], Post: ['Posts', 'latest', 'GET'], Health: ['/', 'health', 'GET'] })
    const back = compare(literal, v1)
    expect(back.conflicts.map((c) => [c.kind, c.existing, c.route])).toEqual([['variable-literal-swap', '/posts/latest', '/posts/{id}']])
    // without the deployed template, matched by path
    const byPath = detectConflicts({ next: read(literal), live: liveOf(v1) })
    expect(byPath.matchedBy).toBe('paths')
    expect(byPath.conflicts.map((c) => [c.kind, c.existing, c.route])).toEqual([['variable-literal-swap', '/posts/{id}', '/posts/latest']])
  })

  it('removing routes, and renaming a variable under a parent that is itself re-created', () => {
    expect(compare(v1, api({ Posts: ['/', 'posts', 'GET'] })).conflicts).toEqual([])
    // /posts moves to /articles: its {id} child is created under the new parent, which has no deployed children.
    const report = compare(v1, api({ Posts: ['/', 'articles', 'GET'], Post: ['Posts', '{article_id}', 'GET'], Health: ['/', 'health', 'GET'] }))
    expect(report.conflicts).toEqual([])
    expect(report.created.sort()).toEqual(['Post', 'Posts'])
  })
})

describe('the sample app', () => {
  const sample = parseTemplate(readFileSync('examples/app/template.yaml', 'utf8'))
  const postId = parseTemplate(readFileSync('__tests__/fixtures/api-replace/app-post-id.yaml', 'utf8'))
  const compatible = parseTemplate(readFileSync('__tests__/fixtures/api-replace/app-compatible.yaml', 'utf8'))

  it('reads routes from ParentId/PathPart chains and methods', () => {
    expect([...templateRouteTree(read(sample)).values()].map((n) => [n.path, n.methods])).toEqual(
      expect.arrayContaining([
        ['/', []],
        ['/health', ['GET']],
        ['/posts', ['GET']],
        ['/posts/{id}', ['GET']]
      ])
    )
  })

  it('{id} → {post_id} conflicts; the compatible variant does not', () => {
    expect(detectConflicts({ next: read(postId), previous: read(sample), live: liveOf(sample) }).conflicts.map((c) => c.route)).toEqual(['/posts/{post_id}'])
    expect(detectConflicts({ next: read(compatible), previous: read(sample), live: liveOf(sample) }).conflicts).toEqual([])
    expect(diffRoutes(liveOf(sample), templateRouteTree(read(compatible)))).toEqual({
      added: ['/posts/{id}/comments'],
      removed: [],
      methodsAdded: ['POST /posts', 'GET /posts/{id}/comments'],
      methodsRemoved: []
    })
  })

  it('the route tree hash depends on the paths only, not on their order', () => {
    const tree = templateRouteTree(read(sample))
    const reversed: RouteTree = new Map([...tree.entries()].reverse())
    expect(routeTreeHash(reversed)).toBe(routeTreeHash(tree))
    expect(routeTreeHash(templateRouteTree(read(postId)))).not.toBe(routeTreeHash(tree))
    expect(routeTreeHash(tree)).toMatch(/^[0-9a-f]{8}$/)
  })
})

describe('template route errors (fail on any API, new or not)', () => {
  it('two variable siblings and a path defined twice', () => {
    const errors = templateRouteErrors(read(api({ Posts: ['/', 'posts'], A: ['Posts', '{id}'], B: ['Posts', '{slug}'], C: ['/', 'posts'] })))
    expect(errors.map((e) => e.message).sort()).toEqual(['/posts has 2 variable children (A {id}, B {slug}); API Gateway allows one', '/posts is defined twice (Posts and C)'])
  })
})

describe('deployed route tree', () => {
  it('builds paths and parents from GetResources items', () => {
    const tree = deployedRouteTree([
      { id: 'r', path: '/', methods: [] },
      { id: 'p', path: '/posts', pathPart: 'posts', parentId: 'r', methods: ['POST', 'GET'] },
      { id: 'i', path: '/posts/{id}', pathPart: '{id}', parentId: 'p', methods: [] }
    ])
    expect(tree.get('/posts/{id}')).toEqual({ path: '/posts/{id}', pathPart: '{id}', parentPath: '/posts', methods: [], source: 'i' })
    expect(tree.get('/posts')?.methods).toEqual(['GET', 'POST'])
  })

  it('reads the routes of an OpenAPI body', () => {
    const t = parseTemplate(
      JSON.stringify({
        Resources: {
          Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: { openapi: '3.0.1', paths: { '/posts/{id}': { get: {}, parameters: [] }, '/': { 'x-amazon-apigateway-any-method': {} } } } } }
        }
      })
    )
    const a = read(t)
    expect(a.definedBy).toBe('openapi-body')
    expect([...templateRouteTree(a).values()].map((n) => [n.path, n.methods])).toEqual([
      ['/', ['ANY']],
      ['/posts', []],
      ['/posts/{id}', ['GET']]
    ])
  })
})

describe('parents written as Sub or GetAtt in every form', () => {
  // The same routes as v1 with each ParentId/ResourceId written another way CloudFormation accepts.
  const SUB_PARENTS = `
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: x }
  Posts:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !Sub '\${Api.RootResourceId}', PathPart: posts }
  Post:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Sub '\${Api}', ParentId: !Sub '\${Posts}', PathPart: '{id}' }
  Health:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: { 'Fn::Sub': '\${Api.RootResourceId}' }, PathPart: health }
  Tags:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: { 'Fn::GetAtt': [Api, RootResourceId] }, PathPart: tags }
  Tag:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !Sub ['\${P}', { P: !Ref Tags }], PathPart: '{tag}' }
  Latest:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Posts.ResourceId, PathPart: latest }
  PostsGet:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !Sub '\${Posts}', HttpMethod: GET, AuthorizationType: NONE }
  PostGet:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !Ref Post, HttpMethod: GET, AuthorizationType: NONE }
  HealthGet:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !Sub '\${Health}', HttpMethod: GET, AuthorizationType: NONE }
  RootGet:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !Sub '\${Api.RootResourceId}', HttpMethod: GET, AuthorizationType: NONE }
`
  const subTemplate = parseTemplate(SUB_PARENTS, 'sub-parents.yaml')
  // What GetResources lists after deploying it (deployed ids, not logical ids).
  const live = deployedRouteTree([
    { id: 'r0', path: '/', methods: ['GET'] },
    { id: 'r1', parentId: 'r0', path: '/posts', pathPart: 'posts', methods: ['GET'] },
    { id: 'r2', parentId: 'r1', path: '/posts/{id}', pathPart: '{id}', methods: ['GET'] },
    { id: 'r3', parentId: 'r0', path: '/health', pathPart: 'health', methods: ['GET'] },
    { id: 'r4', parentId: 'r0', path: '/tags', pathPart: 'tags', methods: [] },
    { id: 'r5', parentId: 'r4', path: '/tags/{tag}', pathPart: '{tag}', methods: [] },
    { id: 'r6', parentId: 'r1', path: '/posts/latest', pathPart: 'latest', methods: [] }
  ])

  it('reads every form as the root or the named resource', () => {
    const tree = templateRouteTree(read(subTemplate))
    expect(formatTree(tree)).toEqual(['/ (GET)', '/health (GET)', '/posts (GET)', '/posts/latest', '/posts/{id} (GET)', '/tags', '/tags/{tag}'])
  })

  it('an unchanged template with Sub parents shows no route change and no conflict', () => {
    expect(diffRoutes(live, templateRouteTree(read(subTemplate)))).toEqual({ added: [], removed: [], methodsAdded: [], methodsRemoved: [] })
    expect(detectConflicts({ next: read(subTemplate), previous: read(subTemplate), live })).toEqual({ conflicts: [], matchedBy: 'logical-ids', created: [] })
    expect(detectConflicts({ next: read(subTemplate), live }).conflicts).toEqual([])
  })

  it('a resource re-created under a new logical id below a Sub parent is a conflict', () => {
    const renamed = parseTemplate(SUB_PARENTS.replace(/\bHealth\b/g, 'HealthCheck').replace(/\bHealthGet\b/g, 'HealthCheckGet'), 'renamed.yaml')
    expect(Object.keys(renamed.Resources)).toContain('HealthCheck')
    const report = detectConflicts({ next: read(renamed), previous: read(subTemplate), live })
    expect(report.created).toEqual(['HealthCheck'])
    expect(report.conflicts).toEqual([expect.objectContaining({ kind: 'path-recreated', route: '/health', existing: '/health', logicalId: 'HealthCheck' })])
    expect(report.conflicts[0].message).toContain('Another resource with the same parent already has this name')
  })

  it('a Sub naming something else stays a parent the action cannot see', () => {
    const other = parseTemplate(SUB_PARENTS.replace("ParentId: !Sub '${Posts}'", "ParentId: !Sub '${Posts}x'"), 'other.yaml')
    expect(read(other).resources.get('Post')!.parent).toEqual({ kind: 'external', expression: JSON.stringify({ 'Fn::Sub': '${Posts}x' }) })
  })
})

function formatTree(tree: RouteTree): string[] {
  return [...tree.values()].map((n) => (n.methods.length ? `${n.path} (${n.methods.join(', ')})` : n.path)).sort()
}
