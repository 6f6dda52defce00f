/**
 * Issue #15's "an interruption test at each step", shared by the route53 and alb files: a stepped release
 * (traffic-steps 10%:1s, 50%:1s, 100%, then verify-seconds, then blue's drain wait and delete) run by the built
 * action and SIGKILLed at one point of it, then re-run as GitHub's "Re-run job" does (same GITHUB_RUN_ID,
 * attempt 2). Each kill lands on an event outside the process (the door's weights as AWS answers them, a smoke
 * request the app server receives, the proxy holding blue's delete), never after a delay, so a loaded machine
 * moves the kill within the hold or bake it aims at but not past it.
 *
 * The cases share one moto, one proxy and one door (zone or ALB): each releases a new environment over the one
 * the case before left live, so the platform is made once per file.
 */
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch'
import { createAlarm } from './alarms.js'
import type { AwsClients } from '../../src/aws/clients.js'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { type ActionRun, type RunOptions } from './action-runner.js'
import { startAppServer, type AppServer } from './extra-env.js'
import { startFaultProxy, type FaultProxy } from './fault-proxy.js'
import { motoClients, startMoto, type Moto } from './moto.js'
import { doorRun, routerDoor, type RouterDoor } from './router-doors.js'

export const STEPS = '10%:1s, 50%:1s, 100%'
export const PARTIAL = [10, 50]
export const ALARM = 'shop-errors'
export const ALARM_REASON = 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).'

/** One file's platform: moto, the proxy in front of it (the action talks to AWS through it), the app server, the door. */
export interface StepWorld {
  moto: Moto
  proxy: FaultProxy
  clients: AwsClients
  server: AppServer
  door: RouterDoor
  /** The environment stack live now (the blue of the next case). */
  live: string
  /** Each environment stack's target as the door names it (read while the stack exists). */
  targets: Record<string, string>
  runs: number
}

/** A target of the door and its share of the traffic in percent (AWS's weights, normalised). */
export interface Share {
  target: string
  percent: number
}

/** How a test file reads its door and counts the action's writes to it. */
export interface DoorProbe {
  /** The door's targets with weight above 0, as AWS answers now. */
  shares(world: StepWorld): Promise<Share[]>
  /** Writes of the door in `run` (`fromSeq`: the proxy's last request seq before it). */
  writes(world: StepWorld, run: ActionRun, fromSeq: number): number
  /** The log line the router writes while it waits for blue to drain before its delete (undefined: no such wait in these runs). */
  drainLine?: RegExp
  /** Inputs of the case that kills during the drain wait (e.g. a TTL to wait out). */
  drainInputs?: Record<string, string>
  /** Called before the drain case's first attempt (e.g. to give the record a TTL to wait out). */
  beforeDrain?(world: StepWorld): Promise<void>
  /** Called once a new environment exists (e.g. the template's short deregistration delay, which moto drops). */
  afterDeploy?(world: StepWorld, stack: string): Promise<void>
}

export async function startWorld(kind: 'route53' | 'alb'): Promise<StepWorld> {
  const moto = await startMoto()
  const proxy = await startFaultProxy({ target: moto.url, seed: 1, rules: {} })
  const clients = motoClients(moto.url)
  const server = await startAppServer()
  const door = await routerDoor(kind, { endpointUrl: proxy.url, clients, appUrl: (extra) => server.url(extra) })
  await createAlarm(clients.cloudwatch, ALARM, { quiet: true })
  const world: StepWorld = { moto, proxy, clients, server, door, live: `${door.stackName}-blue`, targets: {}, runs: 0 }
  world.targets[world.live] = await door.targetId(world.live)
  return world
}

export async function stopWorld(world: StepWorld | undefined): Promise<void> {
  await world?.server.close()
  await world?.proxy.close()
  await world?.moto.stop()
}

/** The point of the release where the first attempt is killed, and the share of green the door holds then. */
export interface KillPoint {
  label: string
  /** The log line after which the kill is armed. */
  armedBy: (w: { blue: string; green: string; door: RouterDoor; probe: DoorProbe }) => RegExp
  /** What the kill waits for once armed (an event outside the process). */
  at?: 'green share' | 'smoke after share' | 'blue delete held'
  /** Green's share the door holds at the kill (and the re-run finds). */
  found: number
  drain?: boolean
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export const KILL_POINTS: KillPoint[] = [
  { label: "right after step 1's write (10%)", armedBy: () => /^::group::Send 10%25 of /, at: 'green share', found: 10 },
  { label: "during step 1's hold (a smoke check of the hold seen)", armedBy: () => /^::group::Send 10%25 of /, at: 'smoke after share', found: 10 },
  { label: "between step 1 and step 2 (right after step 2's write, 50%)", armedBy: () => /^::group::Send 50%25 of /, at: 'green share', found: 50 },
  { label: "during step 2's hold (a smoke check of the hold seen)", armedBy: () => /^::group::Send 50%25 of /, at: 'smoke after share', found: 50 },
  { label: 'right after the final 100% write', armedBy: ({ green }) => new RegExp(`^::group::Switch .* to ${esc(green)}$`), at: 'green share', found: 100 },
  { label: 'during verify-seconds (the bake; a smoke check of it seen)', armedBy: ({ green }) => new RegExp(`^::group::Verify .* on ${esc(green)} for `), at: 'smoke after share', found: 100 },
  { label: "during blue's drain wait", armedBy: ({ probe }) => probe.drainLine!, found: 100, drain: true },
  { label: 'while CloudFormation deletes blue', armedBy: ({ blue }) => new RegExp(`${esc(blue)}\\s+AWS::CloudFormation::Stack\\s+DELETE_IN_PROGRESS`), at: 'blue delete held', found: 100 }
]

/** Green's share the door holds now, and checks that it routes only to known stacks that exist, with some weight. */
export async function doorState(world: StepWorld, probe: DoorProbe, blue: string, green: string, context: string): Promise<{ green: number; blue: number }> {
  const shares = await probe.shares(world)
  const owner = (t: string) => [blue, green].find((s) => world.targets[s] === t)
  const routed = await Promise.all(
    shares.map(async (s) => {
      const stack = owner(s.target)
      const status = stack ? (await describeStack(world.clients.cloudformation, stack))?.StackStatus : undefined
      return { stack, percent: s.percent, status }
    })
  )
  // never without traffic, never to a stack that is gone or going: every weighted target is a complete stack's
  expect({ context, total: shares.reduce((n, s) => n + s.percent, 0) }).toEqual({ context, total: 100 })
  for (const r of routed) expect({ context, ...r }).toEqual({ context, stack: expect.any(String), percent: r.percent, status: expect.stringMatching(/^(CREATE|UPDATE)_COMPLETE$/) })
  const of = (stack: string) => routed.filter((r) => r.stack === stack).reduce((n, r) => n + r.percent, 0)
  return { green: of(green), blue: of(blue) }
}

async function until(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  for (const end = Date.now() + ms; ;) {
    if (await check()) return
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The GitHub variables of workflow run `id`, attempt `attempt`. */
export const github = (id: string, attempt: number) => ({ GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: id, GITHUB_RUN_ATTEMPT: String(attempt), GITHUB_JOB: 'release', GITHUB_EVENT_NAME: 'push' })

export const stepInputs = (extra: Record<string, string> = {}) => ({ phase: 'full', 'traffic-steps': STEPS, alarms: ALARM, 'verify-seconds': '1', ...extra })

const lastSeq = (proxy: FaultProxy) => proxy.requests().at(-1)?.seq ?? 0

export const failure = (run: ActionRun) =>
  `exit ${run.code} ${run.signal ?? ''}\n${run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error::'))
    .join('\n')}\n${run.stderr.slice(-2000)}`

export interface Killed {
  blue: string
  green: string
  extra: string
  runId: string
  inputs: Record<string, string>
  killed: ActionRun
  /** Green's and blue's share right after the kill, as AWS answers. */
  after: { green: number; blue: number }
  context: string
}

/**
 * Releases a new environment over the live one with traffic-steps and kills the runner at `point`; checks
 * the door right after the kill and returns what the re-run needs.
 */
export async function releaseAndKill(world: StepWorld, probe: DoorProbe, point: KillPoint, inputs: Record<string, string> = stepInputs()): Promise<Killed> {
  const { door, server, proxy, clients } = world
  const n = ++world.runs
  const extra = `k${n}`
  const blue = world.live
  const green = `${door.stackName}-${extra}`
  const runId = String(7000 + n)
  const context = `${door.kind}, killed ${point.label}`
  const through = { endpointUrl: proxy.url, appUrl: (e: string) => server.url(e) }
  const share = async () => (await probe.shares(world)).find((s) => s.target === world.targets[green])?.percent ?? 0
  const greenTarget = async () => (world.targets[green] ??= (await describeStack(clients.cloudformation, green)) ? await door.targetId(green) : '')

  proxy.reset()
  if (point.at === 'blue delete held') proxy.configure({ slowCloudFormation: { durationMs: 50, hold: { kind: 'DELETE', stackName: blue } } })
  else proxy.configure({ slowCloudFormation: null })
  if (point.drain) await probe.beforeDrain?.(world)
  const caseInputs = point.drain ? { ...inputs, ...probe.drainInputs } : inputs

  const killAt = async () => {
    if (point.at === 'blue delete held') return until(async () => proxy.stackOperations().some((op) => op.held), "blue's delete held by the proxy")
    if (!point.at) return
    await greenTarget()
    await until(async () => (await share()) >= point.found, `green at ${point.found}%`)
    if (point.at === 'smoke after share') {
      const seen = server.hits[extra] ?? 0
      await until(async () => (server.hits[extra] ?? 0) > seen, `a smoke check of ${green} after the write`)
    }
  }
  const options: RunOptions = { env: github(runId, 1), killWhen: (l) => point.armedBy({ blue, green, door, probe }).test(l), killAt }
  const killed = await doorRun(door, through, extra, caseInputs, options)
  expect({ context, signal: killed.signal, failure: killed.signal ? '' : failure(killed) }).toEqual({ context, signal: 'SIGKILL', failure: '' })
  expect(killed.stdout).toMatch(new RegExp(`::group::Deploy ${esc(green)}`))
  await greenTarget()
  const after = await doorState(world, probe, blue, green, context)
  await probe.afterDeploy?.(world, green)
  return { blue, green, extra, runId, inputs: caseInputs, killed, after, context }
}

/** The re-run (attempt 2 of the same workflow run), with the proxy's requests of it counted from here. */
export async function rerun(world: StepWorld, probe: DoorProbe, k: Killed, options: RunOptions = {}): Promise<{ run: ActionRun; writes: number }> {
  const from = lastSeq(world.proxy)
  const run = await doorRun(world.door, { endpointUrl: world.proxy.url, appUrl: (e) => world.server.url(e) }, k.extra, k.inputs, { ...options, env: github(k.runId, 2) })
  return { run, writes: probe.writes(world, run, from) }
}

export async function stackGone(world: StepWorld, stack: string): Promise<boolean> {
  const s = await describeStack(world.clients.cloudformation, stack)
  return !s || s.StackStatus === 'DELETE_COMPLETE'
}

/** Waits (a minute at most) for a stack whose delete was issued to be gone. */
export const awaitGone = (world: StepWorld, stack: string) => until(() => stackGone(world, stack), `${stack} deleted`)

interface StepResult {
  percent: number
  outcome: string
  resumed?: boolean
  alarms: { name: string; state: string }[]
}

/**
 * The re-run of a case killed at `point`: it resumes from the weights it found (the step that sends at least
 * that share, held again from its start), never deploys green again, ends with all traffic on green and blue
 * deleted, and its traffic-steps-result and summary show the resumed step.
 */
export async function expectResumed(world: StepWorld, probe: DoorProbe, point: KillPoint, k: Killed): Promise<void> {
  const { door } = world
  const { blue, green, context } = k
  expect({ context, found: k.after.green }).toEqual({ context, found: point.found })
  // blue's delete, held by the proxy since the kill, goes on once the re-run has seen it in progress (as on AWS, it runs on without the action)
  const deleting = new RegExp(`^An earlier attempt of this run switched .* to ${esc(green)}; ${esc(blue)} is DELETE_IN_PROGRESS\\.$`)
  const held = point.at === 'blue delete held'
  const { run, writes } = await rerun(world, probe, k, held ? { onLine: (l) => deleting.test(l) && world.proxy.release() } : {}).finally(() => held && world.proxy.release())
  expect({ context, code: run.code, failure: run.code === 0 ? '' : failure(run) }).toEqual({ context, code: 0, failure: '' })
  // the lock the first attempt left is taken over, unless it had released it beside blue's delete
  if (!held) expect(run.stdout).toMatch(new RegExp(`Taking over the lock .* left by acme/shop run ${k.runId} attempt 1`))
  expect(run.stdout).not.toMatch(new RegExp(`::group::Deploy ${esc(green)}`))
  // each partial write of the re-run, in order, as the action announces it
  const partial = [...run.stdout.matchAll(new RegExp(`^${esc(door.where)}: (\\d+)% → ${esc(green)}, `, 'gm'))].map((m) => Number(m[1]))
  const steps = run.outputs['traffic-steps-result'] ? (JSON.parse(run.outputs['traffic-steps-result']) as StepResult[]) : []

  if (point.found < 100) {
    // the step whose share is at least the one found is held again from its start, then every later step: never a skipped hold
    const from = PARTIAL.findIndex((p) => p >= point.found)
    const again = PARTIAL.slice(from)
    expect({ context, log: run.stdout.match(/An earlier attempt of this run left .*/)?.[0] }).toEqual({
      context,
      log: `An earlier attempt of this run left ${point.found}% of ${door.where} on ${green}: resuming at ${again[0]}% (its hold again in full).`
    })
    expect({ context, partial }).toEqual({ context, partial: again })
    expect({ context, writes }).toEqual({ context, writes: again.length + 1 }) // the partial steps, then green alone
    expect(steps).toEqual([
      expect.objectContaining({ percent: again[0], outcome: 'held', resumed: true }),
      ...again.slice(1).map((percent) => expect.objectContaining({ percent, outcome: 'held' })),
      expect.objectContaining({ percent: 100, outcome: 'switched' })
    ])
    expect(steps.slice(1).some((s) => s.resumed)).toBe(false)
    expect(run.summary).toContain('(resumed after an interruption)')
  } else if (held) {
    // blue's delete had started (the lock went beside it): the released lock of attempt 1 says which promotion
    // this was, so the re-run does not deploy onto live green; only blue's delete is left, and it waits for it
    expect({ context, partial, writes }).toEqual({ context, partial: [], writes: 0 })
    expect(run.stdout).toContain(`::group::Resume the interrupted promotion from ${blue}`)
    expect(run.stdout.split('\n').some((l) => deleting.test(l))).toBe(true)
    expect(run.stdout).not.toMatch(/::group::Verify /)
    expect(run.stdout).toContain(`::group::Delete ${blue}`)
    expect(run.outputs['previous-stack']).toBe(blue)
  } else {
    // green had all of it: the re-run bakes it again (verify-seconds) and retires blue, with no write of the door
    expect({ context, partial, writes }).toEqual({ context, partial: [], writes: 0 })
    expect(run.stdout).toContain(`::group::Resume the interrupted promotion from ${blue}`)
    expect(run.stdout).toMatch(new RegExp(`::group::Verify ${esc(door.where)} on ${esc(green)} for `))
    expect(run.stdout).toContain(`::group::Delete ${blue}`)
    expect(steps).toEqual([expect.objectContaining({ percent: 100, outcome: 'switched', resumed: true })])
    expect(run.summary).toContain('(resumed after an interruption)')
  }

  // all traffic on green, blue deleted, green kept
  const shares = await probe.shares(world)
  expect({ context, shares }).toEqual({ context, shares: [{ target: world.targets[green], percent: 100 }] })
  await awaitGone(world, blue)
  expect(await stackGone(world, green)).toBe(false)
  expect(run.outputs['active-stack']).toBe(green)
  world.live = green
}

/**
 * A kill during step 1's hold, the alarm set to ALARM, then the re-run: it puts all traffic back on blue in
 * one write, keeps green, and fails naming the alarm; it never sends green more than the share it found.
 */
export async function expectAlarmGoesBack(world: StepWorld, probe: DoorProbe): Promise<void> {
  const point = KILL_POINTS[1]
  const k = await releaseAndKill(world, probe, point)
  const { door, clients } = world
  const { blue, green, context } = k
  expect({ context, found: k.after }).toEqual({ context, found: { green: 10, blue: 90 } })
  await clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: ALARM, StateValue: 'ALARM', StateReason: ALARM_REASON }))
  try {
    const { run, writes } = await rerun(world, probe, k)
    expect({ context, code: run.code }).toEqual({ context, code: 1 })
    const error = run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
    expect(error).toContain(`${green} failed at 10%25 of the traffic; all of ${door.where} is back on ${blue}`)
    expect(run.stdout).toContain(`alarm ${ALARM} is in ALARM (${ALARM_REASON})`)
    const partial = [...run.stdout.matchAll(new RegExp(`^${esc(door.where)}: (\\d+)% → ${esc(green)}, `, 'gm'))].map((m) => Number(m[1]))
    // the step found is taken up again (its share, not more), then one write puts all of it on blue
    expect(partial).toEqual([10])
    expect(run.stdout.match(new RegExp(`^::group::Put all of ${esc(door.where)} back on ${esc(blue)}`, 'gm'))).toHaveLength(1)
    expect(writes).toBe(2)
    expect(run.stdout).not.toMatch(/::group::Switch .* to /)
    expect(JSON.parse(run.outputs['traffic-steps-result'])).toEqual([expect.objectContaining({ percent: 10, outcome: 'switched back', resumed: true, alarms: [{ name: ALARM, state: 'ALARM' }] })])
    expect(await probe.shares(world)).toEqual([{ target: world.targets[blue], percent: 100 }])
    expect(await stackGone(world, blue)).toBe(false)
    expect(await stackGone(world, green)).toBe(false)
  } finally {
    await clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: ALARM, StateValue: 'OK', StateReason: 'quiet' }))
  }
}
