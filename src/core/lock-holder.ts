import { hostname } from 'node:os'
import type { Stack, Tag } from '@aws-sdk/client-cloudformation'
import { stackTag } from '../cloudformation/stacks.js'

/** Who holds a domain lock: a GitHub Actions workflow run attempt, or a process outside Actions. */
export interface LockHolder {
  repository?: string
  runId?: string
  attempt: number
  job?: string
  /** Outside GitHub Actions there is no run id: the host and pid name the holder. */
  host?: string
  pid?: number
  serverUrl?: string
}

/** What a lock stack says about itself, read back from its tags. */
export interface HeldLock {
  holder: LockHolder
  phase?: string
  takenAt?: number
  expiresAt: number
  /** The promotion the holder was making: the stack live when it locked, and the stack it promotes. */
  intent: LockIntent
}

export interface LockIntent {
  from?: string
  to?: string
}

const T = {
  for: 'bluegreen:lock-for',
  repository: 'bluegreen:lock-repository',
  runId: 'bluegreen:lock-run-id',
  attempt: 'bluegreen:lock-run-attempt',
  job: 'bluegreen:lock-job',
  host: 'bluegreen:lock-host',
  phase: 'bluegreen:lock-phase',
  takenAt: 'bluegreen:lock-taken-at',
  expiresAt: 'bluegreen:lock-expires-at',
  from: 'bluegreen:lock-from',
  to: 'bluegreen:lock-to'
}

/** At most this many tags of its own go on a lock stack, beside the user's `tags` (CloudFormation allows 50 in all). */
export const LOCK_TAG_COUNT = Object.keys(T).length

export function holderFromEnv(env: NodeJS.ProcessEnv = process.env): LockHolder {
  const attempt = Number.parseInt(env.GITHUB_RUN_ATTEMPT ?? '', 10)
  if (env.GITHUB_RUN_ID) {
    return {
      repository: env.GITHUB_REPOSITORY || undefined,
      runId: env.GITHUB_RUN_ID,
      attempt: Number.isFinite(attempt) && attempt > 0 ? attempt : 1,
      job: env.GITHUB_JOB || undefined,
      serverUrl: env.GITHUB_SERVER_URL || 'https://github.com'
    }
  }
  return { attempt: 1, host: hostname(), pid: process.pid }
}

export function describeHolder(h: LockHolder): string {
  if (!h.runId) return `a run outside GitHub Actions on ${h.host ?? 'an unknown host'} (pid ${h.pid ?? '?'})`
  return `${h.repository ?? 'a repository'} run ${h.runId} attempt ${h.attempt}${h.job ? ` (job ${h.job})` : ''}`
}

export function runUrl(h: LockHolder): string | undefined {
  return h.runId && h.repository ? `${h.serverUrl ?? 'https://github.com'}/${h.repository}/actions/runs/${h.runId}` : undefined
}

/**
 * GitHub re-runs only finished workflow runs, so a lock left by an earlier attempt of the very same run
 * belongs to a process that is gone: the later attempt may take it over. Another job of the same attempt
 * (a matrix) may still be running, so the same attempt never takes over.
 */
export function isEarlierAttemptOfSameRun(held: LockHolder, me: LockHolder): boolean {
  return !!held.runId && held.runId === me.runId && held.repository === me.repository && held.attempt < me.attempt
}

// Tag values must be 1–256 characters; an empty one is left out.
function tag(Key: string, value: string | number | undefined): Tag[] {
  const Value = value === undefined ? '' : String(value).slice(0, 256)
  return Value ? [{ Key, Value }] : []
}

/**
 * The lock's tags: the user's `tags` first (an organisation that requires tags on every stack gets them on the
 * lock too, or its tag policy refuses the CreateStack), then the holder's.
 */
export function lockTags(what: string, h: LockHolder, phase: string, takenAt: number, expiresAt: number, intent: LockIntent, userTags: Tag[] = []): Tag[] {
  return [
    ...userTags,
    ...tag(T.for, what),
    ...tag(T.repository, h.repository),
    ...tag(T.runId, h.runId),
    ...tag(T.attempt, h.attempt),
    ...tag(T.job, h.job),
    ...tag(T.host, h.host && `${h.host}:${h.pid}`),
    ...tag(T.phase, phase),
    ...tag(T.takenAt, new Date(takenAt).toISOString()),
    ...tag(T.expiresAt, new Date(expiresAt).toISOString()),
    ...tag(T.from, intent.from),
    ...tag(T.to, intent.to)
  ]
}

/** The lock a stack stands for, or undefined when the stack is not a lock of this action. */
export function heldLockOf(stack: Stack): HeldLock | undefined {
  const get = (key: string) => stackTag(stack, key)
  const expiresAt = Date.parse(get(T.expiresAt) ?? '')
  if (!get(T.for) || !Number.isFinite(expiresAt)) return undefined
  const [host, pid] = (get(T.host) ?? '').split(':')
  const takenAt = Date.parse(get(T.takenAt) ?? '')
  return {
    holder: {
      repository: get(T.repository),
      runId: get(T.runId),
      attempt: Number.parseInt(get(T.attempt) ?? '1', 10) || 1,
      job: get(T.job),
      host: host || undefined,
      pid: pid ? Number(pid) : undefined
    },
    phase: get(T.phase),
    takenAt: Number.isFinite(takenAt) ? takenAt : undefined,
    expiresAt,
    intent: { from: get(T.from), to: get(T.to) }
  }
}
