import type { StackResourceSummary } from '@aws-sdk/client-cloudformation'
import { listStackResources as listAllStackResources } from '../../cloudformation/deployed-stack.js'
import { deployedTemplate as readDeployedTemplate } from '../../cloudformation/deployed-template.js'
import type { Context } from '../../context.js'
import { TemplateError, type Template } from '../../cloudformation/template.js'

/** Every resource of the stack, all pages (DescribeStackResources stops at 100). */
export function listStackResources(ctx: Context, stackName: string): Promise<StackResourceSummary[]> {
  return listAllStackResources(ctx.clients.cloudformation, stackName)
}

/** logical id → physical function name, for the function-names-* outputs. */
export function functionNames(resources: StackResourceSummary[]): Record<string, string> {
  const names: Record<string, string> = {}
  for (const r of resources) {
    if (r.ResourceType === 'AWS::Lambda::Function' && r.LogicalResourceId && r.PhysicalResourceId) {
      names[r.LogicalResourceId] = r.PhysicalResourceId
    }
  }
  return names
}

/**
 * The template the stack runs now (as submitted, before transforms), or undefined when there is no stack
 * yet or it cannot be read as a template; the guard then treats every policy as not set.
 */
export async function deployedTemplate(ctx: Context, stackName: string): Promise<Template | undefined> {
  try {
    return await readDeployedTemplate(ctx.clients.cloudformation, stackName)
  } catch (err) {
    if (err instanceof TemplateError) return undefined
    throw err
  }
}
