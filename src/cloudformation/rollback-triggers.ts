import type { RollbackConfiguration } from '@aws-sdk/client-cloudformation'
import { readAlarms, type AlarmReading } from '../aws/cloudwatch.js'
import type { Context } from '../context.js'

/**
 * The alarms input resolved once per run (names to ARNs, and whether each is a metric or a composite
 * alarm); an unknown name is a DeployError, raised by the first caller, before any change.
 */
export function resolveAlarms(ctx: Context): Promise<AlarmReading[]> {
  const alarms = ctx.alarms
  if (!alarms || alarms.names.length === 0) return Promise.resolve([])
  alarms.resolved ??= readAlarms(ctx.clients.cloudwatch, alarms.names)
  return alarms.resolved
}

/**
 * What every change set the action creates carries: the alarms as rollback triggers, watched while the
 * stack operation runs and for rollback-monitoring-minutes after it (CloudFormation rolls the update back
 * when one goes to ALARM, as a CodeDeploy deployment with alarms does). Without alarms nothing is sent and
 * CloudFormation keeps whatever triggers the stack had.
 */
export async function rollbackConfiguration(ctx: Context): Promise<RollbackConfiguration | undefined> {
  const alarms = await resolveAlarms(ctx)
  if (alarms.length === 0) return undefined
  return {
    RollbackTriggers: alarms.map((a) => ({ Arn: a.arn, Type: a.type })),
    MonitoringTimeInMinutes: ctx.alarms!.monitoringMinutes
  }
}
