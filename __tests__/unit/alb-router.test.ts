/**
 * The alb router against aws-sdk-client-mock answer sequences that follow the Elastic Load Balancing API
 * reference: DescribeListeners / DescribeRules return a forward action either as TargetGroupArn or as a
 * ForwardConfig of weighted target groups; ModifyListener / ModifyRule replace the actions; an
 * authenticate-oidc action is read back without its client secret (UseExistingClientSecret keeps it);
 * DescribeTargetGroupAttributes holds deregistration_delay.timeout_seconds; DescribeTargetHealth reports
 * `draining` while a deregistered target finishes its requests (moto never drains, so this is tested here).
 */
import { mockClient } from 'aws-sdk-client-mock'
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation'
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyRuleCommand,
  type Action
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { createClients } from '../../src/aws/all-clients.js'
import { fakeClock } from '../../src/clock.js'
import { DeployError, TimeoutError } from '../../src/errors.js'
import type { EnvironmentStack } from '../../src/core/environments.js'
import { AlbRouter, forwardTo, listenerOfRule } from '../../src/core/routers/alb.js'
import { createRouter } from '../../src/core/routers/index.js'
import { testContext } from '../support/context.js'

const elb = mockClient(ElasticLoadBalancingV2Client)
const cfn = mockClient(CloudFormationClient)
const clients = createClients({ region: 'us-east-1', maxAttempts: 1 })

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012'
const LB = `${ARN}:loadbalancer/app/shop/50dc6c495c0c9188`
const LISTENER = `${ARN}:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2`
const RULE = `${ARN}:listener-rule/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`
const DEFAULT_RULE = `${ARN}:listener-rule/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2/0000000000000001`
const BLUE = `${ARN}:targetgroup/shop-blue/73e2d6bc24d8a067`
const GREEN = `${ARN}:targetgroup/shop-green/1a2b3c4d5e6f7a8b`
const OTHER = `${ARN}:targetgroup/shop-admin/0f0e0d0c0b0a0908`

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } })
}

const listenerDoor = { router: 'alb' as const, listenerArn: LISTENER, targetGroupOutput: 'TargetGroupArn' }
const ruleDoor = { router: 'alb' as const, listenerRuleArn: RULE, targetGroupOutput: 'TargetGroupArn' }

function listener(actions: Action[], protocol: 'HTTP' | 'HTTPS' = 'HTTP', port = 80) {
  elb.on(DescribeListenersCommand, { ListenerArns: [LISTENER] }).resolves({ Listeners: [{ ListenerArn: LISTENER, LoadBalancerArn: LB, Protocol: protocol, Port: port, DefaultActions: actions }] })
  elb.on(DescribeLoadBalancersCommand, { LoadBalancerArns: [LB] }).resolves({ LoadBalancers: [{ LoadBalancerArn: LB, DNSName: 'shop-1234567890.us-east-1.elb.amazonaws.com' }] })
}

const env = (name: string, outputs: Record<string, string>, ownership: EnvironmentStack['ownership'] = 'ours'): EnvironmentStack => ({
  stackName: name,
  stackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/1`,
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
  cfn.reset()
})

describe('alb router: reading the forward action', () => {
  it('reads the target group of a plain forward, and of a weighted forward whose other groups have weight 0', async () => {
    listener([{ Type: 'forward', TargetGroupArn: BLUE }])
    const router = new AlbRouter(testContext(clients), listenerDoor, 'us-east-1')
    expect((await router.read())?.targetGroupArn).toBe(BLUE)
    expect(router.url).toBe('http://shop-1234567890.us-east-1.elb.amazonaws.com')

    elb.reset()
    listener([
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: BLUE, Weight: 0 },
            { TargetGroupArn: GREEN, Weight: 1 }
          ]
        }
      }
    ])
    expect((await new AlbRouter(testContext(clients), listenerDoor, 'us-east-1').read())?.targetGroupArn).toBe(GREEN)
  })

  it('refuses a listener that does not forward, naming listener-arn', async () => {
    listener([{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }])
    const err = await new AlbRouter(testContext(clients), listenerDoor, 'us-east-1').read().catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(/\(listener-arn\) does not forward to a target group: its actions are redirect/)
  })

  // Two groups with weight above 0 used to be refused; a stepped shift (issue #15) writes exactly that split,
  // so it is now read (findOwner checks both groups are the app's), and only more than two are refused.
  it('refuses a forward split between more than two target groups with weight above 0', async () => {
    listener([
      {
        Type: 'forward',
        ForwardConfig: {
          TargetGroups: [
            { TargetGroupArn: BLUE, Weight: 80 },
            { TargetGroupArn: GREEN, Weight: 10 },
            { TargetGroupArn: OTHER, Weight: 10 }
          ]
        }
      }
    ])
    const err = await new AlbRouter(testContext(clients), listenerDoor, 'us-east-1').read().catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(/\(listener-arn\) forwards to 3 target groups with weight above 0 \(shop-blue 80, shop-green 10, shop-admin 10\)/)
    await expect(new AlbRouter(testContext(clients), listenerDoor, 'us-east-1').readWeights({ targetGroupArn: GREEN })).rejects.toThrow(/forwards to 3 target groups/)
  })

  it('reads one rule, naming listener-rule-arn when it does not forward, and reaches the rule by its one host name', async () => {
    listener([{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }], 'HTTPS', 8443)
    elb.on(DescribeRulesCommand, { RuleArns: [RULE] }).resolves({
      Rules: [{ RuleArn: RULE, Priority: '10', Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['shop.example.com'] } }], Actions: [{ Type: 'forward', TargetGroupArn: BLUE }] }]
    })
    const router = new AlbRouter(testContext(clients), ruleDoor, 'us-east-1')
    expect(listenerOfRule(RULE)).toBe(LISTENER)
    expect((await router.read())?.targetGroupArn).toBe(BLUE)
    expect(router.url).toBe('https://shop.example.com:8443')
    expect(router.lockKey).toEqual({ scope: 'alb-9683b2d02a6cabee', path: '' })

    elb.on(DescribeRulesCommand, { RuleArns: [RULE] }).resolves({ Rules: [{ RuleArn: RULE, Priority: '10', Actions: [{ Type: 'fixed-response' }] }] })
    await expect(new AlbRouter(testContext(clients), ruleDoor, 'us-east-1').read()).rejects.toThrow(/\(listener-rule-arn\) does not forward/)
  })

  it('says the listener does not exist, naming listener-arn and the region', async () => {
    elb.on(DescribeListenersCommand).rejects(awsError('ListenerNotFoundException', 'One or more listeners not found'))
    await expect(new AlbRouter(testContext(clients), listenerDoor, 'eu-west-1').read()).rejects.toThrow(/listener .* does not exist in this account and region \(eu-west-1\)[^]*Check listener-arn/)
  })
})

describe('alb router: the switch', () => {
  it('rewrites only the forward: authenticate-oidc keeps its place (and its stored secret), the forward its order and stickiness', async () => {
    const oidc: Action = {
      Type: 'authenticate-oidc',
      Order: 1,
      AuthenticateOidcConfig: { Issuer: 'https://idp', AuthorizationEndpoint: 'https://idp/a', TokenEndpoint: 'https://idp/t', UserInfoEndpoint: 'https://idp/u', ClientId: 'c' }
    }
    const forward: Action = {
      Type: 'forward',
      Order: 2,
      TargetGroupArn: BLUE,
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: BLUE, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 } }
    }
    listener([oidc, forward])
    elb.on(ModifyListenerCommand).callsFake((input) => ({ Listeners: [{ ListenerArn: LISTENER, DefaultActions: input.DefaultActions }] }))
    const router = new AlbRouter(testContext(clients), listenerDoor, 'us-east-1')
    const written = await router.write(await router.read(), { targetGroupArn: GREEN })
    expect(written.targetGroupArn).toBe(GREEN)
    const sent = elb.commandCalls(ModifyListenerCommand)[0].args[0].input
    expect(sent.DefaultActions).toEqual([
      { ...oidc, AuthenticateOidcConfig: { ...oidc.AuthenticateOidcConfig, UseExistingClientSecret: true } },
      { Type: 'forward', Order: 2, ForwardConfig: { TargetGroups: [{ TargetGroupArn: GREEN, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 } } }
    ])
    expect(sent.ListenerArn).toBe(LISTENER)
  })

  it('a rule is switched with ModifyRule (its conditions untouched), a plain forward stays plain', async () => {
    listener([{ Type: 'fixed-response' }])
    elb.on(DescribeRulesCommand, { RuleArns: [RULE] }).resolves({ Rules: [{ RuleArn: RULE, Priority: '10', Actions: [{ Type: 'forward', TargetGroupArn: BLUE }] }] })
    elb.on(ModifyRuleCommand).callsFake((input) => ({ Rules: [{ RuleArn: RULE, Actions: input.Actions }] }))
    const router = new AlbRouter(testContext(clients), ruleDoor, 'us-east-1')
    await router.write(undefined, { targetGroupArn: GREEN })
    expect(elb.commandCalls(ModifyRuleCommand)[0].args[0].input).toEqual({ RuleArn: RULE, Actions: [{ Type: 'forward', TargetGroupArn: GREEN }] })
    expect(elb.commandCalls(ModifyListenerCommand)).toHaveLength(0)
    expect(forwardTo([{ Type: 'forward', TargetGroupArn: GREEN }], GREEN)).toEqual([{ Type: 'forward', TargetGroupArn: GREEN }]) // idempotent
  })
})

function attributes(seconds?: string) {
  elb.on(DescribeTargetGroupAttributesCommand, { TargetGroupArn: BLUE }).resolves({ Attributes: seconds === undefined ? [] : [{ Key: 'deregistration_delay.timeout_seconds', Value: seconds }] })
}

const split = (blue: number, green: number, stickiness?: { Enabled: boolean; DurationSeconds: number }): Action => ({
  Type: 'forward',
  ForwardConfig: {
    TargetGroups: [
      { TargetGroupArn: BLUE, Weight: blue },
      { TargetGroupArn: GREEN, Weight: green }
    ],
    ...(stickiness ? { TargetGroupStickinessConfig: stickiness } : {})
  }
})

describe('alb router: weighted forwards (traffic-steps)', () => {
  const echoListener = () => elb.on(ModifyListenerCommand).callsFake((input) => ({ Listeners: [{ ListenerArn: LISTENER, DefaultActions: input.DefaultActions }] }))

  it('setWeights writes one ModifyListener with both groups weighted 100 - percent and percent, keeping authenticate-oidc, the order and the stickiness', async () => {
    const oidc: Action = {
      Type: 'authenticate-oidc',
      Order: 1,
      AuthenticateOidcConfig: { Issuer: 'https://idp', AuthorizationEndpoint: 'https://idp/a', TokenEndpoint: 'https://idp/t', UserInfoEndpoint: 'https://idp/u', ClientId: 'c' }
    }
    const stickiness = { Enabled: true, DurationSeconds: 600 }
    listener([oidc, { Type: 'forward', Order: 2, TargetGroupArn: BLUE, ForwardConfig: { TargetGroups: [{ TargetGroupArn: BLUE, Weight: 1 }], TargetGroupStickinessConfig: stickiness } }])
    echoListener()
    const ctx = testContext(clients)
    const router = new AlbRouter(ctx, listenerDoor, 'us-east-1')
    await router.setWeights({ targetGroupArn: BLUE }, { targetGroupArn: GREEN }, 10)
    expect(elb.commandCalls(ModifyListenerCommand)).toHaveLength(1)
    expect(elb.commandCalls(ModifyListenerCommand)[0].args[0].input).toEqual({
      ListenerArn: LISTENER,
      DefaultActions: [
        { ...oidc, AuthenticateOidcConfig: { ...oidc.AuthenticateOidcConfig, UseExistingClientSecret: true } },
        {
          Type: 'forward',
          Order: 2,
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: BLUE, Weight: 90 },
              { TargetGroupArn: GREEN, Weight: 10 }
            ],
            TargetGroupStickinessConfig: stickiness
          }
        }
      ]
    })
    expect(ctx.log.text()).toMatch(/shop-blue \(weight 90\) and shop-green \(weight 10\) \(ModifyListener\)/)
    await expect(router.setWeights({ targetGroupArn: BLUE }, { targetGroupArn: GREEN }, 100)).rejects.toThrow(RangeError)
  })

  it('setWeights on a rule is one ModifyRule; a plain forward becomes a ForwardConfig without TargetGroupArn (AWS refuses two groups beside it)', async () => {
    listener([{ Type: 'fixed-response' }])
    elb.on(DescribeRulesCommand, { RuleArns: [RULE] }).resolves({ Rules: [{ RuleArn: RULE, Priority: '10', Actions: [{ Type: 'forward', TargetGroupArn: BLUE }] }] })
    elb.on(ModifyRuleCommand).callsFake((input) => ({ Rules: [{ RuleArn: RULE, Actions: input.Actions }] }))
    await new AlbRouter(testContext(clients), ruleDoor, 'us-east-1').setWeights({ targetGroupArn: BLUE }, { targetGroupArn: GREEN }, 50)
    expect(elb.commandCalls(ModifyRuleCommand)[0].args[0].input).toEqual({
      RuleArn: RULE,
      Actions: [
        {
          Type: 'forward',
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: BLUE, Weight: 50 },
              { TargetGroupArn: GREEN, Weight: 50 }
            ]
          }
        }
      ]
    })
    expect(elb.commandCalls(ModifyListenerCommand)).toHaveLength(0)
  })

  it('reads a split as the group with the larger weight (the first at a tie), with both weights; readWeights gives green’s share, undefined for one group', async () => {
    listener([split(90, 10)])
    const router = new AlbRouter(testContext(clients), listenerDoor, 'us-east-1')
    const reading = await router.read()
    expect(reading).toMatchObject({
      targetGroupArn: BLUE,
      split: [
        { arn: BLUE, weight: 90 },
        { arn: GREEN, weight: 10 }
      ]
    })
    expect(router.describe(reading)).toBe('target groups shop-blue (weight 90) and shop-green (weight 10)')
    expect(await router.readWeights({ targetGroupArn: GREEN })).toEqual({ green: 10 })
    // a split is the same only as the same split, never as a single group
    expect(router.same(reading, { targetGroupArn: BLUE })).toBe(false)
    expect(router.same(reading, await router.read())).toBe(true)

    elb.reset()
    listener([split(50, 50)])
    expect((await router.read())?.targetGroupArn).toBe(BLUE)
    elb.reset()
    listener([split(1, 3)]) // weights set by hand are shares too
    expect((await router.read())?.targetGroupArn).toBe(GREEN)
    expect(await router.readWeights({ targetGroupArn: GREEN })).toEqual({ green: 75 })
    elb.reset()
    listener([split(0, 1)])
    expect(await router.readWeights({ targetGroupArn: GREEN })).toBeUndefined()
    elb.reset()
    listener([{ Type: 'forward', TargetGroupArn: BLUE }])
    expect(await router.readWeights({ targetGroupArn: GREEN })).toBeUndefined()
  })

  it('write turns a split back into one group in one ModifyListener (the final 100%, or all back to blue), keeping the stickiness', async () => {
    const stickiness = { Enabled: true, DurationSeconds: 600 }
    listener([split(50, 50, stickiness)])
    echoListener()
    const router = new AlbRouter(testContext(clients), listenerDoor, 'us-east-1')
    const back = await router.write(await router.read(), { targetGroupArn: BLUE })
    expect(elb.commandCalls(ModifyListenerCommand)).toHaveLength(1)
    expect(elb.commandCalls(ModifyListenerCommand)[0].args[0].input.DefaultActions).toEqual([
      { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: BLUE, Weight: 1 }], TargetGroupStickinessConfig: stickiness } }
    ])
    expect(back).toMatchObject({ targetGroupArn: BLUE })
    expect(back.split).toBeUndefined()
    expect(router.same(back, { targetGroupArn: BLUE })).toBe(true)
  })

  it('refuses a split whose other group is no environment of the app (findOwner), and reads one whose groups both are', async () => {
    const router = new AlbRouter(testContext(clients), listenerDoor, 'us-east-1')
    const stacks = [env('shop-blue', { TargetGroupArn: BLUE }), env('shop-green', { TargetGroupArn: GREEN }), env('other-app', { TargetGroupArn: OTHER }, 'another app')]
    const ours = {
      targetGroupArn: BLUE,
      actions: [],
      split: [
        { arn: BLUE, weight: 90 },
        { arn: GREEN, weight: 10 }
      ]
    }
    expect(await router.findOwner(ours, async () => stacks)).toEqual({ stackName: 'shop-blue', via: 'output' })
    const foreign = {
      targetGroupArn: BLUE,
      actions: [],
      split: [
        { arn: BLUE, weight: 90 },
        { arn: OTHER, weight: 10 }
      ]
    }
    const err = await router.findOwner(foreign, async () => stacks).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(/splits traffic between target groups shop-blue \(weight 90\) and shop-admin \(weight 10\), and shop-admin is no environment of this app/)
  })

  it('the deregistration delay counts from the write that took blue’s weight to 0, not from the steps before', async () => {
    listener([{ Type: 'forward', TargetGroupArn: BLUE }])
    echoListener()
    attributes('120')
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] })
    const clock = fakeClock()
    const router = new AlbRouter(testContext(clients, { clock }), listenerDoor, 'us-east-1')
    await router.setWeights({ targetGroupArn: BLUE }, { targetGroupArn: GREEN }, 10)
    clock.advance(300_000) // the holds
    listener([split(90, 10)])
    await router.write(await router.read(), { targetGroupArn: GREEN })
    clock.advance(20_000) // verify-seconds
    await router.drained({ targetGroupArn: BLUE })
    expect(clock.slept).toEqual([100_000])
  })
})

describe('alb router: draining before blue goes', () => {
  it("waits the old target group's deregistration delay from the switch, then until none of its targets drains", async () => {
    listener([{ Type: 'forward', TargetGroupArn: BLUE }])
    elb.on(ModifyListenerCommand).callsFake((input) => ({ Listeners: [{ ListenerArn: LISTENER, DefaultActions: input.DefaultActions }] }))
    attributes('120')
    elb
      .on(DescribeTargetHealthCommand, { TargetGroupArn: BLUE })
      .resolvesOnce({ TargetHealthDescriptions: [{ Target: { Id: 'i-1' }, TargetHealth: { State: 'draining' } }] })
      .resolvesOnce({ TargetHealthDescriptions: [{ Target: { Id: 'i-1' }, TargetHealth: { State: 'draining' } }] })
      .resolves({ TargetHealthDescriptions: [{ Target: { Id: 'i-1' }, TargetHealth: { State: 'unused' } }] })
    const clock = fakeClock()
    const ctx = testContext(clients, { clock })
    const router = new AlbRouter(ctx, listenerDoor, 'us-east-1')
    await router.write(await router.read(), { targetGroupArn: GREEN })
    const switched = clock.now()
    clock.advance(20_000) // verification took 20 s
    await router.drained({ targetGroupArn: BLUE })
    expect(clock.slept[0]).toBe(100_000) // the rest of the 120 s delay
    expect(clock.now() - switched).toBeGreaterThanOrEqual(120_000 + 2 * ctx.pollMs)
    expect(elb.commandCalls(DescribeTargetHealthCommand)).toHaveLength(3)
    expect(ctx.log.text()).toMatch(/deregistration delay of target group shop-blue/)
    expect(ctx.log.text()).toMatch(/1 target\(s\) still draining \(i-1\)/)
  })

  it('waits the default 300 s when the attribute is absent and the switch was an earlier run’s', async () => {
    attributes(undefined)
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] })
    const clock = fakeClock()
    await new AlbRouter(testContext(clients, { clock }), listenerDoor, 'us-east-1').drained({ targetGroupArn: BLUE })
    expect(clock.slept).toEqual([300_000])
  })

  it('gives up at timeout-minutes, saying green serves and blue was kept', async () => {
    attributes('0')
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [{ Target: { Id: 'i-1' }, TargetHealth: { State: 'draining' } }] })
    const clock = fakeClock()
    const ctx = testContext(clients, { clock, deadline: clock.now() + 1000 })
    const err = await new AlbRouter(ctx, listenerDoor, 'us-east-1').drained({ targetGroupArn: BLUE }).catch((e) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect(err.message).toMatch(/1 of its targets are still draining[^]*blue was kept/)

    attributes('3600')
    const late = await new AlbRouter(testContext(clients, { clock, deadline: clock.now() + 60_000 }), listenerDoor, 'us-east-1').drained({ targetGroupArn: BLUE }).catch((e) => e)
    expect(late.message).toMatch(/deregistration delay \(3600 s\) ends after timeout-minutes/)
  })
})

describe('alb router: what environments offer it, which one owns it, what routes to a stack', () => {
  it('offers the target group of target-group-output, refusing a missing output, a non-ARN, an unknown group and one of another load balancer', async () => {
    const router = new AlbRouter(testContext(clients), listenerDoor, 'us-east-1')
    await expect(router.offer(view('shop-green', {}), {})).rejects.toThrow(/no output TargetGroupArn \(the target-group-output input\)/)
    await expect(router.offer(view('shop-green', { TargetGroupArn: '::set-output name=x::y' }), {})).rejects.toThrow(/holds "\u200b:\u200b:set-output.*which is not a target group ARN/)
    elb.on(DescribeTargetGroupsCommand).rejects(awsError('TargetGroupNotFoundException', 'One or more target groups not found'))
    await expect(router.offer(view('shop-green', { TargetGroupArn: GREEN }), {})).rejects.toThrow(/names target group shop-green, which does not exist/)
    listener([{ Type: 'forward', TargetGroupArn: BLUE }])
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: GREEN, LoadBalancerArns: [`${ARN}:loadbalancer/app/other/0123456789abcdef`] }] })
    await expect(router.offer(view('shop-green', { TargetGroupArn: GREEN }), {})).rejects.toThrow(/which another load balancer uses/)
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: GREEN, LoadBalancerArns: [] }] })
    expect(await router.offer(view('shop-green', { TargetGroupArn: GREEN }), {})).toEqual({ target: { targetGroupArn: GREEN }, note: 'shop-green' })
  })

  it("finds the owner by exact ARN in the output, never in another app's stack", async () => {
    const router = new AlbRouter(testContext(clients), listenerDoor, 'us-east-1')
    const stacks = [env('other-app-x', { TargetGroupArn: BLUE }, 'another app'), env('shop-blue', { TargetGroupArn: BLUE }), env('shop-green', { TargetGroupArn: GREEN })]
    expect(await router.findOwner({ targetGroupArn: BLUE, actions: [] }, async () => stacks)).toEqual({ stackName: 'shop-blue', via: 'output' })
    expect(await router.findOwner({ targetGroupArn: BLUE.toUpperCase(), actions: [] }, async () => stacks)).toBeUndefined()
  })

  it("lists every rule of the listener that forwards to the stack's target groups (output or resource), the moving one as the front door", async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'shop-blue' }).resolves({
      Stacks: [{ StackName: 'shop-blue', StackId: 'blue-id', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [{ OutputKey: 'TargetGroupArn', OutputValue: BLUE }] }]
    })
    const other = `${ARN}:targetgroup/shop-blue-admin/0f0f0f0f0f0f0f0f`
    cfn.on(ListStackResourcesCommand, { StackName: 'blue-id' }).resolves({
      StackResourceSummaries: [
        { LogicalResourceId: 'Admin', ResourceType: 'AWS::ElasticLoadBalancingV2::TargetGroup', PhysicalResourceId: other, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }
      ]
    })
    elb
      .on(DescribeRulesCommand, { ListenerArn: LISTENER })
      .resolvesOnce({
        Rules: [{ RuleArn: DEFAULT_RULE, IsDefault: true, Priority: 'default', Actions: [{ Type: 'forward', TargetGroupArn: BLUE }] }],
        NextMarker: 'page2'
      })
      .resolvesOnce({
        Rules: [
          {
            RuleArn: RULE,
            Priority: '10',
            Actions: [
              {
                Type: 'forward',
                ForwardConfig: {
                  TargetGroups: [
                    { TargetGroupArn: GREEN, Weight: 1 },
                    { TargetGroupArn: other, Weight: 0 }
                  ]
                }
              }
            ]
          }
        ]
      })
    const found = await new AlbRouter(testContext(clients), listenerDoor, 'us-east-1').routesTo('shop-blue')
    expect(found.routes).toEqual([
      { where: 'default action of listener f2f7dc8efc522ab2', reaches: 'target group shop-blue', isFrontDoor: true },
      { where: `rule 10 (${RULE})`, reaches: 'target group shop-blue-admin (weight 0)', isFrontDoor: false }
    ])
    expect(elb.commandCalls(DescribeRulesCommand)[1].args[0].input.Marker).toBe('page2')
  })

  it('is what createRouter makes for router alb', async () => {
    const router = await createRouter(testContext(clients), listenerDoor, 'us-east-1')
    expect(router).toBeInstanceOf(AlbRouter)
    expect(router.lockKey).toEqual({ scope: 'alb-f2f7dc8efc522ab2', path: '' })
    expect(router.services).toEqual(['elbv2'])
  })
})
