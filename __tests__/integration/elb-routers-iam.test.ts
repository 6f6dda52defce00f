/**
 * The extra-env policy of docs/iam-policy.json, enforced, for the routers alb and target-group: the built
 * action promotes blue, then green, with the credentials of an IAM user that holds only that policy, on a
 * moto server of its own with IAM enforcement on. moto checks the IAM *actions* only, on the resource "*",
 * and denies statements with condition keys it has no values for, so the policy runs in the form it can
 * evaluate (support/iam.ts motoEnforceable, as in iam-enforced.test.ts); the resources and conditions
 * (the listener's and rule's ARNs, the Auto Scaling groups' tags, autoscaling:TargetGroupARNs) are checked
 * against the code by __tests__/unit/iam-policy.test.ts.
 */
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling'
import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { DescribeListenersCommand, ModifyListenerCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { stackOutputs } from '../../src/cloudformation/stacks.js'
import { DIST, runAction } from '../support/action-runner.js'
import { startAppServer, type AppServer } from '../support/extra-env.js'
import { fillPolicy, loadPolicies, motoEnforceable, withoutAction, type PolicyDocument } from '../support/iam.js'
import { motoClients, startMoto, type Moto } from '../support/moto.js'

let moto: Moto
let server: AppServer
const admin = () => motoClients(moto.url)
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/routers/${name}`, import.meta.url))

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run package\` first`)
  moto = await startMoto()
  server = await startAppServer()
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

/** One IAM Query API call, made before enforcement is on (as in iam-enforced.test.ts). */
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

interface Platform {
  VpcId: string
  SubnetId: string
  ListenerArn: string
  ParkingArn: string
  SharedTargetGroupArn: string
  LaunchTemplateId: string
}

async function platform(): Promise<Platform> {
  const cfn = admin().cloudformation
  await cfn.send(new CreateStackCommand({ StackName: 'platform', TemplateBody: readFileSync(fixture('elb-platform.yaml'), 'utf8') }))
  const p = stackOutputs((await cfn.send(new DescribeStacksCommand({ StackName: 'platform' }))).Stacks?.[0]) as unknown as Platform
  await admin().elbv2.send(
    new ModifyListenerCommand({ ListenerArn: p.ListenerArn, DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: p.ParkingArn, Weight: 0 }] } }] })
  )
  return p
}

const policyFor = (p: Platform) =>
  fillPolicy(loadPolicies()['extra-env'], {
    '<StackName>': 'shop',
    '<DomainName>': 'api.example.com',
    '<DomainSlug>': 'api-example-com',
    '<TemplateBucket>': 'bluegreen-templates-123456789012-us-east-1',
    '<ListenerArn>': p.ListenerArn,
    '<TargetGroupArn>': p.SharedTargetGroupArn
  })

function run(p: Platform, router: 'alb' | 'target-group', extra: string, credentials: Record<string, string>) {
  const door: Record<string, string> =
    router === 'alb'
      ? { 'listener-arn': p.ListenerArn, 'target-group-output': 'TargetGroupArn', template: fixture('alb-env.yaml'), parameters: `VpcId=${p.VpcId}\nPublicUrl=${server.url(extra)}` }
      : {
          'target-group-arn': p.SharedTargetGroupArn,
          'asg-output': 'AutoScalingGroupName',
          template: fixture('target-group-env.yaml'),
          parameters: `SubnetId=${p.SubnetId}\nLaunchTemplateId=${p.LaunchTemplateId}\nPublicUrl=${server.url(extra)}`
        }
  return runAction(
    {
      mode: 'extra-env',
      phase: 'full',
      'stack-name': 'shop',
      extra,
      router,
      ...door,
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health',
      'smoke-retries': '0',
      'verify-seconds': '0',
      // the promotion deletes blue: keep it, so that the 300 s deregistration delay moto keeps is not waited for here
      'keep-previous': 'true',
      region: 'us-east-1',
      'endpoint-url': moto.url,
      'poll-seconds': '0.2'
    },
    { env: credentials, timeoutMs: 90_000 }
  )
}

const forwarded = async (p: Platform) => JSON.stringify((await admin().elbv2.send(new DescribeListenersCommand({ ListenerArns: [p.ListenerArn] }))).Listeners![0].DefaultActions)

describe('routers alb and target-group with only the documented permissions (moto enforcing IAM)', () => {
  it('alb: promotes blue, then green, with exactly the extra-env policy; without ModifyListener the switch is refused and nothing moves', async () => {
    const p = await platform()
    const credentials = await userWith('deployer', motoEnforceable(policyFor(p)))
    const weak = await userWith('weak', motoEnforceable(withoutAction(policyFor(p), 'elasticloadbalancing:ModifyListener')))
    await enforceIam(true)
    const blue = await run(p, 'alb', 'blue', credentials)
    expect(blue.stdout).not.toMatch(/not authorized/)
    expect(blue.code).toBe(0)
    const green = await run(p, 'alb', 'green', credentials)
    expect(green.stdout).not.toMatch(/not authorized/)
    expect(green.code).toBe(0)
    expect(green.outputs['active-stack']).toBe('shop-green')

    await enforceIam(false)
    const before = await forwarded(p)
    await enforceIam(true)
    const denied = await run(p, 'alb', 'red', weak)
    expect(denied.code).toBe(1)
    expect(denied.stdout).toMatch(/elasticloadbalancing:ModifyListener/)
    await enforceIam(false)
    expect(await forwarded(p)).toBe(before)
  }, 240_000)

  it('target-group: promotes blue, then green, with exactly the extra-env policy; without DetachLoadBalancerTargetGroups the live fleet stays attached beside the new one', async () => {
    const p = await platform()
    const credentials = await userWith('deployer', motoEnforceable(policyFor(p)))
    const weak = await userWith('weak', motoEnforceable(withoutAction(policyFor(p), 'autoscaling:DetachLoadBalancerTargetGroups')))
    await enforceIam(true)
    const blue = await run(p, 'target-group', 'blue', credentials)
    expect(blue.stdout).not.toMatch(/not authorized/)
    expect(blue.code).toBe(0)
    const green = await run(p, 'target-group', 'green', credentials)
    expect(green.stdout).not.toMatch(/not authorized/)
    expect(green.code).toBe(0)
    expect(green.outputs['active-stack']).toBe('shop-green')

    const red = await run(p, 'target-group', 'red', weak)
    expect(red.code).toBe(1)
    expect(red.stdout).toMatch(/autoscaling:DetachLoadBalancerTargetGroups/)
    await enforceIam(false)
    const groups = (await admin().autoscaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? []
    const attached = groups.filter((g) => g.TargetGroupARNs?.includes(p.SharedTargetGroupArn)).map((g) => g.AutoScalingGroupName!)
    // red was attached and healthy, green could not be detached: both serve, nobody is left without a fleet
    expect(attached.sort()).toEqual(
      groups
        .filter((g) => /^shop-(green|red)-/.test(g.AutoScalingGroupName!))
        .map((g) => g.AutoScalingGroupName!)
        .sort()
    )
  }, 240_000)
})
