import { DescribeStackResourcesCommand, type CloudFormationClient, type StackResource } from '@aws-sdk/client-cloudformation'
import { errorMessage } from '../errors.js'

/** The stack's resources with their status (DescribeStackResources), or [] when the stack does not exist. */
export async function stackResources(cfn: CloudFormationClient, stackName: string): Promise<StackResource[]> {
  try {
    const out = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }))
    return out.StackResources ?? []
  } catch (err) {
    if (/does not exist/.test(errorMessage(err))) return []
    throw err
  }
}
