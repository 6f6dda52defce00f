import type { StackEvent } from '@aws-sdk/client-cloudformation'
import type { Context } from '../../context.js'
import { formatDuration } from '../../clock.js'
import { deployStack, type DeployResult } from '../../cloudformation/deploy.js'
import { changeRecords, formatKey, listRecordSets, loweredSoa, readSoa, remove, soaRecord, upsert, waitInsync, type ResourceRecordSet } from '../../aws/route53.js'
import { DeployError, errorMessage } from '../../errors.js'
import type { TakeoverPath } from './backup.js'
import { GapMeter } from './gap.js'
import { formatRecord, isAlias, recordDifferences, sameRecord } from './record.js'
import { deployRequest, saveState, type Session } from './session.js'

/** CloudFormation's answer when the record it creates is already in the zone with other values. */
export const ALREADY_EXISTS = /Tried to create resource record set .* but it already exists|already exists/i

export interface PathTiming {
  /** How often the zone is read to measure the gap (Route 53 allows 5 requests a second per account). */
  sampleMs: number
  /** How often stack events are read while waiting for the record's CREATE_IN_PROGRESS. */
  watchMs: number
}

export const DEFAULT_TIMING: PathTiming = { sampleMs: 1000, watchMs: 250 }

export interface PathResult {
  path: TakeoverPath
  result: DeployResult
}

/** The one record of this key in the zone now; anything else is a state the action cannot act on safely. */
export async function currentRecord(ctx: Context, s: Session): Promise<ResourceRecordSet> {
  const records = await listRecordSets(ctx.clients.route53, s.zone.id, s.key)
  if (records.length !== 1) {
    throw new DeployError(
      `The zone holds ${records.length} record sets for ${formatKey(s.key)} where one was expected`,
      records.map(formatRecord).join('; ') || undefined,
      records.length > 1 ? 'Give set-identifier to say which record to take over.' : undefined
    )
  }
  return records[0]
}

export function gapMeter(ctx: Context, s: Session, timing: PathTiming): GapMeter {
  return new GapMeter(ctx, async () => (await listRecordSets(ctx.clients.route53, s.zone.id, s.key)).length > 0, timing.sampleMs)
}

/** The preferred path's cutover: the manual record takes the template's values in one atomic UPSERT. */
export async function makeIdentical(ctx: Context, s: Session, desired: ResourceRecordSet): Promise<boolean> {
  const current = await currentRecord(ctx, s)
  const differences = recordDifferences(current, desired)
  if (differences.length === 0) {
    ctx.log.info(`The manual record already has the template's values: ${formatRecord(current)}`)
    return false
  }
  ctx.log.info(`Manual record:   ${formatRecord(current)}`)
  ctx.log.info(`Template record: ${formatRecord(desired)}  (differs in ${differences.join(', ')})`)
  saveState(s, { stage: 'record-changed' })
  await changeRecords(ctx.clients.route53, s.zone.id, [upsert(desired)], `bluegreen-action: give ${formatKey(s.key)} the values of the stack's record`, { wait: ctx })
  ctx.log.info('UPSERT is INSYNC: traffic follows the template values now, without a gap.')
  return true
}

/**
 * Turns the record on; CloudFormation adopts an identical record quietly. Returns undefined when it
 * refuses with "already exists" instead, so the caller can fall back; other failures throw.
 */
export async function enableAndAdopt(ctx: Context, s: Session): Promise<DeployResult | undefined> {
  try {
    return await deployStack(ctx, deployRequest(s, true))
  } catch (err) {
    if (err instanceof DeployError && ALREADY_EXISTS.test(`${err.rootCause ?? ''} ${err.message}`)) {
      ctx.log.warning(`CloudFormation did not adopt the identical record (${err.rootCause ?? err.message}); falling back to the delete path.`)
      return undefined
    }
    throw err
  }
}

/**
 * Lowers the record's TTL and the zone's SOA TTL and negative-caching minimum to `ttl` in one batch,
 * then waits out the old values, so that resolvers cache neither the old record nor a "no such name"
 * answer for longer than `ttl` once the record is deleted. The original SOA is saved first.
 */
export async function lowerTtls(ctx: Context, s: Session): Promise<ResourceRecordSet> {
  const { takeoverTtl: ttl, skipTtlWait } = s.inputs.route53
  const current = await currentRecord(ctx, s)
  const soa = await readSoa(ctx.clients.route53, s.zone)
  const lowSoa = loweredSoa(soa, ttl)
  const lowRecord = !isAlias(current) && (current.TTL ?? 0) > ttl ? { ...current, TTL: ttl } : undefined
  if (!lowSoa && !lowRecord) {
    ctx.log.info(`The record TTL (${isAlias(current) ? 'alias: none' : current.TTL}) and the SOA TTL ${soa.ttl} / minimum ${soa.minimum} are already at most ${ttl} s.`)
    await waitRestOfEarlierTtlWait(ctx, s)
    return current
  }
  const waitMs = Math.max(lowRecord ? current.TTL! : 0, lowSoa ? soa.ttl : 0) * 1000
  if (!skipTtlWait && ctx.clock.now() + waitMs > ctx.deadline) {
    throw new DeployError(`Waiting out the old TTLs (${formatDuration(waitMs)}) would pass timeout-minutes; nothing was lowered`, undefined, 'Raise timeout-minutes, or set skip-ttl-wait.')
  }
  saveState(s, {
    soa: s.state?.soa ?? (lowSoa ? soa.record : undefined),
    stage: lowRecord ? 'record-changed' : s.state?.stage,
    ttlWaitUntil: new Date(ctx.clock.now() + waitMs).toISOString()
  })
  if (lowRecord) ctx.log.info(`Record TTL ${current.TTL} → ${ttl} s`)
  if (lowSoa) ctx.log.info(`SOA TTL ${soa.ttl} → ${lowSoa.ttl} s, negative-caching minimum ${soa.minimum} → ${lowSoa.minimum} s (restored at the end)`)
  // Two batches: the IAM policy lets the record's name change only with its type and the apex only with SOA
  // (docs/iam-policy.json), and IAM judges a batch by all its names and types at once.
  const comment = `bluegreen-action: lower TTLs before taking over ${formatKey(s.key)}`
  const batches = [lowRecord && [upsert(lowRecord)], lowSoa && [upsert(soaRecord(lowSoa))]].filter((b) => !!b)
  const ids: string[] = []
  for (const changes of batches) ids.push(await changeRecords(ctx.clients.route53, s.zone.id, changes, comment, { wait: false }))
  await Promise.all(ids.map((id) => waitInsync(ctx.clients.route53, id, ctx)))
  if (skipTtlWait) {
    ctx.log.warning(`skip-ttl-wait: not waiting ${formatDuration(waitMs)} for the old TTLs; resolvers may keep the old record, or a "no such name" answer, for up to that long.`)
  } else {
    ctx.log.info(`Waiting ${formatDuration(waitMs)} for caches of the old TTLs to run out.`)
    await ctx.clock.sleep(waitMs)
  }
  return lowRecord ?? current
}

/**
 * A run interrupted during its TTL wait leaves the TTLs low, so the re-run finds nothing to lower; the old
 * TTLs may still be in resolvers' caches until the end of that wait, so the re-run waits for what is left.
 */
async function waitRestOfEarlierTtlWait(ctx: Context, s: Session): Promise<void> {
  const until = Date.parse(s.state?.ttlWaitUntil ?? '')
  const restMs = until - ctx.clock.now()
  if (!(restMs > 0)) return
  if (s.inputs.route53.skipTtlWait) {
    ctx.log.warning(`skip-ttl-wait: not waiting the ${formatDuration(restMs)} left of an earlier run's TTL wait.`)
    return
  }
  if (ctx.clock.now() + restMs > ctx.deadline) {
    throw new DeployError(`Waiting out the rest of an earlier run's TTL wait (${formatDuration(restMs)}) would pass timeout-minutes`, undefined, 'Raise timeout-minutes, or set skip-ttl-wait.')
  }
  ctx.log.info(`An earlier run lowered the TTLs and stopped during its wait: waiting the ${formatDuration(restMs)} left of it.`)
  await ctx.clock.sleep(restMs)
}

interface WatchState {
  /** The delete was sent (once only). */
  tried: boolean
  deleted: boolean
  alreadyExists: boolean
  problem?: string
}

/**
 * Starts the update and deletes the manual record the moment the record's resource shows
 * CREATE_IN_PROGRESS: CloudFormation retries an alias record's create until the name is free. A plain
 * record fails at once with "already exists"; then the record is put back at once and the caller retries.
 */
export async function deleteAtCreate(ctx: Context, s: Session, manual: ResourceRecordSet, meter: GapMeter, timing: PathTiming): Promise<PathResult | 'retry'> {
  const watch: WatchState = { tried: false, deleted: false, alreadyExists: false }
  const onEvent = async (e: StackEvent): Promise<void> => {
    // events of nested stacks come through too; only the stack's own record counts
    if (e.LogicalResourceId !== s.record.logicalId || (e.StackName && e.StackName !== s.stackName)) return
    try {
      if (e.ResourceStatus === 'CREATE_IN_PROGRESS' && !watch.tried && !watch.alreadyExists) {
        watch.tried = true
        saveState(s, { stage: 'record-deleted' })
        try {
          // Not waiting for INSYNC: CloudFormation retries against the API, which sees the delete at once.
          await changeRecords(ctx.clients.route53, s.zone.id, [remove(manual)], `bluegreen-action: free ${formatKey(s.key)} for the stack`, { wait: false })
        } catch (err) {
          saveState(s, { stage: 'record-changed' })
          throw err
        }
        watch.deleted = true
        meter.noteDeleted()
        ctx.log.info(`${s.record.logicalId} is CREATE_IN_PROGRESS: deleted the manual record so CloudFormation can create it.`)
      } else if (e.ResourceStatus === 'CREATE_FAILED' && ALREADY_EXISTS.test(e.ResourceStatusReason ?? '')) {
        watch.alreadyExists = true
        if (watch.deleted) {
          ctx.log.info('CloudFormation failed on "already exists" before the delete landed: putting the record back at once.')
          await changeRecords(ctx.clients.route53, s.zone.id, [upsert(manual)], `bluegreen-action: put back ${formatKey(s.key)}`, { wait: false })
          saveState(s, { stage: 'record-changed' })
        }
      }
    } catch (err) {
      // The update goes on in CloudFormation whatever happens here; the outcome is checked after it ends.
      watch.problem = errorMessage(err)
      ctx.log.warning(`While watching ${s.record.logicalId}: ${watch.problem}`)
    }
  }
  const fast = { ...ctx, pollMs: Math.min(ctx.pollMs, timing.watchMs) }
  try {
    const result = await deployStack(fast, deployRequest(s, true, { onEvent }))
    return { path: watch.deleted ? 'delete-at-create' : 'adopt-identical', result }
  } catch (err) {
    const refused = watch.alreadyExists || (err instanceof DeployError && ALREADY_EXISTS.test(`${err.rootCause ?? ''}`))
    if (!refused) throw err
    ctx.log.warning(`CloudFormation refused to create ${formatKey(s.key)} while the manual record existed (${err instanceof DeployError ? err.rootCause : errorMessage(err)}).`)
    return 'retry'
  }
}

/** The retry: the stack is back on its old template; delete the manual record, then run the update. */
export async function deleteThenUpdate(ctx: Context, s: Session, manual: ResourceRecordSet, meter: GapMeter): Promise<PathResult> {
  const now = await listRecordSets(ctx.clients.route53, s.zone.id, s.key)
  if (now.length === 0) {
    ctx.log.info('The manual record is missing after the rollback: putting it back before the retry.')
    await changeRecords(ctx.clients.route53, s.zone.id, [upsert(manual)], `bluegreen-action: put back ${formatKey(s.key)}`, { wait: ctx })
  } else if (!now.some((r) => sameRecord(r, manual))) {
    throw new DeployError(`${formatKey(s.key)} changed while the action worked: ${now.map(formatRecord).join('; ')}`, undefined, 'Check who else changes the zone, then re-run.')
  }
  saveState(s, { stage: 'record-deleted' })
  meter.noteDeleted()
  await changeRecords(ctx.clients.route53, s.zone.id, [remove(manual)], `bluegreen-action: free ${formatKey(s.key)} for the stack`, { wait: false })
  ctx.log.info("Deleted the manual record; the update creates the stack's record now.")
  const result = await deployStack(ctx, deployRequest(s, true))
  return { path: 'delete-then-update', result }
}
