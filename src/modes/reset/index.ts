import { skipStep, step, type Context } from '../../context.js'
import { describeStack } from '../../cloudformation/stacks.js'
import { DeployError } from '../../errors.js'
import { setStackOutputs } from '../../outputs.js'
import { markdownTable } from '../../report.js'
import { deployPhase, type PhaseResult } from './phase.js'
import { planReset, strippedMarkdown, type ResetPlan } from './plan.js'
import { runSmokeChecks, smokeFailures } from '../../smoke.js'
import type { InputsOf, Strategy } from '../types.js'

const GENERATED = 'Phase 1 (generated names)'
const FRIENDLY = 'Phase 2 (friendly names)'

/**
 * Mode reset: deploy the template with its explicit names removed so CloudFormation can replace what a
 * taken name blocks, smoke-test, then deploy the original template so the friendly names come back.
 */
export const reset: Strategy<'reset'> = async (ctx, inputs) => {
  const which = inputs.reset.resetPhase
  ctx.report.fact('stack', inputs.stackName)
  ctx.report.fact('reset phase', which)
  await step(
    ctx,
    `Find stack ${inputs.stackName}`,
    () => requireExistingStack(ctx, inputs.stackName),
    (status) => status
  )
  const plan = await step(ctx, 'Plan the name reset', async () => announcePlan(ctx, planReset(inputs.template.template, inputs.reset.resetProperties)))
  let last: PhaseResult | undefined

  if (which !== 'friendly-names') {
    last = await step(ctx, `${GENERATED}: deploy without the names`, () => deployPhase(ctx, inputs, { key: 'generated-names', title: GENERATED, body: plan.strippedBody }))
    if (ctx.dryRun && which === 'both') {
      skipStep(ctx, `${FRIENDLY}: deploy the original template`, 'dry run: its change set can only be computed once phase 1 has run')
      ctx.report.section(`${FRIENDLY}: change set`, '_Computed after phase 1 runs; a dry run cannot show it. It restores the friendly names listed above._')
      setStackOutputs(ctx, last.deploy)
      return
    }
    if (!ctx.dryRun) {
      announceFunctionNames(ctx, 'function-names-generated', last)
      await smokeTest(
        ctx,
        inputs,
        last,
        'between the phases',
        which === 'both'
          ? 'The stack runs with generated names and phase 2 did not run. Fix the app and re-run; or run reset-phase friendly-names to bring the friendly names back as they are.'
          : 'The stack runs with generated names. Fix the app and re-run.'
      )
    }
  }

  if (which !== 'generated-names') {
    last = await step(ctx, `${FRIENDLY}: deploy the original template`, () => deployPhase(ctx, inputs, { key: 'friendly-names', title: FRIENDLY, body: inputs.template.body }))
    if (!ctx.dryRun) {
      announceFunctionNames(ctx, 'function-names-friendly', last)
      await smokeTest(ctx, inputs, last, 'after phase 2', 'The stack runs with the friendly names, but the app does not answer as expected: fix it and re-run.')
    }
  }

  setStackOutputs(ctx, last!.deploy)
  if (last!.endpoint) ctx.setOutput('endpoint', last!.endpoint)
}

/**
 * A reset renames the resources of a running stack. A stack that is not there is most likely a typo in
 * stack-name, and creating it would run the app a second time under names the real stack holds.
 */
async function requireExistingStack(ctx: Context, stackName: string): Promise<string> {
  const stack = await describeStack(ctx.clients.cloudformation, stackName)
  const status = stack?.StackStatus
  if (!stack || status === 'DELETE_COMPLETE' || status === 'REVIEW_IN_PROGRESS') {
    throw new DeployError(
      `Stack ${stackName} does not exist${status ? ` (it is ${status})` : ''}: reset renames the resources of an existing stack, so nothing was created`,
      undefined,
      'Check stack-name (and region). A reset is for a stack that runs: create a new one with its first deploy (for example `aws cloudformation deploy`), and reset it when a taken name blocks a replacement.'
    )
  }
  return status!
}

function announcePlan(ctx: Context, plan: ResetPlan): ResetPlan {
  for (const s of plan.stripped) ctx.log.info(`strip ${s.logicalId}.${s.property} (${s.type})`)
  ctx.log.info(`${plan.stripped.length} name(s) stripped for phase 1.`)
  for (const w of plan.warnings) ctx.log.warning(w)
  ctx.report.fact('names stripped in phase 1', String(plan.stripped.length))
  ctx.report.section('Names stripped in phase 1', strippedMarkdown(plan))
  if (plan.warnings.length > 0) ctx.report.section('Warnings', plan.warnings.map((w) => `- ${w}`).join('\n'))
  return plan
}

function announceFunctionNames(ctx: Context, output: string, phase: PhaseResult): void {
  const names = phase.functionNames
  ctx.setOutput(output, JSON.stringify(names))
  for (const [id, name] of Object.entries(names)) ctx.log.info(`${id} → ${name}`)
  ctx.report.fact(output, Object.values(names).join(', ') || 'no Lambda functions')
}

async function smokeTest(ctx: Context, inputs: InputsOf<'reset'>, phase: PhaseResult, when: string, next: string): Promise<void> {
  const name = `Smoke checks ${when}`
  if (inputs.smoke.paths.length === 0) return skipStep(ctx, name, 'no smoke-path given')
  await step(ctx, name, async () => {
    if (!phase.endpoint) {
      throw new DeployError(
        `${name}: the app's URL is unknown`,
        undefined,
        "Set endpoint-output to the stack output that holds the app's URL (the stack has no single REST API stage to derive it from)."
      )
    }
    const results = await runSmokeChecks(phase.endpoint, inputs.smoke, { log: ctx.log, clock: ctx.clock, deadline: ctx.deadline })
    ctx.report.section(
      name,
      markdownTable(
        ['url', 'result', 'status', 'attempts'],
        results.map((r) => [r.url, r.ok ? '✅' : `❌ ${r.error ?? ''}`, String(r.status ?? '-'), String(r.attempts)])
      )
    )
    const failed = smokeFailures(results)
    if (failed) throw new DeployError(`${name} failed`, failed, next)
  })
}
