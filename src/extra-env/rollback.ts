import { step, skipStep } from '../context.js'
import { DeployError } from '../errors.js'
import { isUsable, listEnvironments } from './environments.js'
import { describeMapping, domainUrl } from './mapping.js'
import { domainOf, existingEnvironment, readLive, requireSmoke, smoke, type Phase } from './phase.js'
import { checkNotMoved, switchTo } from './switch.js'

/**
 * Points the domain back at the previous environment: previous-stack when given, else the newest other
 * environment of stack-name that still exists. Nothing is deleted.
 */
export async function rollback(p: Phase): Promise<void> {
  const { ctx, inputs, summary } = p
  const { domainName, basePath } = domainOf(p)
  const where = describeMapping({ domainName, basePath })
  summary.domain = where
  const live = await step(ctx, `Read which stack ${where} maps to`, () => readLive(p))
  if (!live.mapping) {
    throw new DeployError(`${where} has no mapping, so there is nothing to roll back`, undefined, 'Promote an environment first.')
  }
  const targetName = await step(ctx, 'Choose the stack to roll back to', async () => {
    if (inputs.extraEnv.previousStack) return inputs.extraEnv.previousStack
    const others = (await listEnvironments(ctx, inputs.stackName))
      // only environments of this app: the action's tagged stacks and the base stack, not any `<name>-*` stack
      .filter((e) => (e.tagged || e.stackName === inputs.stackName) && e.stackName !== live.stackName && isUsable(e.status))
      .sort((a, b) => b.createdAt - a.createdAt)
    for (const e of others) ctx.log.info(`  candidate ${e.stackName} (${e.status}, created ${new Date(e.createdAt).toISOString()})`)
    if (others.length === 0) {
      throw new DeployError(
        `No other environment of ${inputs.stackName} exists to roll back to`,
        live.stackName ? `Only ${live.stackName} (live) was found.` : undefined,
        'The previous stack was deleted after the promotion (use keep-previous: true to keep it); deploy the previous version as a new environment and promote it.'
      )
    }
    return others[0].stackName
  }, (name) => name)
  if (targetName === live.stackName) {
    throw new DeployError(`${targetName} is already live on ${where}; it cannot be the stack to roll back to`)
  }
  const target = await existingEnvironment(p, targetName, live).catch((err) => {
    if (err instanceof DeployError && /does not exist/.test(err.message)) {
      throw new DeployError(`The stack to roll back to, ${targetName}, does not exist any more`, undefined, 'It was deleted after the promotion; use keep-previous: true to keep the previous stack for rollbacks.')
    }
    throw err
  })
  if (live.stackName) Object.assign(summary.env('blue', live.stackName), { apiId: live.mapping.apiId, state: 'live' })
  const row = Object.assign(summary.env('green', target.stackName), { apiId: target.apiId, endpoint: target.endpoint })

  await step(ctx, `Smoke-test ${target.stackName}`, async () => {
    requireSmoke(await smoke(p, target.endpoint, row), target.stackName, `${where} was not touched.`)
  }).catch((err) => {
    row.state = '❌ smoke checks failed'
    throw err
  })
  if (ctx.dryRun) {
    ctx.log.info(`[dry-run] would switch ${where} from API ${live.mapping.apiId} (${live.stackName ?? 'no stack'}) back to API ${target.apiId} (${target.stackName}).`)
    skipStep(ctx, 'Switch the domain', 'dry run')
    summary.outcome = 'dry-run'
    return
  }
  const checked = await checkNotMoved(p, live.mapping)
  await switchTo(p, checked, { kind: target.apiKind, apiId: target.apiId, stage: target.stage }, `Switch ${where} back to ${target.stackName}`)
  summary.outcome = 'switched'
  row.state = 'live (rolled back to)'
  if (live.stackName) summary.env('blue', live.stackName).state = 'not live, kept'
  ctx.setOutput('endpoint', target.endpoint)
  ctx.setOutput('active-stack', target.stackName)
  if (live.stackName) ctx.setOutput('previous-stack', live.stackName)
  ctx.setOutput('rest-api-id', target.apiId)
  ctx.setOutput('domain-endpoint', domainUrl(domainName, basePath))
  ctx.report.fact('Live stack', target.stackName)
  await p.github.status('success', domainUrl(domainName, basePath), `Rolled back to ${target.stackName}`)
}
