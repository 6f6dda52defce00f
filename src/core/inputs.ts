import type { CommonInputs, ExtraEnvPhaseName } from '../inputs.js'

// What a blue-green run of the core is given. The extra-env mode's schema (src/modes/extra-env/inputs.ts)
// parses the action's inputs into it; the core defines it so that it never imports a mode.

export const DOMAIN_API_TYPES = ['auto', 'rest', 'http'] as const

export interface ExtraEnvInputs {
  extra?: string
  phase: ExtraEnvPhaseName
  domainName?: string
  basePath: string
  domainApiType: (typeof DOMAIN_API_TYPES)[number]
  keepPrevious: boolean
  previousStack?: string
  verifySeconds: number
  /** A URL that reaches the app through the custom domain, checked after the switch. */
  verifyUrl?: string
  olderThanMs?: number
  sweepConcurrency: number
  allowForks: boolean
  environment?: string
}

/** extra-env's inputs: `template` stays optional, as promote, rollback and destroy deploy nothing. */
export type ExtraEnvModeInputs = CommonInputs & { mode: 'extra-env'; extraEnv: ExtraEnvInputs }
