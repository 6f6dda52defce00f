import { DeleteStackCommand } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { listStackResources } from './deployed-stack.js'
import { EventStream } from './events.js'
import { describeStack } from './stacks.js'
import { requestToken } from './change-set.js'
import { waitForOperation, waitForStack } from './wait.js'
import { isInProgress } from './stacks.js'

export interface DeleteResult {
  stackName: string
  stackId?: string
  deleted: boolean
}

/** Deletes a stack and streams its events until DELETE_COMPLETE; a missing stack is already deleted. */
export interface DeleteOptions {
  retain?: string[]
  /** Called once CloudFormation accepted the delete, before the wait for it (work that may run beside it). */
  onIssued?: () => Promise<void>
}

export async function deleteStack(ctx: Context, nameOrId: string, options: DeleteOptions = {}): Promise<DeleteResult> {
  const stack = await describeStack(ctx.clients.cloudformation, nameOrId)
  if (!stack || stack.StackStatus === 'DELETE_COMPLETE') {
    ctx.log.info(`Stack ${nameOrId} does not exist; nothing to delete.`)
    return { stackName: nameOrId, deleted: false }
  }
  const stackId = stack.StackId!
  if (ctx.dryRun) {
    ctx.log.info(`[dry-run] would delete stack ${stack.StackName} (${stack.StackStatus})`)
    return { stackName: stack.StackName!, stackId, deleted: false }
  }
  if (isInProgress(stack.StackStatus)) {
    ctx.log.info(`Stack ${stack.StackName} is ${stack.StackStatus}; waiting for it before deleting.`)
    await waitForStack(ctx, stackId, new EventStream(ctx, stackId, await EventStream.baseline(ctx, stackId)))
  }
  // the resources the delete works through tell the wait when it should end (read beside the baseline)
  const [baseline, resources] = await Promise.all([EventStream.baseline(ctx, stackId), listStackResources(ctx.clients.cloudformation, stackId).catch(() => [])])
  const stream = new EventStream(ctx, stackId, baseline)
  stream.expectResources(resources.flatMap((r) => (r.ResourceStatus === 'DELETE_COMPLETE' || !r.LogicalResourceId ? [] : [r.LogicalResourceId])))
  ctx.log.info(`Deleting stack ${stack.StackName}`)
  await ctx.clients.cloudformation.send(
    new DeleteStackCommand({
      StackName: stackId,
      ClientRequestToken: requestToken('delete'),
      RetainResources: options.retain?.length ? options.retain : undefined
    })
  )
  await options.onIssued?.()
  await waitForOperation(ctx, stackId, 'delete', stream, `Deleting stack ${stack.StackName}`)
  return { stackName: stack.StackName!, stackId, deleted: true }
}
