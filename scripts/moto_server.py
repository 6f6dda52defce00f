"""moto server with fixes for gaps that would hide what the action does on AWS.

Run as `python3 scripts/moto_server.py -H 127.0.0.1 -p 0` (the same arguments as `python3 -m moto.server`).

- moto 5.2 executes a change set without recomputing the stack's outputs or storing its parameters, so a
  stack deployed through a change set (as CloudFormation users and this action do) would report no outputs.
  AWS recomputes both on every create and update; so does this patch.
- moto updates resources in place even when an explicit name property changed; AWS replaces them
  (moto_replace_on_rename.py).
- moto 5.2 does not implement UpdateApiMapping (API Gateway v2) and ignores AWS::ApiGatewayV2::Api and
  AWS::ApiGatewayV2::Stage in templates. AWS moves an HTTP API custom domain's mapping in place with
  UpdateApiMapping, a stack's AWS::ApiGatewayV2::Api is a real resource whose physical id is the API id
  (with a $default stage when it is quick-created with Target), and an AWS::ApiGatewayV2::Stage is a stage
  of its API; all are added here.
- moto 5.2 maps a custom domain to any stage name, one the API does not have too (CreateApiMapping); AWS
  refuses that with BadRequestException "Invalid stage identifier specified"; so do CreateApiMapping and
  UpdateApiMapping here.
- moto's CreateStack checks the name and stores the new stack with the template parsed in between, on a
  server thread per request, so two creates of one name at once can both succeed; AWS refuses the second
  with AlreadyExistsException (the lock stack relies on it). Creates run one at a time here.
- moto 5.2 lists a resource whose Condition is false in DescribeStackResources and ListStackResources,
  without a logical id. AWS does not create it, and lists nothing for it; neither does this patch.
- moto 5.2 fails (500) to update a stack's Lambda function whose Code is inline (ZipFile): the update reads
  the plain source as base64. AWS takes ZipFile as source text on create and update alike; so does this patch.
- moto 5.2 answers GetBasePathMapping(s) on a custom domain that never had a mapping with a 500 (KeyError);
  AWS answers NotFoundException (singular) and an empty list (plural).
- With IAM enforcement on (POST /moto-api/reset-auth 0), moto 5.2 checks each request's SigV4 signature
  against the decoded path, so a path the SDK percent-encodes (the base path `(none)` as `%28none%29`)
  fails with SignatureDoesNotMatch; AWS signs and checks the path as sent. The check uses that path here.
  moto also answers an API Gateway call it denies in XML, which the SDK cannot parse; AWS answers
  AccessDeniedException in JSON, as here. A CloudFront call it denies gets the query protocol's
  <ErrorResponse><Errors><Error>, which the SDK reads as "Unknown"; AWS answers AccessDenied (403) in
  CloudFront's REST-XML error shape, <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>
  <Message>...</Message></Error><RequestId>...</RequestId></ErrorResponse>
  (https://docs.aws.amazon.com/cloudfront/latest/APIReference/CommonErrors.html), as here. A Route 53 call
  it denies gets the same list; Route 53 answers in the same REST-XML shape, in its own namespace (Route 53
  Developer Guide, "REST Responses": error responses), as here.
- moto 5.2 deletes every record set of a name and type on a Route 53 DELETE, whatever its values (and with
  a SetIdentifier, every record set of that identifier, whatever its name), and applies a batch change by
  change, keeping the changes before one that fails. AWS deletes the one record set of that name, type and
  set identifier, only when the DELETE repeats its current values exactly (TTL and records, or the alias
  target's hosted zone, DNS name (without regard to case or the final dot) and EvaluateTargetHealth; weight,
  region, failover, geolocation, multivalue, health check), and otherwise refuses the whole batch with
  InvalidChangeBatch "Tried to delete resource record set [name='x.', type='A'] but the values provided do
  not match the current values" (or "... but it was not found"). So does this patch. Where moto holds a
  duplicate (a stack's record beside a manual one), the DELETE of the manual record leaves the stack's.
- moto 5.2 refuses CreateChangeSet (UPDATE) with "No updates are to be performed." when the template and
  parameters are the stack's. AWS creates the change set, FAILED with "The submitted information didn't
  contain changes..."; moto's backend does that too once the early refusal is skipped (UpdateStack keeps it).
- moto 5.2 lists every resource of the template in a change set, those whose Condition is false too (it
  creates only the others). AWS evaluates the conditions with the change set's parameters and lists only the
  resources it will create or update ("Resources that have a condition that evaluates to false are not
  created", Conditions in the template reference); so does this patch.
- moto 5.2 pages ListResourceRecordSets by name and type only: inside a set of records with a routing
  policy (weighted, latency, ...) it never sets NextRecordIdentifier and ignores StartRecordIdentifier, so a
  page break there starts the next page at the same record again, forever. AWS sets NextRecordIdentifier
  ("the value of SetIdentifier for the next resource record set that has the current DNS name and type")
  and starts at StartRecordIdentifier; so does this patch.
- moto 5.2 has no CloudFront continuous deployment (CopyDistribution, continuous deployment policies,
  UpdateDistributionWithStagingConfig answer 404), drops a distribution's Staging and
  ContinuousDeploymentPolicyId, never changes an ETag, accepts any IfMatch and deletes enabled distributions.
  AWS documents all of it; moto_cloudfront_cd.py adds it (each behaviour with the CloudFront page it follows).
"""
import collections
import sys

from moto.cloudformation import models as cfn_models
from moto.server import main

import moto_cloudfront_cd  # noqa: F401  (patches moto on import)
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


# ---- CloudFormation: a resource whose condition is false is not a stack resource ----
# moto's resource map holds None for it, which DescribeStackResources and ListStackResources listed as a
# resource without a logical id. AWS does not create such a resource and lists nothing for it.
cfn_models.Stack.stack_resources = property(lambda self: [r for r in self.resource_map.values() if r is not None])


# ---- API Gateway v2: UpdateApiMapping and AWS::ApiGatewayV2::Api in templates ----
import json  # noqa: E402
from typing import Any  # noqa: E402

from moto.apigatewayv2 import models as v2_models  # noqa: E402
from moto.apigatewayv2 import exceptions as v2_exceptions  # noqa: E402
from moto.apigatewayv2 import responses as v2_responses  # noqa: E402
from moto.apigatewayv2.exceptions import ApiMappingNotFound, ApiNotFound, DomainNameNotFound  # noqa: E402
from moto.core.common_models import CloudFormationModel  # noqa: E402


class StageNotInApi(v2_exceptions.APIGatewayV2Error):
    code = 400

    def __init__(self) -> None:
        super().__init__("BadRequestException", "Invalid stage identifier specified")


def _require_stage(api, stage):
    # AWS refuses a mapping to a stage the API does not have (aws/aws-cdk#9078: an ApiMapping to "$default"
    # before the stage existed failed with BadRequestException "Invalid stage identifier specified").
    if stage not in api.stages:
        raise StageNotInApi()


_create_api_mapping = v2_models.ApiGatewayV2Backend.create_api_mapping


def _create_api_mapping_on_a_stage(self, api_id, api_mapping_key, domain_name, stage):
    if domain_name in self.domain_names and api_id in self.apis:
        _require_stage(self.apis[api_id], stage)
    return _create_api_mapping(self, api_id, api_mapping_key, domain_name, stage)


v2_models.ApiGatewayV2Backend.create_api_mapping = _create_api_mapping_on_a_stage


def _update_api_mapping(self, api_mapping_id, domain_name, api_id, api_mapping_key, stage):
    if domain_name not in self.domain_names:
        raise DomainNameNotFound
    mapping = self.api_mappings.get(api_mapping_id)
    if mapping is None or mapping.domain_name != domain_name:
        raise ApiMappingNotFound
    if api_id not in self.apis:
        raise ApiNotFound(api_id)
    _require_stage(self.apis[api_id], stage if stage is not None else mapping.stage)
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
        if props.get("Target"):
            # Quick create (Target) gives the API a $default stage that deploys automatically.
            api.create_stage({"stageName": "$default", "autoDeploy": True})
        return cls(api, account_id, region_name)

    def delete(self, account_id: str, region_name: str) -> None:
        v2_models.apigatewayv2_backends[account_id][region_name].delete_api(self.api.api_id)


class HttpStageResource(CloudFormationModel):
    """AWS::ApiGatewayV2::Stage in a stack: a stage of the API (GetStages lists it); Ref is the stage name."""

    __module__ = "moto.apigatewayv2.models"

    def __init__(self, api_id: str, stage_name: str, account_id: str, region_name: str) -> None:
        self.api_id = api_id
        self.stage_name = stage_name

    @property
    def physical_resource_id(self) -> str:
        return self.stage_name

    @staticmethod
    def cloudformation_name_type() -> str:
        return "StageName"

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApiGatewayV2::Stage"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        backend = v2_models.apigatewayv2_backends[account_id][region_name]
        backend.create_stage(
            props["ApiId"],
            {
                "stageName": props["StageName"],
                "autoDeploy": props.get("AutoDeploy"),
                "description": props.get("Description"),
                "stageVariables": props.get("StageVariables") or {},
                "tags": props.get("Tags") or {},
            },
        )
        return cls(props["ApiId"], props["StageName"], account_id, region_name)

    def delete(self, account_id: str, region_name: str) -> None:
        backend = v2_models.apigatewayv2_backends[account_id][region_name]
        if self.api_id in backend.apis:
            backend.delete_stage(self.api_id, self.stage_name)


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
from moto.core.exceptions import AccessDeniedError, JsonRESTError, _RESTError  # noqa: E402
from xmltodict import unparse as _xml  # noqa: E402

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


class _CloudFrontAccessDenied(_RESTError):
    code = 403

    def __init__(self, message):
        super().__init__("AccessDenied", message)
        self.description = _xml(
            {
                "ErrorResponse": {
                    "@xmlns": "http://cloudfront.amazonaws.com/doc/2020-05-31/",
                    "Error": {"Type": "Sender", "Code": "AccessDenied", "Message": message},
                    "RequestId": "00000000-0000-0000-0000-000000000000",
                }
            },
            full_document=True,
        )


class _Route53AccessDenied(_RESTError):
    code = 403

    def __init__(self, message):
        super().__init__("AccessDenied", message)
        self.description = _xml(
            {
                "ErrorResponse": {
                    "@xmlns": "https://route53.amazonaws.com/doc/2013-04-01/",
                    "Error": {"Type": "Sender", "Code": "AccessDenied", "Message": message},
                    "RequestId": "00000000-0000-0000-0000-000000000000",
                }
            },
            full_document=True,
        )


def _authorize_in_the_service_format(self, iam_request_cls, resource="*"):
    try:
        return _authorize_on_raw_path(self, iam_request_cls, resource)
    except AccessDeniedError as denied:
        authorization = self.headers.get("Authorization") or ""
        if "/cloudfront/aws4_request" in authorization:
            raise _CloudFrontAccessDenied(denied.message)
        if "/route53/aws4_request" in authorization:
            raise _Route53AccessDenied(denied.message)
        if "/apigateway/aws4_request" not in authorization:
            raise
        error = JsonRESTError("AccessDeniedException", denied.message)
        error.code = 403
        raise error


ActionAuthenticatorMixin._authenticate_and_authorize_action = _authorize_in_the_service_format

# ---- Route 53: a DELETE must give the record set's current values exactly ----
import copy  # noqa: E402

from moto.route53 import models as route53_models  # noqa: E402
from moto.route53.exceptions import InvalidInput, Route53ClientError  # noqa: E402

_change_rrsets = route53_models.Route53Backend.change_resource_record_sets


def _dns_name(name):
    return str(name or "").rstrip(".").lower() + "."


def _number(value):
    return None if value is None or value == "" else int(value)


def _flag(value):
    return None if value is None else str(value).lower() == "true"


def _record_values(records):
    return sorted(r["Value"] if isinstance(r, dict) else str(r) for r in records or [])


def _alias(alias):
    if not alias:
        return None
    # Route 53 compares the target's DNS name without regard to case or the final dot.
    return (str(alias.get("HostedZoneId", "")), _dns_name(alias.get("DNSName")), _flag(alias.get("EvaluateTargetHealth")) or False)


def _record_key(name, type_, set_identifier):
    return (_dns_name(name), type_, set_identifier or None)


def _record_state(r):
    """Everything a DELETE must repeat, from a stored record set or from the request (same field names)."""
    get = (lambda k: r.get(k)) if isinstance(r, dict) else (lambda k: getattr(r, _FIELDS[k]))
    alias = _alias(get("AliasTarget"))
    return {
        "TTL": None if alias else _number(get("TTL")),
        "ResourceRecords": None if alias else _record_values(get("ResourceRecords")),
        "AliasTarget": alias,
        "Weight": _number(get("Weight")),
        "Region": get("Region") or None,
        "Failover": get("Failover") or None,
        "GeoLocation": get("GeoLocation") or None,
        "MultiValueAnswer": _flag(get("MultiValueAnswer")),
        "HealthCheckId": get("HealthCheckId") or None,
    }


_FIELDS = {
    "TTL": "ttl", "ResourceRecords": "records", "AliasTarget": "alias_target", "Weight": "weight", "Region": "region",
    "Failover": "failover", "GeoLocation": "geo_location", "MultiValueAnswer": "multi_value_answer", "HealthCheckId": "health_check_id",
}


def _refused(message):
    return Route53ClientError("InvalidChangeBatch", message)


def _delete_exactly(zone, rrset):
    label = f"[name='{_dns_name(rrset['Name'])}', type='{rrset.get('Type')}'"
    label += f", set-identifier='{rrset['SetIdentifier']}']" if rrset.get("SetIdentifier") else "]"
    if rrset.get("AliasTarget") is None and (rrset.get("TTL") is None or rrset.get("ResourceRecords") is None):
        raise InvalidInput(
            "Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], "
            f"but found none in Change with [Action=DELETE, Name={rrset['Name']}, Type={rrset.get('Type')}, SetIdentifier={rrset.get('SetIdentifier', 'null')}]"
        )
    key = _record_key(rrset["Name"], rrset.get("Type"), rrset.get("SetIdentifier"))
    same_key = [r for r in zone.rrsets if _record_key(r.name, r.type, r.set_identifier) == key]
    if not same_key:
        raise _refused(f"Tried to delete resource record set {label} but it was not found")
    wanted = _record_state(rrset)
    # moto may hold two record sets of one key (it adds a CREATE with other values); AWS holds one.
    match = next((r for r in same_key if _record_state(r) == wanted), None)
    if match is None:
        raise _refused(f"Tried to delete resource record set {label} but the values provided do not match the current values")
    zone.rrsets = [r for r in zone.rrsets if r is not match]


# ---- Route 53: a CREATE is refused only when its record set exists when it is applied ----
# AWS, ChangeResourceRecordSets (Route 53 API Reference,
# https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html): "CREATE: Creates
# a resource record set that has the specified values", refused with "Tried to create resource record set
# [name='x.', type='CNAME'] but it already exists" when that name, type and set identifier are held; the batch
# is validated and applied as a whole, so a DELETE of weighted records and a CREATE of the simple record of the
# name in one batch are accepted. moto refused a CREATE identical to one in its journal whenever any record set
# was listed from that name on, and let a CREATE of a held record set add a second copy.
def _create_exactly(self, zoneid, zone, change):
    rrset = change["ResourceRecordSet"]
    key = _record_key(rrset["Name"], rrset.get("Type"), rrset.get("SetIdentifier"))
    if any(_record_key(r.name, r.type, r.set_identifier) == key for r in zone.rrsets):
        label = f"[name='{_dns_name(rrset['Name'])}', type='{rrset.get('Type')}'"
        label += f", set-identifier='{rrset['SetIdentifier']}']" if rrset.get("SetIdentifier") else "]"
        raise _refused(f"Tried to create resource record set {label} but it already exists")
    # moto's own CREATE (name checks, the record's shape), without its journal check
    journal, zone.rr_changes[:] = list(zone.rr_changes), []
    try:
        _change_rrsets(self, zoneid, [change])
    finally:
        zone.rr_changes[:0] = journal


def _change_rrsets_as_aws(self, zoneid, change_list):
    zone = self.get_hosted_zone(zoneid)
    saved = (list(zone.rrsets), copy.deepcopy(list(zone.rr_changes)))
    try:
        for change in change_list:
            if change["Action"] == "CREATE":
                _create_exactly(self, zoneid, zone, change)
                continue
            if change["Action"] != "DELETE":
                _change_rrsets(self, zoneid, [change])
                continue
            _delete_exactly(zone, change["ResourceRecordSet"])
            zone.rr_changes.append(copy.deepcopy(change))
    except Exception:
        # A batch is applied whole or not at all.
        zone.rrsets = saved[0]
        del zone.rr_changes[:]
        zone.rr_changes.extend(saved[1])
        raise


route53_models.Route53Backend.change_resource_record_sets = _change_rrsets_as_aws


# ---- Route 53: ListResourceRecordSets pages inside a set of records with a routing policy ----
from moto.core.responses import ActionResult  # noqa: E402
from moto.route53 import responses as route53_responses  # noqa: E402


def _list_rrsets_by_identifier(self):
    zoneid = self._get_param("HostedZoneId")
    start_type = self._get_param("StartRecordType")
    start_name = self._get_param("StartRecordName")
    start_id = self._get_param("StartRecordIdentifier")
    max_items = self._get_int_param("MaxItems", 300)
    if (start_type and not start_name) or (start_id and not start_type):
        raise InvalidInput("The input is not valid")
    zone = self.backend.get_hosted_zone(zoneid)
    records = list(zone.get_record_sets(start_type, start_name))
    order = lambda r: r.set_identifier or ""  # noqa: E731
    # Stable sort by set identifier inside each name and type, which get_record_sets already orders by.
    records.sort(key=lambda r: (route53_models.reverse_domain_name(r.name), r.type, order(r)))
    if start_id:
        records = [r for r in records if not (_dns_name(r.name) == _dns_name(start_name) and r.type == start_type and order(r) < start_id)]
    page, rest = records[:max_items], records[max_items:]
    result = {"ResourceRecordSets": page, "IsTruncated": bool(rest), "MaxItems": max_items}
    if rest:
        result.update({"NextRecordName": rest[0].name, "NextRecordType": rest[0].type})
        if rest[0].set_identifier:
            result["NextRecordIdentifier"] = rest[0].set_identifier
    return ActionResult(result)


route53_responses.Route53.list_resource_record_sets = _list_rrsets_by_identifier


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


from moto.cloudformation.parsing import ResourceMap  # noqa: E402

_change_set_diff = cfn_models.ChangeSet.diff


def _diff_of_created_resources(self):
    changes = _change_set_diff(self)
    resources = (self.template_dict or {}).get("Resources", {}) or {}
    conditional = {name: r["Condition"] for name, r in resources.items() if isinstance(r, dict) and "Condition" in r}
    if not conditional:
        return changes
    try:
        stack = self.stack
        resource_map = ResourceMap(stack.stack_id, stack.name, self.parameters or {}, {}, stack.region_name, stack.account_id, self.template_dict, None)
        resource_map.load_mapping()
        resource_map.load_parameters()
        resource_map.load_conditions()
        holds = {name: bool(resource_map.lazy_condition_map[c]) for name, c in conditional.items()}
    except Exception:  # a template moto cannot evaluate: its own listing
        return changes
    return [c for c in changes if c.action == "Remove" or holds.get(c.logical_resource_id, True)]


cfn_models.ChangeSet.diff = _diff_of_created_resources



# moto's server answers requests on threads, and CreateStack checks that no stack has the name, then builds
# the stack (parsing the template, creating its resources) and only then stores it: two CreateStack calls of
# one name at the same moment can both succeed. AWS creates a stack name once: the second call fails with
# AlreadyExistsException ("Resource of the specified type with the specified name already exists",
# https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html#API_CreateStack_Errors),
# which is what the action's lock stack relies on. The check and the store happen under one lock here.
import threading  # noqa: E402

_create_stack_lock = threading.Lock()
_create_stack = cfn_models.CloudFormationBackend.create_stack


def _create_stack_once(self, *args, **kwargs):
    with _create_stack_lock:
        return _create_stack(self, *args, **kwargs)


cfn_models.CloudFormationBackend.create_stack = _create_stack_once

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
