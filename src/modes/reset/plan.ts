import { templateToBody, type Template } from '../../cloudformation/template.js'
import { markdownTable } from '../../report.js'
import { formatLiteralReferences, findLiteralReferences, type LiteralReference } from './literal-references.js'
import { nameProperties, type NameProperty } from './name-properties.js'
import { staleStageWarnings } from './rest-api-stages.js'
import { formatName, stripNames, type StrippedName } from './strip-names.js'

/** The largest template body CloudFormation accepts inline. */

export interface ResetPlan {
  stripped: StrippedName[]
  /** The body of the generated-names phase. */
  strippedBody: string
  literalReferences: LiteralReference[]
  /** Things the user should know before phase one runs, one line each. */
  warnings: string[]
}

/** Everything the generated-names phase deploys and what to watch for, computed before any AWS call. */
export function planReset(template: Template, extra: readonly NameProperty[]): ResetPlan {
  const { template: strippedTemplate, stripped } = stripNames(template, nameProperties(extra))
  const literalReferences = findLiteralReferences(template, stripped)
  const warnings = [...formatLiteralReferences(literalReferences), ...staleStageWarnings(template, stripped)]
  if (stripped.length === 0) {
    warnings.push('The template sets none of the name properties in the table: both phases deploy the same template.')
  }
  for (const s of stripped) {
    if (template.Resources[s.logicalId].UpdateReplacePolicy === 'Retain') {
      warnings.push(
        `${s.logicalId} has UpdateReplacePolicy Retain: the generated-names phase keeps the old ${s.type} named ${formatName(s.value)} ` +
          'outside the stack, so the friendly-names phase cannot create that name again until you delete or rename the kept one.'
      )
    }
  }
  return {
    stripped,
    strippedBody: templateToBody(strippedTemplate, template, 'The template without its names', 'Shorten the template (for example move inline code to S3) so its JSON form fits.'),
    literalReferences,
    warnings
  }
}

/** The stripped names as a table for the job summary. */
export function strippedMarkdown(plan: ResetPlan): string {
  if (plan.stripped.length === 0) return '_No name properties to strip._'
  return markdownTable(
    ['resource', 'type', 'property', 'friendly name'],
    plan.stripped.map((s) => [s.logicalId, s.type, s.property, formatName(s.value)])
  )
}
