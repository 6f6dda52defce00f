import type { Action, ElasticLoadBalancingV2Client, Listener, LoadBalancer, Rule, TargetGroup, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2'
import { elbv2Sdk } from './sdk.js'
import { errorName } from '../errors.js'

export type { Action, Listener, Rule, TargetHealthDescription }

/** The listener, or undefined when Elastic Load Balancing does not know it (ListenerNotFound). */
export async function describeListener(elbv2: ElasticLoadBalancingV2Client, listenerArn: string): Promise<Listener | undefined> {
  try {
    const out = await elbv2.send(new (await elbv2Sdk()).DescribeListenersCommand({ ListenerArns: [listenerArn] }))
    return out.Listeners?.[0]
  } catch (err) {
    if (errorName(err) === 'ListenerNotFoundException') return undefined
    throw err
  }
}

/** One rule, or undefined when it does not exist (RuleNotFound). */
export async function describeRule(elbv2: ElasticLoadBalancingV2Client, ruleArn: string): Promise<Rule | undefined> {
  try {
    const out = await elbv2.send(new (await elbv2Sdk()).DescribeRulesCommand({ RuleArns: [ruleArn] }))
    return out.Rules?.[0]
  } catch (err) {
    if (errorName(err) === 'RuleNotFoundException') return undefined
    throw err
  }
}

/** Every rule of a listener, its default rule included (every page: AWS pages rules by Marker). */
export async function listenerRules(elbv2: ElasticLoadBalancingV2Client, listenerArn: string): Promise<Rule[]> {
  const rules: Rule[] = []
  let marker: string | undefined
  do {
    const out = await elbv2.send(new (await elbv2Sdk()).DescribeRulesCommand({ ListenerArn: listenerArn, Marker: marker, PageSize: 400 }))
    rules.push(...(out.Rules ?? []))
    marker = out.NextMarker
  } while (marker)
  return rules
}

/** Replaces the listener's default actions (only them: protocol, port and certificates stay as they are). */
export async function setListenerActions(elbv2: ElasticLoadBalancingV2Client, listenerArn: string, actions: Action[]): Promise<Listener | undefined> {
  const out = await elbv2.send(new (await elbv2Sdk()).ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: actions }))
  return out.Listeners?.[0]
}

/** Replaces the rule's actions (only them: its conditions stay as they are). */
export async function setRuleActions(elbv2: ElasticLoadBalancingV2Client, ruleArn: string, actions: Action[]): Promise<Rule | undefined> {
  const out = await elbv2.send(new (await elbv2Sdk()).ModifyRuleCommand({ RuleArn: ruleArn, Actions: actions }))
  return out.Rules?.[0]
}

export async function describeLoadBalancer(elbv2: ElasticLoadBalancingV2Client, loadBalancerArn: string): Promise<LoadBalancer | undefined> {
  const out = await elbv2.send(new (await elbv2Sdk()).DescribeLoadBalancersCommand({ LoadBalancerArns: [loadBalancerArn] }))
  return out.LoadBalancers?.[0]
}

/** The target group, or undefined when it does not exist (TargetGroupNotFound). */
export async function describeTargetGroup(elbv2: ElasticLoadBalancingV2Client, targetGroupArn: string): Promise<TargetGroup | undefined> {
  try {
    const out = await elbv2.send(new (await elbv2Sdk()).DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] }))
    return out.TargetGroups?.[0]
  } catch (err) {
    if (errorName(err) === 'TargetGroupNotFoundException') return undefined
    throw err
  }
}

/**
 * How long the target group lets in-flight requests finish: deregistration_delay.timeout_seconds, 300 when
 * the attribute is absent (the default the Elastic Load Balancing user guide gives, "Deregistration delay").
 */
export async function deregistrationDelaySeconds(elbv2: ElasticLoadBalancingV2Client, targetGroupArn: string): Promise<number> {
  const out = await elbv2.send(new (await elbv2Sdk()).DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn }))
  const value = out.Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value
  const seconds = Number(value)
  return value !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds : 300
}

/** Every target registered in the target group, with its state (initial, healthy, unhealthy, unused, draining, unavailable). */
export async function targetHealth(elbv2: ElasticLoadBalancingV2Client, targetGroupArn: string): Promise<TargetHealthDescription[]> {
  const out = await elbv2.send(new (await elbv2Sdk()).DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))
  return out.TargetHealthDescriptions ?? []
}
