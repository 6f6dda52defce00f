/**
 * The CloudFormation engine against realistic AWS answer sequences that moto cannot produce: moto completes
 * stacks synchronously, never rolls back and emits no resource-level events.
 */
import {
  CloudFormationClient,
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type StackEvent,
  type StackStatus
} from '@aws-sdk/client-cloudformation'
import { mockClient } from 'aws-sdk-client-mock'
import { createClients } from '../../src/aws/all-clients.js'
import { deployStack } from '../../src/cloudformation/deploy.js'
import { DeployError, TimeoutError } from '../../src/errors.js'
import { fakeClock } from '../../src/clock.js'
import { testContext } from '../support/context.js'

const cfn = mockClient(CloudFormationClient)
const clients = createClients({ region: 'us-east-1' })
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/1111'
const CS_ID = 'arn:aws:cloudformation:us-east-1:123456789012:changeSet/cs/2222'
const request = { stackName: 'app', templateBody: '{"Resources":{}}', parameters: [], capabilities: [], tags: [] }

let seq = 0
const t0 = Date.parse('2026-11-23T10:00:00Z')
/** One stack event as DescribeStackEvents returns it. */
function ev(logicalId: string, type: string, status: string, reason?: string, stackId = STACK_ID, physicalId?: string): StackEvent {
  seq++
  return {
    EventId: `e${seq}`,
    StackId: stackId,
    StackName: 'app',
    LogicalResourceId: logicalId,
    ResourceType: type,
    ResourceStatus: status as StackEvent['ResourceStatus'],
    ResourceStatusReason: reason,
    PhysicalResourceId: physicalId ?? (type === 'AWS::CloudFormation::Stack' && logicalId === 'app' ? stackId : `${logicalId}-phys`),
    Timestamp: new Date(t0 + seq * 1000)
  }
}
const stackEv = (status: string, reason?: string) => ev('app', 'AWS::CloudFormation::Stack', status, reason)
/** DescribeStackEvents answers newest first. */
const page = (...events: StackEvent[]) => ({ StackEvents: [...events].reverse() })
const stack = (status: string, extra: object = {}) => ({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: status as StackStatus, CreationTime: new Date(t0), ...extra }] })

function changeSetReady(action = 'Add') {
  cfn.on(CreateChangeSetCommand).resolves({ Id: CS_ID, StackId: STACK_ID })
  cfn.on(DescribeChangeSetCommand).resolves({
    ChangeSetId: CS_ID,
    StackId: STACK_ID,
    StackName: 'app',
    Status: 'CREATE_COMPLETE',
    ExecutionStatus: 'AVAILABLE',
    Changes: [{ Type: 'Resource', ResourceChange: { Action: action as 'Add', LogicalResourceId: 'Fn', ResourceType: 'AWS::Lambda::Function', Replacement: 'False' } }]
  })
  cfn.on(ExecuteChangeSetCommand).resolves({})
}

beforeEach(() => {
  cfn.reset()
  seq = 0
})

describe('deployStack with AWS behaviour moto does not show', () => {
  it('fails a create with the first failed resource as root cause, not the ROLLBACK line (AWS: CREATE_FAILED, cancellations, ROLLBACK_COMPLETE)', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce({ Stacks: [] })
      .resolvesOnce(stack('CREATE_IN_PROGRESS'))
      .resolves(stack('ROLLBACK_COMPLETE', { StackStatusReason: 'The following resource(s) failed to create: [Fn, Queue]. Rollback requested by user.' }))
    changeSetReady()
    const created = [
      stackEv('CREATE_IN_PROGRESS', 'User Initiated'),
      ev('Role', 'AWS::IAM::Role', 'CREATE_IN_PROGRESS'),
      ev('Role', 'AWS::IAM::Role', 'CREATE_COMPLETE'),
      ev('Fn', 'AWS::Lambda::Function', 'CREATE_IN_PROGRESS'),
      ev('Queue', 'AWS::SQS::Queue', 'CREATE_IN_PROGRESS'),
      ev('Fn', 'AWS::Lambda::Function', 'CREATE_FAILED', 'Resource handler returned message: "The runtime parameter of nodejs8.10 is no longer supported" (HandlerErrorCode: InvalidRequest)'),
      ev('Queue', 'AWS::SQS::Queue', 'CREATE_FAILED', 'Resource creation cancelled')
    ]
    const rolledBack = [
      stackEv('ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [Fn, Queue]. Rollback requested by user.'),
      ev('Role', 'AWS::IAM::Role', 'DELETE_COMPLETE'),
      stackEv('ROLLBACK_COMPLETE')
    ]
    cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce(page(created[0]))
      .resolvesOnce(page(...created))
      .resolves(page(...created, ...rolledBack))
    const ctx = testContext(clients)
    const err = await deployStack(ctx, request).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.rootCause).toMatch(/^Fn \(AWS::Lambda::Function\) CREATE_FAILED: .*nodejs8\.10/)
    expect(err.message).toMatch(/stack app is ROLLBACK_COMPLETE/)
    expect(err.nextSteps).toMatch(/deletes a stack that never finished/)
    // every event was streamed once, oldest first
    const lines = ctx.log.lines.filter((l) => /^\d\d:\d\d:\d\d/.test(l))
    expect(lines).toHaveLength(created.length + rolledBack.length)
    expect(lines[0]).toMatch(/app\s+AWS::CloudFormation::Stack\s+CREATE_IN_PROGRESS\s+User Initiated/)
    expect(lines.at(-1)).toMatch(/ROLLBACK_COMPLETE/)
  })

  it("takes the caller's reading of the stack a moment ago instead of reading it again before the change set", async () => {
    cfn.on(DescribeStacksCommand).resolves(stack('CREATE_COMPLETE'))
    cfn.on(DescribeStackEventsCommand).resolves(page(stackEv('CREATE_IN_PROGRESS', 'User Initiated'), stackEv('CREATE_COMPLETE')))
    changeSetReady()
    const ctx = testContext(clients)
    const result = await deployStack(ctx, { ...request, read: { stack: undefined } })
    expect(result.status).toBe('CREATE_COMPLETE')
    const calls = cfn.calls().map((c) => (c.args[0] as object).constructor.name)
    expect(calls.indexOf('CreateChangeSetCommand')).toBeGreaterThanOrEqual(0)
    // the caller read it (it did not exist): no DescribeStacks before the change set
    expect(calls.slice(0, calls.indexOf('CreateChangeSetCommand'))).not.toContain('DescribeStacksCommand')
    expect(cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetType).toBe('CREATE')
  })

  it('waits for an operation already in progress before updating (AWS: UpdateStack during UPDATE_IN_PROGRESS is refused)', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce(stack('UPDATE_IN_PROGRESS'))
      .resolvesOnce(stack('UPDATE_IN_PROGRESS'))
      .resolvesOnce(stack('UPDATE_COMPLETE')) // end of the other operation
      .resolvesOnce(stack('UPDATE_COMPLETE')) // prepareStack again
      .resolves(stack('UPDATE_COMPLETE', { Outputs: [{ OutputKey: 'Url', OutputValue: 'https://x' }] }))
    const other = [stackEv('UPDATE_IN_PROGRESS', 'User Initiated'), ev('Fn', 'AWS::Lambda::Function', 'UPDATE_IN_PROGRESS')]
    const otherDone = [ev('Fn', 'AWS::Lambda::Function', 'UPDATE_COMPLETE'), stackEv('UPDATE_COMPLETE')]
    const ours = [stackEv('UPDATE_IN_PROGRESS', 'User Initiated'), ev('Fn', 'AWS::Lambda::Function', 'UPDATE_COMPLETE'), stackEv('UPDATE_COMPLETE')]
    cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce(page(...other)) // baseline of the wait
      .resolvesOnce(page(...other))
      .resolvesOnce(page(...other, ...otherDone))
      .resolvesOnce(page(...other, ...otherDone)) // final read
      .resolvesOnce(page(...other, ...otherDone)) // baseline of our update
      .resolves(page(...other, ...otherDone, ...ours))
    changeSetReady('Modify')
    const ctx = testContext(clients)
    const result = await deployStack(ctx, request)
    expect(result.status).toBe('UPDATE_COMPLETE')
    expect(result.outputs).toEqual({ Url: 'https://x' })
    expect(ctx.log.text()).toMatch(/is UPDATE_IN_PROGRESS: waiting/)
    expect(cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetType).toBe('UPDATE')
  })

  it.each(['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED'])('deletes and recreates a stack whose create never finished: %s (AWS: such stacks cannot be updated)', async (status) => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce(stack(status)) // prepareStack
      .resolvesOnce(stack(status)) // deleteStack reads it; the delete's own DELETE_COMPLETE event ends its wait (no read)
      .resolves(stack('CREATE_COMPLETE'))
    cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce(page(stackEv(status)))
      .resolvesOnce(page(stackEv('DELETE_IN_PROGRESS', 'User Initiated'), stackEv('DELETE_COMPLETE')))
      .resolves(page(stackEv('CREATE_IN_PROGRESS', 'User Initiated'), stackEv('CREATE_COMPLETE')))
    cfn.on(DeleteStackCommand).resolves({})
    changeSetReady()
    const ctx = testContext(clients)
    const result = await deployStack(ctx, request)
    expect(result.status).toBe('CREATE_COMPLETE')
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(1)
    expect(cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.ChangeSetType).toBe('CREATE')
    expect(ctx.log.text()).toMatch(/its create never finished/)
  })

  it('continues a failed rollback before updating (AWS: UPDATE_ROLLBACK_FAILED needs ContinueUpdateRollback)', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce(stack('UPDATE_ROLLBACK_FAILED'))
      .resolvesOnce(stack('UPDATE_ROLLBACK_COMPLETE')) // after continuing
      .resolvesOnce(stack('UPDATE_ROLLBACK_COMPLETE')) // prepareStack again
      .resolves(stack('UPDATE_COMPLETE'))
    cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce(page(stackEv('UPDATE_ROLLBACK_FAILED')))
      .resolvesOnce(page(stackEv('UPDATE_ROLLBACK_IN_PROGRESS'), stackEv('UPDATE_ROLLBACK_COMPLETE')))
      .resolvesOnce(page(stackEv('UPDATE_ROLLBACK_COMPLETE')))
      .resolves(page(stackEv('UPDATE_IN_PROGRESS', 'User Initiated'), stackEv('UPDATE_COMPLETE')))
    cfn.on(ContinueUpdateRollbackCommand).resolves({})
    changeSetReady('Modify')
    const result = await deployStack(testContext(clients), request)
    expect(result.status).toBe('UPDATE_COMPLETE')
    const calls = cfn.commandCalls(ContinueUpdateRollbackCommand)
    expect(calls).toHaveLength(1)
    expect(calls[0].args[0].input.ClientRequestToken).toMatch(/^bluegreen-continue-/)
  })

  it('names the failing resource inside a nested stack (AWS: the parent only says the embedded stack failed)', async () => {
    const NESTED_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app-Data-XYZ/3333'
    cfn.on(DescribeStacksCommand).resolvesOnce(stack('UPDATE_COMPLETE')).resolves(stack('UPDATE_ROLLBACK_COMPLETE'))
    changeSetReady('Modify')
    const parent = [
      stackEv('UPDATE_IN_PROGRESS', 'User Initiated'),
      ev('Data', 'AWS::CloudFormation::Stack', 'UPDATE_IN_PROGRESS', undefined, STACK_ID, NESTED_ID),
      ev(
        'Data',
        'AWS::CloudFormation::Stack',
        'UPDATE_FAILED',
        'Embedded stack arn:...:stack/app-Data-XYZ/3333 was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: The following resource(s) failed to create: [Bucket].',
        STACK_ID,
        NESTED_ID
      ),
      stackEv('UPDATE_ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to update: [Data].'),
      stackEv('UPDATE_ROLLBACK_COMPLETE')
    ]
    const nested = [
      ev('app-Data-XYZ', 'AWS::CloudFormation::Stack', 'UPDATE_IN_PROGRESS', 'User Initiated', NESTED_ID, NESTED_ID),
      ev('Bucket', 'AWS::S3::Bucket', 'CREATE_FAILED', 'my-bucket already exists', NESTED_ID)
    ]
    // nested events happen between the parent's UPDATE_IN_PROGRESS and UPDATE_FAILED
    for (const e of nested) e.Timestamp = new Date(t0 + 2500)
    cfn
      .on(DescribeStackEventsCommand, { StackName: STACK_ID })
      .resolvesOnce(page(stackEv('CREATE_COMPLETE'))) // baseline
      .resolvesOnce(page(...parent.slice(0, 2)))
      .resolves(page(...parent))
    cfn.on(DescribeStackEventsCommand, { StackName: NESTED_ID }).resolves(page(...nested))
    const ctx = testContext(clients)
    const err = await deployStack(ctx, request).catch((e) => e)
    expect(err.rootCause).toBe('Data/Bucket (AWS::S3::Bucket) CREATE_FAILED: my-bucket already exists')
    expect(ctx.log.text()).toMatch(/Data\/Bucket\s+AWS::S3::Bucket\s+CREATE_FAILED/)
  })

  it('reads a nested stack found in the same poll as the end, so its root cause is not lost', async () => {
    const NESTED_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app-Data-XYZ/4444'
    cfn.on(DescribeStacksCommand).resolvesOnce(stack('UPDATE_COMPLETE')).resolves(stack('UPDATE_ROLLBACK_COMPLETE'))
    changeSetReady('Modify')
    const parent = [
      stackEv('UPDATE_IN_PROGRESS', 'User Initiated'),
      ev('Data', 'AWS::CloudFormation::Stack', 'UPDATE_IN_PROGRESS', undefined, STACK_ID, NESTED_ID),
      ev('Data', 'AWS::CloudFormation::Stack', 'UPDATE_FAILED', 'Embedded stack was not successfully updated', STACK_ID, NESTED_ID),
      stackEv('UPDATE_ROLLBACK_COMPLETE')
    ]
    const nested = [ev('Table', 'AWS::DynamoDB::Table', 'UPDATE_FAILED', 'Cannot update GSI and key schema at once', NESTED_ID)]
    nested[0].Timestamp = new Date(t0 + 2500)
    cfn
      .on(DescribeStackEventsCommand, { StackName: STACK_ID })
      .resolvesOnce(page(stackEv('CREATE_COMPLETE')))
      .resolves(page(...parent))
    cfn.on(DescribeStackEventsCommand, { StackName: NESTED_ID }).resolves(page(...nested))
    const err = await deployStack(testContext(clients), request).catch((e) => e)
    expect(err.rootCause).toBe('Data/Table (AWS::DynamoDB::Table) UPDATE_FAILED: Cannot update GSI and key schema at once')
    expect(cfn.commandCalls(DescribeStackEventsCommand, { StackName: NESTED_ID })).toHaveLength(1)
  })

  it('backs off when AWS throttles the event polling and recovers (AWS: Throttling "Rate exceeded")', async () => {
    // the wait reads the status only when the stack's end event came (its first poll brought events)
    cfn.on(DescribeStacksCommand).resolvesOnce({ Stacks: [] }).resolves(stack('CREATE_COMPLETE'))
    changeSetReady()
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'Throttling' })
    cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce(page(stackEv('CREATE_IN_PROGRESS', 'User Initiated')))
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves(page(stackEv('CREATE_IN_PROGRESS', 'User Initiated'), stackEv('CREATE_COMPLETE')))
    const clock = fakeClock()
    const ctx = testContext(clients, { clock, pollMs: 2000 })
    const result = await deployStack(ctx, request)
    expect(result.status).toBe('CREATE_COMPLETE')
    expect(clock.slept.filter((ms) => ms >= 2000)).toEqual([2000, 4000, 8000])
    expect(ctx.log.text()).toMatch(/throttled by AWS; polling every 8\.0 s/)
  })

  it('gives up at timeout-minutes with the stack state and what to do next', async () => {
    cfn.on(DescribeStacksCommand).resolvesOnce({ Stacks: [] }).resolves(stack('CREATE_IN_PROGRESS'))
    changeSetReady()
    cfn.on(DescribeStackEventsCommand).resolves(page(stackEv('CREATE_IN_PROGRESS', 'User Initiated')))
    const clock = fakeClock()
    const ctx = testContext(clients, { clock, pollMs: 2000, deadline: clock.now() + 60_000 })
    const err = await deployStack(ctx, request).catch((e) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect(err.message).toMatch(/Timed out \(timeout-minutes\) waiting for stack app; it is CREATE_IN_PROGRESS/)
    expect(err.message).toMatch(/Re-run the action to wait for it/)
    expect(clock.now() - Date.parse('2023-11-14T22:13:20Z')).toBeLessThanOrEqual(60_000)
  })

  it('executes each change set once with a ClientRequestToken and deletes an empty one (AWS: "didn\'t contain changes")', async () => {
    cfn.on(DescribeStacksCommand).resolves(stack('UPDATE_COMPLETE'))
    cfn.on(CreateChangeSetCommand).resolves({ Id: CS_ID, StackId: STACK_ID })
    cfn
      .on(DescribeChangeSetCommand)
      .resolvesOnce({ Status: 'CREATE_PENDING' as const, StackId: STACK_ID })
      .resolves({
        Status: 'FAILED' as const,
        StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set.",
        StackId: STACK_ID,
        StackName: 'app'
      })
    cfn.on(DeleteChangeSetCommand).resolves({})
    const result = await deployStack(testContext(clients), request)
    expect(result.noChanges).toBe(true)
    expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0)
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1)
    expect(cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.ClientToken).toMatch(/^bluegreen-cs-/)

    cfn.reset()
    cfn.on(DescribeStacksCommand).resolvesOnce({ Stacks: [] }).resolves(stack('CREATE_COMPLETE'))
    cfn.on(DescribeStackEventsCommand).resolves(page(stackEv('CREATE_COMPLETE')))
    changeSetReady()
    await deployStack(testContext(clients), request)
    const exec = cfn.commandCalls(ExecuteChangeSetCommand)
    expect(exec).toHaveLength(1)
    expect(exec[0].args[0].input.ClientRequestToken).toMatch(/^bluegreen-execute-[0-9a-f-]{36}$/)
  })

  it('fails a change set that CloudFormation rejects with its reason', async () => {
    cfn.on(DescribeStacksCommand).resolves(stack('UPDATE_COMPLETE'))
    cfn.on(CreateChangeSetCommand).resolves({ Id: CS_ID, StackId: STACK_ID })
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED' as const,
      StatusReason: 'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
      StackId: STACK_ID,
      StackName: 'app'
    })
    const err = await deployStack(testContext(clients), request).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.rootCause).toMatch(/Unresolved resource dependencies \[Missing\]/)
  })

  it('refuses a DELETE_FAILED stack with what to do', async () => {
    cfn.on(DescribeStacksCommand).resolves(stack('DELETE_FAILED', { StackStatusReason: 'The bucket you tried to delete is not empty' }))
    const err = await deployStack(testContext(clients), request).catch((e) => e)
    expect(err.message).toMatch(/DELETE_FAILED/)
    expect(err.rootCause).toMatch(/not empty/)
    expect(cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0)
  })
})
