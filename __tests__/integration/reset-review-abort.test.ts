import { ListChangeSetsCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation'
import { deployStack, type DeployRequest } from '../../src/cloudformation/deploy.js'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { testContext } from '../support/context.js'
import { useMoto } from '../support/moto.js'

// The review hook of deployStack, which the reset mode's stateful-resource guard uses: it sees the changes
// after the change set is shown and before it runs, and throwing leaves everything as it was.

const env = useMoto()

const template = (queue: string) => JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: queue } } } })

const request = (body: string, review?: DeployRequest['review']): DeployRequest => ({
  stackName: 'reviewed',
  templateBody: body,
  parameters: [],
  capabilities: [],
  tags: [],
  review
})

async function pendingChangeSets(): Promise<string[]> {
  const out = await env.clients.cloudformation.send(new ListChangeSetsCommand({ StackName: 'reviewed' }))
  return (out.Summaries ?? []).filter((s) => s.ExecutionStatus !== 'EXECUTE_COMPLETE').map((s) => s.ChangeSetName!)
}

describe('deployStack review hook', () => {
  it('aborting the review of a new stack deletes the change set and the REVIEW_IN_PROGRESS stack', async () => {
    const seen: string[] = []
    const ctx = testContext(env.clients)
    await expect(
      deployStack(
        ctx,
        request(template('q1'), (changes) => {
          seen.push(...changes.map((c) => `${c.ResourceChange?.Action} ${c.ResourceChange?.LogicalResourceId}`))
          throw new Error('not this one')
        })
      )
    ).rejects.toThrow('not this one')
    expect(seen).toEqual(['Add Queue'])
    const stack = await describeStack(env.clients.cloudformation, 'reviewed')
    expect(stack === undefined || stack.StackStatus === 'DELETE_COMPLETE').toBe(true)
    const live = await env.clients.cloudformation.send(new ListStacksCommand({}))
    expect((live.StackSummaries ?? []).filter((s) => s.StackName === 'reviewed' && s.StackStatus !== 'DELETE_COMPLETE')).toEqual([])
  })

  it('aborting the review of an update deletes the change set and leaves the stack as it was', async () => {
    const ctx = testContext(env.clients)
    await deployStack(ctx, request(template('q1')))
    const before = await describeStack(env.clients.cloudformation, 'reviewed')
    await expect(
      deployStack(
        ctx,
        request(template('q2'), async () => Promise.reject(new Error('refused')))
      )
    ).rejects.toThrow('refused')
    const after = await describeStack(env.clients.cloudformation, 'reviewed')
    expect(after?.StackStatus).toBe('CREATE_COMPLETE')
    expect(after?.LastUpdatedTime).toEqual(before?.LastUpdatedTime)
    expect(await pendingChangeSets()).toEqual([])
  })

  it('a review that returns lets the change set run, and is not called when there is nothing to change', async () => {
    const ctx = testContext(env.clients)
    let calls = 0
    const created = await deployStack(
      ctx,
      request(template('q1'), () => void calls++)
    )
    expect(created.status).toBe('CREATE_COMPLETE')
    const again = await deployStack(
      ctx,
      request(template('q1'), () => void calls++)
    )
    expect(again.noChanges).toBe(true)
    expect(calls).toBe(1)
  })

  it('a dry run calls the review too, so a plan shows a refusal the real run would meet', async () => {
    const ctx = testContext(env.clients, { dryRun: true })
    await expect(
      deployStack(
        ctx,
        request(template('q1'), () => {
          throw new Error('would refuse')
        })
      )
    ).rejects.toThrow('would refuse')
    expect(await describeStack(env.clients.cloudformation, 'reviewed').then((s) => s?.StackStatus ?? 'none')).toMatch(/none|DELETE_COMPLETE/)
  })
})
