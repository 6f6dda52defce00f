export const id = 55;
export const ids = [55];
export const modules = {

/***/ 8068:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Er: () => (/* binding */ loweredSoa),
/* harmony export */   FP: () => (/* binding */ findHostedZone),
/* harmony export */   Pc: () => (/* binding */ normalizeName),
/* harmony export */   TD: () => (/* binding */ formatKey),
/* harmony export */   TF: () => (/* binding */ remove),
/* harmony export */   Xn: () => (/* binding */ parseSoa),
/* harmony export */   _J: () => (/* binding */ readSoa),
/* harmony export */   el: () => (/* binding */ upsert),
/* harmony export */   f5: () => (/* binding */ listRecordSets),
/* harmony export */   k1: () => (/* binding */ waitInsync),
/* harmony export */   nJ: () => (/* binding */ changeRecords),
/* harmony export */   xD: () => (/* binding */ soaRecord)
/* harmony export */ });
/* unused harmony exports zoneIdOf, matchesKey */
/* harmony import */ var _sdk_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5857);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);


/** Route 53 names end with a dot, are lower case and escape `*` as `\052`. */
function normalizeName(name) {
    const n = name.trim().toLowerCase().replace(/\\052/g, '*');
    return n.endsWith('.') ? n : `${n}.`;
}
function zoneIdOf(id) {
    return id.replace(/^\/hostedzone\//, '');
}
function formatKey(key) {
    return `${normalizeName(key.name)} ${key.type}${key.setIdentifier ? ` (set ${key.setIdentifier})` : ''}`;
}
function matchesKey(r, key) {
    return normalizeName(r.Name ?? '') === normalizeName(key.name) && r.Type === key.type && (key.setIdentifier === undefined || r.SetIdentifier === key.setIdentifier);
}
/** The zone by id, or by name when the name is unique (a public and a private zone may share it). */
async function findHostedZone(r53, by) {
    if (by.id) {
        try {
            const out = await r53.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .route53Sdk */ ._j)()).GetHostedZoneCommand({ Id: by.id }));
            const zone = { id: zoneIdOf(out.HostedZone.Id), name: normalizeName(out.HostedZone.Name) };
            if (by.name && normalizeName(by.name) !== zone.name) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('hosted-zone-name', `"${by.name}" is not the name of hosted-zone-id ${by.id}, which is ${zone.name}: give one of the two, or make them name the same zone`);
            }
            return zone;
        }
        catch (err) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(err) === 'NoSuchHostedZone') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DeployError */ .sH(`Hosted zone ${by.id} does not exist`, undefined, 'Check hosted-zone-id and the account and credentials the action runs with.');
            }
            throw err;
        }
    }
    const name = normalizeName(by.name ?? '');
    const out = await r53.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .route53Sdk */ ._j)()).ListHostedZonesByNameCommand({ DNSName: name, MaxItems: 10 }));
    const zones = (out.HostedZones ?? []).filter((z) => normalizeName(z.Name ?? '') === name);
    if (zones.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DeployError */ .sH(`No hosted zone is named ${name}`, undefined, 'Check hosted-zone-name, or give hosted-zone-id.');
    if (zones.length > 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DeployError */ .sH(`${zones.length} hosted zones are named ${name} (${zones.map((z) => `${zoneIdOf(z.Id)}${z.Config?.PrivateZone ? ' private' : ''}`).join(', ')})`, undefined, 'Give hosted-zone-id to say which one holds the record.');
    }
    return { id: zoneIdOf(zones[0].Id), name };
}
/**
 * The record sets with this name and type (and set identifier, when given). One page only, on purpose:
 * they come first in the listing, and some emulators never end the paging inside a weighted set.
 */
async function listRecordSets(r53, zoneId, key, maxItems = 20) {
    const out = await r53.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .route53Sdk */ ._j)()).ListResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        StartRecordName: normalizeName(key.name),
        StartRecordType: key.type,
        StartRecordIdentifier: key.setIdentifier,
        MaxItems: maxItems
    }));
    return (out.ResourceRecordSets ?? []).filter((r) => matchesKey(r, key));
}
/**
 * Sends one atomic change batch and, with `wait` pacing, waits until every Route 53 name server has it
 * (INSYNC); `wait: false` returns at once (a delete CloudFormation is retrying against).
 */
async function changeRecords(r53, zoneId, changes, comment, options) {
    const out = await r53.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .route53Sdk */ ._j)()).ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Comment: comment.slice(0, 256), Changes: changes } }));
    const id = out.ChangeInfo.Id;
    if (options.wait && out.ChangeInfo?.Status !== 'INSYNC')
        await waitInsync(r53, id, options.wait);
    return id;
}
/** Polls GetChange until INSYNC (Route 53 says within 60 seconds, usually sooner). */
async function waitInsync(r53, changeId, pacing) {
    let interval = pacing.pollMs;
    for (;;) {
        try {
            const out = await r53.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .route53Sdk */ ._j)()).GetChangeCommand({ Id: changeId }));
            if (out.ChangeInfo?.Status === 'INSYNC')
                return;
            interval = pacing.pollMs;
        }
        catch (err) {
            if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isThrottling */ .E2)(err))
                throw err;
            interval = Math.min(30_000, interval * 2);
        }
        if (pacing.clock.now() + interval > pacing.deadline) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TimeoutError */ .MU(`Timed out (timeout-minutes) waiting for Route 53 change ${changeId} to be INSYNC; the change itself was accepted and is PENDING`, undefined, `Route 53 applies accepted changes (usually within 60 s): check it with aws route53 get-change --id ${changeId}, then re-run.`);
        }
        await pacing.clock.sleep(interval);
    }
}
function upsert(record) {
    return { Action: 'UPSERT', ResourceRecordSet: record };
}
/** A DELETE must carry the record's current values exactly, or Route 53 refuses it. */
function remove(record) {
    return { Action: 'DELETE', ResourceRecordSet: record };
}
const SOA_VALUE = /^(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/;
function parseSoa(record) {
    const value = record.ResourceRecords?.[0]?.Value ?? '';
    const m = SOA_VALUE.exec(value.trim());
    if (!m)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DeployError */ .sH(`The zone's SOA record has a value that is not "primary contact serial refresh retry expire minimum": ${value}`);
    return {
        record,
        ttl: record.TTL ?? 900,
        primary: m[1],
        contact: m[2],
        serial: Number(m[3]),
        refresh: Number(m[4]),
        retry: Number(m[5]),
        expire: Number(m[6]),
        minimum: Number(m[7])
    };
}
function soaRecord(soa) {
    const value = [soa.primary, soa.contact, soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimum].join(' ');
    return { Name: soa.record.Name, Type: 'SOA', TTL: soa.ttl, ResourceRecords: [{ Value: value }] };
}
async function readSoa(r53, zone) {
    const [record] = await listRecordSets(r53, zone.id, { name: zone.name, type: 'SOA' }, 1);
    if (!record)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DeployError */ .sH(`The zone ${zone.name} has no SOA record`);
    return parseSoa(record);
}
/** The SOA with its TTL and negative-caching minimum capped at `ttl`; undefined when both are already at or below it. */
function loweredSoa(soa, ttl) {
    if (soa.ttl <= ttl && soa.minimum <= ttl)
        return undefined;
    return { ...soa, ttl: Math.min(soa.ttl, ttl), minimum: Math.min(soa.minimum, ttl) };
}


/***/ }),

/***/ 6055:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  NEW_RECORD_TTL: () => (/* binding */ NEW_RECORD_TTL),
  Route53Router: () => (/* binding */ Route53Router),
  weightsOf: () => (/* binding */ weightsOf)
});

// EXTERNAL MODULE: ./src/aws/sdk.ts
var sdk = __webpack_require__(5857);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/aws/route53.ts
var route53 = __webpack_require__(8068);
;// CONCATENATED MODULE: ./src/aws/route53-records.ts



/** Route 53 answers at most 300 record sets a page (ListResourceRecordSets, MaxItems). */
const PAGE = 300;
/**
 * Every record set of the zone, page by page: NextRecordName, NextRecordType and, inside a set of records
 * with a routing policy, NextRecordIdentifier say where the next page starts (Route 53 API reference,
 * ListResourceRecordSets). A page that would start where the last one did is refused rather than read
 * forever.
 */
async function listZoneRecords(r53, zoneId) {
    const records = [];
    let start = {};
    const seen = new Set();
    for (;;) {
        const out = await r53.send(new (await (0,sdk/* route53Sdk */._j)()).ListResourceRecordSetsCommand({
            HostedZoneId: zoneId,
            StartRecordName: start.name,
            StartRecordType: start.type,
            StartRecordIdentifier: start.identifier,
            MaxItems: PAGE
        }));
        records.push(...(out.ResourceRecordSets ?? []));
        if (!out.IsTruncated)
            return records;
        start = { name: out.NextRecordName, type: out.NextRecordType, identifier: out.NextRecordIdentifier };
        const at = `${start.name} ${start.type} ${start.identifier ?? ''}`;
        if (!start.name || seen.has(at)) {
            throw new errors/* DeployError */.sH(`Listing the records of hosted zone ${zoneId} did not advance (the next page would start again at ${at.trim()})`, undefined, 'Route 53 answered a truncated page without a new start; re-run, and report it if it persists.');
        }
        seen.add(at);
    }
}
/** What a set identifier means: the routing policy of the record set. */
function routingPolicyOf(r) {
    if (r.SetIdentifier === undefined)
        return undefined;
    if (r.Weight !== undefined)
        return 'weighted';
    if (r.Region !== undefined)
        return 'latency';
    if (r.Failover !== undefined)
        return 'failover';
    if (r.GeoLocation !== undefined)
        return 'geolocation';
    if (r.GeoProximityLocation !== undefined)
        return 'geoproximity';
    if (r.CidrRoutingConfig !== undefined)
        return 'IP-based';
    if (r.MultiValueAnswer !== undefined)
        return 'multivalue answer';
    return 'routing policy';
}
/**
 * The record sets of this name and type as the route53 router moves them: one simple record, or the two
 * weighted records a stepped promotion writes (both with a set identifier `isOurs` accepts: environment
 * stack names of the app). Any other set with a routing policy is refused: it is not the action's to move.
 */
async function readRouterRecords(r53, zone, name, type, isOurs) {
    const found = await (0,route53/* listRecordSets */.f5)(r53, zone.id, { name, type });
    const withPolicy = found.filter((r) => r.SetIdentifier !== undefined);
    if (withPolicy.length > 0) {
        const ours = withPolicy.length === 2 && found.length === 2 && withPolicy.every((r) => routingPolicyOf(r) === 'weighted' && isOurs(r.SetIdentifier));
        if (ours)
            return { kind: 'weighted', records: [withPolicy[0], withPolicy[1]] };
        const policies = [...new Set(withPolicy.map((r) => routingPolicyOf(r)))].join(', ');
        throw new errors/* DeployError */.sH(`${(0,route53/* normalizeName */.Pc)(name)} ${type} in zone ${zone.name} is a ${policies} record set (set identifiers ${withPolicy.map((r) => r.SetIdentifier).join(', ')}): the route53 router moves one simple record, or the two weighted records of its own stepped promotions`, undefined, 'Point record-name at a simple record (no routing policy), or let the first promotion create it under a new name; weighted sets whose set identifiers are not two environment stacks of stack-name are not moved by this router.');
    }
    if (found.length > 1) {
        throw new errors/* DeployError */.sH(`${(0,route53/* normalizeName */.Pc)(name)} ${type} in zone ${zone.name} holds ${found.length} record sets; Route 53 allows one simple record of a name and type`);
    }
    return found[0] ? { kind: 'simple', record: found[0] } : { kind: 'none' };
}
/**
 * The TTL resolvers cache an alias record for: an alias to an AWS resource has the resource's TTL, 60 s for
 * load balancers, CloudFront, S3 websites and API Gateway; an alias to another record of the same zone
 * has that record's TTL. ("If an alias record points to an AWS resource, you can't set the time to live
 * (TTL); Route 53 uses the default TTL for the resource. If an alias record points to another record in the
 * same hosted zone, Route 53 uses the TTL of the record that the alias record points to."
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html;
 * the Route 53 FAQ: alias records for ELB and S3 website endpoints have "a fixed TTL of 60 seconds".)
 */
const ALIAS_TTL_SECONDS = 60;
/** How long resolvers may keep answering with this record after it changed. */
async function cacheSeconds(r53, zone, record) {
    const alias = record.AliasTarget;
    if (!alias)
        return record.TTL ?? 0;
    if (alias.HostedZoneId?.replace(/^\/hostedzone\//, '') !== zone.id)
        return ALIAS_TTL_SECONDS;
    const [pointed] = await (0,route53/* listRecordSets */.f5)(r53, zone.id, { name: alias.DNSName ?? '', type: record.Type ?? 'A' }, 1);
    return pointed?.TTL ?? ALIAS_TTL_SECONDS;
}

// EXTERNAL MODULE: ./src/cloudformation/stacks.ts
var stacks = __webpack_require__(8915);
// EXTERNAL MODULE: ./src/clock.ts
var clock = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
// EXTERNAL MODULE: ./src/core/owner.ts
var owner = __webpack_require__(2920);
;// CONCATENATED MODULE: ./src/core/routers/route53-names.ts
// DNS names as Route 53 and the environment stacks' outputs spell them.
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** A DNS name for display and writing: lower case, without the root's final dot. */
function plainDnsName(name) {
    return name.trim().toLowerCase().replace(/\.$/, '');
}
/** The DNS name an output holds, or undefined when it holds anything else (a URL, a path, spaces, an address). */
function dnsNameOf(raw) {
    const name = plainDnsName(raw);
    if (!HOSTNAME.test(name) || /^[0-9.]+$/.test(name))
        return undefined;
    return name;
}
/**
 * Whether two DNS names name the same target: case and a final dot do not matter, and Route 53 answers an
 * alias to a load balancer created as "dualstack.<name>" (what the console writes, for A and AAAA answers)
 * with that prefix, while the load balancer's DNSName attribute has none.
 */
function sameDnsName(a, b) {
    const bare = (n) => plainDnsName(n).replace(/^dualstack\./, '');
    return bare(a) === bare(b);
}
/** A hosted zone id as an output may hold it (with or without /hostedzone/), or undefined when it is none. */
function hostedZoneIdOf(raw) {
    const id = raw.trim().replace(/^\/hostedzone\//, '');
    return /^[A-Z0-9]{1,32}$/.test(id) ? id : undefined;
}

;// CONCATENATED MODULE: ./src/core/routers/route53.ts








/** The TTL a record the first promotion creates gets: short, so that the next switch reaches users within a minute. */
const NEW_RECORD_TTL = 60;
function targetOf(record) {
    if (record.AliasTarget) {
        return { kind: 'alias', dnsName: plainDnsName(record.AliasTarget.DNSName ?? ''), aliasZoneId: record.AliasTarget.HostedZoneId?.replace(/^\/hostedzone\//, ''), record };
    }
    const values = (record.ResourceRecords ?? []).map((r) => plainDnsName(r.Value ?? ''));
    return { kind: record.Type === 'CNAME' ? 'cname' : 'addresses', dnsName: values.join(','), record };
}
/** Route 53 weights go from 0 to 255 per record; a share in percent is the weight itself (the two sum to 100). */
function weightsOf(percent) {
    return { blue: 100 - percent, green: percent };
}
/**
 * A Route 53 record (CNAME, or an alias A/AAAA when target-zone-output is given) of one hosted zone: the
 * environment whose output target-output holds the record's DNS name is live. A switch is one UPSERT
 * (never a delete and then a create), waited on until INSYNC; blue is retired once the old record's TTL has passed.
 * A stepped promotion (traffic-steps) turns the simple record into two weighted records, set identifier =
 * each environment's stack name, in one change batch (DELETE the simple record, CREATE both), re-weights them
 * with UPSERTs, and its final switch turns them back into one simple record in one batch (DELETE both, CREATE).
 */
class Route53Router {
    ctx;
    door;
    app;
    kind = 'route53';
    services = ['route53'];
    targetNoun = 'DNS name';
    namedBy = 'hosted-zone-id, record-name';
    doorNoun = 'The record';
    verb = 'points to';
    pastVerb = 'pointed to';
    nothingYet = 'has no record yet';
    where;
    url;
    /**
     * The record's name and type, not its zone, so that hosted-zone-id and hosted-zone-name give the same lock
     * without an AWS call: a name belongs to one zone of an account, except where a public and a private
     * zone share it, which then share one lock (runs wait for each other, never race). The name first, as a
     * custom domain's lock has its domain first: the lock stack is bluegreen-lock-<name as slug>-<type>-….
     */
    lockKey;
    zone;
    records;
    /**
     * This run's writes: the targets each one took answers away from (or re-weighted), when every Route 53
     * server had it and until when resolvers may keep the old answers (their TTL).
     */
    replaced = [];
    /** `app` is stack-name: weighted records whose set identifiers are its environment stacks are the action's own. */
    constructor(ctx, door, app) {
        this.ctx = ctx;
        this.door = door;
        this.app = app;
        this.where = `${door.recordName} ${door.recordType} (zone ${door.hostedZoneId ?? door.hostedZoneName})`;
        this.url = `https://${door.recordName}`;
        this.lockKey = { scope: door.recordName, path: door.recordType };
    }
    /** The zone, found once per run; a hosted-zone-id must hold record-name. */
    hostedZone() {
        this.zone ??= (0,route53/* findHostedZone */.FP)(this.ctx.clients.route53, { id: this.door.hostedZoneId, name: this.door.hostedZoneName }).then((zone) => {
            const name = (0,route53/* normalizeName */.Pc)(this.door.recordName);
            if (name !== zone.name && !name.endsWith(`.${zone.name}`)) {
                throw new errors/* InputError */.dz('record-name', `${this.door.recordName} is not in hosted zone ${zone.id} (${zone.name}); accepted: the zone's name or a name ending in .${zone.name.replace(/\.$/, '')}`);
            }
            return zone;
        });
        return this.zone;
    }
    async read() {
        const state = await this.recordSets();
        if (state.kind === 'none')
            return undefined;
        if (state.kind === 'simple')
            return targetOf(state.record);
        const [a, b] = state.records;
        const heavier = (b.Weight ?? 0) > (a.Weight ?? 0) ? b : a;
        return { ...targetOf(heavier), weighted: state.records };
    }
    /** The record sets of record-name and record-type, read now. */
    async recordSets() {
        const zone = await this.hostedZone();
        return readRouterRecords(this.ctx.clients.route53, zone, this.door.recordName, this.door.recordType, (id) => this.isEnvironment(id));
    }
    /** Whether a set identifier is an environment stack name of stack-name (<stack-name> or <stack-name>-<extra>). */
    isEnvironment(setIdentifier) {
        return !!this.app && (setIdentifier === this.app || setIdentifier.startsWith(`${this.app}-`));
    }
    /**
     * `percent` of the record's answers to green, the rest to blue, in one change batch: from the simple
     * record, DELETE it and CREATE the two weighted records (set identifiers: the stack names); from a
     * weighted pair, UPSERT both (a record of another stack is deleted in the same batch). The record's TTL and
     * EvaluateTargetHealth carry over. Waited on until INSYNC.
     */
    async setWeights(blue, green, percent, sides) {
        if (!sides?.blue || !this.isEnvironment(sides.blue) || !this.isEnvironment(sides.green)) {
            throw new errors/* DeployError */.sH(`The route53 router splits ${this.where} only between two environment stacks of ${this.app ?? 'stack-name'} (they name its weighted records); got ${sides?.blue ?? 'no stack'} and ${sides?.green ?? 'no stack'}`, undefined, "Nothing was moved. Set traffic-steps: 100% to switch in one step, or make the live target one of the app's environment stacks first.");
        }
        const state = await this.recordSets();
        if (state.kind === 'none')
            throw new errors/* DeployError */.sH(`${this.where} has no record to split between ${sides.blue} and ${sides.green}`);
        const existing = state.kind === 'simple' ? [state.record] : state.records;
        const base = existing[0];
        const weights = weightsOf(percent);
        const wanted = [this.recordFor(blue, base, { setIdentifier: sides.blue, weight: weights.blue }), this.recordFor(green, base, { setIdentifier: sides.green, weight: weights.green })];
        const changes = [
            ...existing.filter((r) => !wanted.some((w) => w.SetIdentifier === r.SetIdentifier)).map(route53/* remove */.TF),
            ...wanted.map((w) => (existing.some((r) => r.SetIdentifier === w.SetIdentifier) ? (0,route53/* upsert */.el)(w) : { Action: 'CREATE', ResourceRecordSet: w }))
        ];
        await this.change(existing, changes, `${percent}% to ${green.dnsName}`, `${percent}% to ${sides.green}`);
    }
    /** Green's share (0 to 100) of the record's answers now; undefined when the name holds one simple record (or nothing). */
    async readWeights(green) {
        const state = await this.recordSets();
        if (state.kind !== 'weighted')
            return undefined;
        const total = state.records.reduce((sum, r) => sum + (r.Weight ?? 0), 0);
        const greens = state.records.filter((r) => this.same(targetOf(r), green)).reduce((sum, r) => sum + (r.Weight ?? 0), 0);
        return { green: total === 0 ? 0 : Math.round((greens * 100) / total) };
    }
    async offer(env, _live) {
        const { targetOutput, targetZoneOutput, recordName } = this.door;
        const dnsName = this.output(env, targetOutput, 'target-output', 'a DNS name (a load balancer DNSName, a distribution DomainName)', dnsNameOf);
        if (sameDnsName(dnsName, recordName)) {
            throw new errors/* DeployError */.sH(`The output ${targetOutput} (target-output) of ${env.stackName} holds ${recordName} itself: the record would point at itself`, undefined, 'Output the DNS name of the environment (its load balancer, distribution or API), not record-name.');
        }
        const target = targetZoneOutput
            ? { kind: 'alias', dnsName, aliasZoneId: this.output(env, targetZoneOutput, 'target-zone-output', 'a hosted zone id (such as Z35SXDOTRQ7X7K)', hostedZoneIdOf) }
            : { kind: 'cname', dnsName };
        return { target, endpoint: async () => `https://${dnsName}`, note: targetZoneOutput ? 'alias' : 'CNAME' };
    }
    /** One output of the stack, checked: its absence and any value `parse` refuses are errors naming the input. */
    output(env, key, input, accepted, parse) {
        const raw = env.outputs[key];
        if (raw === undefined) {
            throw new errors/* DeployError */.sH(`The stack ${env.stackName} has no output ${key} (${input}), which must hold ${accepted}`, undefined, `Add the output ${key} to the template, or set ${input} to the key of the output that holds it.`);
        }
        const value = parse(raw);
        if (value === undefined) {
            throw new errors/* DeployError */.sH(`The output ${key} (${input}) of ${env.stackName} holds "${(0,untrusted/* excerpt */.Kb)(raw)}", which is not ${accepted}`, undefined, `Make the output hold ${accepted} only, or set ${input} to another output.`);
        }
        return value;
    }
    findOwner(reading, candidates, _baseName) {
        if (reading.kind === 'addresses')
            return Promise.resolve(undefined);
        return (0,owner/* findOwnerByOutput */.p)(this.door.targetOutput, reading.dnsName, candidates, sameDnsName);
    }
    ownerKey(target) {
        return target.dnsName;
    }
    /**
     * One UPSERT of the simple record; from a weighted pair (a stepped promotion's last step, or all traffic
     * back on blue), one batch that DELETEs both weighted records and CREATEs the simple one: never a moment
     * without an answer.
     */
    async write(current, to) {
        if (to.kind === 'addresses')
            throw new errors/* DeployError */.sH('The route53 router writes DNS names only');
        const record = this.recordFor(to, current?.record);
        const replaced = current?.weighted ?? (current ? [current.record] : []);
        const changes = current?.weighted ? [...current.weighted.map(route53/* remove */.TF), { Action: 'CREATE', ResourceRecordSet: record }] : [(0,route53/* upsert */.el)(record)];
        await this.change(replaced, changes, `to ${to.dnsName}`, to.dnsName);
        return targetOf(record);
    }
    /** The record set that sends the name to `to`, with the TTL (CNAME) or EvaluateTargetHealth (alias) of `like`; weighted with `policy`. */
    recordFor(to, like, policy) {
        if (to.kind === 'addresses')
            throw new errors/* DeployError */.sH('The route53 router writes DNS names only');
        const { recordName, recordType } = this.door;
        const weighted = policy ? { SetIdentifier: policy.setIdentifier, Weight: policy.weight } : {};
        return to.kind === 'alias'
            ? {
                Name: (0,route53/* normalizeName */.Pc)(recordName),
                Type: recordType,
                ...weighted,
                AliasTarget: { HostedZoneId: to.aliasZoneId, DNSName: to.dnsName, EvaluateTargetHealth: like?.AliasTarget?.EvaluateTargetHealth ?? false }
            }
            : { Name: (0,route53/* normalizeName */.Pc)(recordName), Type: 'CNAME', ...weighted, TTL: like?.TTL ?? NEW_RECORD_TTL, ResourceRecords: [{ Value: to.dnsName }] };
    }
    /** Sends one change batch and waits until INSYNC; remembers how long resolvers may keep the answers it replaced. */
    async change(replaced, changes, comment, what) {
        const zone = await this.hostedZone();
        const { recordName, recordType } = this.door;
        let cache = 0;
        for (const r of replaced)
            cache = Math.max(cache, await cacheSeconds(this.ctx.clients.route53, zone, r));
        try {
            await (0,route53/* changeRecords */.nJ)(this.ctx.clients.route53, zone.id, changes, `bluegreen-action: ${recordName} ${recordType} ${comment}`, { wait: this.ctx });
        }
        catch (err) {
            if ((0,errors/* errorName */.Is)(err) !== 'InvalidChangeBatch' && (0,errors/* errorName */.Is)(err) !== 'InvalidInput')
                throw err;
            throw new errors/* DeployError */.sH(`Route 53 refused to point ${this.where} at ${what}; nothing was changed (a change batch is applied whole or not at all)`, (0,errors/* errorMessage */.gJ)(err), 'Check the target output and record-type (a CNAME cannot share its name with other records), and that nobody changed the record during the run.');
        }
        // INSYNC: every Route 53 name server answers with the new value from now on; resolvers may keep the old one for its TTL.
        if (replaced.length > 0)
            this.replaced.push({ from: replaced.map(targetOf), until: this.ctx.clock.now() + cache * 1000 });
    }
    same(a, b) {
        if (!a || !b)
            return a === b;
        return a.kind === b.kind && sameDnsName(a.dnsName, b.dnsName) && (a.aliasZoneId ?? '') === (b.aliasZoneId ?? '');
    }
    describe(target) {
        if (!target)
            return 'nothing (no record)';
        if (target.kind === 'addresses')
            return `addresses ${target.dnsName}`;
        return target.kind === 'alias' ? `DNS name ${target.dnsName} (alias, zone ${target.aliasZoneId})` : `DNS name ${target.dnsName}`;
    }
    describeLive(reading, form = 'id') {
        if (!reading.weighted || form === 'id')
            return this.describe(reading);
        const split = reading.weighted.map((r) => `${r.SetIdentifier} weight ${r.Weight}`).join(', ');
        return form === 'log' ? `${this.describe(reading)} (weighted: ${split})` : `${this.describe(reading)} (the heavier of the weighted records ${split})`;
    }
    /**
     * Every CNAME or alias record of the zone whose DNS name is the stack's target-output: the front door
     * itself and any other name of the zone that reaches the environment.
     */
    async routesTo(stackNameOrId, opts = {}) {
        const zone = await this.hostedZone();
        const found = { scope: `record of zone ${zone.name}`, routes: [] };
        const stack = await (0,stacks/* describeStack */.GO)(this.ctx.clients.cloudformation, stackNameOrId);
        const raw = (0,stacks/* stackOutputs */.XC)(stack)[this.door.targetOutput];
        const dnsName = raw === undefined ? undefined : dnsNameOf(raw);
        if (!dnsName)
            return found;
        if (opts.fresh !== false || !this.records) {
            this.ctx.log.info(`Reading the records of zone ${zone.name} (${zone.id}) for the stacks they route to.`);
            this.records = listZoneRecords(this.ctx.clients.route53, zone.id);
            this.records.catch(() => (this.records = undefined));
        }
        for (const r of await this.records) {
            const values = r.AliasTarget ? [r.AliasTarget.DNSName ?? ''] : r.Type === 'CNAME' ? (r.ResourceRecords ?? []).map((v) => v.Value ?? '') : [];
            if (!values.some((v) => sameDnsName(v, dnsName)))
                continue;
            const name = plainDnsName(r.Name ?? '').replace(/\\052/g, '*');
            found.routes.push({
                where: `${name} ${r.Type}${r.SetIdentifier !== undefined ? ` (set ${r.SetIdentifier})` : ''}`,
                reaches: `DNS name ${dnsName}`,
                isFrontDoor: name === this.door.recordName && r.Type === this.door.recordType && (r.SetIdentifier === undefined || this.isEnvironment(r.SetIdentifier))
            });
        }
        return found;
    }
    /**
     * Waits until resolvers can no longer hold an answer with `old`: the TTL (an alias: its target's) of every
     * record this run replaced that sent resolvers there (the simple record, then the weighted records of a
     * stepped promotion), from the moment every Route 53 server had the change. A run that did not switch (a
     * re-run after an interruption) does not know that moment and waits a whole TTL from now.
     */
    async drained(old) {
        const mine = this.replaced.filter((r) => r.from.some((t) => this.same(t, old)));
        const known = mine.length > 0;
        const until = known ? Math.max(...mine.map((r) => r.until)) : this.ctx.clock.now() + (await this.currentCacheSeconds()) * 1000;
        const waitMs = Math.max(0, until - this.ctx.clock.now());
        if (waitMs === 0)
            return;
        if (this.door.skipTtlWait) {
            this.ctx.log.warning(`skip-ttl-wait: not waiting ${(0,clock/* formatDuration */.a3)(waitMs)} for the old record's TTL; resolvers may send users to ${this.describe(old)} for up to that long after it is deleted.`);
            return;
        }
        if (this.ctx.clock.now() + waitMs > this.ctx.deadline) {
            throw new errors/* DeployError */.sH(`Waiting out the old record's TTL (${(0,clock/* formatDuration */.a3)(waitMs)}) would pass timeout-minutes; ${this.describe(old)} is kept`, undefined, 'Raise timeout-minutes, lower the record TTL, or set skip-ttl-wait; the previous environment can be deleted later with phase destroy.');
        }
        this.ctx.log.info(`Waiting ${(0,clock/* formatDuration */.a3)(waitMs)} for resolvers' caches of ${this.where} → ${this.describe(old)} to run out (${known ? 'the TTL since the switch' : 'a whole TTL: the switch was made by an earlier run'}).`);
        await this.ctx.clock.sleep(waitMs);
    }
    async currentCacheSeconds() {
        const zone = await this.hostedZone();
        const state = await this.recordSets();
        const records = state.kind === 'none' ? [] : state.kind === 'simple' ? [state.record] : state.records;
        let cache = 0;
        for (const r of records)
            cache = Math.max(cache, await cacheSeconds(this.ctx.clients.route53, zone, r));
        return cache;
    }
}


/***/ })

};
