import { stackResources } from '../../cloudformation/stack-resources.js'
import { describeStack, stackOutputs } from '../../cloudformation/stacks.js'
import type { Context } from '../../context.js'
import { DeployError } from '../../errors.js'
import { untrusted } from '../../untrusted.js'
import type { StackView } from '../router.js'

// targetgroup/<name>/<id>, as Elastic Load Balancing documents its ARNs.
export const TARGET_GROUP_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{1,32}$/

/** A target group's name, from its ARN. */
export function targetGroupName(arn: string): string {
  return /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn
}

/** Nested stacks below an environment that are searched for its target groups and Auto Scaling groups. */
const NESTING_DEPTH = 5

/**
 * What a stack puts behind a load balancer: the value of its output `outputKey` and the physical ids of its
 * resources of `resourceType`, nested stacks included. Both count: a stack whose output is missing (a failed
 * update) can still own the target group or fleet that serves.
 */
export async function stackMembers(ctx: Context, stackNameOrId: string, outputKey: string, resourceType: string): Promise<string[]> {
  const stack = await describeStack(ctx.clients.cloudformation, stackNameOrId)
  if (!stack) return []
  const ids = new Set<string>()
  const output = stackOutputs(stack)[outputKey]
  if (output) ids.add(output)
  for (const id of await physicalIds(ctx, stack.StackId ?? stackNameOrId, resourceType, NESTING_DEPTH)) ids.add(id)
  return [...ids]
}

async function physicalIds(ctx: Context, stackNameOrId: string, resourceType: string, depth: number): Promise<string[]> {
  const resources = await stackResources(ctx.clients.cloudformation, stackNameOrId)
  const ids = resources.filter((r) => r.ResourceType === resourceType && r.PhysicalResourceId).map((r) => r.PhysicalResourceId!)
  if (depth === 0) return ids
  for (const nested of resources) {
    if (nested.ResourceType === 'AWS::CloudFormation::Stack' && nested.PhysicalResourceId) ids.push(...(await physicalIds(ctx, nested.PhysicalResourceId, resourceType, depth - 1)))
  }
  return ids
}

/**
 * The value of the output an environment offers the front door, checked against `shape`. The stack's template
 * comes from a pull request: the value is untrusted, so it is only ever compared and passed to AWS as an id.
 */
export function offeredOutput(env: StackView, input: string, outputKey: string, shape: RegExp, what: string): string {
  const value = env.outputs[outputKey]
  if (value === undefined) {
    throw new DeployError(
      `Stack ${env.stackName} has no output ${outputKey} (the ${input} input), so it offers no ${what} to the front door`,
      undefined,
      `Add an output ${outputKey} holding its ${what} to the template, or set ${input} to the key of the output that holds it.`
    )
  }
  if (!shape.test(value)) {
    throw new DeployError(
      `Stack ${env.stackName}'s output ${outputKey} (the ${input} input) holds "${untrusted(value, 200)}", which is not ${what}`,
      undefined,
      `Make the output ${outputKey} hold the ${what} itself (for example with !Ref or !GetAtt), or point ${input} at the output that does.`
    )
  }
  return value
}
