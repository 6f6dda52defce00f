/**
 * Router alb through the built action (dist/index.js as the runner runs it) on moto: the platform (VPC, ALB,
 * listener) is one stack created through the CloudFormation API, as a platform team would; each environment
 * stack creates its own target group and names it in the output TargetGroupArn. moto never drains targets:
 * the draining waits are in __tests__/unit/alb-router.test.ts; here the 1 s deregistration delay is waited for real.
 */
import { CreateRuleCommand, DescribeListenersCommand, DescribeRulesCommand, ModifyListenerCommand, type Action } from '@aws-sdk/client-elastic-load-balancing-v2'
import { describeStack, stackOutputs } from '../../src/cloudformation/stacks.js'
import { runAction } from '../support/action-runner.js'
import { useAppServer } from '../support/extra-env.js'
import { useMoto } from '../support/moto.js'
import { createElbPlatform, parkListener, routerFixture, shortDeregistrationDelay, type ElbPlatform } from '../support/router-doors.js'

const env = useMoto()
const server = useAppServer()
const ENV_TEMPLATE = routerFixture('alb-env.yaml')

type Platform = ElbPlatform

/** The platform stack, and its listener parked on a target group of no environment at weight 0: it routes nowhere yet. */
async function platform(): Promise<Platform> {
  const out = await createElbPlatform(env.clients)
  await parkListener(env.clients, out)
  return out
}

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
      router: 'alb',
      'listener-arn': p.ListenerArn,
      'target-group-output': 'TargetGroupArn',
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health',
      'smoke-retries': '1',
      'smoke-timeout-seconds': '2',
      'verify-seconds': '0',
      template: ENV_TEMPLATE,
      parameters: `VpcId=${p.VpcId}\nPublicUrl=${server.url(extra)}`,
      ...inputs
    },
    { env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: String(2000 + ++runs), GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'release', GITHUB_EVENT_NAME: 'push' }, timeoutMs: 90_000 }
  )
}

const shortDelay = (targetGroupArn: string) => shortDeregistrationDelay(env.clients, targetGroupArn)

async function defaultActions(p: Platform): Promise<Action[]> {
  return (await env.clients.elbv2.send(new DescribeListenersCommand({ ListenerArns: [p.ListenerArn] }))).Listeners![0].DefaultActions!
}
const forwardedTo = (actions: Action[]) =>
  actions
    .find((a) => a.Type === 'forward')
    ?.ForwardConfig?.TargetGroups?.filter((g) => (g.Weight ?? 1) > 0)
    .map((g) => g.TargetGroupArn) ?? [actions.find((a) => a.Type === 'forward')?.TargetGroupArn]
const targetGroupOf = async (stack: string) => stackOutputs(await describeStack(env.clients.cloudformation, stack)).TargetGroupArn
const exists = async (stack: string) => !!(await describeStack(env.clients.cloudformation, stack))

describe('router alb on moto, through dist/index.js', () => {
  it('full phase blue, then green: the listener forwards to green alone, blue is deleted after the deregistration delay, destroy refuses the live one', async () => {
    const p = await platform()
    const blue = await run(p, { phase: 'full', extra: 'blue' })
    expect(blue.stderr).not.toMatch(/Unexpected error/)
    expect(blue.code).toBe(0)
    const blueTg = await targetGroupOf('shop-blue')
    expect(forwardedTo(await defaultActions(p))).toEqual([blueTg])
    await shortDelay(blueTg)

    const dry = await run(p, { phase: 'full', extra: 'green', 'dry-run': 'true' })
    expect(dry.code).toBe(0)
    expect(dry.stdout).toMatch(/\[dry-run\] shop-green does not exist yet: after creating it the run would smoke-test it, switch listener \w+ of [\w-]+ to it and delete shop-blue/)
    expect(forwardedTo(await defaultActions(p))).toEqual([blueTg])

    const green = await run(p, { phase: 'full', extra: 'green' })
    expect(green.code).toBe(0)
    const greenTg = await targetGroupOf('shop-green')
    expect(forwardedTo(await defaultActions(p))).toEqual([greenTg])
    expect(green.outputs['active-stack']).toBe('shop-green')
    expect(green.outputs['previous-stack']).toBe('shop-blue')
    expect(green.outputs['domain-endpoint']).toMatch(/^http:\/\/[a-z0-9-]+\.us-east-1\.elb\.amazonaws\.com$/)
    expect(await exists('shop-blue')).toBe(false)
    expect(green.summary).toMatch(/Target group/)
    expect(green.summary).toContain('shop-green')
    expect(green.stdout).toMatch(/Forwarding listener \w+ of [\w-]+ to target group shop-green-/)
    expect(green.stdout).toMatch(/Waiting 1 s before blue goes: the deregistration delay of target group shop-blue-/)
    expect(green.stdout.indexOf('Forwarding listener')).toBeLessThan(green.stdout.indexOf('Waiting 1 s before blue goes'))

    const destroy = await run(p, { phase: 'destroy', extra: 'green', template: '', parameters: '' })
    expect(destroy.code).toBe(1)
    expect(destroy.stdout).toMatch(/::error::[^\n]*shop-green[^\n]*live/)
    expect(await exists('shop-green')).toBe(true)
    expect(forwardedTo(await defaultActions(p))).toEqual([greenTg])
  }, 240_000)

  it('one rule of the listener moves, the default action and other rules stay', async () => {
    const p = await platform()
    const first = await run(p, { phase: 'full', extra: 'blue' })
    expect(first.code).toBe(0)
    const blueTg = await targetGroupOf('shop-blue')
    const rule = (
      await env.clients.elbv2.send(
        new CreateRuleCommand({
          ListenerArn: p.ListenerArn,
          Priority: 10,
          Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
          Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blueTg, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 60 } } }]
        })
      )
    ).Rules![0]
    const green = await run(p, { phase: 'full', extra: 'green', 'listener-arn': '', 'listener-rule-arn': rule.RuleArn!, 'keep-previous': 'true' })
    expect(green.code).toBe(0)
    const now = (await env.clients.elbv2.send(new DescribeRulesCommand({ RuleArns: [rule.RuleArn!] }))).Rules![0]
    expect(now.Actions).toEqual([
      { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: await targetGroupOf('shop-green'), Weight: 1 }], TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 60 } } }
    ])
    expect(now.Conditions).toEqual([{ Field: 'path-pattern', Values: ['/api/*'] }])
    // the default action still forwards to blue: blue is kept (keep-previous), and destroying it is refused
    expect(forwardedTo(await defaultActions(p))).toEqual([blueTg])
    const destroyBlue = await run(p, { phase: 'destroy', extra: 'blue', template: '', parameters: '', 'listener-arn': '', 'listener-rule-arn': rule.RuleArn! })
    expect(destroyBlue.code).toBe(1)
    expect(destroyBlue.stdout).toMatch(/default action of listener/)
    expect(await exists('shop-blue')).toBe(true)
  }, 240_000)

  it('refuses bad outputs and a listener that does not forward before the front door changes, naming the input', async () => {
    const p = await platform()
    expect((await run(p, { phase: 'full', extra: 'blue' })).code).toBe(0)
    const before = await defaultActions(p)

    const notAnArn = await run(p, { phase: 'full', extra: 'green', parameters: `VpcId=${p.VpcId}\nPublicUrl=${server.url('green')}\nTargetGroupOutputValue=not-a-target-group` })
    expect(notAnArn.code).toBe(1)
    expect(notAnArn.stdout).toMatch(/::error::[^\n]*output TargetGroupArn \(the target-group-output input\) holds "not-a-target-group", which is not a target group ARN/)
    expect(await defaultActions(p)).toEqual(before)

    const gone = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/no-such-group/0123456789abcdef'
    const unknown = await run(p, { phase: 'full', extra: 'green', parameters: `VpcId=${p.VpcId}\nPublicUrl=${server.url('green')}\nTargetGroupOutputValue=${gone}` })
    expect(unknown.code).toBe(1)
    expect(unknown.stdout).toMatch(/::error::[^\n]*names target group no-such-group, which does not exist in us-east-1/)
    expect(await defaultActions(p)).toEqual(before)

    await env.clients.elbv2.send(new ModifyListenerCommand({ ListenerArn: p.ListenerArn, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503' } }] }))
    const fixed = await run(p, { phase: 'full', extra: 'red' })
    expect(fixed.code).toBe(1)
    expect(fixed.stdout).toMatch(/::error::[^\n]*\(listener-arn\) does not forward to a target group: its actions are fixed-response/)
    expect(await exists('shop-red')).toBe(false)
  }, 240_000)
})
