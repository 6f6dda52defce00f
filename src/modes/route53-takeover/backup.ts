import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { normalizeName, type HostedZone, type RecordKey, type ResourceRecordSet } from '../../aws/route53.js'
import { DeployError } from '../../errors.js'

export type TakeoverPath = 'adopt-identical' | 'delete-at-create' | 'delete-then-update' | 'release'

/**
 * What a run has done so far, written before each risky change so that a person, or the next run, can
 * put things back: the record as it was, the zone's SOA as it was, and how far the run got.
 */
export interface TakeoverState {
  version: 1
  action: 'takeover' | 'release'
  stackName: string
  zone: HostedZone
  key: RecordKey
  /** The record before anything changed, as a ResourceRecordSet (UPSERT it to restore). */
  backup: ResourceRecordSet
  savedAt: string
  stage: 'backed-up' | 'record-changed' | 'record-deleted' | 'done'
  /** The zone's SOA before the action lowered it. */
  soa?: ResourceRecordSet
  path?: TakeoverPath
  gapMs?: number
  /** When the TTL wait that followed lowering the TTLs ends (ISO); a re-run waits for what is left of it. */
  ttlWaitUntil?: string
}

/** RUNNER_TEMP (or the system temp folder)/bluegreen-record-backup-<zone>-<name>-<type>[-<set>].json */
export function defaultBackupFile(zone: HostedZone, key: RecordKey, env: NodeJS.ProcessEnv = process.env): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_')
  const name = normalizeName(key.name).replace(/\.$/, '')
  const set = key.setIdentifier ? `-${safe(key.setIdentifier)}` : ''
  return join(env.RUNNER_TEMP || tmpdir(), `bluegreen-record-backup-${zone.id}-${safe(name)}-${key.type}${set}.json`)
}

export class BackupFile {
  constructor(readonly path: string) {}

  /** The state an earlier run left, or undefined. A file about another record or stack is an error, not ignored. */
  read(expect: { stackName: string; zone: HostedZone; key: RecordKey }): TakeoverState | undefined {
    if (!existsSync(this.path)) return undefined
    let state: TakeoverState
    try {
      state = JSON.parse(readFileSync(this.path, 'utf8')) as TakeoverState
    } catch (err) {
      throw new DeployError(
        `backup-file ${this.path} is not a backup this action wrote: ${(err as Error).message}`,
        undefined,
        'Move it away (after checking what it holds), or give another backup-file.'
      )
    }
    if (state.version !== 1 || !state.backup || !state.key) {
      throw new DeployError(`backup-file ${this.path} is not a backup this action wrote`, undefined, 'Move it away (after checking what it holds), or give another backup-file.')
    }
    const same =
      state.zone?.id === expect.zone.id &&
      normalizeName(state.key.name) === normalizeName(expect.key.name) &&
      state.key.type === expect.key.type &&
      (state.key.setIdentifier ?? '') === (expect.key.setIdentifier ?? '') &&
      state.stackName === expect.stackName
    if (!same) {
      throw new DeployError(
        `backup-file ${this.path} holds the backup of ${normalizeName(state.key.name)} ${state.key.type} in zone ${state.zone?.id} for stack ${state.stackName}, not of this record and stack`,
        undefined,
        'Give each record its own backup-file.'
      )
    }
    return state
  }

  /** Written to a temporary name and renamed, so an interruption never leaves half a backup. */
  write(state: TakeoverState): void {
    mkdirSync(dirname(this.path), { recursive: true })
    const tmp = `${this.path}.tmp-${process.pid}`
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 })
    renameSync(tmp, this.path)
  }
}
