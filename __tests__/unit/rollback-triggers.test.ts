/**
 * The alarms input reaches every change set the action creates as CloudFormation rollback triggers, with AWS's
 * answers: DescribeAlarms (with AlarmTypes, so composite alarms come back too; API reference: without it only
 * metric alarms are returned) resolves names to ARNs once per run, and CreateChangeSet carries
 * RollbackConfiguration { RollbackTriggers: [{ Arn, Type }], MonitoringTimeInMinutes } (API reference,
 * RollbackConfiguration: Type is AWS::CloudWatch::Alarm or AWS::CloudWatch::CompositeAlarm). A name
 * CloudWatch does not know fails before CreateChangeSet is sent.
 */
import { CloudFormationClient, CreateChangeSetCommand, DescribeChangeSetCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch'
import { mockClient } from 'aws-sdk-client-mock'
import { createClients } from '../../src/aws/all-clients.js'
import { createChangeSet } from '../../src/cloudformation/change-set.js'
import { DeployError } from '../../src/errors.js'
import { testContext } from '../support/context.js'

const cfn = mockClient(CloudFormationClient)
const cw = mockClient(CloudWatchClient)
const clients = createClients({ region: 'us-east-1' })
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/app/1111'
const request = { stackName: 'app', type: 'UPDATE' as const, templateBody: '{"Resources":{}}', parameters: [], capabilities: [], tags: [] }
const arn = (name: string) => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`

beforeEach(() => {
  cfn.reset()
  cw.reset()
  cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-1', StackId: STACK_ID })
  cfn.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', StackId: STACK_ID, StackName: 'app', Changes: [] })
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [] })
  cw.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [{ AlarmName: 'errors', AlarmArn: arn('errors'), StateValue: 'OK' }],
    CompositeAlarms: [{ AlarmName: 'app-health', AlarmArn: arn('app-health'), StateValue: 'OK' }]
  })
})

describe('rollback triggers', () => {
  it('go to every change set, resolved to ARNs by one DescribeAlarms, with rollback-monitoring-minutes', async () => {
    const ctx = testContext(clients, { alarms: { names: ['errors', arn('app-health')], monitoringMinutes: 10 } })
    await createChangeSet(ctx, request)
    await createChangeSet({ ...ctx, pollMs: 5 }, request)
    expect(cw.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input)).toEqual([{ AlarmNames: ['errors', 'app-health'], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }])
    const sent = cfn.commandCalls(CreateChangeSetCommand).map((c) => c.args[0].input.RollbackConfiguration)
    expect(sent).toEqual([
      {
        RollbackTriggers: [
          { Arn: arn('errors'), Type: 'AWS::CloudWatch::Alarm' },
          { Arn: arn('app-health'), Type: 'AWS::CloudWatch::CompositeAlarm' }
        ],
        MonitoringTimeInMinutes: 10
      },
      expect.objectContaining({ MonitoringTimeInMinutes: 10 })
    ])
  })

  it('are not sent without alarms (CloudFormation then keeps what the stack had)', async () => {
    await createChangeSet(testContext(clients), request)
    expect(cfn.commandCalls(CreateChangeSetCommand)[0].args[0].input.RollbackConfiguration).toBeUndefined()
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(0)
  })

  it('an alarm CloudWatch does not know fails before any change set, naming it', async () => {
    const ctx = testContext(clients, { alarms: { names: ['errors', 'latency'], monitoringMinutes: 0 } })
    const err = await createChangeSet(ctx, request).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect((err as DeployError).message).toMatch(/^CloudWatch has no alarm named latency in this region/)
    expect(cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0)
  })
})
