import { formatDuration } from './clock.js'

export interface StepRecord {
  name: string
  status: 'done' | 'failed' | 'skipped'
  ms: number
  detail?: string
}

/** What the job summary tells: the steps with their timings, mode-specific sections and the root cause. */
export class Report {
  readonly steps: StepRecord[] = []
  readonly sections: { title: string; markdown: string }[] = []
  readonly facts: [string, string][] = []
  rootCause?: string
  error?: string

  constructor(public title: string) {}

  fact(name: string, value: string | undefined): void {
    if (value === undefined || value === '') return
    const existing = this.facts.find(([n]) => n === name)
    if (existing) existing[1] = value
    else this.facts.push([name, value])
  }

  section(title: string, markdown: string): void {
    this.sections.push({ title, markdown })
  }

  toMarkdown(): string {
    const ok = !this.error
    const out: string[] = [`## ${ok ? '✅' : '❌'} ${this.title}`, '']
    if (this.error) {
      out.push('> [!CAUTION]', ...this.error.split('\n').map((l) => `> ${l}`), '')
    }
    if (this.facts.length > 0) {
      out.push('| | |', '|---|---|', ...this.facts.map(([k, v]) => `| ${k} | ${escapeCell(v)} |`), '')
    }
    if (this.steps.length > 0) {
      out.push('### Steps', '', '| step | result | time | detail |', '|---|---|---|---|')
      for (const s of this.steps) {
        const icon = s.status === 'done' ? '✅' : s.status === 'failed' ? '❌' : '⏭️'
        out.push(`| ${escapeCell(s.name)} | ${icon} ${s.status} | ${formatDuration(s.ms)} | ${escapeCell(s.detail ?? '')} |`)
      }
      out.push('')
    }
    for (const section of this.sections) out.push(`### ${section.title}`, '', section.markdown, '')
    return out.join('\n')
  }
}

export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
}

export function markdownTable(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`)
  ].join('\n')
}
