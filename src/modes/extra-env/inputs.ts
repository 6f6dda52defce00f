import { InputError } from '../../errors.js'
import {
  oneOf,
  parseBasePath,
  parseBoolean,
  parseDuration,
  parseHostname,
  parseHttpUrl,
  parseNumber,
  parseZoneAndRecord,
  PHASES,
  requireParameterValues,
  validateStackName,
  type InputGetter,
  type CommonInputs
} from '../../inputs.js'
import {
  DOMAIN_API_TYPES,
  ROUTE53_ROUTER_RECORD_TYPES,
  ROUTER_KINDS,
  type DoorInputs,
  type TrafficStep,
  type ExtraEnvInputs,
  type ExtraEnvModeInputs,
  type RouterKind,
  hasFrontDoor,
  isGradual,
  CLOUDFRONT_MAX_WEIGHT_PERCENT
} from '../../core/inputs.js'

export { DOMAIN_API_TYPES, type ExtraEnvInputs, type ExtraEnvModeInputs } from '../../core/inputs.js'

/** extra-env's input schema, on top of the common inputs. */
export function parseExtraEnvInputs(get: InputGetter, common: CommonInputs): ExtraEnvModeInputs {
  const inputs: ExtraEnvModeInputs = { ...common, mode: 'extra-env', extraEnv: parseExtraEnv(get, common.stackName) }
  requireRoomForLockTags(inputs)
  requireSmokeEndpoint(inputs)
  requireParameterValues(inputs)
  requireTimeForSteps(inputs)
  return inputs
}

/** The holds and the bake must fit in timeout-minutes (the lock lasts that long): else the run would stop half-way, refused now. */
function requireTimeForSteps(inputs: ExtraEnvModeInputs): void {
  const { trafficSteps, verifySeconds, phase } = inputs.extraEnv
  if (phase !== 'promote' && phase !== 'full') return
  const holdsMs = trafficSteps.reduce((sum, s) => sum + (s.holdMs ?? 0), 0)
  if (holdsMs === 0) return
  if (holdsMs + verifySeconds * 1000 >= inputs.timeoutMinutes * 60_000) {
    throw new InputError(
      'traffic-steps',
      `holds traffic for ${Math.ceil(holdsMs / 60_000)} min and verify-seconds adds ${verifySeconds} s, which do not fit in timeout-minutes (${inputs.timeoutMinutes}); raise timeout-minutes or shorten the holds`
    )
  }
}

/**
 * A target group is reachable only through a listener, so with router alb or target-group green has no URL
 * of its own that the action could derive: its smoke checks need endpoint-output.
 */
function requireSmokeEndpoint(inputs: ExtraEnvModeInputs): void {
  const { door, phase } = inputs.extraEnv
  if (door.router !== 'alb' && door.router !== 'target-group') return
  if (phase !== 'deploy' && phase !== 'full' && phase !== 'promote') return
  if (inputs.smoke.paths.length > 0 && !inputs.endpointOutput) {
    throw new InputError(
      'endpoint-output',
      `is required with smoke-path and router ${door.router}: green's target group is reached only through a listener, so give the key of the output that holds green's own URL (a test listener or its instances), such as GreenUrl`
    )
  }
}

function parseExtraEnv(get: InputGetter, stackName: string): ExtraEnvInputs {
  const phase = oneOf(get, 'phase', PHASES, 'full')
  const extraRaw = get('extra')
  let extra: string | undefined
  if (extraRaw !== '') {
    if (!/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/i.test(extraRaw)) {
      throw new InputError('extra', `"${extraRaw}" is not accepted; use a word of letters, digits and hyphens (at most 32), such as 2, green or pr-123`)
    }
    if (stackName.length + 1 + extraRaw.length > 128) throw new InputError('extra', `"${stackName}-${extraRaw}" would be longer than a stack name may be (128)`)
    extra = extraRaw
  }
  const olderThanRaw = get('older-than')
  const olderThanMs = olderThanRaw === '' ? undefined : parseDuration(olderThanRaw, 'older-than')
  if (olderThanMs !== undefined && phase !== 'destroy') {
    throw new InputError('older-than', `sweeps old previews and is used only with phase destroy, not with phase ${phase}; remove it, or set phase: destroy`)
  }
  if ((phase === 'deploy' || phase === 'full' || phase === 'promote') && !extra) {
    throw new InputError('extra', `is required for phase ${phase}: the name of the new environment, such as green or pr-123`)
  }
  if (phase === 'destroy' && !extra && olderThanMs === undefined) {
    throw new InputError('extra', 'is required for phase destroy unless older-than is given (to sweep old previews)')
  }
  const router = oneOf(get, 'router', ROUTER_KINDS, 'api-gateway')
  const domainName = router === 'api-gateway' ? parseHostname(get('domain-name'), 'domain-name', phase === 'promote' || phase === 'rollback' || phase === 'full') : undefined
  if (router === 'api-gateway' && phase === 'destroy' && olderThanMs !== undefined && !domainName) {
    throw new InputError('domain-name', 'is required with older-than: the sweep reads the domain to never delete the live environment')
  }
  const basePath = parseBasePath(get('base-path'))
  const domainApiType = oneOf(get, 'domain-api-type', DOMAIN_API_TYPES, 'auto')
  if (router !== 'cloudfront') parseStagingHeader(get('staging-header'), router)
  const door: DoorInputs = router === 'api-gateway' ? { router, domainName, basePath, domainApiType } : parseDoor(get, router)
  const previousRaw = get('previous-stack')
  const trafficSteps = parseTrafficSteps(get('traffic-steps'), router, { stagingHeader: door.router === 'cloudfront' && !!door.stagingHeader, promoting: phase === 'promote' || phase === 'full' })
  if (door.router === 'cloudfront' && isGradual(trafficSteps)) door.stepped = true
  return {
    extra,
    phase,
    door,
    keepPrevious: parseBoolean(get, 'keep-previous', false),
    previousStack: previousRaw === '' ? undefined : validateStackName(previousRaw, 'previous-stack'),
    verifySeconds: parseNumber(get, 'verify-seconds', 30, { min: 0, max: 3600 }),
    trafficSteps,
    verifyUrl: parseHttpUrl(get('verify-url'), 'verify-url'),
    olderThanMs,
    sweepConcurrency: parseNumber(get, 'sweep-concurrency', 8, { min: 1, max: 50, integer: true }),
    allowForks: parseBoolean(get, 'allow-forks', false),
    environment: get('environment') || undefined
  }
}

const HOLD_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 }

/**
 * traffic-steps: "10%:5m, 50%:5m, 100%". Each step but the last holds for its duration; the last is 100%
 * with none (verify-seconds bakes it). Every refusal names the input and the router, before any AWS call.
 */
export function parseTrafficSteps(raw: string, router: RouterKind, opts: { stagingHeader?: boolean; promoting?: boolean } = {}): TrafficStep[] {
  const text = raw.trim() === '' ? '100%' : raw
  const bad = (why: string) => new InputError('traffic-steps', `"${text.slice(0, 120)}" with router ${router}: ${why}`)
  const steps = text.split(',').map((part): TrafficStep => {
    const m = /^(\d{1,3})%(?:\s*:\s*(\d+)([smh]))?$/.exec(part.trim())
    if (!m) throw bad(`"${part.trim().slice(0, 40)}" is not a step; accepted: P% or P%:D with D like 30s, 5m or 1h, comma-separated, such as 10%:5m, 50%:5m, 100%`)
    const percent = Number(m[1])
    // 0%: CloudFront continuous deployment with staging-header sends green only the requests carrying that header
    if (percent === 0 && !opts.stagingHeader) {
      throw bad(
        router === 'cloudfront'
          ? '0% sends nothing to the new environment unless staging-header is given (then only the requests with that header reach it); accepted: 1% to 100%, or 0%:D with staging-header'
          : '0% is not a share of traffic; accepted: 1% to 100%'
      )
    }
    if (percent > 100) throw bad(`${percent}% is not a share of traffic; accepted: 1% to 100%`)
    const holdMs = m[2] === undefined ? undefined : Number(m[2]) * HOLD_UNITS[m[3]]
    if (holdMs === 0) throw bad(`${part.trim()} holds for no time; give a positive duration such as 30s`)
    return { percent, holdMs }
  })
  const last = steps[steps.length - 1]
  if (last.percent !== 100) throw bad(`the last step is ${last.percent}%; it must be 100% (all traffic on the new environment)`)
  if (last.holdMs !== undefined) throw bad('the last step, 100%, takes no duration: verify-seconds is the bake after it')
  for (const [i, s] of steps.slice(0, -1).entries()) {
    if (s.holdMs === undefined) throw bad(`the step ${s.percent}% has no duration; every step before the last needs one, such as ${s.percent}%:5m`)
    const next = steps[i + 1]
    if (next.percent <= s.percent)
      throw bad(`the steps go ${next.percent < s.percent ? 'down' : 'nowhere'} (${s.percent}% then ${next.percent}%); each step must send more traffic than the one before`)
  }
  const partial = steps.slice(0, -1)
  if (partial.length > 0) {
    if (router === 'api-gateway' || router === 'target-group') {
      throw new InputError('traffic-steps', `router ${router} moves all traffic at once: traffic-steps accepts only 100% (remove the partial steps, or use router route53 or alb for gradual shifting)`)
    }
    const over = partial.find((s) => s.percent > CLOUDFRONT_MAX_WEIGHT_PERCENT)
    if (opts.stagingHeader && opts.promoting && steps[0].percent !== 0) {
      throw new InputError(
        'staging-header',
        `reaches the new environment only in a 0% step of traffic-steps ("${text.slice(0, 120)}" has none); make the first step one, such as 0%:10m, 5%:5m, 100%, or remove staging-header`
      )
    }
    if (router === 'cloudfront' && over) {
      throw bad(
        `CloudFront continuous deployment sends at most ${CLOUDFRONT_MAX_WEIGHT_PERCENT}% by weight to the new environment before the promotion, and ${over.percent}% is more; use steps up to ${CLOUDFRONT_MAX_WEIGHT_PERCENT}%, then 100%`
      )
    }
  } else if (opts.stagingHeader && opts.promoting) {
    throw new InputError('staging-header', `reaches the new environment only in a 0% step of traffic-steps, which is "${text.slice(0, 120)}"; give one such as 0%:10m, 100%, or remove staging-header`)
  }
  return steps
}

/** What staging-header accepts: CloudFront routes to the staging distribution only headers "with the prefix aws-cf-cd-". */
const STAGING_HEADER = /^(aws-cf-cd-[a-z0-9-]{1,200})\s*:\s*([\x21-\x7e](?:[\x20-\x7e]{0,254}[\x21-\x7e])?)$/i

/** staging-header "aws-cf-cd-<name>: <value>", cloudfront only: the header (name lower-cased) and its value. */
export function parseStagingHeader(raw: string, router: RouterKind): { name: string; value: string } | undefined {
  const text = raw.trim()
  if (text === '') return undefined
  if (router !== 'cloudfront') {
    throw new InputError('staging-header', `is used only with router cloudfront (CloudFront continuous deployment), not with router ${router}; remove it`)
  }
  const m = STAGING_HEADER.exec(text)
  if (!m) {
    const name = text.split(':')[0].trim()
    const why = /^aws-cf-cd-/i.test(name)
      ? 'accepted: aws-cf-cd-<name>: <value>, the name of letters, digits and hyphens, the value of 1 to 256 printable ASCII characters'
      : `CloudFront sends to a staging distribution only headers whose name starts with aws-cf-cd- ("${untrustedName(name)}" does not); accepted: aws-cf-cd-<name>: <value>`
    throw new InputError('staging-header', `is not a header CloudFront continuous deployment takes: ${why}, such as aws-cf-cd-canary: true`)
  }
  return { name: m[1].toLowerCase(), value: m[2] }
}

function untrustedName(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '?').slice(0, 60)
}

const OUTPUT_NAME = /^[A-Za-z0-9]{1,255}$/

/** A stack output's key: alphanumeric, as CloudFormation's Outputs logical ids are. */
function outputName(get: InputGetter, input: string, required: string | undefined): string | undefined {
  const raw = get(input)
  if (raw === '') {
    if (required) throw new InputError(input, `is required with router ${required}: the key of the environment stack's output that holds it, such as ${EXAMPLE_OUTPUT[input] ?? 'AppEndpoint'}`)
    return undefined
  }
  if (!OUTPUT_NAME.test(raw))
    throw new InputError(input, `"${raw}" is not an output key; accepted: letters and digits (the Outputs key in the template), such as ${EXAMPLE_OUTPUT[input] ?? 'AppEndpoint'}`)
  return raw
}

const EXAMPLE_OUTPUT: Record<string, string> = {
  'origin-output': 'OriginDomainName',
  'target-output': 'LoadBalancerDnsName',
  'target-zone-output': 'LoadBalancerZoneId',
  'target-group-output': 'TargetGroupArn',
  'asg-output': 'AutoScalingGroupName'
}

// ARNs as Elastic Load Balancing documents them: listener/app/<lb>/<id>/<id>, listener-rule/app/<lb>/<id>/<id>/<id>, targetgroup/<name>/<id>.
const ELB_ARN = String.raw`^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:`
const LISTENER_ARN = new RegExp(`${ELB_ARN}listener/(app|net|gwy)/[A-Za-z0-9-]{1,32}/[0-9a-f]{1,32}/[0-9a-f]{1,32}$`)
const RULE_ARN = new RegExp(`${ELB_ARN}listener-rule/(app|net|gwy)/[A-Za-z0-9-]{1,32}/[0-9a-f]{1,32}/[0-9a-f]{1,32}/[0-9a-f]{1,32}$`)
const TARGET_GROUP_ARN = new RegExp(`${ELB_ARN}targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{1,32}$`)

function arn(get: InputGetter, input: string, shape: RegExp, example: string): string | undefined {
  const raw = get(input)
  if (raw === '') return undefined
  if (!shape.test(raw)) throw new InputError(input, `"${raw}" is not accepted; accepted: an ARN like ${example}`)
  return raw
}

/** The inputs that name each router's front door, all required before any AWS call. */
function parseDoor(get: InputGetter, router: Exclude<RouterKind, 'api-gateway'>): DoorInputs {
  switch (router) {
    case 'cloudfront': {
      const distributionId = get('distribution-id')
      if (distributionId === '') throw new InputError('distribution-id', 'is required with router cloudfront: the id of the distribution whose origin moves, such as E2QWRUHAPOMQZL')
      if (!/^[A-Z0-9]{1,32}$/.test(distributionId))
        throw new InputError('distribution-id', `"${distributionId}" is not a distribution id; accepted: upper-case letters and digits, such as E2QWRUHAPOMQZL`)
      const originId = get('origin-id')
      if (originId.length > 256) throw new InputError('origin-id', 'is longer than an origin id may be (256)')
      return { router, distributionId, originId: originId || undefined, originOutput: outputName(get, 'origin-output', router)!, stagingHeader: parseStagingHeader(get('staging-header'), router) }
    }
    case 'route53': {
      const { recordName, ...zone } = parseZoneAndRecord(get, ' with router route53')
      const recordType = oneOf(get, 'record-type', ROUTE53_ROUTER_RECORD_TYPES, 'CNAME')
      const targetOutput = outputName(get, 'target-output', router)!
      const targetZoneOutput = outputName(get, 'target-zone-output', undefined)
      if (recordType !== 'CNAME' && !targetZoneOutput) {
        throw new InputError(
          'record-type',
          `${recordType} moves between DNS names only as an alias: give target-zone-output (the output holding the target's hosted zone id), or set record-type: CNAME`
        )
      }
      if (recordType === 'CNAME' && targetZoneOutput) {
        throw new InputError('target-zone-output', 'makes the record an alias, which Route 53 allows for A and AAAA records only; set record-type: A (or AAAA), or remove target-zone-output')
      }
      return { router, ...zone, recordName, recordType, targetOutput, targetZoneOutput, skipTtlWait: parseBoolean(get, 'skip-ttl-wait', false) }
    }
    case 'alb': {
      const listenerArn = arn(get, 'listener-arn', LISTENER_ARN, 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my-alb/50dc6c495c0c9188/f2f7dc8efc522ab2')
      const listenerRuleArn = arn(get, 'listener-rule-arn', RULE_ARN, 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/my-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee')
      if (!listenerArn && !listenerRuleArn)
        throw new InputError('listener-arn', 'is required with router alb (or listener-rule-arn): the listener whose default action forwards to the live target group')
      if (listenerArn && listenerRuleArn)
        throw new InputError('listener-rule-arn', 'and listener-arn name two front doors; give one: listener-arn for the default action, listener-rule-arn for one rule')
      return { router, listenerArn, listenerRuleArn, targetGroupOutput: outputName(get, 'target-group-output', router)! }
    }
    case 'target-group': {
      const targetGroupArn = arn(get, 'target-group-arn', TARGET_GROUP_ARN, 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-targets/73e2d6bc24d8a067')
      if (!targetGroupArn) throw new InputError('target-group-arn', 'is required with router target-group: the shared target group both environments attach their Auto Scaling groups to')
      return { router, targetGroupArn, asgOutput: outputName(get, 'asg-output', router)! }
    }
  }
}

/** How many tags of its own a lock stack carries at most (lock-holder.ts LOCK_TAG_COUNT; a test keeps them equal, this module loads no AWS code). */
export const LOCK_TAG_COUNT = 11

/** The lock stack carries the user's tags and its own; CloudFormation refuses more than 50 on a stack. */
function requireRoomForLockTags(inputs: ExtraEnvModeInputs): void {
  if (!hasFrontDoor(inputs.extraEnv)) return
  const room = 50 - LOCK_TAG_COUNT
  if (inputs.tags.length > room) {
    throw new InputError(
      'tags',
      `${inputs.tags.length} tags given; at most ${room} with ${inputs.extraEnv.door.router === 'api-gateway' ? 'domain-name' : `router ${inputs.extraEnv.door.router}`} in extra-env mode (the ${inputs.extraEnv.door.router === 'api-gateway' ? 'domain' : 'front door'}'s lock stack carries them and ${LOCK_TAG_COUNT} of its own, 50 in all)`
    )
  }
}
