import { formatDuration } from '../clock.js'
import type { Environment } from './environments.js'
import type { TrafficStep } from './inputs.js'
import type { Router } from './router.js'
import type { Live } from './phase.js'

/** What a promotion will do, built before anything moves: a dry run prints it, the real run executes it. */
export interface PromotionPlan<Target, Reading extends Target> {
  where: string
  /** What the front door routes to now; undefined: nothing, the switch creates the route. */
  from?: Reading
  blue?: string
  to: Target
  green: string
  verifySeconds: number
  /** traffic-steps: the partial steps held before the final 100% (none: one switch). */
  steps: TrafficStep[]
  /** The alarms read before the shift, during every hold and during verify-seconds. */
  alarms: string[]
  /** What becomes of blue once green is verified (the delete itself checks again that blue is ours and not routed to). */
  retire: 'nothing' | 'keep' | 'delete'
}

/** The steps a promotion runs after green's smoke checks, as the dry run names them. */
export function promotionSteps(router: Pick<Router, 'doorNoun'>): string[] {
  return [`Switch ${router.doorNoun.toLowerCase()}`, 'Verify after the switch', 'Delete the previous environment']
}

export function planPromotion<T, R extends T>(
  router: Router<T, R>,
  live: Live & { reading?: R },
  green: Environment,
  opts: { verifySeconds: number; keepPrevious: boolean; trafficSteps: TrafficStep[] },
  alarms: string[] = []
): PromotionPlan<T, R> {
  return {
    where: router.where,
    from: live.reading,
    blue: live.stackName,
    to: green.target as T,
    green: green.stackName,
    verifySeconds: opts.verifySeconds,
    steps: live.reading === undefined ? [] : opts.trafficSteps.filter((s) => s.percent < 100),
    alarms,
    retire: !live.stackName ? 'nothing' : opts.keepPrevious ? 'keep' : 'delete'
  }
}

/** The plan in words, one line per part, for the dry run's log. */
export function describePlan<T, R extends T>(router: Router<T, R>, plan: PromotionPlan<T, R>): string[] {
  const retire = plan.retire === 'nothing' ? 'delete nothing (no stack was live)' : plan.retire === 'keep' ? `keep ${plan.blue} (keep-previous)` : `delete ${plan.blue}`
  const gates = plan.alarms.length > 0 ? `, reading the alarms ${plan.alarms.join(', ')} each poll` : ''
  return [
    ...(plan.alarms.length > 0 ? [`would stop before any change if an alarm is in ALARM (${plan.alarms.join(', ')}).`] : []),
    `would check that ${plan.where} still ${router.verb} ${plan.from ? `${router.targetNoun} ${router.ownerKey(plan.from)}` : 'nothing'}, then ${plan.from ? 'switch' : 'create'} it to ${router.describe(plan.to)} (${plan.green}).`,
    ...plan.steps.map(
      (s) =>
        `would send ${s.percent}% of the traffic to ${plan.green} and hold ${formatDuration(s.holdMs ?? 0)}${gates}; on an alarm or a failed check, all traffic back on ${plan.blue ?? 'the live target'}.`
    ),
    `would ${plan.steps.length > 0 ? 'then send all traffic to it, ' : ''}verify for ${plan.verifySeconds} s${gates}, then ${retire}.`
  ]
}

/** What a rollback will do, built before anything moves: the dry run prints it, the real run executes it. Nothing is deleted. */
export interface RollbackPlan<Target, Reading extends Target> {
  where: string
  /** What the front door routes to now (a rollback needs a route to move back). */
  from: Reading
  blue?: string
  to: Target
  green: string
}

export function planRollback<T, R extends T>(router: Router<T, R>, from: R, blue: string | undefined, target: Environment): RollbackPlan<T, R> {
  return { where: router.where, from, blue, to: target.target as T, green: target.stackName }
}

export function describeRollback<T, R extends T>(router: Router<T, R>, plan: RollbackPlan<T, R>): string {
  return `would switch ${plan.where} from ${router.targetNoun} ${router.ownerKey(plan.from)} (${plan.blue ?? 'no stack'}) back to ${router.targetNoun} ${router.ownerKey(plan.to)} (${plan.green}).`
}
