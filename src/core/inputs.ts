import type { CommonInputs, ExtraEnvPhaseName } from '../inputs.js'

// What a blue-green run of the core is given. The extra-env mode's schema (src/modes/extra-env/inputs.ts)
// parses the action's inputs into it; the core defines it so that it never imports a mode.

export const DOMAIN_API_TYPES = ['auto', 'rest', 'http'] as const
export const ROUTER_KINDS = ['api-gateway', 'cloudfront', 'route53', 'alb', 'target-group'] as const
export type RouterKind = (typeof ROUTER_KINDS)[number]
export const ROUTE53_ROUTER_RECORD_TYPES = ['CNAME', 'A', 'AAAA'] as const
/** The largest share CloudFront continuous deployment sends to a staging distribution by weight: a SingleWeight policy's weight is "a decimal number between 0 and 0.15" (ContinuousDeploymentSingleWeightConfig). */
export const CLOUDFRONT_MAX_WEIGHT_PERCENT = 15

/** The front door a run of extra-env moves, by `router`: the inputs that name it and the output green offers it. */
export type DoorInputs =
  | {
      router: 'api-gateway'
      /** Absent for deploy and destroy without a domain: the live checks then read every custom domain of the region. */
      domainName?: string
      basePath: string
      domainApiType: (typeof DOMAIN_API_TYPES)[number]
    }
  | {
      router: 'cloudfront'
      distributionId: string
      /** The origin that moves; absent: the default cache behavior's origin. */
      originId?: string
      /** The environment stack's output holding the origin's domain name. */
      originOutput: string
      /** staging-header: the one request header that reaches green in the 0% steps of traffic-steps (CloudFront continuous deployment). */
      stagingHeader?: { name: string; value: string }
      /** traffic-steps has partial steps: a release may leave a staging distribution to delete once blue is drained. */
      stepped?: boolean
    }
  | {
      router: 'route53'
      hostedZoneId?: string
      hostedZoneName?: string
      recordName: string
      recordType: (typeof ROUTE53_ROUTER_RECORD_TYPES)[number]
      /** The output holding green's DNS name. */
      targetOutput: string
      /** The output holding that name's hosted zone id: the record is then an alias. */
      targetZoneOutput?: string
      skipTtlWait: boolean
    }
  | {
      router: 'alb'
      /** One of the two: the listener's default action, or one rule's forward action. */
      listenerArn?: string
      listenerRuleArn?: string
      /** The output holding the environment's target group ARN. */
      targetGroupOutput: string
    }
  | {
      router: 'target-group'
      targetGroupArn: string
      /** The output holding the environment's Auto Scaling group name. */
      asgOutput: string
    }

/**
 * One step of traffic-steps: `percent` of traffic on green, held for `holdMs` while the alarms and smoke
 * checks are read. The last step is 100% with no hold (verify-seconds is the bake after it).
 */
export interface TrafficStep {
  percent: number
  holdMs?: number
}

/** Whether the steps move traffic gradually (any step below 100%), which needs a router with weights. */
export function isGradual(steps: readonly TrafficStep[]): boolean {
  return steps.some((s) => s.percent < 100)
}

export type DoorOf<K extends RouterKind> = Extract<DoorInputs, { router: K }>

export interface ExtraEnvInputs {
  extra?: string
  phase: ExtraEnvPhaseName
  /** The front door: which router and the inputs that name it. */
  door: DoorInputs
  keepPrevious: boolean
  previousStack?: string
  verifySeconds: number
  /** traffic-steps: the partial steps in rising order, then 100% (the default is 100% alone: one switch). */
  trafficSteps: TrafficStep[]
  /** A URL that reaches the app through the front door, checked after the switch. */
  verifyUrl?: string
  olderThanMs?: number
  sweepConcurrency: number
  allowForks: boolean
  environment?: string
}

/** Whether the run names a front door to lock and read (every router but api-gateway without domain-name always does). */
export function hasFrontDoor(e: Pick<ExtraEnvInputs, 'door'>): boolean {
  return e.door.router !== 'api-gateway' || !!e.door.domainName
}

/** extra-env's inputs: `template` stays optional, as promote, rollback and destroy deploy nothing. */
export type ExtraEnvModeInputs = CommonInputs & { mode: 'extra-env'; extraEnv: ExtraEnvInputs }
