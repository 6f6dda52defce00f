import { ListStackResourcesCommand, type StackResourceSummary } from '@aws-sdk/client-cloudformation'
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation'

/** The stack's resources (ListStackResources, every page). */
export async function listStackResources(cfn: CloudFormationClient, stackName: string): Promise<StackResourceSummary[]> {
  const out: StackResourceSummary[] = []
  let next: string | undefined
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: next }))
    out.push(...(page.StackResourceSummaries ?? []))
    next = page.NextToken
  } while (next)
  return out
}
