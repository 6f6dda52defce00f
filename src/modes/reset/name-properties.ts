import { SCHEMA_NAME_PROPERTIES, STATEFUL_TYPES } from './generated-tables.js'

/** A top-level property that gives a resource an explicit physical name. */
export interface NameProperty {
  type: string
  property: string
}

/**
 * SAM resources are not in the provider schemas: the transform passes these names on to the Lambda function
 * and the state machine it creates, where they are create-only names like any other.
 */
const SAM_NAME_PROPERTIES: readonly NameProperty[] = [
  { type: 'AWS::Serverless::Function', property: 'FunctionName' },
  { type: 'AWS::Serverless::StateMachine', property: 'Name' }
]

/**
 * Data-holding types whose names are stripped all the same, because they so often block replacements; the
 * stateful-resource guard still refuses to replace them unless allow-replace names them.
 */
const STRIPPED_DESPITE_DATA = ['AWS::Logs::LogGroup', 'AWS::SQS::Queue']

/**
 * The names removed by default in the generated-names phase: every optional, create-only name the resource
 * provider schemas list (see scripts/generate-reset-tables.py for the rule), except those of types that hold
 * data a replacement would lose (the same table as the guard's; see docs/reset.md), and the SAM names.
 */
export const DEFAULT_NAME_PROPERTIES: readonly NameProperty[] = [
  ...SCHEMA_NAME_PROPERTIES.filter(([type]) => !STATEFUL_TYPES[type] || STRIPPED_DESPITE_DATA.includes(type)).map(([type, property]) => ({ type, property })),
  ...SAM_NAME_PROPERTIES
]

/** The default table with the reset-properties input added; a pair given twice counts once. */
export function nameProperties(extra: readonly NameProperty[] = []): NameProperty[] {
  const out: NameProperty[] = []
  for (const p of [...DEFAULT_NAME_PROPERTIES, ...extra]) {
    if (!out.some((q) => q.type === p.type && q.property === p.property)) out.push({ type: p.type, property: p.property })
  }
  return out
}
