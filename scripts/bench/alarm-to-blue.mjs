// alarm-to-blue: how long from an alarm entering ALARM (SetAlarmState, straight to moto, which never evaluates
// alarms itself) to the front door back on blue. A promotion with `alarms` runs on the promote rows' domain
// (api-gateway router); one second into its verify-seconds the benchmark sets the alarm, and a separate client
// reads GetBasePathMapping every 50 ms. Target: one poll interval plus the router's write and read back.
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch'
import { GetBasePathMappingCommand } from '@aws-sdk/client-api-gateway'
import { REGION } from './aws.mjs'
import { promoteInputs } from './promote.mjs'
import { runAction, runFailure } from './run-action.mjs'
import { startSampler } from './sampler.mjs'
import { median, worst } from './stats.mjs'

const ALARM = 'bench-errors'
const DOMAIN = 'api.bench.example.com'
/** The router's write and read back through the proxy, on top of one poll: what the target allows. */
export const WRITE_ALLOWANCE_MS = 1000

async function mappedApi(b) {
  const m = await b.direct.apigateway.send(new GetBasePathMappingCommand({ domainName: DOMAIN, basePath: '(none)' }))
  return m.restApiId ?? null
}

/**
 * `runs` promotions towards the environment that is not live, each switched back by the alarm.
 * @param {{ apis: Record<string, string>, app: unknown }} state what setupPromote made
 */
export async function runAlarmToBlue(b, state, runs, pollSeconds, motoUrl) {
  const cw = new CloudWatchClient({ region: REGION, endpoint: motoUrl, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 })
  const setState = (StateValue) => cw.send(new SetAlarmStateCommand({ AlarmName: ALARM, StateValue, StateReason: StateValue === 'ALARM' ? 'bench: errors above 5' : 'bench: quiet' }))
  await cw.send(
    new PutMetricAlarmCommand({
      AlarmName: ALARM,
      Namespace: 'Bench',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold'
    })
  )
  const results = []
  try {
    for (let i = 1; i <= runs; i++) {
      await setState('OK')
      const blueApi = await mappedApi(b)
      const to = Object.keys(state.apis).find((extra) => state.apis[extra] !== blueApi)
      const sampler = startSampler(() => mappedApi(b), 50)
      let alarmAt
      let setting
      const run = await runAction({
        dist: b.dist,
        root: b.root,
        inputs: { ...promoteInputs(b, state.app, 'promote', to), alarms: ALARM, 'verify-seconds': '60', 'poll-seconds': String(pollSeconds) },
        onLine: (line) => {
          if (setting || !/^::group::Verify /.test(line.text)) return
          // a second into the verification, then spread over one poll cycle run by run: the alarm lands at
          // each phase of the action's polling, not always just before (or after) one of its reads
          const delay = 1000 + Math.round(((i - 1) / runs) * pollSeconds * 1000)
          setting = new Promise((resolve) => setTimeout(resolve, delay)).then(async () => {
            alarmAt = Date.now()
            await setState('ALARM')
          })
        }
      })
      await setting
      await new Promise((resolve) => setTimeout(resolve, 150))
      const samples = await sampler.stop()
      if (!alarmAt || run.code !== 1 || !/switched back/.test(run.stdout)) throw runFailure(`alarm-to-blue run ${i}: expected a switch back after the alarm`, run)
      const back = samples.find((s) => s.at >= alarmAt && s.value === blueApi)
      const ms = back ? back.at - alarmAt : null
      results.push({ to, alarmToBlueMs: ms, samples: samples.length })
      b.log(`  alarm-to-blue ${i}: back on blue ${ms ?? '?'} ms after SetAlarmState ALARM`)
    }
  } finally {
    await setState('OK').catch(() => undefined)
    cw.destroy()
  }
  const values = results.map((r) => r.alarmToBlueMs).filter((n) => n !== null)
  return { runs: results, pollMs: pollSeconds * 1000, targetMs: pollSeconds * 1000 + WRITE_ALLOWANCE_MS, medianMs: median(values), worstMs: worst(values) }
}
