// A fault and latency proxy in front of moto, for tests and the benchmark: seeded throttling, 5xx and
// connection resets in each service's real wire format, added latency, CloudFormation that takes time like
// the real service, and a record of every request. Options: docs/fault-proxy.md. Types: fault-proxy.d.mts.
import { createHash } from 'node:crypto'
import http from 'node:http'
import { pathToFileURL } from 'node:url'
import { identify } from './fault-proxy/identify.mjs'
import { pageRequest, pageResponse } from './fault-proxy/paging.mjs'
import { seededStreams } from './fault-proxy/random.mjs'
import { SlowCloudFormation } from './fault-proxy/slow-cloudformation.mjs'
import { faultResponse } from './fault-proxy/wire-errors.mjs'

/** Fault kinds in the order their probabilities are laid out on [0, 1). */
export const FAULT_KINDS = ['throttle', 'priorRequestNotComplete', 'serverError', 'unavailable', 'reset', 'resetAfterForward']

/** CloudFormation calls that change something; everything else of CloudFormation only reads. */
const CFN_WRITES = /^(Create|Update|Delete|Execute|Continue|Cancel|Rollback|Set|Tag|Untag|Signal|Activate|Deactivate|Register|Deregister|Import|Publish|Start|Stop)/
/** Calls whose ClientRequestToken AWS uses to recognise a retry: it answers the retry without running it again. */
const TOKEN_CALLS = new Set(['CreateChangeSet', 'CreateStack', 'UpdateStack', 'DeleteStack', 'ExecuteChangeSet', 'ContinueUpdateRollback', 'CancelUpdateStack', 'RollbackStack'])
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']
const CONTROL = '/__proxy/'

const DEFAULTS = { seed: 1, rules: {}, slowCloudFormation: null, idempotentTokens: true, paging: true, maxRecords: 200_000 }

/** The rule for one request: '*' < service < 'service:Operation', property by property. */
export function ruleFor(rules, service, operation) {
  return { ...rules['*'], ...rules[service], ...rules[`${service}:${operation}`] }
}

/** Which fault (if any) a draw u in [0, 1) selects under a rule; kinds the service lacks are skipped. */
export function pickFault(rule, u, service) {
  let edge = 0
  for (const kind of FAULT_KINDS) {
    if (kind === 'priorRequestNotComplete' && service !== 'route53') continue
    edge += Number(rule[kind] ?? 0)
    if (u < edge) return kind
  }
  return undefined
}

function isWrite(service, method, operation) {
  if (service === 'cloudformation') return CFN_WRITES.test(operation)
  return method !== 'GET' && method !== 'HEAD'
}

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = []
    stream.on('data', (c) => chunks.push(c))
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.on('error', reject)
  })
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Counts per service and operation in a time window; perMinute over the window (or the span of its requests). */
function summarize(records, since = 0, until = Infinity) {
  const inWindow = records.filter((r) => r.at >= since && r.at <= until)
  const from = since || (inWindow[0]?.at ?? 0)
  const to = Number.isFinite(until) ? until : (inWindow.at(-1)?.at ?? from)
  const minutes = (to - from) / 60_000
  const services = {}
  const faults = {}
  for (const r of inWindow) {
    const s = (services[r.service] ??= { count: 0, perMinute: 0, operations: {}, faults: {} })
    s.count++
    s.operations[r.operation] = (s.operations[r.operation] ?? 0) + 1
    if (r.fault) {
      s.faults[r.fault] = (s.faults[r.fault] ?? 0) + 1
      faults[r.fault] = (faults[r.fault] ?? 0) + 1
    }
  }
  for (const s of Object.values(services)) s.perMinute = minutes > 0 ? s.count / minutes : s.count
  return { total: inWindow.length, from, to, services, faults, delayMs: inWindow.reduce((sum, r) => sum + r.delayMs, 0) }
}

/** Writes that moto carried out more than once with the same body: a retry AWS would not have run twice. */
function findDuplicates(records) {
  const groups = new Map()
  for (const r of records) {
    if (!r.write || !r.forwarded || r.replayed || r.status < 200 || r.status >= 300) continue
    const key = `${r.service} ${r.operation} ${r.path} ${r.bodyHash}`
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  return [...groups.values()].filter((g) => g.length > 1).map((g) => ({ service: g[0].service, operation: g[0].operation, bodyHash: g[0].bodyHash, token: g[0].token, seqs: g.map((r) => r.seq) }))
}

/**
 * Starts the proxy on loopback. Clients use `proxy.url` as their endpoint.
 * @param {import('./fault-proxy.d.mts').FaultProxyOptions} options
 * @returns {Promise<import('./fault-proxy.d.mts').FaultProxy>}
 */
export async function startFaultProxy(options) {
  const target = new URL(options.target)
  const agent = new http.Agent({ keepAlive: true })
  let config = { ...DEFAULTS }
  let random
  const records = []
  const tokenAnswers = new Map()
  let seq = 0

  const send = (method, path, headers, body) =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: target.hostname, port: target.port, method, path, headers: { ...headers, host: target.host, 'content-length': body.length }, agent }, (res) => {
        readBody(res).then((buf) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: buf }), reject)
      })
      req.on('error', reject)
      req.end(body)
    })

  // The proxy's own CloudFormation reads for the slow mode: signed as the client (moto only reads the account from it).
  const cfnCall = async (headers, params) => {
    const body = Buffer.from(new URLSearchParams({ Version: '2010-05-15', ...params }).toString())
    const own = { authorization: headers.authorization, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
    if (headers['x-moto-account-id']) own['x-moto-account-id'] = headers['x-moto-account-id']
    const res = await send('POST', '/', own, body)
    return { status: res.status, body: res.body.toString('utf8') }
  }
  const slow = new SlowCloudFormation(cfnCall)

  const configure = (changes = {}) => {
    const next = { ...config, ...changes }
    if (changes.seed !== undefined || !random) random = seededStreams(next.seed)
    slow.configure(next.slowCloudFormation)
    config = next
    return structuredClone(config)
  }
  const { target: _target, port: _port, ...settings } = options
  configure(settings)

  const reset = () => {
    records.length = 0
    tokenAnswers.clear()
    slow.reset()
    random = seededStreams(config.seed)
  }

  function answer(res, reply) {
    const headers = { ...reply.headers }
    for (const h of [...HOP_BY_HOP, 'content-length']) delete headers[h]
    const body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body)
    res.writeHead(reply.status, { ...headers, 'content-length': body.length })
    res.end(body)
  }

  async function proxy(req, res) {
    const body = await readBody(req)
    const method = req.method ?? 'GET'
    const url = req.url ?? '/'
    const id = identify(method, url, req.headers, body)
    const rule = id.known ? ruleFor(config.rules, id.service, id.operation) : {}
    // Two draws per request, always, so one request's fault never shifts the next one's.
    const draw = id.known ? [random.next(`${id.service}:${id.operation}`), random.next(`${id.service}:${id.operation}:latency`)] : [1, 0]
    const fault = id.known ? pickFault(rule, draw[0], id.service) : undefined
    const delayMs = Math.round(Number(rule.latencyMs ?? 0) + Number(rule.jitterMs ?? 0) * draw[1])
    const token = id.params?.get('ClientRequestToken') ?? id.params?.get('ClientToken') ?? undefined
    const record = {
      seq: ++seq,
      at: Date.now(),
      service: id.service,
      operation: id.operation,
      method,
      path: url.split('?')[0],
      write: isWrite(id.service, method, id.operation),
      bodyHash: createHash('sha256').update(body).digest('hex').slice(0, 16),
      token,
      params: id.service === 'cloudformation' ? paramsForRecord(id.params) : undefined,
      fault,
      delayMs,
      status: 0,
      forwarded: false,
      replayed: false,
      refused: false
    }
    records.push(record)
    if (records.length > config.maxRecords) records.splice(0, records.length - config.maxRecords)

    if (delayMs > 0) await sleep(delayMs)
    if (fault === 'reset') return void req.socket.destroy()
    if (fault && fault !== 'resetAfterForward') {
      const reply = faultResponse(id.service, fault)
      record.status = reply.status
      return answer(res, reply)
    }

    const tokenKey = config.idempotentTokens && token && TOKEN_CALLS.has(id.operation) ? `${id.operation} ${token}` : undefined
    const remembered = tokenKey && tokenAnswers.get(tokenKey)
    if (remembered) {
      Object.assign(record, { replayed: true, status: remembered.status })
      return answer(res, remembered)
    }

    let forwardBody = body
    let pending
    let rebuild = false
    if (id.service === 'cloudformation' && (slow.durationMs > 0 || slow.stacks.size)) {
      const before = await slow.before(id.operation, id.params, req.headers)
      if (before.answer) {
        Object.assign(record, { refused: before.answer.status >= 400, status: before.answer.status })
        return answer(res, before.answer)
      }
      pending = before.pending
      rebuild = slow.rewriteRequest(id.operation, id.params)
    }
    const page = id.service === 'cloudformation' && config.paging ? pageRequest(id.operation, id.params) : { changed: false }
    if (rebuild || page.changed) forwardBody = Buffer.from(id.params.toString())

    const upstream = await send(method, url, stripHopByHop(req.headers), forwardBody)
    record.forwarded = true
    record.status = upstream.status
    const ok = upstream.status >= 200 && upstream.status < 300
    let replyBody = upstream.body
    if (id.service === 'cloudformation' && ok) {
      if (pending) await slow.after(upstream.body.toString('utf8'), pending, req.headers)
      if (slow.stacks.size || rebuild) replyBody = Buffer.from(slow.rewriteResponse(id.operation, id.params, upstream.body.toString('utf8')))
      if (config.paging) replyBody = Buffer.from(pageResponse(id.operation, page.cursor, replyBody.toString('utf8')))
    }
    const reply = { status: upstream.status, headers: upstream.headers, body: replyBody }
    if (tokenKey && ok) tokenAnswers.set(tokenKey, reply)
    if (fault === 'resetAfterForward') return void req.socket.destroy()
    answer(res, reply)
  }

  async function control(req, res) {
    const url = new URL(req.url ?? '/', 'http://proxy')
    const json = (status, value) => answer(res, { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) })
    const since = Number(url.searchParams.get('since') ?? 0)
    const until = Number(url.searchParams.get('until') ?? Infinity)
    const route = `${req.method} ${url.pathname.slice(CONTROL.length)}`
    if (route === 'GET config') return json(200, structuredClone(config))
    if (route === 'POST config') {
      const text = (await readBody(req)).toString('utf8')
      return json(200, configure(text ? JSON.parse(text) : {}))
    }
    if (route === 'GET stats') return json(200, summarize(records, since, until))
    if (route === 'GET requests')
      return json(
        200,
        records.filter((r) => r.at >= since && r.at <= until)
      )
    if (route === 'GET duplicates') return json(200, findDuplicates(records))
    if (route === 'GET stack-operations') return json(200, slow.operations())
    if (route === 'POST release') {
      slow.release()
      return json(200, { released: true })
    }
    if (route === 'POST reset') {
      reset()
      return json(200, { reset: true })
    }
    json(404, { message: `unknown control call ${route}; see docs/fault-proxy.md` })
  }

  const server = http.createServer((req, res) => {
    const handler = req.url?.startsWith(CONTROL) ? control : proxy
    handler(req, res).catch((err) => {
      if (res.headersSent || req.socket.destroyed) return void req.socket.destroy()
      answer(res, { status: 502, headers: { 'content-type': 'text/plain' }, body: `fault proxy: ${err?.message ?? err}` })
    })
  })
  server.keepAliveTimeout = 5000
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const { port } = server.address()

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    configure,
    config: () => structuredClone(config),
    requests: (filter = {}) => records.filter((r) => (!filter.service || r.service === filter.service) && (!filter.operation || r.operation === filter.operation)),
    stats: (window = {}) => summarize(records, window.since ?? 0, window.until ?? Infinity),
    duplicates: () => findDuplicates(records),
    stackOperations: () => slow.operations(),
    release: () => slow.release(),
    reset,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
        agent.destroy()
      })
  }
}

function stripHopByHop(headers) {
  const out = { ...headers }
  for (const h of HOP_BY_HOP) delete out[h]
  return out
}

/** CloudFormation parameters for assertions; templates only as a length, to keep records small. */
function paramsForRecord(params) {
  const out = {}
  for (const [k, v] of params ?? []) out[k] = k === 'TemplateBody' ? `<${v.length} chars>` : v
  return out
}

// `node scripts/fault-proxy.mjs --target http://127.0.0.1:5000 [--port 0] [--config '{"rules":...}']`
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []))
  if (!args.target) {
    console.error('usage: node scripts/fault-proxy.mjs --target <moto url> [--port N] [--config <json>]')
    process.exit(2)
  }
  const proxy = await startFaultProxy({ target: args.target, port: args.port ? Number(args.port) : 0, ...(args.config ? JSON.parse(args.config) : {}) })
  console.log(`Fault proxy on ${proxy.url} -> ${args.target}`)
  process.on('SIGTERM', () => proxy.close().then(() => process.exit(0)))
  process.on('SIGINT', () => proxy.close().then(() => process.exit(0)))
}
