import { mockClient } from 'aws-sdk-client-mock'
import { CloudFormationClient, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, ListStacksCommand, type StackStatus } from '@aws-sdk/client-cloudformation'
import { createClients } from '../../src/aws/all-clients.js'
import { deleteStacks, watchInterval } from '../../src/cloudformation/batch-delete.js'
import { fakeClock } from '../../src/clock.js'
import { errorMessage } from '../../src/errors.js'
import { testContext } from '../support/context.js'

// Answer sequences as AWS gives them: DeleteStack returns at once and the stack reads DELETE_IN_PROGRESS;
// ListStacks with a StackStatusFilter lists only stacks in those statuses; a deleted stack leaves
// DELETE_IN_PROGRESS for DELETE_COMPLETE (and is still readable by id) or DELETE_FAILED.
const cfn = mockClient(CloudFormationClient)
const clients = createClients({ region: 'us-east-1', maxAttempts: 1 })
beforeEach(() => cfn.reset())

const id = (name: string) => `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/1`
const stacks = (...names: string[]) => names.map((n) => ({ stackName: n, stackId: id(n) }))
const listing = (entries: [string, StackStatus, string?][]) => ({
  StackSummaries: entries.map(([n, s, r]) => ({ StackName: n, StackId: id(n), StackStatus: s, StackStatusReason: r, CreationTime: new Date() }))
})
function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } })
}

describe('deleteStacks: many deletes watched by one status read per poll', () => {
  it('reads the shared status a tenth of a typical delete apart, within a quarter second and the poll interval', () => {
    expect(watchInterval(2000, [])).toBe(1000)
    expect(watchInterval(2000, [2000, 2100, 1900])).toBe(250)
    expect(watchInterval(2000, [40_000, 60_000, 90_000])).toBe(2000)
    expect(watchInterval(2000, [6000, 6600, 5400])).toBe(600)
  })

  it('deletes by id, at most `concurrency` at once, one ListStacks a poll; a DELETE_FAILED stack gets its root cause', async () => {
    const inFlight: string[][] = []
    let running = new Set<string>()
    cfn.on(DeleteStackCommand).callsFake((input) => {
      running.add(input.StackName)
      inFlight.push([...running])
      return {}
    })
    cfn
      .on(ListStacksCommand)
      .resolvesOnce(
        listing([
          ['a', 'DELETE_IN_PROGRESS'],
          ['b', 'DELETE_IN_PROGRESS'],
          ['old', 'DELETE_FAILED']
        ])
      )
      .callsFakeOnce(() => {
        running = new Set([id('c')])
        return listing([
          ['b', 'DELETE_FAILED', 'The following resource(s) failed to delete: [Bucket].'],
          ['old', 'DELETE_FAILED']
        ])
      })
      .resolvesOnce(listing([['c', 'DELETE_IN_PROGRESS']]))
      .resolves(listing([]))
    cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: [
        {
          StackId: id('b'),
          EventId: 'e1',
          StackName: 'b',
          LogicalResourceId: 'Bucket',
          ResourceType: 'AWS::S3::Bucket',
          ResourceStatus: 'DELETE_FAILED',
          ResourceStatusReason: 'The bucket you tried to delete is not empty',
          Timestamp: new Date()
        }
      ]
    })
    const clock = fakeClock()
    const ctx = testContext(clients, { pollMs: 2000, clock })
    const outcomes = await deleteStacks(ctx, stacks('a', 'b', 'c'), 2)

    expect(cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input.StackName)).toEqual([id('a'), id('b'), id('c')])
    expect(Math.max(...inFlight.map((f) => f.length))).toBeLessThanOrEqual(2)
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true])
    const failure = outcomes[1]
    expect(!failure.ok && errorMessage(failure.error)).toMatch(
      /Deleting stack b failed: stack b is DELETE_FAILED\nRoot cause: Bucket \(AWS::S3::Bucket\) DELETE_FAILED: The bucket you tried to delete is not empty/
    )
    expect(cfn.commandCalls(ListStacksCommand).map((c) => c.args[0].input.StackStatusFilter)).toEqual(Array(4).fill(['DELETE_IN_PROGRESS', 'DELETE_FAILED']))
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(0) // every delete was seen in progress
    expect(cfn.commandCalls(DescribeStackEventsCommand).map((c) => c.args[0].input.StackName)).toEqual([id('b')])
    expect(clock.slept.every((ms) => ms <= 1000)).toBe(true) // the shared read polls at most a second apart
    expect(ctx.log.text()).toContain('✔ a deleted')
  })

  it('a delete that ended between two polls is confirmed by one DescribeStacks by id; one not showing yet is looked at again', async () => {
    cfn.on(DeleteStackCommand).resolves({})
    cfn.on(ListStacksCommand).resolves(listing([]))
    cfn.on(DescribeStacksCommand, { StackName: id('fast') }).resolves({ Stacks: [{ StackName: 'fast', StackId: id('fast'), StackStatus: 'DELETE_COMPLETE', CreationTime: new Date() }] })
    cfn
      .on(DescribeStacksCommand, { StackName: id('late') })
      .resolvesOnce({ Stacks: [{ StackName: 'late', StackId: id('late'), StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] })
      .resolves({ Stacks: [{ StackName: 'late', StackId: id('late'), StackStatus: 'DELETE_COMPLETE', CreationTime: new Date() }] })
    const outcomes = await deleteStacks(testContext(clients), stacks('fast', 'late'), 8)
    expect(outcomes).toEqual([{ ok: true }, { ok: true }])
    expect(cfn.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input.StackName)).toEqual([id('fast'), id('late'), id('late')])
  })

  it('a refused delete fails that stack only; a dry run calls nothing', async () => {
    cfn.on(DeleteStackCommand, { StackName: id('protected') }).rejects(awsError('ValidationError', 'Stack [protected] cannot be deleted while TerminationProtection is enabled'))
    cfn.on(DeleteStackCommand, { StackName: id('ok') }).resolves({})
    cfn
      .on(ListStacksCommand)
      .resolvesOnce(listing([['ok', 'DELETE_IN_PROGRESS']]))
      .resolves(listing([]))
    const outcomes = await deleteStacks(testContext(clients), stacks('protected', 'ok'), 8)
    expect(outcomes[1]).toEqual({ ok: true })
    expect(!outcomes[0].ok && errorMessage(outcomes[0].error)).toMatch(/TerminationProtection/)

    cfn.reset()
    const ctx = testContext(clients, { dryRun: true })
    expect(await deleteStacks(ctx, stacks('x'), 8)).toEqual([{ ok: true }])
    expect(cfn.calls()).toHaveLength(0)
    expect(ctx.log.text()).toContain('[dry-run] would delete stack x')
  })
})
