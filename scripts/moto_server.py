"""moto server with fixes for gaps that would hide what the action does on AWS.

Run as `python3 scripts/moto_server.py -H 127.0.0.1 -p 0` (the same arguments as `python3 -m moto.server`).

- moto 5.2 executes a change set without recomputing the stack's outputs or storing its parameters, so a
  stack deployed through a change set (as CloudFormation users and this action do) would report no outputs.
  AWS recomputes both on every create and update; so does this patch.
- moto updates resources in place even when an explicit name property changed; AWS replaces them
  (moto_replace_on_rename.py).
- moto 5.2 does not implement UpdateApiMapping (API Gateway v2) and ignores AWS::ApiGatewayV2::Api in
  templates. AWS moves an HTTP API custom domain's mapping in place with UpdateApiMapping, and a stack's
  AWS::ApiGatewayV2::Api is a real resource whose physical id is the API id; both are added here.
- moto 5.2 fails (500) to update a stack's Lambda function whose Code is inline (ZipFile): the update reads
  the plain source as base64. AWS takes ZipFile as source text on create and update alike; so does this patch.
- moto 5.2 answers GetBasePathMapping(s) on a custom domain that never had a mapping with a 500 (KeyError);
  AWS answers NotFoundException (singular) and an empty list (plural).
- With IAM enforcement on (POST /moto-api/reset-auth 0), moto 5.2 checks each request's SigV4 signature
  against the decoded path, so a path the SDK percent-encodes (the base path `(none)` as `%28none%29`)
  fails with SignatureDoesNotMatch; AWS signs and checks the path as sent. The check uses that path here.
  moto also answers an API Gateway call it denies in XML, which the SDK cannot parse; AWS answers
  AccessDeniedException in JSON, as here.
- moto 5.2 deletes every record set of a name and type on a Route 53 DELETE, whatever its values. AWS
  deletes the one record set whose values the DELETE gives (and refuses one that matches none). This
  matters where moto holds a duplicate (a stack's record beside a manual one): the DELETE of the manual
  record must leave the stack's. A DELETE without values (moto's own stack deletes) is left as it was.
- moto 5.2 refuses CreateChangeSet (UPDATE) with "No updates are to be performed." when the template and
  parameters are the stack's. AWS creates the change set, FAILED with "The submitted information didn't
  contain changes..."; moto's backend does that too once the early refusal is skipped (UpdateStack keeps it).
"""
import collections
import sys

from moto.cloudformation import models as cfn_models
from moto.server import main

import moto_replace_on_rename  # noqa: F401  (patches moto on import)

_apply = cfn_models.ChangeSet.apply


def _apply_and_refresh(self):
    _apply(self)
    stack = self.stack
    stack.template = self.template
    stack._parse_template()
    if self.parameters is not None:
        stack.parameters = self.parameters
    stack.output_map = stack._create_output_map()


cfn_models.ChangeSet.apply = _apply_and_refresh


# ---- API Gateway v2: UpdateApiMapping and AWS::ApiGatewayV2::Api in templates ----
import json  # noqa: E402
from typing import Any  # noqa: E402

from moto.apigatewayv2 import models as v2_models  # noqa: E402
from moto.apigatewayv2 import responses as v2_responses  # noqa: E402
from moto.apigatewayv2.exceptions import ApiMappingNotFound, ApiNotFound, DomainNameNotFound  # noqa: E402
from moto.core.common_models import CloudFormationModel  # noqa: E402


def _update_api_mapping(self, api_mapping_id, domain_name, api_id, api_mapping_key, stage):
    if domain_name not in self.domain_names:
        raise DomainNameNotFound
    mapping = self.api_mappings.get(api_mapping_id)
    if mapping is None or mapping.domain_name != domain_name:
        raise ApiMappingNotFound
    if api_id not in self.apis:
        raise ApiNotFound(api_id)
    mapping.api_id = api_id
    if api_mapping_key is not None:
        mapping.api_mapping_key = api_mapping_key
    if stage is not None:
        mapping.stage = stage
    return mapping


def _update_api_mapping_response(self):
    parts = self.path.split("/")
    params = json.loads(self.body or "{}")
    mapping = self.apigatewayv2_backend.update_api_mapping(
        api_mapping_id=parts[-1],
        domain_name=parts[-3],
        api_id=params.get("apiId"),
        api_mapping_key=params.get("apiMappingKey"),
        stage=params.get("stage"),
    )
    return 200, {}, json.dumps(mapping.to_json())


v2_models.ApiGatewayV2Backend.update_api_mapping = _update_api_mapping
v2_responses.ApiGatewayV2Response.update_api_mapping = _update_api_mapping_response


class HttpApiResource(CloudFormationModel):
    """AWS::ApiGatewayV2::Api in a stack: Ref is the API id, GetAtt ApiEndpoint its default URL."""

    __module__ = "moto.apigatewayv2.models"  # moto files its models by the service in the module name

    def __init__(self, api: Any, account_id: str, region_name: str) -> None:
        self.api = api
        self.account_id = account_id
        self.region_name = region_name

    @property
    def physical_resource_id(self) -> str:
        return self.api.api_id

    @staticmethod
    def cloudformation_name_type() -> str:
        return "Name"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGatewayV2::Api"

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in ["ApiEndpoint", "ApiId"]

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        return self.api.api_endpoint if attribute_name == "ApiEndpoint" else self.api.api_id

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        backend = v2_models.apigatewayv2_backends[account_id][region_name]
        api = backend.create_api(
            api_key_selection_expression=None,
            cors_configuration=None,
            description=props.get("Description"),
            disable_schema_validation=None,
            disable_execute_api_endpoint=props.get("DisableExecuteApiEndpoint"),
            name=props.get("Name", resource_name),
            protocol_type=props.get("ProtocolType", "HTTP"),
            route_selection_expression=None,
            tags=props.get("Tags") or {},
            version=props.get("Version"),
        )
        return cls(api, account_id, region_name)

    def delete(self, account_id: str, region_name: str) -> None:
        v2_models.apigatewayv2_backends[account_id][region_name].delete_api(self.api.api_id)


# ---- API Gateway v1: base path mappings of a domain that never had one ----
from moto.apigateway import models as v1_models  # noqa: E402

_v1_init = v1_models.APIGatewayBackend.__init__


def _v1_init_with_default_mappings(self, *args, **kwargs):
    _v1_init(self, *args, **kwargs)
    self.base_path_mappings = collections.defaultdict(dict)


v1_models.APIGatewayBackend.__init__ = _v1_init_with_default_mappings


# ---- Lambda: inline code (Code.ZipFile) on stack updates ----
import base64  # noqa: E402

from moto.awslambda import models as lambda_models  # noqa: E402

_update_function = lambda_models.LambdaFunction.update_from_cloudformation_json.__func__


def _update_function_with_inline_code(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    code = cloudformation_json.get("Properties", {}).get("Code", {})
    if "ZipFile" in code:
        zipped = base64.b64encode(cls._create_zipfile_from_plaintext_code(code["ZipFile"])).decode()
        props = dict(cloudformation_json["Properties"], Code=dict(code, ZipFile=zipped))
        cloudformation_json = dict(cloudformation_json, Properties=props)
    return _update_function(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)


lambda_models.LambdaFunction.update_from_cloudformation_json = classmethod(_update_function_with_inline_code)


# ---- IAM enforcement: check signatures on the path as the client sent it ----
from urllib.parse import urlparse  # noqa: E402

from moto.core.authorization import ActionAuthenticatorMixin  # noqa: E402
from moto.core.exceptions import AccessDeniedError, JsonRESTError  # noqa: E402

_authorize = ActionAuthenticatorMixin._authenticate_and_authorize_action


def _authorize_on_raw_path(self, iam_request_cls, resource="*"):
    raw_path = getattr(self, "raw_path", None)
    parsed = urlparse(self.uri)
    if not raw_path or raw_path == parsed.path:
        return _authorize(self, iam_request_cls, resource)
    uri = self.uri
    self.uri = parsed._replace(path=raw_path).geturl()
    try:
        return _authorize(self, iam_request_cls, resource)
    finally:
        self.uri = uri


def _authorize_in_the_service_format(self, iam_request_cls, resource="*"):
    try:
        return _authorize_on_raw_path(self, iam_request_cls, resource)
    except AccessDeniedError as denied:
        if "/apigateway/aws4_request" not in (self.headers.get("Authorization") or ""):
            raise
        error = JsonRESTError("AccessDeniedException", denied.message)
        error.code = 403
        raise error


ActionAuthenticatorMixin._authenticate_and_authorize_action = _authorize_in_the_service_format

# ---- Route 53: a DELETE removes the record set whose values it gives, not every one of the name and type ----
from moto.route53 import models as route53_models  # noqa: E402

_delete_rrset = route53_models.FakeZone.delete_rrset


def _values(records):
    return sorted(r["Value"] if isinstance(r, dict) else str(r) for r in records or [])


def _same_record_set(existing, wanted):
    if existing.name != wanted["Name"] or existing.type != wanted.get("Type"):
        return False
    alias = wanted.get("AliasTarget")
    if alias is not None:
        ours = existing.alias_target or {}
        return str(ours.get("DNSName", "")).rstrip(".").lower() == str(alias.get("DNSName", "")).rstrip(".").lower()
    return _values(existing.records) == _values(wanted.get("ResourceRecords")) and str(existing.ttl) == str(wanted.get("TTL"))


def _delete_matching_rrset(self, rrset):
    if rrset.get("ResourceRecords") is None and rrset.get("AliasTarget") is None:
        return _delete_rrset(self, rrset)
    matching = [r for r in self.rrsets if _same_record_set(r, rrset)]
    if not matching:
        return _delete_rrset(self, rrset)
    self.rrsets = [r for r in self.rrsets if not any(r is m for m in matching[:1])]


route53_models.FakeZone.delete_rrset = _delete_matching_rrset


# ---- CloudFormation: a change set without changes is created FAILED, not refused ----
from moto.cloudformation import responses as cfn_responses  # noqa: E402

_create_change_set = cfn_responses.CloudFormationResponse.create_change_set
_validate_different_update = cfn_responses.CloudFormationResponse._validate_different_update


def _create_change_set_without_early_refusal(self):
    self._in_change_set = True
    try:
        return _create_change_set(self)
    finally:
        self._in_change_set = False


def _validate_unless_change_set(self, *args, **kwargs):
    if getattr(self, "_in_change_set", False):
        return None
    return _validate_different_update(self, *args, **kwargs)


cfn_responses.CloudFormationResponse.create_change_set = _create_change_set_without_early_refusal
cfn_responses.CloudFormationResponse._validate_different_update = _validate_unless_change_set


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
