import { DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation'
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { errorMessage } from '../errors.js'

export type { Stack }

/** The stack by name or id, or undefined when it does not exist (or, by name, was deleted). */
export async function describeStack(cfn: CloudFormationClient, nameOrId: string): Promise<Stack | undefined> {
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: nameOrId }))
    return out.Stacks?.[0]
  } catch (err) {
    if (/does not exist/.test(errorMessage(err))) return undefined
    throw err
  }
}

export function isInProgress(status: string | undefined): boolean {
  return !!status && status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS'
}

export type Operation = 'create' | 'update' | 'delete' | 'rollback'

const SUCCESS: Record<Operation, string[]> = {
  create: ['CREATE_COMPLETE'],
  update: ['UPDATE_COMPLETE'],
  delete: ['DELETE_COMPLETE'],
  rollback: ['UPDATE_ROLLBACK_COMPLETE', 'ROLLBACK_COMPLETE']
}

export function isSuccess(operation: Operation, status: string | undefined): boolean {
  return !!status && SUCCESS[operation].includes(status)
}

/** A stack that exists but never finished a create: only deleting it lets a create run again. */
export function neverCreated(status: string | undefined): boolean {
  return status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED' || status === 'CREATE_FAILED'
}

export function stackOutputs(stack: Stack | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const o of stack?.Outputs ?? []) if (o.OutputKey) out[o.OutputKey] = o.OutputValue ?? ''
  return out
}

export function stackTag(stack: Stack | undefined, key: string): string | undefined {
  return stack?.Tags?.find((t) => t.Key === key)?.Value
}
