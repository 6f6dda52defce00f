import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { cloudWatchSdk } from './sdk.js'
import { DeployError } from '../errors.js'
import { alarmName } from '../inputs.js'

/** One alarm as read now: what the gates compare and what a rollback trigger names. */
export interface AlarmReading {
  name: string
  arn: string
  /** The rollback trigger's resource type: a metric alarm or a composite alarm. */
  type: 'AWS::CloudWatch::Alarm' | 'AWS::CloudWatch::CompositeAlarm'
  state: string
  /** Why it is in its state, in CloudWatch's words. Untrusted-ish: it quotes metric values and the alarm's own text. */
  reason?: string
}

/**
 * Reads the named alarms (names or ARNs) in one DescribeAlarms call (AlarmNames takes up to 100; the
 * action takes 5), metric and composite alike. Throws a DeployError naming the alarms that do not exist.
 */
export async function readAlarms(cw: CloudWatchClient, namesOrArns: readonly string[]): Promise<AlarmReading[]> {
  if (namesOrArns.length === 0) return []
  const names = namesOrArns.map(alarmName)
  const found: AlarmReading[] = []
  let next: string | undefined
  do {
    // Without AlarmTypes DescribeAlarms returns metric alarms only (API reference, DescribeAlarms).
    const out = await cw.send(new (await cloudWatchSdk()).DescribeAlarmsCommand({ AlarmNames: names, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: next }))
    for (const a of out.MetricAlarms ?? []) found.push({ name: a.AlarmName!, arn: a.AlarmArn!, type: 'AWS::CloudWatch::Alarm', state: a.StateValue ?? 'INSUFFICIENT_DATA', reason: a.StateReason })
    for (const a of out.CompositeAlarms ?? [])
      found.push({ name: a.AlarmName!, arn: a.AlarmArn!, type: 'AWS::CloudWatch::CompositeAlarm', state: a.StateValue ?? 'INSUFFICIENT_DATA', reason: a.StateReason })
    next = out.NextToken
  } while (next)
  const missing = names.filter((n) => !found.some((a) => a.name === n))
  if (missing.length > 0) {
    throw new DeployError(
      `CloudWatch has no alarm named ${missing.join(', ')} in this region`,
      'The alarms input names alarms that DescribeAlarms does not return.',
      'Nothing was changed. Check the names in alarms (names or ARNs of alarms in the region of the stacks), or create the alarms first.'
    )
  }
  return names.map((n) => found.find((a) => a.name === n)!)
}

/** The alarms in ALARM. */
export function firing(alarms: readonly AlarmReading[]): AlarmReading[] {
  return alarms.filter((a) => a.state === 'ALARM')
}

/** "errors (Threshold Crossed: 1 datapoint [5.0] was greater than the threshold (1.0))" for each alarm in ALARM. */
export function describeFiring(alarms: readonly AlarmReading[]): string {
  return firing(alarms)
    .map((a) => `${a.name} is in ALARM${a.reason ? ` (${a.reason})` : ''}`)
    .join('; ')
}
