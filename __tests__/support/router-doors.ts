/**
 * The front doors of the router integration tests, made through the API as a platform team would, and the
 * environments behind them: a CloudFront distribution (examples/cloudfront/template.yaml offers its API's
 * host), a Route 53 zone and record (a stack that offers a DNS name), an ALB listener and a shared target
 * group (the platform stack of __tests__/fixtures/routers). `routerDoor(kind, …)` gives each of them behind one
 * shape, so one test can check for every router what works the same for all of them.
 */
import { CreateDistributionCommand, GetDistributionConfigCommand, type HttpVersion } from '@aws-sdk/client-cloudfront'
import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling'
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupAttributesCommand,
  ModifyListenerCommand,
  ModifyTargetGroupAttributesCommand
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AwsClients } from '../../src/aws/clients.js'
import { describeStack, stackOutputs } from '../../src/cloudformation/stacks.js'
import { runAction, type ActionRun, type RunOptions } from './action-runner.js'
import { recordSets, zoneWith } from './route53-zone.js'

export const CLOUDFRONT_TEMPLATE = 'examples/cloudfront/template.yaml'
export const routerFixture = (name: string) => fileURLToPath(new URL(`../fixtures/routers/${name}`, import.meta.url))

export const CUSTOM_ORIGIN = { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' as const, OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2' as const] } }

/**
 * The distribution as a platform team creates it: an alias, the app's origin (OriginPath /prod, the API's
 * stage), a cache behavior for another origin. HTTP/2 and HTTP/3 unless `httpVersion` says otherwise
 * (continuous deployment needs a distribution without HTTP/3).
 */
export async function createDistribution(clients: AwsClients, origins: { id: string; domain: string }[], opts: { httpVersion?: HttpVersion } = {}): Promise<string> {
  const out = await clients.cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: `www-${Date.now()}`,
        Comment: 'www.example.com',
        Enabled: true,
        Aliases: { Quantity: 1, Items: ['www.example.com'] },
        Origins: { Quantity: origins.length, Items: origins.map((o) => ({ Id: o.id, DomainName: o.domain, OriginPath: '/prod', CustomOriginConfig: CUSTOM_ORIGIN })) },
        DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' },
        CacheBehaviors: {
          Quantity: 1,
          Items: [{ PathPattern: '/status/*', TargetOriginId: origins[origins.length - 1].id, ViewerProtocolPolicy: 'https-only', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' }]
        },
        PriceClass: 'PriceClass_100',
        HttpVersion: opts.httpVersion ?? 'http2and3'
      }
    })
  )
  return out.Distribution!.Id!
}

/** A Route 53 router environment: a stack that only offers its DNS name (a load balancer's DNSName stands in as a parameter) and its own URL. */
export function writeRoute53EnvTemplate(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'route53-router-')), 'env.json')
  writeFileSync(
    path,
    JSON.stringify({
      Parameters: { DnsName: { Type: 'String' }, DnsZone: { Type: 'String', Default: 'Z35SXDOTRQ7X7K' }, PublicUrl: { Type: 'String' } },
      Resources: { Topic: { Type: 'AWS::SNS::Topic' } },
      Outputs: { DnsName: { Value: { Ref: 'DnsName' } }, DnsZone: { Value: { Ref: 'DnsZone' } }, Endpoint: { Value: { Ref: 'PublicUrl' } } }
    })
  )
  return path
}

/** The outputs of the ELB platform stack (VPC, ALB and listener, the shared target group, a launch template). */
export interface ElbPlatform {
  VpcId: string
  SubnetId: string
  ListenerArn: string
  ParkingArn: string
  LoadBalancerArn: string
  SharedTargetGroupArn: string
  LaunchTemplateId: string
}

/** The platform stack, created through the CloudFormation API. */
export async function createElbPlatform(clients: AwsClients): Promise<ElbPlatform> {
  const cfn = clients.cloudformation
  await cfn.send(new CreateStackCommand({ StackName: 'platform', TemplateBody: readFileSync(routerFixture('elb-platform.yaml'), 'utf8') }))
  return stackOutputs((await cfn.send(new DescribeStacksCommand({ StackName: 'platform' }))).Stacks?.[0]) as unknown as ElbPlatform
}

/** The listener parked on a target group of no environment at weight 0: it routes nowhere yet. */
export async function parkListener(clients: AwsClients, p: ElbPlatform): Promise<void> {
  await clients.elbv2.send(
    new ModifyListenerCommand({ ListenerArn: p.ListenerArn, DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: p.ParkingArn, Weight: 0 }] } }] })
  )
}

/**
 * moto 5.2 drops a template's TargetGroupAttributes (the delay stays 300 s, which AWS would set to the
 * template's 1 s): set it through the API, as the template asks, so the test waits 1 s and not 5 minutes.
 */
export async function shortDeregistrationDelay(clients: AwsClients, targetGroupArn: string): Promise<void> {
  const attr = (await clients.elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn }))).Attributes ?? []
  expect(attr.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value).toBe('300')
  await clients.elbv2.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '1' }] }))
}

export type DoorKind = 'cloudfront' | 'route53' | 'alb' | 'target-group'

/** A front door with blue live behind it, and how the built action is told about it. */
export interface RouterDoor {
  kind: DoorKind
  stackName: string
  /** The router's targetNoun: the PR comment's row, the summary's "<noun> id" column. */
  noun: string
  /** The front door in words, as the summary's diagram names it. */
  where: string
  /** The domain-endpoint output and the GitHub deployment's URL. */
  url: string
  /** The inputs that name the door and shape an environment `extra` whose Endpoint output is `publicUrl`. */
  inputs(extra: string, publicUrl: string): Record<string, string>
  /** The id the door shows for an environment stack's target (what its output holds). */
  targetId(stack: string): Promise<string>
  /** The environment stack the door routes to now, read from AWS (undefined: none of the candidates). */
  liveStack(candidates: string[]): Promise<string | undefined>
}

export interface DoorEnv {
  /** Where the action and the setup talk to AWS (moto, or a proxy in front of it). */
  endpointUrl: string
  clients: AwsClients
  /** The URL each environment's app answers on (the test's app server). */
  appUrl(extra: string): string
}

const outputOf = async (clients: AwsClients, stack: string, key: string) => stackOutputs(await describeStack(clients.cloudformation, stack))[key] ?? ''

/** The built action in extra-env mode through the door; GitHub's variables from `options.env`. */
export function doorRun(door: RouterDoor, env: Pick<DoorEnv, 'endpointUrl' | 'appUrl'>, extra: string, inputs: Record<string, string> = {}, options: RunOptions = {}): Promise<ActionRun> {
  return runAction(
    {
      mode: 'extra-env',
      'stack-name': door.stackName,
      region: 'us-east-1',
      'endpoint-url': env.endpointUrl,
      'poll-seconds': '0.1',
      extra,
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health',
      'smoke-retries': '1',
      'smoke-timeout-seconds': '2',
      'verify-seconds': '0',
      ...door.inputs(extra, env.appUrl(extra)),
      ...inputs
    },
    { timeoutMs: 120_000, ...options }
  )
}

const ok = (run: ActionRun, what: string) => {
  if (run.code !== 0)
    throw new Error(
      `${what} failed (exit ${run.code}):\n${run.stdout
        .split('\n')
        .filter((l) => l.startsWith('::error::'))
        .join('\n')}\n${run.stderr}`
    )
}

/**
 * The door of `kind` made through the API, with blue (`<stack>-blue`) deployed and live behind it: the
 * first environment goes out with phase full (the distribution is made in front of a deployed blue, as a
 * platform team points a new distribution at an app that exists).
 */
export async function routerDoor(kind: DoorKind, env: DoorEnv): Promise<RouterDoor> {
  const { clients } = env
  const push = { env: { GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '1', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'setup', GITHUB_EVENT_NAME: 'push' } }
  switch (kind) {
    case 'cloudfront': {
      let distributionId = ''
      const door: RouterDoor = {
        kind,
        stackName: 'www',
        noun: 'Origin',
        get where() {
          return `distribution ${distributionId} default origin`
        },
        url: 'https://www.example.com',
        inputs: (extra, publicUrl) => ({
          template: CLOUDFRONT_TEMPLATE,
          parameters: `Version=${extra}\nPublicUrl=${publicUrl}`,
          router: 'cloudfront',
          'distribution-id': distributionId,
          'origin-output': 'OriginDomainName'
        }),
        targetId: (stack) => outputOf(clients, stack, 'OriginDomainName'),
        liveStack: async (candidates) => {
          const config = (await clients.cloudfront.send(new GetDistributionConfigCommand({ Id: distributionId }))).DistributionConfig!
          const domain = config.Origins!.Items!.find((o) => o.Id === 'app')!.DomainName
          for (const s of candidates) if (domain && (await describeStack(clients.cloudformation, s)) && (await door.targetId(s)) === domain) return s
          return undefined
        }
      }
      ok(await doorRun(door, env, 'blue', { phase: 'deploy', router: '', 'distribution-id': '', 'origin-output': '' }, push), 'deploying www-blue')
      distributionId = await createDistribution(clients, [
        { id: 'app', domain: await door.targetId('www-blue') },
        { id: 'status', domain: 'status.example.com' }
      ])
      return door
    }
    case 'route53': {
      const template = writeRoute53EnvTemplate()
      const zoneId = await zoneWith(clients, [])
      const dnsOf = (extra: string) => `${extra}-lb-1234.us-east-1.elb.amazonaws.com`
      const door: RouterDoor = {
        kind,
        stackName: 'shop',
        noun: 'DNS name',
        where: `www.example.com CNAME (zone ${zoneId})`,
        url: 'https://www.example.com',
        inputs: (extra, publicUrl) => ({
          template,
          parameters: `DnsName=${dnsOf(extra)}\nPublicUrl=${publicUrl}`,
          router: 'route53',
          'hosted-zone-id': zoneId,
          'record-name': 'www.example.com',
          'target-output': 'DnsName',
          'skip-ttl-wait': 'true'
        }),
        targetId: (stack) => outputOf(clients, stack, 'DnsName'),
        liveStack: async (candidates) => {
          const value = (await recordSets(clients, zoneId, 'www.example.com.', 'CNAME'))[0]?.ResourceRecords?.[0]?.Value?.replace(/\.$/, '')
          for (const s of candidates) if (value && (await describeStack(clients.cloudformation, s)) && (await door.targetId(s)) === value) return s
          return undefined
        }
      }
      ok(await doorRun(door, env, 'blue', { phase: 'full' }, push), 'shop-blue live')
      return door
    }
    case 'alb': {
      const p = await createElbPlatform(clients)
      await parkListener(clients, p)
      const [listener] = (await clients.elbv2.send(new DescribeListenersCommand({ ListenerArns: [p.ListenerArn] }))).Listeners!
      const [lb] = (await clients.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [p.LoadBalancerArn] }))).LoadBalancers!
      const [, , lbName, , listenerId] = p.ListenerArn.split(':').at(-1)!.split('/')
      const door: RouterDoor = {
        kind,
        stackName: 'shop',
        noun: 'Target group',
        where: `listener ${listenerId} of ${lbName}`,
        url: `${(listener.Protocol ?? 'HTTP').toLowerCase()}://${lb.DNSName!.toLowerCase()}${[80, 443].includes(listener.Port ?? 80) ? '' : `:${listener.Port}`}`,
        inputs: (_extra, publicUrl) => ({
          template: routerFixture('alb-env.yaml'),
          parameters: `VpcId=${p.VpcId}\nPublicUrl=${publicUrl}`,
          router: 'alb',
          'listener-arn': p.ListenerArn,
          'target-group-output': 'TargetGroupArn'
        }),
        targetId: (stack) => outputOf(clients, stack, 'TargetGroupArn'),
        liveStack: async (candidates) => {
          const actions = (await clients.elbv2.send(new DescribeListenersCommand({ ListenerArns: [p.ListenerArn] }))).Listeners![0].DefaultActions!
          const forward = actions.find((a) => a.Type === 'forward')
          const arns = forward?.ForwardConfig?.TargetGroups?.filter((g) => (g.Weight ?? 1) > 0).map((g) => g.TargetGroupArn) ?? [forward?.TargetGroupArn]
          for (const s of candidates) if ((await describeStack(clients.cloudformation, s)) && arns.length === 1 && (await door.targetId(s)) === arns[0]) return s
          return undefined
        }
      }
      ok(await doorRun(door, env, 'blue', { phase: 'full' }, push), 'shop-blue live')
      await shortDeregistrationDelay(clients, await door.targetId('shop-blue'))
      return door
    }
    case 'target-group': {
      const p = await createElbPlatform(clients)
      const arnParts = p.SharedTargetGroupArn.split(':').at(-1)!.split('/')
      const door: RouterDoor = {
        kind,
        stackName: 'shop',
        noun: 'Auto Scaling group',
        where: `target group ${arnParts[1]}`,
        url: '',
        inputs: (_extra, publicUrl) => ({
          template: routerFixture('target-group-env.yaml'),
          parameters: `SubnetId=${p.SubnetId}\nLaunchTemplateId=${p.LaunchTemplateId}\nPublicUrl=${publicUrl}`,
          router: 'target-group',
          'target-group-arn': p.SharedTargetGroupArn,
          'asg-output': 'AutoScalingGroupName'
        }),
        targetId: (stack) => outputOf(clients, stack, 'AutoScalingGroupName'),
        liveStack: async (candidates) => {
          const groups = (await clients.autoscaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? []
          const attached = groups.filter((g) => g.TargetGroupARNs?.includes(p.SharedTargetGroupArn)).map((g) => g.AutoScalingGroupName)
          for (const s of candidates) if ((await describeStack(clients.cloudformation, s)) && attached.length === 1 && (await door.targetId(s)) === attached[0]) return s
          return undefined
        }
      }
      ok(await doorRun(door, env, 'blue', { phase: 'full' }, push), 'shop-blue live')
      return door
    }
  }
}
