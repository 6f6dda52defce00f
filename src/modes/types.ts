import type { Context } from '../context.js'
import type { Mode } from '../inputs.js'
import type { ApiReplaceModeInputs } from './api-replace/inputs.js'
import type { ExtraEnvModeInputs } from './extra-env/inputs.js'
import type { ResetModeInputs } from './reset/inputs.js'
import type { Route53ModeInputs } from './route53-takeover/inputs.js'

/** Every input parsed: the common ones and the chosen mode's own, by mode. */
export type Inputs = ExtraEnvModeInputs | ApiReplaceModeInputs | ResetModeInputs | Route53ModeInputs

export type InputsOf<M extends Mode> = Extract<Inputs, { mode: M }>

/** One blue-green mode: reads like the runbook it automates, one named step after another. */
export type Strategy<M extends Mode> = (ctx: Context, inputs: InputsOf<M>) => Promise<void>
