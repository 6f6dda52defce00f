/**
 * route53-takeover with the built action on moto, for a record named after the stack
 * (`!Sub '${AWS::StackName}.example.com.'`): the stack does not exist yet, so the name comes from the
 * stack-name input, as CloudFormation will give it.
 */
import { DescribeStackResourcesCommand, type StackResource } from '@aws-sdk/client-cloudformation'
import type { ResourceRecordSet } from '@aws-sdk/client-route-53'
import { join } from 'node:path'
import { runAction } from '../support/action-runner.js'
import { useMoto } from '../support/moto.js'
import { backupDir } from '../support/route53-inputs.js'
import { recordSets, zoneWith } from '../support/route53-zone.js'

const env = useMoto()
const MANUAL: ResourceRecordSet = { Name: 'shop.example.com.', Type: 'A', TTL: 3600, ResourceRecords: [{ Value: '198.51.100.7' }] }

const inputs = (zoneId: string, recordName: string) => ({
  region: 'us-east-1',
  'endpoint-url': env.url,
  'poll-seconds': '0.1',
  mode: 'route53-takeover',
  'stack-name': 'shop',
  template: '__tests__/fixtures/route53/a-record-stack-name.yaml',
  parameters: `HostedZoneId=${zoneId}`,
  'hosted-zone-id': zoneId,
  'record-name': recordName,
  'record-type': 'A',
  'enable-parameter': 'Route53Enable=true',
  'backup-file': join(backupDir(), 'backup.json')
})

describe('route53-takeover of a record named with AWS::StackName (built action, moto)', () => {
  it('finds the record before the stack exists and hands it to the stack', async () => {
    const zoneId = await zoneWith(env.clients, [MANUAL])
    const run = await runAction(inputs(zoneId, 'shop.example.com'))
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/the template's record is Record/)
    expect(JSON.parse(run.outputs['record-backup'])).toEqual(MANUAL)
    expect(run.outputs['takeover-path']).toBe('adopt-identical')
    const eip = JSON.parse(run.outputs['stack-outputs']).AppIp as string
    for (const r of await recordSets(env.clients, zoneId, 'shop.example.com.', 'A')) expect(r.ResourceRecords).toEqual([{ Value: eip }])
    const resources = await env.clients.cloudformation.send(new DescribeStackResourcesCommand({ StackName: 'shop' }))
    expect(resources.StackResources?.find((r: StackResource) => r.LogicalResourceId === 'Record')).toMatchObject({ PhysicalResourceId: 'shop.example.com.' })
  }, 60_000)

  it('names the record the template has when record-name is another, with the stack name filled in', async () => {
    const zoneId = await zoneWith(env.clients, [MANUAL])
    const run = await runAction(inputs(zoneId, 'www.example.com'))
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('The template has no AWS::Route53::RecordSet or AWS::Route53::RecordSetGroup entry for www.example.com. A')
    expect(run.stdout).toContain('Records in the template: Record: shop.example.com. A')
    expect(run.stdout).not.toContain('undefined')
  }, 60_000)
})
