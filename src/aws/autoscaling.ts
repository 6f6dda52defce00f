import type { AutoScalingClient, AutoScalingGroup } from '@aws-sdk/client-auto-scaling'
import { autoScalingSdk } from './sdk.js'

export type { AutoScalingGroup }

/** The named groups (those that exist), or every group of the region without names; every page. */
export async function describeAutoScalingGroups(autoscaling: AutoScalingClient, names?: string[]): Promise<AutoScalingGroup[]> {
  if (names && names.length === 0) return []
  const groups: AutoScalingGroup[] = []
  let token: string | undefined
  do {
    const out = await autoscaling.send(new (await autoScalingSdk()).DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: names, NextToken: token, MaxRecords: 100 }))
    groups.push(...(out.AutoScalingGroups ?? []))
    token = out.NextToken
  } while (token)
  return groups
}

/**
 * The target groups a group is attached to: TargetGroupARNs (AttachLoadBalancerTargetGroups) and its elbv2
 * traffic sources (AttachTrafficSources), which the Auto Scaling API lists apart.
 */
export function attachedTargetGroups(group: AutoScalingGroup): string[] {
  const arns = new Set(group.TargetGroupARNs ?? [])
  for (const s of group.TrafficSources ?? []) if (s.Identifier && (s.Type === undefined || s.Type === 'elbv2')) arns.add(s.Identifier)
  return [...arns]
}

/** Registers the group's instances with the target group, and every instance it launches from now on. */
export async function attachTargetGroup(autoscaling: AutoScalingClient, groupName: string, targetGroupArn: string): Promise<void> {
  await autoscaling.send(new (await autoScalingSdk()).AttachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: groupName, TargetGroupARNs: [targetGroupArn] }))
}

/** Deregisters the group's instances from the target group (they drain for its deregistration delay). */
export async function detachTargetGroup(autoscaling: AutoScalingClient, groupName: string, targetGroupArn: string): Promise<void> {
  await autoscaling.send(new (await autoScalingSdk()).DetachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: groupName, TargetGroupARNs: [targetGroupArn] }))
}
