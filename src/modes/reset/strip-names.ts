import type { Template } from '../../cloudformation/template.js'
import type { NameProperty } from './name-properties.js'

/** One explicit name taken out of the template, with the value it had. */
export interface StrippedName {
  logicalId: string
  type: string
  property: string
  value: unknown
}

export interface StripResult {
  /** A copy of the template without the name properties; the input is left as it was. */
  template: Template
  stripped: StrippedName[]
}

/**
 * Removes the listed name properties from the top level of each matching resource's Properties, so
 * CloudFormation generates the names. Nested properties and other types stay as they are: Ref and GetAtt
 * to a resource keep working because they resolve to whatever name it ends up with.
 */
export function stripNames(template: Template, table: readonly NameProperty[]): StripResult {
  const copy = structuredClone(template)
  const stripped: StrippedName[] = []
  for (const [logicalId, resource] of Object.entries(copy.Resources)) {
    const props = resource.Properties
    if (!props || typeof props !== 'object') continue
    for (const { type, property } of table) {
      if (resource.Type !== type || !Object.hasOwn(props, property)) continue
      stripped.push({ logicalId, type, property, value: props[property] })
      delete props[property]
    }
  }
  return { template: copy, stripped }
}

/** A name as written in the template, for messages: the literal, or the expression as compact JSON. */
export function formatName(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}
