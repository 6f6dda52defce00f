import type { Change } from '@aws-sdk/client-cloudformation'
import type { Template } from '../../cloudformation/template.js'
import { DeployError } from '../../errors.js'
import { STATEFUL_TYPES } from './generated-tables.js'

const KEEPS = ['Retain', 'RetainExceptOnCreate', 'Snapshot']
const POLICY_KEEPS = ['Retain', 'Snapshot', 'ReplaceAndRetain', 'ReplaceAndSnapshot']

/** A change that would delete a stateful resource's data, and whether allow-replace lets it through. */
export interface RiskyChange {
  logicalId: string
  type: string
  physicalId?: string
  /** What CloudFormation would do: remove, replace, replace (conditional), or decide at execution. */
  action: string
  why: string
  allowed: boolean
}

export interface GuardTemplates {
  /** The template being deployed: its UpdateReplacePolicy decides what a replacement does to the old resource. */
  next: Template
  /** The template the stack runs now: its DeletionPolicy decides what a removal does. Unknown for a new stack. */
  deployed?: Template
}

function kind(change: NonNullable<Change['ResourceChange']>): string | undefined {
  switch (change.Action) {
    case 'Remove':
      return 'remove'
    case 'Modify':
      if (change.Replacement === 'True') return 'replace'
      if (change.Replacement === 'Conditional') return 'replace (conditional)'
      return undefined
    case 'Dynamic':
      return 'decided at execution'
    default:
      return undefined
  }
}

/** The policy that applies, named as CloudFormation names it; undefined means Delete. */
function applicablePolicy(change: NonNullable<Change['ResourceChange']>, templates: GuardTemplates): { policy?: string; source: string } {
  if (change.PolicyAction) return { policy: change.PolicyAction, source: 'the change set (PolicyAction)' }
  const id = change.LogicalResourceId ?? ''
  if (change.Action === 'Remove') {
    return { policy: templates.deployed?.Resources[id]?.DeletionPolicy, source: 'DeletionPolicy' }
  }
  return { policy: templates.next.Resources[id]?.UpdateReplacePolicy, source: 'UpdateReplacePolicy' }
}

/**
 * The changes that would delete a stateful resource: a Remove, a replacing Modify (True or Conditional) or a
 * Dynamic change, unless the applicable policy keeps the old resource. CloudFormation's own PolicyAction
 * decides when the change set carries it; otherwise a removal follows the deployed template's DeletionPolicy
 * and a replacement the new template's UpdateReplacePolicy (DeletionPolicy does not apply to replacements).
 */
export function riskyChanges(changes: Change[], templates: GuardTemplates, allowReplace: readonly string[]): RiskyChange[] {
  const risky: RiskyChange[] = []
  for (const c of changes) {
    const r = c.ResourceChange
    if (!r?.ResourceType || !r.LogicalResourceId) continue
    const loses = STATEFUL_TYPES[r.ResourceType]?.loses
    const action = kind(r)
    if (!loses || !action) continue
    const { policy, source } = applicablePolicy(r, templates)
    if (policy && (r.PolicyAction ? POLICY_KEEPS : KEEPS).includes(policy)) continue
    const trigger = r.Action === 'Modify' ? changedBy(r) : ''
    risky.push({
      logicalId: r.LogicalResourceId,
      type: r.ResourceType,
      physicalId: r.PhysicalResourceId,
      action,
      why: `${action === 'remove' ? 'deleting' : 'replacing'} it loses ${loses}${trigger}; ${source} is ${policy ?? 'not set (Delete)'}`,
      allowed: allowReplace.includes(r.LogicalResourceId)
    })
  }
  return risky
}

/** Which properties force the replacement, from the change's Details. */
function changedBy(change: NonNullable<Change['ResourceChange']>): string {
  const names = (change.Details ?? [])
    .filter((d) => d.Target?.RequiresRecreation && d.Target.RequiresRecreation !== 'Never')
    .map((d) => d.Target?.Name ?? d.Target?.Attribute)
    .filter((n): n is string => !!n)
  return names.length > 0 ? ` (replaced because ${[...new Set(names)].join(', ')} changed)` : ''
}

/** One line per risky change, for the log and the error message. */
export function formatRisky(r: RiskyChange): string {
  return `${r.logicalId} (${r.type}${r.physicalId ? ` ${r.physicalId}` : ''}): would ${r.action === 'decided at execution' ? 'change in a way CloudFormation decides at execution, which can replace it' : r.action}; ${r.why}`
}

/** Throws, naming each resource and why, when a risky change is not allowed by allow-replace. */
export function refuseDataLoss(risky: RiskyChange[], phase: string): void {
  const refused = risky.filter((r) => !r.allowed)
  if (refused.length === 0) return
  throw new DeployError(
    `Refusing the ${phase} phase: it would delete data in ${refused.length} resource(s):\n${refused.map((r) => `- ${formatRisky(r)}`).join('\n')}`,
    undefined,
    'Nothing was changed and the change set was deleted. Keep the data (set UpdateReplacePolicy for a replacement, DeletionPolicy ' +
      'for a removal, to Retain or Snapshot; or change the template so the resource is neither replaced nor removed), or accept ' +
      `the loss by listing the logical id(s) in allow-replace: ${refused.map((r) => r.logicalId).join(', ')}`
  )
}
