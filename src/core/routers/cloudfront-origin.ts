import type { Origin } from '../../aws/cloudfront.js'

/**
 * What an environment stack's origin-output may hold, and which origins the cloudfront router may move.
 * The output is untrusted (a pull request's template produces it): it is read strictly, as a DNS name.
 */

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/** Why a value is not an origin domain, or the domain (lower case, no final dot). */
export type OriginDomain = { ok: true; domainName: string } | { ok: false; why: string }

/**
 * An origin's domain name from an output: a bare host (abc.lambda-url.us-east-1.on.aws,
 * d111111abcdef8.cloudfront.net), or an http(s):// URL without path, port or query, whose host is taken
 * (a Lambda function URL output is `https://<host>/`). CloudFront takes neither an IP address nor a port in
 * an origin's domain name.
 */
export function parseOriginDomain(raw: string): OriginDomain {
  let host = raw.trim()
  if (/^[a-z][a-z0-9+.-]*:/i.test(host)) {
    let url: URL
    try {
      url = new URL(host)
    } catch {
      return { ok: false, why: 'it is not a URL nor a host name' }
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, why: `its scheme ${url.protocol} is not https` }
    if (url.username || url.password) return { ok: false, why: 'it carries credentials' }
    if (url.port) return { ok: false, why: "it has a port (set the origin's HTTPS port on the distribution and output the host only)" }
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
      return { ok: false, why: "it has a path or query (CloudFront adds a path through the origin's OriginPath; output the host only)" }
    }
    host = url.hostname
  }
  host = host.toLowerCase().replace(/\.$/, '')
  if (host === '') return { ok: false, why: 'it is empty' }
  if (host.length > 253) return { ok: false, why: 'it is longer than a DNS name may be (253)' }
  const labels = host.split('.')
  if (labels.length < 2) return { ok: false, why: 'it is not a fully qualified DNS name' }
  if (!labels.every((l) => LABEL.test(l))) return { ok: false, why: 'it is not a DNS name (letters, digits and hyphens between dots)' }
  if (/^\d+$/.test(labels[labels.length - 1])) return { ok: false, why: 'it is an IP address, which CloudFront does not take as an origin' }
  return { ok: true, domainName: host }
}

/** An origin domain compared as DNS compares it: case-insensitive, with or without the final dot (a URL's host, too). */
export function originKey(value: string): string {
  const parsed = parseOriginDomain(value)
  return parsed.ok ? parsed.domainName : value.trim().toLowerCase().replace(/\.$/, '')
}

export function sameOriginDomain(a: string, b: string): boolean {
  return originKey(a) === originKey(b)
}

const S3_BUCKET_DOMAIN = /\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/

/**
 * Why the origin may not move to `domainName`, or undefined when it may. Refused:
 * - an origin behind origin access control or an origin access identity: its content answers only the
 *   distribution's signed requests, so green cannot be smoke-tested on its own, and whether green's bucket or
 *   function grants the distribution cannot be known before users reach it;
 * - a VPC origin: its domain belongs to the VPC origin resource the distribution names, not to a stack;
 * - an S3 origin moving to a domain that is no S3 bucket's, which CloudFront refuses.
 */
export function unmovable(origin: Origin, domainName?: string): string | undefined {
  if (origin.OriginAccessControlId) return `origin ${origin.Id} uses origin access control ${origin.OriginAccessControlId}`
  if (origin.S3OriginConfig?.OriginAccessIdentity) return `origin ${origin.Id} uses the origin access identity ${origin.S3OriginConfig.OriginAccessIdentity}`
  if (origin.VpcOriginConfig) return `origin ${origin.Id} is a VPC origin (${origin.VpcOriginConfig.VpcOriginId})`
  if (origin.S3OriginConfig && domainName && !S3_BUCKET_DOMAIN.test(domainName)) return `origin ${origin.Id} is an S3 origin and ${domainName} is not an S3 bucket's domain`
  return undefined
}
