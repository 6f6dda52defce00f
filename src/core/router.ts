import type { Stack } from '@aws-sdk/client-cloudformation'
import type { Service } from '../aws/clients.js'
import type { EnvironmentStack } from './environments.js'
import type { RouterKind } from './inputs.js'
import type { Owner } from './owner.js'

/**
 * A front door whose target decides which environment is live: the API Gateway custom domain mapping
 * (routers/api-gateway.ts), a CloudFront distribution's origin, a Route 53 record, an ALB listener or rule's
 * forward action, the Auto Scaling groups of one shared target group. The blue-green core (lock, what is
 * live, check-not-moved, switch, read back, verify, switch back, retire blue, the summary) works only
 * through this interface.
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
    /** The kind of what it reaches, before it in descriptions of the route: "rest" (a REST API). */
    kind?: string
    /** The route is this front door itself (not another route of the same domain, zone or listener). */
    isFrontDoor: boolean
  }[]
}

/** An environment stack as CloudFormation describes it, for a router to resolve what it offers the front door. */
export interface StackView {
  stackName: string
  stackId: string
  stack: Stack
  /** Its outputs by key. Untrusted: a pull request's template produces them. */
  outputs: Record<string, string>
}

/** What an environment stack offers the front door. */
export interface Offer<Target> {
  target: Target
  /**
   * Where the environment answers on its own, for smoke checks, when the router knows (an API's invoke URL,
   * https://<origin>); called only when endpoint-output is not given, which overrides it.
   */
  endpoint?: () => Promise<string | undefined>
  /** A word on the target for the preview comment and the log, after its id: "REST", "HTTP", "alias". */
  note?: string
}

/** The live side as read before green is resolved: a router may keep green's target like blue's (same logical id, same stage). */
export interface LiveHint<Reading> {
  reading?: Reading
  stackName?: string
}

export interface Router<Target = unknown, Reading extends Target = Target> {
  /** The kind of front door, as the `router` input names it. */
  readonly kind: RouterKind
  /** The front door in words, for logs and the summary: "api.example.com/v1", "distribution E123 origin app". */
  readonly where: string
  /** The URL users reach through the front door (the `domain-endpoint` output). */
  readonly url: string
  /** One lock per front door: the lock stack's name is derived from these two parts (lock.ts lockStackName). */
  readonly lockKey: { scope: string; path: string }
  /** The AWS services the router calls (their clients are loaded for the mode). */
  readonly services: readonly Service[]
  /** What a target's id is, for the summary's column and the PR comment: "API", "Origin", "Target group". */
  readonly targetNoun: string
  /** The action output that carries the live target's id after a switch, if the router has one (`rest-api-id`). */
  readonly idOutput?: string
  /** The inputs that name the front door, for "check ..." advice: "domain-name, base-path". */
  readonly namedBy: string
  /** The front door as a sentence starts: "The domain", "The distribution", "The record", "The listener". */
  readonly doorNoun: string
  /** How the log says where the door sends traffic: "maps to", "points to", "forwards to". */
  readonly verb: string
  /** The same in the past: "mapped to", "pointed to", "forwarded to". */
  readonly pastVerb: string
  /** What the door says when it routes nowhere: "has no mapping yet", "has no record yet". */
  readonly nothingYet: string

  /** Reads where the front door sends traffic now; undefined when it routes nowhere yet. `like` hints the kind of target expected. */
  read(like?: Target): Promise<Reading | undefined>
  /**
   * The target an environment stack offers this front door, from its resources or one of its outputs.
   * Throws a DeployError naming the input (origin-output, target-output, ...) when the stack lacks the
   * output or it holds no valid value.
   */
  offer(env: StackView, live: LiveHint<Reading>): Promise<Offer<Target>>
  /** The target's id in words and for comparison: an API id, an origin's domain name, a target group ARN. */
  ownerKey(target: Target): string
  /**
   * The environment stack that owns the live target: by physical id (API Gateway) or by the output that
   * holds the live value. `candidates` lists the stacks of stack-name (`baseName`), read at most once per run.
   */
  findOwner(reading: Reading, candidates: () => Promise<EnvironmentStack[]>, baseName: string): Promise<Owner | undefined>
  /**
   * Points the front door at `to` in one idempotent write (never delete-then-create in two writes: traffic
   * must not see a gap), creating the route when `current` is undefined. The caller reads back with read(). Only the
   * target's part of `to` is used: a Reading may be passed (switching back to what was read).
   */
  write(current: Reading | undefined, to: Target): Promise<Reading>
  /** Whether two targets are the same (a read compared with what was checked or written). */
  same(a: Target | undefined, b: Target | undefined): boolean
  /** A target in words, for logs and errors: "API abc123 stage prod", or "nothing (no mapping)". */
  describe(target: Target | undefined): string
  /**
   * The live reading in words for what is live: `id` "rest API abc123" (default), `log` "rest API abc123
   * stage prod", `error` "rest API abc123 (stage prod)". Routers without more to say use one text for all.
   */
  describeLive(reading: Reading, form?: 'id' | 'log' | 'error'): string
  /**
   * Every route of this front door that reaches the stack or one of its nested stacks: the look before a
   * stack is updated or deleted. Also other routes of the same front door (another base path of the domain,
   * another record of the zone, another rule of the listener). Read now, unless `fresh: false` lets a run
   * reuse one reading of the front door for many stacks (the sweep's candidates); the last look before a
   * delete is always fresh.
   */
  routesTo(stackNameOrId: string, opts?: { fresh?: boolean }): Promise<RoutesTo>
  /**
   * Routers with weights (ALB forward actions, Route 53 weighted records, CloudFront continuous deployment)
   * send `percent` (1 to 99) of traffic to green and the rest to blue, in one atomic write (Route 53: one
   * change batch that turns the simple record into two weighted ones, or re-weights them; ALB: one
   * ModifyListener/ModifyRule with both target groups). Never leaves the door without a route. The core
   * (shift.ts) calls it for each partial step of traffic-steps, holding each while it reads the alarms;
   * the last step, 100%, is `write(current, green)`, and putting all traffic back on blue is
   * `write(current, blue)`: `write` must turn a weighted door back into a single route in one write too.
   * `sides` names the two environment stacks (Route 53 names its weighted records after them).
   */
  setWeights?(blue: Target, green: Target, percent: number, sides?: { blue?: string; green: string }): Promise<void>
  /**
   * The share of traffic (0 to 100) the door sends to `green` now, when it is split by weight; undefined
   * when it routes to one target only (not weighted). A re-run of an interrupted stepped promotion resumes
   * from the step that matches it, never jumping to 100%. Routers with setWeights implement it.
   */
  readWeights?(green: Target): Promise<{ green: number } | undefined>
  /**
   * A step's share of traffic in words, when a percentage would not say it: CloudFront's 0% step with
   * staging-header sends green "the requests with header aws-cf-cd-canary", not 0% of anything. Undefined: "P% of <where>".
   */
  describeShare?(percent: number): string | undefined
  /**
   * Why the door cannot take partial steps now, read from AWS (CloudFront: a distribution with HTTP/3 takes no
   * continuous deployment policy); undefined when it can. Asked before green is deployed for a stepped release.
   */
  whyNoSteps?(): Promise<string | undefined>
  /**
   * Resolves once no traffic can reach `old` any more (CloudFront Deployed, a record's TTL, deregistration
   * delay and draining), before blue is deleted; logs why it waits. Absent when a write takes effect at once
   * (API Gateway).
   */
  drained?(old: Target): Promise<void>
}
