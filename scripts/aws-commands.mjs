// Derives, from the source, which AWS API calls each mode can make: the `new XxxCommand(` of every module a
// strategy reaches through its imports, mapped to the IAM action that authorizes it.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const SERVICES = {
  '@aws-sdk/client-cloudformation': 'cloudformation',
  '@aws-sdk/client-route-53': 'route53',
  '@aws-sdk/client-api-gateway': 'apigateway',
  '@aws-sdk/client-apigatewayv2': 'apigateway'
}

/** API Gateway authorizes by HTTP verb on the resource path, not by operation name. */
const APIGATEWAY_VERBS = [
  [/^(Get|List)/, 'GET'],
  [/^Create/, 'POST'],
  [/^(Update|Patch)/, 'PATCH'],
  [/^(Delete|Untag)/, 'DELETE'],
  [/^(Put|Import|Reimport|Tag)/, 'PUT']
]

export function iamAction(service, operation) {
  if (service !== 'apigateway') return `${service}:${operation}`
  for (const [re, verb] of APIGATEWAY_VERBS) if (re.test(operation)) return `apigateway:${verb}`
  throw new Error(`no IAM verb known for API Gateway operation ${operation}`)
}

function localImports(file, text) {
  const out = []
  for (const m of text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
    const path = resolve(dirname(file), `${m[1]}.ts`)
    if (existsSync(path)) out.push(path)
  }
  return out
}

function commandsOf(text) {
  const found = []
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(@aws-sdk\/client-[a-z0-9-]+)'/g)) {
    const service = SERVICES[m[2]]
    if (!service) throw new Error(`unknown AWS client ${m[2]}: add it to scripts/aws-commands.mjs`)
    for (const name of m[1].split(',').map((s) => s.trim().replace(/^type\s+/, ''))) {
      const cmd = /^(\w+)Command$/.exec(name)
      if (cmd && new RegExp(`new ${name}\\(`).test(text)) found.push({ service, operation: cmd[1] })
    }
  }
  return found
}

/** The IAM actions reachable from one entry module, with the calls behind each. */
export function actionsFrom(entry) {
  const seen = new Set()
  const stack = [resolve(entry)]
  const actions = new Map()
  while (stack.length) {
    const file = stack.pop()
    if (seen.has(file)) continue
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const { service, operation } of commandsOf(text)) {
      const action = iamAction(service, operation)
      if (!actions.has(action)) actions.set(action, new Set())
      actions.get(action).add(`${operation} (${file.slice(file.indexOf('src/'))})`)
    }
    stack.push(...localImports(file, text))
  }
  return actions
}

export const MODE_ENTRIES = {
  'extra-env': 'src/strategies/extra-env.ts',
  'api-replace': 'src/strategies/api-replace.ts',
  reset: 'src/strategies/reset.ts',
  'route53-takeover': 'src/strategies/route53-takeover.ts'
}

export function actionsByMode(root = '.') {
  return Object.fromEntries(Object.entries(MODE_ENTRIES).map(([mode, entry]) => [mode, actionsFrom(join(root, entry))]))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [mode, actions] of Object.entries(actionsByMode())) {
    console.log(`${mode}:`)
    for (const [action, calls] of [...actions].sort()) console.log(`  ${action.padEnd(40)} ${[...calls].join(', ')}`)
  }
}
