// destroy sweep: many old preview stacks, created straight in moto with the tags the action puts on its
// environments, deleted by one `phase: destroy` run with older-than while the proxy throttles every service.
// One set of previews per sweep-concurrency, each beside its ideal: N × mean delete time ÷ concurrency.
import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { CreateDomainNameCommand } from '@aws-sdk/client-api-gateway'
import { findLine, runAction } from './run-action.mjs'
import { mapLimit, retried } from './stats.mjs'

const DOMAIN = 'sweep.bench.example.com'
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000'
const AGE_DAYS = 30
const TEMPLATE = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } })
// the action's tag keys (src/core/environments.ts): bluegreen:stack, bluegreen:extra, bluegreen:created-at
const tags = (base, extra, createdAt) => [
  { Key: 'bluegreen:stack', Value: base },
  { Key: 'bluegreen:extra', Value: extra },
  { Key: 'bluegreen:created-at', Value: createdAt }
]

export const sweepBase = (concurrency) => `sweep-c${concurrency}`

/** The domain (no mapping) once, then `count` old previews for each base. */
export async function setupSweep(b, count, bases) {
  await b.direct.apigateway.send(new CreateDomainNameCommand({ domainName: DOMAIN, regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] } }))
  const createdAt = new Date(Date.now() - AGE_DAYS * 86_400_000).toISOString()
  const out = {}
  for (const base of bases) {
    const names = Array.from({ length: count }, (_, i) => `pr-${i + 1}`)
    await mapLimit(names, 4, (extra) =>
      retried(() => b.direct.cloudformation.send(new CreateStackCommand({ StackName: `${base}-${extra}`, TemplateBody: TEMPLATE, Tags: tags(base, extra, createdAt) })))
    )
    out[base] = names.map((extra) => `${base}-${extra}`)
  }
  return out
}

async function stacksLeft(b, names) {
  const wanted = new Set(names)
  let left = 0
  let next
  do {
    const page = await b.direct.cloudformation.send(new DescribeStacksCommand({ NextToken: next }))
    for (const s of page.Stacks ?? []) if (wanted.has(s.StackName) && s.StackStatus !== 'DELETE_COMPLETE') left++
    next = page.NextToken
  } while (next)
  return left
}

/** Requests of the sweep's window by what they are for: per stack, the shared status reads, the listing. */
function requestKinds(records) {
  const kinds = { perStack: 0, sharedStatusReads: 0, listing: 0, other: 0 }
  for (const r of records) {
    if (r.service !== 'cloudformation') kinds.other++
    else if (r.operation === 'ListStacks') kinds.sharedStatusReads++
    else if (r.operation === 'DescribeStacks' && !r.params?.StackName) kinds.listing++
    else if (['DeleteStack', 'DescribeStacks', 'DescribeStackEvents'].includes(r.operation)) kinds.perStack++
    else kinds.other++
  }
  return kinds
}

export async function runSweep(b, names, { base, concurrency, opSeconds }) {
  const since = Date.now()
  const run = await runAction({
    dist: b.dist,
    root: b.root,
    inputs: {
      mode: 'extra-env',
      phase: 'destroy',
      'stack-name': base,
      'older-than': '7d',
      'sweep-concurrency': String(concurrency),
      'domain-name': DOMAIN,
      region: 'us-east-1',
      'endpoint-url': b.proxy.url
    }
  })
  b.keepLog?.(`sweep-c${concurrency}`, run)
  const reported = /(\d+) of (\d+) old environment\(s\) could not be deleted/.exec(run.stdout)
  const found = findLine(run, /^✔ Find environments of .*/)
  const deleteStep = findLine(run, /^✔ Delete \d+ old environment\(s\)/)
  const left = await stacksLeft(b, names)
  const stats = b.proxy.stats({ since, until: run.exitedAt })
  const records = b.proxy.requests().filter((r) => r.at >= since && r.at <= run.exitedAt)
  const faults = Object.values(stats.services).reduce((n, s) => n + Object.values(s.faults).reduce((m, k) => m + k, 0), 0)
  const deletes = records.filter((r) => r.operation === 'DeleteStack' && r.forwarded && r.status === 200 && !r.replayed)
  const kinds = requestKinds(records)
  const deleted = names.length - left
  // the ideal: every delete back to back in `concurrency` lanes, each as long as the proxy made it
  const wanted = new Set(names)
  const ops = b.proxy.stackOperations().filter((o) => o.kind === 'DELETE' && wanted.has(o.stackName) && o.start >= since)
  const meanDeleteMs = ops.length ? ops.reduce((sum, o) => sum + (o.until - o.start), 0) / ops.length : opSeconds * 1000
  const idealMs = (names.length * meanDeleteMs) / concurrency
  const wallMs = run.exitedAt - run.spawnedAt
  const result = {
    stacks: names.length,
    concurrency,
    wallMs,
    idealMs,
    meanDeleteMs,
    ratio: wallMs / idealMs,
    exitCode: run.code,
    failures: Math.max(reported ? Number(reported[1]) : 0, left, run.code === 0 ? 0 : 1),
    stacksLeft: left,
    foundLine: found?.text ?? null,
    deleteStepLine: deleteStep?.text ?? null,
    deleteStepMs: deleteStep && found ? deleteStep.at - found.at : null,
    requests: stats.total,
    requestKinds: kinds,
    requestsPerDeletedStack: deleted ? kinds.perStack / deleted : null,
    throttled: stats.faults.throttle ?? 0,
    faults,
    deleteStackCalls: deletes.length,
    duplicateDeletes: b.proxy.duplicates().filter((d) => d.operation === 'DeleteStack').length,
    error: run.code === 0 ? null : (run.lines.find((l) => l.text.startsWith('::error::'))?.text ?? run.stderr.trim().split('\n').at(-1) ?? null)
  }
  b.log(
    `  sweep at concurrency ${concurrency}: ${names.length} stacks in ${(wallMs / 1000).toFixed(1)} s (ideal ${(idealMs / 1000).toFixed(1)} s, ×${result.ratio.toFixed(2)}), ${result.failures} failure(s), ${result.requestsPerDeletedStack?.toFixed(2)} requests a stack + ${kinds.sharedStatusReads} shared status reads, ${result.throttled} of ${result.requests} requests throttled`
  )
  return result
}
