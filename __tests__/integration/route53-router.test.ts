/**
 * extra-env with router route53, as the runner runs it: the built dist/index.js against moto. The hosted
 * zone and its record are the platform team's, made through the API; each environment stack only offers its
 * DNS name in an output (the template's parameter stands in for a load balancer's DNSName, which moto's
 * templates could give too but not serve). Smoke checks reach the local app server through endpoint-output.
 */
import { ChangeResourceRecordSetsCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { runAction, type ActionRun } from '../support/action-runner.js'
import { useAppServer } from '../support/extra-env.js'
import { useMoto } from '../support/moto.js'
import { writeRoute53EnvTemplate } from '../support/router-doors.js'
import { recordSets, zoneWith } from '../support/route53-zone.js'

const env = useMoto()
const server = useAppServer()
const NAME = 'www.example.com.'
const dnsOf = (extra: string) => `${extra}-lb-1234.us-east-1.elb.amazonaws.com`
let template = ''
let zoneId = ''
let runs = 0

beforeAll(() => {
  template = writeRoute53EnvTemplate()
})

beforeEach(async () => {
  zoneId = await zoneWith(env.clients, [])
})

/** The built action in extra-env mode with router route53 for stack-name shop. */
function act(extra: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction(
    {
      mode: 'extra-env',
      'stack-name': 'shop',
      region: 'us-east-1',
      'endpoint-url': env.url,
      'poll-seconds': '0.1',
      template,
      parameters: `DnsName=${dnsOf(extra)}\nPublicUrl=${server.url(extra)}`,
      extra,
      router: 'route53',
      'hosted-zone-id': zoneId,
      'record-name': 'www.example.com',
      'target-output': 'DnsName',
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health',
      'smoke-retries': '1',
      'smoke-timeout-seconds': '2',
      'verify-seconds': '0',
      'skip-ttl-wait': 'true',
      ...inputs
    },
    { env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: String(2000 + ++runs), GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'release', GITHUB_EVENT_NAME: 'push' } }
  )
}

const record = async () => (await recordSets(env.clients, zoneId, NAME, 'CNAME'))[0]
const exists = async (name: string) => !!(await describeStack(env.clients.cloudformation, name))
const upsert = (r: ResourceRecordSet) => env.clients.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: r }] } }))
const cname = (value: string, ttl: number): ResourceRecordSet => ({ Name: NAME, Type: 'CNAME', TTL: ttl, ResourceRecords: [{ Value: value }] })
const failed = (run: ActionRun) => `${run.stdout}\n${run.stderr}`

async function blueLive(): Promise<void> {
  const run = await act('blue', { phase: 'full' })
  expect([run.code, failed(run)]).toEqual([0, expect.any(String)])
}

describe('router route53 through the built action on moto', () => {
  it('a full phase creates the record, then moves it blue → green in one UPSERT keeping its TTL, waits the old TTL and deletes blue', async () => {
    await blueLive()
    expect(await record()).toEqual(cname(dnsOf('blue'), 60))
    // the platform team keeps the record's TTL short: three seconds, so the wait is real but brief
    await upsert(cname(dnsOf('blue'), 3))

    const run = await act('green', { phase: 'full', 'skip-ttl-wait': 'false' })
    expect([run.code, failed(run)]).toEqual([0, expect.any(String)])
    expect(await record()).toEqual(cname(dnsOf('green'), 3))
    expect(run.outputs).toMatchObject({ 'active-stack': 'shop-green', 'previous-stack': 'shop-blue', 'domain-endpoint': 'https://www.example.com' })
    // what is left of the TTL once the change was INSYNC (the verification's time counts), then the delete
    const wait = /Waiting ([\d.]+) (ms|s) for resolvers' caches of www\.example\.com CNAME \(zone \w+\) → DNS name blue-lb-1234\S+ to run out \(the TTL since the switch\)/.exec(run.stdout)
    expect(wait).not.toBeNull()
    expect(Number(wait![1]) * (wait![2] === 's' ? 1000 : 1)).toBeLessThanOrEqual(3000)
    expect(run.stdout.indexOf(wait![0])).toBeLessThan(run.stdout.indexOf('Deleting stack shop-blue'))
    expect(await exists('shop-blue')).toBe(false)
    expect(await exists('shop-green')).toBe(true)
    expect(run.summary).toContain('shop-green')
  })

  it('rollback moves the record back to the kept previous environment', async () => {
    await blueLive()
    const full = await act('green', { phase: 'full', 'keep-previous': 'true' })
    expect([full.code, failed(full)]).toEqual([0, expect.any(String)])
    expect((await record())?.ResourceRecords).toEqual([{ Value: dnsOf('green') }])

    const back = await act('', { phase: 'rollback', template: '', parameters: '' })
    expect([back.code, failed(back)]).toEqual([0, expect.any(String)])
    expect(await record()).toEqual(cname(dnsOf('blue'), 60))
    expect(back.outputs).toMatchObject({ 'active-stack': 'shop-blue', 'previous-stack': 'shop-green' })
    expect(await exists('shop-green')).toBe(true)
  })

  it('destroy refuses the live environment; the sweep deletes old previews but never the live one', async () => {
    await blueLive()
    const refuse = await act('blue', { phase: 'destroy', template: '', parameters: '' })
    expect(refuse.code).toBe(1)
    expect(refuse.stdout).toMatch(/::error::.*shop-blue is the live environment/)
    expect(await exists('shop-blue')).toBe(true)

    const preview = await act('pr-1', { phase: 'deploy' })
    expect([preview.code, failed(preview)]).toEqual([0, expect.any(String)])
    // another name of the zone routes to the preview too: it counts as live for the sweep
    const other = await act('pr-2', { phase: 'deploy' })
    expect(other.code).toBe(0)
    await upsert({ Name: 'beta.example.com.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: `${dnsOf('pr-2').toUpperCase()}.` }] })
    await new Promise((resolve) => setTimeout(resolve, 1100))

    const sweep = await act('', { phase: 'destroy', template: '', parameters: '', 'older-than': '1s' })
    expect([sweep.code, failed(sweep)]).toEqual([0, expect.any(String)])
    expect(await exists('shop-pr-1')).toBe(false)
    expect(await exists('shop-pr-2')).toBe(true)
    expect(await exists('shop-blue')).toBe(true)
    expect(await record()).toEqual(cname(dnsOf('blue'), 60))
  })

  it('refuses a green whose output is no DNS name before any change, naming target-output', async () => {
    await blueLive()
    const run = await act('green', { phase: 'full', parameters: `DnsName=https://green.example.net/\nPublicUrl=${server.url('green')}` })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::.*The output DnsName \(target-output\) of shop-green holds "https:\/\/green\.example\.net\/", which is not a DNS name/)
    expect(await record()).toEqual(cname(dnsOf('blue'), 60))
    expect(await exists('shop-blue')).toBe(true)
  })

  it('refuses a green without the target-zone-output output for an alias, naming the input, before the record moves', async () => {
    const first = await act('blue', { phase: 'full', 'record-type': 'A', 'target-zone-output': 'DnsZone' })
    expect([first.code, failed(first)]).toEqual([0, expect.any(String)])
    const run = await act('green', { phase: 'full', 'record-type': 'A', 'target-zone-output': 'NoSuchOutput' })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::.*The stack shop-green has no output NoSuchOutput \(target-zone-output\)/)
    const [a] = await recordSets(env.clients, zoneId, NAME, 'A')
    expect(a.AliasTarget).toMatchObject({ HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: expect.stringMatching(/^blue-lb-1234/) })
    expect(await exists('shop-blue')).toBe(true)
  })

  it('moves an alias A record between environments (the dualstack. prefix matched to the output)', async () => {
    const alias = { 'record-type': 'A', 'target-zone-output': 'DnsZone' }
    const first = await act('blue', { phase: 'full', ...alias })
    expect([first.code, failed(first)]).toEqual([0, expect.any(String)])
    // the console writes ELB aliases with dualstack.: the live owner is still found by its output
    await upsert({ Name: NAME, Type: 'A', AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: `dualstack.${dnsOf('blue')}.`, EvaluateTargetHealth: true } })
    const run = await act('green', { phase: 'full', ...alias })
    expect([run.code, failed(run)]).toEqual([0, expect.any(String)])
    const [a] = await recordSets(env.clients, zoneId, NAME, 'A')
    expect(a.AliasTarget).toMatchObject({ HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: expect.stringMatching(new RegExp(`^${dnsOf('green').replace(/\./g, '\\.')}\\.?$`)), EvaluateTargetHealth: true })
    expect(await exists('shop-blue')).toBe(false)
  })

  it('refuses a weighted record set at record-name before any change', async () => {
    await upsert({ ...cname(dnsOf('x'), 60), SetIdentifier: 'a', Weight: 1 })
    const run = await act('blue', { phase: 'full' })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::.*www\.example\.com\. CNAME in zone example\.com\. is a weighted record set \(set identifiers a\)/)
    expect(await recordSets(env.clients, zoneId, NAME, 'CNAME')).toEqual([{ ...cname(dnsOf('x'), 60), SetIdentifier: 'a', Weight: 1 }])
  })
})
