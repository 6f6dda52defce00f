// Waiting at stack sizes: the action updates a stack of N resources (an API first, then N - 1 SNS topics
// whose display name is the version, so the update changes each one) while the proxy shows the update's events one
// by one over op-seconds, as AWS writes them. Requests per minute of the wait and the detection lag, at each
// size, measured the same way as the detection-lag rows.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CreateStackCommand } from '@aws-sdk/client-cloudformation'
import { isWaiterRequest, perMinute, requestsIn, summarizeLag } from './detection-lag.mjs'
import { findLine, runAction, runFailure } from './run-action.mjs'

const BASE = 'wait'

/**
 * The stack of a run: the version is written into every topic's display name. moto models SNS topics (create,
 * update, delete, listed as the stack's resources) and its change set lists each one as Modify because the
 * template changed, as AWS's does; a change of a parameter alone it would not list (it diffs templates only),
 * and wait-condition handles it ignores altogether, so a stack of those would be a stack of one resource here.
 */
export function sizedTemplate(resources, version = 'v0') {
  const body = { Resources: { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'bench-wait' } } } }
  // short names: 500 resources must stay under the 51,200 bytes CloudFormation accepts inline
  for (let i = 1; i < resources; i++) body.Resources[`T${i}`] = { Type: 'AWS::SNS::Topic', Properties: { DisplayName: version } }
  return JSON.stringify(body)
}

const stackOf = (resources) => `${BASE}-r${resources}`

// The action updates only environments it made (src/core/environments.ts): tagged for the base name.
const tagsOf = (resources) => [
  { Key: 'bluegreen:stack', Value: BASE },
  { Key: 'bluegreen:extra', Value: `r${resources}` },
  { Key: 'bluegreen:created-at', Value: new Date().toISOString() }
]

/** The stacks exist before the clock starts (straight in moto), tagged as the action tags its environments. */
export async function setupWaiting(b, sizes) {
  for (const n of sizes) {
    await b.direct.cloudformation.send(new CreateStackCommand({ StackName: stackOf(n), TemplateBody: sizedTemplate(n), Tags: tagsOf(n) }))
  }
}

export async function runWaiting(b, resources, runs, templateDir) {
  const stack = stackOf(resources)
  const results = []
  for (let i = 1; i <= runs; i++) {
    const templateFile = join(templateDir, `r${resources}-v${i}.json`)
    writeFileSync(templateFile, sizedTemplate(resources, `v${i}`))
    const run = await runAction({
      dist: b.dist,
      root: b.root,
      inputs: { mode: 'extra-env', phase: 'deploy', 'stack-name': BASE, extra: `r${resources}`, template: templateFile, region: 'us-east-1', 'endpoint-url': b.proxy.url }
    })
    b.keepLog?.(`waiting-${resources}-${i}`, run)
    if (run.code !== 0) throw runFailure(`waiting run ${i} at ${resources} resources`, run)
    const op = b.proxy.stackOperations().find((o) => o.stackName === stack && o.kind === 'UPDATE' && o.start >= run.spawnedAt)
    const done = findLine(run, new RegExp(`^✔ Deploy ${stack} `))
    if (!op || !done) throw new Error(`waiting run ${i} at ${resources} resources: ${!op ? 'the proxy saw no slowed update' : 'no "✔ Deploy" line'}`)
    // the SDK waiter of the detection-lag rows may still be waiting beside the first of these runs
    const mine = (r) => r.service === 'cloudformation' && r.at >= run.spawnedAt && !isWaiterRequest(r)
    const requests = requestsIn(b.proxy.requests(), op.start, done.at, mine)
    const events = b.proxy.requests({ service: 'cloudformation', operation: 'DescribeStackEvents' }).filter((r) => r.at >= op.start && r.at <= done.at)
    results.push({ lagMs: done.at - op.until, operationMs: op.until - op.start, requests, eventPages: events.length })
    b.log(
      `  waiting at ${resources} resources, run ${i}: lag ${done.at - op.until} ms, ${Object.values(requests.services).reduce((n, s) => n + s.count, 0)} requests (${events.length} event pages) in ${((done.at - op.start) / 1000).toFixed(1)} s`
    )
  }
  return { resources, ...summarizeLag(results), perMinute: perMinute(results), runs: results }
}
