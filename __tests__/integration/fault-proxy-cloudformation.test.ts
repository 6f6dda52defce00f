import { DeleteStackCommand, DescribeStackEventsCommand, ExecuteChangeSetCommand, UpdateStackCommand, type CloudFormationClient, type DescribeStacksOutput } from '@aws-sdk/client-cloudformation'
import { CreateDomainNameCommand, CreateRestApiCommand } from '@aws-sdk/client-api-gateway'
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand } from '@aws-sdk/client-route-53'
import { createRestMapping, getRestMapping, switchRestMapping } from '../../src/aws/apigateway.js'
import { createChangeSet } from '../../src/cloudformation/change-set.js'
import { deleteStack } from '../../src/cloudformation/delete.js'
import { deployStack } from '../../src/cloudformation/deploy.js'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { systemClock } from '../../src/clock.js'
import { templateResources } from '../../scripts/fault-proxy/slow-cloudformation.mjs'
import { testContext } from '../support/context.js'
import { proxyClients, useFaultProxy } from '../support/fault-proxy.js'
import { useMoto } from '../support/moto.js'
import type { AwsClients } from '../../src/aws/clients.js'

const env = useMoto()
const fp = useFaultProxy(() => env.url)

const queues = (suffix = '') =>
  JSON.stringify({
    Resources: Object.fromEntries(['Orders', 'Invoices', 'Emails'].map((n) => [n, { Type: 'AWS::SQS::Queue', Properties: { QueueName: `${n.toLowerCase()}${suffix}` } }])),
    Outputs: { OrdersArn: { Value: { 'Fn::GetAtt': ['Orders', 'Arn'] } } }
  })
const request = (body: string) => ({ stackName: 'slow', templateBody: body, parameters: [], capabilities: [], tags: [] })

/** Real time with fast polls: the proxy's slowness is wall-clock, like CloudFormation's. */
const liveContext = (clients: AwsClients) => testContext(clients, { clock: systemClock, pollMs: 100 })

/** Every stack status the action's DescribeStacks calls were answered with, in order. */
function watchStatuses(cfn: CloudFormationClient): string[] {
  const seen: string[] = []
  cfn.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args)
      for (const s of (out.output as DescribeStacksOutput).Stacks ?? []) seen.push(s.StackStatus!)
      return out
    },
    { step: 'initialize', name: 'watchStatuses' }
  )
  return seen
}

/**
 * The stack's status read every 50 ms by a reader of its own while `work` runs: what anyone reading the stack
 * sees (the action itself reads the status only when the events stop or end).
 */
async function statusesDuring<T>(stackName: string, work: () => Promise<T>): Promise<{ result: T; seen: string[] }> {
  const reader = proxyClients(fp.proxy).cloudformation
  const seen: string[] = []
  let done = false
  const sampling = (async () => {
    while (!done) {
      const status = (await describeStack(reader, stackName).catch(() => undefined))?.StackStatus
      if (status) seen.push(status)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })()
  const result = await work().finally(() => (done = true))
  await sampling
  return { result, seen }
}

/** The log's event lines for one logical id, as "LogicalId STATUS". */
function eventLines(log: string): string[] {
  return log
    .split('\n')
    .map((l) => /^\d\d:\d\d:\d\d {2}(\S+) {2}\S+ {2}(\S+)/.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => `${m[1]} ${m[2]}`)
}

describe('slow CloudFormation: stack operations take time like on AWS', () => {
  it('a create reads CREATE_IN_PROGRESS, streams each resource, then ends CREATE_COMPLETE with outputs', async () => {
    fp.proxy.configure({ slowCloudFormation: { durationMs: 1000 } })
    const clients = proxyClients(fp.proxy)
    const statuses = watchStatuses(clients.cloudformation)
    const ctx = liveContext(clients)
    const { result, seen } = await statusesDuring('slow', () => deployStack(ctx, request(queues())))

    expect(result.status).toBe('CREATE_COMPLETE')
    expect(result.outputs.OrdersArn).toMatch(/:orders$/)
    expect(seen).toContain('CREATE_IN_PROGRESS')
    expect(statuses.at(-1)).toBe('CREATE_COMPLETE')
    expect(eventLines(ctx.log.text())).toEqual([
      'slow REVIEW_IN_PROGRESS', // from the change set's creation, as on AWS
      'slow CREATE_IN_PROGRESS',
      'Orders CREATE_IN_PROGRESS',
      'Orders CREATE_COMPLETE',
      'Invoices CREATE_IN_PROGRESS',
      'Invoices CREATE_COMPLETE',
      'Emails CREATE_IN_PROGRESS',
      'Emails CREATE_COMPLETE',
      'slow CREATE_COMPLETE'
    ])
    // It waited: several event polls came back before the stack was done.
    expect(fp.proxy.requests({ operation: 'DescribeStackEvents' }).length).toBeGreaterThan(3)
    const [op] = fp.proxy.stackOperations()
    expect(op).toMatchObject({ stackName: 'slow', kind: 'CREATE', status: 'CREATE_IN_PROGRESS', stackId: result.stackId })
    expect(op.until - op.start).toBe(1000)
  })

  it('an update reads UPDATE_IN_PROGRESS and a delete DELETE_IN_PROGRESS, each ending in its right status', async () => {
    const clients = proxyClients(fp.proxy)
    await deployStack(liveContext(clients), request(queues()))
    fp.proxy.configure({ slowCloudFormation: { durationMs: 600 } })
    const statuses = watchStatuses(clients.cloudformation)

    const update = liveContext(clients)
    const { result: updated, seen } = await statusesDuring('slow', () => deployStack(update, request(queues('-2'))))
    expect(updated.status).toBe('UPDATE_COMPLETE')
    expect(seen).toContain('UPDATE_IN_PROGRESS')
    expect(statuses.at(-1)).toBe('UPDATE_COMPLETE')
    expect(eventLines(update.log.text())).toEqual([
      'slow UPDATE_IN_PROGRESS',
      'Orders UPDATE_IN_PROGRESS',
      'Orders UPDATE_COMPLETE',
      'Invoices UPDATE_IN_PROGRESS',
      'Invoices UPDATE_COMPLETE',
      'Emails UPDATE_IN_PROGRESS',
      'Emails UPDATE_COMPLETE',
      'slow UPDATE_COMPLETE'
    ])

    statuses.length = 0
    const removal = liveContext(clients)
    const { result: deleted, seen: seenDeleting } = await statusesDuring('slow', () => deleteStack(removal, 'slow'))
    expect(deleted.deleted).toBe(true)
    expect(seenDeleting).toContain('DELETE_IN_PROGRESS')
    // the action read the stack before its delete; after it, only the wait's safety read on a poll without
    // events (on a busy machine) may read it again: the stack's own DELETE_COMPLETE event ends the wait
    expect(statuses[0]).toBe('UPDATE_COMPLETE')
    expect(statuses.slice(1).filter((s) => !s.startsWith('DELETE_'))).toEqual([])
    expect(eventLines(removal.log.text())).toEqual([
      'slow DELETE_IN_PROGRESS',
      'Emails DELETE_IN_PROGRESS',
      'Emails DELETE_COMPLETE',
      'Invoices DELETE_IN_PROGRESS',
      'Invoices DELETE_COMPLETE',
      'Orders DELETE_IN_PROGRESS',
      'Orders DELETE_COMPLETE',
      'slow DELETE_COMPLETE'
    ])
    expect(await describeStack(clients.cloudformation, 'slow')).toBeUndefined()
  })

  it('while a stack is busy, answers as AWS does: updates refused, reads by name still work during a delete', async () => {
    const clients = proxyClients(fp.proxy)
    const cfn = clients.cloudformation
    await deployStack(liveContext(clients), request(queues()))
    fp.proxy.configure({ slowCloudFormation: { durationMs: 500, resourceEvents: false } })

    const ctx = liveContext(clients)
    const changeSet = await createChangeSet(ctx, { ...request(queues('-2')), type: 'UPDATE' })
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.id, ClientRequestToken: 'exec-1' }))
    expect((await describeStack(cfn, 'slow'))?.StackStatus).toBe('UPDATE_IN_PROGRESS')
    await expect(cfn.send(new UpdateStackCommand({ StackName: 'slow', TemplateBody: queues('-3') }))).rejects.toThrow(
      /^Stack:arn:aws:cloudformation:us-east-1:\d{12}:stack\/slow\/[\w-]+ is in UPDATE_IN_PROGRESS state and can not be updated\.$/
    )
    await expect(cfn.send(new DeleteStackCommand({ StackName: 'slow' }))).rejects.toThrow(/cannot be deleted while in status UPDATE_IN_PROGRESS/)

    // The action's next deploy finds the stack busy, waits for it, then updates it.
    const next = liveContext(clients)
    const result = await deployStack(next, request(queues('-3')))
    expect(result.status).toBe('UPDATE_COMPLETE')
    expect(next.log.text()).toContain('Stack slow is UPDATE_IN_PROGRESS: waiting for the operation in progress to finish.')

    await cfn.send(new DeleteStackCommand({ StackName: 'slow', ClientRequestToken: 'del-1' }))
    expect((await describeStack(cfn, 'slow'))?.StackStatus).toBe('DELETE_IN_PROGRESS')
    const events = await cfn.send(new DescribeStackEventsCommand({ StackName: 'slow' }))
    expect(events.StackEvents?.[0]).toMatchObject({ ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'DELETE_IN_PROGRESS' })
    await cfn.send(new DeleteStackCommand({ StackName: 'slow', ClientRequestToken: 'del-2' })) // a second delete is accepted
    expect(fp.proxy.requests({ operation: 'DeleteStack' }).map((r) => [r.forwarded, r.refused, r.status])).toEqual([
      [false, true, 400],
      [true, false, 200],
      [false, false, 200]
    ])
    await deleteStack(liveContext(clients), 'slow') // waits for DELETE_COMPLETE
    expect(await describeStack(cfn, 'slow')).toBeUndefined()
  })

  it('hold keeps the next operation of its kind in progress until release(), then it ends as usual; later ones are not held', async () => {
    fp.proxy.configure({ slowCloudFormation: { durationMs: 300, hold: { kind: 'CREATE' } } })
    const clients = proxyClients(fp.proxy)
    const reader = proxyClients(fp.proxy).cloudformation
    const ctx = liveContext(clients)
    let finished = false
    const deploying = deployStack(ctx, request(queues())).finally(() => (finished = true))

    // every resource's events are out (they take durationMs), yet the stack still reads CREATE_IN_PROGRESS
    const resourceEvents = async () =>
      ((await reader.send(new DescribeStackEventsCommand({ StackName: 'slow' })).catch(() => undefined))?.StackEvents ?? []).map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`)
    while (!(await resourceEvents()).includes('Emails CREATE_COMPLETE')) await new Promise((resolve) => setTimeout(resolve, 50))
    for (let i = 0; i < 5; i++) {
      expect((await describeStack(reader, 'slow'))?.StackStatus).toBe('CREATE_IN_PROGRESS')
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(await resourceEvents()).not.toContain('slow CREATE_COMPLETE')
    expect(finished).toBe(false)
    expect(fp.proxy.stackOperations()).toEqual([expect.objectContaining({ stackName: 'slow', kind: 'CREATE', held: true, until: Infinity })])

    fp.proxy.release()
    const result = await deploying
    expect(result.status).toBe('CREATE_COMPLETE')
    expect(result.outputs.OrdersArn).toMatch(/:orders$/)
    expect(eventLines(ctx.log.text()).at(-1)).toBe('slow CREATE_COMPLETE')
    const [op] = fp.proxy.stackOperations()
    expect(op.held).toBe(false)
    expect(op.until).toBeGreaterThanOrEqual(op.start + 300)

    // the hold was for one operation: the next create ends on its own
    const second = await deployStack(liveContext(clients), { ...request(queues('-2')), stackName: 'slow-2' })
    expect(second.status).toBe('CREATE_COMPLETE')
    expect(fp.proxy.stackOperations().map((o) => o.held)).toEqual([false, false])
  })

  it('jitterMs makes each operation up to that much longer, drawn from the seed (the same seed, the same times)', async () => {
    const clients = proxyClients(fp.proxy)
    const durations = async (seed: number, tag: string) => {
      fp.proxy.reset()
      fp.proxy.configure({ slowCloudFormation: { durationMs: 100, jitterMs: 400, seed } })
      for (const n of ['j1', 'j2', 'j3']) await deployStack(liveContext(clients), { ...request(queues(`-${n}-${tag}`)), stackName: `${n}-${tag}` })
      return fp.proxy.stackOperations().map((o) => o.until - o.start)
    }
    const first = await durations(5, 'a')
    expect(first).toHaveLength(3)
    expect(first.every((ms) => ms >= 100 && ms < 500)).toBe(true)
    expect(new Set(first).size).toBeGreaterThan(1)
    const again = await durations(5, 'b')
    expect(again).toEqual(first)
  })

  it('finds resources in a template when the stack cannot list them (YAML short forms too)', () => {
    const yaml = 'Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: !Sub "${AWS::StackName}-api"\n  Zone:\n    Type: AWS::Route53::HostedZone\n'
    expect(templateResources(yaml)).toEqual([
      { logicalId: 'Api', type: 'AWS::ApiGateway::RestApi', physicalId: '' },
      { logicalId: 'Zone', type: 'AWS::Route53::HostedZone', physicalId: '' }
    ])
  })
})

describe('the engine under throttling and server errors on every service', () => {
  it('deploys (create, then update), switches a mapping and changes DNS with SDK retries, each write run once', async () => {
    fp.proxy.configure({
      seed: 7,
      rules: { '*': { throttle: 0.2, serverError: 0.025, unavailable: 0.025, latencyMs: 2, jitterMs: 8 } },
      slowCloudFormation: { durationMs: 300 }
    })
    const clients = proxyClients(fp.proxy, 8) // the action's clients: standard retries, 8 attempts
    const created = await deployStack(liveContext(clients), request(queues()))
    const updated = await deployStack(liveContext(clients), request(queues('-2')))
    expect(created.status).toBe('CREATE_COMPLETE')
    expect(updated.status).toBe('UPDATE_COMPLETE')

    // The set-up goes straight to moto; the action's own writes (switch, DNS change) go through the faults.
    const direct = env.clients
    const blue = await direct.apigateway.send(new CreateRestApiCommand({ name: 'blue' }))
    const green = await direct.apigateway.send(new CreateRestApiCommand({ name: 'green' }))
    await direct.apigateway.send(
      new CreateDomainNameCommand({ domainName: 'api.example.com', regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', endpointConfiguration: { types: ['REGIONAL'] } })
    )
    await createRestMapping(direct.apigateway, { domainName: 'api.example.com', basePath: '', restApiId: blue.id! })
    const zone = await direct.route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'faults' }))

    await switchRestMapping(clients.apigateway, { domainName: 'api.example.com', basePath: '', restApiId: green.id! })
    expect((await getRestMapping(clients.apigateway, 'api.example.com', ''))?.restApiId).toBe(green.id)
    await clients.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zone.HostedZone!.Id,
        ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'api.example.com', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'green.example.net' }] } }] }
      })
    )

    const stats = fp.proxy.stats()
    expect(stats.faults.throttle).toBeGreaterThan(0)
    expect((stats.faults.serverError ?? 0) + (stats.faults.unavailable ?? 0)).toBeGreaterThan(0)
    const executions = fp.proxy.requests({ operation: 'ExecuteChangeSet' })
    const ranAtMoto = executions.filter((r) => r.forwarded && r.status === 200)
    expect(ranAtMoto).toHaveLength(2)
    expect(new Set(executions.map((r) => r.token)).size).toBe(2) // retries reuse their token; two deploys, two tokens
    expect(fp.proxy.requests({ operation: 'ChangeResourceRecordSets' }).filter((r) => r.forwarded)).toHaveLength(1)
    expect(fp.proxy.duplicates()).toEqual([])
  })
})
