import type { Change } from '@aws-sdk/client-cloudformation'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseTemplate, type Template } from '../../src/cloudformation/template.js'
import { DeployError } from '../../src/errors.js'
import { formatRisky, refuseDataLoss, riskyChanges } from '../../src/modes/reset/stateful.js'

const path = fileURLToPath(new URL('../fixtures/reset/stateful-named.json', import.meta.url))
const next = parseTemplate(readFileSync(path, 'utf8'), path)

// Changes as DescribeChangeSet returns them for the generated-names phase of the fixture (IncludePropertyValues off).
const functionRenamed: Change = {
  Type: 'Resource',
  ResourceChange: {
    PolicyAction: 'ReplaceAndDelete',
    Action: 'Modify',
    LogicalResourceId: 'Handler',
    PhysicalResourceId: 'orders-handler',
    ResourceType: 'AWS::Lambda::Function',
    Replacement: 'True',
    Scope: ['Properties'],
    Details: [
      {
        Target: { Attribute: 'Properties', Name: 'FunctionName', RequiresRecreation: 'Always', Path: '/Properties/FunctionName', AttributeChangeType: 'Remove' },
        Evaluation: 'Static',
        ChangeSource: 'DirectModification'
      }
    ]
  }
}
const logGroupRenamed: Change = {
  Type: 'Resource',
  ResourceChange: {
    PolicyAction: 'ReplaceAndDelete',
    Action: 'Modify',
    LogicalResourceId: 'HandlerLogs',
    PhysicalResourceId: '/aws/lambda/orders-handler',
    ResourceType: 'AWS::Logs::LogGroup',
    Replacement: 'True',
    Scope: ['Properties'],
    Details: [
      {
        Target: { Attribute: 'Properties', Name: 'LogGroupName', RequiresRecreation: 'Always', Path: '/Properties/LogGroupName', AttributeChangeType: 'Remove' },
        Evaluation: 'Static',
        ChangeSource: 'DirectModification'
      },
      {
        Target: { Attribute: 'Properties', Name: 'RetentionInDays', RequiresRecreation: 'Never', Path: '/Properties/RetentionInDays', AttributeChangeType: 'Modify' },
        Evaluation: 'Static',
        ChangeSource: 'DirectModification'
      }
    ]
  }
}
// A bucket whose name is built from a replaced resource: CloudFormation only knows at execution (Conditional).
const bucketConditional: Change = {
  Type: 'Resource',
  ResourceChange: {
    Action: 'Modify',
    LogicalResourceId: 'Uploads',
    PhysicalResourceId: 'orders-uploads-123456789012',
    ResourceType: 'AWS::S3::Bucket',
    Replacement: 'Conditional',
    Scope: ['Properties'],
    Details: [{ Target: { Attribute: 'Properties', Name: 'BucketName', RequiresRecreation: 'Always' }, Evaluation: 'Dynamic', ChangeSource: 'ResourceReference', CausingEntity: 'Handler' }]
  }
}
const bucketTagged: Change = {
  Type: 'Resource',
  ResourceChange: {
    Action: 'Modify',
    LogicalResourceId: 'Uploads',
    ResourceType: 'AWS::S3::Bucket',
    Replacement: 'False',
    Scope: ['Tags'],
    Details: [{ Target: { Attribute: 'Tags', RequiresRecreation: 'Never' }, Evaluation: 'Static', ChangeSource: 'DirectModification' }]
  }
}
const tableRetainedOnReplace: Change = {
  Type: 'Resource',
  ResourceChange: {
    PolicyAction: 'ReplaceAndRetain',
    Action: 'Modify',
    LogicalResourceId: 'Orders',
    PhysicalResourceId: 'orders',
    ResourceType: 'AWS::DynamoDB::Table',
    Replacement: 'True',
    Scope: ['Properties'],
    Details: [{ Target: { Attribute: 'Properties', Name: 'TableName', RequiresRecreation: 'Always' }, Evaluation: 'Static', ChangeSource: 'DirectModification' }]
  }
}
const tableRemoved = (policy?: 'Delete' | 'Retain' | 'Snapshot'): Change => ({
  Type: 'Resource',
  ResourceChange: {
    ...(policy ? { PolicyAction: policy } : {}),
    Action: 'Remove',
    LogicalResourceId: 'Sessions',
    PhysicalResourceId: 'sessions',
    ResourceType: 'AWS::DynamoDB::Table',
    Scope: [],
    Details: []
  }
})
const queueAdded: Change = { Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'Dlq', ResourceType: 'AWS::SQS::Queue', Scope: [], Details: [] } }

const deployedWith = (deletionPolicy?: string): Template => ({
  Resources: { Sessions: { Type: 'AWS::DynamoDB::Table', ...(deletionPolicy ? { DeletionPolicy: deletionPolicy } : {}) } }
})

describe('the stateful-resource guard', () => {
  it('lets a replaced function through and stops a replaced log group, saying why', () => {
    const risky = riskyChanges([functionRenamed, logGroupRenamed], { next }, [])
    expect(risky).toEqual([expect.objectContaining({ logicalId: 'HandlerLogs', type: 'AWS::Logs::LogGroup', action: 'replace', allowed: false, physicalId: '/aws/lambda/orders-handler' })])
    expect(risky[0].why).toBe('replacing it loses the log events it holds (replaced because LogGroupName changed); the change set (PolicyAction) is ReplaceAndDelete')
    expect(formatRisky(risky[0])).toMatch(/^HandlerLogs \(AWS::Logs::LogGroup \/aws\/lambda\/orders-handler\): would replace;/)
  })

  it('counts a Conditional replacement as a replacement', () => {
    const risky = riskyChanges([bucketConditional], { next }, [])
    expect(risky).toEqual([expect.objectContaining({ logicalId: 'Uploads', action: 'replace (conditional)', allowed: false })])
    // no PolicyAction in this description: the template's UpdateReplacePolicy (not set) decides
    expect(risky[0].why).toMatch(/loses its objects .*; UpdateReplacePolicy is not set \(Delete\)$/)
  })

  it('ignores in-place modifications and additions of stateful types', () => {
    expect(riskyChanges([bucketTagged, queueAdded], { next }, [])).toEqual([])
  })

  it('trusts CloudFormation when it says the old resource is retained', () => {
    expect(riskyChanges([tableRetainedOnReplace], { next }, [])).toEqual([])
  })

  it('falls back to UpdateReplacePolicy for a replacement, not DeletionPolicy', () => {
    const withoutPolicyAction = { Type: 'Resource', ResourceChange: { ...tableRetainedOnReplace.ResourceChange, PolicyAction: undefined } } as Change
    expect(riskyChanges([withoutPolicyAction], { next }, [])).toEqual([]) // Orders has UpdateReplacePolicy Retain
    const onlyDeletionPolicy: Template = { Resources: { Orders: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain' } } }
    const risky = riskyChanges([withoutPolicyAction], { next: onlyDeletionPolicy }, [])
    expect(risky).toEqual([expect.objectContaining({ logicalId: 'Orders', action: 'replace' })])
  })

  it("judges a removal by the deployed template's DeletionPolicy when the change set does not say", () => {
    expect(riskyChanges([tableRemoved()], { next, deployed: deployedWith('Retain') }, [])).toEqual([])
    expect(riskyChanges([tableRemoved()], { next, deployed: deployedWith('Snapshot') }, [])).toEqual([])
    expect(riskyChanges([tableRemoved()], { next, deployed: deployedWith('Delete') }, [])).toHaveLength(1)
    const unknown = riskyChanges([tableRemoved()], { next }, [])
    expect(unknown).toEqual([expect.objectContaining({ logicalId: 'Sessions', action: 'remove', why: 'deleting it loses its items; DeletionPolicy is not set (Delete)' })])
    expect(riskyChanges([tableRemoved('Retain')], { next, deployed: deployedWith() }, [])).toEqual([])
    expect(riskyChanges([tableRemoved('Delete')], { next, deployed: deployedWith('Retain') }, [])).toHaveLength(1)
  })

  it('treats a Dynamic change of a stateful resource as at risk', () => {
    const dynamic: Change = { Type: 'Resource', ResourceChange: { Action: 'Dynamic', LogicalResourceId: 'Uploads', ResourceType: 'AWS::S3::Bucket' } }
    expect(riskyChanges([dynamic], { next }, [])).toEqual([expect.objectContaining({ action: 'decided at execution' })])
  })

  it('marks the logical ids named in allow-replace as allowed, and refuses the rest', () => {
    const risky = riskyChanges([logGroupRenamed, bucketConditional], { next }, ['HandlerLogs'])
    expect(risky.map((r) => [r.logicalId, r.allowed])).toEqual([
      ['HandlerLogs', true],
      ['Uploads', false]
    ])
    let error: unknown
    try {
      refuseDataLoss(risky, 'generated-names')
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(DeployError)
    const message = (error as Error).message
    expect(message).toMatch(/^Refusing the generated-names phase: it would delete data in 1 resource\(s\):\n- Uploads \(AWS::S3::Bucket/)
    expect(message).not.toMatch(/- HandlerLogs/)
    expect(message).toMatch(/allow-replace: Uploads$/)
  })

  it('passes when every risky change is allowed', () => {
    expect(() => refuseDataLoss(riskyChanges([logGroupRenamed], { next }, ['HandlerLogs']), 'friendly-names')).not.toThrow()
  })
})
