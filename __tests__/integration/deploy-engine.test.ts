import { readFileSync } from 'node:fs'
import { CreateChangeSetCommand, DescribeStacksCommand, ListChangeSetsCommand } from '@aws-sdk/client-cloudformation'
import { deployStack } from '../../src/cloudformation/deploy.js'
import { deleteStack } from '../../src/cloudformation/delete.js'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { useMoto } from '../support/moto.js'
import { testContext } from '../support/context.js'

const env = useMoto()

const queueTemplate = (extra = '') =>
  JSON.stringify({
    Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: `q${extra}` } } },
    Outputs: { QueueArn: { Value: { 'Fn::GetAtt': ['Queue', 'Arn'] } } }
  })

const request = (body: string) => ({ stackName: 'engine', templateBody: body, parameters: [], capabilities: [], tags: [{ Key: 'team', Value: 'a' }] })

/** Change sets not executed; AWS drops executed ones from the list, moto keeps them as EXECUTE_COMPLETE. */
async function pendingChangeSets() {
  const sets = await env.clients.cloudformation.send(new ListChangeSetsCommand({ StackName: 'engine' }))
  return (sets.Summaries ?? []).filter((s) => s.ExecutionStatus !== 'EXECUTE_COMPLETE')
}

describe('CloudFormation engine against moto', () => {
  it('creates a stack through a change set, shows it, and returns the outputs', async () => {
    const ctx = testContext(env.clients)
    const result = await deployStack(ctx, request(queueTemplate()))
    expect(result.executed).toBe(true)
    expect(result.status).toBe('CREATE_COMPLETE')
    expect(result.outputs.QueueArn).toMatch(/^arn:aws:sqs:us-east-1:\d{12}:q$/)
    expect(result.changes.map((c) => c.ResourceChange?.LogicalResourceId)).toEqual(['Queue'])
    expect(ctx.log.text()).toMatch(/Add\s+Queue\s+AWS::SQS::Queue/)
    expect(ctx.log.text()).toMatch(/engine\s+AWS::CloudFormation::Stack\s+CREATE_COMPLETE/)
    const stack = await describeStack(env.clients.cloudformation, 'engine')
    expect(stack?.Tags).toEqual([{ Key: 'team', Value: 'a' }])
  })

  it('treats an update without changes as a successful no-op and leaves no change set behind', async () => {
    const ctx = testContext(env.clients)
    await deployStack(ctx, request(queueTemplate()))
    const again = await deployStack(ctx, request(queueTemplate()))
    expect(again.noChanges).toBe(true)
    expect(again.executed).toBe(false)
    expect(again.status).toBe('CREATE_COMPLETE')
    expect(await pendingChangeSets()).toHaveLength(0)
  })

  it('updates a stack when the template changed', async () => {
    const ctx = testContext(env.clients)
    await deployStack(ctx, request(queueTemplate()))
    const updated = await deployStack(ctx, request(queueTemplate('2')))
    expect(updated.executed).toBe(true)
    expect(updated.status).toBe('UPDATE_COMPLETE')
  })

  it('dry run of a new stack shows the change set and leaves no stack behind', async () => {
    const ctx = testContext(env.clients, { dryRun: true })
    const result = await deployStack(ctx, request(queueTemplate()))
    expect(result.executed).toBe(false)
    expect(result.changes).toHaveLength(1)
    expect(ctx.log.text()).toContain('[dry-run]')
    expect(await describeStack(env.clients.cloudformation, 'engine')).toBeUndefined()
  })

  it('dry run of an existing stack leaves it as it was', async () => {
    await deployStack(testContext(env.clients), request(queueTemplate()))
    const before = await env.clients.cloudformation.send(new DescribeStacksCommand({ StackName: 'engine' }))
    const ctx = testContext(env.clients, { dryRun: true })
    await deployStack(ctx, request(queueTemplate('2')))
    const after = await env.clients.cloudformation.send(new DescribeStacksCommand({ StackName: 'engine' }))
    expect(after.Stacks?.[0].StackStatus).toBe(before.Stacks?.[0].StackStatus)
    expect(after.Stacks?.[0].LastUpdatedTime).toEqual(before.Stacks?.[0].LastUpdatedTime)
    expect(await pendingChangeSets()).toHaveLength(0)
  })

  it('creates a stack left REVIEW_IN_PROGRESS by a change set that never ran, cleaning the stale change set', async () => {
    await env.clients.cloudformation.send(new CreateChangeSetCommand({ StackName: 'engine', ChangeSetName: 'stale', ChangeSetType: 'CREATE', TemplateBody: queueTemplate() }))
    expect((await describeStack(env.clients.cloudformation, 'engine'))?.StackStatus).toBe('REVIEW_IN_PROGRESS')
    const ctx = testContext(env.clients)
    const result = await deployStack(ctx, request(queueTemplate()))
    expect(result.status).toBe('CREATE_COMPLETE')
    expect(ctx.log.text()).toMatch(/deleted stale change set\(s\) stale/)
  })

  it('updates the sample app (a Lambda function with inline code) when a parameter changes', async () => {
    const body = readFileSync('examples/app/template.yaml', 'utf8')
    const app = (version: string) => ({ stackName: 'app', templateBody: body, parameters: [{ ParameterKey: 'Version', ParameterValue: version }], capabilities: ['CAPABILITY_IAM' as const], tags: [] })
    const ctx = testContext(env.clients)
    expect((await deployStack(ctx, app('v1'))).status).toBe('CREATE_COMPLETE')
    const updated = await deployStack(ctx, app('v2'))
    expect(updated.status).toBe('UPDATE_COMPLETE')
    expect(updated.outputs.FunctionName).toMatch(/^app-AppFunction-/)
  })

  it('deletes a stack with its events streamed, and a missing stack is a no-op', async () => {
    const ctx = testContext(env.clients)
    const created = await deployStack(ctx, request(queueTemplate()))
    const deleted = await deleteStack(ctx, 'engine')
    expect(deleted.deleted).toBe(true)
    expect(ctx.log.text()).toMatch(/DELETE_COMPLETE/)
    expect((await describeStack(env.clients.cloudformation, created.stackId!))?.StackStatus).toBe('DELETE_COMPLETE')
    expect((await deleteStack(ctx, 'engine')).deleted).toBe(false)
  })
})
