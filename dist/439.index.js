export const id = 439;
export const ids = [439];
export const modules = {

/***/ 9439:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CloudFrontRouter: () => (/* binding */ CloudFrontRouter),
  MAX_WRITE_ATTEMPTS: () => (/* binding */ MAX_WRITE_ATTEMPTS)
});

// EXTERNAL MODULE: ./src/aws/sdk.ts
var sdk = __webpack_require__(5857);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/aws/cloudfront.ts


function noSuchDistribution(id, err) {
    if ((0,errors/* errorName */.Is)(err) !== 'NoSuchDistribution')
        return err;
    return new errors/* DeployError */.sH(`CloudFront distribution ${id} does not exist`, undefined, 'Check distribution-id, and that the action runs with credentials of the account that owns the distribution.');
}
/** GetDistributionConfig: the configuration as UpdateDistribution takes it, with its ETag. */
async function getDistributionConfig(cf, id) {
    let out;
    try {
        out = await cf.send(new (await (0,sdk/* cloudFrontSdk */.Rt)()).GetDistributionConfigCommand({ Id: id }));
    }
    catch (err) {
        throw noSuchDistribution(id, err);
    }
    if (!out.DistributionConfig || !out.ETag)
        throw new errors/* DeployError */.sH(`CloudFront answered GetDistributionConfig for ${id} without a configuration or ETag`);
    return { config: out.DistributionConfig, etag: out.ETag };
}
async function getDistributionState(cf, id) {
    let out;
    try {
        out = await cf.send(new (await (0,sdk/* cloudFrontSdk */.Rt)()).GetDistributionCommand({ Id: id }));
    }
    catch (err) {
        throw noSuchDistribution(id, err);
    }
    return { status: out.Distribution?.Status ?? 'unknown', domainName: out.Distribution?.DomainName ?? '', arn: out.Distribution?.ARN ?? '' };
}
/**
 * UpdateDistribution replaces the whole configuration, so `config` must be the one read with `etag`, changed
 * only where the caller means to. CloudFront refuses it with PreconditionFailed when the distribution
 * changed since that read (its ETag moved on).
 */
async function updateDistribution(cf, id, etag, config) {
    const out = await cf.send(new (await (0,sdk/* cloudFrontSdk */.Rt)()).UpdateDistributionCommand({ Id: id, IfMatch: etag, DistributionConfig: config }));
    return { config: out.Distribution?.DistributionConfig ?? config, etag: out.ETag ?? '' };
}
function isPreconditionFailed(err) {
    return (0,errors/* errorName */.Is)(err) === 'PreconditionFailed';
}
function findOrigin(config, originId) {
    return config.Origins?.Items?.find((o) => o.Id === originId);
}
/** The configuration with one origin's DomainName changed and every other field as it was. */
function withOriginDomain(config, originId, domainName) {
    const next = structuredClone(config);
    const origin = findOrigin(next, originId);
    if (!origin)
        throw new errors/* DeployError */.sH(`The distribution has no origin ${originId} any more`);
    origin.DomainName = domainName;
    return next;
}

// EXTERNAL MODULE: ./src/cloudformation/stacks.ts
var stacks = __webpack_require__(8915);
// EXTERNAL MODULE: ./src/clock.ts
var clock = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
// EXTERNAL MODULE: ./src/core/owner.ts
var owner = __webpack_require__(2920);
;// CONCATENATED MODULE: ./src/core/routers/cloudfront-origin.ts
/**
 * What an environment stack's origin-output may hold, and which origins the cloudfront router may move.
 * The output is untrusted (a pull request's template produces it): it is read strictly, as a DNS name.
 */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/**
 * An origin's domain name from an output: a bare host (abc.lambda-url.us-east-1.on.aws,
 * d111111abcdef8.cloudfront.net), or an http(s):// URL without path, port or query, whose host is taken
 * (a Lambda function URL output is `https://<host>/`). CloudFront takes neither an IP address nor a port in
 * an origin's domain name.
 */
function parseOriginDomain(raw) {
    let host = raw.trim();
    if (/^[a-z][a-z0-9+.-]*:/i.test(host)) {
        let url;
        try {
            url = new URL(host);
        }
        catch {
            return { ok: false, why: 'it is not a URL nor a host name' };
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:')
            return { ok: false, why: `its scheme ${url.protocol} is not https` };
        if (url.username || url.password)
            return { ok: false, why: 'it carries credentials' };
        if (url.port)
            return { ok: false, why: "it has a port (set the origin's HTTPS port on the distribution and output the host only)" };
        if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
            return { ok: false, why: "it has a path or query (CloudFront adds a path through the origin's OriginPath; output the host only)" };
        }
        host = url.hostname;
    }
    host = host.toLowerCase().replace(/\.$/, '');
    if (host === '')
        return { ok: false, why: 'it is empty' };
    if (host.length > 253)
        return { ok: false, why: 'it is longer than a DNS name may be (253)' };
    const labels = host.split('.');
    if (labels.length < 2)
        return { ok: false, why: 'it is not a fully qualified DNS name' };
    if (!labels.every((l) => LABEL.test(l)))
        return { ok: false, why: 'it is not a DNS name (letters, digits and hyphens between dots)' };
    if (/^\d+$/.test(labels[labels.length - 1]))
        return { ok: false, why: 'it is an IP address, which CloudFront does not take as an origin' };
    return { ok: true, domainName: host };
}
/** An origin domain compared as DNS compares it: case-insensitive, with or without the final dot (a URL's host, too). */
function originKey(value) {
    const parsed = parseOriginDomain(value);
    return parsed.ok ? parsed.domainName : value.trim().toLowerCase().replace(/\.$/, '');
}
function sameOriginDomain(a, b) {
    return originKey(a) === originKey(b);
}
const S3_BUCKET_DOMAIN = /\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/;
/**
 * Why the origin may not move to `domainName`, or undefined when it may. Refused:
 * - an origin behind origin access control or an origin access identity: its content answers only the
 *   distribution's signed requests, so green cannot be smoke-tested on its own, and whether green's bucket or
 *   function grants the distribution cannot be known before users reach it;
 * - a VPC origin: its domain belongs to the VPC origin resource the distribution names, not to a stack;
 * - an S3 origin moving to a domain that is no S3 bucket's, which CloudFront refuses.
 */
function unmovable(origin, domainName) {
    if (origin.OriginAccessControlId)
        return `origin ${origin.Id} uses origin access control ${origin.OriginAccessControlId}`;
    if (origin.S3OriginConfig?.OriginAccessIdentity)
        return `origin ${origin.Id} uses the origin access identity ${origin.S3OriginConfig.OriginAccessIdentity}`;
    if (origin.VpcOriginConfig)
        return `origin ${origin.Id} is a VPC origin (${origin.VpcOriginConfig.VpcOriginId})`;
    if (origin.S3OriginConfig && domainName && !S3_BUCKET_DOMAIN.test(domainName))
        return `origin ${origin.Id} is an S3 origin and ${domainName} is not an S3 bucket's domain`;
    return undefined;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/aws/cloudfront-staging.ts


/** The tag a staging distribution of this action carries: the IAM policy lets the action change only distributions tagged for its primary. */
const STAGING_TAG = 'bluegreen:staging-of';
/**
 * CopyDistribution with Staging=true: a staging distribution with the primary's configuration, as of the
 * primary's ETag given in IfMatch (PreconditionFailed when the primary changed since). A CallerReference
 * already used answers DistributionAlreadyExists.
 */
async function copyToStaging(cf, primaryId, primaryEtag, callerReference) {
    const out = await cf.send(new (await (0,sdk/* cloudFrontSdk */.Rt)()).CopyDistributionCommand({ PrimaryDistributionId: primaryId, Staging: true, IfMatch: primaryEtag, CallerReference: callerReference, Enabled: true }));
    const d = out.Distribution;
    if (!d?.Id || !d.DomainName || !d.DistributionConfig || !out.ETag)
        throw new errors/* DeployError */.sH(`CloudFront answered CopyDistribution of ${primaryId} without the staging distribution's id, domain, configuration or ETag`);
    return { id: d.Id, arn: d.ARN ?? '', domainName: d.DomainName, config: d.DistributionConfig, etag: out.ETag };
}
/** TagResource: the staging distribution tagged bluegreen:staging-of=<primary id> (CopyDistribution takes no tags). */
async function tagStaging(cf, arn, primaryId) {
    await cf.send(new (await (0,sdk/* cloudFrontSdk */.Rt)()).TagResourceCommand({ Resource: arn, Tags: { Items: [{ Key: STAGING_TAG, Value: primaryId }] } }));
}
/** Every staging distribution of the account (ListDistributions, all pages): the summary carries Staging. */
async function listStagingDistributions(cf) {
    const found = [];
    let marker;
    do {
        const out = await cf.send(new (await (0,sdk/* cloudFrontSdk */.Rt)()).ListDistributionsCommand({ Marker: marker }));
        const list = out.DistributionList;
        found.push(...(list?.Items ?? []).filter((d) => d.Staging));
        marker = list?.IsTruncated ? list.NextMarker : undefined;
    } while (marker);
    return found;
}
async function createPolicy(cf, config) {
    const out = await cf.send(new (await (0,sdk/* cloudFrontSdk */.Rt)()).CreateContinuousDeploymentPolicyCommand({ ContinuousDeploymentPolicyConfig: config }));
    const policy = out.ContinuousDeploymentPolicy;
    if (!policy?.Id || !out.ETag)
        throw new errors/* DeployError */.sH('CloudFront answered CreateContinuousDeploymentPolicy without the policy id or ETag');
    return { id: policy.Id, config: policy.ContinuousDeploymentPolicyConfig ?? config, etag: out.ETag };
}
/** GetContinuousDeploymentPolicy; undefined when it does not exist (NoSuchContinuousDeploymentPolicy). */
async function getPolicy(cf, id) {
    try {
        const out = await cf.send(new (await (0,sdk/* cloudFrontSdk */.Rt)()).GetContinuousDeploymentPolicyCommand({ Id: id }));
        const config = out.ContinuousDeploymentPolicy?.ContinuousDeploymentPolicyConfig;
        if (!config || !out.ETag)
            throw new errors/* DeployError */.sH(`CloudFront answered GetContinuousDeploymentPolicy ${id} without its configuration or ETag`);
        return { id, config, etag: out.ETag };
    }
    catch (err) {
        if ((0,errors/* errorName */.Is)(err) === 'NoSuchContinuousDeploymentPolicy')
            return undefined;
        throw err;
    }
}
/** The policy that sends traffic to `stagingDomain`, when one exists (created and never attached, by an interrupted run). */
async function findPolicyFor(cf, stagingDomain) {
    let marker;
    do {
        const out = await cf.send(new (await (0,sdk/* cloudFrontSdk */.Rt)()).ListContinuousDeploymentPoliciesCommand({ Marker: marker }));
        const list = out.ContinuousDeploymentPolicyList;
        for (const item of list?.Items ?? []) {
            const p = item.ContinuousDeploymentPolicy;
            if (p?.Id && p.ContinuousDeploymentPolicyConfig?.StagingDistributionDnsNames?.Items?.includes(stagingDomain))
                return getPolicy(cf, p.Id);
        }
        marker = list?.NextMarker;
    } while (marker);
    return undefined;
}
/**
 * UpdateContinuousDeploymentPolicy replaces the whole policy configuration ("all the fields are updated with
 * the values that are provided in the request"), with the ETag of the read as IfMatch.
 */
async function updatePolicy(cf, policy, config) {
    const out = await cf.send(new (await (0,sdk/* cloudFrontSdk */.Rt)()).UpdateContinuousDeploymentPolicyCommand({ Id: policy.id, IfMatch: policy.etag, ContinuousDeploymentPolicyConfig: config }));
    return { id: policy.id, config: out.ContinuousDeploymentPolicy?.ContinuousDeploymentPolicyConfig ?? config, etag: out.ETag ?? '' };
}
/** DeleteContinuousDeploymentPolicy: refused with ContinuousDeploymentPolicyInUse while a primary distribution names it. */
async function deletePolicy(cf, policy) {
    await cf.send(new (await (0,sdk/* cloudFrontSdk */.Rt)()).DeleteContinuousDeploymentPolicyCommand({ Id: policy.id, IfMatch: policy.etag }));
}
/** DeleteDistribution: refused with DistributionNotDisabled unless the distribution was disabled and that change is Deployed. */
async function deleteDistribution(cf, id, etag) {
    await cf.send(new (await (0,sdk/* cloudFrontSdk */.Rt)()).DeleteDistributionCommand({ Id: id, IfMatch: etag }));
}

// EXTERNAL MODULE: ./src/core/inputs.ts
var inputs = __webpack_require__(9114);
;// CONCATENATED MODULE: ./src/core/routers/cloudfront-staging.ts






/**
 * Stepped shifting for the cloudfront router through CloudFront continuous deployment
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/continuous-deployment.html): a staging
 * distribution copied from the primary (distribution-id) whose moving origin is green's, and a continuous
 * deployment policy attached to the primary that sends green a weight (at most 15%) of the primary's
 * viewers, or only the requests carrying one header (staging-header). The primary keeps blue's origin until
 * the final step; nothing here is stored: every step reads the policy attached to the primary again.
 */
/** How many times a write re-reads and retries after PreconditionFailed. */
const MAX_ATTEMPTS = 5;
/** The longest wait for a disabled staging distribution to be Deployed (then deletable) before it is left for a later run. */
const MAX_STAGING_WAIT_MS = 15 * 60_000;
/** The longest pause between two reads of a staging distribution's status while it is being disabled. */
const MAX_POLL_MS = 20_000;
/**
 * Session stickiness (300 to 3600 s, IdleTTL <= MaximumTTL): a viewer stays on one side for a session, and the
 * shortest sessions let each new weight apply within minutes. Disabling the policy "resets all sessions"
 * (developer guide, "Session stickiness for weight-based configurations"), so going back to blue is not held up by them.
 */
const STICKINESS = { IdleTTL: 300, MaximumTTL: 600 };
class ContinuousDeployment {
    ctx;
    primary;
    header;
    constructor(ctx, primary, header) {
        this.ctx = ctx;
        this.primary = primary;
        this.header = header;
    }
    get cf() {
        return this.ctx.clients.cloudfront;
    }
    get id() {
        return this.primary.distributionId;
    }
    /**
     * What marks a staging distribution as this action's for this primary and origin: CopyDistribution's
     * CallerReference, which nobody can change afterwards. Another app's staging distributions (another
     * primary, or another origin of the same primary) never carry it, so they are never changed nor deleted.
     */
    async ownPrefix() {
        const origin = (0,external_node_crypto_.createHash)('sha256')
            .update(await this.primary.originId())
            .digest('hex')
            .slice(0, 12);
        return `bluegreen-action:${this.id}:${origin}:`;
    }
    /** The policy attached to the primary, with its staging distribution; undefined when none is attached. */
    async attached(config) {
        const policyId = config.ContinuousDeploymentPolicyId;
        if (!policyId)
            return undefined;
        const policy = await getPolicy(this.cf, policyId);
        if (!policy)
            return undefined;
        const domain = policy.config.StagingDistributionDnsNames?.Items?.[0];
        const staging = domain ? (await this.stagings()).find((s) => sameOriginDomain(s.domainName, domain)) : undefined;
        return { policy, staging };
    }
    /** Every staging distribution of the account, read with its configuration (at most 20 per account: CloudFront's quota). */
    async stagings() {
        const prefix = await this.ownPrefix();
        const out = [];
        for (const summary of await listStagingDistributions(this.cf)) {
            if (!summary.Id)
                continue;
            const read = await getDistributionConfig(this.cf, summary.Id).catch((err) => {
                // docs/iam-policy.json lets the action read only staging distributions tagged for its primary: another's is not ours
                if ((0,errors/* errorName */.Is)(err) === 'AccessDenied')
                    return undefined;
                throw err;
            });
            if (!read)
                continue;
            const { config, etag } = read;
            out.push({
                id: summary.Id,
                arn: summary.ARN ?? '',
                domainName: summary.DomainName ?? '',
                status: summary.Status ?? 'unknown',
                config,
                etag,
                enabled: config.Enabled !== false,
                ours: (config.CallerReference ?? '').startsWith(prefix)
            });
        }
        return out;
    }
    async readStaging(id) {
        const { config, etag } = await getDistributionConfig(this.cf, id);
        const state = await getDistributionState(this.cf, id);
        return {
            id,
            arn: state.arn,
            domainName: state.domainName,
            status: state.status,
            config,
            etag,
            enabled: config.Enabled !== false,
            ours: (config.CallerReference ?? '').startsWith(await this.ownPrefix())
        };
    }
    /** The policy configuration for a step: `percent` of viewers by weight, or (0%) only the requests with staging-header. */
    policyConfig(stagingDomain, percent) {
        const names = { Quantity: 1, Items: [stagingDomain] };
        if (percent === 0) {
            if (!this.header)
                throw new errors/* DeployError */.sH(`A 0% step sends nothing to green without staging-header`, undefined, 'Give staging-header (aws-cf-cd-<name>: <value>), or remove the 0% step from traffic-steps.');
            return { StagingDistributionDnsNames: names, Enabled: true, TrafficConfig: { Type: 'SingleHeader', SingleHeaderConfig: { Header: this.header.name, Value: this.header.value } } };
        }
        if (percent > inputs/* CLOUDFRONT_MAX_WEIGHT_PERCENT */.Bp) {
            throw new errors/* DeployError */.sH(`CloudFront continuous deployment sends at most ${inputs/* CLOUDFRONT_MAX_WEIGHT_PERCENT */.Bp}% to a staging distribution, not ${percent}%`, undefined, `Use traffic-steps up to ${inputs/* CLOUDFRONT_MAX_WEIGHT_PERCENT */.Bp}% before 100%.`);
        }
        return {
            StagingDistributionDnsNames: names,
            Enabled: true,
            TrafficConfig: { Type: 'SingleWeight', SingleWeightConfig: { Weight: percent / 100, SessionStickinessConfig: STICKINESS } }
        };
    }
    /** The moving origin's domain in the staging distribution an attached policy of ours sends traffic to. */
    async stagingOrigin(config, originId) {
        const found = await this.attached(config);
        if (!found?.staging?.ours || !found.policy.config.Enabled)
            return undefined;
        return findOrigin(found.staging.config, originId)?.DomainName;
    }
    /**
     * Green's share now: undefined unless an enabled policy of this action is attached and its staging
     * distribution's moving origin is green's; 0 for header-only traffic.
     */
    async share(config, originId, green) {
        const found = await this.attached(config);
        if (!found?.staging?.ours || !found.policy.config.Enabled)
            return undefined;
        if (!sameOriginDomain(findOrigin(found.staging.config, originId)?.DomainName ?? '', green))
            return undefined;
        if (sameOriginDomain(findOrigin(config, originId)?.DomainName ?? '', green))
            return 100;
        const traffic = found.policy.config.TrafficConfig;
        if (traffic?.Type === 'SingleHeader')
            return 0;
        return Math.round((traffic?.SingleWeightConfig?.Weight ?? 0) * 100);
    }
    /**
     * One step: the staging distribution (found again through the policy attached to the primary, or one this
     * action copied earlier and never attached, or a new copy) routes the moving origin to green, and the
     * policy attached to the primary sends it `percent` (0: the header's requests only).
     */
    async shift(primary, originId, green, percent) {
        this.policyConfig('', percent); // refuses a weight CloudFront does not take before any write
        let current = primary;
        const found = await this.attached(current.config);
        if (found) {
            if (!found.staging?.ours)
                throw this.notOurs(found);
            if (sameOriginDomain(findOrigin(found.staging.config, originId)?.DomainName ?? '', green)) {
                // this release's own (an earlier attempt of this run attached it)
                const staging = await this.pointAt(found.staging, originId, green);
                await this.setPolicy(found.policy, this.policyConfig(staging.domainName, percent));
                return;
            }
            // left attached by an earlier release whose cleanup did not finish: its copy is stale, so it goes first
            this.ctx.log.info(`Continuous deployment policy ${found.policy.id} and staging distribution ${found.staging.id} were left by an earlier release: cleaning them up, then copying the distribution as it is now.`);
            await this.cleanUp({ wait: false });
            current = await this.primary.read();
            if (current.config.ContinuousDeploymentPolicyId) {
                throw new errors/* DeployError */.sH(`Distribution ${this.id} still has the continuous deployment policy ${current.config.ContinuousDeploymentPolicyId} attached, left by an earlier release`, undefined, 'Nothing was moved. Finish the cleanup the warning above describes, then re-run.');
            }
        }
        const staging = await this.pointAt(await this.adoptOrCopy(current, originId), originId, green);
        const wanted = this.policyConfig(staging.domainName, percent);
        const policy = await this.createOrFindPolicy(staging, wanted);
        await this.attach(policy);
    }
    notOurs(found) {
        return new errors/* DeployError */.sH(`Distribution ${this.id} has the continuous deployment policy ${found.policy.id} attached, sending traffic to ${found.staging ? `staging distribution ${found.staging.id}` : (found.policy.config.StagingDistributionDnsNames?.Items?.[0] ?? 'a staging distribution')}, which this action did not make for this origin`, 'A distribution takes one continuous deployment policy at a time, and this one belongs to someone else (another origin-id, or made by hand).', 'Nothing was moved. Finish or remove that continuous deployment first (promote it, or detach its policy from the distribution), then re-run; or set traffic-steps: 100% to switch in one write.');
    }
    /**
     * A staging distribution of ours that no policy attaches yet (copied by an interrupted attempt): taken up
     * again. Otherwise CopyDistribution with the primary's ETag; PreconditionFailed means the primary changed
     * since it was read: read it again and copy that.
     */
    async adoptOrCopy(primary, originId) {
        const prefix = await this.ownPrefix();
        const mine = (await this.stagings()).filter((s) => s.ours);
        // only a copy of the primary as it is now: an older one (a cleanup left half-done) is deleted later, never reused
        const enabled = mine.find((s) => s.enabled && sameAsCopy(s.config, primary.config, originId));
        if (enabled) {
            this.ctx.log.info(`Staging distribution ${enabled.id} (${enabled.domainName}) was copied from ${this.id} by an earlier attempt and is attached to nothing: taking it up again.`);
            // an attempt stopped between the copy and its tag leaves it untagged
            await tagStaging(this.cf, enabled.arn, this.id);
            return enabled;
        }
        return this.ifMatch(`copying distribution ${this.id} to a staging distribution`, primary, async (current) => {
            const copied = await copyToStaging(this.cf, this.id, current.etag, `${prefix}${this.ctx.clock.now().toString(36)}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`);
            await tagStaging(this.cf, copied.arn, this.id);
            this.ctx.log.info(`Copied distribution ${this.id} to the staging distribution ${copied.id} (${copied.domainName}).`);
            return { ...copied, status: 'InProgress', enabled: true, ours: true };
        }, (_current, _err, next) => {
            this.ctx.log.info(`Distribution ${this.id} changed since it was read (PreconditionFailed); reading it again to copy what it is now (attempt ${next} of ${MAX_ATTEMPTS}).`);
            return this.primary.read();
        });
    }
    /** The staging distribution's moving origin on green (and the distribution enabled), every other field as copied. */
    async pointAt(staging, originId, green) {
        return this.ifMatch(`pointing staging distribution ${staging.id} at ${green}`, staging, async (current) => {
            const origin = findOrigin(current.config, originId);
            if (!origin)
                throw new errors/* DeployError */.sH(`Staging distribution ${current.id} has no origin ${originId}`, undefined, `Delete the staging distribution ${current.id} (it was copied before the origin changed), then re-run.`);
            if (sameOriginDomain(origin.DomainName ?? '', green) && current.enabled)
                return current;
            const next = withOriginDomain(current.config, originId, green);
            next.Enabled = true;
            const written = await updateDistribution(this.cf, current.id, current.etag, next);
            this.ctx.log.info(`Staging distribution ${current.id}: origin ${originId} now ${green}.`);
            return { ...current, ...written, enabled: true };
        }, (current) => this.readStaging(current.id));
    }
    /** CreateContinuousDeploymentPolicy; StagingDistributionInUse means an interrupted attempt made one for this staging distribution already: that one is updated. */
    async createOrFindPolicy(staging, wanted) {
        try {
            const policy = await createPolicy(this.cf, wanted);
            this.ctx.log.info(`Created the continuous deployment policy ${policy.id} for staging distribution ${staging.id}.`);
            return policy;
        }
        catch (err) {
            if ((0,errors/* errorName */.Is)(err) !== 'StagingDistributionInUse')
                throw this.failed(`creating the continuous deployment policy for ${staging.id}`, err);
            const existing = await findPolicyFor(this.cf, staging.domainName);
            if (!existing)
                throw this.failed(`creating the continuous deployment policy for ${staging.id}`, err);
            this.ctx.log.info(`The continuous deployment policy ${existing.id} for staging distribution ${staging.id} was made by an earlier attempt: using it.`);
            return this.setPolicy(existing, wanted);
        }
    }
    /** UpdateContinuousDeploymentPolicy with the ETag of the read, unless it already reads `wanted`; PreconditionFailed: read again, retry. */
    async setPolicy(policy, wanted) {
        const what = `updating the continuous deployment policy ${policy.id}`;
        return this.ifMatch(what, policy, async (current) => {
            if (JSON.stringify(trafficOf(current.config)) === JSON.stringify(trafficOf(wanted)))
                return current;
            const updated = await updatePolicy(this.cf, current, wanted);
            this.ctx.log.info(`Continuous deployment policy ${current.id}: ${describeTraffic(wanted)}.`);
            return updated;
        }, async (current, err) => {
            const again = await getPolicy(this.cf, current.id);
            if (!again)
                throw this.failed(what, err);
            return again;
        });
    }
    /** UpdateDistribution of the primary with ContinuousDeploymentPolicyId set, IfMatch its ETag; PreconditionFailed: read again (keeping what others changed), retry. */
    async attach(policy) {
        await this.updatePrimary(`attaching the continuous deployment policy ${policy.id}`, (config) => {
            if (config.ContinuousDeploymentPolicyId === policy.id)
                return undefined;
            if (config.ContinuousDeploymentPolicyId)
                throw new errors/* DeployError */.sH(`Distribution ${this.id} got the continuous deployment policy ${config.ContinuousDeploymentPolicyId} attached by someone else while this run attached ${policy.id}`, undefined, 'Nothing was moved. Find out who else updates the distribution, then re-run.');
            return { ...config, ContinuousDeploymentPolicyId: policy.id };
        });
        this.ctx.log.info(`Attached the continuous deployment policy ${policy.id} to distribution ${this.id}: ${describeTraffic(policy.config)} once the distribution is deployed.`);
    }
    /** Read, change, UpdateDistribution with IfMatch; PreconditionFailed: read again and change that. `change` returns undefined when nothing is left to do. */
    async updatePrimary(what, change) {
        await this.ifMatch(`${what} (distribution ${this.id})`, await this.primary.read(), async ({ config, etag }) => {
            const next = change(config);
            if (next)
                await updateDistribution(this.cf, this.id, etag, next);
        }, (read, _err, next) => {
            this.ctx.log.info(`Distribution ${this.id} changed since it was read (PreconditionFailed: ETag ${read.etag} is no longer current); reading it again (attempt ${next} of ${MAX_ATTEMPTS}).`);
            return this.primary.read();
        });
    }
    /**
     * All traffic back on the primary's own origin in one write: the policy disabled. AWS: a disabled policy
     * "is not enabled and has no effect" (ContinuousDeploymentPolicyConfig.Enabled), and disabling it "resets
     * all sessions" (sticky viewers included). Weight 0 would keep the sticky sessions, and detaching the
     * policy is a change of the whole primary configuration. Returns whether it wrote.
     */
    async disable(config) {
        const found = await this.attached(config);
        // another's policy is theirs to end: a switch of the primary's origin never touches it
        if (!found?.staging?.ours || !found.policy.config.Enabled)
            return false;
        const staging = found.staging;
        // read again after a refusal: gone (nothing written), or disabled by someone meanwhile (as wanted)
        return this.ifMatch(`disabling the continuous deployment policy ${found.policy.id}`, found.policy, async (current) => {
            if (!current)
                return false;
            if (!current.config.Enabled)
                return true;
            await updatePolicy(this.cf, current, { ...current.config, Enabled: false });
            this.ctx.log.info(`Disabled the continuous deployment policy ${current.id}: distribution ${this.id} sends no request to staging distribution ${staging.id} any more.`);
            return true;
        }, () => getPolicy(this.cf, found.policy.id));
    }
    /**
     * After the promotion (or back on blue): the policy detached from the primary, then deleted (AWS: "First
     * update your distribution to remove the continuous deployment policy, then you can delete the policy"),
     * then the staging distribution disabled, and deleted once that is Deployed (DeleteDistribution answers
     * DistributionNotDisabled before). The policy goes before the staging distribution so that, until the
     * end, a re-run can prove it is ours through the staging distribution's CallerReference. Each step reads
     * again first, so a re-run finishes a cleanup an earlier attempt left half-done. `wait`: until the staging
     * distributions are Deployed and deleted (else they are left disabled for the next run to delete).
     * Never throws: traffic is already where it belongs; a failure is a warning with the commands to finish.
     */
    async cleanUp(opts) {
        let step = 'reading the continuous deployment state';
        const leftovers = [];
        try {
            const { config } = await this.primary.read();
            const found = await this.attached(config);
            if (found?.staging?.ours) {
                step = `detaching the continuous deployment policy ${found.policy.id} from distribution ${this.id}`;
                leftovers.push(`aws cloudfront get-distribution-config --id ${this.id} > primary.json  # remove ContinuousDeploymentPolicyId, then: aws cloudfront update-distribution --id ${this.id} --if-match <ETag> --distribution-config file://primary-config.json`);
                await this.updatePrimary(step, (c) => (c.ContinuousDeploymentPolicyId === found.policy.id ? { ...c, ContinuousDeploymentPolicyId: '' } : undefined));
                leftovers.pop();
                this.ctx.log.info(`Detached the continuous deployment policy ${found.policy.id} from distribution ${this.id}.`);
            }
            for (const staging of (await this.stagings()).filter((s) => s.ours)) {
                const orphan = await findPolicyFor(this.cf, staging.domainName);
                if (orphan) {
                    step = `deleting the continuous deployment policy ${orphan.id}`;
                    leftovers.push(`aws cloudfront delete-continuous-deployment-policy --id ${orphan.id} --if-match <its ETag>`);
                    await deletePolicy(this.cf, orphan);
                    leftovers.pop();
                    this.ctx.log.info(`Deleted the continuous deployment policy ${orphan.id}.`);
                }
                step = `deleting staging distribution ${staging.id}`;
                leftovers.push(`aws cloudfront get-distribution-config --id ${staging.id}  # ${staging.enabled ? 'set Enabled to false with update-distribution, wait' : 'it is disabled already: wait'} until get-distribution reads Deployed, then: aws cloudfront delete-distribution --id ${staging.id} --if-match <ETag>`);
                if (await this.retire(staging, opts.wait))
                    leftovers.pop();
            }
        }
        catch (err) {
            const todo = leftovers.length ? ` To finish by hand: ${leftovers.join('; ')}.` : '';
            this.ctx.log.warning(`Traffic is where it belongs, but cleaning up CloudFront continuous deployment failed while ${step}: ${(0,errors/* errorMessage */.gJ)(err)}.${todo} A later run of the action finishes it too.`);
            return;
        }
        if (leftovers.length)
            this.ctx.log.info(`Left for a later run (or by hand): ${leftovers.join('; ')}.`);
    }
    /** Disables a staging distribution of ours, then deletes it once that is Deployed (waiting only when `wait`). Returns whether it is gone. */
    async retire(staging, wait) {
        let current = staging;
        if (current.enabled) {
            const disabled = await updateDistribution(this.cf, current.id, current.etag, { ...current.config, Enabled: false });
            current = { ...current, ...disabled, enabled: false, status: 'InProgress' };
            this.ctx.log.info(`Disabled staging distribution ${current.id}; it can be deleted once CloudFront reports that Deployed.`);
        }
        let interval = this.ctx.pollMs;
        // at most half the time left: blue's delete comes after this
        const until = this.ctx.clock.now() + Math.min(MAX_STAGING_WAIT_MS, (this.ctx.deadline - this.ctx.clock.now()) / 2);
        while (current.status !== 'Deployed') {
            if (!wait || this.ctx.clock.now() + interval > until)
                return false;
            await this.ctx.clock.sleep(interval);
            interval = Math.min(MAX_POLL_MS, interval * 2);
            try {
                current = await this.readStaging(current.id);
            }
            catch (err) {
                if (!(0,errors/* isThrottling */.E2)(err))
                    throw err;
            }
        }
        await deleteDistribution(this.cf, current.id, current.etag);
        this.ctx.log.info(`Deleted staging distribution ${current.id}.`);
        return true;
    }
    /**
     * The staging distribution's origins that reach `domain` while an enabled policy attaches it to the primary
     * (any owner's: they carry the primary's viewers). A disabled policy "is not enabled and has no effect"
     * (ContinuousDeploymentPolicyConfig.Enabled): a run killed on its way back to blue leaves one attached, and
     * its staging distribution routes nobody to green.
     */
    async routesTo(config, domain) {
        const found = await this.attached(config);
        if (!found?.staging || !found.policy.config.Enabled)
            return [];
        return (found.staging.config.Origins?.Items ?? [])
            .filter((o) => sameOriginDomain(o.DomainName ?? '', domain))
            .map((o) => ({
            where: `staging distribution ${found.staging.id} origin ${o.Id} (continuous deployment policy ${found.policy.id} of distribution ${this.id})`,
            reaches: `origin ${o.DomainName}`
        }));
    }
    /**
     * One write that CloudFront refuses with PreconditionFailed when its resource changed since it was read (the
     * ETag it carries as IfMatch moved on): `write` is given the latest reading; after a refusal `reread` reads
     * again (told the refusal and the attempt that comes next), at most MAX_ATTEMPTS times. Any other error, or
     * the last refusal, fails naming `what`.
     */
    async ifMatch(what, reading, write, reread) {
        let current = reading;
        for (let attempt = 1;; attempt++) {
            try {
                return await write(current);
            }
            catch (err) {
                if (!isPreconditionFailed(err) || attempt >= MAX_ATTEMPTS)
                    throw this.failed(what, err);
                current = await reread(current, err, attempt + 1);
            }
        }
    }
    failed(what, err) {
        if (err instanceof errors/* DeployError */.sH)
            return err;
        const name = (0,errors/* errorName */.Is)(err);
        const advice = {
            IllegalUpdate: 'CloudFront refuses continuous deployment for this distribution (for example one with HTTP/3, or a multi-tenant one): set traffic-steps: 100% to switch in one write.',
            PreconditionFailed: 'Another process keeps updating the distribution: let it finish, then re-run.',
            TooManyDistributions: 'The account has reached its quota of distributions (staging distributions count: at most 20): delete unused ones, then re-run.',
            TooManyContinuousDeploymentPolicies: 'The account has reached its quota of continuous deployment policies (20): delete unused ones, then re-run.',
            DistributionAlreadyExists: 'A staging distribution with this caller reference exists already: re-run (the next attempt copies with a new one).'
        };
        return new errors/* DeployError */.sH(`CloudFront failed ${what}`, (0,errors/* errorMessage */.gJ)(err), advice[name] ?? 'Nothing more was moved: re-run once the cause is fixed; a re-run takes up the staging distribution and policy made so far.');
    }
}
/** Whether a staging distribution's configuration is the primary's but for what a copy and this action change in it. */
function sameAsCopy(staging, primary, originId) {
    const comparable = (config) => {
        const { CallerReference: _ref, Aliases: _aliases, Staging: _staging, ContinuousDeploymentPolicyId: _policy, Enabled: _enabled, ...rest } = structuredClone(config);
        const origin = findOrigin(rest, originId);
        if (origin)
            origin.DomainName = '';
        return JSON.stringify(rest);
    };
    return comparable(staging) === comparable(primary);
}
function trafficOf(config) {
    return { enabled: config.Enabled, traffic: config.TrafficConfig, names: config.StagingDistributionDnsNames?.Items };
}
function describeTraffic(config) {
    const t = config.TrafficConfig;
    if (t?.Type === 'SingleHeader')
        return `only requests with the header ${t.SingleHeaderConfig?.Header} reach the staging distribution`;
    return `${Math.round((t?.SingleWeightConfig?.Weight ?? 0) * 100)}% of viewers reach the staging distribution`;
}
/** HTTP/3 distributions cannot use continuous deployment (developer guide, "Quotas and other considerations for continuous deployment"). */
function whyNoContinuousDeployment(config) {
    if (config.Staging)
        return 'it is a staging distribution itself';
    if (/3/.test(config.HttpVersion ?? ''))
        return `it supports HTTP/3 (HttpVersion ${config.HttpVersion}), and "you cannot use continuous deployment with a distribution that supports HTTP/3"`;
    return undefined;
}

;// CONCATENATED MODULE: ./src/core/routers/cloudfront.ts








/** How many times a write re-reads and retries after PreconditionFailed (another writer changed the distribution in between). */
const MAX_WRITE_ATTEMPTS = 5;
/** The longest pause between two reads of the distribution's status while waiting for Deployed. */
const cloudfront_MAX_POLL_MS = 20_000;
/**
 * A CloudFront distribution in front of the environments: one origin (origin-id, or the default cache
 * behavior's) points at blue's domain; a switch points it at green's, the domain green's stack offers in
 * its output origin-output. Everything else in the distribution is kept as it is.
 */
class CloudFrontRouter {
    ctx;
    door;
    region;
    kind = 'cloudfront';
    services = ['cloudfront'];
    targetNoun = 'Origin';
    namedBy = 'distribution-id, origin-id';
    doorNoun = 'The distribution';
    verb = 'points to';
    pastVerb = 'pointed to';
    // an origin always has a domain: read() never finds the distribution routing nowhere
    nothingYet = 'has no origin yet';
    lockKey;
    /** The host users reach (the first alias, else the distribution's own domain), once read. */
    userHost;
    last;
    /** Stepped shifting: CloudFront continuous deployment (cloudfront-staging.ts). */
    staging;
    /** Blue's domain while this run shifts traffic in steps: the primary's origin stays on it until the final write. */
    shiftedFrom;
    constructor(ctx, door, region) {
        this.ctx = ctx;
        this.door = door;
        this.region = region;
        this.lockKey = { scope: `cloudfront-${door.distributionId}`, path: door.originId ?? '' };
        this.staging = new ContinuousDeployment(ctx, {
            distributionId: door.distributionId,
            originId: async () => (this.last ?? (await this.read())).originId,
            read: () => getDistributionConfig(ctx.clients.cloudfront, door.distributionId)
        }, door.stagingHeader);
    }
    /**
     * Fixed at construction, not refined by a read: the lock's description and its bluegreen:lock-for tag are
     * made from it (so no parentheses or quotes, which tag values do not take).
     */
    get where() {
        return this.door.originId ? `distribution ${this.door.distributionId} origin ${this.door.originId}` : `distribution ${this.door.distributionId} default origin`;
    }
    /** Known after the first read: the core reads the distribution before it reports the URL. */
    get url() {
        return this.userHost ? `https://${this.userHost}` : '';
    }
    async read() {
        const reading = this.readingOf(await getDistributionConfig(this.ctx.clients.cloudfront, this.door.distributionId));
        this.userHost ??= await this.userHostOf(reading.config);
        return reading;
    }
    readingOf({ config, etag }) {
        const originId = this.movingOriginId(config);
        this.last = { domainName: findOrigin(config, originId).DomainName ?? '', originId, etag, config };
        return this.last;
    }
    /** origin-id, or the default cache behavior's origin; refused when the distribution has no such origin. */
    movingOriginId(config) {
        const id = this.door.distributionId;
        const origins = (config.Origins?.Items ?? []).map((o) => o.Id ?? '');
        const wanted = this.door.originId ?? config.DefaultCacheBehavior?.TargetOriginId ?? '';
        if (origins.includes(wanted))
            return wanted;
        const group = config.OriginGroups?.Items?.find((g) => g.Id === wanted);
        if (!this.door.originId && group) {
            const members = (group.Members?.Items ?? []).map((m) => m.OriginId).join(', ');
            throw new errors/* DeployError */.sH(`The default cache behavior of distribution ${id} targets the origin group ${wanted} (${members}), not one origin`, undefined, 'Set origin-id to the member origin that moves between the environments.');
        }
        throw new errors/* DeployError */.sH(`Distribution ${id} has no origin ${(0,untrusted/* untrusted */.bp)(wanted, 256)}${this.door.originId ? ' (origin-id)' : ''}; its origins: ${origins.join(', ') || 'none'}`, undefined, `Set origin-id to one of them, or leave it empty for the default cache behavior's origin (${config.DefaultCacheBehavior?.TargetOriginId ?? 'none'}).`);
    }
    async userHostOf(config) {
        const alias = config.Aliases?.Items?.find((a) => !a.startsWith('*'));
        return alias ?? (await getDistributionState(this.ctx.clients.cloudfront, this.door.distributionId)).domainName;
    }
    async offer(env, live) {
        const output = this.door.originOutput;
        const raw = env.outputs[output];
        if (raw === undefined) {
            throw new errors/* DeployError */.sH(`Stack ${env.stackName} has no output ${output} (origin-output), so it offers no origin for distribution ${this.door.distributionId}`, undefined, `Add an output ${output} holding the origin's domain name (a Lambda function URL's host, another distribution's domain) to the template, or set origin-output to the output that holds it.`);
        }
        const parsed = parseOriginDomain(raw);
        if (!parsed.ok) {
            throw new errors/* DeployError */.sH(`Stack ${env.stackName}'s output ${output} (origin-output) holds "${(0,untrusted/* untrusted */.bp)(raw, 120)}", which is no origin domain: ${parsed.why}`, undefined, 'Output a DNS name such as abc123.lambda-url.us-east-1.on.aws or d111111abcdef8.cloudfront.net (an https:// URL without a path is taken as its host).');
        }
        const reading = live.reading ?? (await this.read());
        const origin = this.assertMovable(reading, parsed.domainName);
        const path = origin.OriginPath ?? '';
        return { target: { domainName: parsed.domainName }, endpoint: async () => `https://${parsed.domainName}${path}` };
    }
    /** Refuses, naming origin-id, an origin the router must not move (cloudfront-origin.ts unmovable says why). */
    assertMovable(reading, domainName) {
        const origin = findOrigin(reading.config, reading.originId);
        const why = unmovable(origin, domainName);
        if (why) {
            throw new errors/* DeployError */.sH(`The cloudfront router cannot move ${why} of distribution ${this.door.distributionId} (origin-id)`, undefined, "Move a custom origin (a public Lambda function URL, an API's or another distribution's domain): set origin-id to one, or use the route53 router for this app. See docs/routers/cloudfront.md.");
        }
        return origin;
    }
    findOwner(reading, candidates) {
        return (0,owner/* findOwnerByOutput */.p)(this.door.originOutput, reading.domainName, candidates, sameOriginDomain);
    }
    ownerKey(target) {
        return target.domainName;
    }
    /**
     * UpdateDistribution replaces the whole configuration: the one read (with its ETag as IfMatch) goes back
     * with only the origin's domain changed. When someone changed the distribution in between, CloudFront
     * answers PreconditionFailed: read again and retry, unless the origin itself moved elsewhere meanwhile.
     */
    async write(current, to) {
        const reading = current ?? (await this.read());
        if (!reading.config.ContinuousDeploymentPolicyId)
            return this.writeOrigin(reading, to);
        // A stepped promotion's policy is attached: its staging distribution sends part of the viewers to green.
        // Back to blue: the policy is disabled first (one write takes that part back), then the primary moves only
        // if it is not on blue. Promotion: the primary's origin is written (below), not UpdateDistributionWithStagingConfig,
        // which "overwrites" the primary's configuration "to match the staging distribution" but for its Aliases and
        // ContinuousDeploymentPolicyId (API reference): a copy made at the first step, which would silently revert
        // whatever someone changed on the primary since (a cache behavior, a certificate, WAF). The write sends back
        // the primary as read now (IfMatch, retried on PreconditionFailed), so every other field stays as it is.
        let fresh = await this.read();
        if (this.shiftedFrom && !sameOriginDomain(fresh.domainName, this.shiftedFrom) && !this.same(fresh, to))
            return this.movedMidShift(fresh, to);
        const stagingOrigin = await this.staging.stagingOrigin(fresh.config, fresh.originId);
        if (!stagingOrigin || !sameOriginDomain(stagingOrigin, to.domainName)) {
            await this.staging.disable(fresh.config);
            fresh = await this.read();
        }
        await this.writeOrigin(fresh, to);
        // cleanup only once traffic is where it belongs; it never fails the switch
        await this.staging.cleanUp({ wait: false });
        return this.read();
    }
    /**
     * Someone moved the primary's origin while this run held a step (its own writes never touch it before the
     * final one): their origin is kept. Only this run's share goes back (the policy disabled), then it stops.
     */
    async movedMidShift(fresh, to) {
        await this.staging.disable(fresh.config);
        await this.staging.cleanUp({ wait: false });
        throw new errors/* DeployError */.sH(`Distribution ${this.door.distributionId} origin ${fresh.originId} was moved to ${fresh.domainName} by someone else while this run shifted traffic from ${this.shiftedFrom}; it was not switched to ${to.domainName}`, 'The continuous deployment policy of this run was disabled, so the distribution sends all its viewers where its origin points now.', 'Find out who moved the origin and which environment should serve the distribution, then re-run.');
    }
    /** The primary's moving origin on `to`, every other field as read (IfMatch, retried on PreconditionFailed). */
    async writeOrigin(current, to) {
        const id = this.door.distributionId;
        let reading = current;
        const from = reading.domainName;
        for (let attempt = 1;; attempt++) {
            if (this.same(reading, to))
                return reading;
            if (!sameOriginDomain(reading.domainName, from)) {
                throw new errors/* DeployError */.sH(`Distribution ${id} origin ${reading.originId} was moved to ${reading.domainName} by someone else while this run switched it from ${from} to ${to.domainName}; nothing was written`, undefined, 'Find out who else updates the distribution, then re-run.');
            }
            this.assertMovable(reading, to.domainName);
            try {
                const written = this.readingOf(await updateDistribution(this.ctx.clients.cloudfront, id, reading.etag, withOriginDomain(reading.config, reading.originId, to.domainName)));
                this.ctx.log.info(`Updated distribution ${id}: origin ${reading.originId} now ${to.domainName} (was ${from}); CloudFront deploys it to its edge locations next.`);
                return written;
            }
            catch (err) {
                if (!isPreconditionFailed(err))
                    throw err;
                if (attempt >= MAX_WRITE_ATTEMPTS) {
                    throw new errors/* DeployError */.sH(`Distribution ${id} changed between each of ${MAX_WRITE_ATTEMPTS} reads and the update that followed (PreconditionFailed); its origin was not switched`, undefined, 'Another process keeps updating the distribution: let it finish, then re-run.');
                }
                this.ctx.log.info(`Distribution ${id} changed since it was read (PreconditionFailed: ETag ${reading.etag} is no longer current); reading it again (attempt ${attempt + 1} of ${MAX_WRITE_ATTEMPTS}).`);
                reading = this.readingOf(await getDistributionConfig(this.ctx.clients.cloudfront, id));
            }
        }
    }
    async whyNoSteps() {
        const why = whyNoContinuousDeployment((await this.read()).config);
        return why?.replace(/^it /, `distribution ${this.door.distributionId} `);
    }
    describeShare(percent) {
        const header = this.door.stagingHeader;
        return percent === 0 && header ? `the requests to ${this.where} with header ${header.name}` : undefined;
    }
    /**
     * One partial step through CloudFront continuous deployment (cloudfront-staging.ts): the primary stays on
     * blue; a staging distribution copied from it routes the moving origin to green, and the policy attached to
     * the primary sends it `percent` of the viewers (0: only the requests with staging-header). Refused before
     * any write when the primary no longer serves blue or cannot take a policy (HTTP/3).
     */
    async setWeights(blue, green, percent) {
        const primary = await this.read();
        const id = this.door.distributionId;
        if (!this.same(primary, blue)) {
            throw new errors/* DeployError */.sH(`Distribution ${id} origin ${primary.originId} points to ${primary.domainName}, not to ${blue.domainName} (blue), so no part of its traffic is moved to ${green.domainName}`, 'Someone moved the origin while this run shifted traffic.', 'Nothing was moved. Check which environment should serve the distribution, then re-run.');
        }
        const why = whyNoContinuousDeployment(primary.config);
        if (why) {
            throw new errors/* DeployError */.sH(`Distribution ${id} cannot send part of its traffic to ${green.domainName} through CloudFront continuous deployment: ${why}`, undefined, 'Nothing was moved. Set traffic-steps: 100% to switch in one write, or turn HTTP/3 off on the distribution (HttpVersion http2) first.');
        }
        this.assertMovable(primary, green.domainName);
        this.shiftedFrom = primary.domainName;
        if (percent === 0 && this.door.stagingHeader)
            this.ctx.log.info(`Only requests with the header ${this.door.stagingHeader.name} reach ${green.domainName}; every other viewer stays on ${blue.domainName}.`);
        await this.staging.shift(primary, primary.originId, green.domainName, percent);
    }
    /** Green's share through the policy attached to the primary; undefined when none of ours is, or its staging distribution does not route to green. */
    async readWeights(green) {
        const primary = await this.read();
        const share = await this.staging.share(primary.config, primary.originId, green.domainName);
        return share === undefined ? undefined : { green: share };
    }
    same(a, b) {
        if (!a || !b)
            return a === b;
        return sameOriginDomain(a.domainName, b.domainName);
    }
    describe(target) {
        return target ? `origin ${target.domainName}` : 'nothing (no origin)';
    }
    describeLive(reading) {
        return reading.domainName;
    }
    /** Every origin of the distribution (not only the one that moves) whose domain is the stack's origin-output. */
    async routesTo(stackNameOrId, opts = {}) {
        const found = { scope: `origin of distribution ${this.door.distributionId}`, routes: [] };
        const value = (0,stacks/* stackOutputs */.XC)(await (0,stacks/* describeStack */.GO)(this.ctx.clients.cloudformation, stackNameOrId))[this.door.originOutput];
        if (value === undefined)
            return found;
        const reading = opts.fresh === false && this.last ? this.last : await this.read();
        for (const origin of reading.config.Origins?.Items ?? []) {
            if (originKey(origin.DomainName ?? '') !== originKey(value))
                continue;
            found.routes.push({ where: `distribution ${this.door.distributionId} origin ${origin.Id}`, reaches: `origin ${origin.DomainName}`, isFrontDoor: origin.Id === reading.originId });
        }
        // a stepped promotion's staging distribution carries part of this distribution's viewers: a route into the
        // stack, though not the moving origin itself (nobody "moved it back")
        for (const route of await this.staging.routesTo(reading.config, value))
            found.routes.push({ ...route, isFrontDoor: false });
        return found;
    }
    /** Until the distribution reads Deployed, some edge locations may still send requests to blue's origin. */
    async drained(old) {
        const id = this.door.distributionId;
        const started = this.ctx.clock.now();
        let interval = this.ctx.pollMs;
        let waiting = false;
        for (;;) {
            try {
                const { status } = await getDistributionState(this.ctx.clients.cloudfront, id);
                if (status === 'Deployed') {
                    if (waiting)
                        this.ctx.log.info(`Distribution ${id} is Deployed after ${(0,clock/* formatDuration */.a3)(this.ctx.clock.now() - started)}: no edge location sends requests to ${old.domainName} any more.`);
                    // the staging distribution of a stepped promotion, disabled at the switch, can be deleted once that is Deployed
                    if (this.door.stepped)
                        await this.staging.cleanUp({ wait: true });
                    return;
                }
                if (!waiting) {
                    this.ctx.log.info(`Distribution ${id} is ${status}: until CloudFront reports it Deployed, edge locations may still send requests to ${old.domainName}, so blue is kept until then (usually a few minutes).`);
                }
                waiting = true;
            }
            catch (err) {
                // a throttled read is retried like an InProgress one, after the growing pause
                if (!(0,errors/* isThrottling */.E2)(err))
                    throw err;
            }
            if (this.ctx.clock.now() + interval > this.ctx.deadline) {
                throw new errors/* TimeoutError */.MU(`Timed out (timeout-minutes) waiting for distribution ${id} to be Deployed; blue (${old.domainName}) will not be deleted now, as edge locations may still send requests to it`, undefined, `Check it with aws cloudfront get-distribution --id ${id} --query Distribution.Status; once it reads Deployed, re-run, or delete blue's stack.`);
            }
            await this.ctx.clock.sleep(interval);
            interval = Math.min(cloudfront_MAX_POLL_MS, interval * 2);
        }
    }
}


/***/ })

};
