import { formatDuration } from '../clock.js'
import type { Context } from '../context.js'
import { code, markdownTable } from '../report.js'
import type { SmokeResult } from '../smoke.js'
import { mdInline } from '../untrusted.js'

export interface EnvironmentRow {
  stackName: string
  /** The id of what it offers the front door (an API id, an origin, a target group). */
  targetId?: string
  endpoint?: string
  smoke?: SmokeResult[]
  /** What happened to it, e.g. "deployed", "deleted", "kept". */
  state?: string
  timings: { name: string; ms: number }[]
}

/** How the domain ended: the mermaid diagram draws it. */
export type SwitchOutcome =
  | 'switched' // the domain moved to green
  | 'unchanged' // the domain was never touched (failure before the switch, or deploy only)
  | 'reverted' // moved to green, failed verification, moved back to blue
  | 'already' // green was live already
  | 'dry-run' // would switch
  | 'none' // no domain involved

/** An environment as a step saw it: its stack and, once resolved, its target's id and endpoint. */
export interface EnvironmentSeen {
  stackName: string
  targetId?: string
  endpoint?: string
}

/**
 * What the steps of a phase returned, in the order they returned it. The switch summary is rendered from
 * these at the end (SwitchSummary.write); no step edits a row of the summary.
 */
export type StepResult =
  /** What is live, as read: the front door and the stack behind it (blue). */
  | { step: 'live'; where: string; noun?: string; blue?: EnvironmentSeen }
  /** The environment a deploy or destroy works on, before its step runs. */
  | { step: 'environment'; stackName: string }
  /** The two sides of a promotion or a rollback, resolved before anything moves. */
  | { step: 'sides'; where: string; green: EnvironmentSeen; blue?: EnvironmentSeen }
  | { step: 'deploy'; env: EnvironmentSeen; ms: number; outcome: 'deployed' | 'no changes' | 'dry run: unchanged' | 'dry run: would be created' | 'failed' }
  | { step: 'smoke'; stackName: string; results?: SmokeResult[]; ms?: number; failed?: boolean }
  /** Where the front door points after the switch step (or would, in a dry run). */
  | { step: 'switch'; green: string; blue?: string; outcome: 'already' | 'dry-run' | 'switched' | 'rolled back' }
  /** verification is absent when the step itself failed (only its time is shown). */
  | { step: 'verify'; green: string; blue?: string; ms: number; verification?: { ok: boolean; reason?: string; rounds: number }; cutShort?: boolean }
  /** Verification failed: what became of the switch back. */
  | { step: 'switch back'; green: string; blue?: string; outcome: 'nothing was live' | 'blue is gone' | 'failed' | 'switched back' }
  | RetireResult
  | { step: 'destroy'; stackName: string; outcome: 'deleted' | 'dry run: would be deleted' | 'did not exist' }
  | TrafficStepResult
  /** A mode's own section (the sweep's table). */
  | { step: 'section'; title: string; markdown: string }

/** One step of traffic-steps: green's share, when it was held, the alarms seen, and how it ended. */
export interface TrafficStepResult {
  step: 'traffic'
  green: string
  percent: number
  /** Epoch ms. */
  startedAt: number
  endedAt: number
  /** held: the hold passed; switched: the final 100% (its bake is verify-seconds); resumed: an interrupted run's step taken up again; switched back: an alarm or a check failed, all traffic went back to blue. */
  outcome: 'held' | 'switched' | 'switched back'
  resumed?: boolean
  /** The alarms' states at the step's last read. */
  alarms: { name: string; state: string }[]
}

/** What became of blue after the switch. */
export interface RetireResult {
  step: 'retire'
  blue: string
  ms?: number
  outcome: 'deleted' | 'deleted earlier' | 'made before' | 'keep-previous' | 'kept' | 'delete failed'
  /** Why it was kept, for its own section. */
  why?: string
}

const RETIRED: Record<RetireResult['outcome'], string> = {
  deleted: 'deleted',
  'deleted earlier': 'deleted (by the earlier attempt)',
  'made before': 'kept: made before the action, not live',
  'keep-previous': 'kept (keep-previous), not live',
  kept: 'kept (not deleted)',
  'delete failed': '❌ delete failed (not live)'
}

const SWITCHED_BACK: Record<Extract<StepResult, { step: 'switch back' }>['outcome'], string> = {
  'nothing was live': '❌ failed verification (still mapped: nothing was live before)',
  'blue is gone': '❌ failed verification, still mapped',
  failed: '❌ failed verification, still mapped',
  'switched back': '❌ failed verification, kept for investigation'
}

/** The extra-env part of the job summary: blue and green side by side and a diagram of the switch. */
export class SwitchSummary {
  /** What the steps returned; write() renders the rows from them. */
  readonly results: StepResult[] = []

  blue?: EnvironmentRow
  green?: EnvironmentRow
  domain?: string
  outcome: SwitchOutcome = 'none'
  /** Verification after the switch, as one line. */
  verification?: string
  extraSections: { title: string; markdown: string }[] = []
  /** The traffic steps, in order (a gradual promotion, or the one 100% step of a gated one). */
  trafficSteps: TrafficStepResult[] = []

  /**
   * @param noun what a target's id is, for the column and the diagram: "API", "Origin", "Target group"
   * @param switchTitle the diagram's section: "Domain switch", "Distribution switch"
   */
  constructor(
    readonly noun = 'API',
    readonly switchTitle = 'Domain switch'
  ) {}

  env(role: 'blue' | 'green', stackName: string): EnvironmentRow {
    const existing = this[role]
    if (existing && existing.stackName === stackName) return existing
    const row: EnvironmentRow = { stackName, timings: [] }
    this[role] = row
    return row
  }

  /** Keeps a step's result for the summary and hands it back. */
  record<R extends StepResult>(result: R): R {
    this.results.push(result)
    return result
  }

  /** Folds the steps' results, in order, into the two rows, the outcome and the verification line. */
  private render(): void {
    for (const r of this.results.splice(0)) {
      switch (r.step) {
        case 'live':
          this.domain = r.where
          if (r.blue) Object.assign(this.env('blue', r.blue.stackName), defined(r.blue), { state: 'live' })
          break
        case 'environment':
          this.env('green', r.stackName)
          break
        case 'sides':
          this.domain = r.where
          Object.assign(this.env('green', r.green.stackName), defined(r.green))
          if (r.blue) Object.assign(this.env('blue', r.blue.stackName), defined(r.blue), { state: 'live' })
          break
        case 'deploy': {
          const row = Object.assign(this.env('green', r.env.stackName), defined(r.env))
          row.timings.push({ name: 'deploy', ms: r.ms })
          row.state = r.outcome === 'failed' ? '❌ deploy failed' : r.outcome
          break
        }
        case 'smoke': {
          const row = this.env('green', r.stackName)
          if (r.results) row.smoke = r.results
          if (r.ms !== undefined) row.timings.push({ name: 'smoke', ms: r.ms })
          if (r.failed) row.state = '❌ smoke checks failed'
          break
        }
        case 'switch':
          this.outcome = r.outcome === 'rolled back' ? 'switched' : r.outcome
          if (r.outcome === 'dry-run') break
          if (r.outcome === 'already') this.blue = undefined // the same stack: one row
          this.env('green', r.green).state = r.outcome === 'rolled back' ? 'live (rolled back to)' : 'live'
          if (r.blue && r.outcome !== 'already') this.env('blue', r.blue).state = r.outcome === 'rolled back' ? 'not live, kept' : 'was live'
          break
        case 'verify':
          this.env('green', r.green).timings.push({ name: 'verify', ms: r.ms })
          // The reason quotes URLs and bodies the pull request's app chose.
          if (r.verification) {
            const v = r.verification
            this.verification = `Verification after the switch: ${v.ok ? '✅ passed' : `❌ failed (${mdInline(v.reason)})`} in ${v.rounds} round(s).`
          }
          if (r.cutShort) {
            this.env('green', r.green).state = '❌ verification cut short by timeout-minutes, still mapped'
            if (r.blue) this.env('blue', r.blue).state = 'kept (not deleted)'
          }
          break
        case 'switch back':
          this.env('green', r.green).state = SWITCHED_BACK[r.outcome]
          if (r.outcome !== 'switched back') break
          this.outcome = 'reverted'
          if (r.blue) this.env('blue', r.blue).state = 'live again (not deleted)'
          break
        case 'retire': {
          const row = this.env('blue', r.blue)
          if (r.ms !== undefined) row.timings.push({ name: 'delete', ms: r.ms })
          row.state = RETIRED[r.outcome]
          if (r.outcome === 'made before' && r.why) this.extraSections.push({ title: 'Previous stack kept', markdown: r.why })
          break
        }
        case 'destroy':
          this.env('green', r.stackName).state = r.outcome
          break
        case 'traffic':
          this.trafficSteps.push(r)
          break
        case 'section':
          this.extraSections.push({ title: r.title, markdown: r.markdown })
      }
    }
  }

  table(): string {
    const rows: [string, EnvironmentRow][] = []
    if (this.blue) rows.push(['🔵 blue (live before)', this.blue])
    // with nothing live before, the new environment is the first one, not a "green" replacing a blue
    if (this.green) rows.push([this.blue ? '🟢 green (new)' : '🟢 first environment (nothing was live)', this.green])
    return markdownTable(
      ['', 'stack', `${this.noun} id`, 'endpoint', 'smoke', 'timings', 'state'],
      rows.map(([role, r]) => [
        role,
        r.stackName,
        r.targetId ? code(r.targetId) : '–',
        r.endpoint ? code(r.endpoint) : '–',
        smokeCell(r.smoke),
        r.timings.map((t) => `${t.name} ${formatDuration(t.ms)}`).join(', ') || '–',
        r.state ?? '–'
      ])
    )
  }

  mermaid(): string {
    // Labels quote ids and states: nothing in them may close the fence or the label, or form a tag.
    const label = (s: string) =>
      s
        .replace(/"/g, "'")
        .replace(/[`<>\r\n]/g, ' ')
        .replace(/@/g, '@\u200d')
    const lines = ['```mermaid', 'flowchart LR']
    lines.push(`  domain(["${label(this.domain ?? 'front door')}"])`)
    if (this.blue) lines.push(`  blue["🔵 ${label(this.blue.stackName)}<br/>${label(this.noun)} ${label(this.blue.targetId ?? '?')}${this.blue.state ? `<br/>${label(this.blue.state)}` : ''}"]`)
    if (this.green) lines.push(`  green["🟢 ${label(this.green.stackName)}<br/>${label(this.noun)} ${label(this.green.targetId ?? '?')}${this.green.state ? `<br/>${label(this.green.state)}` : ''}"]`)
    const b = !!this.blue
    const g = !!this.green
    switch (this.outcome) {
      case 'switched':
        if (b) lines.push('  domain -. before .-> blue')
        if (g) lines.push('  domain == now ==> green')
        break
      case 'reverted':
        if (g) lines.push('  domain -. tried, failed verification .-> green')
        if (b) lines.push('  domain == now (switched back) ==> blue')
        break
      case 'dry-run':
        if (b) lines.push('  domain == now ==> blue')
        if (g) lines.push('  domain -. would switch .-> green')
        break
      case 'already':
        if (g) lines.push('  domain == already live ==> green')
        break
      default:
        if (b) lines.push('  domain == now (unchanged) ==> blue')
    }
    lines.push('```')
    return lines.join('\n')
  }

  write(ctx: Context): void {
    this.render()
    if (this.blue || this.green) ctx.report.section('Environments', this.table())
    if (this.domain && (this.blue || this.green)) {
      ctx.report.section(this.switchTitle, [this.mermaid(), this.verification ? `\n\n${this.verification}` : ''].join(''))
    }
    if (this.trafficSteps.length > 0) ctx.report.section('Traffic steps', trafficMarkdown(this.trafficSteps))
    for (const s of this.extraSections) ctx.report.section(s.title, s.markdown)
  }
}

const OUTCOME: Record<TrafficStepResult['outcome'], string> = { held: '✅ held', switched: '✅ switched (then verify-seconds)', 'switched back': '❌ switched back to blue' }

/**
 * The steps as a table and a chart of green's share over time (mermaid xychart-beta). The chart carries
 * only numbers and times the action computed; alarm names (the workflow's) go only in the table's cells.
 */
export function trafficMarkdown(steps: readonly TrafficStepResult[]): string {
  const t0 = steps[0].startedAt
  const at = (ms: number) => `+${formatDuration(Math.max(0, ms - t0))}`
  const table = markdownTable(
    ['step', "green's share", 'start', 'end', 'alarms', 'outcome'],
    steps.map((s, i) => [
      String(i + 1),
      `${s.percent}%`,
      new Date(s.startedAt).toISOString(),
      new Date(s.endedAt).toISOString(),
      s.alarms.map((a) => `${a.state === 'ALARM' ? '🔴' : a.state === 'OK' ? '🟢' : '⚪'} ${a.name} ${a.state}`).join('\n') || '–',
      `${OUTCOME[s.outcome]}${s.resumed ? ' (resumed after an interruption)' : ''}`
    ])
  )
  // two points per step (its start and its end) draw the staircase; a switch back drops to 0 at its end
  const points: [string, number][] = []
  for (const s of steps) {
    points.push([at(s.startedAt), s.percent])
    points.push([at(s.endedAt), s.outcome === 'switched back' ? 0 : s.percent])
  }
  const chart = [
    '```mermaid',
    'xychart-beta',
    `  title "Green's share of traffic"`,
    `  x-axis [${points.map(([x]) => `"${x}"`).join(', ')}]`,
    '  y-axis "% of traffic on green" 0 --> 100',
    `  line [${points.map(([, y]) => y).join(', ')}]`,
    '```'
  ].join('\n')
  return `${chart}\n\n${table}`
}

function smokeCell(results: SmokeResult[] | undefined): string {
  if (!results) return '–'
  if (results.length === 0) return 'no smoke-path'
  // The table's cell escaping makes the line breaks <br> and the paths and errors (bodies, codes) inert.
  return results.map((r) => `${r.ok ? '✅' : '❌'} ${new URL(r.url).pathname} ${r.status ?? r.error ?? ''}`.trim()).join('\n')
}

/** The parts of an environment that are known (an unresolved API id must not blank one read earlier). */
function defined(env: EnvironmentSeen): Partial<EnvironmentRow> {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined))
}

/** Starts timing a step: the returned function gives the milliseconds since (also after a failure). */
export function stopwatch(ctx: Context): () => number {
  const started = ctx.clock.now()
  return () => ctx.clock.now() - started
}
