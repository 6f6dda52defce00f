import { DescribeStackResourcesCommand, type CloudFormationClient, type StackResource } from '@aws-sdk/client-cloudformation'
import { errorMessage } from '../../errors.js'
import { deployedTemplate } from '../../cloudformation/deployed-template.js'
import { RECORD_SET, RECORD_SET_GROUP } from './template-record.js'

const GONE = ['DELETE_COMPLETE', 'DELETE_SKIPPED', 'CREATE_FAILED', 'CREATE_IN_PROGRESS', 'DELETE_IN_PROGRESS']

/** Whether the stack holds the record's resource now (created, updated or imported, and not deleted). */
export function ownsResource(resources: StackResource[], logicalId: string): StackResource | undefined {
  return resources.find((r) => r.LogicalResourceId === logicalId && !GONE.includes(r.ResourceStatus ?? ''))
}

/**
 * Another stack that holds a record of this name, found by its physical id (a RecordSet's physical id is
 * its name, with or without the final dot). CloudFormation answers "Stack for ... does not exist" when none.
 * With a set identifier, several stacks may each hold one set of the name: the other stack holds ours unless
 * its template gives that record another literal SetIdentifier (one it cannot read counts as ours: refuse).
 */
export async function otherOwner(cfn: CloudFormationClient, name: string, ourStack: string, setIdentifier?: string): Promise<string | undefined> {
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
    const owner = resources.find((r) => r.PhysicalResourceId === id && (r.ResourceType === RECORD_SET || r.ResourceType === RECORD_SET_GROUP) && !GONE.includes(r.ResourceStatus ?? ''))
    if (owner?.StackName && owner.StackName !== ourStack) {
      if (setIdentifier === undefined || (await mayHoldSet(cfn, owner.StackName, owner.LogicalResourceId, setIdentifier))) return owner.StackName
    }
  }
  return undefined
}

async function mayHoldSet(cfn: CloudFormationClient, stackName: string, logicalId: string | undefined, setIdentifier: string): Promise<boolean> {
  const template = await deployedTemplate(cfn, stackName).catch(() => undefined)
  const resource = logicalId ? template?.Resources[logicalId] : undefined
  if (!resource || resource.Type !== RECORD_SET) return true
  const theirs = (resource.Properties as Record<string, unknown> | undefined)?.SetIdentifier
  if (theirs === undefined) return false // a simple record, not a set of a weighted (or other routing) name
  return typeof theirs !== 'string' || theirs === setIdentifier
}
