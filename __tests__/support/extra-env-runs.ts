/** The built action run as a child process in extra-env mode, and the checks of what it leaves behind. */
import { getRestMapping } from '../../src/aws/apigateway.js'
import type { AwsClients } from '../../src/aws/clients.js'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { stackResources } from '../../src/cloudformation/stack-resources.js'
import { lockStackName } from '../../src/core/lock.js'
import { extraEnv } from '../../src/modes/extra-env/index.js'
import { runAction, type ActionRun, type RunOptions } from './action-runner.js'
import { testContext } from './context.js'
import { APP_TEMPLATE, appInputs, createRestDomain, PUSH_RUN, type AppServer } from './extra-env.js'

export const DOMAIN = 'api.example.com'
export const LOCK = lockStackName(DOMAIN, '')

/** `phase: promote` of `app-<extra>` by the built action, as workflow run `runId` (attempt `attempt`) would run it. */
export function promoteRun(
  _server: AppServer,
  endpointUrl: string,
  extra: string,
  github: { runId: string; attempt?: number },
  options: RunOptions & { inputs?: Record<string, string> } = {}
): Promise<ActionRun> {
  return runAction(
    {
      mode: 'extra-env',
      phase: 'promote',
      'stack-name': 'app',
      extra,
      'domain-name': DOMAIN,
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health',
      'smoke-retries': '1',
      'smoke-timeout-seconds': '2',
      'verify-seconds': '1',
      region: 'us-east-1',
      'endpoint-url': endpointUrl,
      'poll-seconds': '0.1',
      ...options.inputs
    },
    {
      ...options,
      env: {
        GITHUB_REPOSITORY: 'acme/app',
        GITHUB_RUN_ID: github.runId,
        GITHUB_RUN_ATTEMPT: String(github.attempt ?? 1),
        GITHUB_JOB: 'promote',
        GITHUB_EVENT_NAME: 'push',
        ...options.env
      }
    }
  )
}

/** blue live on the domain and the other environments deployed beside it, in process straight on moto. */
export async function blueLive(clients: AwsClients, server: AppServer, others: string[]): Promise<void> {
  await createRestDomain(clients)
  const holder = { repository: 'acme/app', runId: 'setup', attempt: 1 }
  await extraEnv(testContext(clients), appInputs(server, 'blue', { phase: 'full', 'verify-seconds': '0' }), { run: PUSH_RUN, holder })
  for (const extra of others) await extraEnv(testContext(clients), appInputs(server, extra, { phase: 'deploy' }), { run: PUSH_RUN, holder })
}

export async function apiOf(clients: AwsClients, stackName: string): Promise<string | undefined> {
  const resources = await stackResources(clients.cloudformation, stackName).catch(() => [])
  return resources.find((x) => x.ResourceType === 'AWS::ApiGateway::RestApi')?.PhysicalResourceId
}

/** Which stack of `candidates` owns the API the domain maps to, and whether that stack is live (exists, complete). */
export async function domainState(clients: AwsClients, candidates: string[]): Promise<{ apiId?: string; owner?: string; ownerStatus?: string }> {
  const apiId = (await getRestMapping(clients.apigateway, DOMAIN, ''))?.restApiId
  for (const name of candidates) {
    const stack = await describeStack(clients.cloudformation, name)
    if (stack && stack.StackStatus !== 'DELETE_COMPLETE' && apiId && (await apiOf(clients, name)) === apiId) {
      return { apiId, owner: name, ownerStatus: stack.StackStatus }
    }
  }
  return { apiId }
}

export async function stackStatus(clients: AwsClients, name: string): Promise<string | undefined> {
  const stack = await describeStack(clients.cloudformation, name)
  return stack && stack.StackStatus !== 'DELETE_COMPLETE' ? stack.StackStatus : undefined
}

/** The ::error:: line the runner shows for a failed step. */
export function errorLine(run: ActionRun): string {
  return run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
}

export { APP_TEMPLATE }
