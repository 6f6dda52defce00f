/**
 * The alb router's platform on moto, shared by its integration tests: one stack (VPC, ALB, listener) created
 * through the CloudFormation API, as a platform team would; each environment stack (fixtures/routers/alb-env.yaml)
 * creates its own target group and names it in the output TargetGroupArn.
 */
import { DescribeListenersCommand, type Action } from '@aws-sdk/client-elastic-load-balancing-v2'
import type { AwsClients } from '../../src/aws/clients.js'
import { describeStack, stackOutputs } from '../../src/cloudformation/stacks.js'
import { runAction, type RunOptions } from './action-runner.js'
import type { AppServer } from './extra-env.js'
import { createElbPlatform, parkListener, routerFixture, shortDeregistrationDelay, type ElbPlatform } from './router-doors.js'

export const ALB_ENV_TEMPLATE = routerFixture('alb-env.yaml')

export type Platform = ElbPlatform

/** The platform stack (router-doors.ts), and its listener parked on a target group of no environment at weight 0: it routes nowhere yet. */
export async function albPlatform(clients: AwsClients): Promise<Platform> {
  const out = await createElbPlatform(clients)
  await parkListener(clients, out)
  return out
}

/** The inputs of an extra-env run of app `shop` through the listener, environment `extra`. */
export function albInputs(endpointUrl: string, server: AppServer, p: Platform, inputs: Record<string, string>): Record<string, string> {
  const extra = inputs.extra ?? ''
  return {
    mode: 'extra-env',
    'stack-name': 'shop',
    region: 'us-east-1',
    'endpoint-url': endpointUrl,
    'poll-seconds': '0.1',
    router: 'alb',
    'listener-arn': p.ListenerArn,
    'target-group-output': 'TargetGroupArn',
    'endpoint-output': 'Endpoint',
    'smoke-path': '/health',
    'smoke-retries': '1',
    'smoke-timeout-seconds': '2',
    'verify-seconds': '0',
    template: ALB_ENV_TEMPLATE,
    parameters: `VpcId=${p.VpcId}\nPublicUrl=${server.url(extra)}`,
    ...inputs
  }
}

/** A run of the built action as workflow run `runId` (attempt `attempt`) of acme/shop. */
export function albRun(endpointUrl: string, server: AppServer, p: Platform, inputs: Record<string, string>, run: { runId: string; attempt?: number }, options: RunOptions = {}) {
  return runAction(albInputs(endpointUrl, server, p, inputs), {
    timeoutMs: 90_000,
    ...options,
    env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: run.runId, GITHUB_RUN_ATTEMPT: String(run.attempt ?? 1), GITHUB_JOB: 'release', GITHUB_EVENT_NAME: 'push', ...options.env }
  })
}

/** The 1 s deregistration delay the template asks for (router-doors.ts shortDeregistrationDelay). */
export const shortDelay = shortDeregistrationDelay

export async function defaultActions(clients: AwsClients, p: Platform): Promise<Action[]> {
  return (await clients.elbv2.send(new DescribeListenersCommand({ ListenerArns: [p.ListenerArn] }))).Listeners![0].DefaultActions!
}

export const targetGroupOf = async (clients: AwsClients, stack: string) => stackOutputs(await describeStack(clients.cloudformation, stack)).TargetGroupArn
