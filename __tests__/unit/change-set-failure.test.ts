/**
 * A change set that CloudFormation cannot compute or refuses to run, with AWS's answers: the attempt's change set
 * and, for a new stack, the empty REVIEW_IN_PROGRESS stack are removed, and the error names the real cause.
 *
 * AWS, CreateChangeSet: "If you create a change set for a new stack, CloudFormation creates a stack with a
 * unique stack ID, but no template or resources. The stack will be in the REVIEW_IN_PROGRESS state until you
 * execute the change set." A template with a misspelt type is accepted by the call and the change set ends
 * FAILED with StatusReason "Template format error: Unrecognized resource types: [AWS::S3::Buckett]" (the reason
 * the CDK prints as "Failed to create ChangeSet ...: FAILED, Template format error: Unrecognized resource types").
 * moto 5.2 instead accepts the change set, skips the unknown resource and refuses ExecuteChangeSet with
 * "Template error: instance of Fn::GetAtt references undefined resource B" (measured); both are here.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
  type StackStatus
} from '@aws-sdk/client-cloudformation'
import { mockClient } from 'aws-sdk-client-mock'
import { createClients } from '../../src/aws/all-clients.js'
import { deployStack, realCause } from '../../src/cloudformation/deploy.js'
import { DeployError } from '../../src/errors.js'
import { testContext } from '../support/context.js'

const cfn = mockClient(CloudFormationClient)
const clients = createClients({ region: 'us-east-1' })
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/1111'
const CS_ID = 'arn:aws:cloudformation:us-east-1:123456789012:changeSet/bluegreen-1/2222'
const TEMPLATE = JSON.stringify({
  Resources: { B: { Type: 'AWS::S3::Buckett' }, Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::GetAtt': ['B', 'Arn'] } } } }
})
const request = { stackName: 'app', templateBody: TEMPLATE, parameters: [], capabilities: [], tags: [] }
const stack = (status: string) => ({ Stacks: [{ StackName: 'app', StackId: STACK_ID, StackStatus: status as StackStatus, CreationTime: new Date() }] })
const notFound = Object.assign(new Error('Stack with id app does not exist'), { name: 'ValidationError' })

beforeEach(() => cfn.reset())

/** The stack does not exist, then is the REVIEW_IN_PROGRESS stack the change set made, then is deleted. */
function newStackThenDeleted() {
  let deleted = false
  cfn.on(DescribeStacksCommand).callsFake(async () => {
    if (deleted) return stack('DELETE_COMPLETE')
    if (cfn.commandCalls(CreateChangeSetCommand).length === 0) throw notFound
    return stack('REVIEW_IN_PROGRESS')
  })
  cfn.on(DeleteStackCommand).callsFake(async () => {
    deleted = true
    return {}
  })
  cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] })
  cfn.on(CreateChangeSetCommand).resolves({ Id: CS_ID, StackId: STACK_ID })
  cfn.on(DeleteChangeSetCommand).resolves({})
  cfn.on(ListChangeSetsCommand).resolves({ Summaries: [] })
}

describe('a failed change set leaves nothing behind and says why', () => {
  it('AWS: a FAILED change set for a new stack (misspelt type): deletes it and the REVIEW_IN_PROGRESS stack, names the types', async () => {
    newStackThenDeleted()
    cfn.on(DescribeChangeSetCommand).resolves({
      ChangeSetId: CS_ID,
      StackId: STACK_ID,
      StackName: 'app',
      Status: 'FAILED',
      ExecutionStatus: 'UNAVAILABLE',
      StatusReason: 'Template format error: Unrecognized resource types: [AWS::S3::Buckett]'
    })
    const ctx = testContext(clients)
    const error = await deployStack(ctx, request).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DeployError)
    expect((error as Error).message).toBe(
      [
        'The change set for app could not be created; nothing was changed',
        'Root cause: Template format error: Unrecognized resource types: [AWS::S3::Buckett]',
        'Next: Check the spelling of the resource types named above against the CloudFormation resource type reference (cfn-lint reports them before a deploy), then re-run.'
      ].join('\n')
    )
    expect(cfn.commandCalls(DeleteChangeSetCommand).map((c) => c.args[0].input.ChangeSetName)).toEqual([CS_ID])
    expect(cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input.StackName)).toEqual([STACK_ID])
    expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0)
  })

  it('keeps a REVIEW_IN_PROGRESS stack that another change set still waits on', async () => {
    newStackThenDeleted()
    cfn.on(ListChangeSetsCommand).resolves({ Summaries: [{ ChangeSetId: 'arn:other', Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' }] })
    cfn
      .on(DescribeChangeSetCommand)
      .resolves({ ChangeSetId: CS_ID, StackId: STACK_ID, StackName: 'app', Status: 'FAILED', StatusReason: 'Parameter values specified for a template which does not require them.' })
    await expect(deployStack(testContext(clients), request)).rejects.toThrow(/Root cause: Parameter values specified/)
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1)
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0)
  })

  it('an update whose change set FAILED: deletes the change set only, never the stack', async () => {
    cfn.on(DescribeStacksCommand).resolves(stack('UPDATE_COMPLETE'))
    cfn.on(CreateChangeSetCommand).resolves({ Id: CS_ID, StackId: STACK_ID })
    cfn.on(DeleteChangeSetCommand).resolves({})
    cfn
      .on(DescribeChangeSetCommand)
      .resolves({ ChangeSetId: CS_ID, StackId: STACK_ID, StackName: 'app', Status: 'FAILED', StatusReason: 'Template format error: Unrecognized resource types: [AWS::S3::Buckett]' })
    await expect(deployStack(testContext(clients), request)).rejects.toThrow(/Unrecognized resource types: \[AWS::S3::Buckett\]/)
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1)
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0)
    expect(cfn.commandCalls(ListChangeSetsCommand)).toHaveLength(0)
  })

  it("ExecuteChangeSet refused (moto's answer to the misspelt type): cleans up and names the resource and its type", async () => {
    newStackThenDeleted()
    cfn.on(DescribeChangeSetCommand).resolves({
      ChangeSetId: CS_ID,
      StackId: STACK_ID,
      StackName: 'app',
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'AVAILABLE',
      Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'B', ResourceType: 'AWS::S3::Buckett' } }]
    })
    cfn.on(ExecuteChangeSetCommand).rejects(Object.assign(new Error('Template error: instance of Fn::GetAtt references undefined resource B'), { name: 'ValidationError' }))
    const error = await deployStack(testContext(clients), request).catch((e: unknown) => e)
    expect((error as Error).message).toBe(
      [
        'CloudFormation refused to execute the change set for app; nothing was changed',
        "Root cause: Template error: instance of Fn::GetAtt references undefined resource B. The template declares B with Type AWS::S3::Buckett: check that type's spelling against the CloudFormation resource type reference",
        'Next: Fix the template as the cause says, then re-run.'
      ].join('\n')
    )
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1)
    expect(cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input.StackName)).toEqual([STACK_ID])
  })

  it('a cleanup that fails is a warning: the error still names the cause', async () => {
    newStackThenDeleted()
    cfn.on(DeleteChangeSetCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }))
    cfn
      .on(DescribeChangeSetCommand)
      .resolves({ ChangeSetId: CS_ID, StackId: STACK_ID, StackName: 'app', Status: 'FAILED', StatusReason: 'Template format error: Unrecognized resource types: [AWS::S3::Buckett]' })
    const ctx = testContext(clients)
    await expect(deployStack(ctx, request)).rejects.toThrow(/Unrecognized resource types/)
    expect(ctx.log.text()).toMatch(/warning: Could not clean up after the failed change set .*: Rate exceeded\. Delete it/)
  })

  it('AWS: CreateChangeSet refused in the call (ValidationError, template format): nothing to clean up, the cause named', async () => {
    cfn.on(DescribeStacksCommand).rejects(notFound)
    cfn
      .on(CreateChangeSetCommand)
      .rejects(Object.assign(new Error('Template format error: Unresolved resource dependencies [Uploads] in the Resources block of the template'), { name: 'ValidationError' }))
    const error = await deployStack(testContext(clients), request).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DeployError)
    expect((error as Error).message).toBe(
      [
        'CloudFormation refused the change set for app; nothing was changed',
        'Root cause: Template format error: Unresolved resource dependencies [Uploads] in the Resources block of the template',
        'Next: Fix the template or the parameters as the cause says, then re-run.'
      ].join('\n')
    )
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0)
  })

  it('realCause leaves a reason alone when the template does not declare the resource', () => {
    expect(realCause('Template error: instance of Fn::GetAtt references undefined resource Nope', TEMPLATE)).toBe('Template error: instance of Fn::GetAtt references undefined resource Nope')
    expect(realCause('Something else', TEMPLATE)).toBe('Something else')
  })
})
