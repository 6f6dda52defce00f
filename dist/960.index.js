export const id = 960;
export const ids = [960];
export const modules = {

/***/ 1960:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CloudFrontRouter: () => (/* binding */ CloudFrontRouter),
  MAX_WRITE_ATTEMPTS: () => (/* binding */ MAX_WRITE_ATTEMPTS)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudfront/dist-cjs/index.js
var dist_cjs = __webpack_require__(3169);
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
        out = await cf.send(new dist_cjs.GetDistributionConfigCommand({ Id: id }));
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
        out = await cf.send(new dist_cjs.GetDistributionCommand({ Id: id }));
    }
    catch (err) {
        throw noSuchDistribution(id, err);
    }
    return { status: out.Distribution?.Status ?? 'unknown', domainName: out.Distribution?.DomainName ?? '' };
}
/**
 * UpdateDistribution replaces the whole configuration, so `config` must be the one read with `etag`, changed
 * only where the caller means to. CloudFront refuses it with PreconditionFailed when the distribution
 * changed since that read (its ETag moved on).
 */
async function updateDistribution(cf, id, etag, config) {
    const out = await cf.send(new dist_cjs.UpdateDistributionCommand({ Id: id, IfMatch: etag, DistributionConfig: config }));
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

;// CONCATENATED MODULE: ./src/core/routers/cloudfront.ts







/** How many times a write re-reads and retries after PreconditionFailed (another writer changed the distribution in between). */
const MAX_WRITE_ATTEMPTS = 5;
/** The longest pause between two reads of the distribution's status while waiting for Deployed. */
const MAX_POLL_MS = 20_000;
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
    constructor(ctx, door, region) {
        this.ctx = ctx;
        this.door = door;
        this.region = region;
        this.lockKey = { scope: `cloudfront-${door.distributionId}`, path: door.originId ?? '' };
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
        const id = this.door.distributionId;
        let reading = current ?? (await this.read());
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
            interval = Math.min(MAX_POLL_MS, interval * 2);
        }
    }
}


/***/ })

};
