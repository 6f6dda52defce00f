/**
 * Crash-safe re-runs for the routers (issue #14): a promotion through a CloudFront origin, a Route 53
 * record or an ALB listener, killed (SIGKILL of the built action, as a runner that dies) after the switch
 * and before blue is gone, then run again as GitHub's "Re-run job" does (same GITHUB_RUN_ID, next
 * GITHUB_RUN_ATTEMPT): the re-run takes over the lock, resumes the promotion (verifies green, deletes blue) and
 * ends with green live, blue deleted and no lock. Once blue's delete has started, the run has already released
 * the lock beside it: the re-run then finds green live with nothing to switch, and blue's delete ends on its own.
 *
 * As in extra-env-interrupt.test.ts, the fault proxy's slow CloudFormation mode sits in front of moto and
 * holds blue's delete open (DELETE_IN_PROGRESS) until the re-run: whatever the kill point, and however
 * late the kill lands on a loaded machine, blue is still there (complete, or being deleted) at the kill.
 * "While CloudFormation deletes blue" is killed once the proxy shows that delete started, not after a delay.
 */
import { existsSync } from 'node:fs'
import { DIST, type ActionRun } from '../support/action-runner.js'
import { useAppServer } from '../support/extra-env.js'
import { proxyClients, useFaultProxy } from '../support/fault-proxy.js'
import { useMoto } from '../support/moto.js'
import { doorRun, routerDoor, type DoorKind, type RouterDoor } from '../support/router-doors.js'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { lockStackName } from '../../src/core/lock.js'

const env = useMoto()
const fp = useFaultProxy(() => env.url)
const server = useAppServer()
beforeAll(() => {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run package` first')
})

const SLOW_MS = 300
/** The lock stack of each door, named as src/core/lock.ts names it from the router's lockKey. */
function lockOf(door: RouterDoor): string {
  switch (door.kind) {
    case 'cloudfront':
      return lockStackName(`cloudfront-${door.inputs('', '')['distribution-id']}`, '')
    case 'route53':
      return lockStackName('www.example.com', 'CNAME')
    case 'alb':
      return lockStackName(`alb-${door.inputs('', '')['listener-arn'].split('/').at(-1)}`, '')
    case 'target-group': {
      const [, name, id] = door.inputs('', '')['target-group-arn'].split(':').at(-1)!.split('/')
      return lockStackName(`tg-${name}-${id}`, '')
    }
  }
}

/** A stack's status as the action sees it through the slow proxy (undefined: gone). */
async function statusOf(name: string): Promise<string | undefined> {
  const stack = await describeStack(proxyClients(fp.proxy).cloudformation, name)
  return stack && stack.StackStatus !== 'DELETE_COMPLETE' ? stack.StackStatus : undefined
}

/** Resolves when the proxy shows the held operation started (checked every 20 ms; gives up after a minute). */
async function heldStarted(): Promise<void> {
  for (const end = Date.now() + 60_000; !fp.proxy.stackOperations().some((op) => op.held) && Date.now() < end;) await new Promise((r) => setTimeout(r, 20))
}

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const failure = (run: ActionRun) =>
  `${run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error::'))
    .join('\n')}\n${run.stderr}`

interface KillPoint {
  label: string
  at: (line: string, door: RouterDoor) => boolean
  /** kill once the proxy shows blue's (held) delete started */
  inDelete?: boolean
}

const POINTS: KillPoint[] = [
  { label: 'right after the switch call (read back)', at: (l) => l.startsWith('Read back: ') },
  { label: 'at the start of the verification', at: (l, door) => l.startsWith(`::group::Verify ${door.where} on `) },
  { label: 'while CloudFormation deletes blue', at: (l) => /-blue\s+AWS::CloudFormation::Stack\s+DELETE_IN_PROGRESS/.test(l), inDelete: true }
]

const KINDS: DoorKind[] = ['cloudfront', 'route53', 'alb']

describe.each(KINDS)('router %s: a promotion killed after the switch, then re-run as the same workflow run', (kind) => {
  let runId = 500 + KINDS.indexOf(kind) * 10

  it.each(POINTS)(
    'killed $label: the re-run finishes the promotion, green stays live, blue is deleted, no lock is left',
    async (point) => {
      const setupEnv = { endpointUrl: env.url, clients: env.clients, appUrl: (extra: string) => server.url(`${kind}-${extra}`) }
      const door = await routerDoor(kind, setupEnv)
      const blue = `${door.stackName}-blue`
      const green = `${door.stackName}-green`
      const deployed = await doorRun(door, setupEnv, 'green', { phase: 'deploy' })
      expect([deployed.code, failure(deployed)]).toEqual([0, expect.any(String)])

      fp.proxy.reset()
      fp.proxy.configure({ seed: 1, rules: {}, slowCloudFormation: { durationMs: SLOW_MS, hold: { kind: 'DELETE', stackName: blue } } })
      const through = { ...setupEnv, endpointUrl: fp.proxy.url }
      const id = String(++runId)
      const github = (attempt: number) => ({ GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: id, GITHUB_RUN_ATTEMPT: String(attempt), GITHUB_JOB: 'promote', GITHUB_EVENT_NAME: 'push' })
      const promote = { phase: 'promote', template: '', parameters: '', 'verify-seconds': '0.3' }
      // Killed on a line before the delete: a verification of 20 s lies between that line and blue's delete, so
      // the kill lands before it however late the test reads the line. (The re-run verifies for 0.3 s only to
      // keep the test short: resuming does not depend on it.)
      const first = point.inDelete ? promote : { ...promote, 'verify-seconds': '20' }

      const killed = await doorRun(door, through, 'green', first, { env: github(1), killWhen: (l) => point.at(l, door), killAt: point.inDelete ? heldStarted : undefined })
      const context = `${kind}, killed ${point.label}: ${failure(killed)}`
      expect({ context, signal: killed.signal }).toEqual({ context, signal: 'SIGKILL' })
      expect(killed.stdout).toContain(`Read back: ${door.where} → `)

      // right after the kill: the door routes to green, blue is still there (complete or being deleted), the lock is held
      expect({ context, live: await door.liveStack([blue, green]) }).toEqual({ context, live: green })
      expect({ context, blue: await statusOf(blue) }).toEqual({ context, blue: point.inDelete ? 'DELETE_IN_PROGRESS' : expect.stringMatching(/^(CREATE|UPDATE)_COMPLETE$/) })
      // the lock is held, except once blue's delete started: the run releases it beside that delete
      const lockAfterKill = await statusOf(lockOf(door))
      if (point.inDelete) expect(killed.stdout).toContain(`${blue} is being deleted and`)
      else expect({ context, lockAfterKill }).toEqual({ context, lockAfterKill: expect.stringMatching(/^CREATE_/) })
      // the held delete goes on without the action, as on AWS, and ends before the re-run
      fp.proxy.release()

      const rerun = await doorRun(door, through, 'green', promote, { env: github(2) })
      expect({ context, code: rerun.code, error: failure(rerun) }).toEqual({ context, code: 0, error: expect.any(String) })
      // nothing is switched again: the re-run finds green live and finishes the promotion
      expect(rerun.stdout).not.toContain('Read back: ')
      if (!point.inDelete) {
        expect(rerun.stdout).toMatch(new RegExp(`Taking over the lock on .* left by acme/app run ${id} attempt 1`))
        expect(rerun.stdout).toContain(`::group::Resume the interrupted promotion from ${blue}`)
        expect(rerun.stdout).toContain(`::group::Verify ${door.where} on ${green}`)
        expect(rerun.stdout).toContain(`::group::Delete ${blue}`)
      }
      expect(await door.liveStack([blue, green])).toBe(green)
      expect(await statusOf(blue)).toBeUndefined()
      expect(await statusOf(green)).toMatch(/_COMPLETE$/)
      const lock = await statusOf(lockOf(door))
      // the run issues the lock's delete and does not wait for it: gone, or still being deleted
      expect([undefined, 'DELETE_IN_PROGRESS']).toContain(lock)
      expect(rerun.outputs).toMatchObject({ 'active-stack': green, 'domain-endpoint': door.url })
      // a resumed promotion names the stack it replaced; once blue's delete had started, the lock was released and the re-run finds green live
      if (!point.inDelete) expect(rerun.outputs['previous-stack']).toBe(blue)
      else expect(rerun.stdout).toMatch(new RegExp(`${reEscape(door.where)} already \\w[\\w ]* ${green}\\b.*nothing to switch`))
      expect(rerun.summary).toContain(`| ${door.noun} id |`)
    },
    240_000
  )
})
