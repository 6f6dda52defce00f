import { GetTemplateCommand, ListStackResourcesCommand, type StackResourceSummary } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { errorMessage } from '../errors.js'
import { parseTemplate, TemplateError, type Template } from '../cloudformation/template.js'

/** Every resource of the stack, all pages (DescribeStackResources stops at 100). */
export async function listStackResources(ctx: Context, stackName: string): Promise<StackResourceSummary[]> {
  const out: StackResourceSummary[] = []
  let next: string | undefined
  do {
    const page = await ctx.clients.cloudformation.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: next }))
    out.push(...(page.StackResourceSummaries ?? []))
    next = page.NextToken
  } while (next)
  return out
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
    const out = await ctx.clients.cloudformation.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }))
    return out.TemplateBody ? parseTemplate(out.TemplateBody, `the template of stack ${stackName}`) : undefined
  } catch (err) {
    if (err instanceof TemplateError || /does not exist/.test(errorMessage(err))) return undefined
    throw err
  }
}
