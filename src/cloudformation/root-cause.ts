import type { StackEvent } from '@aws-sdk/client-cloudformation'
import { untrusted } from '../untrusted.js'

const CONSEQUENTIAL = /cancell?ed|Embedded stack .* was not successfully|The following resource\(s\) failed|Resource update cancelled|rollback requested by user/i

/**
 * The first resource that failed and why. Later failures are mostly consequences: cancellations of
 * resources in flight, the nested stack that reports its child, the stack's own ROLLBACK line.
 */
export function rootCause(events: (StackEvent & { prefix?: string })[], stackReason?: string): string | undefined {
  const failed = events.filter((e) => e.ResourceStatus?.endsWith('_FAILED') && e.ResourceStatusReason).sort((a, b) => time(a) - time(b))
  const original = failed.find((e) => !CONSEQUENTIAL.test(e.ResourceStatusReason ?? '') && !isStackItself(e))
  const chosen = original ?? failed.find((e) => !CONSEQUENTIAL.test(e.ResourceStatusReason ?? '')) ?? failed[0]
  if (chosen) {
    return untrusted(`${chosen.prefix ?? ''}${chosen.LogicalResourceId} (${chosen.ResourceType}) ${chosen.ResourceStatus}: ${chosen.ResourceStatusReason}`)
  }
  return stackReason ? untrusted(stackReason) : undefined
}

function isStackItself(e: StackEvent): boolean {
  return e.ResourceType === 'AWS::CloudFormation::Stack' && e.StackId === e.PhysicalResourceId
}

function time(e: StackEvent): number {
  return e.Timestamp ? new Date(e.Timestamp).getTime() : 0
}
