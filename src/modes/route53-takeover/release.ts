import type { StackEvent } from '@aws-sdk/client-cloudformation'
import { deployedTemplate } from '../../cloudformation/deployed-template.js'
import type { Context } from '../../context.js'
import { deployStack, type DeployResult } from '../../cloudformation/deploy.js'
import { templateToBody, type Template } from '../../cloudformation/template.js'
import { changeRecords, formatKey, upsert, type ResourceRecordSet } from '../../aws/route53.js'
import { DeployError, errorMessage } from '../../errors.js'
import type { GapMeter } from './gap.js'
import { deployRequest, saveState, type Session } from './session.js'

/** The template the stack runs now, as CloudFormation stored it. */
export function storedTemplate(ctx: Context, stackName: string): Promise<Template | undefined> {
  return deployedTemplate(ctx.clients.cloudformation, stackName)
}

function retained(template: Template | undefined, logicalId: string): boolean {
  return template?.Resources[logicalId]?.DeletionPolicy === 'Retain'
}

/**
 * Step one of a release: the stack's record gets DeletionPolicy Retain, so that removing it from the
 * stack leaves it in the zone. The stored template is read back: CloudFormation once treated a
 * policy-only change as "no changes", and the next step must not run on that.
 */
export async function retainRecordInStack(ctx: Context, s: Session): Promise<DeployResult | undefined> {
  const id = s.record.logicalId
  if (retained(await storedTemplate(ctx, s.stackName), id)) {
    ctx.log.info(`${id} already has DeletionPolicy Retain in the stack.`)
    return undefined
  }
  const template: Template = {
    ...s.template,
    Resources: { ...s.template.Resources, [id]: { ...s.template.Resources[id], DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } }
  }
  ctx.log.info(`Updating the stack with DeletionPolicy Retain on ${id} (record still on).`)
  const result = await deployStack(ctx, deployRequest(s, true, { templateBody: templateToBody(template, s.template) }))
  if (!ctx.dryRun && !retained(await storedTemplate(ctx, s.stackName), id)) {
    throw new DeployError(
      `The stack's template still has no DeletionPolicy Retain on ${id} after the update`,
      result.noChanges ? 'CloudFormation saw no changes in a policy-only update' : undefined,
      `Nothing was removed. Add DeletionPolicy: Retain to ${id} in the template, deploy, then run the release again.`
    )
  }
  return result
}

/**
 * Step two: the update with the record off removes it from the stack; with Retain, CloudFormation
 * skips the delete. Should the record be deleted all the same, it is put back from the backup at once.
 */
export async function removeRecordFromStack(ctx: Context, s: Session, backup: ResourceRecordSet, meter: GapMeter, watchMs: number): Promise<DeployResult> {
  const onEvent = async (e: StackEvent): Promise<void> => {
    // events of nested stacks come through too; only the stack's own record counts
    if (e.LogicalResourceId !== s.record.logicalId || (e.StackName && e.StackName !== s.stackName)) return
    if (e.ResourceStatus === 'DELETE_SKIPPED') ctx.log.info(`${s.record.logicalId} left the stack; the record stays in the zone.`)
    if (e.ResourceStatus === 'DELETE_COMPLETE') {
      meter.noteDeleted()
      ctx.log.warning(`CloudFormation deleted ${formatKey(s.key)} despite DeletionPolicy Retain: putting it back from the backup at once.`)
      try {
        saveState(s, { stage: 'record-deleted' })
        await changeRecords(ctx.clients.route53, s.zone.id, [upsert(backup)], `bluegreen-action: put back ${formatKey(s.key)}`, { wait: false })
      } catch (err) {
        ctx.log.warning(`Putting the record back failed (${errorMessage(err)}); it is tried again after the update.`)
      }
    }
  }
  return deployStack({ ...ctx, pollMs: Math.min(ctx.pollMs, watchMs) }, deployRequest(s, false, { onEvent }))
}
