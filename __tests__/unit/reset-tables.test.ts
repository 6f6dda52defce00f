/**
 * The reset tables generated from cfn-lint's resource provider schemas (scripts/generate-reset-tables.py):
 * what they hold, and that the committed file is exactly what the script generates with that cfn-lint.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { CFN_LINT_VERSION, SCHEMA_NAME_PROPERTIES, STATEFUL_TYPES } from '../../src/modes/reset/generated-tables.js'
import { DEFAULT_NAME_PROPERTIES, nameProperties } from '../../src/modes/reset/name-properties.js'
import { riskyChanges } from '../../src/modes/reset/stateful.js'
import { stripNames } from '../../src/modes/reset/strip-names.js'

const schemaPairs = SCHEMA_NAME_PROPERTIES.map(([type, property]) => `${type}.${property}`)
const defaultPairs = DEFAULT_NAME_PROPERTIES.map((p) => `${p.type}.${p.property}`)

describe('the generated name table', () => {
  it('has the self-naming properties of the issue and of the hand-written table it replaces', () => {
    expect(defaultPairs).toEqual(
      expect.arrayContaining([
        'AWS::ECS::Cluster.ClusterName',
        'AWS::CodeBuild::Project.Name',
        'AWS::ElasticLoadBalancingV2::LoadBalancer.Name',
        'AWS::WAFv2::WebACL.Name', // optional in the schema: required are DefaultAction, Scope and VisibilityConfig
        'AWS::CodePipeline::Pipeline.Name',
        // the 15 schema types of the table before it was generated
        'AWS::Lambda::Function.FunctionName',
        'AWS::IAM::Role.RoleName',
        'AWS::IAM::ManagedPolicy.ManagedPolicyName',
        'AWS::IAM::InstanceProfile.InstanceProfileName',
        'AWS::Logs::LogGroup.LogGroupName',
        'AWS::SQS::Queue.QueueName',
        'AWS::SNS::Topic.TopicName',
        'AWS::Events::Rule.Name',
        'AWS::Scheduler::Schedule.Name',
        'AWS::StepFunctions::StateMachine.StateMachineName',
        'AWS::CloudWatch::Alarm.AlarmName',
        'AWS::EC2::SecurityGroup.GroupName',
        'AWS::ElasticLoadBalancingV2::TargetGroup.Name',
        'AWS::ECS::Service.ServiceName',
        // SAM, which the schemas do not cover
        'AWS::Serverless::Function.FunctionName',
        'AWS::Serverless::StateMachine.Name'
      ])
    )
    expect(SCHEMA_NAME_PROPERTIES.length).toBeGreaterThan(200)
  })

  it('leaves out required names, names of other resources and names that are addresses', () => {
    for (const pair of [
      'AWS::Events::EventBus.Name', // required
      'AWS::Lambda::Permission.FunctionName', // the function it is about (required)
      'AWS::Lambda::EventInvokeConfig.FunctionName',
      'AWS::EC2::FlowLog.LogGroupName', // another resource's name
      'AWS::EC2::Instance.KeyName',
      'AWS::RDS::DBInstance.DBSubnetGroupName',
      'AWS::Route53::HostedZone.Name', // the zone's domain
      'AWS::ApiGateway::Stage.StageName' // a segment of the API's URL
    ]) {
      expect(schemaPairs).not.toContain(pair)
      expect(defaultPairs).not.toContain(pair)
    }
  })

  it('strips by default no name of a data-holding type but a log group and a queue', () => {
    const stateful = DEFAULT_NAME_PROPERTIES.filter((p) => STATEFUL_TYPES[p.type]).map((p) => p.type)
    expect(stateful.sort()).toEqual(['AWS::Logs::LogGroup', 'AWS::SQS::Queue'])
    // they are in the schema table all the same, for reset-properties to add back knowingly
    expect(schemaPairs).toEqual(expect.arrayContaining(['AWS::DynamoDB::Table.TableName', 'AWS::S3::Bucket.BucketName', 'AWS::ECR::Repository.RepositoryName']))
  })

  it('strips an ECS cluster, a CodeBuild project and a load balancer name, and keeps an event bus name', () => {
    const template = {
      Resources: {
        Cluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: 'orders' } },
        Build: { Type: 'AWS::CodeBuild::Project', Properties: { Name: 'orders-build', ServiceRole: 'arn:aws:iam::123456789012:role/build' } },
        Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Name: 'orders-lb' } },
        Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'orders-bus' } }
      }
    }
    const { template: stripped, stripped: names } = stripNames(template, nameProperties())
    expect(names.map((n) => `${n.logicalId}.${n.property}`)).toEqual(['Cluster.ClusterName', 'Build.Name', 'Lb.Name'])
    expect(stripped.Resources.Bus.Properties).toEqual({ Name: 'orders-bus' })
  })
})

describe('the generated data-holding types', () => {
  it('has what cfn-lint lists and the types the issue names', () => {
    expect(Object.keys(STATEFUL_TYPES)).toEqual(
      expect.arrayContaining([
        'AWS::DocDB::DBCluster',
        'AWS::DocDB::DBInstance',
        'AWS::Neptune::DBCluster',
        'AWS::Neptune::DBInstance',
        'AWS::ElastiCache::CacheCluster',
        'AWS::ElastiCache::ReplicationGroup',
        'AWS::EMR::Cluster',
        'AWS::AmazonMQ::Broker',
        'AWS::KinesisFirehose::DeliveryStream',
        'AWS::CodeCommit::Repository',
        // the hand-written table it replaces
        'AWS::DynamoDB::Table',
        'AWS::DynamoDB::GlobalTable',
        'AWS::S3::Bucket',
        'AWS::RDS::DBInstance',
        'AWS::RDS::DBCluster',
        'AWS::Redshift::Cluster',
        'AWS::EFS::FileSystem',
        'AWS::FSx::FileSystem',
        'AWS::EC2::Volume',
        'AWS::Logs::LogGroup',
        'AWS::Kinesis::Stream',
        'AWS::SQS::Queue',
        'AWS::MemoryDB::Cluster',
        'AWS::OpenSearchService::Domain',
        'AWS::Elasticsearch::Domain',
        'AWS::Cognito::UserPool',
        'AWS::SecretsManager::Secret',
        'AWS::KMS::Key',
        'AWS::ECR::Repository',
        'AWS::Backup::BackupVault',
        'AWS::Timestream::Table',
        'AWS::QLDB::Ledger',
        'AWS::MSK::Cluster',
        'AWS::CloudFormation::Stack'
      ])
    )
    expect(STATEFUL_TYPES['AWS::DocDB::DBInstance'].source).toBe('cfn-lint StatefulResources.json')
    expect(STATEFUL_TYPES['AWS::AmazonMQ::Broker'].source).toBe('generate-reset-tables.py MORE_STATEFUL')
    for (const [type, { loses }] of Object.entries(STATEFUL_TYPES)) expect([type, loses.length > 0]).toEqual([type, true])
  })

  it('makes the guard stop the replacement of a broker, saying what it loses', () => {
    const risky = riskyChanges(
      [
        {
          Type: 'Resource',
          ResourceChange: { Action: 'Modify', Replacement: 'True', LogicalResourceId: 'Broker', ResourceType: 'AWS::AmazonMQ::Broker', PhysicalResourceId: 'orders-mq' }
        }
      ],
      { next: { Resources: { Broker: { Type: 'AWS::AmazonMQ::Broker' } } } },
      []
    )
    expect(risky).toEqual([expect.objectContaining({ logicalId: 'Broker', action: 'replace', allowed: false })])
    expect(risky[0].why).toBe('replacing it loses the messages in its queues and topics; UpdateReplacePolicy is not set (Delete)')
  })
})

describe('the generated file is what the script makes from cfn-lint', () => {
  it(`equals the output of scripts/generate-reset-tables.py with cfn-lint ${CFN_LINT_VERSION}`, () => {
    const version = spawnSync('python3', ['-c', 'import cfnlint.version; print(cfnlint.version.__version__)'], { encoding: 'utf8' })
    if (version.status !== 0) {
      throw new Error(`cfn-lint is not installed (it is the source of src/modes/reset/generated-tables.ts): pip install 'cfn-lint==${CFN_LINT_VERSION}'\n${version.stderr}`)
    }
    if (version.stdout.trim() !== CFN_LINT_VERSION) {
      throw new Error(
        `cfn-lint ${version.stdout.trim()} is installed, the tables were generated with ${CFN_LINT_VERSION}: pip install 'cfn-lint==${CFN_LINT_VERSION}', or regenerate (see scripts/generate-reset-tables.py)`
      )
    }
    const generated = spawnSync('python3', ['scripts/generate-reset-tables.py', '--stdout'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
    expect(generated.stderr).toBe('')
    expect(generated.status).toBe(0)
    expect(generated.stdout).toBe(readFileSync('src/modes/reset/generated-tables.ts', 'utf8'))
  }, 60_000)

  it('docs/reset.md gives the counts of the generated tables', () => {
    const doc = readFileSync('docs/reset.md', 'utf8').replace(/\s+/g, ' ')
    expect(doc).toContain(`${SCHEMA_NAME_PROPERTIES.length} name properties`)
    expect(doc).toContain(`${DEFAULT_NAME_PROPERTIES.length} of them are stripped by default`)
    expect(doc).toContain(`${Object.keys(STATEFUL_TYPES).length} data-holding types`)
    expect(doc).toContain(`cfn-lint ${CFN_LINT_VERSION}`)
  })
})
