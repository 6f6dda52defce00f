import { DescribeStackResourcesCommand, type CloudFormationClient, type StackResource } from '@aws-sdk/client-cloudformation'
import { errorMessage } from '../errors.js'
import { RECORD_SET, RECORD_SET_GROUP } from './template-record.js'

const GONE = ['DELETE_COMPLETE', 'DELETE_SKIPPED', 'CREATE_FAILED', 'CREATE_IN_PROGRESS', 'DELETE_IN_PROGRESS']

/** Whether the stack holds the record's resource now (created, updated or imported, and not deleted). */
export function ownsResource(resources: StackResource[], logicalId: string): StackResource | undefined {
  return resources.find((r) => r.LogicalResourceId === logicalId && !GONE.includes(r.ResourceStatus ?? ''))
}

/**
 * Another stack that holds a record of this name, found by its physical id (a RecordSet's physical id is
 * its name, with or without the final dot). CloudFormation answers "Stack for ... does not exist" when none.
 */
export async function otherOwner(cfn: CloudFormationClient, name: string, ourStack: string): Promise<string | undefined> {
  const bare = name.replace(/\.$/, '')
  for (const id of [bare, `${bare}.`]) {
    let resources: StackResource[]
    try {
      const out = await cfn.send(new DescribeStackResourcesCommand({ PhysicalResourceId: id }))
      resources = out.StackResources ?? []
    } catch (err) {
      if (/does not exist|ValidationError/.test(`${(err as { name?: string }).name} ${errorMessage(err)}`)) continue
      throw err
    }
    const owner = resources.find(
      (r) => r.PhysicalResourceId === id && (r.ResourceType === RECORD_SET || r.ResourceType === RECORD_SET_GROUP) && !GONE.includes(r.ResourceStatus ?? '')
    )
    if (owner?.StackName && owner.StackName !== ourStack) return owner.StackName
  }
  return undefined
}
