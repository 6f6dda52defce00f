import type { Strategy } from './types.js'

export const route53Takeover: Strategy<'route53-takeover'> = async () => {
  throw new Error('mode route53-takeover is not built yet')
}
