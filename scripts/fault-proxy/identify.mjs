// Which AWS service and operation a signed SDK request is for.
import { readFileSync } from 'node:fs'

// Generated from the SDK clients' HTTP bindings (see docs/fault-proxy.md): [method, uri template, operation].
const ROUTES = JSON.parse(readFileSync(new URL('../fault-proxy-routes.json', import.meta.url), 'utf8'))

const SCOPE = /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/

function compile(rows) {
  return rows
    .map(([method, template, operation]) => {
      const [path, query] = template.split('?')
      const pattern = path
        .replace(/\./g, '\\.')
        .replace(/\{[^}]+\+\}/g, '(.+)')
        .replace(/\{[^}]+\}/g, '([^/]+)')
      const literal = path.replace(/\{[^}]+\}/g, '').length
      return { method, regex: new RegExp(`^${pattern}/?$`), query: query ? new URLSearchParams(query) : undefined, operation, score: literal + (query ? 1000 : 0) }
    })
    .sort((a, b) => b.score - a.score)
}

const TABLES = Object.fromEntries(Object.entries(ROUTES).map(([service, rows]) => [service, compile(rows)]))

function routeOperation(service, method, url) {
  const [path, query = ''] = url.split('?')
  const search = new URLSearchParams(query)
  for (const route of TABLES[service] ?? []) {
    if (route.method !== method || !route.regex.test(path)) continue
    if (route.query && [...route.query].some(([k, v]) => search.get(k) !== v)) continue
    return route.operation
  }
  return `${method} ${path}`
}

/**
 * @returns {{ service: string, operation: string, region?: string, known: boolean, params?: URLSearchParams }}
 * known: one of the services the proxy speaks the error format of; other requests pass untouched.
 */
export function identify(method, url, headers, body) {
  const scope = SCOPE.exec(String(headers.authorization ?? ''))
  if (!scope) return { service: 'unsigned', operation: `${method} ${url.split('?')[0]}`, known: false }
  const [, region, signingName] = scope
  if (signingName === 'cloudformation') {
    const params = new URLSearchParams(body.toString('utf8'))
    return { service: 'cloudformation', operation: params.get('Action') ?? 'Unknown', region, known: true, params }
  }
  if (signingName === 'apigateway') {
    // API Gateway v1 and v2 share the signing name; v2's paths all start with /v2/.
    const service = url.startsWith('/v2/') ? 'apigatewayv2' : 'apigateway'
    return { service, operation: routeOperation(service, method, url), region, known: true }
  }
  if (signingName === 'route53') {
    return { service: 'route53', operation: routeOperation('route53', method, url), region, known: true }
  }
  return { service: signingName, operation: `${method} ${url.split('?')[0]}`, region, known: false }
}
