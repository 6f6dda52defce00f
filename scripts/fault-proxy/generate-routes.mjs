// Regenerates scripts/fault-proxy-routes.json from the installed SDK clients' HTTP bindings:
// `node scripts/fault-proxy/generate-routes.mjs` after an SDK update. Each row: [method, URI template, operation].
import { readFileSync, writeFileSync } from 'node:fs'

const CLIENTS = { apigateway: 'client-api-gateway', apigatewayv2: 'client-apigatewayv2', route53: 'client-route-53' }
// An operation schema in the bundled client: `var GetRestApi$ = [9, n0, _GRA, { [_ht]: ["GET", "/restapis/{restApiId}", 200] }, ...`
const BINDING = /var (\w+)\$ = \[9, n0, _\w+,\s*\{ \[_ht\]: \["(\w+)", "([^"]+)"/g

const root = new URL('../../', import.meta.url)
const blocks = Object.entries(CLIENTS).map(([service, pkg]) => {
  const source = readFileSync(new URL(`node_modules/@aws-sdk/${pkg}/dist-cjs/index.js`, root), 'utf8')
  const rows = [...source.matchAll(BINDING)].map(([, operation, method, template]) => [method, template, operation])
  if (!rows.length) throw new Error(`no HTTP bindings found in @aws-sdk/${pkg}: the bundle's layout changed`)
  return `  "${service}": [\n${rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]`
})
writeFileSync(new URL('scripts/fault-proxy-routes.json', root), `{\n${blocks.join(',\n')}\n}\n`)
