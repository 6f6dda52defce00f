/**
 * Alarm gates and rollback triggers, through the built action on the emulator (api-gateway router, the
 * default). moto keeps alarms and answers DescribeAlarms but never evaluates them: SetAlarmState is what
 * moves an alarm, here from the test while the action runs (EMULATOR.md). moto accepts
 * RollbackConfiguration on CreateChangeSet and executes the change set (it does not monitor the triggers;
 * that the triggers reach the change set is in __tests__/unit/rollback-triggers.test.ts).
 */
import { existsSync } from 'node:fs'
import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch'
import { createAlarm as createCloudWatchAlarm } from '../support/alarms.js'
import { DIST, runAction } from '../support/action-runner.js'
import { useMoto } from '../support/moto.js'
import { APP_TEMPLATE, useAppServer } from '../support/extra-env.js'
import { apiOf, blueLive, domainState, errorLine, promoteRun, stackStatus } from '../support/extra-env-runs.js'

const env = useMoto()
const server = useAppServer()
beforeAll(() => {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run package` first')
})

const REASON = 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).'

const createAlarm = (name: string) => createCloudWatchAlarm(env.clients.cloudwatch, name)

const setAlarm = (name: string, state: 'OK' | 'ALARM') =>
  env.clients.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: state === 'ALARM' ? REASON : 'back to normal' }))

describe('alarm gates (extra-env, api-gateway router)', () => {
  it('an alarm already in ALARM stops the promotion before any change, naming the alarm and its reason', async () => {
    await blueLive(env.clients, server, ['green'])
    const blueApi = await apiOf(env.clients, 'app-blue')
    await createAlarm('app-errors')
    await setAlarm('app-errors', 'ALARM')
    const run = await promoteRun(server, env.url, 'green', { runId: '701' }, { inputs: { alarms: 'app-errors' } })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain('Alarm app-errors is in ALARM before the shift to app-green: nothing was moved')
    expect(run.stdout).toContain(REASON)
    expect((await domainState(env.clients, ['app-blue', 'app-green'])).apiId).toBe(blueApi)
    expect(await stackStatus(env.clients, 'app-green')).toBe('CREATE_COMPLETE')
  }, 120_000)

  it('an alarm entering ALARM during verify-seconds switches back to blue, keeps green and fails naming the alarm', async () => {
    await blueLive(env.clients, server, ['green'])
    const blueApi = await apiOf(env.clients, 'app-blue')
    await createAlarm('app-errors')
    let set: Promise<unknown> | undefined
    const run = await promoteRun(
      server,
      env.url,
      'green',
      { runId: '702' },
      {
        inputs: { alarms: 'app-errors', 'verify-seconds': '30' },
        // the verification step has started (its group line): the alarm goes off while it watches
        onLine: (line) => {
          if (!set && /^::group::Verify .* on app-green/.test(line)) set = setAlarm('app-errors', 'ALARM')
        },
        timeoutMs: 90_000
      }
    )
    await set
    expect(set).toBeDefined()
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain('app-green failed verification after the switch; api.example.com/(root) was switched back')
    expect(run.stdout).toContain(`alarm app-errors is in ALARM (${REASON})`)
    expect((await domainState(env.clients, ['app-blue', 'app-green'])).apiId).toBe(blueApi)
    expect(await stackStatus(env.clients, 'app-green')).toBe('CREATE_COMPLETE')
    expect(await stackStatus(env.clients, 'app-blue')).toBe('CREATE_COMPLETE')
    const steps = JSON.parse(run.outputs['traffic-steps-result']) as { percent: number; outcome: string; alarms: { name: string; state: string }[] }[]
    expect(steps).toEqual([expect.objectContaining({ percent: 100, outcome: 'switched back', alarms: [{ name: 'app-errors', state: 'ALARM' }] })])
    expect(run.summary).toContain('### Traffic steps')
    expect(run.summary).toContain('xychart-beta')
  }, 120_000)

  it('with the alarms OK, the promotion goes through and records the gated step', async () => {
    await blueLive(env.clients, server, ['green'])
    await createAlarm('app-errors')
    const run = await promoteRun(server, env.url, 'green', { runId: '703' }, { inputs: { alarms: 'app-errors', 'verify-seconds': '1' } })
    expect(run.code).toBe(0)
    expect(run.outputs['active-stack']).toBe('app-green')
    const steps = JSON.parse(run.outputs['traffic-steps-result']) as { percent: number; outcome: string }[]
    expect(steps).toEqual([expect.objectContaining({ percent: 100, outcome: 'switched', alarms: [{ name: 'app-errors', state: 'OK' }] })])
  }, 120_000)
})

describe('rollback triggers on the emulator', () => {
  const deploy = (alarms: string) =>
    runAction({
      mode: 'extra-env',
      phase: 'deploy',
      'stack-name': 'app',
      extra: 'green',
      template: APP_TEMPLATE,
      parameters: `PublicUrl=${server.url('green')}\nVersion=green`,
      'endpoint-output': 'Endpoint',
      alarms,
      'rollback-monitoring-minutes': '5',
      region: 'us-east-1',
      'endpoint-url': env.url,
      'poll-seconds': '0.1'
    })

  it('a change set with the alarms as rollback triggers executes', async () => {
    await createAlarm('app-errors')
    const run = await deploy('app-errors')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Alarm app-errors: OK \(arn:aws:cloudwatch:us-east-1:\d{12}:alarm:app-errors\)/)
    expect(await stackStatus(env.clients, 'app-green')).toBe('CREATE_COMPLETE')
  }, 120_000)

  it('a phase that does not read alarms (destroy) ignores them, with a warning, and reads no alarm', async () => {
    await createAlarm('app-errors')
    expect((await deploy('app-errors')).code).toBe(0)
    const run = await runAction({
      mode: 'extra-env',
      phase: 'destroy',
      'stack-name': 'app',
      extra: 'green',
      alarms: 'app-unknown',
      region: 'us-east-1',
      'endpoint-url': env.url,
      'poll-seconds': '0.1'
    })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain("::warning::Input 'alarms' is not used by extra-env phase destroy and is ignored.")
    expect(run.stdout).not.toContain('Read the alarms')
    expect(await stackStatus(env.clients, 'app-green')).toBeUndefined()
  }, 120_000)

  it('an alarm CloudWatch does not know fails before any change', async () => {
    await createAlarm('app-errors')
    const run = await deploy('app-errors, app-latency')
    expect(run.code).toBe(1)
    expect(errorLine(run)).toContain('CloudWatch has no alarm named app-latency in this region')
    expect(await stackStatus(env.clients, 'app-green')).toBeUndefined()
  }, 120_000)
})
