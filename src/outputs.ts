import type { Context } from './context.js'
import type { DeployResult } from './cloudformation/deploy.js'

/** The outputs every mode sets after a deploy: stack-name, stack-id, stack-status, change-set-id, stack-outputs. */
export function setStackOutputs(ctx: Context, result: DeployResult): void {
  ctx.setOutput('stack-name', result.stackName)
  if (result.stackId && !ctx.dryRun) ctx.setOutput('stack-id', result.stackId)
  if (result.status) ctx.setOutput('stack-status', result.status)
  if (result.changeSetId) ctx.setOutput('change-set-id', result.changeSetId)
  ctx.setOutput('stack-outputs', JSON.stringify(result.outputs))
}
