// Discovery at account size: how many CloudFormation requests a promote and a destroy sweep make, and how
// many times they read the account's stack listing, with 100, 1,000 and 3,000 stacks in the account (created
// straight in moto, a mix of other apps' tagged stacks and untagged ones). The proxy pages as AWS does.
import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { runAction, runFailure } from './run-action.mjs'
import { mapLimit, retried } from './stats.mjs'

const TEMPLATE = JSON.stringify({ Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } })
const DELETE_WATCH = 'DELETE_FAILED,DELETE_IN_PROGRESS'

/** Stacks of other apps, some tagged as the action tags environments, some not. */
function filler(i) {
  const app = `other${i % 7}`
  const tags =
    i % 3 === 0
      ? []
      : [
          { Key: 'bluegreen:stack', Value: app },
          { Key: 'bluegreen:extra', Value: `pr-${i}` },
          { Key: 'bluegreen:created-at', Value: new Date().toISOString() }
        ]
  return { StackName: `${app}-fill-${i}`, TemplateBody: TEMPLATE, Tags: tags }
}

/** Stacks in the account now (not deleted), read straight from moto. */
async function countStacks(b) {
  let n = 0
  let token
  do {
    const page = await b.direct.cloudformation.send(new DescribeStacksCommand({ NextToken: token }))
    n += (page.Stacks ?? []).filter((s) => s.StackStatus !== 'DELETE_COMPLETE').length
    token = page.NextToken
  } while (token)
  return n
}

/** A request that starts a pass over the account's stacks (a first page of a listing). */
export function isListingStart(r) {
  if (r.service !== 'cloudformation' || r.params?.NextToken) return false
  if (r.operation === 'DescribeStacks') return !r.params?.StackName
  if (r.operation === 'ListStacks') {
    const filter = Object.entries(r.params ?? {})
      .filter(([k]) => k.startsWith('StackStatusFilter.member.'))
      .map(([, v]) => v)
      .sort()
      .join(',')
    return filter !== DELETE_WATCH // the sweep's own watch of its deletes is not a discovery
  }
  return false
}

const isListingPage = (r) =>
  r.service === 'cloudformation' &&
  ((r.operation === 'DescribeStacks' && !r.params?.StackName) || (r.operation === 'ListStacks' && isListingStart({ ...r, params: { ...r.params, NextToken: undefined } })))

function count(b, run) {
  const records = b.proxy.requests().filter((r) => r.at >= run.spawnedAt && r.at <= run.exitedAt && r.service === 'cloudformation')
  const operations = {}
  for (const r of records) operations[r.operation] = (operations[r.operation] ?? 0) + 1
  return { requests: records.length, listingPasses: records.filter(isListingStart).length, listingPages: records.filter(isListingPage).length, operations }
}

/**
 * @param promoteInputs (extra) => inputs of a promote of an existing environment (keep-previous)
 * @param sweepInputs inputs of a destroy sweep that finds nothing old enough
 */
export async function runDiscovery(b, sizes, { promoteInputs, sweepInputs }) {
  const results = []
  let created = 0
  let to = 'green'
  for (const size of sizes) {
    const add = Math.max(0, size - (await countStacks(b)))
    const fillers = Array.from({ length: add }, (_, i) => filler(created + i))
    await mapLimit(fillers, 4, (s) => retried(() => b.direct.cloudformation.send(new CreateStackCommand(s))))
    created += add
    const accountStacks = await countStacks(b)
    const promote = await runAction({ dist: b.dist, root: b.root, inputs: promoteInputs(to) })
    if (promote.code !== 0) throw runFailure(`discovery promote at ${size} stacks`, promote)
    to = to === 'green' ? 'blue' : 'green'
    const sweep = await runAction({ dist: b.dist, root: b.root, inputs: sweepInputs })
    if (sweep.code !== 0) throw runFailure(`discovery sweep at ${size} stacks`, sweep)
    const row = { stacks: accountStacks, promote: count(b, promote), sweep: count(b, sweep) }
    results.push(row)
    b.log(
      `  discovery at ${accountStacks} stacks: promote ${row.promote.requests} requests (${row.promote.listingPasses} listing passes), sweep ${row.sweep.requests} requests (${row.sweep.listingPasses} listing passes)`
    )
  }
  return results
}
