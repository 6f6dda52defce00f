/**
 * "What is live" and "what is ours" where moto cannot show it, with aws-sdk-client-mock answer sequences
 * that follow AWS's documented behaviour: ListStackResources pages by 100 and DescribeStackResources stops
 * at 100; DescribeStackResources by PhysicalResourceId answers with the (nested) stack that holds the
 * resource, whose RootId names the top-level stack; GetDomainNames / GetBasePathMappings page by
 * `position`, the v2 listings by NextToken; ListStacks lists deleted stacks and DescribeStacks reads one by id.
 */
import { mockClient } from 'aws-sdk-client-mock'
import { APIGatewayClient, GetBasePathMappingCommand, GetBasePathMappingsCommand, GetDomainNamesCommand, GetRestApiCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway'
import { ApiGatewayV2Client, GetApiMappingsCommand, GetDomainNamesCommand as GetHttpDomainNamesCommand } from '@aws-sdk/client-apigatewayv2'
import { CloudFormationClient, DescribeStackResourcesCommand, DescribeStacksCommand, ListStackResourcesCommand, ListStacksCommand, type StackResourceSummary } from '@aws-sdk/client-cloudformation'
import { createClients } from '../../src/aws/all-clients.js'
import { stackResources } from '../../src/cloudformation/stack-resources.js'
import { ownershipOf } from '../../src/core/environments.js'
import { routesInRegion, stackApiIds } from '../../src/core/routers/api-gateway-routes.js'
import { GitHubTracker } from '../../src/core/github.js'
import { promotionThatMadeLive } from '../../src/core/history.js'
import { lockTags } from '../../src/core/lock-holder.js'
import { lockStackName } from '../../src/core/lock.js'
import { findOwnerStack } from '../../src/core/owner.js'
import { environmentsOf, peekLive, readLive, routerOf, routesTo, type Phase } from '../../src/core/phase.js'
import { SwitchSummary } from '../../src/core/summary.js'
import { testContext } from '../support/context.js'
import { extraEnvInputs, PUSH_RUN, apiGatewayRouter } from '../support/extra-env.js'

const cfn = mockClient(CloudFormationClient)
const v1 = mockClient(APIGatewayClient)
const v2 = mockClient(ApiGatewayV2Client)
const clients = createClients({ region: 'us-east-1', maxAttempts: 1 })

const arn = (name: string) => `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/1`
const summary = (logical: string, type: string, physical: string): StackResourceSummary => ({
  LogicalResourceId: logical,
  ResourceType: type,
  PhysicalResourceId: physical,
  ResourceStatus: 'CREATE_COMPLETE',
  LastUpdatedTimestamp: new Date('2026-01-01T00:00:00Z')
})
const stack = (name: string, extra: Record<string, unknown> = {}, tags: Record<string, string> = {}) => ({
  StackName: name,
  StackId: arn(name),
  StackStatus: 'CREATE_COMPLETE' as const,
  CreationTime: new Date('2026-01-01T00:00:00Z'),
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  ...extra
})
function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } })
}

/** A stack of `count` resources whose RestApi is the last one, answered as AWS does: 100 a page. */
function bigStack(name: string, count: number, apiId: string): StackResourceSummary[] {
  const all = Array.from({ length: count - 1 }, (_, i) => summary(`Queue${i}`, 'AWS::SQS::Queue', `q${i}`))
  all.push(summary('Api', 'AWS::ApiGateway::RestApi', apiId))
  cfn.on(ListStackResourcesCommand, { StackName: name }).callsFake(async (input) => {
    const from = Number(input.NextToken ?? 0)
    return { StackResourceSummaries: all.slice(from, from + 100), NextToken: from + 100 < all.length ? String(from + 100) : undefined }
  })
  // DescribeStackResources stops at 100 resources on AWS
  cfn.on(DescribeStackResourcesCommand, { StackName: name }).resolves({
    StackResources: all.slice(0, 100).map((r) => ({ ...r, StackName: name, Timestamp: r.LastUpdatedTimestamp! }))
  })
  return all
}

function phaseOf(values: Record<string, string>, ctx = testContext(clients)): Phase {
  const inputs = extraEnvInputs({ mode: 'extra-env', 'stack-name': 'app', ...values })
  return { ctx, inputs, router: apiGatewayRouter(ctx, inputs), run: PUSH_RUN, summary: new SwitchSummary(), github: new GitHubTracker(ctx, PUSH_RUN) }
}

beforeEach(() => {
  cfn.reset()
  v1.reset()
  v2.reset()
})

describe('stack resources: every page of ListStackResources (DescribeStackResources stops at 100 on AWS)', () => {
  it('reads all 250 resources of a stack, so the API after the 100th is found', async () => {
    bigStack('app-blue', 250, 'late-api')
    const resources = await stackResources(clients.cloudformation, 'app-blue')
    expect(resources).toHaveLength(250)
    expect(await stackApiIds(testContext(clients), 'app-blue')).toEqual(['late-api'])
    expect(cfn.commandCalls(ListStackResourcesCommand)).toHaveLength(6) // 3 pages, each time
    expect(cfn.commandCalls(DescribeStackResourcesCommand)).toHaveLength(0)
  })

  it("promote's last look before deleting blue sees a route to blue's API beyond the 100th resource", async () => {
    bigStack('app-blue', 150, 'blue-api')
    v1.on(GetBasePathMappingsCommand).resolves({
      items: [
        { basePath: '(none)', restApiId: 'green-api', stage: 'prod' },
        { basePath: 'v1', restApiId: 'blue-api', stage: 'prod' }
      ]
    })
    v2.on(GetApiMappingsCommand).resolves({ Items: [] })
    const p = phaseOf({ phase: 'promote', extra: 'green', 'domain-name': 'api.example.com' })
    const routes = await routesTo(p, 'app-blue', { fresh: true })
    expect(routes.routes).toEqual([{ where: 'api.example.com/v1', reaches: 'API blue-api', kind: 'rest', isFrontDoor: false }])
    // the core asks the router: another base path of the domain (not the front door itself) reaches blue
    expect(await routerOf(p).routesTo('app-blue')).toEqual({
      scope: 'base path of api.example.com',
      routes: [{ where: 'api.example.com/v1', reaches: 'API blue-api', kind: 'rest', isFrontDoor: false }]
    })
  })

  it('the router finds no route into a stack without an API, without reading the domain', async () => {
    cfn.on(ListStackResourcesCommand, { StackName: 'app-blue' }).resolves({ StackResourceSummaries: [summary('Queue', 'AWS::SQS::Queue', 'q')] })
    const p = phaseOf({ phase: 'promote', extra: 'green', 'domain-name': 'api.example.com' })
    expect(await routerOf(p).routesTo('app-blue')).toEqual({ scope: 'base path of api.example.com', routes: [] })
    expect(v1.commandCalls(GetBasePathMappingsCommand)).toHaveLength(0)
  })
})

describe('the owner of a live API is its root stack', () => {
  it('resolves an API created by a nested stack (found by physical id) to the environment that nests it', async () => {
    const nested = 'app-blue-ApiStack-1ABC'
    cfn.on(DescribeStackResourcesCommand, { PhysicalResourceId: 'nested-api' }).resolves({
      StackResources: [
        {
          StackName: nested,
          StackId: arn(nested),
          LogicalResourceId: 'Api',
          ResourceType: 'AWS::ApiGateway::RestApi',
          PhysicalResourceId: 'nested-api',
          ResourceStatus: 'CREATE_COMPLETE',
          Timestamp: new Date()
        }
      ]
    })
    cfn.on(DescribeStacksCommand, { StackName: arn(nested) }).resolves({ Stacks: [stack(nested, { RootId: arn('app-blue'), ParentId: arn('app-blue') })] })
    cfn.on(DescribeStacksCommand, { StackName: arn('app-blue') }).resolves({ Stacks: [stack('app-blue', { RootId: undefined }, { 'bluegreen:stack': 'app' })] })
    const ctx = testContext(clients)
    expect(await findOwnerStack(ctx, 'nested-api', 'app', async () => [])).toEqual({ stackName: 'app-blue', via: 'physical-id' })
    expect(ctx.log.text()).toContain(`API's stack ${nested} is nested in app-blue`)
  })

  it('finds an API of a nested stack when it has to look through the environments (no physical-id lookup)', async () => {
    cfn.on(DescribeStackResourcesCommand, { PhysicalResourceId: 'nested-api' }).rejects(awsError('ValidationError', 'Stack with id None does not exist'))
    cfn.on(ListStackResourcesCommand, { StackName: 'app-blue' }).resolves({ StackResourceSummaries: [summary('ApiStack', 'AWS::CloudFormation::Stack', arn('app-blue-ApiStack-1ABC'))] })
    cfn.on(ListStackResourcesCommand, { StackName: arn('app-blue-ApiStack-1ABC') }).resolves({ StackResourceSummaries: [summary('Api', 'AWS::ApiGateway::RestApi', 'nested-api')] })
    const env = { stackName: 'app-blue', stackId: arn('app-blue'), status: 'CREATE_COMPLETE', createdAt: 0, tagged: true, ownership: 'ours' as const, outputs: {} }
    expect(await findOwnerStack(testContext(clients), 'nested-api', 'app', async () => [env])).toEqual({ stackName: 'app-blue', via: 'stack-scan' })
  })

  it('a stack named with the prefix but tagged for another app is not ours; untagged is made before the action', () => {
    const tagged = (name: string, value?: string) => ({ StackName: name, Tags: value ? [{ Key: 'bluegreen:stack', Value: value }] : [] })
    expect(ownershipOf(tagged('app-green', 'app'), 'app')).toBe('ours')
    expect(ownershipOf(tagged('app', 'app'), 'app')).toBe('ours')
    expect(ownershipOf(tagged('app-api-live', 'app-api'), 'app')).toBe('another app')
    expect(ownershipOf(tagged('app-api-pr-1', 'app-api'), 'app')).toBe('another app')
    expect(ownershipOf(tagged('renamed', 'app'), 'app')).toBe('another app')
    expect(ownershipOf(tagged('app'), 'app')).toBe('untagged')
    expect(ownershipOf(tagged('app-legacy'), 'app')).toBe('untagged')
    expect(ownershipOf(tagged('legacy'), 'app')).toBe('another app')
  })
})

describe('without domain-name, every custom domain of the region is read', () => {
  it('pages through REST and HTTP domain names and reads every mapping of each', async () => {
    v1.on(GetDomainNamesCommand)
      .resolvesOnce({ items: [{ domainName: 'a.example.com' }], position: 'p2' })
      .resolvesOnce({ items: [{ domainName: 'b.example.com' }] })
    v2.on(GetHttpDomainNamesCommand).resolves({ Items: [{ DomainName: 'b.example.com' }, { DomainName: 'c.example.com' }] })
    v1.on(GetBasePathMappingsCommand, { domainName: 'a.example.com' })
      .resolvesOnce({ items: [{ basePath: '(none)', restApiId: 'r1', stage: 'prod' }], position: 'x' })
      .resolvesOnce({ items: [{ basePath: 'v2', restApiId: 'r2', stage: 'prod' }] })
    v1.on(GetBasePathMappingsCommand, { domainName: 'b.example.com' }).resolves({ items: [] })
    v1.on(GetBasePathMappingsCommand, { domainName: 'c.example.com' }).rejects(awsError('NotFoundException', 'Invalid domain name identifier specified'))
    v2.on(GetApiMappingsCommand, { DomainName: 'a.example.com' }).resolves({ Items: [{ ApiId: 'r1', ApiMappingId: 'm0', ApiMappingKey: '', Stage: 'prod' }] })
    v2.on(GetApiMappingsCommand, { DomainName: 'b.example.com' }).resolves({ Items: [{ ApiId: 'h1', ApiMappingId: 'm1', ApiMappingKey: 'orders', Stage: '$default' }] })
    v2.on(GetApiMappingsCommand, { DomainName: 'c.example.com' }).resolves({ Items: [{ ApiId: 'h2', ApiMappingId: 'm2', ApiMappingKey: '', Stage: '$default' }] })
    const routes = await routesInRegion(testContext(clients))
    expect(routes.map((r) => `${r.domainName}/${r.basePath} ${r.apiId}`).sort()).toEqual(['a.example.com/ r1', 'a.example.com/v2 r2', 'b.example.com/orders h1', 'c.example.com/ h2'])
  })

  it('destroy finds the stack live through an HTTP API of its nested stack on any domain', async () => {
    cfn.on(ListStackResourcesCommand, { StackName: 'app-pr-1' }).resolves({ StackResourceSummaries: [summary('Http', 'AWS::CloudFormation::Stack', arn('app-pr-1-Http-9'))] })
    cfn.on(ListStackResourcesCommand, { StackName: arn('app-pr-1-Http-9') }).resolves({ StackResourceSummaries: [summary('HttpApi', 'AWS::ApiGatewayV2::Api', 'h9')] })
    v1.on(GetDomainNamesCommand).resolves({ items: [] })
    v2.on(GetHttpDomainNamesCommand).resolves({ Items: [{ DomainName: 'shop.example.com' }] })
    v1.on(GetBasePathMappingsCommand).resolves({ items: [] })
    v2.on(GetApiMappingsCommand).resolves({ Items: [{ ApiId: 'h9', ApiMappingId: 'm9', ApiMappingKey: 'v1', Stage: '$default' }] })
    const p = phaseOf({ phase: 'destroy', extra: 'pr-1' })
    expect((await routesTo(p, 'app-pr-1')).routes).toEqual([{ where: 'shop.example.com/v1', reaches: 'API h9', kind: 'http', isFrontDoor: false }])
    // a second question in the same run does not read the front door again
    await routesTo(p, 'app-pr-1')
    expect(v2.commandCalls(GetHttpDomainNamesCommand)).toHaveLength(1)
  })
})

describe('discovery reads the environment listing at most once per run', () => {
  it('peek before the lock, read after it and the race check ask DescribeStacks for the listing once (no physical-id lookup)', async () => {
    cfn.on(DescribeStackResourcesCommand).rejects(awsError('ValidationError', 'Stack with id None does not exist'))
    cfn.on(DescribeStacksCommand).callsFake(async (input) => {
      if (input.StackName) return { Stacks: [stack(input.StackName, {}, { 'bluegreen:stack': 'app' })] }
      return input.NextToken ? { Stacks: [stack('app-blue', {}, { 'bluegreen:stack': 'app' })] } : { Stacks: [stack('other')], NextToken: 'n' }
    })
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [summary('Api', 'AWS::ApiGateway::RestApi', 'blue-api')] })
    v1.on(GetBasePathMappingCommand).resolves({ basePath: '(none)', restApiId: 'blue-api', stage: 'prod' })
    v1.on(GetRestApiCommand).resolves({ id: 'blue-api' })
    const p = phaseOf({ phase: 'promote', extra: 'green', 'domain-name': 'api.example.com' })
    expect((await peekLive(p)).stackName).toBe('app-blue')
    expect((await readLive(p)).stackName).toBe('app-blue')
    await environmentsOf(p)
    const listings = cfn.commandCalls(DescribeStacksCommand).filter((c) => !c.args[0].input.StackName)
    expect(listings).toHaveLength(2) // the two pages of one listing
  })
})

describe("a promotion looks the live target's owner up once (peek before the lock, read after it)", () => {
  function world(mappedTo: () => string) {
    cfn.on(DescribeStackResourcesCommand).rejects(awsError('ValidationError', 'Stack with id None does not exist'))
    cfn.on(DescribeStacksCommand).callsFake(async (input) => {
      if (input.StackName) return { Stacks: [stack(input.StackName, {}, { 'bluegreen:stack': 'app' })] }
      return { Stacks: [stack('app-blue', {}, { 'bluegreen:stack': 'app' }), stack('app-other', {}, { 'bluegreen:stack': 'app' })] }
    })
    cfn.on(ListStackResourcesCommand, { StackName: 'app-blue' }).resolves({ StackResourceSummaries: [summary('Api', 'AWS::ApiGateway::RestApi', 'blue-api')] })
    cfn.on(ListStackResourcesCommand, { StackName: 'app-other' }).resolves({ StackResourceSummaries: [summary('Api', 'AWS::ApiGateway::RestApi', 'other-api')] })
    v1.on(GetBasePathMappingCommand).callsFake(async () => ({ basePath: '(none)', restApiId: mappedTo(), stage: 'prod' }))
    v1.on(GetRestApiCommand).callsFake(async (input) => ({ id: input.restApiId }))
  }
  const promotion = () => {
    const ctx = testContext(clients)
    return { p: phaseOf({ phase: 'promote', extra: 'green', 'domain-name': 'api.example.com' }, ctx), log: ctx.log }
  }

  it('the same target after the lock: the front door is read again, the owner is not looked up again, its stack is read again', async () => {
    world(() => 'blue-api')
    const { p, log } = promotion()
    p.peeked = await peekLive(p)
    const lookups = { byId: cfn.commandCalls(DescribeStackResourcesCommand).length, scans: cfn.commandCalls(ListStackResourcesCommand).length }
    expect(lookups.byId).toBe(1)
    const live = await readLive(p)
    expect(live.stackName).toBe('app-blue')
    expect(live.stack?.StackName).toBe('app-blue')
    // the reading after the lock is the one that counts: the mapping was read twice
    expect(v1.commandCalls(GetBasePathMappingCommand)).toHaveLength(2)
    // one owner lookup per promotion: by physical id once, one scan of the candidates, one listing
    expect(cfn.commandCalls(DescribeStackResourcesCommand)).toHaveLength(lookups.byId)
    expect(cfn.commandCalls(ListStackResourcesCommand)).toHaveLength(lookups.scans)
    expect(cfn.commandCalls(DescribeStacksCommand).filter((c) => !c.args[0].input.StackName)).toHaveLength(1)
    // the owner's tags and status are read under the lock
    expect(cfn.commandCalls(DescribeStacksCommand).filter((c) => c.args[0].input.StackName === 'app-blue')).toHaveLength(1)
    // the API's kind is known from the peek (the same API id): GetRestApi is not asked again
    expect(v1.commandCalls(GetRestApiCommand)).toHaveLength(1)
    expect(log.text()).toContain('as before the lock: its owner app-blue is not looked up again')
  })

  it('another target after the lock: its owner is looked up anew (the promotion then refuses: the domain moved)', async () => {
    let api = 'blue-api'
    world(() => api)
    const { p, log } = promotion()
    p.peeked = await peekLive(p)
    expect(p.peeked.stackName).toBe('app-blue')
    api = 'other-api'
    const live = await readLive(p)
    expect(live.stackName).toBe('app-other')
    expect(cfn.commandCalls(DescribeStackResourcesCommand)).toHaveLength(2)
    expect(log.text()).not.toContain('is not looked up again')
  })
})

describe("green's API: the live stack is read only when green has several", () => {
  const view = (name: string) => ({ stackName: name, stackId: arn(name), stack: stack(name) as never, outputs: {} })
  const live = { reading: { kind: 'rest' as const, domainName: 'api.example.com', basePath: '', apiId: 'blue-main', stage: 'prod' }, stackName: 'app-blue' }
  beforeEach(() => {
    v1.on(GetStagesCommand).resolves({ item: [{ stageName: 'prod' }] })
    cfn.on(ListStackResourcesCommand, { StackName: 'app-blue' }).resolves({
      StackResourceSummaries: [summary('Admin', 'AWS::ApiGateway::RestApi', 'blue-admin'), summary('Main', 'AWS::ApiGateway::RestApi', 'blue-main')]
    })
  })

  it('one API: offered without a read of the live stack', async () => {
    cfn.on(ListStackResourcesCommand, { StackName: 'app-green' }).resolves({ StackResourceSummaries: [summary('Main', 'AWS::ApiGateway::RestApi', 'green-main')] })
    const p = phaseOf({ phase: 'promote', extra: 'green', 'domain-name': 'api.example.com' })
    const offer = await routerOf(p).offer(view('app-green'), live)
    expect(offer.target).toMatchObject({ apiId: 'green-main', stage: 'prod' })
    expect(cfn.commandCalls(ListStackResourcesCommand).map((c) => c.args[0].input.StackName)).toEqual(['app-green'])
  })

  it('several APIs: the one with the logical id of the API the domain maps to in the live stack', async () => {
    cfn.on(ListStackResourcesCommand, { StackName: 'app-green' }).resolves({
      StackResourceSummaries: [summary('Main', 'AWS::ApiGateway::RestApi', 'green-main'), summary('Admin', 'AWS::ApiGateway::RestApi', 'green-admin')]
    })
    const p = phaseOf({ phase: 'promote', extra: 'green', 'domain-name': 'api.example.com' })
    const offer = await routerOf(p).offer(view('app-green'), live)
    expect(offer.target).toMatchObject({ apiId: 'green-main', stage: 'prod' })
    expect(cfn.commandCalls(ListStackResourcesCommand).map((c) => c.args[0].input.StackName)).toEqual(['app-green', 'app-blue'])
  })
})

describe('rollback: the stack live before the last promotion, from the domain lock history', () => {
  const LOCK = lockStackName('api.example.com', '')
  const holder = { repository: 'acme/app', runId: '1', attempt: 1 }
  const lock = (n: number, from: string | undefined, to: string | undefined) => ({
    ...stack(LOCK, { StackId: `${arn(LOCK)}-${n}`, StackStatus: 'DELETE_COMPLETE', DeletionTime: new Date(Date.UTC(2026, 0, n)) }),
    Tags: lockTags('api.example.com/(root)', holder, 'promote', Date.UTC(2026, 0, n), Date.UTC(2026, 0, n) + 3_600_000, { from, to })
  })

  it('takes the newest released lock whose promotion made the live stack live, skipping one that was switched back', async () => {
    const locks = [lock(1, undefined, 'app-blue'), lock(2, 'app-blue', 'app-green'), lock(3, 'app-green', 'app-pr-9')]
    // AWS: ListStacks pages, deleted stacks of every name; the newest promotion (to app-pr-9) failed verification
    cfn.on(ListStacksCommand).callsFake(async (input) =>
      input.NextToken
        ? { StackSummaries: locks.slice(1).map(toSummary) }
        : {
            StackSummaries: [
              { StackName: 'app-pr-1', StackId: arn('app-pr-1'), StackStatus: 'DELETE_COMPLETE', CreationTime: new Date(), DeletionTime: new Date() },
              ...locks.slice(0, 1).map(toSummary)
            ],
            NextToken: 'n'
          }
    )
    cfn.on(DescribeStacksCommand).callsFake(async (input) => ({ Stacks: locks.filter((l) => l.StackId === input.StackName) }))
    const found = await promotionThatMadeLive(testContext(clients), 'api.example.com', '', 'app-green')
    expect(found).toMatchObject({ from: 'app-blue', to: 'app-green' })
    // released locks whose delete still runs count too: a run does not wait for its lock's delete
    expect(cfn.commandCalls(ListStacksCommand)[0].args[0].input.StackStatusFilter).toEqual(['DELETE_COMPLETE', 'DELETE_IN_PROGRESS'])
    expect(await promotionThatMadeLive(testContext(clients), 'api.example.com', '', 'app-pr-1')).toBeUndefined()
  })

  it('finds the last promotion in a lock still being deleted, under the lock’s second name, before older ones', async () => {
    const second = `${LOCK}-2`
    const locks = [
      lock(1, 'app-pr-9', 'app-green'),
      { ...lock(2, 'app-green', 'app-blue'), StackName: second, StackId: `${arn(second)}-2`, StackStatus: 'DELETE_IN_PROGRESS', DeletionTime: undefined }
    ]
    cfn.on(ListStacksCommand).resolves({ StackSummaries: locks.map(toSummary) })
    cfn.on(DescribeStacksCommand).callsFake(async (input) => ({ Stacks: locks.filter((l) => l.StackId === input.StackName) }))
    expect(await promotionThatMadeLive(testContext(clients), 'api.example.com', '', 'app-blue')).toMatchObject({ from: 'app-green', to: 'app-blue' })
  })
})

function toSummary(s: { StackName: string; StackId: string; StackStatus: string; CreationTime: Date; DeletionTime?: Date }) {
  return { StackName: s.StackName, StackId: s.StackId, StackStatus: 'DELETE_COMPLETE' as const, CreationTime: s.CreationTime, DeletionTime: s.DeletionTime }
}
