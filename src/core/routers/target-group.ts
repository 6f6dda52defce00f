import { attachedTargetGroups, attachTargetGroup, describeAutoScalingGroups, detachTargetGroup, type AutoScalingGroup } from '../../aws/autoscaling.js'
import { describeTargetGroup, targetHealth, type TargetHealthDescription } from '../../aws/elbv2.js'
import type { Context } from '../../context.js'
import { DeployError, TimeoutError } from '../../errors.js'
import type { EnvironmentStack } from '../environments.js'
import type { DoorOf } from '../inputs.js'
import { findOwnerByOutput, type Owner } from '../owner.js'
import type { LiveHint, Offer, Router, RoutesTo, StackView } from '../router.js'
import { offeredOutput, stackMembers, targetGroupName } from './elb-stacks.js'

/** What a fleet swap writes: the Auto Scaling group that alone serves the shared target group. */
export interface FleetTarget {
  asgName: string
}

/** The target group as read: every Auto Scaling group attached to it (sorted); `asgName` is the live one. */
export interface FleetReading extends FleetTarget {
  attached: string[]
}

// An Auto Scaling group's name, not its ARN: printable characters, at most 255 (Auto Scaling API reference).
const ASG_NAME = /^(?!arn:)[\x21-\x7e][\x20-\x7e]{0,254}$/

/** Lifecycle states in which an instance is (or is about to be) registered with the group's target groups. */
const SERVING_STATES = /^(Pending|InService)/

function servingInstances(group: AutoScalingGroup): string[] {
  return (group.Instances ?? []).filter((i) => SERVING_STATES.test(i.LifecycleState ?? '') && i.InstanceId).map((i) => i.InstanceId!)
}

function stateOf(health: TargetHealthDescription[], id: string): string {
  return health.find((t) => t.Target?.Id === id)?.TargetHealth?.State ?? 'not registered'
}

/**
 * The fleet swap on one shared target group: green's Auto Scaling group is attached, both serve until
 * green's instances are healthy in the target group, then blue's group is detached and drains. Rolling back
 * is the same write the other way: blue is attached again before green is detached.
 */
export class TargetGroupRouter implements Router<FleetTarget, FleetReading> {
  readonly kind = 'target-group'
  readonly services = ['elbv2', 'autoscaling'] as const
  readonly targetNoun = 'Auto Scaling group'
  readonly namedBy = 'target-group-arn'
  readonly doorNoun = 'The target group'
  readonly verb = 'routes to'
  readonly pastVerb = 'routed to'
  readonly nothingYet = 'has no Auto Scaling group attached yet'
  readonly where: string
  /** A target group has no address of its own: users reach it through its load balancer's listeners (verify-url). */
  readonly url = ''
  readonly lockKey: { scope: string; path: string }
  private readonly arn: string
  private checked = false
  private attachedNow?: Promise<string[]>

  constructor(
    private readonly ctx: Context,
    readonly door: DoorOf<'target-group'>,
    private readonly region: string
  ) {
    this.arn = door.targetGroupArn
    const [, name, id] = door.targetGroupArn.split(':').slice(5).join(':').split('/')
    this.where = `target group ${name}`
    this.lockKey = { scope: `tg-${name}-${id}`, path: '' }
  }

  async read(like?: FleetTarget): Promise<FleetReading | undefined> {
    const attached = await this.attached()
    if (attached.length === 0) return undefined
    // Several attached: a swap stopped between attach and detach, or someone attached one by hand. The one
    // being swapped in (`like`) is not the live one yet; `same` holds only when exactly one group is attached.
    const asgName = like && attached.includes(like.asgName) && attached.length > 1 ? attached.find((n) => n !== like.asgName)! : attached[0]
    return { asgName, attached }
  }

  /** Every Auto Scaling group of the region attached to the target group (Auto Scaling lists no reverse index). */
  private async attached(): Promise<string[]> {
    if (!this.checked) {
      if (!(await describeTargetGroup(this.ctx.clients.elbv2, this.arn))) {
        throw new DeployError(
          `The target group ${this.arn} (target-group-arn) does not exist in this account and region`,
          undefined,
          'Check target-group-arn and region: the shared target group is created once, outside the environment stacks.'
        )
      }
      this.checked = true
    }
    const groups = await describeAutoScalingGroups(this.ctx.clients.autoscaling)
    return groups
      .filter((g) => attachedTargetGroups(g).includes(this.arn))
      .map((g) => g.AutoScalingGroupName!)
      .sort()
  }

  async offer(env: StackView, _live: LiveHint<FleetReading>): Promise<Offer<FleetTarget>> {
    const name = offeredOutput(env, 'asg-output', this.door.asgOutput, ASG_NAME, 'an Auto Scaling group name')
    const [group] = await describeAutoScalingGroups(this.ctx.clients.autoscaling, [name])
    if (!group) {
      throw new DeployError(
        `Stack ${env.stackName}'s output ${this.door.asgOutput} (the asg-output input) names Auto Scaling group ${name}, which does not exist in ${this.region}`,
        undefined,
        'Make the output hold the name of the Auto Scaling group the environment stack creates (!Ref of its AWS::AutoScaling::AutoScalingGroup).'
      )
    }
    if (group.DesiredCapacity === 0) {
      throw new DeployError(
        `Stack ${env.stackName}'s Auto Scaling group ${name} (output ${this.door.asgOutput}, the asg-output input) has a desired capacity of 0: no instance of it would serve ${this.where}`,
        undefined,
        'Give the environment instances (MinSize, DesiredCapacity in its template) before promoting it.'
      )
    }
    return { target: { asgName: name } }
  }

  /** With several groups attached no single environment's id matches: a promotion or rollback then writes, and ends with one. */
  ownerKey(target: FleetTarget): string {
    const attached = 'attached' in target ? (target as FleetReading).attached : []
    return attached.length > 1 ? attached.join(' + ') : target.asgName
  }

  /**
   * The stack whose asg-output names the attached group. With several attached (a swap stopped between attach
   * and detach), the oldest of their stacks: the environment the swap was replacing, which a re-run replaces.
   */
  async findOwner(reading: FleetReading, candidates: () => Promise<EnvironmentStack[]>): Promise<Owner | undefined> {
    if (reading.attached.length <= 1) return findOwnerByOutput(this.door.asgOutput, reading.asgName, candidates)
    this.ctx.log.warning(`${reading.attached.length} Auto Scaling groups are attached to ${this.where} (${reading.attached.join(', ')}): all of them serve; a swap did not finish.`)
    const stacks = await candidates()
    const owners: { owner: Owner; createdAt: number }[] = []
    for (const name of reading.attached) {
      const owner = await findOwnerByOutput(this.door.asgOutput, name, candidates)
      if (owner) owners.push({ owner, createdAt: stacks.find((s) => s.stackName === owner.stackName)?.createdAt ?? 0 })
    }
    return owners.sort((a, b) => a.createdAt - b.createdAt)[0]?.owner
  }

  /**
   * Attach `to` (unless attached), wait until its instances are healthy in the target group, then detach every
   * other group. If `to` never gets healthy, it is detached again (the others never stopped serving).
   */
  async write(_current: FleetReading | undefined, to: FleetTarget): Promise<FleetReading> {
    const before = await this.attached()
    if (before.includes(to.asgName)) {
      this.ctx.log.info(`Auto Scaling group ${to.asgName} is already attached to ${this.where}.`)
    } else {
      this.ctx.log.info(`Attaching Auto Scaling group ${to.asgName} to ${this.where}: both fleets serve until it is healthy.`)
      await attachTargetGroup(this.ctx.clients.autoscaling, to.asgName, this.arn)
    }
    try {
      await this.waitHealthy(to.asgName)
    } catch (err) {
      if (before.some((n) => n !== to.asgName)) {
        this.ctx.log.info(`Detaching ${to.asgName} again: ${before.filter((n) => n !== to.asgName).join(', ')} still serve.`)
        await detachTargetGroup(this.ctx.clients.autoscaling, to.asgName, this.arn)
      }
      throw err
    }
    for (const other of (await this.attached()).filter((n) => n !== to.asgName)) {
      this.ctx.log.info(`Detaching Auto Scaling group ${other} from ${this.where}: its instances drain.`)
      await detachTargetGroup(this.ctx.clients.autoscaling, other, this.arn)
    }
    return (await this.read(to)) ?? { asgName: to.asgName, attached: [] }
  }

  /** Green counts as serving when every instance it runs is healthy in the target group (DescribeTargetHealth). */
  private async waitHealthy(asgName: string): Promise<void> {
    for (;;) {
      const [group] = await describeAutoScalingGroups(this.ctx.clients.autoscaling, [asgName])
      if (!group) throw new DeployError(`The Auto Scaling group ${asgName} does not exist any more`, undefined, 'Re-deploy its environment stack, then promote again.')
      if (group.DesiredCapacity === 0) {
        throw new DeployError(
          `The Auto Scaling group ${asgName} has a desired capacity of 0: no instance of it would serve ${this.where}`,
          undefined,
          'Give it instances (MinSize, DesiredCapacity), then promote again.'
        )
      }
      const ids = servingInstances(group)
      const health = await targetHealth(this.ctx.clients.elbv2, this.arn)
      const states = ids.map((id) => `${id} ${stateOf(health, id)}`)
      if (ids.length > 0 && ids.every((id) => stateOf(health, id) === 'healthy')) {
        this.ctx.log.info(`Auto Scaling group ${asgName}: ${ids.length} instance(s) healthy in ${this.where}.`)
        return
      }
      if (this.ctx.clock.now() + this.ctx.pollMs > this.ctx.deadline) {
        throw new TimeoutError(
          `Timed out (timeout-minutes) waiting for Auto Scaling group ${asgName} to be healthy in ${this.where}: ${states.join(', ') || 'no instance running yet'}`,
          undefined,
          "Its instances fail the target group's health check or never launched: check the health check path and port and the instances' logs; the fleet that served before still serves."
        )
      }
      this.ctx.log.info(`Waiting for Auto Scaling group ${asgName} to be healthy in ${this.where}: ${states.join(', ') || 'no instance running yet'}.`)
      await this.ctx.clock.sleep(this.ctx.pollMs)
    }
  }

  same(a: FleetTarget | undefined, b: FleetTarget | undefined): boolean {
    if (!a || !b) return a === b
    const setA = 'attached' in a ? (a as FleetReading).attached : [a.asgName]
    const setB = 'attached' in b ? (b as FleetReading).attached : [b.asgName]
    return setA.length === setB.length && setA.every((n, i) => n === setB[i])
  }

  describe(target: FleetTarget | undefined): string {
    if (!target) return 'nothing (no Auto Scaling group attached)'
    const attached = 'attached' in target ? (target as FleetReading).attached : [target.asgName]
    return attached.length > 1 ? `Auto Scaling groups ${attached.join(' and ')} (a swap in progress)` : `Auto Scaling group ${target.asgName}`
  }

  describeLive(reading: FleetReading): string {
    return this.describe(reading)
  }

  async routesTo(stackNameOrId: string, opts: { fresh?: boolean } = {}): Promise<RoutesTo> {
    const found: RoutesTo = { scope: `attachment of ${this.where}`, routes: [] }
    const groups = await stackMembers(this.ctx, stackNameOrId, this.door.asgOutput, 'AWS::AutoScaling::AutoScalingGroup')
    if (groups.length === 0) return found
    if ((opts.fresh ?? true) || !this.attachedNow) {
      this.ctx.log.info(`Reading the Auto Scaling groups attached to ${this.where}.`)
      this.attachedNow = this.attached()
    }
    for (const name of await this.attachedNow) {
      if (groups.includes(name)) found.routes.push({ where: this.where, reaches: `Auto Scaling group ${name}`, isFrontDoor: true })
    }
    return found
  }

  /** No request reaches blue's instances once none of them is registered and draining in the target group. */
  async drained(old: FleetTarget): Promise<void> {
    const [group] = await describeAutoScalingGroups(this.ctx.clients.autoscaling, [old.asgName])
    const ids = (group?.Instances ?? []).map((i) => i.InstanceId!).filter(Boolean)
    for (;;) {
      const health = await targetHealth(this.ctx.clients.elbv2, this.arn)
      const draining = ids.filter((id) => stateOf(health, id) === 'draining')
      if (draining.length === 0) return
      if (this.ctx.clock.now() + this.ctx.pollMs > this.ctx.deadline) {
        throw new TimeoutError(
          `Timed out (timeout-minutes) waiting for Auto Scaling group ${old.asgName}'s instances to drain from ${this.where}: ${draining.join(', ')} still draining`,
          undefined,
          'Green serves alone already; blue was kept. Re-run the phase once they are deregistered, or raise timeout-minutes above the deregistration delay.'
        )
      }
      this.ctx.log.info(`Waiting for ${draining.length} instance(s) of ${old.asgName} to finish draining from ${this.where} (deregistration delay of ${targetGroupName(this.arn)}).`)
      await this.ctx.clock.sleep(this.ctx.pollMs)
    }
  }
}
