import * as core from './runner.js'
import { loadClients } from './aws/clients.js'
import { explainError, type Endpoint } from './aws/error-advice.js'
import { createContext, step, type Context } from './context.js'
import { DeployError, errorMessage, InputError } from './errors.js'
import { formatScope } from './input-usage.js'
import { actionsLogger } from './log.js'
import { modeEntry, parseInputs, runMode, unusedInputs } from './modes/registry.js'
import type { Inputs } from './modes/types.js'
import { Report } from './report.js'

/** The action: inputs → the mode's registry entry → its clients → its run() → outputs and job summary. One catch fails the step. */
export async function run(): Promise<void> {
  const report = new Report('bluegreen-action')
  let endpoint: Endpoint = { region: process.env.AWS_REGION ?? '' }
  try {
    const get = (name: string) => core.getInput(name)
    const inputs = parseInputs(get)
    if (inputs.githubToken) core.setSecret(inputs.githubToken)
    endpoint = { region: inputs.region, endpointUrl: inputs.endpointUrl }
    report.title = `bluegreen-action · ${inputs.mode} · ${inputs.stackName}${inputs.dryRun ? ' (dry run)' : ''}`
    warnUnusedInputs(get, inputs)
    const ctx = createContext({
      clients: loadClients({ region: inputs.region, endpointUrl: inputs.endpointUrl }, modeEntry(inputs.mode).services),
      log: actionsLogger,
      report,
      dryRun: inputs.dryRun,
      timeoutMinutes: inputs.timeoutMinutes,
      pollMs: inputs.pollSeconds * 1000,
      templateStorage: { region: inputs.region, bucket: inputs.templateBucket, app: inputs.stackName },
      // a phase that does not read alarms (extra-env rollback, destroy) ignores them, with the warning above
      alarms:
        inputs.alarms.length > 0 && !unusedInputs(get, inputs.mode, phaseOf(inputs)).includes('alarms') ? { names: inputs.alarms, monitoringMinutes: inputs.rollbackMonitoringMinutes } : undefined,
      writeOutput: (name, value) => core.setOutput(name, value),
      explain: (err) => explainError(err, endpoint)
    })
    if (inputs.dryRun) core.info('Dry run: nothing will be changed; the plan is printed instead.')
    if (ctx.alarms) await step(ctx, 'Read the alarms', () => logAlarms(ctx))
    await runMode(ctx, inputs)
  } catch (thrown) {
    const err = explainError(thrown, endpoint)
    const message = errorMessage(err)
    report.error = message
    if (err instanceof DeployError) report.rootCause = err.rootCause
    recordFailedStep(report, err)
    core.setFailed(err instanceof InputError || err instanceof DeployError ? message : `Unexpected error: ${message}`)
  } finally {
    await writeSummary(report)
  }
}

/** The alarms exist (an unknown name fails here, before any change) and their states, for the log. */
async function logAlarms(ctx: Context): Promise<void> {
  // loaded here: a run without alarms never pays for the CloudWatch SDK at start-up
  const { resolveAlarms } = await import('./cloudformation/rollback-triggers.js')
  for (const a of await resolveAlarms(ctx)) ctx.log.info(`Alarm ${a.name}: ${a.state} (${a.arn}).`)
}

/** An input given where the mode or phase never reads it is ignored; say so, naming it, rather than fail. */
function phaseOf(inputs: Inputs) {
  return inputs.mode === 'extra-env' ? inputs.extraEnv.phase : 'full'
}

function warnUnusedInputs(get: (name: string) => string, inputs: Inputs): void {
  const phase = phaseOf(inputs)
  for (const name of unusedInputs(get, inputs.mode, phase)) {
    core.warning(`Input '${name}' is not used by ${formatScope(inputs.mode, phase)} and is ignored.`)
  }
}

/** Every failure gets its row: bad input in "Read the inputs", an error between steps after the last one. */
function recordFailedStep(report: Report, err: unknown): void {
  if (report.steps.some((s) => s.status === 'failed')) return
  const last = report.steps.at(-1)
  const name = err instanceof InputError ? 'Read the inputs' : last ? `After "${last.name}"` : 'Start'
  report.steps.push({ name, status: 'failed', ms: 0, detail: errorMessage(err).split('\n')[0] })
}

async function writeSummary(report: Report): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary.addRaw(report.toMarkdown(), true).write()
  } catch (err) {
    core.warning(`Could not write the job summary: ${errorMessage(err)}`)
  }
}
