import { createHash } from 'node:crypto'
import type { Stack, Tag } from '@aws-sdk/client-cloudformation'
import type { Context } from '../context.js'
import { createLockStack, deleteLockStack, readLockStack, waitLockGone } from '../cloudformation/lock-stack.js'
import { DeployError, errorMessage, TimeoutError } from '../errors.js'
import { describeHolder, heldLockOf, isEarlierAttemptOfSameRun, lockTags, runUrl, type HeldLock, type LockHolder, type LockIntent } from './lock-holder.js'
import { describeMapping } from './routers/api-gateway.js'

/** Rounds of create → someone else holds it → they let go; more means something keeps taking it. */
const MAX_ROUNDS = 6

/**
 * Time kept in hand before the lock expires: another run may break the lock once it has expired, so this
 * run starts no change after expiry minus the margin (a tenth of the ttl, between 1 s and 2 min), leaving
 * the change itself (one API call) and clock skew between runners time to finish before anyone else may.
 */
export function lockSafetyMarginMs(ttlMs: number): number {
  return Math.min(120_000, Math.max(1_000, ttlMs / 10))
}

/**
 * How many names the lock has. A released lock keeps its name taken until CloudFormation has deleted it
 * (CreateStack answers AlreadyExistsException until DELETE_COMPLETE), which no run waits for; with three, two
 * runs can release one after the other and a third still takes the lock at once.
 */
export const LOCK_NAME_COUNT = 3

/**
 * The lock's stack names: the first, then `-2` and `-3` that a run takes while the ones before are still
 * being deleted (DomainLock.take). The lock is held while any of them stands.
 */
export function lockStackNames(domainName: string, basePath: string): string[] {
  const name = lockStackName(domainName, basePath)
  return [name, ...Array.from({ length: LOCK_NAME_COUNT - 1 }, (_, i) => `${name}-${i + 2}`)]
}

/** A lock stack that holds its name for a holder: there, and neither being deleted nor deleted. */
function stands(stack: Stack | undefined): stack is Stack {
  return !!stack && !stack.StackStatus?.startsWith('DELETE_')
}

/**
 * The lock stack's name: readable (the domain and base path) and unique (a hash of both, since different
 * paths can slug to the same text). Stack names allow letters, digits and hyphens, 128 at most.
 */
export function lockStackName(domainName: string, basePath: string): string {
  const slug = `${domainName}-${basePath}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 90)
  const hash = createHash('sha256').update(`${domainName}/${basePath}`).digest('hex').slice(0, 10)
  return `bluegreen-lock-${slug}-${hash}`
}

export interface LockOptions {
  /** The front door's lock key (Router.lockKey): scope and path, the custom domain and base path for API Gateway. */
  domainName: string
  basePath: string
  /** The front door in words (Router.where); by default the domain and base path. */
  where?: string
  region: string
  phase: string
  holder: LockHolder
  /** How long the lock counts as held when its holder never releases it (timeout-minutes). */
  ttlMs: number
  /** The user's `tags` input: they go on the lock stack like on every stack the action creates. */
  tags?: Tag[]
}

/**
 * Mutual exclusion for one custom domain + base path across runs, workflows and repositories: a tiny
 * CloudFormation stack whose name is the lock (see lock-stack.ts). It is taken before the live stack is read
 * and released when the phase ends; a later attempt of the same workflow run takes over a lock its earlier
 * attempt left behind (and learns which promotion that attempt was making), and an expired lock is broken.
 */
export class DomainLock {
  /** The lock's first stack name (lockStackNames). */
  readonly name: string
  /** The name of the lock stack this run took (any of lockStackNames). */
  heldName?: string
  readonly where: string
  stackId?: string
  /** The promotion an earlier attempt of this run was making when it was interrupted. */
  takenOver?: HeldLock
  /** Epoch ms when the held lock expires (its bluegreen:lock-expires-at tag). */
  expiresAt?: number
  /** Epoch ms after which this run starts no change: the lock's expiry less the margin, or timeout-minutes if earlier. */
  changesUntil?: number

  constructor(
    private readonly ctx: Context,
    private readonly opts: LockOptions
  ) {
    this.name = lockStackName(opts.domainName, opts.basePath)
    this.where = opts.where ?? describeMapping(opts)
  }

  async acquire(intent: LockIntent): Promise<void> {
    const { ctx, opts } = this
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const now = ctx.clock.now()
      const description = `bluegreen-action lock on ${this.where}, held by ${describeHolder(opts.holder)} (phase ${opts.phase}). Deleting this stack releases the lock.`
      // bluegreen:lock-for is the lock key in words (`<scope>/<path>`), which the IAM lock statements match, not the log's wording
      const tags = lockTags(describeMapping(opts), opts.holder, opts.phase, now, now + opts.ttlMs, intent, opts.tags)
      const taken = await this.take(description, tags)
      if ('id' in taken) {
        this.stackId = taken.id
        this.heldName = taken.name
        this.expiresAt = now + opts.ttlMs
        this.changesUntil = Math.min(ctx.deadline, this.expiresAt - lockSafetyMarginMs(opts.ttlMs))
        // Every wait, smoke attempt and verification round of the locked phase ends by then (they read ctx.deadline).
        ctx.deadline = this.changesUntil
        ctx.log.info(
          `Locked ${this.where} with stack ${taken.name} (held by ${describeHolder(opts.holder)} until ${new Date(now + opts.ttlMs).toISOString()} at the latest); the lock's other names, read after this create so that two runs never both hold it, stand for nobody.`
        )
        return
      }
      const other = taken.other
      if (!other) continue // released between our create and read, or we backed off: look again
      // A REVIEW_IN_PROGRESS stack comes from a CREATE change set, which this action never uses for locks.
      const held = other.StackStatus === 'REVIEW_IN_PROGRESS' ? undefined : heldLockOf(other)
      if (!held) throw this.notALock(other)
      if (isEarlierAttemptOfSameRun(held.holder, opts.holder)) {
        ctx.log.warning(`Taking over the lock on ${this.where} left by ${describeHolder(held.holder)}: GitHub re-runs only finished runs, so that attempt is gone (interrupted).`)
        this.takenOver = held
        // The earlier attempt read the live stack before it changed anything: its view of blue stays right.
        if (held.intent.to && held.intent.to === intent.to && held.intent.from) intent = { ...intent, from: held.intent.from }
        await this.breakLock(other, 'the earlier attempt’s lock')
        continue
      }
      if (held.expiresAt <= now) {
        ctx.log.warning(
          `Breaking the expired lock on ${this.where} held by ${describeHolder(held.holder)} since ${iso(held.takenAt)} (expired ${iso(held.expiresAt)}): that run has passed its timeout-minutes.`
        )
        await this.breakLock(other, 'the expired lock')
        continue
      }
      throw this.heldError(held)
    }
    throw new DeployError(
      `Could not lock ${this.where}: the lock stack ${this.name} was taken again each of ${MAX_ROUNDS} times it was freed`,
      'Several runs are competing for the same domain.',
      'Serialize the workflows that promote this domain (a GitHub `concurrency:` group) and re-run.'
    )
  }

  /**
   * One try at the lock. The lock has several names (lockStackNames): a released lock keeps its name taken
   * until CloudFormation has deleted it, which the next run need not wait for, so a run takes the first name
   * that is not being deleted. The lock is held while any of its stacks stands (not DELETE_*). A run that
   * created one reads the others afterwards (never before or beside its create) and backs off when one
   * stands: two runs that each hold one would each have read the other's before it was created, which cannot
   * both be true. Only when every name is being deleted does it wait, for the first of them to be gone: a name
   * can be used again only after DELETE_COMPLETE. Answers the stack taken, or the lock stack that holds the
   * name (undefined: look again).
   */
  private async take(description: string, tags: Tag[]): Promise<{ id: string; name: string } | { other?: Stack }> {
    const { ctx } = this
    const names = lockStackNames(this.opts.domainName, this.opts.basePath)
    const released: Stack[] = []
    for (const [i, name] of names.entries()) {
      const id = await createLockStack(ctx, name, description, tags)
      if (id) {
        const others = names.filter((n) => n !== name)
        const rival = (await Promise.all(others.map((n) => readLockStack(ctx, n)))).find(stands)
        if (!rival) return { id, name }
        ctx.log.info(`The lock's other stack ${rival.StackName} was taken meanwhile (${rival.StackStatus}): giving up ${name} and looking again.`)
        await deleteLockStack(ctx, id)
        return {}
      }
      const holder = await readLockStack(ctx, name)
      if (!holder || holder.StackStatus === 'DELETE_COMPLETE') return {}
      if (holder.StackStatus !== 'DELETE_IN_PROGRESS') return { other: holder }
      released.push(holder)
      if (i < names.length - 1) {
        ctx.log.info(`The lock ${name} is being released (DELETE_IN_PROGRESS, its name taken until it is gone): taking the lock under its other name ${names[i + 1]}.`)
      }
    }
    ctx.log.info(
      `All ${names.length} lock stacks (${names.join(', ')}) are being released (DELETE_IN_PROGRESS): nobody holds the lock, but CloudFormation reuses a name only once its delete is complete; waiting for the first of them to be gone.`
    )
    await this.waitGone(released, 'a released lock')
    return {}
  }

  /** Whether this run may still start a change: it holds the lock and is before its expiry less the margin. */
  mayChange(): boolean {
    return !!this.stackId && this.changesUntil !== undefined && this.ctx.clock.now() < this.changesUntil
  }

  /** Fails when the run is past its time under the lock; the cheap check before each of many deletes. */
  assertTime(before: string): void {
    if (this.stackId && !this.mayChange()) throw this.outlived(before)
  }

  /**
   * Fails unless this run still holds the lock and has time to use it: called before every change to the
   * domain or a stack (switch, switch back, delete). Time is checked first: an expired lock may already be
   * someone else's even while its stack still stands.
   */
  async assertHeld(before: string): Promise<void> {
    if (!this.stackId) return
    if (!this.mayChange()) throw this.outlived(before)
    const stack = await readLockStack(this.ctx, this.stackId)
    if (stack && !stack.StackStatus?.startsWith('DELETE')) return
    throw new DeployError(
      `This run lost its lock on ${this.where} before ${before}`,
      `The lock stack ${this.name} was deleted (${stack?.StackStatus ?? 'gone'}) by someone else: broken as expired, or by a person.`,
      'This run stopped before changing anything more. Check where the domain maps now, then re-run.'
    )
  }

  /**
   * Deletes the lock (by id) and does not wait for the delete: the name stays taken while CloudFormation
   * deletes the stack; the next acquire sees it DELETE_IN_PROGRESS and takes the lock's next name (it waits
   * only when all of them are being deleted). Never throws.
   */
  async release(): Promise<void> {
    const { ctx } = this
    if (!this.stackId) return
    const id = this.stackId
    const held = this.heldName ?? this.name
    this.stackId = undefined
    try {
      await deleteLockStack(ctx, id)
      ctx.log.info(`Released the lock on ${this.where}: CloudFormation deletes ${held} on its own (not waited for: the next run takes the lock’s other name meanwhile).`)
    } catch (err) {
      // the stack this run holds, which may be the lock's second or third name
      ctx.log.warning(
        `Could not release the lock on ${this.where}: ${errorMessage(err)}. Delete the stack ${held} (aws cloudformation delete-stack --stack-name ${held} --region ${this.opts.region}), or the next run of another workflow fails until it expires.`
      )
    }
  }

  /** The error of a run that reached the end of its time under the lock before a change. */
  outlived(before: string, state = 'This run stopped before changing anything more.'): DeployError {
    const ttlMin = this.opts.ttlMs / 60_000
    return new DeployError(
      `This run ran out of time on its lock on ${this.where} before ${before}: the lock expires at ${iso(this.expiresAt)} (timeout-minutes ${ttlMin}) and no change starts after ${iso(this.changesUntil)}`,
      'Past its expiry another run may break the lock and move the domain, so a change now could interleave with theirs.',
      `${state} Raise timeout-minutes (or lower smoke-timeout-seconds, smoke-retries, verify-seconds) so the phase fits, then re-run.`
    )
  }

  private async breakLock(stack: Stack, what: string): Promise<void> {
    await deleteLockStack(this.ctx, stack.StackId!)
    await this.waitGone([stack], what)
  }

  /** Waits until one of the lock stacks is gone (its name free again); fails at ctx.deadline. */
  private async waitGone(stacks: Stack[], what: string): Promise<void> {
    const ids = stacks.map((s) => s.StackId!)
    if (await waitLockGone(this.ctx, ids, this.ctx.deadline)) return
    const now = await readLockStack(this.ctx, ids[0]).catch(() => undefined)
    const names = stacks.map((s) => s.StackName ?? this.name)
    const others = names.length > 1 ? ` (as are ${names.slice(1).join(', ')})` : ''
    throw new TimeoutError(
      `Timed out (timeout-minutes) waiting for ${what} ${names[0]} to be deleted; it is ${now?.StackStatus ?? 'in an unknown state'}${others}`,
      now?.StackStatusReason,
      `Nothing was changed. Check the stack${names.length > 1 ? 's' : ''} ${names.join(', ')} in the CloudFormation console (delete any that is stuck), then re-run.`
    )
  }

  private heldError(held: HeldLock): DeployError {
    const url = runUrl(held.holder)
    const clear = `aws cloudformation delete-stack --stack-name ${this.name} --region ${this.opts.region}`
    return new DeployError(
      `${this.where} is locked by another run: ${describeHolder(held.holder)}${held.phase ? `, phase ${held.phase}` : ''}, since ${iso(held.takenAt)} (lock stack ${this.name})`,
      'Two runs must not move the same domain at once; this run changed nothing.',
      `Let that run finish${url ? ` (${url})` : ''}, then re-run this one. If that run was cancelled or its runner died: re-running that workflow run takes its lock over, the lock expires at ${iso(held.expiresAt)} (its timeout-minutes), or, once you are sure it is not running, delete the lock: ${clear}`
    )
  }

  private notALock(stack: Stack): DeployError {
    return new DeployError(
      `The stack ${this.name} exists (${stack.StackStatus}) but is not a lock of bluegreen-action, so ${this.where} cannot be locked`,
      'The action locks a domain by creating a stack of that name; a stack of another origin has it.',
      `Delete or rename the stack ${this.name} if nothing needs it, then re-run.`
    )
  }
}

function iso(ms: number | undefined): string {
  return ms === undefined ? 'an unknown time' : new Date(ms).toISOString()
}
