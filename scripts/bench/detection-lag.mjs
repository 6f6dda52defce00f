// Detection lag: how long after a stack operation really ended does the waiting party know it? The action
// (node dist/index.js, default poll-seconds) updates one stack while the AWS SDK's waitUntilStackUpdateComplete
// (default settings) waits for an update of another stack, through the same proxy, with the same duration.
import { readFileSync } from 'node:fs'
import { CreateStackCommand, UpdateStackCommand, waitUntilStackUpdateComplete } from '@aws-sdk/client-cloudformation'
import { defaultCloudFormationClient } from './aws.mjs'
import { findLine, runAction, runFailure } from './run-action.mjs'
import { median, worst } from './stats.mjs'

export const ACTION_BASE = 'lag'
export const ACTION_STACK = 'lag-a'
export const WAITER_STACK = 'lag-waiter'
/** Common deploy actions give the waiter an hour; the delays stay the SDK's (30 s first, up to 120 s). */
const WAITER_MAX_WAIT_S = 3600

/** The waiter's own requests: every record that names its stack. */
export const isWaiterRequest = (r) => r.service === 'cloudformation' && (r.params?.StackName === WAITER_STACK || r.params?.StackName?.includes(`:stack/${WAITER_STACK}/`))

function actionInputs(b, version) {
  return {
    mode: 'extra-env',
    phase: 'deploy',
    'stack-name': ACTION_BASE,
    extra: 'a',
    template: b.appTemplate,
    parameters: `Version=${version}`,
    region: 'us-east-1',
    'endpoint-url': b.proxy.url
  }
}

/** Both stacks exist before the clock starts (created with the proxy's slow mode off). */
export async function setupDetectionLag(b) {
  const created = await runAction({ dist: b.dist, root: b.root, inputs: actionInputs(b, 'v0') })
  if (created.code !== 0) throw runFailure(`creating ${ACTION_STACK}`, created)
  await b.direct.cloudformation.send(
    new CreateStackCommand({
      StackName: WAITER_STACK,
      TemplateBody: readFileSync(b.appTemplate, 'utf8'),
      Parameters: [{ ParameterKey: 'Version', ParameterValue: 'w0' }],
      Capabilities: ['CAPABILITY_IAM']
    })
  )
}

/**
 * Requests of one party answered within [since, until], per service and operation. A request the next
 * step sends as the wait ends can reach the proxy before the parent reads the line that ends the wait;
 * it is not answered before that line (every answer is delayed by the proxy's latency), so it is left out.
 */
export function requestsIn(records, since, until, mine) {
  const services = {}
  for (const r of records) {
    if (r.at < since || r.at + r.delayMs > until || !mine(r)) continue
    const s = (services[r.service] ??= { count: 0, operations: {} })
    s.count++
    s.operations[r.operation] = (s.operations[r.operation] ?? 0) + 1
  }
  return { windowMs: until - since, services }
}

/** The action's runs, one after another: an update each, its lag and its requests while it waited. */
export async function runActionLag(b, runs) {
  const results = []
  for (let i = 1; i <= runs; i++) {
    const run = await runAction({ dist: b.dist, root: b.root, inputs: actionInputs(b, `v${i}`) })
    if (run.code !== 0) throw runFailure(`detection-lag run ${i}`, run)
    const op = b.proxy.stackOperations().find((o) => o.stackName === ACTION_STACK && o.kind === 'UPDATE' && o.start >= run.spawnedAt)
    // The step line is written the moment waitForOperation returns: the wait, its confirming DescribeStacks
    // and last event read included, is over and the action moves on.
    const done = findLine(run, new RegExp(`^✔ Deploy ${ACTION_STACK} `))
    const terminalEvent = findLine(run, new RegExp(`${ACTION_STACK}\\s+AWS::CloudFormation::Stack\\s+UPDATE_COMPLETE`))
    if (!op || !done) throw new Error(`detection-lag run ${i}: ${!op ? 'the proxy saw no slowed update' : 'no "✔ Deploy" line'}`)
    const requests = requestsIn(b.proxy.requests(), op.start, done.at, (r) => !isWaiterRequest(r))
    // while the stack is in progress only, without the two reads that end every wait
    const inProgress = requestsIn(b.proxy.requests(), op.start, op.until, (r) => !isWaiterRequest(r))
    results.push({ lagMs: done.at - op.until, terminalEventLagMs: terminalEvent ? terminalEvent.at - op.until : null, operationMs: op.until - op.start, requests, inProgress })
    b.log(`  action run ${i}: lag ${done.at - op.until} ms, ${Object.values(requests.services).reduce((n, s) => n + s.count, 0)} requests in ${((done.at - op.start) / 1000).toFixed(1)} s`)
  }
  return results
}

/** The SDK waiter's runs on its own stack, started together with the action's and running beside them. */
export async function runWaiterLag(b, runs) {
  const client = defaultCloudFormationClient(b.proxy.url)
  const body = readFileSync(b.appTemplate, 'utf8')
  const results = []
  try {
    for (let i = 1; i <= runs; i++) {
      const sent = Date.now()
      await client.send(new UpdateStackCommand({ StackName: WAITER_STACK, TemplateBody: body, Parameters: [{ ParameterKey: 'Version', ParameterValue: `w${i}` }], Capabilities: ['CAPABILITY_IAM'] }))
      const outcome = await waitUntilStackUpdateComplete({ client, maxWaitTime: WAITER_MAX_WAIT_S }, { StackName: WAITER_STACK })
      const doneAt = Date.now()
      if (outcome.state !== 'SUCCESS') throw new Error(`waiter run ${i}: ${outcome.state}`)
      const op = b.proxy.stackOperations().find((o) => o.stackName === WAITER_STACK && o.kind === 'UPDATE' && o.start >= sent)
      if (!op) throw new Error(`waiter run ${i}: the proxy saw no slowed update`)
      const requests = requestsIn(b.proxy.requests(), op.start, doneAt, isWaiterRequest)
      results.push({ lagMs: doneAt - op.until, operationMs: op.until - op.start, requests })
      b.log(`  SDK waiter run ${i}: lag ${doneAt - op.until} ms`)
    }
  } finally {
    client.destroy()
  }
  return results
}

/** Requests per minute pooled over every run's wait window (or another window of each run), per service. */
export function perMinute(runs, window = (r) => r.requests) {
  const minutes = runs.reduce((sum, r) => sum + window(r).windowMs, 0) / 60_000
  const services = {}
  let total = 0
  for (const r of runs) {
    for (const [name, s] of Object.entries(window(r).services)) {
      const out = (services[name] ??= { count: 0, perMinute: 0, operations: {} })
      out.count += s.count
      total += s.count
      for (const [op, n] of Object.entries(s.operations)) out.operations[op] = (out.operations[op] ?? 0) + n
    }
  }
  for (const s of Object.values(services)) s.perMinute = minutes > 0 ? s.count / minutes : 0
  return { waitMinutes: minutes, total: minutes > 0 ? total / minutes : 0, services }
}

export function summarizeLag(runs) {
  const lags = runs.map((r) => r.lagMs)
  return { runs: lags, medianMs: median(lags), worstMs: worst(lags) }
}
