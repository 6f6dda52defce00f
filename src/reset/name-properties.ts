/** A top-level property that gives a resource an explicit physical name. */
export interface NameProperty {
  type: string
  property: string
}

/**
 * The names removed by default in the generated-names phase. Each one is "Update requires: Replacement",
 * which is why CloudFormation cannot replace such a resource while the name is taken, and none of these
 * types holds data that a replacement would lose (stateful types are left out on purpose: see docs/reset.md).
 * A log group and a queue are listed because their names so often block replacements; the stateful-resource
 * guard still refuses to replace them unless allow-replace names them.
 */
export const DEFAULT_NAME_PROPERTIES: readonly NameProperty[] = [
  { type: 'AWS::Lambda::Function', property: 'FunctionName' },
  { type: 'AWS::Serverless::Function', property: 'FunctionName' },
  { type: 'AWS::IAM::Role', property: 'RoleName' },
  { type: 'AWS::IAM::ManagedPolicy', property: 'ManagedPolicyName' },
  { type: 'AWS::IAM::InstanceProfile', property: 'InstanceProfileName' },
  { type: 'AWS::Logs::LogGroup', property: 'LogGroupName' },
  { type: 'AWS::SQS::Queue', property: 'QueueName' },
  { type: 'AWS::SNS::Topic', property: 'TopicName' },
  { type: 'AWS::Events::Rule', property: 'Name' },
  { type: 'AWS::Events::EventBus', property: 'Name' },
  { type: 'AWS::Scheduler::Schedule', property: 'Name' },
  { type: 'AWS::StepFunctions::StateMachine', property: 'StateMachineName' },
  { type: 'AWS::Serverless::StateMachine', property: 'Name' },
  { type: 'AWS::CloudWatch::Alarm', property: 'AlarmName' },
  { type: 'AWS::EC2::SecurityGroup', property: 'GroupName' },
  { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', property: 'Name' },
  { type: 'AWS::ECS::Service', property: 'ServiceName' }
]

/** The default table with the reset-properties input added; a pair given twice counts once. */
export function nameProperties(extra: readonly NameProperty[] = []): NameProperty[] {
  const out: NameProperty[] = []
  for (const p of [...DEFAULT_NAME_PROPERTIES, ...extra]) {
    if (!out.some((q) => q.type === p.type && q.property === p.property)) out.push({ type: p.type, property: p.property })
  }
  return out
}
