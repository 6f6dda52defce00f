import { CreateStackCommand, DeleteStackCommand, type Stack, type Tag } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { errorName } from '../errors.js'
import { requestToken } from './change-set.js'
import { describeStack } from './stacks.js'

/**
 * A lock stack holds one resource that costs nothing and needs no permission of another service. Its only
 * job is its name: CreateStack of a name that exists in any state but DELETE_COMPLETE (REVIEW_IN_PROGRESS
 * and DELETE_IN_PROGRESS included) answers AlreadyExistsException, so exactly one of several concurrent
 * creates wins. A CREATE change set is no lock: CloudFormation accepts more CREATE change sets on a
 * REVIEW_IN_PROGRESS stack.
 */
export function lockTemplate(description: string): string {
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: description.slice(0, 1024),
    Resources: { Lock: { Type: 'AWS::CloudFormation::WaitConditionHandle' } }
  })
}

/** Creates the lock stack; undefined when the name is taken (by a lock or anything else). */
export async function createLockStack(ctx: Context, name: string, description: string, tags: Tag[]): Promise<string | undefined> {
  try {
    const out = await ctx.clients.cloudformation.send(new CreateStackCommand({ StackName: name, TemplateBody: lockTemplate(description), Tags: tags, ClientRequestToken: requestToken('lock') }))
    return out.StackId
  } catch (err) {
    if (errorName(err) === 'AlreadyExistsException') return undefined
    throw err
  }
}

export function readLockStack(ctx: Context, nameOrId: string): Promise<Stack | undefined> {
  return describeStack(ctx.clients.cloudformation, nameOrId)
}

/** Deletes a lock stack by id, so a lock taken since under the same name is never touched. */
export async function deleteLockStack(ctx: Context, stackId: string): Promise<void> {
  await ctx.clients.cloudformation.send(new DeleteStackCommand({ StackName: stackId, ClientRequestToken: requestToken('unlock') }))
}

/**
 * Waits until one of the lock stacks (by id) is gone (DELETE_COMPLETE, or unknown), reading them all every
 * ctx.pollMs until `until`. Returns false when they are all still there at `until`.
 */
export async function waitLockGone(ctx: Context, stackIds: string[], until: number): Promise<boolean> {
  for (;;) {
    const stacks = await Promise.all(stackIds.map((id) => readLockStack(ctx, id)))
    if (stacks.some((stack) => !stack || stack.StackStatus === 'DELETE_COMPLETE')) return true
    if (ctx.clock.now() + ctx.pollMs > until) return false
    await ctx.clock.sleep(ctx.pollMs)
  }
}
