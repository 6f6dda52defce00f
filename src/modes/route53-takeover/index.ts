import { step, type Context } from '../../context.js'
import { deployStack, type DeployResult } from '../../cloudformation/deploy.js'
import { formatKey, loweredSoa, readSoa, type ResourceRecordSet } from '../../aws/route53.js'
import { DeployError, errorMessage } from '../../errors.js'
import { setStackOutputs } from '../../outputs.js'
import { markdownTable } from '../../report.js'
import type { TakeoverPath } from './backup.js'
import type { GapMeter, GapResult } from './gap.js'
import { currentRecord, DEFAULT_TIMING, deleteAtCreate, deleteThenUpdate, enableAndAdopt, gapMeter, lowerTtls, makeIdentical, type PathResult, type PathTiming } from './paths.js'
import { formatRecord, isAlias, recordDifferences } from './record.js'
import { removeRecordFromStack, retainRecordInStack } from './release.js'
import { ensureRecord, restoreAll, restoreSoa } from './restore.js'
import { deployRequest, inspect, openSession, saveState, type Found, type Session } from './session.js'
import { backUp, confirmOwned, confirmReleased, setStackStatusOutputs } from './steps.js'
import { deployRecordDisabled, predictTarget, resolveTarget } from './target.js'
import type { InputsOf, Strategy } from '../types.js'

/**
 * Hands a Route 53 record made by hand to the stack (takeover), or back (release), never losing it.
 * Takeover: back up → deploy with the record off → make the manual record identical to the template's
 * (atomic UPSERT) → turn the record on so CloudFormation adopts it. When that cannot work: lower TTLs
 * and the SOA → turn the record on and delete the manual record at CREATE_IN_PROGRESS → on "already
 * exists", delete first and update again. Any failure puts the backup back.
 */
export const route53Takeover: Strategy<'route53-takeover'> = (ctx, inputs) => runRoute53(ctx, inputs)

export async function runRoute53(ctx: Context, inputs: InputsOf<'route53-takeover'>, timing: PathTiming = DEFAULT_TIMING): Promise<void> {
  const s = await step(ctx, "Find the zone and the template's record", () => openSession(ctx, inputs))
  ctx.report.fact('record', formatKey(s.key))
  ctx.report.fact('hosted zone', `${s.zone.name} (${s.zone.id})`)
  if (inputs.route53.action === 'release') return release(ctx, s, timing)
  return takeover(ctx, s, timing)
}

async function takeover(ctx: Context, s: Session, timing: PathTiming): Promise<void> {
  const found = await step(ctx, 'Look at the record, the stack and earlier runs', () => inspect(s))
  if (found.owned && found.records.length > 0) return alreadyOwned(ctx, s, found)
  await step(ctx, 'Back up the record', () => backUp(ctx, s, found, 'takeover'))
  if (ctx.dryRun) return planTakeover(ctx, s)

  let meter: GapMeter | undefined
  let outcome: PathResult | undefined
  let desired: ResourceRecordSet | undefined
  let final: ResourceRecordSet
  try {
    const disabled = await step(ctx, 'Deploy the stack with the record off (what the record points at)', () => deployRecordDisabled(ctx, s))
    const target = await step(ctx, 'Resolve the values the stack will give the record', () => resolveTarget(ctx, s, disabled.outputs))
    meter = gapMeter(ctx, s, timing)
    if ('record' in target) {
      desired = target.record
      meter.start()
      await step(ctx, "Make the manual record identical to the template's (atomic cutover)", () => makeIdentical(ctx, s, target.record))
      const adopted = await step(ctx, 'Turn the record on: CloudFormation adopts the identical record', () => enableAndAdopt(ctx, s))
      if (adopted) outcome = { path: 'adopt-identical', result: adopted }
    }
    if (!outcome) {
      // The zone is not read during the TTL wait (the old TTL, an hour or more): nothing is deleted in it.
      await meter.pause()
      const manual = await step(ctx, `Lower the record TTL and the zone SOA to ${s.inputs.route53.takeoverTtl} s, and wait them out`, () => lowerTtls(ctx, s))
      meter.start()
      const first = await step(ctx, 'Turn the record on, deleting the manual record at CREATE_IN_PROGRESS', () => deleteAtCreate(ctx, s, manual, meter!, timing))
      outcome = first !== 'retry' ? first : await step(ctx, 'Retry once: delete the manual record, then update', () => deleteThenUpdate(ctx, s, manual, meter!))
    }
    final = await step(ctx, 'Confirm the stack holds the record with its values', () => confirmOwned(ctx, s, desired))
  } catch (err) {
    throw await putBack(ctx, s, meter, err)
  }
  const gap = await meter.stop()
  saveState(s, { path: outcome.path, gapMs: Math.round(gap.gapMs) }) // for a re-run that finishes the SOA restore
  if (s.state?.soa) {
    const soa = s.state.soa
    await step(ctx, "Restore the zone's SOA", () => restoreSoa(ctx, s)).catch((err: unknown) => {
      throw new DeployError(
        `The stack holds the record now, but restoring the zone's SOA failed: ${errorMessage(err)}`,
        undefined,
        `Re-run the action (it finishes by restoring the SOA from ${s.file.path}), or UPSERT this SOA by hand: ${JSON.stringify(soa)}`
      )
    })
  }
  finish(ctx, s, outcome.path, gap, outcome.result, final)
}

async function release(ctx: Context, s: Session, timing: PathTiming): Promise<void> {
  const found = await step(ctx, 'Look at the record, the stack and earlier runs', () => inspect(s))
  if (!found.owned) return alreadyReleased(ctx, s, found)
  const backup = await step(ctx, 'Back up the record', () => backUp(ctx, s, found, 'release'))
  if (ctx.dryRun) {
    await step(ctx, '[dry-run] Change sets of the release', async () => {
      ctx.log.info(
        `[dry-run] path: release. ${s.record.logicalId} gets DeletionPolicy Retain, then the update with ${s.inputs.route53.enableParameter.key}=${s.inputs.route53.enableParameter.off} removes it from the stack; the record stays.`
      )
      await retainRecordInStack(ctx, s)
      return deployStack(ctx, deployRequest(s, false))
    })
    ctx.setOutput('takeover-path', 'release')
    return
  }
  const meter = gapMeter(ctx, s, timing)
  let result: DeployResult
  let final: ResourceRecordSet
  try {
    await step(ctx, 'Set DeletionPolicy Retain on the record in the stack', () => retainRecordInStack(ctx, s))
    meter.start()
    result = await step(ctx, 'Turn the record off: the stack lets go, the record stays', () => removeRecordFromStack(ctx, s, backup, meter, timing.watchMs))
    final = await step(ctx, 'Confirm the record stayed and the stack let go', () => confirmReleased(ctx, s, backup))
  } catch (err) {
    throw await putBack(ctx, s, meter, err)
  }
  finish(ctx, s, 'release', await meter.stop(), result, final)
}

/** Puts the backup (and the SOA) back, measures the gap, and returns the error to fail with. */
async function putBack(ctx: Context, s: Session, meter: GapMeter | undefined, err: unknown): Promise<DeployError> {
  const { problems, record } = await step(ctx, 'Put the record back from the backup', () => restoreAll(ctx, s, 'The run failed'))
  const gap = meter ? await meter.stop() : undefined
  if (gap) ctx.setOutput('gap-ms', String(Math.round(gap.gapMs)))
  const headline = errorMessage(err).split('\n')[0]
  const restore = `aws route53 change-resource-record-sets --hosted-zone-id ${s.zone.id} --change-batch '${JSON.stringify({ Changes: [{ Action: 'UPSERT', ResourceRecordSet: s.state?.backup }] })}'`
  if (problems.length > 0) {
    return new DeployError(
      `${headline}; and putting the record back FAILED: ${problems.join('; ')}`,
      err instanceof DeployError ? err.rootCause : errorMessage(err),
      `Put the record back by hand now: ${restore}${s.state?.soa ? ` and the SOA from ${s.file.path}` : ''}. Then fix the root cause and re-run.`
    )
  }
  return new DeployError(
    headline,
    err instanceof DeployError ? err.rootCause : errorMessage(err),
    [
      err instanceof DeployError ? err.nextSteps : undefined,
      record === 'left-to-stack'
        ? `Stack ${s.stackName} holds the record already, so it was left as the stack made it (backup of the record before the run: ${s.file.path}). Fix the root cause and re-run: the re-run finishes from there.`
        : `The record was checked and is as it was before the run (backup: ${s.file.path}). Fix the root cause and re-run.`
    ]
      .filter(Boolean)
      .join(' ')
  )
}

function finish(ctx: Context, s: Session, path: TakeoverPath, gap: GapResult, result: DeployResult, final: ResourceRecordSet): void {
  const gapMs = Math.round(gap.gapMs)
  ctx.report.section(
    'Route 53 record',
    markdownTable(
      ['', 'record', 'managed by'],
      [
        ['before', formatRecord(s.state!.backup), s.state!.action === 'release' ? `stack ${s.stackName}` : 'hand'],
        ['after', formatRecord(final), path === 'release' ? 'hand' : `stack ${s.stackName} (${s.record.logicalId})`]
      ]
    ) + `\n\nPath: **${path}**; the name had no record for **${gapMs} ms** (measured by reading the zone ${gap.samples} times).`
  )
  saveState(s, { stage: 'done', path, gapMs })
  setStackOutputs(ctx, result)
  ctx.setOutput('takeover-path', path)
  ctx.setOutput('gap-ms', String(gapMs))
  ctx.report.fact('takeover path', path)
  ctx.report.fact('gap', `${gapMs} ms (zone read ${gap.samples} times)`)
  ctx.log.info(`${path}: ${formatKey(s.key)} ${path === 'release' ? 'is managed by hand now' : `is held by stack ${s.stackName}`}; the name had no record for ${gapMs} ms.`)
}

/** The stack holds the record already: a finished takeover, or one an interrupted run left to finish. */
async function alreadyOwned(ctx: Context, s: Session, found: Found): Promise<void> {
  await step(ctx, 'Finish: the stack holds the record already', async () => {
    if (found.previous) {
      s.state = found.previous
      ctx.log.info(`An earlier run stopped at stage "${found.previous.stage}" after the stack took the record: finishing it.`)
      ctx.setOutput('record-backup', JSON.stringify(found.previous.backup))
      ctx.setOutput('record-backup-file', s.file.path)
      await restoreSoa(ctx, s)
      saveState(s, { stage: 'done' })
      if (found.previous.path) ctx.setOutput('takeover-path', found.previous.path)
      if (found.previous.gapMs !== undefined) ctx.setOutput('gap-ms', String(found.previous.gapMs))
    } else {
      ctx.log.info(`Stack ${s.stackName} holds ${formatKey(s.key)} already (${found.owned!.ResourceStatus}): nothing to take over.`)
      const soa = await readSoa(ctx.clients.route53, s.zone)
      if (!loweredSoa(soa, s.inputs.route53.takeoverTtl)) {
        ctx.log.warning(`The zone's SOA TTL (${soa.ttl}) and minimum (${soa.minimum}) are low; if a run lowered them and its backup file is gone, set them back by hand.`)
      }
    }
    ctx.log.info(`Record: ${found.records.map(formatRecord).join('; ')}`)
  })
  await setStackStatusOutputs(ctx, s.stackName)
}

async function alreadyReleased(ctx: Context, s: Session, found: Found): Promise<void> {
  await step(ctx, 'Finish: the stack does not hold the record', async () => {
    if (found.previous) {
      s.state = found.previous
      if (found.records.length === 0) await ensureRecord(ctx, s, found.previous.backup, 'An earlier run lost the record')
      await restoreSoa(ctx, s)
      saveState(s, { stage: 'done', path: 'release' })
    } else if (found.records.length === 0) {
      throw new DeployError(`Stack ${s.stackName} does not hold ${formatKey(s.key)} and the zone has no such record: nothing to release`)
    }
    ctx.log.info(`Stack ${s.stackName} does not hold ${s.record.logicalId}; the record is managed by hand: nothing to release.`)
  })
  ctx.setOutput('takeover-path', 'release')
  await setStackStatusOutputs(ctx, s.stackName)
}

/** dry-run: the change sets, and the path the takeover would take from what is known now. */
async function planTakeover(ctx: Context, s: Session): Promise<void> {
  const disabled = await step(ctx, '[dry-run] Change set with the record off', () => deployRecordDisabled(ctx, s))
  const now = await step(ctx, '[dry-run] Resolve the values the stack will give the record', () => resolveTarget(ctx, s, disabled.outputs))
  const target = 'record' in now ? now : await predictTarget(s)
  const manual = await currentRecord(ctx, s)
  let path: TakeoverPath
  if ('record' in target) {
    path = 'adopt-identical'
    const known = 'record' in now
    const diff = recordDifferences(manual, target.record)
    ctx.log.info(
      `[dry-run] path: adopt-identical. ${known ? (diff.length ? `UPSERT the manual record to the template's values (differs in ${diff.join(', ')})` : 'The manual record is identical already') : `The values are known after the record-off deploy (${formatRecord(target.record)}); the manual record is UPSERTed to them`}, then the record is turned on; gap 0.`
    )
  } else {
    path = 'delete-at-create'
    const soa = await readSoa(ctx.clients.route53, s.zone)
    ctx.log.info(
      `[dry-run] path: delete-at-create (values unknown before the create: ${target.reason}). Lower the record TTL (${isAlias(manual) ? 'alias: none' : manual.TTL}) and the SOA TTL ${soa.ttl} / minimum ${soa.minimum} to ${s.inputs.route53.takeoverTtl} s, wait them out, delete the manual record at CREATE_IN_PROGRESS; on "already exists" put it back and retry as delete-then-update.`
    )
  }
  await step(ctx, '[dry-run] Change set that turns the record on', () => deployStack(ctx, deployRequest(s, true)))
  ctx.setOutput('takeover-path', path)
  ctx.report.fact('takeover path', `${path} (dry run)`)
}
