import type { Context } from '../../context.js'
import { markdownTable } from '../../report.js'
import { mdFence, mdInline } from '../../untrusted.js'
import type { ConflictReport } from './conflicts.js'
import type { Decision } from './decision.js'
import type { RouteDiff } from './route-tree.js'

/** Logs the route comparison and the decision with the routes that caused it; returns it for the summary. */
export function logDecision(ctx: Context, diff: RouteDiff | undefined, report: ConflictReport | undefined, decision: Decision): string {
  const lines: string[] = []
  if (diff) {
    for (const p of diff.added) lines.push(`+ ${p}`)
    for (const p of diff.removed) lines.push(`- ${p}`)
    for (const m of diff.methodsAdded) lines.push(`+ ${m}`)
    for (const m of diff.methodsRemoved) lines.push(`- ${m}`)
  }
  if (lines.length) {
    ctx.log.info('Route changes (deployed → template):')
    for (const l of lines) ctx.log.info(`  ${l}`)
  } else if (diff) ctx.log.info('Route changes: none.')
  if (report)
    ctx.log.info(
      `Resources matched by ${report.matchedBy === 'logical-ids' ? 'logical id (deployed template)' : 'path (deployed template unreadable)'}; created by the update: ${report.created.join(', ') || 'none'}.`
    )
  for (const c of report?.conflicts ?? []) ctx.log.info(`✘ conflict (${c.kind}): ${c.message}`)
  ctx.log.info(`Decision: ${decision.replace ? 'REPLACE the REST API' : 'keep the REST API'} — ${decision.reason}`)
  // Route paths and names come from the template: inert in the summary (untrusted.ts).
  const md = [`**${decision.replace ? 'Replace' : 'Keep'}** — ${mdInline(decision.reason)}`]
  if (lines.length) md.push('', ...mdFence('diff', lines))
  if (report?.conflicts.length) {
    md.push(
      '',
      markdownTable(
        ['conflict', 'deployed', 'template', 'resource'],
        report.conflicts.map((c) => [c.kind, c.existing, c.route, c.logicalId])
      )
    )
  }
  return md.join('\n')
}
