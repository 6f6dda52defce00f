import { step, skipStep, type Context } from '../../context.js'
import { DeployError } from '../../errors.js'
import { deployGreen, greenName, type DeployedGreen } from './deploy.js'
import { destroyEnvironment, liveForDestroy, sweep } from './destroy.js'
import { isUsable, type Environment } from '../../core/environments.js'
import { describeStack } from '../../cloudformation/stacks.js'
import { hasFrontDoor, isGradual } from '../../core/inputs.js'
import { createRouter } from '../../core/routers/index.js'
import { GitHubTracker } from '../../core/github.js'
import { DomainLock } from '../../core/lock.js'
import { holderFromEnv, isEarlierAttemptOfSameRun, type LockHolder, type LockIntent } from '../../core/lock-holder.js'
import { promotionThatMadeLive } from '../../core/history.js'
import { existingEnvironment, resolveIn, routerOf, noteLive, peekLive, readLive, type Live, type Phase } from '../../core/phase.js'
import { interruptedShift, mayResumeShift, promote, resumePromotion } from '../../core/promote.js'
import { requireShiftable } from '../../core/shift.js'
import { rollback } from '../../core/rollback.js'
import { SwitchSummary } from '../../core/summary.js'
import { forkRefusal, pullRequestOf } from '../../github/pull-request.js'
import { runFromEnv } from '../../github/run.js'
import type { GitHubRun, Octokit } from '../../github/types.js'
import { mdCode } from '../../untrusted.js'
import type { InputsOf } from '../types.js'
import type { Stack } from '@aws-sdk/client-cloudformation'

/** What the strategy takes from outside AWS; tests give a payload, a fake GitHub and their own fetch. */
export interface ExtraEnvDeps {
  run?: GitHubRun
  octokit?: Octokit
  fetch?: typeof fetch
  /** Who takes the domain lock; by default the workflow run from GITHUB_RUN_ID / GITHUB_RUN_ATTEMPT. */
  holder?: LockHolder
}

/**
 * extra-env: a whole second environment <stack-name>-<extra>, smoke-tested on its own URL, promoted by
 * moving the API Gateway custom domain to it; the live stack is read from the domain, never stored.
 */
export async function extraEnv(ctx: Context, inputs: InputsOf<'extra-env'>, deps: ExtraEnvDeps = {}): Promise<void> {
  const run = deps.run ?? runFromEnv()
  const octokit = deps.octokit ?? (inputs.githubToken ? (await import('@actions/github')).getOctokit(inputs.githubToken) : undefined)
  const router = await createRouter(ctx, inputs.extraEnv.door, inputs.region, inputs.stackName)
  const summary = new SwitchSummary(router.targetNoun, `${router.doorNoun.replace(/^The /, '').replace(/^./, (c) => c.toUpperCase())} switch`)
  const p: Phase = { ctx, inputs, router, run, summary, github: new GitHubTracker(ctx, run, octokit), fetch: deps.fetch }
  const holder = deps.holder ?? holderFromEnv()
  const { phase } = inputs.extraEnv
  ctx.report.fact('Phase', phase)
  try {
    if (phase === 'deploy' || phase === 'full' || phase === 'promote') await refuseForks(p, octokit)
    switch (phase) {
      case 'deploy':
        return await deployPhase(p)
      case 'full':
        return await locked(p, holder, () => fullPhase(p, holder))
      case 'promote':
        return await locked(p, holder, () => promotePhase(p))
      case 'rollback':
        return await locked(p, holder, () => rollbackPhase(p))
      case 'destroy':
        return await locked(p, holder, () => destroyPhase(p))
    }
  } finally {
    p.summary.write(ctx)
  }
}

async function refuseForks(p: Phase, octokit: Octokit | undefined): Promise<void> {
  const reason = await forkRefusal(p.run, p.inputs.extraEnv.allowForks, octokit)
  if (!reason) return
  p.ctx.log.warning(`Refusing to deploy: ${reason}.`)
  throw new DeployError(
    `Refusing to deploy code from a fork`,
    reason,
    'Review the code and set allow-forks: true if you trust it, or skip the job for forks with `if: github.event.pull_request.head.repo.fork == false`.'
  )
}

/**
 * Runs a phase that reads and moves the domain under the domain's lock, so two runs never interleave their
 * read → check → switch → delete sequences. For a promotion the lock records which stack was live and which
 * one is promoted, so a re-run of an interrupted attempt can finish that promotion.
 */
async function locked(p: Phase, holder: LockHolder, work: () => Promise<void>): Promise<void> {
  const { ctx, inputs } = p
  const { phase } = inputs.extraEnv
  if (!hasFrontDoor(inputs.extraEnv)) return work()
  const { lockKey, where: door } = routerOf(p)
  const lock = new DomainLock(ctx, { domainName: lockKey.scope, basePath: lockKey.path, where: door, region: inputs.region, phase, holder, ttlMs: inputs.timeoutMinutes * 60_000, tags: inputs.tags })
  const where = lock.where
  if (ctx.dryRun) {
    skipStep(ctx, `Lock ${where}`, `dry run: the lock stack ${lock.name} is not created`)
    return work()
  }
  const promotes = phase === 'full' || phase === 'promote'
  await step(
    ctx,
    `Lock ${where}`,
    async () => {
      let intent: LockIntent = {}
      if (promotes) {
        p.peeked = await peekLive(p)
        intent = { from: p.peeked.stackName, to: greenName(p) }
      }
      await lock.acquire(intent)
    },
    () => lock.name
  )
  p.lock = lock
  try {
    await work()
  } finally {
    await step(ctx, `Release the lock on ${where}`, () => lock.release()).catch(() => undefined)
  }
}

/** The live stack read once the lock is held must be the one recorded in the lock. */
function requireUnmovedSinceLock(p: Phase, live: Live): void {
  const router = routerOf(p)
  if (!p.peeked || router.same(p.peeked.reading, live.reading)) return
  const { where } = router
  throw new DeployError(
    `${where} moved while this run was taking the lock: it ${router.pastVerb} ${p.peeked.reading === undefined ? 'nothing' : router.ownerKey(p.peeked.reading)} and now ${router.verb} ${live.reading === undefined ? 'nothing' : router.ownerKey(live.reading)}`,
    'Another promotion finished, or a person changed the mapping, at the same moment; two promotions must not race.',
    'Nothing was switched and nothing deleted. Re-run this one: it reads the live stack again.'
  )
}

/**
 * An earlier attempt of this run promoted green and released its lock (beside blue's delete) before it was
 * interrupted, so no lock is left to take over: its released lock names the stack it replaced.
 */
async function finishedByEarlierAttempt(p: Phase, live: Live, holder: LockHolder): Promise<string | undefined> {
  const green = greenName(p)
  if (live.stackName !== green || p.ctx.dryRun) return undefined
  const { scope, path } = routerOf(p).lockKey
  const recorded = await promotionThatMadeLive(p.ctx, scope, path, green)
  if (!recorded || !isEarlierAttemptOfSameRun(recorded.holder, holder)) return undefined
  // only once blue's delete started (a kept blue means that attempt ended: nothing to finish)
  const blue = await describeStack(p.ctx.clients.cloudformation, recorded.from)
  return !blue || /^DELETE_/.test(blue.StackStatus ?? '') ? recorded.from : undefined
}

/** An earlier attempt of this run switched the domain to green before it was interrupted: the stack it replaced. */
function interruptedPromotionFrom(p: Phase, live: Live): string | undefined {
  const held = p.lock?.takenOver
  const green = greenName(p)
  if (!held || held.intent.to !== green || !held.intent.from || held.intent.from === green) return undefined
  return live.stackName === green ? held.intent.from : undefined
}

/**
 * An earlier attempt of this run was moving traffic to green in steps and was interrupted with green holding
 * part of it (the router's weights say so): green, resolved from its stack as read, and its share, for
 * promote to resume the steps.
 */
async function midShiftGreen(p: Phase, stack: Stack | undefined): Promise<{ green: Environment; interrupted: { share: number } } | undefined> {
  if (!stack || !mayResumeShift(p, greenName(p)) || !isUsable(stack.StackStatus ?? '')) return undefined
  const green = await resolveIn(p, stack, {})
  const interrupted = await interruptedShift(p, green)
  return interrupted && { green, interrupted }
}

async function readLiveStep(p: Phase): Promise<Live> {
  const live = await step(
    p.ctx,
    `Read which stack ${routerOf(p).where} ${routerOf(p).verb}`,
    () => readLive(p),
    (l) => l.stackName ?? (l.reading === undefined ? routerOf(p).nothingYet.replace(/^has /, '').replace(/ yet$/, '') : routerOf(p).ownerKey(l.reading))
  )
  noteLive(p, live)
  return live
}

/** Runs the work inside a GitHub deployment: in progress, then failure when the work throws. */
async function tracked<T>(p: Phase, environment: string, opts: { transient: boolean; production: boolean; description: string }, work: () => Promise<T>): Promise<T> {
  await p.github.start(environment, opts)
  try {
    return await work()
  } catch (err) {
    await p.github.status('failure', undefined, 'Deployment failed; see the run log')
    throw err
  }
}

async function deployPhase(p: Phase): Promise<void> {
  const green = greenName(p)
  const live = hasFrontDoor(p.inputs.extraEnv) ? await readLiveStep(p) : {}
  const preview = !!pullRequestOf(p.run)
  const env = await tracked(p, p.inputs.extraEnv.environment ?? green, { transient: preview, production: false, description: `Deploy ${green}` }, () => deployGreen(p, live))
  if (!env) return
  await p.github.status('success', env.endpoint, `${green} deployed and smoke-tested`)
  await p.github.comment(`extra-env:${green}`, previewComment(env, p.router.targetNoun))
}

async function fullPhase(p: Phase, holder: LockHolder): Promise<void> {
  // green's stack is read beside the live one: both after the lock, and neither needs the other
  const [live, green] = await Promise.all([readLiveStep(p), describeStack(p.ctx.clients.cloudformation, greenName(p))])
  requireUnmovedSinceLock(p, live)
  await tracked(p, p.inputs.extraEnv.environment ?? p.inputs.stackName, { transient: false, production: true, description: `Deploy and promote ${greenName(p)}` }, async () => {
    // green live by this run's earlier attempt: finish that promotion, never deploy onto the live stack
    const resumeFrom = interruptedPromotionFrom(p, live) ?? (await finishedByEarlierAttempt(p, live, holder))
    if (resumeFrom)
      return resumePromotion(
        p,
        await step(
          p.ctx,
          `Read ${greenName(p)}`,
          () => existingEnvironment(p, greenName(p), live),
          (e) => `${p.router.targetNoun} ${e.targetId}`
        ),
        resumeFrom
      )
    // killed mid-shift: green has part of the traffic, so it is not deployed again (it is routed to), only promoted on
    const shifting = await midShiftGreen(p, green)
    if (shifting) return promote(p, shifting.green, live, { smokeFirst: false, interrupted: shifting.interrupted })
    if (isGradual(p.inputs.extraEnv.trafficSteps) && live.reading !== undefined) await requireShiftable(p, greenName(p))
    const deployed = await deployGreen(p, live, { stack: green })
    if (!deployed) {
      p.ctx.log.info(`[dry-run] ${greenName(p)} does not exist yet: after creating it the run would smoke-test it, switch ${routerOf(p).where} to it and delete ${live.stackName ?? 'nothing'}.`)
      skipStep(p.ctx, 'Promote', 'dry run: the new stack does not exist yet')
      return
    }
    await promote(p, deployed, live, { smokeFirst: false })
  })
}

async function promotePhase(p: Phase): Promise<void> {
  const live = await readLiveStep(p)
  requireUnmovedSinceLock(p, live)
  const green: Environment = await step(
    p.ctx,
    `Read ${greenName(p)}`,
    () => existingEnvironment(p, greenName(p), live),
    (e) => `${p.router.targetNoun} ${e.targetId}`
  )
  p.ctx.setOutput('stack-name', green.stackName)
  p.ctx.setOutput('stack-id', green.stackId)
  p.ctx.setOutput('stack-status', green.status)
  p.ctx.setOutput('stack-outputs', JSON.stringify(green.outputs))
  const resumeFrom = interruptedPromotionFrom(p, live)
  await tracked(p, p.inputs.extraEnv.environment ?? p.inputs.stackName, { transient: false, production: true, description: `Promote ${green.stackName}` }, () =>
    resumeFrom ? resumePromotion(p, green, resumeFrom) : promote(p, green, live, { smokeFirst: true })
  )
}

async function rollbackPhase(p: Phase): Promise<void> {
  await tracked(p, p.inputs.extraEnv.environment ?? p.inputs.stackName, { transient: false, production: true, description: 'Roll back' }, () => rollback(p))
}

async function destroyPhase(p: Phase): Promise<void> {
  const live = await liveForDestroy(p)
  const { extra, olderThanMs } = p.inputs.extraEnv
  const destroyed: string[] = []
  if (extra) {
    const name = greenName(p)
    await destroyEnvironment(p, live)
    destroyed.push(name)
    await p.github.deactivate(p.inputs.extraEnv.environment ?? name)
    await p.github.comment(`extra-env:${name}`, `### 🗑️ Preview environment \`${name}\` destroyed\n\nThe stack was deleted when the pull request closed.`, { onlyUpdate: true })
  }
  if (olderThanMs !== undefined) await sweep(p, live ?? {}, destroyed)
}

function previewComment(env: DeployedGreen, noun: string): string {
  const { smoke } = env
  const smokeText = !smoke || smoke.length === 0 ? 'no smoke-path given' : `${smoke.filter((r) => r.ok).length}/${smoke.length} passed`
  return [
    `### 🟢 Preview environment \`${env.stackName}\``,
    '',
    '| | |',
    '|---|---|',
    // The endpoint and the API id come from the stack, which the pull request's template shapes.
    `| URL | ${mdCode(env.endpoint)} |`,
    `| stack | ${mdCode(env.stackName)} |`,
    `| ${noun} | ${mdCode(env.targetId)}${env.note ? ` (${env.note})` : ''} |`,
    `| smoke checks | ${smokeText} |`,
    '',
    '_Updated by bluegreen-action on every push; the environment is deleted when the pull request closes._'
  ].join('\n')
}
