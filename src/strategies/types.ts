import type { Context } from '../context.js'
import type { Inputs, Mode } from '../inputs.js'

export type InputsOf<M extends Mode> = Extract<Inputs, { mode: M }>

/** One blue-green mode: reads like the runbook it automates, one named step after another. */
export type Strategy<M extends Mode> = (ctx: Context, inputs: InputsOf<M>) => Promise<void>
