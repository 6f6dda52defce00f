// Derives, from the source, which AWS API calls each mode can make: the `new XxxCommand(` of every module a
// strategy reaches through its imports, mapped to the IAM action that authorizes it.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const SERVICES = {
  '@aws-sdk/client-cloudformation': 'cloudformation',
  '@aws-sdk/client-route-53': 'route53',
  '@aws-sdk/client-cloudfront': 'cloudfront',
  '@aws-sdk/client-api-gateway': 'apigateway',
  '@aws-sdk/client-apigatewayv2': 'apigateway',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-auto-scaling': 'autoscaling'
}

/** S3 operations whose IAM action has another name. */
const S3_ACTIONS = {
  PutPublicAccessBlock: 's3:PutBucketPublicAccessBlock',
  PutBucketEncryption: 's3:PutEncryptionConfiguration',
  PutBucketLifecycleConfiguration: 's3:PutLifecycleConfiguration'
}

/** API Gateway authorizes by HTTP verb on the resource path, not by operation name. */
export const APIGATEWAY_VERBS = [
  [/^(Get|List)/, 'GET'],
  [/^Create/, 'POST'],
  [/^(Update|Patch)/, 'PATCH'],
  [/^(Delete|Untag)/, 'DELETE'],
  [/^(Put|Import|Reimport|Tag)/, 'PUT']
]

export function iamAction(service, operation) {
  if (service === 's3' && S3_ACTIONS[operation]) return S3_ACTIONS[operation]
  if (service !== 'apigateway') return `${service}:${operation}`
  for (const [re, verb] of APIGATEWAY_VERBS) if (re.test(operation)) return `apigateway:${verb}`
  throw new Error(`no IAM verb known for API Gateway operation ${operation}`)
}

function localImports(file, text) {
  const out = []
  // static imports, and the modules loaded on first use (`await import('./x.js')`)
  for (const m of text.matchAll(/(?:from |import\()'(\.{1,2}\/[^']+)\.js'/g)) {
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
    for (const entry of m[1].split(',').map((s) => s.trim().replace(/^type\s+/, ''))) {
      // `import { GetStagesCommand as GetHttpStagesCommand }`: the operation is the imported name, `new` uses the local one
      const [name, local = name] = entry.split(/\s+as\s+/)
      const cmd = /^(\w+)Command$/.exec(name)
      if (!cmd) continue
      for (const args of argumentsOf(text, local)) found.push({ service, client: m[2], operation: cmd[1], args })
    }
  }
  // commands of a package loaded at first use (src/aws/sdk.ts): `new (await apiGatewaySdk()).GetStagesCommand(`
  for (const [loader, client] of Object.entries(LAZY_SDKS)) {
    const service = SERVICES[client]
    if (!service) throw new Error(`unknown AWS client ${client}: add it to scripts/aws-commands.mjs`)
    const operations = new Set([...text.matchAll(new RegExp(`new \\(await ${loader}\\(\\)\\)\\.(\\w+)Command\\(`, 'g'))].map((m) => m[1]))
    for (const operation of operations) {
      for (const args of argumentsOf(text, `\\(await ${loader}\\(\\)\\)\\.${operation}Command`)) found.push({ service, client, operation, args })
    }
  }
  return found
}

/** The loaders of src/aws/sdk.ts by name, each with the client package it imports. */
function lazySdks(root = '.') {
  const path = join(root, 'src/aws/sdk.ts')
  if (!existsSync(path)) return {}
  const text = readFileSync(path, 'utf8')
  return Object.fromEntries([...text.matchAll(/export const (\w+) = \(\) => import\('(@aws-sdk\/client-[a-z0-9-]+)'\)/g)].map((m) => [m[1], m[2]]))
}

const LAZY_SDKS = lazySdks(join(dirname(new URL(import.meta.url).pathname), '..'))

/** The source text of the argument of each `new <name>(...)` (`name` a regular expression), parentheses balanced. */
function argumentsOf(text, name) {
  const out = []
  for (const m of text.matchAll(new RegExp(`new ${name}\\(`, 'g'))) {
    let depth = 1
    let i = m.index + m[0].length
    const start = i
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++
      else if (text[i] === ')') depth--
    }
    out.push(text.slice(start, i - 1).trim())
  }
  return out
}

/**
 * Every AWS call one entry module can reach: client package, operation, IAM action, the file, and the
 * source of the argument it is built with (which says, for example, whether a call names its stack).
 */
export function callsFrom(entry) {
  const seen = new Set()
  const stack = [resolve(entry)]
  const calls = []
  while (stack.length) {
    const file = stack.pop()
    if (seen.has(file)) continue
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const c of commandsOf(text)) calls.push({ ...c, action: iamAction(c.service, c.operation), file: file.slice(file.indexOf('src/')) })
    stack.push(...localImports(file, text))
  }
  return calls
}

/** The IAM actions reachable from one entry module, with the calls behind each. */
export function actionsFrom(entry) {
  const actions = new Map()
  for (const { action, operation, file } of callsFrom(entry)) {
    if (!actions.has(action)) actions.set(action, new Set())
    actions.get(action).add(`${operation} (${file})`)
  }
  return actions
}

/** Each mode's runbook, read from src/modes/registry.ts (the `import()` in each entry's run). */
export function modeEntries(root = '.') {
  const text = readFileSync(join(root, 'src/modes/registry.ts'), 'utf8')
  const entries = [...text.matchAll(/^  '?([a-z0-9-]+)'?: \{[^]*?import\('([^']+)'\)/gm)]
  return Object.fromEntries(entries.map(([, mode, spec]) => [mode, join('src/modes', spec.replace(/\.js$/, '.ts'))]))
}

export const MODE_ENTRIES = modeEntries()

export function actionsByMode(root = '.') {
  return Object.fromEntries(Object.entries(modeEntries(root)).map(([mode, entry]) => [mode, actionsFrom(join(root, entry))]))
}

export function callsByMode(root = '.') {
  return Object.fromEntries(Object.entries(modeEntries(root)).map(([mode, entry]) => [mode, callsFrom(join(root, entry))]))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [mode, actions] of Object.entries(actionsByMode())) {
    console.log(`${mode}:`)
    for (const [action, calls] of [...actions].sort()) console.log(`  ${action.padEnd(40)} ${[...calls].join(', ')}`)
  }
}
