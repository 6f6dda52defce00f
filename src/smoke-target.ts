import { lookup as lookupCallback, type LookupAddress, type LookupAllOptions } from 'node:dns'
import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

/** Resolves a host name to every address it has; tests give their own. */
export type Lookup = (host: string) => Promise<string[]>

export const systemLookup: Lookup = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address)

// Link-local and the instance metadata service: on a self-hosted runner they hand out the instance's
// credentials (IMDS 169.254.169.254, fd00:ec2::254; ECS task credentials 169.254.170.2).
const FORBIDDEN = new BlockList()
FORBIDDEN.addSubnet('169.254.0.0', 16, 'ipv4')
FORBIDDEN.addSubnet('fe80::', 10, 'ipv6')
FORBIDDEN.addAddress('fd00:ec2::254', 'ipv6')

/** Whether an address is link-local or a metadata address (IPv4-mapped IPv6 addresses included). */
export function isLinkLocalOrMetadata(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return FORBIDDEN.check(address, 'ipv4')
  if (family !== 6) return false
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return FORBIDDEN.check(mapped[1], 'ipv4')
  return FORBIDDEN.check(address, 'ipv6')
}

/**
 * Why a smoke check must not request this URL, or undefined when it may. The URL comes from a stack output,
 * which a pull request's template sets: it must not point the runner at its own metadata service. The host
 * is checked as written and as every address it resolves to.
 */
export async function refusedTarget(url: string, resolve: Lookup = systemLookup): Promise<string | undefined> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'not a valid URL'
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `only http and https are requested, not ${parsed.protocol}`
  const host = parsed.hostname.replace(/^\[|\]$/g, '')
  const addresses = isIP(host) ? [host] : await resolve(host).catch(() => [] as string[])
  const bad = addresses.find(isLinkLocalOrMetadata)
  if (!bad) return undefined
  return `${host}${bad === host ? '' : ` resolves to ${bad}, which`} is a link-local or instance metadata address (refused unless smoke-allow-link-local: true)`
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void
type DnsLookup = (host: string, options: LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void

/**
 * The lookup of every connection a smoke check opens: the address is checked when the socket connects, so a
 * name that resolved to a harmless address at the check cannot resolve to the metadata service for the
 * request itself (DNS rebinding).
 */
export function connectLookup(dnsLookup: DnsLookup = lookupCallback as unknown as DnsLookup) {
  return (host: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void => {
    dnsLookup(host, { ...options, all: true } as LookupAllOptions, (err, addresses) => {
      if (err) return callback(err, [])
      const bad = addresses.find((a) => isLinkLocalOrMetadata(a.address))
      if (bad) {
        const refused = Object.assign(new Error(`${host} resolves to ${bad.address}, a link-local or instance metadata address (refused unless smoke-allow-link-local: true)`), { code: 'ELINKLOCAL' })
        return callback(refused, [])
      }
      if (options.all) return callback(null, addresses)
      if (addresses.length === 0) return callback(Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' }), [])
      callback(null, addresses[0].address, addresses[0].family)
    })
  }
}

/** fetch (undici's, loaded only when a smoke check runs) whose every connection goes through connectLookup. */
export async function guardedFetch(): Promise<typeof fetch> {
  const { Agent, fetch: undiciFetch } = await import('undici')
  const dispatcher = new Agent({ connect: { lookup: connectLookup() as never } })
  return ((url: string, init?: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch
}
