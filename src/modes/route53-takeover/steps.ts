import type { Context } from '../../context.js'
import { describeStack, stackOutputs } from '../../cloudformation/stacks.js'
import { formatKey, listRecordSets, type ResourceRecordSet } from '../../aws/route53.js'
import { DeployError } from '../../errors.js'
import type { TakeoverState } from './backup.js'
import { stackResources } from '../../cloudformation/stack-resources.js'
import { otherOwner, ownsResource } from './ownership.js'
import { formatRecord, recordDifferences } from './record.js'
import { ensureRecord } from './restore.js'
import type { Found, Session } from './session.js'

/**
 * Takes the backup (or keeps the one an earlier, interrupted run took: the record may have been changed
 * since) and publishes it as an output and a file before anything changes.
 */
export async function backUp(ctx: Context, s: Session, found: Found, action: TakeoverState['action']): Promise<ResourceRecordSet> {
  const previous = found.previous
  if (previous) {
    ctx.log.info(`An earlier run stopped at stage "${previous.stage}" (saved ${previous.savedAt}); its backup is kept: ${formatRecord(previous.backup)}`)
    s.state = previous
    if (found.records.length === 0 && !ctx.dryRun) {
      await ensureRecord(ctx, s, previous.backup, 'The earlier run deleted the manual record and the stack did not create it')
    }
  } else {
    if (found.records.length === 0) {
      throw new DeployError(
        `The zone ${s.zone.name} has no record ${formatKey(s.key)}${action === 'release' ? '' : ' to take over'}`,
        undefined,
        "Check record-name, record-type and set-identifier. If an earlier run was interrupted after deleting the record, put it back from that run's record-backup output (UPSERT it), then re-run."
      )
    }
    if (found.records.length > 1) {
      throw new DeployError(
        `The zone holds ${found.records.length} records named ${formatKey(s.key)}`,
        found.records.map(formatRecord).join('; '),
        'Give set-identifier to say which one to take over.'
      )
    }
    if (action === 'takeover') {
      const owner = await otherOwner(ctx.clients.cloudformation, found.records[0].Name ?? s.key.name, s.stackName, s.key.setIdentifier)
      if (owner) {
        throw new DeployError(`Stack ${owner} already holds ${formatKey(s.key)}`, undefined, `Release it from ${owner} first (takeover-action: release on that stack).`)
      }
    }
    s.state = {
      version: 1,
      action,
      stackName: s.stackName,
      zone: s.zone,
      key: s.key,
      backup: found.records[0],
      savedAt: new Date(ctx.clock.now()).toISOString(),
      stage: 'backed-up'
    }
  }
  const json = JSON.stringify(s.state.backup)
  if (ctx.dryRun) {
    ctx.log.info(`[dry-run] backup (not written): ${json}`)
  } else {
    s.file.write(s.state)
    ctx.setOutput('record-backup-file', s.file.path)
    ctx.log.info(`Backup written to ${s.file.path}`)
  }
  ctx.setOutput('record-backup', json)
  ctx.log.info(`record-backup: ${json}`)
  ctx.report.section(
    'Record backup',
    `Restore it with an UPSERT of this ResourceRecordSet${ctx.dryRun ? '' : ` (also in \`${s.file.path}\`)`}:\n\n\`\`\`json\n${JSON.stringify(s.state.backup, null, 2)}\n\`\`\``
  )
  return s.state.backup
}

/** The stack holds the record and the zone has it with the values the action expected (a difference is reported, not undone). */
export async function confirmOwned(ctx: Context, s: Session, desired: ResourceRecordSet | undefined): Promise<ResourceRecordSet> {
  const owned = ownsResource(await stackResources(ctx.clients.cloudformation, s.stackName), s.record.logicalId)
  if (!owned) throw new DeployError(`The update finished but stack ${s.stackName} does not hold ${s.record.logicalId}`)
  const records = await listRecordSets(ctx.clients.route53, s.zone.id, s.key)
  if (records.length === 0) throw new DeployError(`Stack ${s.stackName} holds ${s.record.logicalId} but the zone has no record ${formatKey(s.key)}`)
  for (const r of records) {
    const differences = desired ? recordDifferences(r, desired) : []
    if (differences.length) ctx.log.warning(`The record differs from what the action computed in ${differences.join(', ')}: ${formatRecord(r)} (computed ${formatRecord(desired!)})`)
  }
  ctx.log.info(`Stack ${s.stackName} holds ${s.record.logicalId} (${owned.ResourceStatus}, physical id ${owned.PhysicalResourceId}): ${records.map(formatRecord).join('; ')}`)
  return records[0]
}

/** The stack no longer holds the record and the zone still has it as backed up (put back if not). */
export async function confirmReleased(ctx: Context, s: Session, backup: ResourceRecordSet): Promise<ResourceRecordSet> {
  const owned = ownsResource(await stackResources(ctx.clients.cloudformation, s.stackName), s.record.logicalId)
  if (owned) throw new DeployError(`Stack ${s.stackName} still holds ${s.record.logicalId} (${owned.ResourceStatus}) after the update that turns it off`)
  const outcome = await ensureRecord(ctx, s, backup, 'The record is not as it was before the release')
  if (outcome === 'restored') ctx.log.warning('The record had to be put back from the backup after the release.')
  ctx.log.info(`The record is managed by hand now: ${formatRecord(backup)}`)
  return backup
}

/** stack-name, stack-status, stack-outputs for a run that did not deploy. */
export async function setStackStatusOutputs(ctx: Context, stackName: string): Promise<void> {
  const stack = await describeStack(ctx.clients.cloudformation, stackName)
  ctx.setOutput('stack-name', stackName)
  if (stack?.StackId) ctx.setOutput('stack-id', stack.StackId)
  if (stack?.StackStatus) ctx.setOutput('stack-status', stack.StackStatus)
  ctx.setOutput('stack-outputs', JSON.stringify(stackOutputs(stack)))
}
