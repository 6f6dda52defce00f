/**
 * extra-env with router route53 and only the documented permissions: the built action run with the
 * credentials of an IAM user holding the extra-env policy of docs/iam-policy.json, on a moto server of its
 * own with IAM enforcement on. moto enforces actions only, on "*", without conditions (see
 * iam-enforced.test.ts and support/iam.ts motoEnforceable), so this shows that no Route 53 action the router
 * calls is missing; the zone-scoped resources and the actions condition (UPSERT, and CREATE/DELETE for
 * traffic-steps, of the record itself only) are checked against the code by
 * __tests__/unit/iam-policy.test.ts.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DIST, runAction, type ActionRun } from '../support/action-runner.js'
import { startAppServer, type AppServer } from '../support/extra-env.js'
import { fillPolicy, loadPolicies, motoEnforceable, withoutAction, type PolicyDocument } from '../support/iam.js'
import { motoClients, startMoto, type Moto } from '../support/moto.js'
import { recordSets, zoneWith } from '../support/route53-zone.js'

let moto: Moto
let server: AppServer
let template = ''
const admin = () => motoClients(moto.url)

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run package\` first`)
  moto = await startMoto()
  server = await startAppServer()
  template = join(mkdtempSync(join(tmpdir(), 'route53-router-iam-')), 'env.json')
  writeFileSync(
    template,
    JSON.stringify({
      Parameters: { DnsName: { Type: 'String' }, PublicUrl: { Type: 'String' } },
      Resources: { Topic: { Type: 'AWS::SNS::Topic' } },
      Outputs: { DnsName: { Value: { Ref: 'DnsName' } }, Endpoint: { Value: { Ref: 'PublicUrl' } } }
    })
  )
}, 40_000)
beforeEach(async () => {
  await enforceIam(false)
  await moto.reset()
})
afterAll(async () => {
  await server?.close()
  await moto?.stop()
})

async function enforceIam(on: boolean): Promise<void> {
  const res = await fetch(`${moto.url}/moto-api/reset-auth`, { method: 'POST', body: on ? '0' : 'Infinity' })
  if (!res.ok) throw new Error(`reset-auth failed: ${res.status}`)
}

/** One IAM Query API call, before enforcement is on (moto then reads only the service from the credential scope). */
async function iam(params: Record<string, string>): Promise<string> {
  const res = await fetch(`${moto.url}/`, {
    method: 'POST',
    body: new URLSearchParams({ Version: '2010-05-08', ...params }),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0'
    }
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`IAM ${params.Action} failed: ${text}`)
  return text
}

async function userWith(name: string, policy: PolicyDocument): Promise<Record<string, string>> {
  await iam({ Action: 'CreateUser', UserName: name })
  await iam({ Action: 'PutUserPolicy', UserName: name, PolicyName: 'bluegreen-action', PolicyDocument: JSON.stringify(policy) })
  const key = await iam({ Action: 'CreateAccessKey', UserName: name })
  return { AWS_ACCESS_KEY_ID: /<AccessKeyId>([^<]+)</.exec(key)![1], AWS_SECRET_ACCESS_KEY: /<SecretAccessKey>([^<]+)</.exec(key)![1] }
}

const policy = (zoneId: string) =>
  fillPolicy(loadPolicies()['extra-env'], {
    '<StackName>': 'shop',
    '<HostedZoneId>': zoneId,
    '<RecordName>': 'www.example.com',
    '<RecordType>': 'CNAME',
    '<TemplateBucket>': 'bluegreen-templates-123456789012-us-east-1'
  })

const dnsOf = (extra: string) => `${extra}-lb-1.us-east-1.elb.amazonaws.com`

function run(extra: string, credentials: Record<string, string>): Promise<ActionRun> {
  return runAction(
    {
      mode: 'extra-env',
      phase: 'full',
      'stack-name': 'shop',
      extra,
      template,
      parameters: `DnsName=${dnsOf(extra)}\nPublicUrl=${server.url(extra)}`,
      router: 'route53',
      'hosted-zone-name': 'example.com',
      'record-name': 'www.example.com',
      'target-output': 'DnsName',
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health',
      'smoke-retries': '0',
      'verify-seconds': '0',
      'skip-ttl-wait': 'true',
      region: 'us-east-1',
      'endpoint-url': moto.url,
      'poll-seconds': '0.2'
    },
    { env: credentials }
  )
}

const value = async (zoneId: string) => (await recordSets(admin(), zoneId, 'www.example.com.', 'CNAME'))[0]?.ResourceRecords?.[0]?.Value

describe('router route53 with only the documented permissions (moto enforcing IAM)', () => {
  it('creates the record, then moves it and deletes blue, with exactly the extra-env policy', async () => {
    const zoneId = await zoneWith(admin(), [])
    const credentials = await userWith('deployer', motoEnforceable(policy(zoneId)))
    await enforceIam(true)
    const blue = await run('blue', credentials)
    expect(blue.stdout.match(/::error::.*/g)).toBeNull()
    expect(blue.code).toBe(0)
    const green = await run('green', credentials)
    expect(green.stdout.match(/::error::.*/g)).toBeNull()
    expect(green.outputs).toMatchObject({ 'active-stack': 'shop-green', 'previous-stack': 'shop-blue' })
    await enforceIam(false)
    expect(await value(zoneId)).toBe(dnsOf('green'))
  })

  it('fails naming the action, and leaves the record, when the policy lacks route53:ChangeResourceRecordSets', async () => {
    const zoneId = await zoneWith(admin(), [])
    const full = await userWith('full', motoEnforceable(policy(zoneId)))
    const narrow = await userWith('narrow', motoEnforceable(withoutAction(policy(zoneId), 'route53:ChangeResourceRecordSets')))
    await enforceIam(true)
    expect((await run('blue', full)).code).toBe(0)
    const green = await run('green', narrow)
    expect(green.code).toBe(1)
    expect(green.stdout).toMatch(/::error::.*not authorized to perform: route53:ChangeResourceRecordSets/)
    await enforceIam(false)
    expect(await value(zoneId)).toBe(dnsOf('blue'))
  })
})
