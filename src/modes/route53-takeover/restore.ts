import type { StackResource } from '@aws-sdk/client-cloudformation'
import type { Context } from '../../context.js'
import { changeRecords, formatKey, listRecordSets, parseSoa, readSoa, upsert, type ResourceRecordSet } from '../../aws/route53.js'
import { errorMessage } from '../../errors.js'
import { stackResources } from '../../cloudformation/stack-resources.js'
import { ownsResource } from './ownership.js'
import { formatRecord, sameRecord } from './record.js'
import { saveState, type Session } from './session.js'

export type RestoreOutcome = 'unchanged' | 'restored' | 'left-to-stack'

/**
 * Makes the zone hold `record` again. A record the stack holds and that is there is left alone (it is
 * the stack's now); a missing record is always put back, whoever holds it, so the name never stays empty.
 */
export async function ensureRecord(ctx: Context, s: Session, record: ResourceRecordSet, why: string): Promise<RestoreOutcome> {
  const current = await listRecordSets(ctx.clients.route53, s.zone.id, s.key)
  if (current.length === 1 && sameRecord(current[0], record)) {
    ctx.log.info(`The zone holds the record as backed up: ${formatRecord(current[0])}`)
    return 'unchanged'
  }
  if (current.length > 0) {
    let owned: StackResource | undefined
    try {
      owned = ownsResource(await stackResources(ctx.clients.cloudformation, s.stackName), s.record.logicalId)
    } catch (err) {
      ctx.log.warning(`Cannot tell whether stack ${s.stackName} holds the record (${errorMessage(err)}); restoring the backup.`)
    }
    if (owned) {
      ctx.log.info(`Stack ${s.stackName} holds ${formatKey(s.key)} (${owned.ResourceStatus}); it is left as the stack made it: ${current.map(formatRecord).join('; ')}`)
      return 'left-to-stack'
    }
  }
  ctx.log.info(`${why}: putting back ${formatRecord(record)}${current.length ? ` over ${current.map(formatRecord).join('; ')}` : ' (the name had no record)'}`)
  await changeRecords(ctx.clients.route53, s.zone.id, [upsert(record)], `bluegreen-action: restore ${formatKey(s.key)} from backup`, { wait: ctx })
  return 'restored'
}

/** Puts the zone's SOA back as it was before the action lowered it (recorded in the state). */
export async function restoreSoa(ctx: Context, s: Session): Promise<boolean> {
  const original = s.state?.soa
  if (!original) return false
  const now = await readSoa(ctx.clients.route53, s.zone)
  const before = parseSoa(original)
  if (now.ttl === before.ttl && now.minimum === before.minimum) {
    ctx.log.info(`The zone's SOA is as it was (TTL ${before.ttl}, negative-caching minimum ${before.minimum}).`)
  } else {
    ctx.log.info(`Restoring the zone's SOA: TTL ${now.ttl} → ${before.ttl}, negative-caching minimum ${now.minimum} → ${before.minimum}`)
    await changeRecords(ctx.clients.route53, s.zone.id, [upsert({ ...original, Name: now.record.Name })], 'bluegreen-action: restore SOA', { wait: ctx })
  }
  saveState(s, { soa: undefined })
  return true
}

/**
 * Restores the record and then the SOA; a failure of one does not stop the other. Returns what went wrong,
 * and what became of the record (left to the stack when the stack holds it already).
 */
export async function restoreAll(ctx: Context, s: Session, why: string): Promise<{ problems: string[]; record?: RestoreOutcome }> {
  const problems: string[] = []
  let record: RestoreOutcome | undefined
  if (s.state) {
    try {
      const outcome = (record = await ensureRecord(ctx, s, s.state.backup, why))
      if (outcome !== 'left-to-stack') saveState(s, { stage: 'backed-up' })
    } catch (err) {
      problems.push(`restoring the record failed: ${errorMessage(err)}`)
    }
  }
  try {
    await restoreSoa(ctx, s)
  } catch (err) {
    problems.push(`restoring the SOA failed: ${errorMessage(err)}`)
  }
  return { problems, record }
}
