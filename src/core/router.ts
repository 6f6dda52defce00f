import type { Service } from '../aws/clients.js'
import type { Environment } from './environments.js'

/**
 * A front door whose target decides which environment is live: the API Gateway custom domain mapping today
 * (routers/api-gateway.ts); CloudFront, Route 53, ALB and target-group fleet swaps next. The blue-green core
 * (lock, what is live, check-not-moved, switch, read back, verify, switch back, retire blue, the summary)
 * works only through this interface.
 *
 * `Target` is what a switch writes; `Reading` is what a read returns (the target plus what the front door
 * needs to update it in place, such as an API mapping's id or a distribution's ETag).
 */
/** What routesTo found: the routes into one stack, and what was searched, in words. */
export interface RoutesTo {
  /** What was searched, as "No <scope> maps to <stack>" reads: "base path of api.example.com". */
  scope: string
  routes: {
    /** The route in words: "api.example.com/v1". */
    where: string
    /** What it reaches, in words: "API abc123". */
    reaches: string
    /** The route is this front door itself (not another route of the same domain, zone or listener). */
    isFrontDoor: boolean
  }[]
}

export interface Router<Target = unknown, Reading extends Target = Target> {
  /** The kind of front door, as the `router` of a mode names it: 'api-gateway'. */
  readonly kind: string
  /** The front door in words, for logs and the summary: "api.example.com/v1". */
  readonly where: string
  /** The URL users reach through the front door (the `domain-endpoint` output). */
  readonly url: string
  /** One lock per front door: the lock stack's name is derived from these two parts (lock.ts lockStackName). */
  readonly lockKey: { scope: string; path: string }
  /** The AWS services the router calls (their clients are loaded for the mode). */
  readonly services: readonly Service[]

  /** Reads where the front door sends traffic now; undefined when it routes nowhere yet. `like` hints the kind of target expected. */
  read(like?: Target): Promise<Reading | undefined>
  /** The target an environment stack offers to this front door (from its resources and outputs). */
  targetOf(env: Environment): Target
  /** What the live target is matched to its environment stack by: a physical id or a stack output's value. */
  ownerKey(target: Target): string
  /**
   * Points the front door at `to` in one idempotent write (never delete-then-create: traffic must not see a
   * gap), creating the route when `current` is undefined. The caller reads back with read().
   */
  write(current: Reading | undefined, to: Target): Promise<Reading>
  /** Whether two targets are the same (a read compared with what was checked or written). */
  same(a: Target | undefined, b: Target | undefined): boolean
  /** A target in words, for logs and errors: "API abc123 stage prod", or "nothing (no mapping)". */
  describe(target: Target | undefined): string
  /**
   * Every route of this front door, read now (never cached), that reaches the stack or one of its nested
   * stacks: the last look before a stack is deleted. Also other routes of the same front door (another base
   * path of the domain, another record of the zone, another rule of the listener).
   */
  routesTo(stackNameOrId: string): Promise<RoutesTo>
  /** Routers with weights (ALB forward actions, Route 53 weighted records) send `percent` of traffic to green. */
  setWeights?(blue: Target, green: Target, percent: number): Promise<void>
  /**
   * Resolves once no traffic can reach `old` any more (CloudFront Deployed, a record's TTL, deregistration
   * delay and draining), before blue is deleted. Absent when a write takes effect at once (API Gateway).
   */
  drained?(old: Target): Promise<void>
}
