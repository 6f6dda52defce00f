import { step, skipStep } from '../context.js'
import { deleteStack } from '../cloudformation/delete.js'
import { DeployError, errorMessage } from '../errors.js'
import type { Environment } from './environments.js'
import { describeStack } from '../cloudformation/stacks.js'
import { isUsable, ownershipOf } from './environments.js'
import { resolveIn, routerOf, smokeGreen, type Live, type Phase } from './phase.js'
import { checkNotMoved, switchTo } from './switch.js'
import { verifyAfterSwitch } from './verify.js'
import { describePlan, planPromotion, promotionSteps } from './plan.js'
import { stopwatch, type EnvironmentSeen, type RetireResult } from './summary.js'
import { hasAlarms, requireQuietAlarms } from './gate.js'
import { isMidShift, movesInSteps, partialSteps, recordTrafficStep, requireShiftable, requireWeights, resumeIndex, shiftInSteps, type BlueSide } from './shift.js'
import type { Verification } from './verify.js'

export interface PromoteOptions {
  /** false when the caller smoke-tested green a moment ago (phase full). */
  smokeFirst: boolean
  /** green's share of an interrupted stepped promotion, when the caller read it already (interruptedShift): not read again. */
  interrupted?: { share: number }
}

/**
 * Moves the domain from the live stack (blue) to green: smoke-test green, make sure nobody moved the domain
 * since it was read, switch in one call, read it back, watch it for verify-seconds (switching back to blue
 * on failure), and only then delete blue (unless keep-previous).
 */
export async function promote(p: Phase, green: Environment, live: Live, opts: PromoteOptions): Promise<void> {
  const { ctx, inputs, summary } = p
  const router = routerOf(p)
  const { where } = router
  const blue = live.stackName
  summary.record({ step: 'sides', where, green: seen(green), blue: blue ? { stackName: blue, targetId: live.reading === undefined ? undefined : router.ownerKey(live.reading) } : undefined })

  if (live.reading !== undefined && router.ownerKey(live.reading) === green.targetId) {
    ctx.log.info(`${where} already ${router.verb} ${green.stackName} (${router.targetNoun} ${green.targetId}): nothing to switch.`)
    summary.record({ step: 'switch', green: green.stackName, blue, outcome: 'already' })
    setPromotionOutputs(p, green, undefined)
    await p.github.status('success', router.url, `${green.stackName} was already live on ${where}`)
    return
  }
  if (opts.smokeFirst) await smokeGreen(p, green)

  const plan = planPromotion(router, live, green, inputs.extraEnv, inputs.alarms)
  if (ctx.dryRun) {
    for (const line of describePlan(router, plan)) ctx.log.info(`[dry-run] ${line}`)
    for (const name of promotionSteps(router)) skipStep(ctx, name, 'dry run')
    summary.record({ step: 'switch', green: plan.green, blue: plan.blue, outcome: 'dry-run' })
    return
  }

  const interrupted = opts.interrupted ?? (await interruptedShift(p, green))
  if (interrupted) return resumeShift(p, green, live, interrupted)
  const stepped = movesInSteps(p) && live.reading !== undefined
  if (stepped) {
    requireWeights(p, green)
    await requireShiftable(p, green.stackName)
  }
  await requireQuietAlarms(p, green.stackName)
  const checked = await checkNotMoved(p, plan.from)
  if (movesInSteps(p) && !stepped) ctx.log.info(`${where} ${router.nothingYet}: no traffic to shift in steps; the first environment takes it all at once.`)
  if (!stepped) return finalSwitch(p, green, live, checked)
  await shiftInSteps(p, green, { stackName: blue, target: live.reading }, 0)
  await finalSwitch(p, green, live, await router.read(plan.to))
}

/** The last step: all traffic on green in one write, read back, then verify-seconds (the bake) and retire blue. */
async function finalSwitch(p: Phase, green: Environment, live: Live, current: unknown): Promise<void> {
  const { where } = routerOf(p)
  const startedAt = p.ctx.clock.now()
  const switched = await switchTo(p, current, green.target, `Switch ${where} to ${green.stackName}`)
  p.summary.record({ step: 'switch', green: green.stackName, blue: live.stackName, outcome: 'switched' })
  await afterSwitch(p, green, live, switched, startedAt)
}

/** Whether this run took over the lock of a stepped promotion to `green` (the stack), which may have been interrupted mid-shift. */
export function mayResumeShift(p: Phase, green: string): boolean {
  const held = p.lock?.takenOver
  return held?.intent.to === green && movesInSteps(p) && routerOf(p).readWeights !== undefined
}

/** A stepped promotion of this workflow run was interrupted mid-shift: green's share now, from the router. */
export async function interruptedShift(p: Phase, green: Environment): Promise<{ share: number } | undefined> {
  if (!mayResumeShift(p, green.stackName)) return undefined
  const weights = await routerOf(p).readWeights!(green.target)
  return weights && isMidShift(p.inputs.extraEnv.trafficSteps, weights.green) ? { share: weights.green } : undefined
}

/**
 * Resumes an interrupted stepped promotion from the weights the door holds: the step that sends at least
 * green's share now, its hold again in full, then the following steps; never straight to 100%.
 */
async function resumeShift(p: Phase, green: Environment, live: Live, interrupted: { share: number }): Promise<void> {
  const router = routerOf(p)
  const steps = partialSteps(p)
  const from = resumeIndex(steps, interrupted.share)
  const next = from < steps.length ? `${steps[from].percent}% (its hold again in full)` : '100% (every partial step sent less)'
  p.ctx.log.info(`An earlier attempt of this run left ${interrupted.share}% of ${router.where} on ${green.stackName}: resuming at ${next}.`)
  const blue = await blueSide(p, live)
  if (from < steps.length) await shiftInSteps(p, green, blue, from, { resumed: true })
  await finalSwitch(p, green, { ...live, reading: blue.target }, await router.read(green.target))
}

/** Blue's target as its stack offers it (the door's reading is weighted mid-shift, so it cannot say). */
async function blueSide(p: Phase, live: Live): Promise<BlueSide> {
  if (!live.stack || !live.stackName) return { stackName: live.stackName, target: live.reading }
  const env = await resolveIn(p, live.stack, live)
  return { stackName: live.stackName, target: env.target }
}

/**
 * An earlier attempt of this workflow run switched the domain to green and was interrupted (its lock says
 * which stack was live before): finish its promotion. Verify green; then delete the previous stack, or, if
 * verification fails, switch back to it, as the interrupted attempt would have.
 */
export async function resumePromotion(p: Phase, green: Environment, previous: string): Promise<void> {
  const { ctx, summary } = p
  const router = routerOf(p)
  const { where } = router
  summary.record({ step: 'sides', where, green: seen(green) })
  const blue = await step(
    ctx,
    `Resume the interrupted promotion from ${previous}`,
    async () => {
      const stack = await describeStack(ctx.clients.cloudformation, previous)
      ctx.log.info(`An earlier attempt of this run switched ${where} from ${previous} to ${green.stackName}; ${previous} is ${stack?.StackStatus ?? 'deleted'}.`)
      return stack
    },
    (s) => s?.StackStatus ?? 'deleted'
  )
  const current = await router.read(green.target)
  if (!blue || blue.StackStatus === 'DELETE_COMPLETE') {
    summary.record({ step: 'switch', green: green.stackName, blue: previous, outcome: 'switched' })
    summary.record({ step: 'retire', blue: previous, outcome: 'deleted earlier' })
    setPromotionOutputs(p, green, previous)
    return skipStep(ctx, `Delete ${previous}`, 'the earlier attempt already deleted it')
  }
  if (/^DELETE_/.test(blue.StackStatus ?? '')) {
    // The earlier attempt verified green before it started this delete: only the delete is left.
    summary.record({ step: 'switch', green: green.stackName, outcome: 'switched' })
    setPromotionOutputs(p, green, previous)
    return retireBlue(p, { stackName: previous }, green)
  }
  if (!isUsable(blue.StackStatus ?? '')) {
    throw new DeployError(
      `${previous}, the stack ${where} mapped to before the interrupted attempt, is ${blue.StackStatus}`,
      blue.StackStatusReason,
      `${where} stays on ${green.stackName}; ${previous} was not deleted. Look at it in the CloudFormation console, then delete it with phase destroy.`
    )
  }
  // blue resolved as green is (same API logical id and stage): what switching back would write
  const env = await resolveIn(p, blue, { reading: current ?? green.target, stackName: green.stackName })
  const live: Live = { stackName: previous, stack: blue, reading: env.target }
  summary.record({ step: 'sides', where, green: seen(green), blue: seen({ stackName: previous, targetId: env.targetId, endpoint: env.endpoint }) })
  // the door reads as green, but a stepped promotion may have left blue part of the traffic
  const interrupted = await interruptedShift(p, green)
  if (interrupted) return resumeShift(p, green, live, interrupted)
  summary.record({ step: 'switch', green: green.stackName, blue: previous, outcome: 'switched' })
  // the 100% step is taken up again: its bake (verify-seconds) starts over
  await afterSwitch(p, green, live, current ?? green.target, p.ctx.clock.now(), { resumed: true })
}

/** After the switch: watch green for verify-seconds, switch back on failure, else retire blue. */
async function afterSwitch(p: Phase, green: Environment, live: Live, switched: unknown, startedAt = p.ctx.clock.now(), opts: { resumed?: boolean } = {}): Promise<void> {
  const { ctx, inputs, summary } = p
  const router = routerOf(p)
  const { where } = router
  const blue = live.stackName

  const elapsed = stopwatch(ctx)
  const verification = await step(ctx, `Verify ${where} on ${green.stackName} for ${inputs.extraEnv.verifySeconds} s`, () => verifyAfterSwitch(p, green)).catch((err) => {
    summary.record({ step: 'verify', green: green.stackName, blue, ms: elapsed() })
    throw err
  })
  const cutShort = !verification.ok && !!p.lock && (!!verification.outOfTime || !p.lock.mayChange())
  summary.record({ step: 'verify', green: green.stackName, blue, ms: elapsed(), verification, cutShort })
  if (cutShort && p.lock) {
    throw p.lock.outlived(
      `finishing the verification of ${green.stackName}`,
      `${where} stays on ${green.stackName}, a complete stack that passed its smoke checks before the switch; ${blue ?? 'the previous target'} was neither switched back to nor deleted. Check ${green.stackName}; then delete ${blue ?? 'nothing'} with phase destroy, or go back with phase rollback.`
    )
  }
  recordFinalStep(p, green, startedAt, verification, opts.resumed)
  if (!verification.ok) await revert(p, live, switched, green, verification.reason!)

  setPromotionOutputs(p, green, blue)
  await p.github.status('success', router.url, `${green.stackName} is live on ${where}`)
  await retireBlue(p, live, green)
}

/** The 100% step of a stepped or gated promotion: from the switch to the end of verify-seconds. */
function recordFinalStep(p: Phase, green: Environment, startedAt: number, verification: Verification, resumed?: boolean): void {
  if (!movesInSteps(p) && !hasAlarms(p)) return
  recordTrafficStep(p, {
    ...(resumed ? { resumed } : {}),
    step: 'traffic',
    green: green.stackName,
    percent: 100,
    startedAt,
    endedAt: p.ctx.clock.now(),
    outcome: verification.ok ? 'switched' : 'switched back',
    alarms: verification.alarms ?? []
  })
}

/** Verification failed: put blue back (only if the mapping is still on green) and fail the run. */
async function revert(p: Phase, live: Live, switched: unknown, green: Environment, reason: string): Promise<never> {
  const router = routerOf(p)
  const { where } = router
  const switchedBack = (outcome: 'nothing was live' | 'blue is gone' | 'failed' | 'switched back') => p.summary.record({ step: 'switch back', green: green.stackName, blue: live.stackName, outcome })
  if (live.reading === undefined) {
    switchedBack('nothing was live')
    throw new DeployError(
      `${green.stackName} failed verification after ${where} was switched to it`,
      reason,
      `${where} routed nowhere before, so there is nothing to switch back to; it stays on ${green.stackName}. Fix the app and re-run.`
    )
  }
  const blueTarget = live.reading
  const now = await router.read(switched)
  // Only undo this run's own switch, and only onto a blue that still exists.
  const blueStack = live.stackName ? await describeStack(p.ctx.clients.cloudformation, live.stackName) : undefined
  if (live.stackName && (!blueStack || !isUsable(blueStack.StackStatus ?? ''))) {
    switchedBack('blue is gone')
    throw new DeployError(
      `${green.stackName} failed verification after the switch, and ${live.stackName} (live before) is ${blueStack?.StackStatus ?? 'deleted'}, so ${router.doorNoun.toLowerCase()} cannot go back to it`,
      reason,
      `${where} stays on ${green.stackName}. Fix the app and re-run, or roll back to another environment (phase rollback).`
    )
  }
  if (router.same(now, green.target)) {
    try {
      await switchTo(p, now, blueTarget, `Switch ${where} back to ${live.stackName ?? `${router.targetNoun} ${router.ownerKey(blueTarget)}`}`)
    } catch (err) {
      switchedBack('failed')
      throw new DeployError(
        `${green.stackName} failed verification after the switch, and switching ${where} back failed`,
        `verification: ${reason}; switch back: ${errorMessage(err)}`,
        `${where} still ${router.verb} ${green.stackName}. Nothing was deleted: run phase rollback with previous-stack ${live.stackName ?? '(the previous stack)'} or set it back in the console.`
      )
    }
  } else {
    p.ctx.log.warning(`${where} no longer ${router.verb} ${green.stackName} (now ${now === undefined ? 'nothing' : router.ownerKey(now)}); not switching it back over someone else's change.`)
  }
  switchedBack('switched back')
  throw new DeployError(
    `${green.stackName} failed verification after the switch; ${where} was switched back`,
    reason,
    `${live.stackName ?? `${router.targetNoun} ${router.ownerKey(blueTarget)}`} serves again and was not deleted; ${green.stackName} is kept for investigation (destroy it with phase destroy).`
  )
}

function setPromotionOutputs(p: Phase, green: Environment, previous: string | undefined): void {
  p.ctx.setOutput('endpoint', green.endpoint)
  p.ctx.setOutput('active-stack', green.stackName)
  if (previous) p.ctx.setOutput('previous-stack', previous)
  const { idOutput } = routerOf(p)
  if (idOutput) p.ctx.setOutput(idOutput, green.targetId)
  p.ctx.setOutput('domain-endpoint', routerOf(p).url)
  p.ctx.report.fact('Live stack', green.stackName)
  p.ctx.report.fact('Previous stack', previous)
}

/** Deletes the previous live stack once traffic runs on green, or keeps it for an instant rollback. */
async function retireBlue(p: Phase, live: Live, green: Environment): Promise<void> {
  const { ctx, inputs } = p
  const blue = live.stackName
  if (!blue) {
    return skipStep(
      ctx,
      'Delete the previous environment',
      live.reading !== undefined ? `the ${p.router.targetNoun} live before belongs to no stack of stack-name: nothing to delete` : 'no stack was live before'
    )
  }
  const retired = (outcome: RetireResult['outcome'], extra: Partial<RetireResult> = {}) => p.summary.record({ step: 'retire', blue, outcome, ...extra })
  // read again (also when resuming an interrupted promotion): only a stack of ours is ever deleted
  const blueStack = live.madeBefore ? live.stack : await describeStack(ctx.clients.cloudformation, blue)
  if (live.madeBefore || (blueStack && ownershipOf(blueStack, inputs.stackName) !== 'ours')) {
    const why = `${blue} is not tagged bluegreen:stack=${inputs.stackName}: it was made before the action, so it is kept (never deleted). Delete it yourself once you no longer need it for a rollback.`
    ctx.log.info(why)
    retired('made before', { why })
    return skipStep(ctx, `Delete ${blue}`, 'made before the action: kept')
  }
  if (inputs.extraEnv.keepPrevious) {
    retired('keep-previous')
    return skipStep(ctx, `Delete ${blue}`, 'keep-previous: kept for an instant rollback')
  }
  const elapsed = stopwatch(ctx)
  try {
    await step(ctx, `Delete ${blue}`, async () => {
      const drained = live.reading !== undefined ? routerOf(p).drained?.bind(routerOf(p)) : undefined
      if (drained) {
        await requireNotMappedTo(p, blue, green)
        await drained(live.reading)
        await p.lock?.assertHeld(`deleting ${blue}`)
      } else {
        // the last look at the routes and the check that the lock is still held are independent reads: asked together, both before the delete
        await Promise.all([requireNotMappedTo(p, blue, green), p.lock?.assertHeld(`deleting ${blue}`)])
      }
      return deleteStack(ctx, blue, { onIssued: () => releaseBesideDelete(p, blue) })
    })
    retired('deleted', { ms: elapsed() })
  } catch (err) {
    if (err instanceof DeployError && /will not be deleted|lost its lock|ran out of time on its lock/.test(err.message)) {
      retired('kept', { ms: elapsed() })
      throw err
    }
    retired('delete failed', { ms: elapsed() })
    throw new DeployError(
      `The switch succeeded but deleting the previous stack ${blue} failed`,
      errorMessage(err),
      `Traffic runs on the new environment. Delete ${blue} with phase destroy (extra = its suffix) or in the console.`
    )
  }
}

/**
 * Blue's delete is accepted: nothing more of this run moves the domain or touches a stack, so the lock goes
 * now and its own delete runs beside blue's instead of after it (the next run finds it gone, not deleting).
 */
async function releaseBesideDelete(p: Phase, blue: string): Promise<void> {
  if (!p.lock) return
  p.ctx.log.info(`${blue} is being deleted and ${p.router.doorNoun.toLowerCase()} is on green: releasing the lock now, beside that delete.`)
  await p.lock.release()
}

/**
 * The last look before a delete: no route of the domain (any base path, read again now) may reach an API
 * of the stack about to be deleted or of its nested stacks.
 */
async function requireNotMappedTo(p: Phase, blue: string, green: Environment): Promise<void> {
  const router = routerOf(p)
  const { where } = router
  const { scope, routes } = await router.routesTo(blue)
  if (routes.length > 0) {
    throw new DeployError(
      `${routes.map((r) => r.where).join(', ')} ${routes.length === 1 ? router.verb : router.verb.replace(/s to$/, ' to')} ${blue} again (${[...new Set(routes.map((r) => r.reaches))].join(', ')}), so ${blue} will not be deleted`,
      routes.some((r) => r.isFrontDoor) ? `Someone moved ${router.doorNoun.toLowerCase()} back while this run verified green.` : `Another ${scope} routes to ${blue}.`,
      `Nothing was deleted. Check which environment should serve ${where}, then re-run.`
    )
  }
  p.ctx.log.info(`No ${scope} ${router.verb} ${blue} (${where} ${router.verb} ${router.describe(green.target)}): deleting it is safe.`)
}

/** An environment as the summary shows it. */
function seen(env: EnvironmentSeen): EnvironmentSeen {
  return { stackName: env.stackName, targetId: env.targetId, endpoint: env.endpoint }
}
