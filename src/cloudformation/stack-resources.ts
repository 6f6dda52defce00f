import { DescribeStackResourcesCommand, type CloudFormationClient, type StackResource } from '@aws-sdk/client-cloudformation'
import { errorMessage } from '../errors.js'

/**
 * The stack's resources with their status (DescribeStackResources), or [] when the stack does not exist.
 * Entries without a logical id (moto lists a resource whose condition is off that way) are left out.
 */
export async function stackResources(cfn: CloudFormationClient, stackName: string): Promise<StackResource[]> {
  try {
    const out = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))
    return (out.StackResources ?? []).filter((r) => r.LogicalResourceId)
  } catch (err) {
    if (/does not exist/.test(errorMessage(err))) return []
    throw err
  }
}
