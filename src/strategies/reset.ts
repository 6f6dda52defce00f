import type { Strategy } from './types.js'

export const reset: Strategy<'reset'> = async () => {
  throw new Error('mode reset is not built yet')
}
