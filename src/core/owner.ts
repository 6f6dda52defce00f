import { DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { describeStack } from '../cloudformation/stacks.js'
import { DeployError, errorMessage, errorName } from '../errors.js'
import type { EnvironmentStack } from './environments.js'
import { stackApiIds } from './routers/api-gateway-routes.js'

export interface Owner {
  /** The root stack: an API of a nested stack belongs to the environment that nests it. */
  stackName: string
  /** How it was found, for the log. */
  via: 'physical-id' | 'stack-scan' | 'output'
}

/**
 * The environment stack whose output `outputKey` holds the live value (an origin's domain name, a DNS
 * name, a target group ARN, an Auto Scaling group name), compared with `same` (case, a final dot). The
 * stacks come from the one listing of the run, which carries their outputs: no request of its own. Stacks
 * that are not `ours` or `untagged` are never owners, whatever their outputs say: another app's template
 * could otherwise claim this app's front door.
 */
export async function findOwnerByOutput(
  outputKey: string,
  value: string,
  candidates: () => Promise<EnvironmentStack[]>,
  same: (a: string, b: string) => boolean = (a, b) => a === b
): Promise<Owner | undefined> {
  const owners = (await candidates()).filter((env) => env.ownership !== 'another app' && env.outputs[outputKey] !== undefined && same(env.outputs[outputKey], value))
  if (owners.length === 0) return undefined
  if (owners.length > 1) {
    throw new DeployError(
      `${owners.length} stacks (${owners.map((o) => o.stackName).join(', ')}) hold ${value} in their output ${outputKey}: which environment is live cannot be told`,
      undefined,
      'Each environment stack must offer its own value in that output; delete or fix the extra stacks.'
    )
  }
  return { stackName: owners[0].stackName, via: 'output' }
}

// "Stack with id None does not exist" (emulators), "... does not exist" and access errors when the role may
// only read its own stacks: all mean "ask the candidate stacks one by one instead".
const FALLBACK = /does not exist|not authorized|AccessDenied|ValidationError/i

/**
 * The root stack that owns an API. DescribeStackResources by physical id answers in one call on AWS (with the
 * nested stack when a nested stack creates the API: its RootId names the environment); when it cannot (narrow
 * permissions, emulators), the candidate environments of stack-name are asked by name, nested stacks included.
 */
export async function findOwnerStack(ctx: Context, apiId: string, baseName: string, candidates: () => Promise<EnvironmentStack[]>): Promise<Owner | undefined> {
  try {
    const out = await ctx.clients.cloudformation.send(new DescribeStackResourcesCommand({ PhysicalResourceId: apiId }))
    const owner = out.StackResources?.find((r) => r.PhysicalResourceId === apiId)
    if (owner?.StackName) return { stackName: await rootStackName(ctx, owner.StackId ?? owner.StackName), via: 'physical-id' }
    ctx.log.info(`DescribeStackResources by physical id ${apiId} found no stack; looking through the stacks of ${baseName}.`)
  } catch (err) {
    if (!FALLBACK.test(errorName(err)) && !FALLBACK.test(errorMessage(err))) throw err
    ctx.log.info(`DescribeStackResources by physical id ${apiId} failed (${errorMessage(err)}); looking through the stacks of ${baseName}.`)
  }
  for (const env of await candidates()) {
    const ids: string[] = await stackApiIds(ctx, env.stackName).catch(() => [])
    if (ids.includes(apiId)) return { stackName: env.stackName, via: 'stack-scan' }
  }
  return undefined
}

/** The root of a nested stack (its RootId), or the stack itself. */
async function rootStackName(ctx: Context, nameOrId: string): Promise<string> {
  const stack = await describeStack(ctx.clients.cloudformation, nameOrId)
  if (!stack?.RootId || stack.RootId === stack.StackId) return stack?.StackName ?? nameOrId
  const root = await describeStack(ctx.clients.cloudformation, stack.RootId)
  ctx.log.info(`API's stack ${stack.StackName} is nested in ${root?.StackName ?? stack.RootId}.`)
  return root?.StackName ?? stack.RootId
}
