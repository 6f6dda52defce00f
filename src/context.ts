import type { AwsClients } from './aws/clients.js'
import type { AlarmReading } from './aws/cloudwatch.js'
import { systemClock, type Clock, formatDuration } from './clock.js'
import { errorMessage } from './errors.js'
import type { Logger } from './log.js'
import type { TemplateStorage } from './cloudformation/template-source.js'
import { Report } from './report.js'

/** Everything a strategy needs to talk to AWS and tell what it does. */
export interface Context {
  clients: AwsClients
  log: Logger
  clock: Clock
  report: Report
  /** Epoch ms after which every wait gives up (timeout-minutes). */
  deadline: number
  dryRun: boolean
  /** Poll interval of stack and change set waits. */
  pollMs: number
  /** Outputs set so far; each is written to the runner at once, so an interrupted run still leaves them. */
  outputs: Record<string, string>
  setOutput(name: string, value: string): void
  /** Where templates over CloudFormation's inline limit are uploaded; without it they are refused. */
  templateStorage?: TemplateStorage
  /**
   * The alarms input: the rollback triggers of every change set (resolved to ARNs once per run, shared by
   * copies of the context) and extra-env's promotion gates.
   */
  alarms?: AlarmSettings
  /** Turns an SDK or network error into what the user reads (src/aws/error-advice.ts); identity by default. */
  explain(err: unknown): unknown
}

export interface AlarmSettings {
  /** Names or ARNs, as given. */
  names: string[]
  /** rollback-monitoring-minutes. */
  monitoringMinutes: number
  /** The one DescribeAlarms that resolves the names (the first change set, or the gate, starts it). */
  resolved?: Promise<AlarmReading[]>
}

export function createContext(
  parts: Pick<Context, 'clients' | 'log'> & Partial<Omit<Context, 'clients' | 'log' | 'setOutput'>> & { timeoutMinutes?: number; writeOutput?: (name: string, value: string) => void }
): Context {
  const clock = parts.clock ?? systemClock
  const outputs = parts.outputs ?? {}
  return {
    outputs,
    setOutput: (name, value) => {
      outputs[name] = value
      parts.writeOutput?.(name, value)
    },
    clients: parts.clients,
    log: parts.log,
    clock,
    report: parts.report ?? new Report('bluegreen-action'),
    deadline: parts.deadline ?? clock.now() + (parts.timeoutMinutes ?? 60) * 60_000,
    dryRun: parts.dryRun ?? false,
    pollMs: parts.pollMs ?? 2000,
    templateStorage: parts.templateStorage,
    alarms: parts.alarms,
    explain: parts.explain ?? ((err) => err)
  }
}

/** Runs one named step in its own log group and records its time and result in the summary. */
export async function step<T>(ctx: Context, name: string, fn: () => Promise<T>, detail?: (result: T) => string | undefined): Promise<T> {
  const started = ctx.clock.now()
  ctx.log.startGroup(name)
  try {
    const result = await fn()
    const ms = ctx.clock.now() - started
    ctx.report.steps.push({ name, status: 'done', ms, detail: detail?.(result) })
    ctx.log.info(`✔ ${name} (${formatDuration(ms)})`)
    return result
  } catch (err) {
    const ms = ctx.clock.now() - started
    // The row shows what the user reads at the end; the error itself goes on unchanged, for callers that inspect it.
    const shown = errorMessage(ctx.explain(err))
    ctx.report.steps.push({ name, status: 'failed', ms, detail: shown.split('\n')[0] })
    ctx.log.error(`✘ ${name} failed after ${formatDuration(ms)}: ${shown}`)
    throw err
  } finally {
    ctx.log.endGroup()
  }
}

export function skipStep(ctx: Context, name: string, why: string): void {
  ctx.report.steps.push({ name, status: 'skipped', ms: 0, detail: why })
  ctx.log.info(`⏭ ${name}: ${why}`)
}
