import { ContinueUpdateRollbackCommand, ExecuteChangeSetCommand, ListChangeSetsCommand, type Capability, type Change, type Parameter, type Stack, type Tag } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { DeployError, errorMessage, errorName } from '../errors.js'
import { ChangeSetFailed, createChangeSet, deleteChangeSet, deleteStaleChangeSets, requestToken, showChangeSet } from './change-set.js'
import { deleteStack } from './delete.js'
import { EventStream, type StackEvent } from './events.js'
import { describeStack, isInProgress, neverCreated, stackOutputs } from './stacks.js'
import { parseTemplate } from './template.js'
import { waitForOperation, waitForStack } from './wait.js'

export interface DeployRequest {
  stackName: string
  templateBody: string
  parameters: Parameter[]
  capabilities: Capability[]
  tags: Tag[]
  /**
   * Called with the change set's changes after it is shown and before it runs (dry runs included).
   * Throwing aborts: the change set is deleted, and for a new stack its REVIEW_IN_PROGRESS stack too.
   */
  review?: (changes: Change[]) => void | Promise<void>
  /** Called with each event of the operation as it is read (about every ctx.pollMs), before the wait goes on. */
  onEvent?: (e: StackEvent) => void | Promise<void>
  /**
   * The stack as the caller read it a moment ago ({ stack: undefined }: it did not exist), so it is not read
   * again before the change set (a stack created or changed since makes CreateChangeSet or its execution fail, changing nothing).
   */
  read?: { stack: Stack | undefined }
}

export interface DeployResult {
  stackName: string
  stackId?: string
  status?: string
  changeSetId?: string
  changes: Change[]
  /** The change set as a markdown table, for the summary. */
  changesMarkdown: string
  noChanges: boolean
  executed: boolean
  outputs: Record<string, string>
  stack?: Stack
}

/**
 * Brings the stack into a state that accepts a change set, and says which type the change set must be.
 * Every status a stack can be found in has its answer here.
 */
export async function prepareStack(ctx: Context, stackName: string, read?: { stack: Stack | undefined }): Promise<'CREATE' | 'UPDATE'> {
  for (let first = true; ; first = false) {
    const stack = first && read ? read.stack : await describeStack(ctx.clients.cloudformation, stackName)
    const status = stack?.StackStatus
    if (!stack || status === 'DELETE_COMPLETE') return 'CREATE'
    const stackId = stack.StackId!
    if (status === 'REVIEW_IN_PROGRESS') {
      const deleted = ctx.dryRun ? [] : await deleteStaleChangeSets(ctx, stackId)
      ctx.log.info(`Stack ${stackName} is REVIEW_IN_PROGRESS (created by a change set that never ran)${deleted.length ? `; deleted stale change set(s) ${deleted.join(', ')}` : ''}.`)
      return 'CREATE'
    }
    if (isInProgress(status)) {
      ctx.log.info(`Stack ${stackName} is ${status}: waiting for the operation in progress to finish.`)
      await waitForStack(ctx, stackId, new EventStream(ctx, stackId, await EventStream.baseline(ctx, stackId)))
      continue
    }
    if (neverCreated(status)) {
      if (ctx.dryRun) {
        ctx.log.info(`[dry-run] stack ${stackName} is ${status} (its create never finished): would delete and create it again.`)
        return 'CREATE'
      }
      ctx.log.info(`Stack ${stackName} is ${status}: its create never finished, so it holds nothing to keep. Deleting it to create it again.`)
      await deleteStack(ctx, stackId)
      return 'CREATE'
    }
    if (status === 'UPDATE_ROLLBACK_FAILED') {
      if (ctx.dryRun) {
        ctx.log.info(`[dry-run] stack ${stackName} is UPDATE_ROLLBACK_FAILED: would continue the rollback, then update.`)
        return 'UPDATE'
      }
      ctx.log.info(`Stack ${stackName} is UPDATE_ROLLBACK_FAILED: continuing the rollback before updating.`)
      const stream = new EventStream(ctx, stackId, await EventStream.baseline(ctx, stackId))
      await ctx.clients.cloudformation.send(new ContinueUpdateRollbackCommand({ StackName: stackId, ClientRequestToken: requestToken('continue') }))
      await waitForOperation(ctx, stackId, 'rollback', stream, `Continuing the rollback of ${stackName}`)
      continue
    }
    if (status === 'DELETE_FAILED') {
      throw new DeployError(
        `Stack ${stackName} is DELETE_FAILED: an earlier delete did not finish, so it cannot be updated`,
        stack.StackStatusReason,
        'Delete the stack (retaining the resources that block it) or remove the blocker, then re-run.'
      )
    }
    return 'UPDATE'
  }
}

/** Creates or updates a stack through a change set, shown before it runs, with live events while it runs. */
export async function deployStack(ctx: Context, req: DeployRequest): Promise<DeployResult> {
  const type = await prepareStack(ctx, req.stackName, req.read)
  let changeSet: Awaited<ReturnType<typeof createChangeSet>>
  try {
    changeSet = await createChangeSet(ctx, { ...req, type })
  } catch (err) {
    if (err instanceof ChangeSetFailed) await discardAttempt(ctx, err.changeSetId, err.stackId, type)
    // CloudFormation checks the template's format in the call itself: nothing was created
    if (errorName(err) === 'ValidationError') {
      throw new DeployError(
        `CloudFormation refused the change set for ${req.stackName}; nothing was changed`,
        realCause(errorMessage(err), req.templateBody),
        'Fix the template or the parameters as the cause says, then re-run.'
      )
    }
    throw err
  }
  const changesMarkdown = showChangeSet(ctx, changeSet)
  ctx.report.section(`Change set · ${req.stackName}${ctx.dryRun ? ' (dry run, not executed)' : ''}`, changesMarkdown)
  const base: DeployResult = {
    stackName: req.stackName,
    stackId: changeSet.stackId,
    changeSetId: changeSet.id,
    changes: changeSet.changes,
    changesMarkdown,
    noChanges: changeSet.empty,
    executed: false,
    outputs: {}
  }
  if (!changeSet.empty && req.review) {
    try {
      await req.review(changeSet.changes)
    } catch (err) {
      await deleteChangeSet(ctx, changeSet.id).catch(() => undefined)
      if (type === 'CREATE') await deleteReviewStack(ctx, changeSet.stackId)
      throw err
    }
  }
  if (changeSet.empty || ctx.dryRun) {
    await deleteChangeSet(ctx, changeSet.id).catch(() => undefined)
    if (ctx.dryRun && type === 'CREATE') await deleteReviewStack(ctx, changeSet.stackId)
    const stack = type === 'UPDATE' ? await describeStack(ctx.clients.cloudformation, changeSet.stackId) : undefined
    if (ctx.dryRun) ctx.log.info(`[dry-run] change set shown and deleted; stack ${req.stackName} unchanged.`)
    return { ...base, stack, status: stack?.StackStatus, outputs: stackOutputs(stack), changeSetId: changeSet.empty ? undefined : changeSet.id }
  }
  const stream = new EventStream(ctx, changeSet.stackId, type === 'UPDATE' ? await EventStream.baseline(ctx, changeSet.stackId) : undefined, req.onEvent)
  stream.expectResources(changeSet.changes.flatMap((c) => c.ResourceChange?.LogicalResourceId ?? []))
  ctx.log.info(`Executing change set (${type === 'CREATE' ? 'create' : 'update'} of ${req.stackName})`)
  try {
    await ctx.clients.cloudformation.send(new ExecuteChangeSetCommand({ ChangeSetName: changeSet.id, ClientRequestToken: requestToken('execute') }))
  } catch (err) {
    if (errorName(err) !== 'ValidationError') throw err
    // CloudFormation refused to start it: nothing ran, so what this attempt created goes.
    await discardAttempt(ctx, changeSet.id, changeSet.stackId, type)
    throw new DeployError(
      `CloudFormation refused to execute the change set for ${req.stackName}; nothing was changed`,
      realCause(errorMessage(err), req.templateBody),
      'Fix the template as the cause says, then re-run.'
    )
  }
  const stack = await waitForOperation(ctx, changeSet.stackId, type === 'CREATE' ? 'create' : 'update', stream, `${type === 'CREATE' ? 'Creating' : 'Updating'} stack ${req.stackName}`)
  return { ...base, executed: true, stack, status: stack.StackStatus, outputs: stackOutputs(stack) }
}

/**
 * Removes what a failed attempt left: its change set and, when the attempt was a create, the empty
 * REVIEW_IN_PROGRESS stack CloudFormation made for it (unless another change set waits on that stack).
 * Best effort: the failure being reported matters more than a failed cleanup, which is logged.
 */
async function discardAttempt(ctx: Context, changeSetId: string, stackId: string, type: 'CREATE' | 'UPDATE'): Promise<void> {
  try {
    await deleteChangeSet(ctx, changeSetId)
    if (type !== 'CREATE') return
    const others = await ctx.clients.cloudformation.send(new ListChangeSetsCommand({ StackName: stackId }))
    if ((others.Summaries ?? []).some((cs) => cs.ChangeSetId !== changeSetId && cs.Status !== 'DELETE_COMPLETE')) return
    await deleteReviewStack(ctx, stackId)
    ctx.log.info(`Deleted the failed change set and the empty stack ${stackId} it had created.`)
  } catch (err) {
    ctx.log.warning(`Could not clean up after the failed change set ${changeSetId}: ${errorMessage(err)}. Delete it (and the stack, if REVIEW_IN_PROGRESS) by hand.`)
  }
}

/**
 * CloudFormation's reason, and the likelier cause behind it: "GetAtt references undefined resource B" when the
 * template declares B means B's type is one CloudFormation did not take (a misspelt type, say).
 */
export function realCause(reason: string, templateBody: string): string {
  const m = /references undefined resource (\w+)/.exec(reason)
  if (!m) return reason
  let type: string | undefined
  try {
    type = parseTemplate(templateBody).Resources[m[1]]?.Type
  } catch {
    return reason
  }
  if (!type) return reason
  return `${reason}. The template declares ${m[1]} with Type ${type}: check that type's spelling against the CloudFormation resource type reference`
}

/** A dry run or an aborted review of a new stack leaves an empty REVIEW_IN_PROGRESS stack; remove it so nothing changed. */
async function deleteReviewStack(ctx: Context, stackId: string): Promise<void> {
  const stack = await describeStack(ctx.clients.cloudformation, stackId)
  if (stack?.StackStatus !== 'REVIEW_IN_PROGRESS') return
  await deleteStack({ ...ctx, dryRun: false }, stackId)
}
