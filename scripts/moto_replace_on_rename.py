"""Make moto replace a resource whose explicit name property changed, as CloudFormation does.

moto 5.2 updates every modified resource in place: a Lambda function whose FunctionName is removed or
changed keeps its old name, so a stack never moves between explicit and generated names. On AWS each of
the name properties below is "Update requires: Replacement": CloudFormation creates the resource under
its new name, points the stack at it, then deletes the old one. This patch does the same for those types
only; every other update keeps moto's behaviour. Imported by moto_server.py.
"""
from moto.cloudformation import parsing

# Type -> the name property whose change replaces the resource on AWS (all documented as Replacement).
REPLACED_ON_RENAME = {
    "AWS::Lambda::Function": "FunctionName",
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::Logs::LogGroup": "LogGroupName",
    "AWS::SQS::Queue": "QueueName",
    "AWS::SNS::Topic": "TopicName",
    "AWS::Events::Rule": "Name",
    "AWS::StepFunctions::StateMachine": "StateMachineName",
}

_update_map = parsing.ResourceMap.update
_update_resource = parsing.parse_and_update_resource


def _name(resource_json, prop):
    return (resource_json or {}).get("Properties", {}).get(prop)


def _update_remembering_old(self, template, parameters=None):
    self._json_before_update = dict(self._resource_json_map)
    try:
        return _update_map(self, template, parameters)
    finally:
        del self._json_before_update


def _update_or_replace(logical_id, resource_json, resources_map, account_id, region_name):
    old_json = getattr(resources_map, "_json_before_update", {}).get(logical_id)
    prop = REPLACED_ON_RENAME.get(resource_json.get("Type"))
    if old_json is None or prop is None or _name(old_json, prop) == _name(resource_json, prop):
        return _update_resource(logical_id, resource_json, resources_map, account_id, region_name)
    original = resources_map[logical_id]
    replacement = parsing.parse_and_create_resource(logical_id, resource_json, resources_map, account_id, region_name)
    resources_map._delete_resource(original, old_json)
    return replacement


parsing.ResourceMap.update = _update_remembering_old
parsing.parse_and_update_resource = _update_or_replace
