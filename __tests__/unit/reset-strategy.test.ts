import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  type Change,
  type StackEvent
} from '@aws-sdk/client-cloudformation'
import { mockClient } from 'aws-sdk-client-mock'
import { fileURLToPath } from 'node:url'
import { createClients } from '../../src/aws/all-clients.js'
import { DeployError } from '../../src/errors.js'
import { parseInputs } from '../../src/modes/registry.js'
import { reset } from '../../src/modes/reset/index.js'
import type { InputsOf } from '../../src/modes/types.js'
import { testContext } from '../support/context.js'

/*
 * moto lists no Replacement or PolicyAction in its change sets, so the guard's replacement path is driven here
 * with answers shaped like AWS's for the friendly-names phase of __tests__/fixtures/reset/stateful-named.json on a
 * stack that runs with generated names: putting FunctionName and LogGroupName back replaces both resources
 * (Replacement True, PolicyAction ReplaceAndDelete, Details naming the property with RequiresRecreation Always).
 */

const FIXTURE = fileURLToPath(new URL('../fixtures/reset/stateful-named.json', import.meta.url))
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/orders/8e4c1a40-0d1e-11f1-9a5b-0a1b2c3d4e5f'
const CS_ID = 'arn:aws:cloudformation:us-east-1:123456789012:changeSet/bluegreen-20260101000000-abcd1234/1f2e3d4c-0d1e-11f1-9a5b-0a1b2c3d4e5f'

const inputs = (extra: Record<string, string> = {}) => {
  const values: Record<string, string> = { mode: 'reset', 'stack-name': 'orders', template: FIXTURE, region: 'us-east-1', 'reset-phase': 'friendly-names', ...extra }
  return parseInputs((name) => values[name] ?? '', {}) as InputsOf<'reset'>
}

const replaced = (logicalId: string, type: string, physicalId: string, property: string): Change => ({
  Type: 'Resource',
  ResourceChange: {
    PolicyAction: 'ReplaceAndDelete',
    Action: 'Modify',
    LogicalResourceId: logicalId,
    PhysicalResourceId: physicalId,
    ResourceType: type,
    Replacement: 'True',
    Scope: ['Properties'],
    Details: [
      {
        Target: { Attribute: 'Properties', Name: property, RequiresRecreation: 'Always', Path: `/Properties/${property}`, AttributeChangeType: 'Add' },
        Evaluation: 'Static',
        ChangeSource: 'DirectModification'
      }
    ]
  }
})

const CHANGES: Change[] = [
  replaced('Handler', 'AWS::Lambda::Function', 'orders-Handler-Q1W2E3R4T5Y6', 'FunctionName'),
  replaced('HandlerLogs', 'AWS::Logs::LogGroup', 'orders-HandlerLogs-A1S2D3F4G5H6', 'LogGroupName'),
  {
    Type: 'Resource',
    ResourceChange: {
      Action: 'Modify',
      LogicalResourceId: 'InvokeConfig',
      PhysicalResourceId: 'a1b2c3d4',
      ResourceType: 'AWS::Lambda::EventInvokeConfig',
      Replacement: 'False',
      Scope: ['Properties'],
      Details: []
    }
  }
]

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s))
const event = (id: string, logical: string, type: string, status: StackEvent['ResourceStatus'], s: number, physical = ''): StackEvent => ({
  StackId: STACK_ID,
  StackName: 'orders',
  EventId: id,
  LogicalResourceId: logical,
  ResourceType: type,
  ResourceStatus: status,
  Timestamp: at(s),
  PhysicalResourceId: physical
})

function mockAws() {
  const cfn = mockClient(CloudFormationClient)
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackId: STACK_ID, StackName: 'orders', StackStatus: 'UPDATE_COMPLETE', CreationTime: at(0), Outputs: [{ OutputKey: 'HandlerName', OutputValue: 'orders-handler' }] }]
  })
  cfn.on(CreateChangeSetCommand).resolves({ Id: CS_ID, StackId: STACK_ID })
  cfn.on(DescribeChangeSetCommand).resolves({ ChangeSetId: CS_ID, StackId: STACK_ID, StackName: 'orders', Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', Changes: CHANGES })
  cfn.on(DeleteChangeSetCommand).resolves({})
  cfn.on(ExecuteChangeSetCommand).resolves({})
  cfn.on(GetTemplateCommand).rejects(new Error('GetTemplate is only needed for removals'))
  const previous = event('e0', 'orders', 'AWS::CloudFormation::Stack', 'UPDATE_COMPLETE', 0, STACK_ID)
  cfn
    .on(DescribeStackEventsCommand)
    .resolvesOnce({ StackEvents: [previous] })
    .resolves({
      StackEvents: [
        event('e5', 'orders', 'AWS::CloudFormation::Stack', 'UPDATE_COMPLETE', 9, STACK_ID),
        event('e4', 'HandlerLogs', 'AWS::Logs::LogGroup', 'DELETE_COMPLETE', 8, 'orders-HandlerLogs-A1S2D3F4G5H6'),
        event('e3', 'Handler', 'AWS::Lambda::Function', 'DELETE_COMPLETE', 8, 'orders-Handler-Q1W2E3R4T5Y6'),
        event('e2', 'Handler', 'AWS::Lambda::Function', 'UPDATE_COMPLETE', 5, 'orders-handler'),
        event('e1', 'orders', 'AWS::CloudFormation::Stack', 'UPDATE_IN_PROGRESS', 1, STACK_ID),
        previous
      ]
    })
  cfn.on(ListStackResourcesCommand).resolves({
    StackResourceSummaries: [
      { LogicalResourceId: 'Handler', PhysicalResourceId: 'orders-handler', ResourceType: 'AWS::Lambda::Function', ResourceStatus: 'UPDATE_COMPLETE', LastUpdatedTimestamp: at(5) },
      { LogicalResourceId: 'HandlerLogs', PhysicalResourceId: '/aws/lambda/orders-handler', ResourceType: 'AWS::Logs::LogGroup', ResourceStatus: 'UPDATE_COMPLETE', LastUpdatedTimestamp: at(6) }
    ]
  })
  return cfn
}

describe('reset strategy with AWS-shaped change sets (aws-sdk-client-mock)', () => {
  let cfn: ReturnType<typeof mockAws>
  beforeEach(() => {
    cfn = mockAws()
  })
  afterEach(() => cfn.restore())

  it('refuses to replace the log group, deletes the change set and executes nothing', async () => {
    const ctx = testContext(createClients({ region: 'us-east-1', maxAttempts: 1 }))
    const error = await reset(ctx, inputs()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DeployError)
    const message = (error as Error).message
    expect(message).toMatch(
      /^Refusing the friendly-names phase: it would delete data in 1 resource\(s\):\n- HandlerLogs \(AWS::Logs::LogGroup orders-HandlerLogs-A1S2D3F4G5H6\): would replace; replacing it loses the log events it holds \(replaced because LogGroupName changed\); the change set \(PolicyAction\) is ReplaceAndDelete/
    )
    expect(message).not.toMatch(/- Handler \(/)
    expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0)
    expect(cfn.commandCalls(DeleteChangeSetCommand).map((c) => c.args[0].input.ChangeSetName)).toEqual([CS_ID])
    const section = ctx.report.sections.find((s) => s.title === 'Phase 2 (friendly names): change set')?.markdown ?? ''
    expect(section).toMatch(/\| Modify \| HandlerLogs \| AWS::Logs::LogGroup \| True \| ⛔ refused: /)
    expect(section).toMatch(/\| Modify \| Handler \| AWS::Lambda::Function \| True \|  \|/)
    expect(ctx.log.text()).toMatch(/error: REFUSED: HandlerLogs/)
    expect(ctx.outputs['function-names-friendly']).toBeUndefined()
  })

  it('runs the change set when allow-replace names the log group, and reports the friendly names', async () => {
    const ctx = testContext(createClients({ region: 'us-east-1', maxAttempts: 1 }))
    await reset(ctx, inputs({ 'allow-replace': 'HandlerLogs' }))
    expect(cfn.commandCalls(ExecuteChangeSetCommand).map((c) => c.args[0].input.ChangeSetName)).toEqual([CS_ID])
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(0)
    expect(ctx.log.text()).toMatch(/warning: allowed by allow-replace: HandlerLogs/)
    expect(ctx.outputs['function-names-friendly']).toBe('{"Handler":"orders-handler"}')
    expect(ctx.outputs['stack-status']).toBe('UPDATE_COMPLETE')
    expect(ctx.report.sections.find((s) => s.title === 'Phase 2 (friendly names): change set')?.markdown).toMatch(/⚠️ allowed/)
    // the replacement happened in the order AWS does it: the new function first, the old one deleted in cleanup
    expect(ctx.log.text()).toMatch(/Handler\s+AWS::Lambda::Function\s+UPDATE_COMPLETE[\s\S]*Handler\s+AWS::Lambda::Function\s+DELETE_COMPLETE/)
  })

  it('a dry run stops at the same refusal and leaves no change set', async () => {
    const ctx = testContext(createClients({ region: 'us-east-1', maxAttempts: 1 }), { dryRun: true })
    await expect(reset(ctx, inputs())).rejects.toThrow(/Refusing the friendly-names phase/)
    expect(cfn.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0)
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(1)
  })
})
