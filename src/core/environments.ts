import { DescribeStacksCommand, type Stack, type Tag } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { DeployError } from '../errors.js'
import { stackOutputs, stackTag } from '../cloudformation/stacks.js'
import type { LiveHint, Router } from './router.js'

export const TAG_STACK = 'bluegreen:stack'
export const TAG_EXTRA = 'bluegreen:extra'
export const TAG_CREATED_AT = 'bluegreen:created-at'

export function environmentStackName(baseName: string, extra: string): string {
  return `${baseName}-${extra}`
}

/** The tags the action puts on every environment it creates; the sweep finds previews by them. */
export function environmentTags(baseName: string, extra: string, createdAt: string): Tag[] {
  return [
    { Key: TAG_STACK, Value: baseName },
    { Key: TAG_EXTRA, Value: extra },
    { Key: TAG_CREATED_AT, Value: createdAt }
  ]
}

/**
 * Which of three kinds a stack is for stack-name, by exact name and tag, never by prefix alone:
 * - ours: `<stack-name>` or `<stack-name>-<extra>` tagged bluegreen:stack=<stack-name> (updated, promoted, destroyed, swept);
 * - untagged: `<stack-name>` or `<stack-name>-*` without the tag; live behind the domain it is the app as it ran before
 *   adopting the action: a promotion may move traffic off it and then keeps it; it is never updated, swept or deleted;
 * - another app's: tagged for another stack-name, or tagged for this one under a name the action never gives.
 */
export type Ownership = 'ours' | 'untagged' | 'another app'

export function ownershipOf(stack: Pick<Stack, 'StackName' | 'Tags'>, baseName: string): Ownership {
  const name = stack.StackName ?? ''
  const named = name === baseName || name.startsWith(`${baseName}-`)
  const tag = stackTag(stack as Stack, TAG_STACK)
  if (tag === undefined) return named ? 'untagged' : 'another app'
  return tag === baseName && named ? 'ours' : 'another app'
}

/** Says whose a stack is, for error messages. */
export function describeOwnership(stack: Pick<Stack, 'StackName' | 'Tags'>, baseName: string): string {
  const tag = stackTag(stack as Stack, TAG_STACK)
  const kind = ownershipOf(stack, baseName)
  if (kind === 'ours') return `an environment of ${baseName}`
  if (kind === 'untagged') return `not tagged ${TAG_STACK}=${baseName} (made before the action, or by hand)`
  return tag ? `another app's stack (tagged ${TAG_STACK}=${tag})` : `not a stack of ${baseName}`
}

/** An environment stack as DescribeStacks lists it. */
export interface EnvironmentStack {
  stackName: string
  stackId: string
  status: string
  /** The bluegreen:created-at tag, else the stack's CreationTime (epoch ms). */
  createdAt: number
  extra?: string
  /** Carries the action's bluegreen:stack tag for this base name. */
  tagged: boolean
  ownership: Ownership
  /** Its outputs by key, from the same listing (untrusted: a pull request's template produces them). */
  outputs: Record<string, string>
}

export function createdAtOf(stack: Stack): number {
  const tag = Date.parse(stackTag(stack, TAG_CREATED_AT) ?? '')
  if (Number.isFinite(tag)) return tag
  return stack.CreationTime ? new Date(stack.CreationTime).getTime() : 0
}

function toEnvironment(stack: Stack, baseName: string): EnvironmentStack {
  return {
    stackName: stack.StackName!,
    stackId: stack.StackId!,
    status: stack.StackStatus ?? 'UNKNOWN',
    createdAt: createdAtOf(stack),
    extra: stackTag(stack, TAG_EXTRA),
    tagged: stackTag(stack, TAG_STACK) === baseName,
    ownership: ownershipOf(stack, baseName),
    outputs: stackOutputs(stack)
  }
}

/**
 * Every stack that may be an environment of baseName, read with one listing: the base stack, stacks tagged for it,
 * and `<baseName>-*` stacks (made before the action, or another app's that shares the prefix). Only their
 * `ownership` says what the action may do with them; the prefix only narrows where an owner is looked for.
 */
export async function listEnvironments(ctx: Context, baseName: string): Promise<EnvironmentStack[]> {
  const found: EnvironmentStack[] = []
  let next: string | undefined
  do {
    const page = await ctx.clients.cloudformation.send(new DescribeStacksCommand({ NextToken: next }))
    for (const stack of page.Stacks ?? []) {
      if (stack.StackStatus === 'DELETE_COMPLETE') continue
      const name = stack.StackName ?? ''
      if (name === baseName || name.startsWith(`${baseName}-`) || stackTag(stack, TAG_STACK) === baseName) {
        found.push(toEnvironment(stack, baseName))
      }
    }
    next = page.NextToken
  } while (next)
  return found
}

/** A deployed environment: its stack, what it offers the front door, and the URL smoke checks call. */
export interface Environment {
  stackName: string
  stackId: string
  status: string
  createdAt: number
  /** What the front door is switched to for this environment (the router's Target). */
  target: unknown
  /** The target's id (Router.ownerKey): an API id, an origin's domain, a target group ARN. */
  targetId: string
  /** A word after the id in the preview comment: "REST", "HTTP". */
  note?: string
  /** Its own URL (endpoint-output, else what the router knows); '' when neither says. */
  endpoint: string
  outputs: Record<string, string>
}

export interface ResolveOptions<Reading> {
  endpointOutput?: string
  /** What is live: a router may keep green's target like blue's (API Gateway: the same logical id and stage). */
  live: LiveHint<Reading>
}

/** Reads what the front door needs from an environment stack; fails with what to fix when it cannot be used. */
export async function resolveEnvironment<T, R extends T>(router: Router<T, R>, stack: Stack, opts: ResolveOptions<R>): Promise<Environment> {
  const stackName = stack.StackName!
  const outputs = stackOutputs(stack)
  const offer = await router.offer({ stackName, stackId: stack.StackId!, stack, outputs }, opts.live)
  return {
    stackName,
    stackId: stack.StackId!,
    status: stack.StackStatus ?? 'UNKNOWN',
    createdAt: createdAtOf(stack),
    target: offer.target,
    targetId: router.ownerKey(offer.target),
    note: offer.note,
    endpoint: opts.endpointOutput ? outputValue(outputs, stackName, opts.endpointOutput) : ((await offer.endpoint?.()) ?? ''),
    outputs
  }
}

function outputValue(outputs: Record<string, string>, stackName: string, key: string): string {
  const value = outputs[key]
  if (!value) throw new DeployError(`Stack ${stackName} has no output ${key} (endpoint-output); its outputs are: ${Object.keys(outputs).join(', ') || 'none'}`)
  return value
}

/** Stacks that answer as healthy environments (a stack whose create never finished is not one). */
export function isUsable(status: string): boolean {
  return /_COMPLETE$/.test(status) && !['DELETE_COMPLETE', 'ROLLBACK_COMPLETE', 'REVIEW_IN_PROGRESS'].includes(status)
}
