import { stackResources } from '../cloudformation/stack-resources.js'
import { DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { errorMessage, errorName } from '../errors.js'
import { apiResources, listEnvironments } from './environments.js'

export interface Owner {
  stackName: string
  /** How it was found, for the log. */
  via: 'physical-id' | 'stack-scan'
}

// "Stack with id None does not exist" (emulators), "... does not exist" and access errors when the role may
// only read its own stacks: all mean "ask the candidate stacks one by one instead".
const FALLBACK = /does not exist|not authorized|AccessDenied|ValidationError/i

/**
 * The stack that owns an API. DescribeStackResources by physical id answers in one call on AWS; when it
 * cannot (narrow permissions, emulators), the candidate environments of baseName are asked by name.
 */
export async function findOwnerStack(ctx: Context, apiId: string, baseName: string): Promise<Owner | undefined> {
  try {
    const out = await ctx.clients.cloudformation.send(new DescribeStackResourcesCommand({ PhysicalResourceId: apiId }))
    const owner = out.StackResources?.find((r) => r.PhysicalResourceId === apiId)?.StackName
    if (owner) return { stackName: owner, via: 'physical-id' }
    ctx.log.info(`DescribeStackResources by physical id ${apiId} found no stack; looking through the stacks of ${baseName}.`)
  } catch (err) {
    if (!FALLBACK.test(errorName(err)) && !FALLBACK.test(errorMessage(err))) throw err
    ctx.log.info(`DescribeStackResources by physical id ${apiId} failed (${errorMessage(err)}); looking through the stacks of ${baseName}.`)
  }
  for (const env of await listEnvironments(ctx, baseName)) {
    const resources = await stackResources(ctx.clients.cloudformation, env.stackName).catch(() => [])
    if (apiResources(resources).some((a) => a.apiId === apiId)) return { stackName: env.stackName, via: 'stack-scan' }
  }
  return undefined
}
