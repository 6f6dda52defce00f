/**
 * The target-group router (the fleet swap) against aws-sdk-client-mock answer sequences that follow AWS's
 * documented behaviour: DescribeAutoScalingGroups pages by NextToken and lists each group's TargetGroupARNs
 * (and TrafficSources); AttachLoadBalancerTargetGroups registers the group's instances, which DescribeTargetHealth
 * reports `initial` until they pass the health check, then `healthy`; DetachLoadBalancerTargetGroups
 * deregisters them, `draining` for the target group's deregistration delay, then gone. moto registers
 * instances healthy and deregisters them at once, so the waits are tested here.
 */
import { mockClient } from 'aws-sdk-client-mock'
import { AttachLoadBalancerTargetGroupsCommand, AutoScalingClient, DescribeAutoScalingGroupsCommand, DetachLoadBalancerTargetGroupsCommand, type AutoScalingGroup } from '@aws-sdk/client-auto-scaling'
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation'
import { DescribeTargetGroupsCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client, type TargetHealthStateEnum } from '@aws-sdk/client-elastic-load-balancing-v2'
import { createClients } from '../../src/aws/all-clients.js'
import { fakeClock } from '../../src/clock.js'
import { DeployError, TimeoutError } from '../../src/errors.js'
import type { EnvironmentStack } from '../../src/core/environments.js'
import { createRouter } from '../../src/core/routers/index.js'
import { TargetGroupRouter } from '../../src/core/routers/target-group.js'
import { testContext } from '../support/context.js'

const elb = mockClient(ElasticLoadBalancingV2Client)
const asg = mockClient(AutoScalingClient)
const cfn = mockClient(CloudFormationClient)
const clients = createClients({ region: 'us-east-1', maxAttempts: 1 })

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-web/73e2d6bc24d8a067'
const door = { router: 'target-group' as const, targetGroupArn: TG, asgOutput: 'AutoScalingGroupName' }

/** The Auto Scaling groups of the account, as the test's world changes them. */
let attached: Record<string, boolean>
/** The writes and health reads, in the order AWS received them. */
let calls: string[]
const instances: Record<string, string[]> = { 'shop-blue-Asg-1': ['i-b1', 'i-b2'], 'shop-green-Asg-2': ['i-g1', 'i-g2'], 'other-app-Asg': ['i-o1'] }
let desired: Record<string, number>

function group(name: string): AutoScalingGroup {
  return {
    AutoScalingGroupName: name,
    MinSize: 1,
    MaxSize: 4,
    DesiredCapacity: desired[name] ?? 2,
    DefaultCooldown: 300,
    AvailabilityZones: ['us-east-1a'],
    HealthCheckType: 'ELB',
    CreatedTime: new Date(),
    TargetGroupARNs: attached[name] ? [TG] : [],
    Instances: (instances[name] ?? []).map((id) => ({ InstanceId: id, LifecycleState: 'InService', HealthStatus: 'Healthy', AvailabilityZone: 'us-east-1a', ProtectedFromScaleIn: false }))
  }
}

/** AWS's world: DescribeAutoScalingGroups in two pages; attach/detach flip the attachment. */
function world(start: Record<string, boolean>) {
  attached = { ...start }
  desired = {}
  calls = []
  elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: TG }] })
  asg.on(DescribeAutoScalingGroupsCommand).callsFake((input) => {
    if (input.AutoScalingGroupNames) return { AutoScalingGroups: input.AutoScalingGroupNames.filter((n: string) => n in instances).map(group) }
    return input.NextToken ? { AutoScalingGroups: [group('other-app-Asg'), group('shop-green-Asg-2')] } : { AutoScalingGroups: [group('shop-blue-Asg-1')], NextToken: 'p2' }
  })
  asg.on(AttachLoadBalancerTargetGroupsCommand).callsFake((input) => {
    attached[input.AutoScalingGroupName] = true
    calls.push(`attach ${input.AutoScalingGroupName}`)
    return {}
  })
  asg.on(DetachLoadBalancerTargetGroupsCommand).callsFake((input) => {
    attached[input.AutoScalingGroupName] = false
    calls.push(`detach ${input.AutoScalingGroupName}`)
    return {}
  })
}

const health = (states: Record<string, TargetHealthStateEnum>) => ({ TargetHealthDescriptions: Object.entries(states).map(([Id, State]) => ({ Target: { Id, Port: 80 }, TargetHealth: { State } })) })

const order = () => calls.filter((c) => !c.startsWith('health'))

const env = (name: string, outputs: Record<string, string>, ownership: EnvironmentStack['ownership'] = 'ours'): EnvironmentStack => ({
  stackName: name,
  stackId: `${name}-id`,
  status: 'CREATE_COMPLETE',
  createdAt: 0,
  tagged: ownership === 'ours',
  ownership,
  outputs
})
const view = (name: string, outputs: Record<string, string>) => ({
  stackName: name,
  stackId: `${name}-id`,
  stack: { StackName: name, StackStatus: 'CREATE_COMPLETE' as const, CreationTime: new Date() },
  outputs
})

beforeEach(() => {
  elb.reset()
  asg.reset()
  cfn.reset()
})

describe('target-group router: what is attached', () => {
  it('reads every page of Auto Scaling groups and keeps those attached to the target group', async () => {
    world({ 'shop-blue-Asg-1': true, 'other-app-Asg': false })
    const router = new TargetGroupRouter(testContext(clients), door, 'us-east-1')
    expect(await router.read()).toEqual({ asgName: 'shop-blue-Asg-1', attached: ['shop-blue-Asg-1'] })
    expect(asg.commandCalls(DescribeAutoScalingGroupsCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'p2'])
    expect(router.lockKey).toEqual({ scope: 'tg-shop-web-73e2d6bc24d8a067', path: '' })
    expect(router.where).toBe('target group shop-web')
  })

  it('with both attached (a swap stopped half-way) the one being swapped in is not the live one, and no single target is the same', async () => {
    world({ 'shop-blue-Asg-1': true, 'shop-green-Asg-2': true })
    const router = new TargetGroupRouter(testContext(clients), door, 'us-east-1')
    const both = (await router.read({ asgName: 'shop-green-Asg-2' }))!
    expect(both).toEqual({ asgName: 'shop-blue-Asg-1', attached: ['shop-blue-Asg-1', 'shop-green-Asg-2'] })
    expect(router.same(both, { asgName: 'shop-green-Asg-2' })).toBe(false)
    expect(router.same(both, { asgName: 'shop-blue-Asg-1' })).toBe(false)
    expect(router.same(both, { ...both })).toBe(true)
    expect(router.describe(both)).toMatch(/shop-blue-Asg-1 and shop-green-Asg-2 \(a swap in progress\)/)
  })

  it('says the target group does not exist, naming target-group-arn', async () => {
    elb.on(DescribeTargetGroupsCommand).rejects(Object.assign(new Error('One or more target groups not found'), { name: 'TargetGroupNotFoundException' }))
    await expect(new TargetGroupRouter(testContext(clients), door, 'us-east-1').read()).rejects.toThrow(/\(target-group-arn\) does not exist/)
  })
})

describe('target-group router: the fleet swap', () => {
  it('attaches green, waits until its instances are healthy in the target group, then detaches blue', async () => {
    world({ 'shop-blue-Asg-1': true })
    const readings = [
      health({ 'i-b1': 'healthy', 'i-b2': 'healthy', 'i-g1': 'initial', 'i-g2': 'initial' }),
      health({ 'i-b1': 'healthy', 'i-b2': 'healthy', 'i-g1': 'healthy', 'i-g2': 'initial' }),
      health({ 'i-b1': 'healthy', 'i-b2': 'healthy', 'i-g1': 'healthy', 'i-g2': 'healthy' })
    ]
    elb.on(DescribeTargetHealthCommand).callsFake(() => {
      calls.push('health')
      return readings[Math.min(calls.filter((c) => c === 'health').length, readings.length) - 1]
    })
    const clock = fakeClock()
    const ctx = testContext(clients, { clock })
    const router = new TargetGroupRouter(ctx, door, 'us-east-1')
    const written = await router.write(await router.read(), { asgName: 'shop-green-Asg-2' })
    expect(order()).toEqual(['attach shop-green-Asg-2', 'detach shop-blue-Asg-1'])
    // blue was detached only after the third health reading, the first with every green instance healthy
    expect(calls).toEqual(['attach shop-green-Asg-2', 'health', 'health', 'health', 'detach shop-blue-Asg-1'])
    expect(written).toEqual({ asgName: 'shop-green-Asg-2', attached: ['shop-green-Asg-2'] })
    expect(router.same(written, { asgName: 'shop-green-Asg-2' })).toBe(true)
    expect(ctx.log.text()).toMatch(/i-g1 healthy, i-g2 initial/)
  })

  it('is idempotent on a re-run: green already attached and blue already detached make no attach or detach call', async () => {
    world({ 'shop-green-Asg-2': true })
    elb.on(DescribeTargetHealthCommand).resolves(health({ 'i-g1': 'healthy', 'i-g2': 'healthy' }))
    const router = new TargetGroupRouter(testContext(clients), door, 'us-east-1')
    expect(await router.write(undefined, { asgName: 'shop-green-Asg-2' })).toEqual({ asgName: 'shop-green-Asg-2', attached: ['shop-green-Asg-2'] })
    expect(order()).toEqual([])
  })

  it('finishes a swap that stopped half-way: green stays attached, blue is detached', async () => {
    world({ 'shop-blue-Asg-1': true, 'shop-green-Asg-2': true })
    elb.on(DescribeTargetHealthCommand).resolves(health({ 'i-g1': 'healthy', 'i-g2': 'healthy', 'i-b1': 'healthy', 'i-b2': 'healthy' }))
    const router = new TargetGroupRouter(testContext(clients), door, 'us-east-1')
    await router.write(await router.read({ asgName: 'shop-green-Asg-2' }), { asgName: 'shop-green-Asg-2' })
    expect(order()).toEqual(['detach shop-blue-Asg-1'])
  })

  it('rolls back the same way: blue is attached again and healthy before green is detached', async () => {
    world({ 'shop-green-Asg-2': true })
    elb.on(DescribeTargetHealthCommand).resolves(health({ 'i-g1': 'healthy', 'i-g2': 'healthy', 'i-b1': 'healthy', 'i-b2': 'healthy' }))
    const router = new TargetGroupRouter(testContext(clients), door, 'us-east-1')
    await router.write(await router.read(), { asgName: 'shop-blue-Asg-1' })
    expect(order()).toEqual(['attach shop-blue-Asg-1', 'detach shop-green-Asg-2'])
  })

  it('when green never gets healthy before timeout-minutes: detaches green again, blue never stopped serving', async () => {
    world({ 'shop-blue-Asg-1': true })
    elb.on(DescribeTargetHealthCommand).resolves(health({ 'i-b1': 'healthy', 'i-b2': 'healthy', 'i-g1': 'unhealthy', 'i-g2': 'healthy' }))
    const clock = fakeClock()
    const ctx = testContext(clients, { clock, deadline: clock.now() + 60_000, pollMs: 5000 })
    const err = await new TargetGroupRouter(ctx, door, 'us-east-1').write(undefined, { asgName: 'shop-green-Asg-2' }).catch((e) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect(err.message).toMatch(/waiting for Auto Scaling group shop-green-Asg-2 to be healthy in target group shop-web: i-g1 unhealthy, i-g2 healthy[^]*the fleet that served before still serves/)
    expect(order()).toEqual(['attach shop-green-Asg-2', 'detach shop-green-Asg-2'])
    expect(attached['shop-blue-Asg-1']).toBe(true)
    expect(clock.now()).toBeLessThanOrEqual(ctx.deadline)
  })

  it('refuses a group with desired capacity 0 (nothing would serve): detached again, blue never detached', async () => {
    world({ 'shop-blue-Asg-1': true })
    desired['shop-green-Asg-2'] = 0
    const err = await new TargetGroupRouter(testContext(clients), door, 'us-east-1').write(undefined, { asgName: 'shop-green-Asg-2' }).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(/desired capacity of 0/)
    expect(order()).toEqual(['attach shop-green-Asg-2', 'detach shop-green-Asg-2'])
  })
})

describe('target-group router: draining, offers, owners, routes', () => {
  it("waits until none of the detached group's instances is draining (moto deregisters at once; AWS drains for the delay)", async () => {
    world({ 'shop-green-Asg-2': true })
    elb
      .on(DescribeTargetHealthCommand)
      .resolvesOnce(health({ 'i-b1': 'draining', 'i-b2': 'draining', 'i-g1': 'healthy' }))
      .resolvesOnce(health({ 'i-b2': 'draining', 'i-g1': 'healthy' }))
      .resolves(health({ 'i-g1': 'healthy' }))
    const clock = fakeClock()
    const ctx = testContext(clients, { clock })
    await new TargetGroupRouter(ctx, door, 'us-east-1').drained({ asgName: 'shop-blue-Asg-1' })
    expect(elb.commandCalls(DescribeTargetHealthCommand)).toHaveLength(3)
    expect(clock.slept).toEqual([ctx.pollMs, ctx.pollMs])
    expect(ctx.log.text()).toMatch(/Waiting for 2 instance\(s\) of shop-blue-Asg-1 to finish draining/)
  })

  it('gives up draining at timeout-minutes, saying blue was kept', async () => {
    world({ 'shop-green-Asg-2': true })
    elb.on(DescribeTargetHealthCommand).resolves(health({ 'i-b1': 'draining' }))
    const clock = fakeClock()
    const err = await new TargetGroupRouter(testContext(clients, { clock, deadline: clock.now() + 1000 }), door, 'us-east-1').drained({ asgName: 'shop-blue-Asg-1' }).catch((e) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect(err.message).toMatch(/i-b1 still draining[^]*blue was kept/)
  })

  it('offers the group named by asg-output, refusing a missing output, an ARN instead of a name and an unknown group', async () => {
    world({})
    const router = new TargetGroupRouter(testContext(clients), door, 'us-east-1')
    await expect(router.offer(view('shop-green', {}), {})).rejects.toThrow(/no output AutoScalingGroupName \(the asg-output input\)/)
    await expect(router.offer(view('shop-green', { AutoScalingGroupName: 'arn:aws:autoscaling:us-east-1:1:autoScalingGroup:x' }), {})).rejects.toThrow(/not an Auto Scaling group name/)
    await expect(router.offer(view('shop-green', { AutoScalingGroupName: 'nope' }), {})).rejects.toThrow(/names Auto Scaling group nope, which does not exist/)
    expect(await router.offer(view('shop-green', { AutoScalingGroupName: 'shop-green-Asg-2' }), {})).toEqual({ target: { asgName: 'shop-green-Asg-2' } })
    desired['shop-green-Asg-2'] = 0
    await expect(router.offer(view('shop-green', { AutoScalingGroupName: 'shop-green-Asg-2' }), {})).rejects.toThrow(
      /shop-green-Asg-2 \(output AutoScalingGroupName, the asg-output input\) has a desired capacity of 0/
    )
  })

  it('with several groups attached, the oldest of their stacks is live and no environment id matches the reading', async () => {
    const ctx = testContext(clients)
    const router = new TargetGroupRouter(ctx, door, 'us-east-1')
    const older = { ...env('shop-z1', { AutoScalingGroupName: 'shop-z1-Fleet' }), createdAt: 1000 }
    const newer = { ...env('shop-a2', { AutoScalingGroupName: 'shop-a2-Fleet' }), createdAt: 2000 }
    const both = { asgName: 'shop-a2-Fleet', attached: ['shop-a2-Fleet', 'shop-z1-Fleet'] }
    expect(await router.findOwner(both, async () => [newer, older])).toEqual({ stackName: 'shop-z1', via: 'output' })
    expect(router.ownerKey(both)).toBe('shop-a2-Fleet + shop-z1-Fleet')
    expect(router.ownerKey({ asgName: 'shop-a2-Fleet' })).toBe('shop-a2-Fleet')
    expect(ctx.log.text()).toMatch(/2 Auto Scaling groups are attached to target group shop-web \(shop-a2-Fleet, shop-z1-Fleet\): all of them serve/)
  })

  it("finds the owner by the output, never another app's stack", async () => {
    const router = new TargetGroupRouter(testContext(clients), door, 'us-east-1')
    const stacks = [env('other', { AutoScalingGroupName: 'shop-blue-Asg-1' }, 'another app'), env('shop-blue', { AutoScalingGroupName: 'shop-blue-Asg-1' })]
    expect(await router.findOwner({ asgName: 'shop-blue-Asg-1', attached: ['shop-blue-Asg-1'] }, async () => stacks)).toEqual({ stackName: 'shop-blue', via: 'output' })
  })

  it('routes to a stack when its group (output, or a resource of a nested stack) is attached', async () => {
    world({ 'shop-blue-Asg-1': true })
    cfn.on(DescribeStacksCommand, { StackName: 'shop-blue' }).resolves({ Stacks: [{ StackName: 'shop-blue', StackId: 'blue-id', StackStatus: 'UPDATE_FAILED', CreationTime: new Date() }] })
    cfn.on(ListStackResourcesCommand, { StackName: 'blue-id' }).resolves({
      StackResourceSummaries: [
        { LogicalResourceId: 'Fleet', ResourceType: 'AWS::CloudFormation::Stack', PhysicalResourceId: 'fleet-id', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }
      ]
    })
    cfn.on(ListStackResourcesCommand, { StackName: 'fleet-id' }).resolves({
      StackResourceSummaries: [
        { LogicalResourceId: 'Asg', ResourceType: 'AWS::AutoScaling::AutoScalingGroup', PhysicalResourceId: 'shop-blue-Asg-1', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }
      ]
    })
    const router = new TargetGroupRouter(testContext(clients), door, 'us-east-1')
    expect((await router.routesTo('shop-blue')).routes).toEqual([{ where: 'target group shop-web', reaches: 'Auto Scaling group shop-blue-Asg-1', isFrontDoor: true }])
    cfn.on(DescribeStacksCommand, { StackName: 'shop-green' }).resolves({
      Stacks: [
        { StackName: 'shop-green', StackId: 'green-id', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'AutoScalingGroupName', OutputValue: 'shop-green-Asg-2' }] }
      ]
    })
    cfn.on(ListStackResourcesCommand, { StackName: 'green-id' }).resolves({ StackResourceSummaries: [] })
    expect((await router.routesTo('shop-green')).routes).toEqual([])
  })

  it('is what createRouter makes for router target-group, with the clients it calls', async () => {
    const router = await createRouter(testContext(clients), door, 'us-east-1')
    expect(router).toBeInstanceOf(TargetGroupRouter)
    expect([...router.services].sort()).toEqual(['autoscaling', 'elbv2'])
  })
})
