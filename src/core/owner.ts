import { DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { describeStack } from '../cloudformation/stacks.js'
import { errorMessage, errorName } from '../errors.js'
import type { EnvironmentStack } from './environments.js'
import { stackApiIds } from './routers/api-gateway-routes.js'

export interface Owner {
  /** The root stack: an API of a nested stack belongs to the environment that nests it. */
  stackName: string
  /** How it was found, for the log. */
  via: 'physical-id' | 'stack-scan'
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
