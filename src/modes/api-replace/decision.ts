import type { ApiReplaceInputs } from './inputs.js'
import { DeployError } from '../../errors.js'
import type { ConflictReport } from './conflicts.js'
import type { RouteDiff } from './route-tree.js'

export type DecisionKind = 'new-api' | 'always' | 'conflicts' | 'logical-id-changed' | 'compatible'

export interface Decision {
  replace: boolean
  kind: DecisionKind
  reason: string
}

export interface DecisionInput {
  mode: ApiReplaceInputs['replace']
  hasPrevious: boolean
  /** The template names the API with a logical id the stack does not have (CloudFormation replaces it anyway). */
  renamedBy?: { from: string; to: string }
  report?: ConflictReport
  diff?: RouteDiff
  openApi?: boolean
}

function summarize(diff: RouteDiff | undefined): string {
  if (!diff) return 'no route changes'
  const parts = [
    diff.added.length ? `${diff.added.length} route(s) added` : '',
    diff.removed.length ? `${diff.removed.length} removed` : '',
    diff.methodsAdded.length ? `${diff.methodsAdded.length} method(s) added` : '',
    diff.methodsRemoved.length ? `${diff.methodsRemoved.length} method(s) removed` : ''
  ].filter(Boolean)
  return parts.length ? parts.join(', ') : 'no route changes'
}

/** replace auto/always/never against what the comparison found. `never` with a conflict throws. */
export function decide(input: DecisionInput): Decision {
  const conflicts = input.report?.conflicts ?? []
  if (!input.hasPrevious) return { replace: false, kind: 'new-api', reason: 'no deployed REST API yet: the stack creates it' }
  if (input.renamedBy) {
    const reason = `the template names the REST API ${input.renamedBy.to} but the stack has ${input.renamedBy.from}: CloudFormation would replace it`
    if (input.mode === 'never') {
      throw new DeployError(
        `replace is never, but ${reason}`,
        undefined,
        `Rename the RestApi back to ${input.renamedBy.from}, or run with replace: auto so the custom domain moves before the old API is deleted.`
      )
    }
    return { replace: true, kind: 'logical-id-changed', reason }
  }
  if (input.mode === 'always') {
    return { replace: true, kind: 'always', reason: `replace is always (${conflicts.length ? `${conflicts.length} route conflict(s) too` : summarize(input.diff)})` }
  }
  if (conflicts.length > 0) {
    const routes = conflicts.map((c) => `${c.existing} → ${c.route}`).join('; ')
    if (input.mode === 'never') {
      throw new DeployError(
        `replace is never, but an in-place update of the REST API would fail on ${conflicts.length} route conflict(s): ${routes}`,
        conflicts.map((c) => c.message).join('\n'),
        'Nothing was deployed. Run with replace: auto (or always) to create a new REST API, or change the routes in two deploys (remove the old route first, then add the new one).'
      )
    }
    return { replace: true, kind: 'conflicts', reason: `route changes an in-place update cannot apply: ${routes}` }
  }
  const how = input.openApi ? ' (routes come from an OpenAPI body, which API Gateway imports over the old definition)' : ''
  return { replace: false, kind: 'compatible', reason: `compatible route changes, updated in place: ${summarize(input.diff)}${how}` }
}
