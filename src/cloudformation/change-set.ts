import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  ListChangeSetsCommand,
  type Capability,
  type Change,
  type ChangeSetType,
  type Parameter,
  type Tag
} from '@aws-sdk/client-cloudformation'
import { randomUUID } from 'node:crypto'
import type { Context } from '../context.js'
import { DeployError, isThrottling, TimeoutError } from '../errors.js'
import { markdownTable } from '../report.js'
import { rollbackConfiguration } from './rollback-triggers.js'
import { fitsInline, templateSource, type TemplateSource } from './template-source.js'

export interface ChangeSetRequest {
  stackName: string
  type: ChangeSetType
  templateBody: string
  parameters: Parameter[]
  capabilities: Capability[]
  tags: Tag[]
}

export interface ChangeSetResult {
  id: string
  stackId: string
  status: string
  reason?: string
  changes: Change[]
  empty: boolean
}

/** A unique token for one stack operation: the SDK's retries of the same call reuse it, so none runs twice. */
export function requestToken(kind: string): string {
  return `bluegreen-${kind}-${randomUUID()}`.slice(0, 128)
}

const NO_CHANGES = /didn't contain changes|No updates are to be performed/i

export async function createChangeSet(ctx: Context, req: ChangeSetRequest): Promise<ChangeSetResult> {
  const name = `bluegreen-${new Date(ctx.clock.now())
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14)}-${randomUUID().slice(0, 8)}`
  const rollback = await rollbackConfiguration(ctx)
  const template: TemplateSource = fitsInline(req.templateBody) ? { TemplateBody: req.templateBody } : await templateSource(ctx, req.stackName, req.templateBody)
  const created = await ctx.clients.cloudformation.send(
    new CreateChangeSetCommand({
      StackName: req.stackName,
      ChangeSetName: name,
      ChangeSetType: req.type,
      TemplateBody: template.TemplateBody,
      TemplateURL: template.TemplateURL,
      Parameters: req.parameters,
      Capabilities: req.capabilities,
      Tags: req.tags,
      RollbackConfiguration: rollback,
      ClientToken: requestToken('cs'),
      Description: 'Created by bluegreen-action'
    })
  )
  return waitForChangeSet(ctx, created.Id!, created.StackId!)
}

/** CloudFormation could not compute the change set: the template or parameters are wrong, and nothing ran. */
export class ChangeSetFailed extends DeployError {
  constructor(
    readonly changeSetId: string,
    readonly stackId: string,
    stackName: string,
    readonly reason: string | undefined
  ) {
    super(
      `The change set for ${stackName} could not be created; nothing was changed`,
      reason,
      /Unrecognized resource types?/i.test(reason ?? '')
        ? 'Check the spelling of the resource types named above against the CloudFormation resource type reference (cfn-lint reports them before a deploy), then re-run.'
        : 'Fix the template or the parameters as the reason says, then re-run.'
    )
  }
}

async function waitForChangeSet(ctx: Context, id: string, stackId: string): Promise<ChangeSetResult> {
  // Change sets are computed in seconds: poll faster than stack operations.
  const interval = Math.max(100, Math.floor(ctx.pollMs / 2))
  for (;;) {
    try {
      const first = await ctx.clients.cloudformation.send(new DescribeChangeSetCommand({ ChangeSetName: id }))
      const status = first.Status ?? 'UNKNOWN'
      if (status === 'CREATE_COMPLETE' || status === 'FAILED') {
        const changes = [...(first.Changes ?? [])]
        let next = first.NextToken
        while (next) {
          const page = await ctx.clients.cloudformation.send(new DescribeChangeSetCommand({ ChangeSetName: id, NextToken: next }))
          changes.push(...(page.Changes ?? []))
          next = page.NextToken
        }
        const empty = status === 'FAILED' && NO_CHANGES.test(first.StatusReason ?? '')
        if (status === 'FAILED' && !empty) throw new ChangeSetFailed(id, first.StackId ?? stackId, first.StackName ?? '', first.StatusReason)
        return { id, stackId: first.StackId ?? stackId, status, reason: first.StatusReason, changes: empty ? [] : changes, empty }
      }
    } catch (err) {
      if (!isThrottling(err)) throw err
    }
    if (ctx.clock.now() + interval > ctx.deadline) {
      throw new TimeoutError(
        `Timed out (timeout-minutes) waiting for CloudFormation to compute change set ${id}; nothing was executed`,
        undefined,
        'Re-run the action (the change set is replaced), or raise timeout-minutes.'
      )
    }
    await ctx.clock.sleep(interval)
  }
}

export async function deleteChangeSet(ctx: Context, id: string): Promise<void> {
  await ctx.clients.cloudformation.send(new DeleteChangeSetCommand({ ChangeSetName: id }))
}

/** Deletes the change sets a stopped run left on a stack (REVIEW_IN_PROGRESS or pending review). */
export async function deleteStaleChangeSets(ctx: Context, stackName: string): Promise<string[]> {
  const deleted: string[] = []
  let next: string | undefined
  do {
    const out = await ctx.clients.cloudformation.send(new ListChangeSetsCommand({ StackName: stackName, NextToken: next }))
    for (const cs of out.Summaries ?? []) {
      if (cs.ChangeSetId && cs.ExecutionStatus !== 'EXECUTE_IN_PROGRESS') {
        await deleteChangeSet(ctx, cs.ChangeSetId)
        deleted.push(cs.ChangeSetName ?? cs.ChangeSetId)
      }
    }
    next = out.NextToken
  } while (next)
  return deleted
}

export interface ChangeRow {
  action: string
  logicalId: string
  type: string
  replacement: string
  physicalId?: string
}

export function changeRows(changes: Change[]): ChangeRow[] {
  return changes
    .filter((c) => c.ResourceChange)
    .map((c) => {
      const r = c.ResourceChange!
      return {
        action: r.Action ?? '?',
        logicalId: r.LogicalResourceId ?? '?',
        type: r.ResourceType ?? '?',
        replacement: r.Action === 'Modify' ? (r.Replacement ?? 'False') : '-',
        physicalId: r.PhysicalResourceId
      }
    })
}

/** Logs the change set as aligned lines and returns it as a markdown table for the summary. */
export function showChangeSet(ctx: Context, result: ChangeSetResult): string {
  if (result.empty) {
    ctx.log.info('No changes: the stack already matches the template and parameters.')
    return '_No changes._'
  }
  const rows = changeRows(result.changes)
  const width = (f: (r: ChangeRow) => string, min: number) => Math.max(min, ...rows.map((r) => f(r).length))
  const [wa, wl, wt] = [width((r) => r.action, 6), width((r) => r.logicalId, 8), width((r) => r.type, 4)]
  ctx.log.info(`${'action'.padEnd(wa)}  ${'resource'.padEnd(wl)}  ${'type'.padEnd(wt)}  replacement`)
  for (const r of rows) {
    ctx.log.info(`${r.action.padEnd(wa)}  ${r.logicalId.padEnd(wl)}  ${r.type.padEnd(wt)}  ${r.replacement}`)
  }
  ctx.log.info(`${rows.length} change(s) in ${result.id}`)
  return markdownTable(
    ['action', 'resource', 'type', 'replacement'],
    rows.map((r) => [r.action, r.logicalId, r.type, r.replacement])
  )
}
