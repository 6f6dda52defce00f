import type { Strategy } from './types.js'

export const apiReplace: Strategy<'api-replace'> = async () => {
  throw new Error('mode api-replace is not built yet')
}
