import type { Context } from '../context.js'
import { deleteStacks, type BatchOutcome } from '../cloudformation/batch-delete.js'
import { deleteStack } from '../cloudformation/delete.js'
import { isInProgress } from '../cloudformation/stacks.js'

/** Runs fn over items with at most `limit` at once; results keep the items' order, errors are captured per item. */
export async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<({ ok: true; value: R } | { ok: false; error: unknown })[]> {
  const results: ({ ok: true; value: R } | { ok: false; error: unknown })[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      try {
        results[i] = { ok: true, value: await fn(items[i]) }
      } catch (error) {
        results[i] = { ok: false, error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker))
  return results
}

/**
 * Deletes the listed stacks, at most `limit` deletes at once, each by the id the listing returned. Stacks in
 * the middle of another operation (AWS refuses to delete them) are waited for one by one first; the rest
 * go through one batch whose single status read per poll watches every delete. Results keep the order.
 */
export async function deleteListedStacks(
  ctx: Context,
  stacks: { stackName: string; stackId: string; status: string }[],
  limit: number,
  beforeDelete?: (stack: { stackName: string }) => void
): Promise<BatchOutcome[]> {
  const busy = (s: { status: string }) => isInProgress(s.status) && s.status !== 'DELETE_IN_PROGRESS'
  const ready = stacks.filter((s) => !busy(s))
  const waiting = stacks.filter(busy)
  const [batch, single] = await Promise.all([
    deleteStacks(ctx, ready, Math.max(1, limit - Math.min(waiting.length, 1)), beforeDelete),
    waiting.length
      ? mapBounded(waiting, 1, async (s) => {
          beforeDelete?.(s)
          return deleteStack(ctx, s.stackId)
        })
      : Promise.resolve([])
  ])
  const byId = new Map<string, BatchOutcome>()
  ready.forEach((s, i) => byId.set(s.stackId, batch[i]))
  waiting.forEach((s, i) => byId.set(s.stackId, single[i].ok ? { ok: true } : { ok: false, error: single[i].error }))
  return stacks.map((s) => byId.get(s.stackId)!)
}
