// The mode types live in src/modes/types.ts; this keeps src/strategies/extra-env.ts and src/extra-env/ compiling until they move.
export type { Inputs, InputsOf, Strategy } from '../modes/types.js'
