import type { CloudFormationClient, StackResource } from '@aws-sdk/client-cloudformation'
import { errorMessage } from '../errors.js'
import { listStackResources } from './deployed-stack.js'

/**
 * The stack's resources with their status, every page of ListStackResources (DescribeStackResources stops
 * at 100 resources on AWS), or [] when the stack does not exist.
 */
export async function stackResources(cfn: CloudFormationClient, stackName: string): Promise<StackResource[]> {
  try {
    const summaries = await listStackResources(cfn, stackName)
    return summaries.map((r) => ({
      ...r,
      StackName: stackName,
      Timestamp: r.LastUpdatedTimestamp ?? new Date(0),
      LogicalResourceId: r.LogicalResourceId!,
      ResourceType: r.ResourceType!,
      ResourceStatus: r.ResourceStatus!
    }))
  } catch (err) {
    if (/does not exist/.test(errorMessage(err))) return []
    throw err
  }
}
