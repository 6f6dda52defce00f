// DNS names as Route 53 and the environment stacks' outputs spell them.

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/

/** A DNS name for display and writing: lower case, without the root's final dot. */
export function plainDnsName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '')
}

/** The DNS name an output holds, or undefined when it holds anything else (a URL, a path, spaces, an address). */
export function dnsNameOf(raw: string): string | undefined {
  const name = plainDnsName(raw)
  if (!HOSTNAME.test(name) || /^[0-9.]+$/.test(name)) return undefined
  return name
}

/**
 * Whether two DNS names name the same target: case and a final dot do not matter, and Route 53 answers an
 * alias to a load balancer created as "dualstack.<name>" (what the console writes, for A and AAAA answers)
 * with that prefix, while the load balancer's DNSName attribute has none.
 */
export function sameDnsName(a: string, b: string): boolean {
  const bare = (n: string) => plainDnsName(n).replace(/^dualstack\./, '')
  return bare(a) === bare(b)
}

/** A hosted zone id as an output may hold it (with or without /hostedzone/), or undefined when it is none. */
export function hostedZoneIdOf(raw: string): string | undefined {
  const id = raw.trim().replace(/^\/hostedzone\//, '')
  return /^[A-Z0-9]{1,32}$/.test(id) ? id : undefined
}
