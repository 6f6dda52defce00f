import { step, skipStep } from '../../context.js'
import { deployStack } from '../../cloudformation/deploy.js'
import { describeStack, stackTag } from '../../cloudformation/stacks.js'
import { DeployError } from '../../errors.js'
import { setStackOutputs } from '../../outputs.js'
import { untrusted } from '../../untrusted.js'
import type { Stack } from '@aws-sdk/client-cloudformation'
import { createdAtOf, describeOwnership, environmentStackName, environmentTags, ownershipOf, TAG_CREATED_AT, type Environment } from '../../core/environments.js'
import { refuseRouted, resolveIn, routesTo, smokeGreen, type Live, type Phase } from '../../core/phase.js'
import { stopwatch } from '../../core/summary.js'
import type { SmokeResult } from '../../smoke.js'

export function greenName(p: Phase): string {
  return environmentStackName(p.inputs.stackName, p.inputs.extraEnv.extra!)
}

/**
 * Deploys <stack-name>-<extra> and smoke-tests it on its own endpoint. The domain is not touched, so a
 * failed deploy or smoke check leaves the live environment exactly as it was.
 * Returns the deployed environment with its smoke results; undefined only in a dry run of a stack that does
 * not exist yet. `read`: green as the caller read it a moment ago (under the lock), not read again.
 */
export async function deployGreen(p: Phase, live: Live, read?: { stack: Stack | undefined }): Promise<DeployedGreen | undefined> {
  const { ctx, inputs } = p
  const green = greenName(p)
  if (live.stackName === green) {
    throw new DeployError(
      `${green} is the live environment (${p.router.where} ${p.router.verb} it): deploying to it would change production in place`,
      undefined,
      'Deploy to another extra (for example alternate blue and green), then promote it.'
    )
  }
  if (!inputs.template) throw new DeployError('This phase needs template')
  p.summary.record({ step: 'environment', stackName: green })
  const existing = read ? read.stack : await describeStack(ctx.clients.cloudformation, green)
  if (existing) await requireUpdatable(p, existing)
  // Keep the first creation time across updates: the sweep ages environments from their creation.
  const createdAt = existing && stackTag(existing, TAG_CREATED_AT) ? stackTag(existing, TAG_CREATED_AT)! : new Date(existing ? createdAtOf(existing) || ctx.clock.now() : ctx.clock.now()).toISOString()
  p.lock?.assertTime(`deploying ${green}`)
  const elapsed = stopwatch(ctx)
  const result = await step(ctx, `Deploy ${green}`, () =>
    deployStack(ctx, {
      stackName: green,
      templateBody: inputs.template!.body,
      parameters: inputs.parameters,
      capabilities: inputs.capabilities,
      tags: [...inputs.tags, ...environmentTags(inputs.stackName, inputs.extraEnv.extra!, createdAt)],
      read: { stack: existing }
    })
  ).catch((err) => {
    p.summary.record({ step: 'deploy', env: { stackName: green }, ms: elapsed(), outcome: 'failed' })
    throw err
  })
  const ms = elapsed()
  setStackOutputs(ctx, result)
  if (!result.stack) {
    p.summary.record({ step: 'deploy', env: { stackName: green }, ms, outcome: 'dry run: would be created' })
    skipStep(ctx, `Smoke-test ${green}`, 'dry run: the stack does not exist yet')
    return undefined
  }
  const env = await resolveIn(p, result.stack, live)
  p.summary.record({
    step: 'deploy',
    env: { stackName: green, targetId: env.targetId, endpoint: env.endpoint },
    ms,
    outcome: ctx.dryRun ? 'dry run: unchanged' : result.executed ? 'deployed' : 'no changes'
  })
  ctx.setOutput('endpoint', env.endpoint)
  ctx.log.info(`${green}: ${p.router.describe(env.target)}, endpoint ${untrusted(env.endpoint)}`)
  return { ...env, smoke: await smokeGreen(p, env) }
}

/** A deployed environment and what its smoke checks returned. */
export type DeployedGreen = Environment & { smoke: SmokeResult[] }

/**
 * An existing stack is updated only when it is one of ours and no front door routes to it: not another
 * app's stack that happens to have the name, not the app as it ran before the action, not production.
 */
async function requireUpdatable(p: Phase, existing: Stack): Promise<void> {
  const name = existing.StackName!
  if (ownershipOf(existing, p.inputs.stackName) !== 'ours') {
    throw new DeployError(
      `${name} exists and is ${describeOwnership(existing, p.inputs.stackName)}: deploying would update a stack the action did not make for ${p.inputs.stackName}`,
      undefined,
      'Choose another extra (the stack is left as it is), or check stack-name.'
    )
  }
  refuseRouted(p, name, await routesTo(p, existing.StackId!), 'deploying to it would change production in place', 'Deploy to another extra (for example alternate blue and green), then promote it.')
  p.ctx.log.info(`${name} is an environment of ${p.inputs.stackName} and no route of the front door reaches it: updating it.`)
}
