/**
 * Router target-group (the fleet swap) through the built action (dist/index.js as the runner runs it) on
 * moto: the platform (VPC, ALB, the shared target group, a launch template) is one stack created through the
 * CloudFormation API; each environment stack creates its own Auto Scaling group, unattached, named in the
 * output AutoScalingGroupName. moto registers instances healthy and deregisters them at once: the health
 * wait, draining and timeouts are in __tests__/unit/target-group-router.test.ts.
 */
import { AttachLoadBalancerTargetGroupsCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling'
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2'
import { describeStack, stackOutputs } from '../../src/cloudformation/stacks.js'
import { runAction } from '../support/action-runner.js'
import { useAppServer } from '../support/extra-env.js'
import { useMoto } from '../support/moto.js'
import { createElbPlatform, routerFixture, type ElbPlatform } from '../support/router-doors.js'

const env = useMoto()
const server = useAppServer()
const fixture = routerFixture

type Platform = ElbPlatform
const platform = () => createElbPlatform(env.clients)

let runs = 0
function run(p: Platform, inputs: Record<string, string>) {
  const extra = inputs.extra ?? ''
  return runAction(
    {
      mode: 'extra-env',
      'stack-name': 'shop',
      region: 'us-east-1',
      'endpoint-url': env.url,
      'poll-seconds': '0.1',
      router: 'target-group',
      'target-group-arn': p.SharedTargetGroupArn,
      'asg-output': 'AutoScalingGroupName',
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health',
      'smoke-retries': '1',
      'smoke-timeout-seconds': '2',
      'verify-seconds': '0',
      template: fixture('target-group-env.yaml'),
      parameters: `SubnetId=${p.SubnetId}\nLaunchTemplateId=${p.LaunchTemplateId}\nPublicUrl=${server.url(extra)}`,
      ...inputs
    },
    { env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: String(3000 + ++runs), GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'release', GITHUB_EVENT_NAME: 'push' }, timeoutMs: 90_000 }
  )
}

/** The Auto Scaling groups attached to the shared target group, as AWS lists them. */
async function attached(p: Platform): Promise<string[]> {
  const groups = (await env.clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? []
  return groups
    .filter((g) => g.TargetGroupARNs?.includes(p.SharedTargetGroupArn))
    .map((g) => g.AutoScalingGroupName!)
    .sort()
}
const groupOf = async (stack: string) => stackOutputs(await describeStack(env.clients.cloudformation, stack)).AutoScalingGroupName
const exists = async (stack: string) => !!(await describeStack(env.clients.cloudformation, stack))

describe('router target-group on moto, through dist/index.js', () => {
  it("full phase blue, then green: green's group alone is attached and its instances are registered, blue is deleted, destroy refuses the live one", async () => {
    const p = await platform()
    const blue = await run(p, { phase: 'full', extra: 'blue' })
    expect(blue.stderr).not.toMatch(/Unexpected error/)
    expect(blue.code).toBe(0)
    expect(await attached(p)).toEqual([await groupOf('shop-blue')])

    const green = await run(p, { phase: 'full', extra: 'green' })
    expect(green.code).toBe(0)
    const greenGroup = await groupOf('shop-green')
    expect(await attached(p)).toEqual([greenGroup])
    expect(green.outputs['active-stack']).toBe('shop-green')
    expect(green.outputs['previous-stack']).toBe('shop-blue')
    expect(await exists('shop-blue')).toBe(false)
    // attach, healthy, then detach: in this order in the log
    const out = green.stdout
    expect(out).toMatch(new RegExp(`Attaching Auto Scaling group ${greenGroup} to target group`))
    expect(out.indexOf(`Attaching Auto Scaling group ${greenGroup}`)).toBeLessThan(out.indexOf(`Auto Scaling group ${greenGroup}: 2 instance(s) healthy`))
    expect(out.indexOf(`Auto Scaling group ${greenGroup}: 2 instance(s) healthy`)).toBeLessThan(out.indexOf('Detaching Auto Scaling group shop-blue-'))
    const health = (await env.clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: p.SharedTargetGroupArn }))).TargetHealthDescriptions ?? []
    const greenInstances = (await env.clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [greenGroup] }))).AutoScalingGroups![0].Instances!.map((i) => i.InstanceId)
    expect(health.map((h) => h.Target?.Id).sort()).toEqual([...greenInstances].sort())

    const destroy = await run(p, { phase: 'destroy', extra: 'green', template: '', parameters: '' })
    expect(destroy.code).toBe(1)
    expect(destroy.stdout).toMatch(/::error::[^\n]*shop-green[^\n]*live/)
    expect(await exists('shop-green')).toBe(true)
    expect(await attached(p)).toEqual([greenGroup])
  }, 240_000)

  it('a re-run of the promotion finds green live and changes nothing', async () => {
    const p = await platform()
    expect((await run(p, { phase: 'full', extra: 'blue' })).code).toBe(0)
    expect((await run(p, { phase: 'deploy', extra: 'green' })).code).toBe(0)
    const blueGroup = await groupOf('shop-blue')
    const dry = await run(p, { phase: 'promote', extra: 'green', template: '', parameters: '', 'dry-run': 'true' })
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(new RegExp(`\\[dry-run\\] would check that target group [\\w-]+ still routes to Auto Scaling group ${blueGroup}, then switch it to Auto Scaling group shop-green-`))
    expect(await attached(p)).toEqual([blueGroup])
    const promote = await run(p, { phase: 'promote', extra: 'green', template: '', parameters: '', 'keep-previous': 'true' })
    expect(promote.code).toBe(0)
    const again = await run(p, { phase: 'promote', extra: 'green', template: '', parameters: '', 'keep-previous': 'true' })
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/target group [\w-]+ already routes to shop-green \(Auto Scaling group shop-green-[\w-]+\): nothing to switch/)
    expect(again.stdout).not.toMatch(/Attaching Auto Scaling group|Detaching Auto Scaling group/)
    expect(await attached(p)).toEqual([await groupOf('shop-green')])
  }, 240_000)

  it('finishes a swap that stopped between attach and detach: the older environment goes, whatever the names sort like', async () => {
    const p = await platform()
    // green's stack and group names sort before blue's, so no ordering of names can stand in for which is live
    expect((await run(p, { phase: 'full', extra: 'z1' })).code).toBe(0)
    expect((await run(p, { phase: 'deploy', extra: 'a2' })).code).toBe(0)
    const green = await groupOf('shop-a2')
    // what an interrupted promotion leaves: green attached beside blue
    await env.clients.autoscaling.send(new AttachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: green, TargetGroupARNs: [p.SharedTargetGroupArn] }))
    expect(await attached(p)).toEqual([green, await groupOf('shop-z1')].sort())

    const resumed = await run(p, { phase: 'promote', extra: 'a2', template: '', parameters: '' })
    expect(resumed.code).toBe(0)
    expect(resumed.stdout).toMatch(/2 Auto Scaling groups are attached to target group [\w-]+ \([^)]*\): all of them serve; a swap did not finish/)
    expect(resumed.stdout).toMatch(/Live: [^\n]* → stack shop-z1 /)
    expect(resumed.stdout).toMatch(new RegExp(`Auto Scaling group ${green} is already attached`))
    expect(await attached(p)).toEqual([green])
    expect(await exists('shop-z1')).toBe(false)
  }, 240_000)

  it('refuses bad outputs before the target group changes, naming asg-output', async () => {
    const p = await platform()
    expect((await run(p, { phase: 'full', extra: 'blue' })).code).toBe(0)
    const before = await attached(p)

    const arn = 'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x:autoScalingGroupName/shop-blue'
    const bad = await run(p, { phase: 'full', extra: 'green', parameters: `SubnetId=${p.SubnetId}\nLaunchTemplateId=${p.LaunchTemplateId}\nPublicUrl=${server.url('green')}\nAsgOutputValue=${arn}` })
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/::error::[^\n]*output AutoScalingGroupName \(the asg-output input\) holds "arn:aws:autoscaling[^"]*", which is not an Auto Scaling group name/)
    expect(await attached(p)).toEqual(before)

    const unknown = await run(p, {
      phase: 'full',
      extra: 'green',
      parameters: `SubnetId=${p.SubnetId}\nLaunchTemplateId=${p.LaunchTemplateId}\nPublicUrl=${server.url('green')}\nAsgOutputValue=no-such-group`
    })
    expect(unknown.code).toBe(1)
    expect(unknown.stdout).toMatch(/::error::[^\n]*names Auto Scaling group no-such-group, which does not exist/)
    expect(await attached(p)).toEqual(before)
  }, 240_000)
})
