/** An in-memory front door with weights, for tests of the core's stepped shifting (the Router contract with setWeights and readWeights). */
import type { Owner } from '../../src/core/owner.js'
import type { Router, StackView } from '../../src/core/router.js'

/** A weighted front door in memory: target name → weight. Reads as its heaviest target, as a primary would. */
export class WeightedDoor implements Router<string, string> {
  readonly kind = 'route53' as const
  readonly where = 'www.example.com'
  readonly url = 'https://www.example.com'
  readonly lockKey = { scope: 'Z1', path: 'www.example.com' }
  readonly services = [] as const
  readonly targetNoun = 'DNS name'
  readonly namedBy = 'the weighted door'
  readonly doorNoun = 'The record'
  readonly verb = 'points to'
  readonly pastVerb = 'pointed to'
  readonly nothingYet = 'has no record yet'
  weights: Record<string, number> = { blue: 100 }
  /** Every write: green's share after it (100 for a switch to green, 0 for a switch back). */
  history: number[] = []
  writes = 0

  async read(): Promise<string | undefined> {
    const entries = Object.entries(this.weights).filter(([, w]) => w > 0)
    return entries.sort((a, b) => b[1] - a[1])[0]?.[0]
  }
  async offer(env: StackView) {
    // environment app-<name> offers target <name>
    return { target: env.stackName.replace(/^app-/, '') }
  }
  ownerKey(t: string) {
    return t
  }
  /** The environment stack app-<target> owns a target. */
  async findOwner(reading: string): Promise<Owner> {
    return { stackName: `app-${reading}`, via: 'output' }
  }
  async write(_current: string | undefined, to: string): Promise<string> {
    this.writes++
    this.weights = { [to]: 100 }
    this.history.push(to === 'green' ? 100 : 0)
    return to
  }
  async setWeights(blue: string, green: string, percent: number): Promise<void> {
    this.writes++
    this.weights = { [blue]: 100 - percent, [green]: percent }
    this.history.push(percent)
  }
  async readWeights(green: string) {
    const entries = Object.entries(this.weights).filter(([, w]) => w > 0)
    return entries.length > 1 ? { green: this.weights[green] ?? 0 } : undefined
  }
  same(a?: string, b?: string) {
    return a === b
  }
  describe(t?: string) {
    return t ?? 'nothing'
  }
  describeLive(t: string) {
    return t
  }
  async routesTo(stack: string) {
    const target = stack.replace(/^app-/, '')
    return { scope: 'record', routes: (this.weights[target] ?? 0) > 0 ? [{ where: this.where, reaches: target, isFrontDoor: true }] : [] }
  }
}
