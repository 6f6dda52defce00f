import { PutMetricAlarmCommand, SetAlarmStateCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch'

/**
 * A metric alarm like an app's error alarm (App/Errors summed over a minute above 5). The emulator never
 * evaluates alarms: tests move them with SetAlarmState. `quiet` sets it to OK at once, as a healthy app's is.
 */
export async function createAlarm(cw: CloudWatchClient, name: string, opts: { quiet?: boolean } = {}): Promise<void> {
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      Namespace: 'App',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold'
    })
  )
  if (opts.quiet) await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'OK', StateReason: 'quiet' }))
}
