"""CloudFront continuous deployment and ETags on moto 5.2, as the CloudFront API Reference and Developer Guide
document them. Imported by moto_server.py (patches moto on import).

moto 5.2 has no CopyDistribution, no continuous deployment policies and no UpdateDistributionWithStagingConfig
(404), drops a distribution's Staging and ContinuousDeploymentPolicyId, never changes a distribution's ETag and
accepts any IfMatch. AWS, and this patch:

- ETags (https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_UpdateDistribution.html): every change
  to a distribution or a policy gives it a new ETag (and a distribution reads InProgress in the answer to the
  change, as on AWS until the change is deployed; moto's next read says Deployed); UpdateDistribution, DeleteDistribution, CopyDistribution,
  UpdateDistributionWithStagingConfig, UpdateContinuousDeploymentPolicy and DeleteContinuousDeploymentPolicy
  refuse a missing IfMatch with InvalidIfMatchVersion (400) (CopyDistribution only checks one it is given) and
  a stale one with PreconditionFailed (412).
- CopyDistribution (API_CopyDistribution.html): a new distribution with the primary's configuration, Staging
  true, its own CallerReference (DistributionAlreadyExists when taken), Enabled as asked (default true), no
  Aliases (viewers cannot reach a staging distribution by a CNAME: Developer Guide, "Routing requests to the
  staging distribution"; a CNAME belongs to one distribution) and no ContinuousDeploymentPolicyId. Staging must
  be true ("The only valid value is True"): InvalidArgument otherwise.
- Continuous deployment policies (API_CreateContinuousDeploymentPolicy.html, API_ContinuousDeploymentPolicyConfig
  .html, API_ContinuousDeploymentSingleWeightConfig.html, API_SessionStickinessConfig.html,
  API_ContinuousDeploymentSingleHeaderConfig.html): Create (201, Location, ETag), Get, GetConfig, Update, Delete,
  List (Marker, MaxItems). StagingDistributionDnsNames must name one staging distribution of the account
  (InconsistentQuantities when Quantity and Items disagree, InvalidArgument otherwise); a second policy for the
  same staging distribution is StagingDistributionInUse (409); SingleWeight needs SingleWeightConfig with Weight
  0 to 0.15, SessionStickinessConfig IdleTTL and MaximumTTL 300 to 3600 with IdleTTL <= MaximumTTL; SingleHeader
  needs SingleHeaderConfig whose Header starts with aws-cf-cd-; anything else is InvalidArgument. At most 20
  policies (TooManyContinuousDeploymentPolicies, Developer Guide, "Quotas and other considerations for continuous
  deployment"; with one policy per staging distribution and at most 20 staging distributions (TooManyDistributions
  on CopyDistribution) it is not reachable). A policy attached to a distribution cannot be deleted: ContinuousDeploymentPolicyInUse (409,
  API_DeleteContinuousDeploymentPolicy.html).
- UpdateDistribution keeps Staging and ContinuousDeploymentPolicyId (Get and GetConfig give them back); an
  unknown policy id is NoSuchContinuousDeploymentPolicy (404); Staging cannot change, nor CallerReference
  (IllegalUpdate); a staging distribution takes no Aliases (IllegalUpdate). While a primary has a policy attached,
  it and the staging distribution that policy names take only changes to cache behaviors, origins and origin
  groups, custom error responses, geographic restrictions, default root object, logging and comment (Developer
  Guide, "Updating primary and staging distributions"), and the primary's ContinuousDeploymentPolicyId; any other
  change is IllegalUpdate "One or more fields updated are not supported for continuous deployment." (the message
  AWS gives, hashicorp/terraform-provider-aws#28920, aws-samples/amazon-cloudfront-continuous-deployment#8).
- UpdateDistributionWithStagingConfig (API_UpdateDistributionWithStagingConfig.html): IfMatch is
  "<primary ETag>, <staging ETag>"; the primary takes the staging distribution's configuration (Enabled too: the
  page names only Aliases and ContinuousDeploymentPolicyId as kept), keeping its own Aliases and
  ContinuousDeploymentPolicyId (and its CallerReference, which no update changes, and Staging false), gets a new
  ETag, and the
  attached policy is disabled ("This action will disable the continuous deployment policy"). The staging
  distribution must be the one the primary's attached policy names (InvalidArgument otherwise).
- ListDistributions (API_DistributionSummary.html): each summary carries its configuration's fields (Aliases,
  Origins, Comment, Enabled, Staging, ...), where moto gave only ids, domain and status.
- DeleteDistribution (API_DeleteDistribution.html): an enabled distribution is DistributionNotDisabled (409); a
  staging distribution named by a policy that is attached to a primary is ResourceInUse (409, "Cannot delete this
  resource because it is in use"). Once the policy is detached, the staging distribution can be disabled and
  deleted, then the policy.
Errors come in CloudFront's REST-XML error shape (moto's serializer, with the status code of the API model).
"""
import copy
from typing import Any

from moto.cloudfront import models as cf_models
from moto.cloudfront import responses as cf_responses
from moto.cloudfront import urls as cf_urls
from moto.cloudfront.exceptions import CloudFrontException, DistributionAlreadyExists, InvalidIfMatchVersion, NoSuchDistribution
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow

MAX_POLICIES = 20
MAX_STAGING_DISTRIBUTIONS = 20
MAX_WEIGHT = 0.15
STICKINESS_TTL = (300, 3600)
HEADER_PREFIX = "aws-cf-cd-"
# Developer Guide, "Updating primary and staging distributions": what either distribution may change while the
# primary has a policy attached. The primary's ContinuousDeploymentPolicyId is how a policy is detached.
CHANGEABLE_UNDER_POLICY = {
    "DefaultCacheBehavior", "CacheBehaviors", "Origins", "OriginGroups", "CustomErrorResponses", "Restrictions",
    "DefaultRootObject", "Logging", "Comment", "ContinuousDeploymentPolicyId",
}
NOT_SUPPORTED_UNDER_POLICY = "One or more fields updated are not supported for continuous deployment."


def _error(code: str, message: str) -> CloudFrontException:
    return CloudFrontException(code, message)


def _precondition_failed() -> CloudFrontException:
    return _error("PreconditionFailed", "The precondition given in one or more of the request header fields evaluated to false.")


def _check_if_match(given: str | None, current: str) -> None:
    if not given:
        raise InvalidIfMatchVersion
    if given.strip() != current:
        raise _precondition_failed()


def _new_etag() -> str:
    return cf_models.random_id(length=14)


def _changed(dist: Any) -> None:
    """A new version of a distribution: a new ETag, InProgress until deployed (here: the next read), modified now."""
    dist.etag = _new_etag()
    dist.status = "InProgress"
    dist._tick = 0
    dist.last_modified_time = utcnow()


def _policies(backend: Any) -> dict[str, dict[str, Any]]:
    # backend.reset() clears the instance's __dict__, so the table lives there too.
    return backend.__dict__.setdefault("continuous_deployment_policies", {})


def _distribution(backend: Any, dist_id: str | None) -> Any:
    if not dist_id or dist_id not in backend.distributions:
        raise NoSuchDistribution
    return backend.distributions[dist_id]


def _config(dist: Any) -> Any:
    return dist.distribution_config


def _is_staging(dist: Any) -> bool:
    return bool(getattr(_config(dist), "Staging", False))


def _policy_id(dist: Any) -> str:
    return getattr(_config(dist), "ContinuousDeploymentPolicyId", "") or ""


def _staging_names(policy: dict[str, Any]) -> list[str]:
    return list((policy["config"].get("StagingDistributionDnsNames") or {}).get("Items") or [])


def _attached_policies(backend: Any) -> list[tuple[Any, dict[str, Any]]]:
    """(primary, policy) for every distribution with a policy attached."""
    pairs = []
    for dist in backend.distributions.values():
        policy = _policies(backend).get(_policy_id(dist))
        if policy is not None:
            pairs.append((dist, policy))
    return pairs


def _under_policy(backend: Any, dist: Any) -> bool:
    """A primary with a policy attached, or the staging distribution such a policy names."""
    if _policy_id(dist):
        return True
    return any(dist.domain_name in _staging_names(policy) for _, policy in _attached_policies(backend))


def _plain(value: Any) -> Any:
    """A comparable form of moto's configuration objects: empty values and derived quantities left out."""
    if hasattr(value, "__dict__") and not isinstance(value, type):
        value = vars(value)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("Quantity", "caller_reference"):
                continue
            item = _plain(item)
            if item in (None, "", [], {}):
                continue
            out[key] = item
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# ---- the distribution's configuration: Staging and ContinuousDeploymentPolicyId kept ----
_config_init = cf_models.DistributionConfig.__init__


def _config_init_with_cd(self: Any, config: dict[str, Any]) -> None:
    config.setdefault("Staging", False)
    config["ContinuousDeploymentPolicyId"] = config.get("ContinuousDeploymentPolicyId") or ""
    _config_init(self, config)


cf_models.DistributionConfig.__init__ = _config_init_with_cd


# ---- ListDistributions: a summary of each distribution's configuration ----
# AWS's DistributionSummary (API_DistributionSummary.html) carries the configuration's Aliases, Origins, Comment,
# Enabled, Staging and the rest; moto's summary had only ids, domain and status. The fields a Distribution lacks
# are read from its configuration.
def _summary_field(self: Any, name: str) -> Any:
    config = self.__dict__.get("distribution_config")
    if not name.startswith("_") and config is not None and name in vars(config):
        return getattr(config, name)
    raise AttributeError(name)


cf_models.Distribution.__getattr__ = _summary_field


# ---- UpdateDistribution: IfMatch, a new ETag, and what continuous deployment allows ----
def _update_distribution(self: Any, dist_config: dict[str, Any], _id: str, if_match: str) -> tuple[Any, str, str]:
    dist = _distribution(self, _id)
    _check_if_match(if_match, dist.etag)
    if not dist_config:
        raise NoSuchDistribution
    policy_id = dist_config.get("ContinuousDeploymentPolicyId") or ""
    if policy_id and policy_id not in _policies(self):
        raise _error("NoSuchContinuousDeploymentPolicy", "The continuous deployment policy doesn't exist.")
    if policy_id and _is_staging(dist):
        raise _error("IllegalUpdate", "A continuous deployment policy cannot be attached to a staging distribution.")
    was_under_policy = _under_policy(self, dist)
    old = _plain(_config(dist))
    new_config = cf_models.DistributionConfig(copy.deepcopy(dist_config))
    new = _plain(new_config)
    if bool(new.get("Staging", False)) != bool(old.get("Staging", False)):
        raise _error("IllegalUpdate", "The Staging value of a distribution cannot be changed.")
    if new.get("CallerReference") != old.get("CallerReference"):
        raise _error("IllegalUpdate", "You cannot update Origin or CallerReference.")
    if new.get("Staging") and new.get("Aliases"):
        raise _error("IllegalUpdate", "A staging distribution cannot have alternate domain names (Aliases).")
    if was_under_policy:
        changed = {k for k in set(old) | set(new) if old.get(k) != new.get(k)} - CHANGEABLE_UNDER_POLICY
        if changed:
            raise _error("IllegalUpdate", NOT_SUPPORTED_UNDER_POLICY)
    dist.distribution_config = new_config
    _changed(dist)
    return dist, dist.location, dist.etag


cf_models.CloudFrontBackend.update_distribution = _update_distribution


# ---- DeleteDistribution: IfMatch, disabled first, not while a primary's policy names it ----
def _delete_distribution(self: Any, distribution_id: str, if_match: str) -> None:
    if not if_match:
        raise InvalidIfMatchVersion
    dist = _distribution(self, distribution_id)
    _check_if_match(if_match, dist.etag)
    if getattr(_config(dist), "Enabled", False):
        raise _error("DistributionNotDisabled", "The distribution you are trying to delete has not been disabled.")
    if any(dist.domain_name in _staging_names(policy) for _, policy in _attached_policies(self)):
        raise _error("ResourceInUse", "Cannot delete this resource because it is in use: a continuous deployment policy attached to a primary distribution names this staging distribution.")
    del self.distributions[distribution_id]


cf_models.CloudFrontBackend.delete_distribution = _delete_distribution


# ---- CopyDistribution ----
def _copy_distribution(self: Any, primary_id: str, staging: Any, if_match: str | None, caller_reference: str, enabled: Any) -> Any:
    primary = _distribution(self, primary_id)
    if if_match:
        _check_if_match(if_match, primary.etag)
    if str(staging).lower() != "true":
        raise _error("InvalidArgument", "CopyDistribution copies to a staging distribution only: the only valid value of Staging is true.")
    if _is_staging(primary):
        raise _error("InvalidArgument", "The primary distribution to copy is itself a staging distribution.")
    if not caller_reference:
        raise _error("InvalidArgument", "CallerReference is required.")
    taken = self._distribution_with_caller_reference(caller_reference)
    if taken is not None:
        raise DistributionAlreadyExists(taken.distribution_id)
    if sum(1 for d in self.distributions.values() if _is_staging(d)) >= MAX_STAGING_DISTRIBUTIONS:
        raise _error("TooManyDistributions", f"You have reached the maximum number of staging distributions for this account ({MAX_STAGING_DISTRIBUTIONS}).")
    placeholder = {
        "CallerReference": caller_reference,
        "Origins": {"Items": [{"Id": "copy", "DomainName": "copy.example.com"}]},
        "DefaultCacheBehavior": {"TargetOriginId": "copy", "ViewerProtocolPolicy": "allow-all"},
    }
    dist = cf_models.Distribution(self.account_id, self.region_name, placeholder)
    config = copy.deepcopy(_config(primary))
    config.CallerReference = config.caller_reference = caller_reference
    config.Enabled = True if enabled is None else str(enabled).lower() == "true"
    config.Staging = True
    config.Aliases = {"Quantity": 0}
    config.ContinuousDeploymentPolicyId = ""
    dist.distribution_config = config
    self.distributions[dist.distribution_id] = dist
    return dist


cf_models.CloudFrontBackend.copy_distribution = _copy_distribution


# ---- UpdateDistributionWithStagingConfig (promote) ----
PROMOTE_KEEPS = ("Aliases", "ContinuousDeploymentPolicyId", "CallerReference", "caller_reference", "Staging")


def _promote(self: Any, primary_id: str, staging_id: str | None, if_match: str | None) -> Any:
    primary = _distribution(self, primary_id)
    if not staging_id:
        raise _error("InvalidArgument", "StagingDistributionId is required.")
    staging = _distribution(self, staging_id)
    etags = [part.strip() for part in (if_match or "").split(",")]
    if len(etags) != 2 or not all(etags):
        raise InvalidIfMatchVersion
    if etags[0] != primary.etag or etags[1] != staging.etag:
        raise _precondition_failed()
    if not _is_staging(staging):
        raise _error("InvalidArgument", f"Distribution {staging_id} is not a staging distribution.")
    policy = _policies(self).get(_policy_id(primary))
    if policy is None or staging.domain_name not in _staging_names(policy):
        raise _error("InvalidArgument", f"Distribution {primary_id} has no continuous deployment policy attached that names staging distribution {staging_id}.")
    config = copy.deepcopy(_config(staging))
    for key in PROMOTE_KEEPS:
        setattr(config, key, copy.deepcopy(getattr(_config(primary), key)))
    primary.distribution_config = config
    _changed(primary)
    policy["config"]["Enabled"] = False
    _touch(policy)
    return primary


cf_models.CloudFrontBackend.update_distribution_with_staging_config = _promote


# ---- continuous deployment policies ----
def _touch(policy: dict[str, Any]) -> None:
    policy["etag"] = _new_etag()
    policy["modified"] = utcnow()


def _validate_policy(backend: Any, config: dict[str, Any], policy_id: str | None) -> None:
    names = config.get("StagingDistributionDnsNames") or {}
    items = list(names.get("Items") or [])
    if names.get("Quantity") is not None and int(names["Quantity"]) != len(items):
        raise _error("InconsistentQuantities", f"The specified quantity of StagingDistributionDnsNames ({names['Quantity']}) does not match the actual quantity supplied ({len(items)}).")
    if len(items) != 1:
        raise _error("InvalidArgument", "StagingDistributionDnsNames must name exactly one staging distribution.")
    staging = next((d for d in backend.distributions.values() if d.domain_name == items[0]), None)
    if staging is None or not _is_staging(staging):
        raise _error("InvalidArgument", f"{items[0]} is not the domain name of a staging distribution of this account.")
    for other_id, other in _policies(backend).items():
        if other_id != policy_id and items[0] in _staging_names(other):
            raise _error("StagingDistributionInUse", f"A continuous deployment policy for this staging distribution already exists: {other_id}.")
    if config.get("Enabled") is None:
        raise _error("InvalidArgument", "Enabled is required.")
    traffic = config.get("TrafficConfig")
    if not traffic:
        return
    kind = traffic.get("Type")
    weight, header = traffic.get("SingleWeightConfig"), traffic.get("SingleHeaderConfig")
    if kind == "SingleWeight":
        if not weight or header:
            raise _error("InvalidArgument", "A SingleWeight traffic configuration takes a SingleWeightConfig and no SingleHeaderConfig.")
        value = weight.get("Weight")
        if value is None or not 0 <= float(value) <= MAX_WEIGHT:
            raise _error("InvalidArgument", f"Weight must be a decimal number between 0 and {MAX_WEIGHT}; got {value}.")
        sticky = weight.get("SessionStickinessConfig")
        if sticky:
            idle, maximum = sticky.get("IdleTTL"), sticky.get("MaximumTTL")
            low, high = STICKINESS_TTL
            if idle is None or maximum is None or not (low <= int(idle) <= high and low <= int(maximum) <= high):
                raise _error("InvalidArgument", f"SessionStickinessConfig IdleTTL and MaximumTTL must be {low} to {high} seconds.")
            if int(idle) > int(maximum):
                raise _error("InvalidArgument", "SessionStickinessConfig IdleTTL must be less than or equal to MaximumTTL.")
    elif kind == "SingleHeader":
        if not header or weight:
            raise _error("InvalidArgument", "A SingleHeader traffic configuration takes a SingleHeaderConfig and no SingleWeightConfig.")
        name = str(header.get("Header") or "")
        if not name.lower().startswith(HEADER_PREFIX):
            raise _error("InvalidArgument", f"The header of a SingleHeader traffic configuration must start with {HEADER_PREFIX}; got {name!r}.")
        if not header.get("Value"):
            raise _error("InvalidArgument", "A SingleHeaderConfig needs a Value.")
    else:
        raise _error("InvalidArgument", f"TrafficConfig Type must be SingleWeight or SingleHeader; got {kind!r}.")


def _policy(backend: Any, policy_id: str | None) -> dict[str, Any]:
    policy = _policies(backend).get(policy_id or "")
    if policy is None:
        raise _error("NoSuchContinuousDeploymentPolicy", "The continuous deployment policy doesn't exist.")
    return policy


def _policy_shape(policy: dict[str, Any]) -> dict[str, Any]:
    return {"Id": policy["id"], "LastModifiedTime": policy["modified"], "ContinuousDeploymentPolicyConfig": policy["config"]}


def _location(policy_id: str) -> str:
    return f"https://cloudfront.amazonaws.com/2020-05-31/continuous-deployment-policy/{policy_id}"


def create_continuous_deployment_policy(self: Any) -> ActionResult:
    config = copy.deepcopy(self._get_param("ContinuousDeploymentPolicyConfig") or {})
    policies = _policies(self.backend)
    if len(policies) >= MAX_POLICIES:
        raise _error("TooManyContinuousDeploymentPolicies", f"You have reached the maximum number of continuous deployment policies for this account ({MAX_POLICIES}).")
    _validate_policy(self.backend, config, None)
    policy = {"id": cf_models.random_id(), "config": config}
    _touch(policy)
    policies[policy["id"]] = policy
    return ActionResult({"ContinuousDeploymentPolicy": _policy_shape(policy), "Location": _location(policy["id"]), "ETag": policy["etag"]})


def get_continuous_deployment_policy(self: Any) -> ActionResult:
    policy = _policy(self.backend, self._get_param("Id"))
    return ActionResult({"ContinuousDeploymentPolicy": _policy_shape(policy), "ETag": policy["etag"]})


def get_continuous_deployment_policy_config(self: Any) -> ActionResult:
    policy = _policy(self.backend, self._get_param("Id"))
    return ActionResult({"ContinuousDeploymentPolicyConfig": policy["config"], "ETag": policy["etag"]})


def update_continuous_deployment_policy(self: Any) -> ActionResult:
    policy = _policy(self.backend, self._get_param("Id"))
    _check_if_match(self._get_param("IfMatch"), policy["etag"])
    config = copy.deepcopy(self._get_param("ContinuousDeploymentPolicyConfig") or {})
    _validate_policy(self.backend, config, policy["id"])
    policy["config"] = config
    _touch(policy)
    return ActionResult({"ContinuousDeploymentPolicy": _policy_shape(policy), "ETag": policy["etag"]})


def delete_continuous_deployment_policy(self: Any) -> EmptyResult:
    policy = _policy(self.backend, self._get_param("Id"))
    _check_if_match(self._get_param("IfMatch"), policy["etag"])
    users = [d.distribution_id for d, p in _attached_policies(self.backend) if p is policy]
    if users:
        raise _error("ContinuousDeploymentPolicyInUse", f"You cannot delete a continuous deployment policy that is associated with a primary distribution ({', '.join(users)}).")
    del _policies(self.backend)[policy["id"]]
    return EmptyResult()


def list_continuous_deployment_policies(self: Any) -> ActionResult:
    policies = sorted(_policies(self.backend).values(), key=lambda p: p["id"])
    marker = self._get_param("Marker")
    max_items = int(self._get_param("MaxItems") or 100)
    if marker:
        policies = [p for p in policies if p["id"] >= marker]
    page, rest = policies[:max_items], policies[max_items:]
    listing: dict[str, Any] = {"MaxItems": max_items, "Quantity": len(page)}
    if page:
        listing["Items"] = [{"ContinuousDeploymentPolicy": _policy_shape(p)} for p in page]
    if rest:
        listing["NextMarker"] = rest[0]["id"]
    return ActionResult({"ContinuousDeploymentPolicyList": listing})


def copy_distribution(self: Any) -> ActionResult:
    dist = self.backend.copy_distribution(
        self._get_param("PrimaryDistributionId"),
        self._get_param("Staging"),
        self._get_param("IfMatch"),
        self._get_param("CallerReference"),
        self._get_param("Enabled"),
    )
    return ActionResult({"Distribution": dist, "Location": dist.location, "ETag": dist.etag})


def update_distribution_with_staging_config(self: Any) -> ActionResult:
    dist = self.backend.update_distribution_with_staging_config(self._get_param("Id"), self._get_param("StagingDistributionId"), self._get_param("IfMatch"))
    return ActionResult({"Distribution": dist, "ETag": dist.etag})


for _handler in (
    create_continuous_deployment_policy,
    get_continuous_deployment_policy,
    get_continuous_deployment_policy_config,
    update_continuous_deployment_policy,
    delete_continuous_deployment_policy,
    list_continuous_deployment_policies,
    copy_distribution,
    update_distribution_with_staging_config,
):
    setattr(cf_responses.CloudFrontResponse, _handler.__name__, _handler)

# moto routes a request to the service by these patterns; the operation is then found from the API model.
cf_urls.url_paths.update(
    {
        "{0}/2020-05-31/distribution/(?P<distribution_id>[^/]+)/copy$": cf_responses.CloudFrontResponse.dispatch,
        "{0}/2020-05-31/distribution/(?P<distribution_id>[^/]+)/promote-staging-config$": cf_responses.CloudFrontResponse.dispatch,
        "{0}/2020-05-31/continuous-deployment-policy$": cf_responses.CloudFrontResponse.dispatch,
        "{0}/2020-05-31/continuous-deployment-policy/(?P<policy_id>[^/]+)$": cf_responses.CloudFrontResponse.dispatch,
        "{0}/2020-05-31/continuous-deployment-policy/(?P<policy_id>[^/]+)/config$": cf_responses.CloudFrontResponse.dispatch,
    }
)
