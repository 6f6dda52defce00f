// destroy sweep: many old preview stacks, created straight in moto with the tags the action puts on its
// environments, deleted by one `phase: destroy` run with older-than while the proxy throttles every service.
import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { CreateDomainNameCommand } from '@aws-sdk/client-api-gateway'
import { findLine, runAction } from './run-action.mjs'
import { mapLimit } from './stats.mjs'

const BASE = 'sweep'
const DOMAIN = 'sweep.bench.example.com'
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000'
const AGE_DAYS = 30
const TEMPLATE = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } })
// the action's tag keys (src/extra-env/environments.ts): bluegreen:stack, bluegreen:extra, bluegreen:created-at
const tags = (extra, createdAt) => [
  { Key: 'bluegreen:stack', Value: BASE },
  { Key: 'bluegreen:extra', Value: extra },
  { Key: 'bluegreen:created-at', Value: createdAt }
]

export async function setupSweep(b, count) {
  await b.direct.apigateway.send(new CreateDomainNameCommand({ domainName: DOMAIN, regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] } }))
  const createdAt = new Date(Date.now() - AGE_DAYS * 86_400_000).toISOString()
  const names = Array.from({ length: count }, (_, i) => `pr-${i + 1}`)
  await mapLimit(names, 8, (extra) => b.direct.cloudformation.send(new CreateStackCommand({ StackName: `${BASE}-${extra}`, TemplateBody: TEMPLATE, Tags: tags(extra, createdAt) })))
  return names.map((extra) => `${BASE}-${extra}`)
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

export async function runSweep(b, names) {
  const since = Date.now()
  const run = await runAction({
    dist: b.dist,
    root: b.root,
    inputs: { mode: 'extra-env', phase: 'destroy', 'stack-name': BASE, 'older-than': '7d', 'domain-name': DOMAIN, region: 'us-east-1', 'endpoint-url': b.proxy.url }
  })
  b.keepLog?.('sweep', run)
  const reported = /(\d+) of (\d+) old environment\(s\) could not be deleted/.exec(run.stdout)
  const found = findLine(run, /^✔ Find environments of sweep .*/)
  const deleteStep = findLine(run, /^✔ Delete \d+ old environment\(s\)/)
  const left = await stacksLeft(b, names)
  const stats = b.proxy.stats({ since, until: run.exitedAt })
  const faults = Object.values(stats.services).reduce((n, s) => n + Object.values(s.faults).reduce((m, k) => m + k, 0), 0)
  const deletes = b.proxy.requests({ service: 'cloudformation', operation: 'DeleteStack' }).filter((r) => r.at >= since && r.forwarded && r.status === 200 && !r.replayed)
  const result = {
    stacks: names.length,
    wallMs: run.exitedAt - run.spawnedAt,
    exitCode: run.code,
    failures: Math.max(reported ? Number(reported[1]) : 0, left, run.code === 0 ? 0 : 1),
    stacksLeft: left,
    foundLine: found?.text ?? null,
    deleteStepLine: deleteStep?.text ?? null,
    requests: stats.total,
    throttled: stats.faults.throttle ?? 0,
    faults,
    deleteStackCalls: deletes.length,
    duplicateDeletes: b.proxy.duplicates().filter((d) => d.operation === 'DeleteStack').length,
    error: run.code === 0 ? null : (run.lines.find((l) => l.text.startsWith('::error::'))?.text ?? run.stderr.trim().split('\n').at(-1) ?? null)
  }
  b.log(`  sweep: ${names.length} stacks in ${(result.wallMs / 1000).toFixed(1)} s, ${result.failures} failure(s), ${result.throttled} of ${result.requests} requests throttled`)
  return result
}
