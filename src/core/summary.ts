import { formatDuration } from '../clock.js'
import type { Context } from '../context.js'
import { code, markdownTable } from '../report.js'
import type { SmokeResult } from '../smoke.js'
import { mdInline } from '../untrusted.js'

export interface EnvironmentRow {
  stackName: string
  apiId?: string
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

/** The extra-env part of the job summary: blue and green side by side and a diagram of the switch. */
export class SwitchSummary {
  blue?: EnvironmentRow
  green?: EnvironmentRow
  domain?: string
  outcome: SwitchOutcome = 'none'
  /** Verification after the switch, as one line. */
  verification?: string
  extraSections: { title: string; markdown: string }[] = []

  env(role: 'blue' | 'green', stackName: string): EnvironmentRow {
    const existing = this[role]
    if (existing && existing.stackName === stackName) return existing
    const row: EnvironmentRow = { stackName, timings: [] }
    this[role] = row
    return row
  }

  /** Runs fn and records its time on the environment's row. */
  async timed<T>(ctx: Context, row: EnvironmentRow, name: string, fn: () => Promise<T>): Promise<T> {
    const started = ctx.clock.now()
    try {
      return await fn()
    } finally {
      row.timings.push({ name, ms: ctx.clock.now() - started })
    }
  }

  /** The verification step's result as one line. */
  verified(v: { ok: boolean; reason?: string; rounds: number }): void {
    // The reason quotes URLs and bodies the pull request's app chose.
    this.verification = `Verification after the switch: ${v.ok ? '✅ passed' : `❌ failed (${mdInline(v.reason)})`} in ${v.rounds} round(s).`
  }

  table(): string {
    const rows: [string, EnvironmentRow][] = []
    if (this.blue) rows.push(['🔵 blue (live before)', this.blue])
    // with nothing live before, the new environment is the first one, not a "green" replacing a blue
    if (this.green) rows.push([this.blue ? '🟢 green (new)' : '🟢 first environment (nothing was live)', this.green])
    return markdownTable(
      ['', 'stack', 'API id', 'endpoint', 'smoke', 'timings', 'state'],
      rows.map(([role, r]) => [
        role,
        r.stackName,
        r.apiId ? code(r.apiId) : '–',
        r.endpoint ? code(r.endpoint) : '–',
        smokeCell(r.smoke),
        r.timings.map((t) => `${t.name} ${formatDuration(t.ms)}`).join(', ') || '–',
        r.state ?? '–'
      ])
    )
  }

  mermaid(): string {
    // Labels quote ids and states: nothing in them may close the fence or the label, or form a tag.
    const label = (s: string) => s.replace(/"/g, "'").replace(/[`<>\r\n]/g, ' ').replace(/@/g, '@\u200d')
    const lines = ['```mermaid', 'flowchart LR']
    lines.push(`  domain(["${label(this.domain ?? 'custom domain')}"])`)
    if (this.blue) lines.push(`  blue["🔵 ${label(this.blue.stackName)}<br/>API ${label(this.blue.apiId ?? '?')}${this.blue.state ? `<br/>${label(this.blue.state)}` : ''}"]`)
    if (this.green) lines.push(`  green["🟢 ${label(this.green.stackName)}<br/>API ${label(this.green.apiId ?? '?')}${this.green.state ? `<br/>${label(this.green.state)}` : ''}"]`)
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
    if (this.blue || this.green) ctx.report.section('Environments', this.table())
    if (this.domain && (this.blue || this.green)) {
      ctx.report.section('Domain switch', [this.mermaid(), this.verification ? `\n\n${this.verification}` : ''].join(''))
    }
    for (const s of this.extraSections) ctx.report.section(s.title, s.markdown)
  }
}

function smokeCell(results: SmokeResult[] | undefined): string {
  if (!results) return '–'
  if (results.length === 0) return 'no smoke-path'
  // The table's cell escaping makes the line breaks <br> and the paths and errors (bodies, codes) inert.
  return results.map((r) => `${r.ok ? '✅' : '❌'} ${new URL(r.url).pathname} ${r.status ?? r.error ?? ''}`.trim()).join('\n')
}
