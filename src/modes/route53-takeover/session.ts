import type { Parameter, StackResource } from '@aws-sdk/client-cloudformation'
import type { Context } from '../../context.js'
import type { DeployRequest } from '../../cloudformation/deploy.js'
import { EventStream } from '../../cloudformation/events.js'
import { describeStack, isInProgress } from '../../cloudformation/stacks.js'
import type { Template } from '../../cloudformation/template.js'
import { waitForStack } from '../../cloudformation/wait.js'
import { findHostedZone, listRecordSets, type HostedZone, type RecordKey, type ResourceRecordSet } from '../../aws/route53.js'
import { InputError } from '../../errors.js'
import { inZone } from './inputs.js'
import type { InputsOf } from '../types.js'
import { BackupFile, defaultBackupFile, type TakeoverState } from './backup.js'
import type { Scope } from '../../cloudformation/intrinsics.js'
import { stackResources } from '../../cloudformation/stack-resources.js'
import { ownsResource } from './ownership.js'
import { pseudoParameters } from './resolve-record.js'
import { findTemplateRecord, type TemplateRecord } from './template-record.js'
import { currentParameterValues, parameterValues } from '../../cloudformation/parameters.js'

/** Everything one takeover or release works with, found before anything changes. */
export interface Session {
  ctx: Context
  inputs: InputsOf<'route53-takeover'>
  stackName: string
  template: Template
  templateBody: string
  zone: HostedZone
  key: RecordKey
  record: TemplateRecord
  file: BackupFile
  region: string
  /** Set once the backup is taken; written to the file at every stage. */
  state?: TakeoverState
}

export function withEnable(s: Session, on: boolean): Parameter[] {
  const { key, on: onValue, off } = s.inputs.route53.enableParameter
  const rest = s.inputs.parameters.filter((p) => p.ParameterKey !== key)
  return [...rest, { ParameterKey: key, ParameterValue: on ? onValue : off }]
}

/** The stack update that turns the record on (or off), with the user's template unless another body is given. */
export function deployRequest(s: Session, on: boolean, extra: Partial<DeployRequest> = {}): DeployRequest {
  return {
    stackName: s.stackName,
    templateBody: s.templateBody,
    parameters: withEnable(s, on),
    capabilities: s.inputs.capabilities,
    tags: s.inputs.tags,
    ...extra
  }
}

/** A scope for evaluating the template with the record on or off, before (or after) the stack exists. */
export async function scopeFor(s: Session, on: boolean, stackParts: Pick<Scope, 'resources' | 'attributes'> = {}): Promise<Scope> {
  const stack = await describeStack(s.ctx.clients.cloudformation, s.stackName)
  const previous = currentParameterValues(stack)
  const { key, on: onValue, off } = s.inputs.route53.enableParameter
  return {
    template: s.template,
    parameters: parameterValues(s.template, s.inputs.parameters, { [key]: on ? onValue : off }, previous),
    pseudo: pseudoParameters(stack, s.region, s.stackName),
    ...stackParts
  }
}

export async function openSession(ctx: Context, inputs: InputsOf<'route53-takeover'>): Promise<Session> {
  const r = inputs.route53
  const zone = await findHostedZone(ctx.clients.route53, { id: r.hostedZoneId, name: r.hostedZoneName })
  if (!inZone(r.recordName, zone.name)) {
    throw new InputError('record-name', `${r.recordName} is not in hosted zone ${zone.id} (${zone.name}); accepted: the zone's name or a name ending in .${zone.name.replace(/\.$/, '')}`)
  }
  const key: RecordKey = { name: r.recordName, type: r.recordType, setIdentifier: r.setIdentifier }
  const region = inputs.region
  const partial = {
    ctx,
    inputs,
    stackName: inputs.stackName,
    template: inputs.template.template,
    templateBody: inputs.template.body,
    zone,
    key,
    region,
    file: new BackupFile(r.backupFile ?? defaultBackupFile(zone, key))
  }
  const scopes = {
    on: await scopeFor(partial as Session, true),
    off: await scopeFor(partial as Session, false)
  }
  const record = findTemplateRecord(partial.template, key, zone, scopes, r.enableParameter)
  ctx.log.info(
    `Zone ${zone.name} (${zone.id}); the template's record is ${record.logicalId}${record.index !== undefined ? ` (entry ${record.index} of the group)` : ''}; backup file ${partial.file.path}`
  )
  return { ...partial, record }
}

/** What is there now: the zone's records of this key, whether the stack holds the record, what an earlier run left. */
export interface Found {
  records: ResourceRecordSet[]
  owned?: StackResource
  resources: StackResource[]
  previous?: TakeoverState
}

/** Waits for a stack operation an interrupted run left going, then reads the zone, the stack and the backup file. */
export async function inspect(s: Session): Promise<Found> {
  const stack = await describeStack(s.ctx.clients.cloudformation, s.stackName)
  if (stack && isInProgress(stack.StackStatus)) {
    s.ctx.log.info(`Stack ${s.stackName} is ${stack.StackStatus}: waiting for it before looking at the record.`)
    await waitForStack(s.ctx, stack.StackId!, new EventStream(s.ctx, stack.StackId!, await EventStream.baseline(s.ctx, stack.StackId!)))
  }
  const resources = await stackResources(s.ctx.clients.cloudformation, s.stackName)
  const previous = s.file.read({ stackName: s.stackName, zone: s.zone, key: s.key })
  return {
    records: await listRecordSets(s.ctx.clients.route53, s.zone.id, s.key),
    owned: ownsResource(resources, s.record.logicalId),
    resources,
    previous: previous?.stage === 'done' ? undefined : previous
  }
}

/** Writes the state (stage and what is needed to undo it) before the change it describes. */
export function saveState(s: Session, patch: Partial<TakeoverState>): void {
  if (!s.state) return
  s.state = { ...s.state, ...patch, savedAt: new Date(s.ctx.clock.now()).toISOString() }
  if (!s.ctx.dryRun) s.file.write(s.state)
}
