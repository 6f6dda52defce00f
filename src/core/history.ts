import { ListStacksCommand, type StackSummary } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { describeStack } from '../cloudformation/stacks.js'
import { heldLockOf, type LockHolder } from './lock-holder.js'
import { lockStackNames } from './lock.js'

/** Released locks of the domain read back, newest first: enough for the last few promotions. */
const LOCKS_READ = 10

/** A promotion as the domain's lock recorded it. */
export interface RecordedPromotion {
  from: string
  to: string
  /** When the promotion's lock was taken (epoch ms). */
  at?: number
  lockStackId: string
  /** The run that held the lock for it. */
  holder: LockHolder
}

/**
 * The promotion that made `liveStack` live, read from the domain's released locks. Every promotion takes the
 * lock (a stack named for the domain and base path, under any of its names) with tags naming the stack live when it locked (from) and
 * the stack it promotes (to); the lock is deleted when the phase ends, and CloudFormation keeps a deleted stack
 * for 90 days, listed by ListStacks (DELETE_COMPLETE, or DELETE_IN_PROGRESS while its delete runs on after the
 * run that released it) and readable with its tags by stack id. A promotion that
 * failed or was switched back left `to` not live, so the newest lock whose `to` is live is the one that made it.
 */
export async function promotionThatMadeLive(ctx: Context, domainName: string, basePath: string, liveStack: string): Promise<RecordedPromotion | undefined> {
  const names = lockStackNames(domainName, basePath)
  const released = (await deletedStacksNamed(ctx, names)).sort((a, b) => time(b) - time(a)).slice(0, LOCKS_READ)
  for (const summary of released) {
    const stack = await describeStack(ctx.clients.cloudformation, summary.StackId!)
    const held = stack && heldLockOf(stack)
    if (!held?.intent.from || !held.intent.to || held.intent.from === held.intent.to) continue
    if (held.intent.to === liveStack) return { from: held.intent.from, to: held.intent.to, at: held.takenAt, lockStackId: summary.StackId!, holder: held.holder }
  }
  return undefined
}

/** Released locks: deleted, or still being deleted (a run does not wait for its lock's delete). */
async function deletedStacksNamed(ctx: Context, names: string[]): Promise<StackSummary[]> {
  const found: StackSummary[] = []
  let next: string | undefined
  do {
    const page = await ctx.clients.cloudformation.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE', 'DELETE_IN_PROGRESS'], NextToken: next }))
    for (const s of page.StackSummaries ?? []) if (s.StackName && names.includes(s.StackName) && s.StackId) found.push(s)
    next = page.NextToken
  } while (next)
  return found
}

/** Newest release first: a lock still being deleted was released after every deleted one. */
function time(s: StackSummary): number {
  if (s.StackStatus === 'DELETE_IN_PROGRESS') return 8.64e15 + new Date(s.CreationTime ?? 0).getTime()
  return new Date(s.DeletionTime ?? s.CreationTime ?? 0).getTime()
}
