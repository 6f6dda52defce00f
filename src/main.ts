import * as core from '@actions/core'
import { accessDenied, isAccessDenied } from './aws/access-denied.js'
import { loadClients, type Service } from './aws/clients.js'
import { createContext } from './context.js'
import { DeployError, errorMessage, InputError } from './errors.js'
import { parseInputs, type Inputs, type Mode } from './inputs.js'
import { actionsLogger } from './log.js'
import { Report } from './report.js'

/** The AWS services each mode's code calls (a test derives them from the code and compares). */
export const SERVICES: Record<Mode, readonly Service[]> = {
  'extra-env': ['cloudformation', 'apigateway', 'apigatewayv2', 's3', 'sts'],
  'api-replace': ['cloudformation', 'apigateway', 's3', 'sts'],
  reset: ['cloudformation', 's3', 'sts'],
  'route53-takeover': ['cloudformation', 'route53', 's3', 'sts']
}

/** Loads only the chosen mode's code: the others' modules are never evaluated, which shortens the cold start. */
async function runStrategy(ctx: ReturnType<typeof createContext>, inputs: Inputs): Promise<void> {
  switch (inputs.mode) {
    case 'extra-env':
      return (await import('./strategies/extra-env.js')).extraEnv(ctx, inputs)
    case 'api-replace':
      return (await import('./strategies/api-replace.js')).apiReplace(ctx, inputs)
    case 'reset':
      return (await import('./strategies/reset.js')).reset(ctx, inputs)
    case 'route53-takeover':
      return (await import('./strategies/route53-takeover.js')).route53Takeover(ctx, inputs)
  }
}

/** The action: inputs → clients → one strategy → outputs and job summary. One catch fails the step. */
export async function run(): Promise<void> {
  const report = new Report('bluegreen-action')
  try {
    const inputs = parseInputs((name) => core.getInput(name))
    if (inputs.githubToken) core.setSecret(inputs.githubToken)
    report.title = `bluegreen-action · ${inputs.mode} · ${inputs.stackName}${inputs.dryRun ? ' (dry run)' : ''}`
    const ctx = createContext({
      clients: loadClients({ region: inputs.region, endpointUrl: inputs.endpointUrl }, SERVICES[inputs.mode]),
      log: actionsLogger,
      report,
      dryRun: inputs.dryRun,
      timeoutMinutes: inputs.timeoutMinutes,
      pollMs: inputs.pollSeconds * 1000,
      templateStorage: { region: inputs.region, bucket: inputs.templateBucket },
      writeOutput: (name, value) => core.setOutput(name, value)
    })
    if (inputs.dryRun) core.info('Dry run: nothing will be changed; the plan is printed instead.')
    await runStrategy(ctx, inputs)
  } catch (thrown) {
    const err = isAccessDenied(thrown) ? accessDenied(thrown) : thrown
    const message = errorMessage(err)
    report.error = message
    if (err instanceof DeployError) report.rootCause = err.rootCause
    core.setFailed(err instanceof InputError || err instanceof DeployError ? message : `Unexpected error: ${message}`)
  } finally {
    await writeSummary(report)
  }
}

async function writeSummary(report: Report): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary.addRaw(report.toMarkdown(), true).write()
  } catch (err) {
    core.warning(`Could not write the job summary: ${errorMessage(err)}`)
  }
}
