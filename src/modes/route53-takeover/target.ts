import type { Context } from '../../context.js'
import { deployStack, type DeployResult } from '../../cloudformation/deploy.js'
import { templateToBody } from '../../cloudformation/template.js'
import { DeployError } from '../../errors.js'
import type { ResourceRecordSet } from '../../aws/route53.js'
import { getAttsIn } from '../../cloudformation/references.js'
import { physicalIds, attributeOutputs, attributesFromOutputs, resourceExists, tryResolveRecord, withAttributeOutputs } from './resolve-record.js'
import { stackResources } from '../../cloudformation/stack-resources.js'
import { formatRecord } from './record.js'
import { deployRequest, scopeFor, type Session } from './session.js'

/**
 * Jets' first step: the stack gets everything the record points at, with the record still off. When the
 * record uses Fn::GetAtt values no output gives, outputs for them are added, so CloudFormation computes them.
 */
export async function deployRecordDisabled(ctx: Context, s: Session): Promise<DeployResult> {
  const outputs = attributeOutputs(s.record, await scopeFor(s, false))
  let body = s.templateBody
  if (Object.keys(outputs).length > 0) {
    try {
      body = templateToBody(withAttributeOutputs(s.template, outputs), s.template)
      ctx.log.info(`Adding output(s) ${Object.keys(outputs).join(', ')} so the stack reports the Fn::GetAtt values the record uses.`)
    } catch (err) {
      if (!(err instanceof DeployError)) throw err
      ctx.log.warning(`The template with the extra outputs would pass the 1 MB CloudFormation accepts: the record's Fn::GetAtt values stay unknown until it is created. (${err.message})`)
    }
  }
  return deployStack(ctx, deployRequest(s, false, { templateBody: body }))
}

export type Target = { record: ResourceRecordSet } | { reason: string }

/** The record's final values from parameters, the stack's resources (Ref) and its outputs (Fn::GetAtt). */
export async function resolveTarget(ctx: Context, s: Session, stackOutputs: Record<string, string>): Promise<Target> {
  const resources = await stackResources(ctx.clients.cloudformation, s.stackName)
  const scope = await scopeFor(s, true, { resources: physicalIds(resources), attributes: attributesFromOutputs(s.template, stackOutputs) })
  const target = tryResolveRecord(scope, s.record)
  if ('record' in target) ctx.log.info(`The stack will create: ${formatRecord(target.record)}`)
  else ctx.log.info(`The record's values are known only once CloudFormation creates it: ${target.reason}`)
  return target
}

/**
 * For a dry run: whether the values will be known once the record-off deploy has run, with stand-ins
 * for the physical ids and attributes of every resource that deploy has.
 */
export async function predictTarget(s: Session): Promise<Target> {
  const off = await scopeFor(s, false)
  const resources: Record<string, string> = {}
  for (const id of Object.keys(s.template.Resources)) if (resourceExists(off, id)) resources[id] = `<${id}>`
  const attributes: Record<string, string> = {}
  for (const att of getAttsIn(s.record.properties)) if (resources[att.split('.')[0]]) attributes[att] = `<${att}>`
  return tryResolveRecord(await scopeFor(s, true, { resources, attributes }), s.record)
}
