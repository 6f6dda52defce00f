import {
  describeListener,
  describeLoadBalancer,
  describeRule,
  describeTargetGroup,
  deregistrationDelaySeconds,
  listenerRules,
  setListenerActions,
  setRuleActions,
  targetHealth,
  type Action,
  type Rule
} from '../../aws/elbv2.js'
import type { Context } from '../../context.js'
import { DeployError, TimeoutError } from '../../errors.js'
import type { EnvironmentStack } from '../environments.js'
import type { DoorOf } from '../inputs.js'
import { findOwnerByOutput, type Owner } from '../owner.js'
import type { LiveHint, Offer, Router, RoutesTo, StackView } from '../router.js'
import { offeredOutput, stackMembers, TARGET_GROUP_ARN, targetGroupName } from './elb-stacks.js'

/** What a switch of the listener or rule writes: the one target group its forward action sends to. */
export interface ForwardTarget {
  targetGroupArn: string
}

/** The forward as read, with every action of the listener's default action or of the rule, in order. */
export interface ForwardReading extends ForwardTarget {
  actions: Action[]
  /**
   * A forward split by weight between two target groups (a stepped shift, setWeights): both groups with their
   * weights, in the forward's order. `targetGroupArn` is then the group with the larger weight (the first at a tie).
   */
  split?: WeightedGroup[]
}

/** A target group of a forward action and its weight. */
export interface WeightedGroup {
  arn: string
  weight: number
}

/** The target groups a forward action sends to, with their weights (a plain TargetGroupArn is weight 1). */
export function forwardGroups(action: Action): WeightedGroup[] {
  const weighted = action.ForwardConfig?.TargetGroups ?? []
  if (weighted.length > 0) return weighted.filter((g) => g.TargetGroupArn).map((g) => ({ arn: g.TargetGroupArn!, weight: g.Weight ?? 1 }))
  return action.TargetGroupArn ? [{ arn: action.TargetGroupArn, weight: 1 }] : []
}

/** Where the actions forward: the one serving group, or the two of a weighted split; nothing when every weight is 0. */
export interface ForwardState {
  live?: string
  split?: WeightedGroup[]
}

/**
 * Where the actions forward. Refuses actions without a forward, and a forward split between more than two
 * target groups: a stepped shift (setWeights) writes two, blue's and green's, and findOwner checks that both
 * belong to the app.
 */
export function readForward(actions: Action[], input: string, where: string): ForwardState {
  const forwards = actions.filter((a) => a.Type === 'forward')
  if (forwards.length === 0) {
    throw new DeployError(
      `${where} (${input}) does not forward to a target group: its actions are ${actions.map((a) => a.Type).join(', ') || 'none'}`,
      undefined,
      `Point ${input} at a listener or rule whose action is forward to the live environment's target group; the router alb moves only a forward action.`
    )
  }
  const serving = forwards.flatMap(forwardGroups).filter((g) => g.weight > 0)
  if (serving.length > 2) {
    throw new DeployError(
      `${where} (${input}) forwards to ${serving.length} target groups with weight above 0 (${serving.map((g) => `${targetGroupName(g.arn)} ${g.weight}`).join(', ')}): which environment is live cannot be told`,
      undefined,
      'Send all of its traffic to one target group (weight 0 for the others) once by hand; a stepped shift of this router splits traffic between two groups only, blue and green.'
    )
  }
  if (serving.length < 2) return { live: serving[0]?.arn }
  const [first, second] = serving
  return { live: second.weight > first.weight ? second.arn : first.arn, split: serving }
}

/** ALB weights are 0 to 999; a share in percent is written as it is (blue 100 - percent, green percent). */
export function splitTo(actions: Action[], blue: string, green: string, percent: number): Action[] {
  if (!Number.isInteger(percent) || percent < 1 || percent > 99) throw new RangeError(`a split sends 1 to 99 percent to green, not ${percent}`)
  return forwardTo(actions, green).map((a) =>
    a.Type !== 'forward'
      ? a
      : {
          Type: 'forward',
          Order: a.Order,
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: blue, Weight: 100 - percent },
              { TargetGroupArn: green, Weight: percent }
            ],
            ...(a.ForwardConfig?.TargetGroupStickinessConfig ? { TargetGroupStickinessConfig: a.ForwardConfig.TargetGroupStickinessConfig } : {})
          }
        }
  )
}

/**
 * The actions with the forward sending everything to `to`: other actions (authenticate-oidc, authenticate-cognito)
 * keep their order and settings, the forward keeps its order and stickiness.
 */
export function forwardTo(actions: Action[], to: string): Action[] {
  return actions.map((a) => {
    if (a.Type === 'authenticate-oidc' && a.AuthenticateOidcConfig) {
      // DescribeListeners/DescribeRules never return the client secret; ModifyListener/ModifyRule keep the
      // stored one with UseExistingClientSecret (ELBv2 API reference, AuthenticateOidcActionConfig).
      const { ClientSecret: _secret, ...config } = a.AuthenticateOidcConfig
      return { ...a, AuthenticateOidcConfig: { ...config, UseExistingClientSecret: true } }
    }
    if (a.Type !== 'forward') return a
    const forward: Action = { Type: 'forward', Order: a.Order }
    if (a.ForwardConfig?.TargetGroups?.length) {
      forward.ForwardConfig = { TargetGroups: [{ TargetGroupArn: to, Weight: 1 }], TargetGroupStickinessConfig: a.ForwardConfig.TargetGroupStickinessConfig }
    } else {
      forward.TargetGroupArn = to
    }
    return forward
  })
}

/** The part of an ELB ARN after its resource type: listener/app/<lb>/<lb id>/<listener id>[/<rule id>]. */
function arnParts(arn: string): string[] {
  return arn.split(':').slice(5).join(':').split('/')
}

/** The listener a rule belongs to, from the rule's ARN (listener-rule/app/<lb>/<lb id>/<listener id>/<rule id>). */
export function listenerOfRule(ruleArn: string): string {
  return ruleArn.replace(':listener-rule/', ':listener/').replace(/\/[0-9a-f]+$/, '')
}

/**
 * The forward action of an ALB (or NLB) listener's default action, or of one listener rule: moving its target
 * group from blue's to green's moves every request at once (ModifyListener / ModifyRule).
 */
export class AlbRouter implements Router<ForwardTarget, ForwardReading> {
  readonly kind = 'alb'
  readonly services = ['elbv2'] as const
  readonly targetNoun = 'Target group'
  readonly namedBy = 'listener-arn, listener-rule-arn'
  readonly doorNoun: string
  readonly verb = 'forwards to'
  readonly pastVerb = 'forwarded to'
  readonly nothingYet = 'forwards to no target group yet'
  readonly where: string
  readonly lockKey: { scope: string; path: string }
  private readonly input: 'listener-arn' | 'listener-rule-arn'
  private readonly arn: string
  private readonly listenerArn: string
  /** The listener's URL, learned at the first read (the load balancer's DNS name needs a request). */
  private learnedUrl = ''
  /** When this run's writes took each target group's weight to 0: its deregistration delay counts from then. */
  private readonly unweightedAt = new Map<string, number>()
  private rules?: Promise<Rule[]>

  constructor(
    private readonly ctx: Context,
    readonly door: DoorOf<'alb'>,
    private readonly region: string
  ) {
    this.input = door.listenerRuleArn ? 'listener-rule-arn' : 'listener-arn'
    this.arn = door.listenerRuleArn ?? door.listenerArn ?? ''
    this.listenerArn = door.listenerRuleArn ? listenerOfRule(door.listenerRuleArn) : this.arn
    const parts = arnParts(this.arn)
    const [, , lb, , listenerId, ruleId] = parts
    this.doorNoun = ruleId ? 'The listener rule' : 'The listener'
    this.where = ruleId ? `rule ${ruleId} of listener ${listenerId} of ${lb}` : `listener ${listenerId} of ${lb}`
    this.lockKey = { scope: `alb-${ruleId ?? listenerId}`, path: '' }
  }

  /** http(s)://<load balancer DNS name>[:port], once a read has learned it. */
  get url(): string {
    return this.learnedUrl
  }

  async read(): Promise<ForwardReading | undefined> {
    return this.reading(await this.readActions())
  }

  private reading(actions: Action[]): ForwardReading | undefined {
    const { live, split } = readForward(actions, this.input, this.where)
    if (!live) return undefined
    return split ? { targetGroupArn: live, actions, split } : { targetGroupArn: live, actions }
  }

  /** The actions that decide where the front door sends traffic: the listener's default actions, or the rule's. */
  private async readActions(): Promise<Action[]> {
    const listener = await describeListener(this.ctx.clients.elbv2, this.listenerArn)
    if (!listener) throw this.missing(this.door.listenerRuleArn ? `The listener of rule ${this.arn}` : `The listener ${this.arn}`)
    await this.learnUrl(listener.LoadBalancerArn, listener.Protocol, listener.Port)
    if (!this.door.listenerRuleArn) return listener.DefaultActions ?? []
    const rule = await describeRule(this.ctx.clients.elbv2, this.door.listenerRuleArn)
    if (!rule) throw this.missing(`The listener rule ${this.arn}`)
    this.learnHost(rule)
    return rule.Actions ?? []
  }

  private missing(what: string): DeployError {
    return new DeployError(
      `${what} does not exist in this account and region (${this.region})`,
      undefined,
      `Check ${this.input} and region: the front door is created once, outside the environment stacks.`
    )
  }

  private async learnUrl(loadBalancerArn: string | undefined, protocol: string | undefined, port: number | undefined): Promise<void> {
    if (this.learnedUrl || !loadBalancerArn || (protocol !== 'HTTP' && protocol !== 'HTTPS')) return
    const lb = await describeLoadBalancer(this.ctx.clients.elbv2, loadBalancerArn)
    if (!lb?.DNSName) return
    const scheme = protocol.toLowerCase()
    const standard = (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443)
    this.learnedUrl = `${scheme}://${lb.DNSName.toLowerCase()}${standard || port === undefined ? '' : `:${port}`}`
  }

  /** A rule for one exact host name is reached by that name, not by the load balancer's. */
  private learnHost(rule: Rule): void {
    const hosts = rule.Conditions?.filter((c) => c.Field === 'host-header').flatMap((c) => c.HostHeaderConfig?.Values ?? c.Values ?? []) ?? []
    if (this.learnedUrl && hosts.length === 1 && /^[a-z0-9.-]+$/i.test(hosts[0])) {
      const url = new URL(this.learnedUrl)
      url.hostname = hosts[0].toLowerCase()
      this.learnedUrl = url.origin
    }
  }

  async offer(env: StackView, _live: LiveHint<ForwardReading>): Promise<Offer<ForwardTarget>> {
    const arn = offeredOutput(env, 'target-group-output', this.door.targetGroupOutput, TARGET_GROUP_ARN, 'a target group ARN')
    const group = await describeTargetGroup(this.ctx.clients.elbv2, arn)
    if (!group) {
      throw new DeployError(
        `Stack ${env.stackName}'s output ${this.door.targetGroupOutput} (the target-group-output input) names target group ${targetGroupName(arn)}, which does not exist in ${this.region}`,
        undefined,
        'Make the output hold the ARN of the target group the environment stack creates (!Ref of its AWS::ElasticLoadBalancingV2::TargetGroup).'
      )
    }
    const listener = await describeListener(this.ctx.clients.elbv2, this.listenerArn)
    const others = (group.LoadBalancerArns ?? []).filter((lb) => lb !== listener?.LoadBalancerArn)
    if (listener && others.length > 0) {
      // A target group of an Application Load Balancer serves one load balancer only; ModifyListener would fail.
      throw new DeployError(
        `Stack ${env.stackName}'s output ${this.door.targetGroupOutput} (the target-group-output input) names target group ${targetGroupName(arn)}, which another load balancer uses (${others.join(', ')})`,
        undefined,
        "Give each environment its own target group, used only by this listener's load balancer."
      )
    }
    return { target: { targetGroupArn: arn }, note: targetGroupName(arn) }
  }

  ownerKey(target: ForwardTarget): string {
    return target.targetGroupArn
  }

  /**
   * The stack whose target-group-output holds the live group. A split forward is read only when both of its
   * groups are environments of the app (a stepped shift of this action wrote it): another split is refused.
   */
  async findOwner(reading: ForwardReading, candidates: () => Promise<EnvironmentStack[]>): Promise<Owner | undefined> {
    const owner = await findOwnerByOutput(this.door.targetGroupOutput, reading.targetGroupArn, candidates)
    const other = reading.split?.find((g) => g.arn !== reading.targetGroupArn)
    if (owner && other && !(await findOwnerByOutput(this.door.targetGroupOutput, other.arn, candidates))) {
      throw new DeployError(
        `${this.where} (${this.input}) splits traffic between target groups ${this.describeSplit(reading.split!)}, and ${targetGroupName(other.arn)} is no environment of this app (no stack of stack-name holds it in ${this.door.targetGroupOutput}): which environment is live cannot be told`,
        undefined,
        'Send all of its traffic to one target group (weight 0 for the others) once by hand; the action moves weights only between the target groups of its own environments.'
      )
    }
    return owner
  }

  /**
   * Sends `percent` of the traffic to green and the rest to blue in one ModifyListener / ModifyRule: the forward
   * holds both groups in its ForwardConfig (weights 100 - percent and percent); the other actions, the order and
   * the stickiness stay as they are.
   */
  async setWeights(blue: ForwardTarget, green: ForwardTarget, percent: number): Promise<void> {
    const before = await this.readActions()
    const actions = splitTo(before, blue.targetGroupArn, green.targetGroupArn, percent)
    this.ctx.log.info(
      `Forwarding ${this.where} to target groups ${targetGroupName(blue.targetGroupArn)} (weight ${100 - percent}) and ${targetGroupName(green.targetGroupArn)} (weight ${percent}) (${this.modifyCall}).`
    )
    await this.writeActions(before, actions)
  }

  /** Green's share of a split forward in percent; undefined when the forward sends to one group only. */
  async readWeights(green: ForwardTarget): Promise<{ green: number } | undefined> {
    const { split } = readForward(await this.readActions(), this.input, this.where)
    if (!split) return undefined
    const total = split.reduce((sum, g) => sum + g.weight, 0)
    const share = split.find((g) => g.arn === green.targetGroupArn)?.weight ?? 0
    return { green: Math.round((share * 100) / total) }
  }

  private get modifyCall(): string {
    return this.door.listenerRuleArn ? 'ModifyRule' : 'ModifyListener'
  }

  /** Writes the actions; notes when each group that served before stopped serving (for drained). */
  private async writeActions(before: Action[], actions: Action[]): Promise<Action[]> {
    const written = this.door.listenerRuleArn
      ? (await setRuleActions(this.ctx.clients.elbv2, this.door.listenerRuleArn, actions))?.Actions
      : (await setListenerActions(this.ctx.clients.elbv2, this.listenerArn, actions))?.DefaultActions
    const now = written ?? actions
    const serving = (list: Action[]) =>
      list
        .filter((a) => a.Type === 'forward')
        .flatMap(forwardGroups)
        .filter((g) => g.weight > 0)
        .map((g) => g.arn)
    const after = new Set(serving(now))
    for (const arn of serving(before)) if (!after.has(arn)) this.unweightedAt.set(arn, this.ctx.clock.now())
    return now
  }

  async write(current: ForwardReading | undefined, to: ForwardTarget): Promise<ForwardReading> {
    // a split forward (a stepped shift) becomes one group again in this same write
    const before = current?.actions ?? (await this.readActions())
    const actions = forwardTo(before, to.targetGroupArn)
    this.ctx.log.info(`Forwarding ${this.where} to target group ${targetGroupName(to.targetGroupArn)} (${this.modifyCall}).`)
    const now = await this.writeActions(before, actions)
    return this.reading(now) ?? { targetGroupArn: to.targetGroupArn, actions: now }
  }

  same(a: ForwardTarget | undefined, b: ForwardTarget | undefined): boolean {
    if (!a || !b) return a === b
    // a split forward is the same only as the same split: a switch is read back as one group, not as a split
    const weights = (t: ForwardTarget) => (t as ForwardReading).split?.map((g) => `${g.arn}=${g.weight}`).join(',') ?? ''
    return a.targetGroupArn === b.targetGroupArn && weights(a) === weights(b)
  }

  describe(target: ForwardTarget | ForwardReading | undefined): string {
    if (!target) return 'nothing (no forward with weight above 0)'
    const split = (target as ForwardReading).split
    return split ? `target groups ${this.describeSplit(split)}` : `target group ${targetGroupName(target.targetGroupArn)}`
  }

  /** "shop-blue (weight 90) and shop-green (weight 10)". */
  private describeSplit(split: WeightedGroup[]): string {
    return split.map((g) => `${targetGroupName(g.arn)} (weight ${g.weight})`).join(' and ')
  }

  describeLive(reading: ForwardReading): string {
    return this.describe(reading)
  }

  async routesTo(stackNameOrId: string, opts: { fresh?: boolean } = {}): Promise<RoutesTo> {
    const found: RoutesTo = { scope: `rule of listener ${arnParts(this.listenerArn)[4]}`, routes: [] }
    const groups = await stackMembers(this.ctx, stackNameOrId, this.door.targetGroupOutput, 'AWS::ElasticLoadBalancingV2::TargetGroup')
    if (groups.length === 0) return found
    if ((opts.fresh ?? true) || !this.rules) {
      this.ctx.log.info(`Reading every rule of listener ${this.listenerArn} for the target groups it forwards to.`)
      this.rules = listenerRules(this.ctx.clients.elbv2, this.listenerArn)
    }
    for (const rule of await this.rules) {
      for (const g of (rule.Actions ?? []).filter((a) => a.Type === 'forward').flatMap(forwardGroups)) {
        if (!groups.includes(g.arn)) continue
        const isFrontDoor = this.door.listenerRuleArn ? rule.RuleArn === this.door.listenerRuleArn : rule.IsDefault === true
        found.routes.push({
          where: rule.IsDefault ? `default action of listener ${arnParts(this.listenerArn)[4]}` : `rule ${rule.Priority} (${rule.RuleArn})`,
          reaches: `target group ${targetGroupName(g.arn)}${g.weight === 1 ? '' : ` (weight ${g.weight})`}`,
          isFrontDoor
        })
      }
    }
    return found
  }

  /**
   * No request reaches blue's target group once the forward moved and its deregistration delay passed (the
   * time the load balancer gives requests in flight), and none of its targets is still draining.
   */
  async drained(old: ForwardTarget): Promise<void> {
    const name = targetGroupName(old.targetGroupArn)
    const delayMs = (await deregistrationDelaySeconds(this.ctx.clients.elbv2, old.targetGroupArn)) * 1000
    // From the write that took the old group's weight to 0 (the final switch of a stepped shift). A run that
    // resumes an earlier run's switch does not know when it happened: it waits the whole delay.
    const until = (this.unweightedAt.get(old.targetGroupArn) ?? this.ctx.clock.now()) + delayMs
    const waitMs = until - this.ctx.clock.now()
    if (waitMs > 0) {
      if (until > this.ctx.deadline) throw this.drainTimeout(name, `its deregistration delay (${delayMs / 1000} s) ends after timeout-minutes`)
      this.ctx.log.info(`Waiting ${Math.ceil(waitMs / 1000)} s before blue goes: the deregistration delay of target group ${name} lets requests in flight finish.`)
      await this.ctx.clock.sleep(waitMs)
    }
    for (;;) {
      const draining = (await targetHealth(this.ctx.clients.elbv2, old.targetGroupArn)).filter((t) => t.TargetHealth?.State === 'draining')
      if (draining.length === 0) return
      if (this.ctx.clock.now() + this.ctx.pollMs > this.ctx.deadline) throw this.drainTimeout(name, `${draining.length} of its targets are still draining`)
      this.ctx.log.info(`Target group ${name}: ${draining.length} target(s) still draining (${draining.map((t) => t.Target?.Id).join(', ')}).`)
      await this.ctx.clock.sleep(this.ctx.pollMs)
    }
  }

  private drainTimeout(name: string, why: string): TimeoutError {
    return new TimeoutError(
      `Timed out (timeout-minutes) waiting for target group ${name} to drain: ${why}`,
      undefined,
      'Traffic already goes to green; blue was kept. Re-run the phase once its requests have finished, or raise timeout-minutes above the deregistration delay.'
    )
  }
}
