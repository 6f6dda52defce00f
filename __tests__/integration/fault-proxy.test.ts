import { CreateRestApiCommand, CreateDomainNameCommand, CreateBasePathMappingCommand, GetRestApisCommand, UpdateBasePathMappingCommand } from '@aws-sdk/client-api-gateway'
import { GetApisCommand } from '@aws-sdk/client-apigatewayv2'
import { CreateChangeSetCommand, DescribeStacksCommand, ExecuteChangeSetCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation'
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListHostedZonesCommand } from '@aws-sdk/client-route-53'
import { isThrottlingError, isTransientError } from '@smithy/core/retry'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { AwsClients } from '../../src/aws/clients.js'
import { isThrottling } from '../../src/errors.js'
import { isConnectionReset, pickFault, proxyClients, useFaultProxy, type FaultKind, type FaultProxy } from '../support/fault-proxy.js'
import { useMoto } from '../support/moto.js'

const env = useMoto()
const fp = useFaultProxy(() => env.url)

type Service = 'cloudformation' | 'apigateway' | 'apigatewayv2' | 'route53'

/** One harmless read per service, sent through the proxy. */
function read(clients: AwsClients, service: Service): Promise<unknown> {
  switch (service) {
    case 'cloudformation':
      return clients.cloudformation.send(new ListStacksCommand({}))
    case 'apigateway':
      return clients.apigateway.send(new GetRestApisCommand({}))
    case 'apigatewayv2':
      return clients.apigatewayv2.send(new GetApisCommand({}))
    case 'route53':
      return clients.route53.send(new ListHostedZonesCommand({}))
  }
}

async function failure(p: Promise<unknown>): Promise<Error & { code?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await p
  } catch (err) {
    return err as Error
  }
  throw new Error('expected the call to fail')
}

function configureOnly(proxy: FaultProxy, service: string, kind: FaultKind) {
  proxy.configure({ rules: { [service]: { [kind]: 1 } } })
}

describe('fault proxy: each fault as the SDK sees it (maxAttempts 1)', () => {
  // [service, fault, error name the SDK gives, HTTP status]: the real services' wire formats.
  const answered: [Service, FaultKind, string, number][] = [
    ['cloudformation', 'throttle', 'Throttling', 400],
    ['cloudformation', 'serverError', 'InternalFailure', 500],
    ['cloudformation', 'unavailable', 'ServiceUnavailable', 503],
    ['apigateway', 'throttle', 'TooManyRequestsException', 429],
    ['apigateway', 'serverError', 'InternalFailure', 500],
    ['apigateway', 'unavailable', 'ServiceUnavailableException', 503],
    ['apigatewayv2', 'throttle', 'TooManyRequestsException', 429],
    ['apigatewayv2', 'unavailable', 'ServiceUnavailableException', 503],
    ['route53', 'throttle', 'Throttling', 400],
    ['route53', 'priorRequestNotComplete', 'PriorRequestNotComplete', 400],
    ['route53', 'serverError', 'InternalFailure', 500],
    ['route53', 'unavailable', 'ServiceUnavailable', 503]
  ]

  it.each(answered)('%s %s -> %s (HTTP %d), classified for retry like AWS', async (service, kind, name, status) => {
    configureOnly(fp.proxy, service, kind)
    const err = await failure(read(proxyClients(fp.proxy), service))
    expect(err.name).toBe(name)
    expect(err.$metadata?.httpStatusCode).toBe(status)
    const throttle = kind === 'throttle' || kind === 'priorRequestNotComplete'
    // The SDK's own classification decides its retries; the action's isThrottling decides its poll backoff.
    expect(isThrottlingError(err as never)).toBe(throttle)
    expect(isThrottling(err)).toBe(throttle)
    if (!throttle) expect(isTransientError(err as never)).toBe(true)
    const [record] = fp.proxy.requests({ service })
    expect(record).toMatchObject({ fault: kind, status, forwarded: false })
  })

  it('PriorRequestNotComplete is Route 53 only: other services pass', async () => {
    fp.proxy.configure({ rules: { '*': { priorRequestNotComplete: 1 } } })
    const clients = proxyClients(fp.proxy)
    await expect(read(clients, 'cloudformation')).resolves.toBeDefined()
    await expect(read(clients, 'apigateway')).resolves.toBeDefined()
    expect((await failure(read(clients, 'route53'))).name).toBe('PriorRequestNotComplete')
  })

  it.each(['cloudformation', 'apigateway', 'route53'] as Service[])('%s: a reset before moto is a lost connection and never reaches moto', async (service) => {
    configureOnly(fp.proxy, service, 'reset')
    const err = await failure(read(proxyClients(fp.proxy), service))
    expect(isConnectionReset(err)).toBe(true)
    expect(fp.proxy.requests({ service })[0]).toMatchObject({ fault: 'reset', forwarded: false, status: 0 })
  })

  it('in a plain node process (as the action runs), a reset is ECONNRESET, transient, and the SDK retries it', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url))
    const script = `
      import { startFaultProxy } from './scripts/fault-proxy.mjs'
      import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation'
      import { isTransientError } from '@smithy/core/retry'
      const proxy = await startFaultProxy({ target: process.env.MOTO_URL, seed: 3, rules: { '*': { reset: 1 } } })
      const config = { region: 'us-east-1', endpoint: proxy.url, retryMode: 'standard' }
      const err = await new CloudFormationClient({ ...config, maxAttempts: 1 }).send(new ListStacksCommand({})).catch((e) => e)
      proxy.configure({ rules: { '*': { reset: 0.5 } } })
      const retrying = new CloudFormationClient({ ...config, maxAttempts: 8 })
      for (let i = 0; i < 4; i++) await retrying.send(new ListStacksCommand({}))
      const later = proxy.requests().slice(1)
      console.log(JSON.stringify({ code: err.code, transient: isTransientError(err), calls: later.length, resets: later.filter((r) => r.fault === 'reset').length }))
      await proxy.close()`
    const { stdout } = await promisify(execFile)(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { cwd: root, env: { ...process.env, MOTO_URL: env.url } })
    const out = JSON.parse(stdout.trim().split('\n').pop()!)
    expect(out).toMatchObject({ code: 'ECONNRESET', transient: true })
    expect(out.resets).toBeGreaterThan(0)
    expect(out.calls).toBe(4 + out.resets)
  })

  it('a reset after moto ran the call loses only the answer', async () => {
    configureOnly(fp.proxy, 'route53', 'resetAfterForward')
    const clients = proxyClients(fp.proxy)
    const err = await failure(clients.route53.send(new CreateHostedZoneCommand({ Name: 'lost.example.com', CallerReference: 'r1' })))
    expect(isConnectionReset(err)).toBe(true)
    fp.proxy.configure({ rules: {} })
    const zones = await clients.route53.send(new ListHostedZonesCommand({}))
    expect(zones.HostedZones?.map((z) => z.Name)).toEqual(['lost.example.com.'])
    expect(fp.proxy.requests({ operation: 'CreateHostedZone' })[0]).toMatchObject({ forwarded: true, fault: 'resetAfterForward' })
  })
})

describe('fault proxy: rules, latency and seeds', () => {
  it('names REST operations from the SDK bindings and applies a rule to one operation only', async () => {
    fp.proxy.configure({ rules: { 'route53:ChangeResourceRecordSets': { throttle: 1 }, 'apigateway:UpdateBasePathMapping': { throttle: 1 } } })
    const clients = proxyClients(fp.proxy)
    const zone = await clients.route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'z' }))
    const change = clients.route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zone.HostedZone!.Id,
        ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'a.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"x"' }] } }] }
      })
    )
    expect((await failure(change)).name).toBe('Throttling')
    const api = await clients.apigateway.send(new CreateRestApiCommand({ name: 'blue' }))
    await clients.apigateway.send(
      new CreateDomainNameCommand({ domainName: 'api.example.com', regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', endpointConfiguration: { types: ['REGIONAL'] } })
    )
    await clients.apigateway.send(new CreateBasePathMappingCommand({ domainName: 'api.example.com', basePath: 'v1', restApiId: api.id! }))
    const update = clients.apigateway.send(new UpdateBasePathMappingCommand({ domainName: 'api.example.com', basePath: 'v1', patchOperations: [] }))
    expect((await failure(update)).name).toBe('TooManyRequestsException')
    expect(fp.proxy.requests().map((r) => `${r.service}:${r.operation}:${r.fault ?? '-'}`)).toEqual([
      'route53:CreateHostedZone:-',
      'route53:ChangeResourceRecordSets:throttle',
      'apigateway:CreateRestApi:-',
      'apigateway:CreateDomainName:-',
      'apigateway:CreateBasePathMapping:-',
      'apigateway:UpdateBasePathMapping:throttle'
    ])
  })

  it('adds latency (fixed + seeded jitter) to every request and records it', async () => {
    fp.proxy.configure({ rules: { '*': { latencyMs: 20, jitterMs: 30 }, route53: { latencyMs: 5, jitterMs: 0 } } })
    const clients = proxyClients(fp.proxy)
    for (let i = 0; i < 5; i++) await read(clients, 'cloudformation')
    await read(clients, 'route53')
    const cfn = fp.proxy.requests({ service: 'cloudformation' }).map((r) => r.delayMs)
    expect(cfn).toHaveLength(5)
    for (const d of cfn) {
      expect(d).toBeGreaterThanOrEqual(20)
      expect(d).toBeLessThanOrEqual(50)
    }
    expect(new Set(cfn).size).toBeGreaterThan(1)
    expect(fp.proxy.requests({ service: 'route53' })[0].delayMs).toBe(5)
    expect(fp.proxy.stats().delayMs).toBe(cfn.reduce((a, b) => a + b, 0) + 5)
  })

  /** The outcome of 30 ListStacks calls under mixed faults, one letter per call. */
  async function outcomes(clients: AwsClients, interleave = false): Promise<string> {
    let out = ''
    for (let i = 0; i < 30; i++) {
      if (interleave) await clients.cloudformation.send(new DescribeStacksCommand({})).catch(() => undefined)
      const err = await clients.cloudformation.send(new ListStacksCommand({})).then(
        () => undefined,
        (e: Error & { code?: string }) => e
      )
      out += !err ? '.' : isConnectionReset(err) ? 'R' : err.name === 'Throttling' ? 'T' : err.name === 'InternalFailure' ? 'E' : '?'
    }
    return out
  }

  it('repeats the same faults for the same seed, also when other operations interleave', async () => {
    const rules = { '*': { throttle: 0.3, serverError: 0.2, reset: 0.1 } }
    const clients = proxyClients(fp.proxy)
    fp.proxy.configure({ seed: 42, rules })
    const first = await outcomes(clients)
    fp.proxy.reset()
    const again = await outcomes(clients)
    fp.proxy.reset()
    const interleaved = await outcomes(clients, true)
    fp.proxy.configure({ seed: 43 })
    const otherSeed = await outcomes(clients)
    expect(first).toMatch(/T/)
    expect(first).toMatch(/E/)
    expect(first).toMatch(/R/)
    expect(first).toMatch(/\./)
    expect(again).toBe(first)
    expect(interleaved).toBe(first)
    expect(otherSeed).not.toBe(first)
  })

  it('lays fault probabilities out in a fixed order on one draw', () => {
    const rule = { throttle: 0.2, priorRequestNotComplete: 0.1, serverError: 0.1, unavailable: 0.1, reset: 0.1, resetAfterForward: 0.1 }
    expect(pickFault(rule, 0.1, 'route53')).toBe('throttle')
    expect(pickFault(rule, 0.25, 'route53')).toBe('priorRequestNotComplete')
    expect(pickFault(rule, 0.25, 'cloudformation')).toBe('serverError')
    expect(pickFault(rule, 0.65, 'route53')).toBe('resetAfterForward')
    expect(pickFault(rule, 0.75, 'route53')).toBeUndefined()
  })
})

describe('fault proxy: control endpoint, counts and duplicates', () => {
  it('is configured and read over HTTP, for a child process run', async () => {
    const set = await fetch(`${fp.proxy.url}/__proxy/config`, { method: 'POST', body: JSON.stringify({ rules: { apigatewayv2: { throttle: 1 } } }) })
    expect(set.status).toBe(200)
    const clients = proxyClients(fp.proxy)
    expect((await failure(read(clients, 'apigatewayv2'))).name).toBe('TooManyRequestsException')
    await read(clients, 'cloudformation')
    await read(clients, 'cloudformation')
    const stats = await (await fetch(`${fp.proxy.url}/__proxy/stats`)).json()
    expect(stats.total).toBe(3)
    expect(stats.services.cloudformation).toMatchObject({ count: 2, operations: { ListStacks: 2 } })
    expect(stats.services.apigatewayv2).toMatchObject({ count: 1, faults: { throttle: 1 } })
    expect(stats.services.cloudformation.perMinute).toBeGreaterThan(0)
    const requests = await (await fetch(`${fp.proxy.url}/__proxy/requests`)).json()
    expect(requests.map((r: { operation: string }) => r.operation)).toEqual(['GetApis', 'ListStacks', 'ListStacks'])
    expect((await fetch(`${fp.proxy.url}/__proxy/reset`, { method: 'POST' })).status).toBe(200)
    expect((await (await fetch(`${fp.proxy.url}/__proxy/stats`)).json()).total).toBe(0)
  })

  async function changeSetReady(clients: AwsClients) {
    const template = JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue' } } })
    const cs = await clients.cloudformation.send(new CreateChangeSetCommand({ StackName: 'dup', ChangeSetName: 'cs', ChangeSetType: 'CREATE', TemplateBody: template }))
    return cs.Id!
  }

  it('answers a retried ExecuteChangeSet (same ClientRequestToken) from memory, as AWS does, so moto runs it once', async () => {
    const clients = proxyClients(fp.proxy)
    const id = await changeSetReady(clients)
    fp.proxy.configure({ rules: { 'cloudformation:ExecuteChangeSet': { resetAfterForward: 1 } } })
    const execute = new ExecuteChangeSetCommand({ ChangeSetName: id, ClientRequestToken: 'token-1' })
    expect(isConnectionReset(await failure(clients.cloudformation.send(execute)))).toBe(true)
    fp.proxy.configure({ rules: {} })
    await clients.cloudformation.send(execute)
    const executions = fp.proxy.requests({ operation: 'ExecuteChangeSet' })
    expect(executions.map((r) => [r.forwarded, r.replayed, r.token])).toEqual([
      [true, false, 'token-1'],
      [false, true, 'token-1']
    ])
    expect(fp.proxy.duplicates()).toEqual([])
  })

  it('reports a write that moto ran twice with the same body (token memory off, and a repeated Route 53 change)', async () => {
    fp.proxy.configure({ idempotentTokens: false })
    const clients = proxyClients(fp.proxy)
    const id = await changeSetReady(clients)
    const execute = new ExecuteChangeSetCommand({ ChangeSetName: id, ClientRequestToken: 'token-2' })
    await clients.cloudformation.send(execute)
    await clients.cloudformation.send(execute) // moto re-executes an executed change set; AWS would refuse it
    const zone = await clients.route53.send(new CreateHostedZoneCommand({ Name: 'example.org', CallerReference: 'z2' }))
    const upsert = new ChangeResourceRecordSetsCommand({
      HostedZoneId: zone.HostedZone!.Id,
      ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'b.example.org', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"y"' }] } }] }
    })
    await clients.route53.send(upsert)
    await clients.route53.send(upsert)
    const dups = fp.proxy.duplicates()
    expect(dups.map((d) => `${d.service}:${d.operation}:${d.seqs.length}`)).toEqual(['cloudformation:ExecuteChangeSet:2', 'route53:ChangeResourceRecordSets:2'])
    expect(dups[0].token).toBe('token-2')
  })
})
