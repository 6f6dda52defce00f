import { step } from '../context.js'
import { describeFiring, firing, readAlarms, type AlarmReading } from '../aws/cloudwatch.js'
import { DeployError, errorMessage } from '../errors.js'
import type { Phase } from './phase.js'

/** An alarm as a step saw it, for the summary and the traffic-steps-result output. */
export interface AlarmSeen {
  name: string
  state: string
}

/** What one look at the alarms found: why traffic must go back to blue, if it must. */
export interface GateReading {
  alarms: AlarmSeen[]
  /** "errors is in ALARM (Threshold Crossed: ...)"; or the read failed: no health signal, so not healthy. */
  failure?: string
}

/** Whether the run has alarms to watch. */
export function hasAlarms(p: Phase): boolean {
  return p.inputs.alarms.length > 0
}

/**
 * Reads the alarms now (a fresh DescribeAlarms each time, never a cached state). A failed read counts as a
 * failure: a promotion that cannot see its health signal must not go on, as CodeDeploy fails a deployment
 * whose alarms it cannot poll.
 */
export async function readGate(p: Phase): Promise<GateReading> {
  if (!hasAlarms(p)) return { alarms: [] }
  let alarms: AlarmReading[]
  try {
    alarms = await readAlarms(p.ctx.clients.cloudwatch, p.inputs.alarms)
  } catch (err) {
    return { alarms: [], failure: `the alarms could not be read: ${errorMessage(err)}` }
  }
  const seen = alarms.map((a) => ({ name: a.name, state: a.state }))
  return firing(alarms).length > 0 ? { alarms: seen, failure: `alarm ${describeFiring(alarms)}` } : { alarms: seen }
}

/** Alarms already in ALARM before the shift starts stop it before any change. */
export async function requireQuietAlarms(p: Phase, green: string): Promise<void> {
  if (!hasAlarms(p)) return
  await step(p.ctx, 'Check the alarms before moving traffic', async () => {
    const alarms = await readAlarms(p.ctx.clients.cloudwatch, p.inputs.alarms)
    const bad = firing(alarms)
    if (bad.length > 0) {
      throw new DeployError(
        `${bad.length === 1 ? `Alarm ${bad[0].name} is` : `Alarms ${bad.map((a) => a.name).join(', ')} are`} in ALARM before the shift to ${green}: nothing was moved`,
        `alarm ${describeFiring(alarms)}`,
        `${p.router.where} was not touched and the live environment still serves; ${green} is kept. Find out why the alarm fires, wait for it to return to OK, then re-run.`
      )
    }
    p.ctx.log.info(`Alarms before the shift: ${alarms.map((a) => `${a.name} ${a.state}`).join(', ')}.`)
  })
}
