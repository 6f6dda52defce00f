import { step, skipStep } from '../context.js'
import { DeployError } from '../errors.js'
import { describeStack } from '../cloudformation/stacks.js'
import { describeOwnership, isUsable, ownershipOf } from './environments.js'
import { promotionThatMadeLive } from './history.js'
import { environmentsOf, routerOf, existingEnvironment, readLive, smokeEnvironment, type Phase } from './phase.js'
import { describeRollback, planRollback } from './plan.js'
import { checkNotMoved, switchTo } from './switch.js'

/**
 * Points the domain back at the previous environment: previous-stack when given, else the stack that was
 * live before the last promotion (as its lock recorded it), never merely the newest stack. Nothing is deleted.
 */
export async function rollback(p: Phase): Promise<void> {
  const { ctx, summary } = p
  const router = routerOf(p)
  const { where } = router
  const live = await step(ctx, `Read which stack ${where} ${router.verb}`, () => readLive(p))
  if (live.reading === undefined) {
    throw new DeployError(`${where} ${router.nothingYet.replace(/ yet$/, '')}, so there is nothing to roll back`, undefined, 'Promote an environment first.')
  }
  const targetName = await step(
    ctx,
    'Choose the stack to roll back to',
    () => chooseTarget(p, live.stackName),
    (name) => name
  )
  if (targetName === live.stackName) {
    throw new DeployError(`${targetName} is already live on ${where}; it cannot be the stack to roll back to`)
  }
  const target = await existingEnvironment(p, targetName, live).catch((err) => {
    if (err instanceof DeployError && /does not exist/.test(err.message)) {
      throw new DeployError(
        `The stack to roll back to, ${targetName}, does not exist any more`,
        undefined,
        'It was deleted after the promotion; use keep-previous: true to keep the previous stack for rollbacks.'
      )
    }
    throw err
  })
  summary.record({
    step: 'sides',
    where,
    green: { stackName: target.stackName, targetId: target.targetId, endpoint: target.endpoint },
    blue: live.stackName ? { stackName: live.stackName, targetId: router.ownerKey(live.reading) } : undefined
  })

  await step(ctx, `Smoke-test ${target.stackName}`, () => smokeEnvironment(p, target, `${where} was not touched.`))
  const plan = planRollback(router, live.reading, live.stackName, target)
  if (ctx.dryRun) {
    ctx.log.info(`[dry-run] ${describeRollback(router, plan)}`)
    skipStep(ctx, `Switch ${router.doorNoun.toLowerCase()}`, 'dry run')
    summary.record({ step: 'switch', green: plan.green, blue: plan.blue, outcome: 'dry-run' })
    return
  }
  const checked = await checkNotMoved(p, plan.from)
  await switchTo(p, checked, plan.to, `Switch ${where} back to ${plan.green}`)
  summary.record({ step: 'switch', green: plan.green, blue: plan.blue, outcome: 'rolled back' })
  ctx.setOutput('endpoint', target.endpoint)
  ctx.setOutput('active-stack', target.stackName)
  if (live.stackName) ctx.setOutput('previous-stack', live.stackName)
  if (router.idOutput) ctx.setOutput(router.idOutput, target.targetId)
  ctx.setOutput('domain-endpoint', router.url)
  ctx.report.fact('Live stack', target.stackName)
  await p.github.status('success', router.url, `Rolled back to ${target.stackName}`)
}

/** previous-stack, else the stack the last promotion moved the domain away from; refuses when neither is known. */
async function chooseTarget(p: Phase, liveStack: string | undefined): Promise<string> {
  const { ctx, inputs } = p
  const others = (await environmentsOf(p))
    // only environments of this app: the action's tagged stacks, not any `<name>-*` stack
    .filter((e) => e.ownership === 'ours' && e.stackName !== liveStack && isUsable(e.status))
    .sort((a, b) => b.createdAt - a.createdAt)
  for (const e of others) ctx.log.info(`  candidate ${e.stackName} (${e.status}, created ${new Date(e.createdAt).toISOString()}})`)
  const chosen =
    inputs.extraEnv.previousStack ??
    (await recordedPrevious(
      p,
      liveStack,
      others.map((e) => e.stackName)
    ))
  // a stack made before the action may be rolled back to (it was live); another app's never

  const stack = await describeStack(ctx.clients.cloudformation, chosen)
  if (stack && ownershipOf(stack, inputs.stackName) === 'another app') {
    throw new DeployError(
      `${chosen} is ${describeOwnership(stack, inputs.stackName)}: ${routerOf(p).doorNoun.toLowerCase()} will not be moved to it`,
      undefined,
      'Give previous-stack: an environment of stack-name.'
    )
  }
  return chosen
}

async function recordedPrevious(p: Phase, liveStack: string | undefined, candidates: string[]): Promise<string> {
  const { where, lockKey, targetNoun, doorNoun } = routerOf(p)
  const { scope, path } = lockKey
  const recorded = liveStack ? await promotionThatMadeLive(p.ctx, scope, path, liveStack) : undefined
  if (recorded) {
    p.ctx.log.info(
      `${liveStack} went live on ${where} in the promotion from ${recorded.from}${recorded.at ? ` at ${new Date(recorded.at).toISOString()}` : ''} (recorded in its lock ${recorded.lockStackId}).`
    )
    return recorded.from
  }
  throw new DeployError(
    `Cannot tell which stack was live on ${where} before ${liveStack ?? `the ${targetNoun} it routes to`}: no promotion to it is recorded in the ${doorNoun.replace(/^The /, '')}'s released locks`,
    candidates.length > 0 ? `Candidates: ${candidates.join(', ')}.` : `No other environment of ${p.inputs.stackName} exists.`,
    candidates.length > 0
      ? 'Give previous-stack: the environment to roll back to (the action will not guess, since the newest may be a preview).'
      : 'The previous stack was deleted after the promotion (use keep-previous: true to keep it); deploy the previous version as a new environment and promote it.'
  )
}
