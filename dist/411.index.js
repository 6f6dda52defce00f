export const id = 411;
export const ids = [411];
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

/***/ 7372:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ stackResources)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _deployed_stack_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6445);


/**
 * The stack's resources with their status, every page of ListStackResources (DescribeStackResources stops
 * at 100 resources on AWS), or [] when the stack does not exist.
 */
async function stackResources(cfn, stackName) {
    try {
        const summaries = await (0,_deployed_stack_js__WEBPACK_IMPORTED_MODULE_1__/* .listStackResources */ .u)(cfn, stackName);
        return summaries.map((r) => ({
            ...r,
            StackName: stackName,
            Timestamp: r.LastUpdatedTimestamp ?? new Date(0),
            LogicalResourceId: r.LogicalResourceId,
            ResourceType: r.ResourceType,
            ResourceStatus: r.ResourceStatus
        }));
    }
    catch (err) {
        if (/does not exist/.test((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)))
            return [];
        throw err;
    }
}


/***/ }),

/***/ 6411:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  route53Takeover: () => (/* binding */ route53Takeover),
  runRoute53: () => (/* binding */ runRoute53)
});

// EXTERNAL MODULE: ./src/context.ts
var context = __webpack_require__(788);
// EXTERNAL MODULE: ./src/cloudformation/deploy.ts
var deploy = __webpack_require__(4401);
// EXTERNAL MODULE: ./src/aws/route53.ts
var route53 = __webpack_require__(8068);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/outputs.ts
var outputs = __webpack_require__(7729);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
// EXTERNAL MODULE: ./src/clock.ts
var clock = __webpack_require__(9373);
;// CONCATENATED MODULE: ./src/modes/route53-takeover/gap.ts

/**
 * Measures how long a name has no record by reading the zone in a loop during a risky window.
 * Resolution is one sample interval; a delete the action makes itself starts the gap at once.
 */
class GapMeter {
    ctx;
    isPresent;
    sampleMs;
    missingSince;
    totalMs = 0;
    stopped = false;
    loop;
    samples = 0;
    warned = false;
    constructor(ctx, isPresent, sampleMs) {
        this.ctx = ctx;
        this.isPresent = isPresent;
        this.sampleMs = sampleMs;
    }
    start() {
        this.loop ??= this.run();
        return this;
    }
    /** The action has just deleted the record: the gap starts now, whatever the next sample says. */
    noteDeleted() {
        this.missingSince ??= this.ctx.clock.now();
    }
    get missing() {
        return this.missingSince !== undefined;
    }
    observe(present) {
        const now = this.ctx.clock.now();
        this.samples++;
        if (!present)
            this.missingSince ??= now;
        else if (this.missingSince !== undefined) {
            this.totalMs += now - this.missingSince;
            this.missingSince = undefined;
        }
    }
    async sample() {
        try {
            this.observe(await this.isPresent());
        }
        catch (err) {
            if ((0,errors/* isThrottling */.E2)(err) || this.warned)
                return;
            this.warned = true;
            this.ctx.log.warning(`Reading the zone to measure the gap failed (${(0,errors/* errorMessage */.gJ)(err)}); the measurement goes on.`);
        }
    }
    async run() {
        while (!this.stopped) {
            await this.sample();
            if (this.stopped)
                break;
            await this.ctx.clock.sleep(this.sampleMs);
        }
    }
    /** Stops reading the zone until the next start(), for a long wait in which nothing is deleted; a gap seen stays open. */
    async pause() {
        this.stopped = true;
        await this.loop;
        this.loop = undefined;
        this.stopped = false;
    }
    /** Ends the loop, takes one last sample and returns the total. */
    async stop() {
        this.stopped = true;
        await this.loop;
        await this.sample();
        const endedMissing = this.missingSince !== undefined;
        const gapMs = this.totalMs + (endedMissing ? this.ctx.clock.now() - this.missingSince : 0);
        return { gapMs, endedMissing, samples: this.samples };
    }
}

;// CONCATENATED MODULE: ./src/modes/route53-takeover/record.ts

/** One line for logs: "www.example.com. A 300 192.0.2.1, 192.0.2.2" or "... A alias d111.cloudfront.net. (Z2FD...)". */
function formatRecord(r) {
    const routing = [r.SetIdentifier && `set ${r.SetIdentifier}`, r.Weight !== undefined && `weight ${r.Weight}`, r.Region && `region ${r.Region}`, r.Failover && `failover ${r.Failover}`].filter(Boolean);
    const target = r.AliasTarget
        ? `alias ${r.AliasTarget.DNSName} (${r.AliasTarget.HostedZoneId}${r.AliasTarget.EvaluateTargetHealth ? ', evaluate health' : ''})`
        : `TTL ${r.TTL} ${(r.ResourceRecords ?? []).map((v) => v.Value).join(', ')}`;
    return `${r.Name} ${r.Type} ${target}${routing.length ? ` [${routing.join(', ')}]` : ''}`;
}
function values(r) {
    const caseless = r.Type === 'CNAME';
    return (r.ResourceRecords ?? [])
        .map((v) => (v.Value ?? '').trim())
        .map((v) => (caseless ? (0,route53/* normalizeName */.Pc)(v) : v))
        .sort();
}
/** The comparable content of a record: what Route 53 stores, in a canonical form. */
function canonical(r) {
    return {
        Name: (0,route53/* normalizeName */.Pc)(r.Name ?? ''),
        Type: r.Type,
        SetIdentifier: r.SetIdentifier,
        Weight: r.Weight,
        Region: r.Region,
        Failover: r.Failover,
        GeoLocation: r.GeoLocation && { ...r.GeoLocation },
        MultiValueAnswer: r.MultiValueAnswer || undefined,
        HealthCheckId: r.HealthCheckId,
        CidrRoutingConfig: r.CidrRoutingConfig && { ...r.CidrRoutingConfig },
        TTL: r.AliasTarget ? undefined : r.TTL,
        ResourceRecords: r.AliasTarget ? undefined : values(r),
        AliasTarget: r.AliasTarget && {
            DNSName: (0,route53/* normalizeName */.Pc)(r.AliasTarget.DNSName ?? ''),
            HostedZoneId: r.AliasTarget.HostedZoneId,
            EvaluateTargetHealth: r.AliasTarget.EvaluateTargetHealth ?? false
        }
    };
}
/** The fields in which two records differ; empty when CloudFormation would see them as the same record. */
function recordDifferences(a, b) {
    const ca = canonical(a);
    const cb = canonical(b);
    return Object.keys(ca).filter((k) => JSON.stringify(ca[k]) !== JSON.stringify(cb[k]));
}
function sameRecord(a, b) {
    return recordDifferences(a, b).length === 0;
}
function isAlias(r) {
    return r.AliasTarget !== undefined;
}
/** A copy with only the fields ChangeResourceRecordSets accepts (list answers carry none extra today). */
function plainRecord(r) {
    return JSON.parse(JSON.stringify(r));
}

// EXTERNAL MODULE: ./src/cloudformation/events.ts + 1 modules
var events = __webpack_require__(1059);
// EXTERNAL MODULE: ./src/cloudformation/stacks.ts
var stacks = __webpack_require__(8915);
// EXTERNAL MODULE: ./src/cloudformation/wait.ts
var wait = __webpack_require__(2411);
// EXTERNAL MODULE: ./src/modes/route53-takeover/inputs.ts
var route53_takeover_inputs = __webpack_require__(1755);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/modes/route53-takeover/backup.ts





/** RUNNER_TEMP (or the system temp folder)/bluegreen-record-backup-<zone>-<name>-<type>[-<set>].json */
function defaultBackupFile(zone, key, env = process.env) {
    const safe = (s) => s.replace(/[^A-Za-z0-9._-]/g, '_');
    const name = (0,route53/* normalizeName */.Pc)(key.name).replace(/\.$/, '');
    const set = key.setIdentifier ? `-${safe(key.setIdentifier)}` : '';
    return (0,external_node_path_.join)(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), `bluegreen-record-backup-${zone.id}-${safe(name)}-${key.type}${set}.json`);
}
class BackupFile {
    path;
    constructor(path) {
        this.path = path;
    }
    /** The state an earlier run left, or undefined. A file about another record or stack is an error, not ignored. */
    read(expect) {
        if (!(0,external_node_fs_.existsSync)(this.path))
            return undefined;
        let state;
        try {
            state = JSON.parse((0,external_node_fs_.readFileSync)(this.path, 'utf8'));
        }
        catch (err) {
            throw new errors/* DeployError */.sH(`backup-file ${this.path} is not a backup this action wrote: ${err.message}`, undefined, 'Move it away (after checking what it holds), or give another backup-file.');
        }
        if (state.version !== 1 || !state.backup || !state.key) {
            throw new errors/* DeployError */.sH(`backup-file ${this.path} is not a backup this action wrote`, undefined, 'Move it away (after checking what it holds), or give another backup-file.');
        }
        const same = state.zone?.id === expect.zone.id &&
            (0,route53/* normalizeName */.Pc)(state.key.name) === (0,route53/* normalizeName */.Pc)(expect.key.name) &&
            state.key.type === expect.key.type &&
            (state.key.setIdentifier ?? '') === (expect.key.setIdentifier ?? '') &&
            state.stackName === expect.stackName;
        if (!same) {
            throw new errors/* DeployError */.sH(`backup-file ${this.path} holds the backup of ${(0,route53/* normalizeName */.Pc)(state.key.name)} ${state.key.type} in zone ${state.zone?.id} for stack ${state.stackName}, not of this record and stack`, undefined, 'Give each record its own backup-file.');
        }
        return state;
    }
    /** Written to a temporary name and renamed, so an interruption never leaves half a backup. */
    write(state) {
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(this.path), { recursive: true });
        const tmp = `${this.path}.tmp-${process.pid}`;
        (0,external_node_fs_.writeFileSync)(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
        (0,external_node_fs_.renameSync)(tmp, this.path);
    }
}

// EXTERNAL MODULE: ./src/cloudformation/stack-resources.ts
var stack_resources = __webpack_require__(7372);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudformation/dist-cjs/index.js
var dist_cjs = __webpack_require__(3805);
// EXTERNAL MODULE: ./src/cloudformation/deployed-template.ts
var deployed_template = __webpack_require__(3191);
// EXTERNAL MODULE: ./src/cloudformation/conditions.ts
var conditions = __webpack_require__(4804);
// EXTERNAL MODULE: ./src/cloudformation/intrinsics.ts
var intrinsics = __webpack_require__(8702);
;// CONCATENATED MODULE: ./src/modes/route53-takeover/template-record.ts




const RECORD_SET = 'AWS::Route53::RecordSet';
const RECORD_SET_GROUP = 'AWS::Route53::RecordSetGroup';
function entries(template) {
    const out = [];
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
        const props = (resource.Properties ?? {});
        if (resource.Type === RECORD_SET)
            out.push({ logicalId, resourceType: RECORD_SET, properties: props });
        if (resource.Type === RECORD_SET_GROUP && Array.isArray(props.RecordSets)) {
            props.RecordSets.forEach((raw, index) => {
                const ifArgs = raw?.['Fn::If'];
                const guarded = Array.isArray(ifArgs) && typeof ifArgs[0] === 'string' && isNoValue(ifArgs[2]);
                const entry = (guarded ? ifArgs[1] : raw);
                out.push({
                    logicalId,
                    resourceType: RECORD_SET_GROUP,
                    index,
                    properties: { HostedZoneId: props.HostedZoneId, HostedZoneName: props.HostedZoneName, ...entry },
                    entryCondition: guarded ? ifArgs[0] : undefined
                });
            });
        }
    }
    return out;
}
function isNoValue(x) {
    return x?.Ref === 'AWS::NoValue';
}
function tryResolve(scope, expr) {
    try {
        return (0,intrinsics/* resolve */.hd)(scope, expr);
    }
    catch (err) {
        if (err instanceof intrinsics/* Unresolvable */.ro)
            return undefined;
        throw err;
    }
}
/** A record field for a message: its value, or the expression as written and why it is not known yet. */
function shown(scope, expr) {
    try {
        const value = (0,intrinsics/* resolve */.hd)(scope, expr);
        return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
    }
    catch (err) {
        if (err instanceof intrinsics/* Unresolvable */.ro)
            return `${JSON.stringify(expr)} (unknown before the deploy: ${err.message})`;
        throw err;
    }
}
/**
 * Whether the record is in the stack with these parameters: the resource's Condition, and for a group
 * entry written as Fn::If, that condition too.
 */
function recordPresent(scope, record) {
    const cond = scope.template.Resources[record.logicalId].Condition;
    if (cond && !(0,conditions/* condition */.u)(scope, cond))
        return false;
    return !record.entryCondition || (0,conditions/* condition */.u)(scope, record.entryCondition);
}
/**
 * Finds the template's record by name, type and set identifier (names resolved with parameters).
 * It must be in this zone, and turned on by the enable parameter's value and off by the other.
 */
function findTemplateRecord(template, key, zone, scopes, enable) {
    const all = entries(template);
    const matches = all.filter((r) => {
        const name = tryResolve(scopes.on, r.properties.Name);
        const type = tryResolve(scopes.on, r.properties.Type);
        // A set identifier that is written but not known yet is not "none": it matches no key.
        const written = r.properties.SetIdentifier === undefined ? undefined : (tryResolve(scopes.on, r.properties.SetIdentifier) ?? null);
        const setId = written === intrinsics/* NO_VALUE */.GY ? undefined : written;
        return typeof name === 'string' && (0,route53/* normalizeName */.Pc)(name) === (0,route53/* normalizeName */.Pc)(key.name) && type === key.type && setId === key.setIdentifier;
    });
    if (matches.length === 0) {
        const seen = all.map((r) => {
            const setId = r.properties.SetIdentifier === undefined ? '' : ` set ${shown(scopes.on, r.properties.SetIdentifier)}`;
            return `${r.logicalId}${r.index !== undefined ? `[${r.index}]` : ''}: ${shown(scopes.on, r.properties.Name)} ${shown(scopes.on, r.properties.Type)}${setId}`;
        });
        throw new errors/* DeployError */.sH(`The template has no ${RECORD_SET} or ${RECORD_SET_GROUP} entry for ${(0,route53/* normalizeName */.Pc)(key.name)} ${key.type}${key.setIdentifier ? ` with set identifier ${key.setIdentifier}` : ''}`, seen.length ? `Records in the template: ${seen.join('; ')}` : 'The template declares no Route 53 records.', 'Check record-name, record-type, set-identifier and the parameters the record name is built from.');
    }
    if (matches.length > 1) {
        throw new errors/* DeployError */.sH(`The template declares ${(0,route53/* normalizeName */.Pc)(key.name)} ${key.type} more than once (${matches.map((m) => m.logicalId).join(', ')})`);
    }
    const record = matches[0];
    const zoneId = tryResolve(scopes.on, record.properties.HostedZoneId);
    const zoneName = tryResolve(scopes.on, record.properties.HostedZoneName);
    const sameZone = typeof zoneId === 'string' ? zoneId.replace(/^\/hostedzone\//, '') === zone.id : typeof zoneName === 'string' ? (0,route53/* normalizeName */.Pc)(zoneName) === zone.name : undefined;
    if (sameZone === false) {
        throw new errors/* DeployError */.sH(`${record.logicalId} is in zone ${String(zoneId ?? zoneName)}, not in ${zone.id} (${zone.name})`, undefined, 'Check hosted-zone-id or hosted-zone-name.');
    }
    let switched;
    try {
        switched = recordPresent(scopes.on, record) && !recordPresent(scopes.off, record);
    }
    catch (err) {
        if (!(err instanceof intrinsics/* Unresolvable */.ro))
            throw err;
        throw new errors/* DeployError */.sH(`The condition of ${record.logicalId} cannot be evaluated from parameters alone: ${err.message}`);
    }
    if (!switched) {
        throw new errors/* DeployError */.sH(`${record.logicalId} is not turned on and off by ${enable.key}: it must be absent with ${enable.key}=${enable.off} and present with ${enable.key}=${enable.on}`, undefined, `Give ${record.logicalId} a Condition on ${enable.key} (for example Fn::Equals [!Ref ${enable.key}, "${enable.on}"]), or fix enable-parameter and disable-value.`);
    }
    return record;
}

;// CONCATENATED MODULE: ./src/modes/route53-takeover/ownership.ts




const GONE = ['DELETE_COMPLETE', 'DELETE_SKIPPED', 'CREATE_FAILED', 'CREATE_IN_PROGRESS', 'DELETE_IN_PROGRESS'];
/** Whether the stack holds the record's resource now (created, updated or imported, and not deleted). */
function ownsResource(resources, logicalId) {
    return resources.find((r) => r.LogicalResourceId === logicalId && !GONE.includes(r.ResourceStatus ?? ''));
}
/**
 * Another stack that holds a record of this name, found by its physical id (a RecordSet's physical id is
 * its name, with or without the final dot). CloudFormation answers "Stack for ... does not exist" when none.
 * With a set identifier, several stacks may each hold one set of the name: the other stack holds ours unless
 * its template gives that record another literal SetIdentifier (one it cannot read counts as ours: refuse).
 */
async function otherOwner(cfn, name, ourStack, setIdentifier) {
    const bare = name.replace(/\.$/, '');
    for (const id of [bare, `${bare}.`]) {
        let resources;
        try {
            const out = await cfn.send(new dist_cjs.DescribeStackResourcesCommand({ PhysicalResourceId: id }));
            resources = out.StackResources ?? [];
        }
        catch (err) {
            if (/does not exist|ValidationError/.test(`${err.name} ${(0,errors/* errorMessage */.gJ)(err)}`))
                continue;
            throw err;
        }
        const owner = resources.find((r) => r.PhysicalResourceId === id && (r.ResourceType === RECORD_SET || r.ResourceType === RECORD_SET_GROUP) && !GONE.includes(r.ResourceStatus ?? ''));
        if (owner?.StackName && owner.StackName !== ourStack) {
            if (setIdentifier === undefined || (await mayHoldSet(cfn, owner.StackName, owner.LogicalResourceId, setIdentifier)))
                return owner.StackName;
        }
    }
    return undefined;
}
async function mayHoldSet(cfn, stackName, logicalId, setIdentifier) {
    const template = await (0,deployed_template/* deployedTemplate */.B)(cfn, stackName).catch(() => undefined);
    const resource = logicalId ? template?.Resources[logicalId] : undefined;
    if (!resource || resource.Type !== RECORD_SET)
        return true;
    const theirs = resource.Properties?.SetIdentifier;
    if (theirs === undefined)
        return false; // a simple record, not a set of a weighted (or other routing) name
    return typeof theirs !== 'string' || theirs === setIdentifier;
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/core/dist-cjs/submodules/client/index.js
var client = __webpack_require__(5152);
// EXTERNAL MODULE: ./src/cloudformation/references.ts
var references = __webpack_require__(4288);
;// CONCATENATED MODULE: ./src/modes/route53-takeover/resolve-record.ts





/** Outputs the action adds to the record-disabled deploy so CloudFormation itself computes the GetAtts the record uses. */
const ATTRIBUTE_OUTPUT_PREFIX = 'BluegreenRecordAtt';
function attributeOutputName(attribute) {
    return `${ATTRIBUTE_OUTPUT_PREFIX}${attribute.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 255);
}
/**
 * The pseudo parameters CloudFormation will give the stack, known before it exists: AWS::StackName is the
 * stack-name input, AWS::Region the region, AWS::Partition and AWS::URLSuffix the region's partition (from the
 * SDK's partition table: aws-cn for cn-*, aws-us-gov for us-gov-*, ...). AWS::AccountId and AWS::StackId are
 * only known once the stack exists (read from its id, arn:partition:cloudformation:region:account:stack/name/uuid);
 * before, an expression using them stays unresolvable. AWS::NoValue is handled by the evaluator.
 */
function pseudoParameters(stack, region, stackName) {
    const pseudo = { 'AWS::Region': region, 'AWS::StackName': stackName };
    const arn = stack?.StackId?.split(':');
    if (arn && arn.length >= 6) {
        pseudo['AWS::Region'] = arn[3];
        pseudo['AWS::AccountId'] = arn[4];
        pseudo['AWS::StackId'] = stack.StackId;
        if (stack.StackName)
            pseudo['AWS::StackName'] = stack.StackName;
    }
    const { name, dnsSuffix } = (0,client.partition)(pseudo['AWS::Region']);
    pseudo['AWS::Partition'] = arn && arn.length >= 6 ? arn[1] : name;
    pseudo['AWS::URLSuffix'] = dnsSuffix;
    return pseudo;
}
function resourceExists(scope, logicalId) {
    const resource = scope.template.Resources[logicalId];
    return resource !== undefined && (!resource.Condition || (0,conditions/* conditionHolds */.C)(scope, resource.Condition) === true);
}
/** Template outputs that are exactly one Fn::GetAtt: "Resource.Attribute" → output name. */
function getAttOutputs(template) {
    const found = new Map();
    for (const [name, output] of Object.entries(template.Outputs ?? {})) {
        const atts = [...(0,references/* getAttsIn */.Gq)(output.Value)];
        const value = output.Value;
        if (atts.length === 1 && value && Object.keys(value).length === 1 && value['Fn::GetAtt'] !== undefined && !output.Condition) {
            found.set(atts[0], name);
        }
    }
    return found;
}
/**
 * The outputs to add to the record-disabled deploy: one per Fn::GetAtt the record uses whose resource
 * exists in that deploy and that no output of the template already gives.
 */
function attributeOutputs(record, offScope) {
    const existing = getAttOutputs(offScope.template);
    const outputs = {};
    for (const att of (0,references/* getAttsIn */.Gq)(record.properties)) {
        const [resource, ...rest] = att.split('.');
        if (existing.has(att) || !resourceExists(offScope, resource))
            continue;
        outputs[attributeOutputName(att)] = { Value: { 'Fn::GetAtt': [resource, rest.join('.')] } };
    }
    return outputs;
}
/** The template with those outputs added; unchanged (same object) when none are needed. */
function withAttributeOutputs(template, outputs) {
    if (Object.keys(outputs).length === 0)
        return template;
    return { ...template, Outputs: { ...(template.Outputs ?? {}), ...outputs } };
}
/** "Resource.Attribute" → value, from the stack's outputs (the template's own and the added ones). */
function attributesFromOutputs(template, stackOutputs) {
    const attributes = {};
    for (const [att, name] of getAttOutputs(template))
        if (stackOutputs[name] !== undefined)
            attributes[att] = stackOutputs[name];
    for (const [name, value] of Object.entries(stackOutputs)) {
        if (!name.startsWith(ATTRIBUTE_OUTPUT_PREFIX))
            continue;
        for (const att of (0,references/* getAttsIn */.Gq)(template.Resources))
            if (attributeOutputName(att) === name)
                attributes[att] = value;
    }
    return attributes;
}
/** Logical id → physical id of the resources the stack has now. */
function physicalIds(resources) {
    const ids = {};
    for (const r of resources) {
        if (r.LogicalResourceId && r.PhysicalResourceId && r.ResourceStatus !== 'DELETE_COMPLETE')
            ids[r.LogicalResourceId] = r.PhysicalResourceId;
    }
    return ids;
}
function optionalString(scope, value) {
    if (value === undefined || value === null)
        return undefined;
    const v = (0,intrinsics/* resolve */.hd)(scope, value);
    if (typeof v === 'object')
        throw new intrinsics/* Unresolvable */.ro(`${JSON.stringify(value)} is not a string`);
    return String(v);
}
function optionalNumber(scope, value, what) {
    const v = optionalString(scope, value);
    if (v === undefined)
        return undefined;
    const n = Number(v);
    if (!Number.isFinite(n))
        throw new intrinsics/* Unresolvable */.ro(`${what} "${v}" is not a number`);
    return n;
}
function optionalBoolean(scope, value) {
    const v = optionalString(scope, value);
    return v === undefined ? undefined : v === 'true';
}
/**
 * The record set exactly as CloudFormation will write it, or Unresolvable (with the reason) when a part
 * can only be known once CloudFormation creates it.
 */
function resolveRecord(scope, record) {
    const p = record.properties;
    const out = {
        Name: (0,route53/* normalizeName */.Pc)(optionalString(scope, p.Name) ?? ''),
        Type: optionalString(scope, p.Type)
    };
    const setId = optionalString(scope, p.SetIdentifier);
    if (setId !== undefined)
        out.SetIdentifier = setId;
    const weight = optionalNumber(scope, p.Weight, 'Weight');
    if (weight !== undefined)
        out.Weight = weight;
    const region = optionalString(scope, p.Region);
    if (region !== undefined)
        out.Region = region;
    const failover = optionalString(scope, p.Failover);
    if (failover !== undefined)
        out.Failover = failover;
    if (p.GeoLocation !== undefined)
        out.GeoLocation = (0,intrinsics/* resolve */.hd)(scope, p.GeoLocation);
    if (p.CidrRoutingConfig !== undefined)
        out.CidrRoutingConfig = (0,intrinsics/* resolve */.hd)(scope, p.CidrRoutingConfig);
    const multi = optionalBoolean(scope, p.MultiValueAnswer);
    if (multi)
        out.MultiValueAnswer = true;
    const health = optionalString(scope, p.HealthCheckId);
    if (health !== undefined)
        out.HealthCheckId = health;
    if (p.AliasTarget !== undefined) {
        const alias = (0,intrinsics/* resolve */.hd)(scope, p.AliasTarget);
        out.AliasTarget = {
            DNSName: (0,route53/* normalizeName */.Pc)(String(alias.DNSName ?? '')),
            HostedZoneId: String(alias.HostedZoneId ?? ''),
            EvaluateTargetHealth: String(alias.EvaluateTargetHealth ?? 'false') === 'true'
        };
        return out;
    }
    out.TTL = optionalNumber(scope, p.TTL, 'TTL');
    const values = (0,intrinsics/* resolve */.hd)(scope, p.ResourceRecords ?? []);
    if (!Array.isArray(values))
        throw new intrinsics/* Unresolvable */.ro('ResourceRecords is not a list');
    out.ResourceRecords = values.map((v) => ({ Value: String(v) }));
    return out;
}
/** resolveRecord, or the reason it cannot be resolved yet. */
function tryResolveRecord(scope, record) {
    try {
        return { record: resolveRecord(scope, record) };
    }
    catch (err) {
        if (err instanceof intrinsics/* Unresolvable */.ro)
            return { reason: err.message };
        throw err;
    }
}

// EXTERNAL MODULE: ./src/cloudformation/parameters.ts
var parameters = __webpack_require__(7578);
;// CONCATENATED MODULE: ./src/modes/route53-takeover/session.ts












function withEnable(s, on) {
    const { key, on: onValue, off } = s.inputs.route53.enableParameter;
    const rest = s.inputs.parameters.filter((p) => p.ParameterKey !== key);
    return [...rest, { ParameterKey: key, ParameterValue: on ? onValue : off }];
}
/** The stack update that turns the record on (or off), with the user's template unless another body is given. */
function deployRequest(s, on, extra = {}) {
    return {
        stackName: s.stackName,
        templateBody: s.templateBody,
        parameters: withEnable(s, on),
        capabilities: s.inputs.capabilities,
        tags: s.inputs.tags,
        ...extra
    };
}
/** A scope for evaluating the template with the record on or off, before (or after) the stack exists. */
async function scopeFor(s, on, stackParts = {}) {
    const stack = await (0,stacks/* describeStack */.GO)(s.ctx.clients.cloudformation, s.stackName);
    const previous = (0,parameters/* currentParameterValues */.F)(stack);
    const { key, on: onValue, off } = s.inputs.route53.enableParameter;
    return {
        template: s.template,
        parameters: (0,parameters/* parameterValues */.o)(s.template, s.inputs.parameters, { [key]: on ? onValue : off }, previous),
        pseudo: pseudoParameters(stack, s.region, s.stackName),
        ...stackParts
    };
}
async function openSession(ctx, inputs) {
    const r = inputs.route53;
    const zone = await (0,route53/* findHostedZone */.FP)(ctx.clients.route53, { id: r.hostedZoneId, name: r.hostedZoneName });
    if (!(0,route53_takeover_inputs/* inZone */.O0)(r.recordName, zone.name)) {
        throw new errors/* InputError */.dz('record-name', `${r.recordName} is not in hosted zone ${zone.id} (${zone.name}); accepted: the zone's name or a name ending in .${zone.name.replace(/\.$/, '')}`);
    }
    const key = { name: r.recordName, type: r.recordType, setIdentifier: r.setIdentifier };
    const region = inputs.region;
    const partial = {
        ctx,
        inputs,
        stackName: inputs.stackName,
        template: inputs.template.template,
        templateBody: inputs.template.body,
        zone,
        key,
        region,
        file: new BackupFile(r.backupFile ?? defaultBackupFile(zone, key))
    };
    const scopes = {
        on: await scopeFor(partial, true),
        off: await scopeFor(partial, false)
    };
    const record = findTemplateRecord(partial.template, key, zone, scopes, r.enableParameter);
    ctx.log.info(`Zone ${zone.name} (${zone.id}); the template's record is ${record.logicalId}${record.index !== undefined ? ` (entry ${record.index} of the group)` : ''}; backup file ${partial.file.path}`);
    return { ...partial, record };
}
/** Waits for a stack operation an interrupted run left going, then reads the zone, the stack and the backup file. */
async function inspect(s) {
    const stack = await (0,stacks/* describeStack */.GO)(s.ctx.clients.cloudformation, s.stackName);
    if (stack && (0,stacks/* isInProgress */.LT)(stack.StackStatus)) {
        s.ctx.log.info(`Stack ${s.stackName} is ${stack.StackStatus}: waiting for it before looking at the record.`);
        await (0,wait/* waitForStack */.ZO)(s.ctx, stack.StackId, new events/* EventStream */.vC(s.ctx, stack.StackId, await events/* EventStream */.vC.baseline(s.ctx, stack.StackId)));
    }
    const resources = await (0,stack_resources/* stackResources */.o)(s.ctx.clients.cloudformation, s.stackName);
    const previous = s.file.read({ stackName: s.stackName, zone: s.zone, key: s.key });
    return {
        records: await (0,route53/* listRecordSets */.f5)(s.ctx.clients.route53, s.zone.id, s.key),
        owned: ownsResource(resources, s.record.logicalId),
        resources,
        previous: previous?.stage === 'done' ? undefined : previous
    };
}
/** Writes the state (stage and what is needed to undo it) before the change it describes. */
function saveState(s, patch) {
    if (!s.state)
        return;
    s.state = { ...s.state, ...patch, savedAt: new Date(s.ctx.clock.now()).toISOString() };
    if (!s.ctx.dryRun)
        s.file.write(s.state);
}

;// CONCATENATED MODULE: ./src/modes/route53-takeover/paths.ts







/** CloudFormation's answer when the record it creates is already in the zone with other values. */
const ALREADY_EXISTS = /Tried to create resource record set .* but it already exists|already exists/i;
const DEFAULT_TIMING = { sampleMs: 1000, watchMs: 250 };
/** The one record of this key in the zone now; anything else is a state the action cannot act on safely. */
async function currentRecord(ctx, s) {
    const records = await (0,route53/* listRecordSets */.f5)(ctx.clients.route53, s.zone.id, s.key);
    if (records.length !== 1) {
        throw new errors/* DeployError */.sH(`The zone holds ${records.length} record sets for ${(0,route53/* formatKey */.TD)(s.key)} where one was expected`, records.map(formatRecord).join('; ') || undefined, records.length > 1 ? 'Give set-identifier to say which record to take over.' : undefined);
    }
    return records[0];
}
function gapMeter(ctx, s, timing) {
    return new GapMeter(ctx, async () => (await (0,route53/* listRecordSets */.f5)(ctx.clients.route53, s.zone.id, s.key)).length > 0, timing.sampleMs);
}
/** The preferred path's cutover: the manual record takes the template's values in one atomic UPSERT. */
async function makeIdentical(ctx, s, desired) {
    const current = await currentRecord(ctx, s);
    const differences = recordDifferences(current, desired);
    if (differences.length === 0) {
        ctx.log.info(`The manual record already has the template's values: ${formatRecord(current)}`);
        return false;
    }
    ctx.log.info(`Manual record:   ${formatRecord(current)}`);
    ctx.log.info(`Template record: ${formatRecord(desired)}  (differs in ${differences.join(', ')})`);
    saveState(s, { stage: 'record-changed' });
    await (0,route53/* changeRecords */.nJ)(ctx.clients.route53, s.zone.id, [(0,route53/* upsert */.el)(desired)], `bluegreen-action: give ${(0,route53/* formatKey */.TD)(s.key)} the values of the stack's record`, { wait: ctx });
    ctx.log.info('UPSERT is INSYNC: traffic follows the template values now, without a gap.');
    return true;
}
/**
 * Turns the record on; CloudFormation adopts an identical record quietly. Returns undefined when it
 * refuses with "already exists" instead, so the caller can fall back; other failures throw.
 */
async function enableAndAdopt(ctx, s) {
    try {
        return await (0,deploy/* deployStack */.gE)(ctx, deployRequest(s, true));
    }
    catch (err) {
        if (err instanceof errors/* DeployError */.sH && ALREADY_EXISTS.test(`${err.rootCause ?? ''} ${err.message}`)) {
            ctx.log.warning(`CloudFormation did not adopt the identical record (${err.rootCause ?? err.message}); falling back to the delete path.`);
            return undefined;
        }
        throw err;
    }
}
/**
 * Lowers the record's TTL and the zone's SOA TTL and negative-caching minimum to `ttl` in one batch,
 * then waits out the old values, so that resolvers cache neither the old record nor a "no such name"
 * answer for longer than `ttl` once the record is deleted. The original SOA is saved first.
 */
async function lowerTtls(ctx, s) {
    const { takeoverTtl: ttl, skipTtlWait } = s.inputs.route53;
    const current = await currentRecord(ctx, s);
    const soa = await (0,route53/* readSoa */._J)(ctx.clients.route53, s.zone);
    const lowSoa = (0,route53/* loweredSoa */.Er)(soa, ttl);
    const lowRecord = !isAlias(current) && (current.TTL ?? 0) > ttl ? { ...current, TTL: ttl } : undefined;
    if (!lowSoa && !lowRecord) {
        ctx.log.info(`The record TTL (${isAlias(current) ? 'alias: none' : current.TTL}) and the SOA TTL ${soa.ttl} / minimum ${soa.minimum} are already at most ${ttl} s.`);
        await waitRestOfEarlierTtlWait(ctx, s);
        return current;
    }
    const waitMs = Math.max(lowRecord ? current.TTL : 0, lowSoa ? soa.ttl : 0) * 1000;
    if (!skipTtlWait && ctx.clock.now() + waitMs > ctx.deadline) {
        throw new errors/* DeployError */.sH(`Waiting out the old TTLs (${(0,clock/* formatDuration */.a3)(waitMs)}) would pass timeout-minutes; nothing was lowered`, undefined, 'Raise timeout-minutes, or set skip-ttl-wait.');
    }
    saveState(s, {
        soa: s.state?.soa ?? (lowSoa ? soa.record : undefined),
        stage: lowRecord ? 'record-changed' : s.state?.stage,
        ttlWaitUntil: new Date(ctx.clock.now() + waitMs).toISOString()
    });
    if (lowRecord)
        ctx.log.info(`Record TTL ${current.TTL} → ${ttl} s`);
    if (lowSoa)
        ctx.log.info(`SOA TTL ${soa.ttl} → ${lowSoa.ttl} s, negative-caching minimum ${soa.minimum} → ${lowSoa.minimum} s (restored at the end)`);
    // Two batches: the IAM policy lets the record's name change only with its type and the apex only with SOA
    // (docs/iam-policy.json), and IAM judges a batch by all its names and types at once.
    const comment = `bluegreen-action: lower TTLs before taking over ${(0,route53/* formatKey */.TD)(s.key)}`;
    const batches = [lowRecord && [(0,route53/* upsert */.el)(lowRecord)], lowSoa && [(0,route53/* upsert */.el)((0,route53/* soaRecord */.xD)(lowSoa))]].filter((b) => !!b);
    const ids = [];
    for (const changes of batches)
        ids.push(await (0,route53/* changeRecords */.nJ)(ctx.clients.route53, s.zone.id, changes, comment, { wait: false }));
    await Promise.all(ids.map((id) => (0,route53/* waitInsync */.k1)(ctx.clients.route53, id, ctx)));
    if (skipTtlWait) {
        ctx.log.warning(`skip-ttl-wait: not waiting ${(0,clock/* formatDuration */.a3)(waitMs)} for the old TTLs; resolvers may keep the old record, or a "no such name" answer, for up to that long.`);
    }
    else {
        ctx.log.info(`Waiting ${(0,clock/* formatDuration */.a3)(waitMs)} for caches of the old TTLs to run out.`);
        await ctx.clock.sleep(waitMs);
    }
    return lowRecord ?? current;
}
/**
 * A run interrupted during its TTL wait leaves the TTLs low, so the re-run finds nothing to lower; the old
 * TTLs may still be in resolvers' caches until the end of that wait, so the re-run waits for what is left.
 */
async function waitRestOfEarlierTtlWait(ctx, s) {
    const until = Date.parse(s.state?.ttlWaitUntil ?? '');
    const restMs = until - ctx.clock.now();
    if (!(restMs > 0))
        return;
    if (s.inputs.route53.skipTtlWait) {
        ctx.log.warning(`skip-ttl-wait: not waiting the ${(0,clock/* formatDuration */.a3)(restMs)} left of an earlier run's TTL wait.`);
        return;
    }
    if (ctx.clock.now() + restMs > ctx.deadline) {
        throw new errors/* DeployError */.sH(`Waiting out the rest of an earlier run's TTL wait (${(0,clock/* formatDuration */.a3)(restMs)}) would pass timeout-minutes`, undefined, 'Raise timeout-minutes, or set skip-ttl-wait.');
    }
    ctx.log.info(`An earlier run lowered the TTLs and stopped during its wait: waiting the ${(0,clock/* formatDuration */.a3)(restMs)} left of it.`);
    await ctx.clock.sleep(restMs);
}
/**
 * Starts the update and deletes the manual record the moment the record's resource shows
 * CREATE_IN_PROGRESS: CloudFormation retries an alias record's create until the name is free. A plain
 * record fails at once with "already exists"; then the record is put back at once and the caller retries.
 */
async function deleteAtCreate(ctx, s, manual, meter, timing) {
    const watch = { tried: false, deleted: false, alreadyExists: false };
    const onEvent = async (e) => {
        // events of nested stacks come through too; only the stack's own record counts
        if (e.LogicalResourceId !== s.record.logicalId || (e.StackName && e.StackName !== s.stackName))
            return;
        try {
            if (e.ResourceStatus === 'CREATE_IN_PROGRESS' && !watch.tried && !watch.alreadyExists) {
                watch.tried = true;
                saveState(s, { stage: 'record-deleted' });
                try {
                    // Not waiting for INSYNC: CloudFormation retries against the API, which sees the delete at once.
                    await (0,route53/* changeRecords */.nJ)(ctx.clients.route53, s.zone.id, [(0,route53/* remove */.TF)(manual)], `bluegreen-action: free ${(0,route53/* formatKey */.TD)(s.key)} for the stack`, { wait: false });
                }
                catch (err) {
                    saveState(s, { stage: 'record-changed' });
                    throw err;
                }
                watch.deleted = true;
                meter.noteDeleted();
                ctx.log.info(`${s.record.logicalId} is CREATE_IN_PROGRESS: deleted the manual record so CloudFormation can create it.`);
            }
            else if (e.ResourceStatus === 'CREATE_FAILED' && ALREADY_EXISTS.test(e.ResourceStatusReason ?? '')) {
                watch.alreadyExists = true;
                if (watch.deleted) {
                    ctx.log.info('CloudFormation failed on "already exists" before the delete landed: putting the record back at once.');
                    await (0,route53/* changeRecords */.nJ)(ctx.clients.route53, s.zone.id, [(0,route53/* upsert */.el)(manual)], `bluegreen-action: put back ${(0,route53/* formatKey */.TD)(s.key)}`, { wait: false });
                    saveState(s, { stage: 'record-changed' });
                }
            }
        }
        catch (err) {
            // The update goes on in CloudFormation whatever happens here; the outcome is checked after it ends.
            watch.problem = (0,errors/* errorMessage */.gJ)(err);
            ctx.log.warning(`While watching ${s.record.logicalId}: ${watch.problem}`);
        }
    };
    const fast = { ...ctx, pollMs: Math.min(ctx.pollMs, timing.watchMs) };
    try {
        const result = await (0,deploy/* deployStack */.gE)(fast, deployRequest(s, true, { onEvent }));
        return { path: watch.deleted ? 'delete-at-create' : 'adopt-identical', result };
    }
    catch (err) {
        const refused = watch.alreadyExists || (err instanceof errors/* DeployError */.sH && ALREADY_EXISTS.test(`${err.rootCause ?? ''}`));
        if (!refused)
            throw err;
        ctx.log.warning(`CloudFormation refused to create ${(0,route53/* formatKey */.TD)(s.key)} while the manual record existed (${err instanceof errors/* DeployError */.sH ? err.rootCause : (0,errors/* errorMessage */.gJ)(err)}).`);
        return 'retry';
    }
}
/** The retry: the stack is back on its old template; delete the manual record, then run the update. */
async function deleteThenUpdate(ctx, s, manual, meter) {
    const now = await (0,route53/* listRecordSets */.f5)(ctx.clients.route53, s.zone.id, s.key);
    if (now.length === 0) {
        ctx.log.info('The manual record is missing after the rollback: putting it back before the retry.');
        await (0,route53/* changeRecords */.nJ)(ctx.clients.route53, s.zone.id, [(0,route53/* upsert */.el)(manual)], `bluegreen-action: put back ${(0,route53/* formatKey */.TD)(s.key)}`, { wait: ctx });
    }
    else if (!now.some((r) => sameRecord(r, manual))) {
        throw new errors/* DeployError */.sH(`${(0,route53/* formatKey */.TD)(s.key)} changed while the action worked: ${now.map(formatRecord).join('; ')}`, undefined, 'Check who else changes the zone, then re-run.');
    }
    saveState(s, { stage: 'record-deleted' });
    meter.noteDeleted();
    await (0,route53/* changeRecords */.nJ)(ctx.clients.route53, s.zone.id, [(0,route53/* remove */.TF)(manual)], `bluegreen-action: free ${(0,route53/* formatKey */.TD)(s.key)} for the stack`, { wait: false });
    ctx.log.info("Deleted the manual record; the update creates the stack's record now.");
    const result = await (0,deploy/* deployStack */.gE)(ctx, deployRequest(s, true));
    return { path: 'delete-then-update', result };
}

// EXTERNAL MODULE: ./src/cloudformation/template.ts + 6 modules
var cloudformation_template = __webpack_require__(3935);
;// CONCATENATED MODULE: ./src/modes/route53-takeover/release.ts






/** The template the stack runs now, as CloudFormation stored it. */
function storedTemplate(ctx, stackName) {
    return (0,deployed_template/* deployedTemplate */.B)(ctx.clients.cloudformation, stackName);
}
function retained(template, logicalId) {
    return template?.Resources[logicalId]?.DeletionPolicy === 'Retain';
}
/**
 * Step one of a release: the stack's record gets DeletionPolicy Retain, so that removing it from the
 * stack leaves it in the zone. The stored template is read back: CloudFormation once treated a
 * policy-only change as "no changes", and the next step must not run on that.
 */
async function retainRecordInStack(ctx, s) {
    const id = s.record.logicalId;
    if (retained(await storedTemplate(ctx, s.stackName), id)) {
        ctx.log.info(`${id} already has DeletionPolicy Retain in the stack.`);
        return undefined;
    }
    const template = {
        ...s.template,
        Resources: { ...s.template.Resources, [id]: { ...s.template.Resources[id], DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' } }
    };
    ctx.log.info(`Updating the stack with DeletionPolicy Retain on ${id} (record still on).`);
    const result = await (0,deploy/* deployStack */.gE)(ctx, deployRequest(s, true, { templateBody: (0,cloudformation_template/* templateToBody */.mR)(template, s.template) }));
    if (!ctx.dryRun && !retained(await storedTemplate(ctx, s.stackName), id)) {
        throw new errors/* DeployError */.sH(`The stack's template still has no DeletionPolicy Retain on ${id} after the update`, result.noChanges ? 'CloudFormation saw no changes in a policy-only update' : undefined, `Nothing was removed. Add DeletionPolicy: Retain to ${id} in the template, deploy, then run the release again.`);
    }
    return result;
}
/**
 * Step two: the update with the record off removes it from the stack; with Retain, CloudFormation
 * skips the delete. Should the record be deleted all the same, it is put back from the backup at once.
 */
async function removeRecordFromStack(ctx, s, backup, meter, watchMs) {
    const onEvent = async (e) => {
        // events of nested stacks come through too; only the stack's own record counts
        if (e.LogicalResourceId !== s.record.logicalId || (e.StackName && e.StackName !== s.stackName))
            return;
        if (e.ResourceStatus === 'DELETE_SKIPPED')
            ctx.log.info(`${s.record.logicalId} left the stack; the record stays in the zone.`);
        if (e.ResourceStatus === 'DELETE_COMPLETE') {
            meter.noteDeleted();
            ctx.log.warning(`CloudFormation deleted ${(0,route53/* formatKey */.TD)(s.key)} despite DeletionPolicy Retain: putting it back from the backup at once.`);
            try {
                saveState(s, { stage: 'record-deleted' });
                await (0,route53/* changeRecords */.nJ)(ctx.clients.route53, s.zone.id, [(0,route53/* upsert */.el)(backup)], `bluegreen-action: put back ${(0,route53/* formatKey */.TD)(s.key)}`, { wait: false });
            }
            catch (err) {
                ctx.log.warning(`Putting the record back failed (${(0,errors/* errorMessage */.gJ)(err)}); it is tried again after the update.`);
            }
        }
    };
    return (0,deploy/* deployStack */.gE)({ ...ctx, pollMs: Math.min(ctx.pollMs, watchMs) }, deployRequest(s, false, { onEvent }));
}

;// CONCATENATED MODULE: ./src/modes/route53-takeover/restore.ts






/**
 * Makes the zone hold `record` again. A record the stack holds and that is there is left alone (it is
 * the stack's now); a missing record is always put back, whoever holds it, so the name never stays empty.
 */
async function ensureRecord(ctx, s, record, why) {
    const current = await (0,route53/* listRecordSets */.f5)(ctx.clients.route53, s.zone.id, s.key);
    if (current.length === 1 && sameRecord(current[0], record)) {
        ctx.log.info(`The zone holds the record as backed up: ${formatRecord(current[0])}`);
        return 'unchanged';
    }
    if (current.length > 0) {
        let owned;
        try {
            owned = ownsResource(await (0,stack_resources/* stackResources */.o)(ctx.clients.cloudformation, s.stackName), s.record.logicalId);
        }
        catch (err) {
            ctx.log.warning(`Cannot tell whether stack ${s.stackName} holds the record (${(0,errors/* errorMessage */.gJ)(err)}); restoring the backup.`);
        }
        if (owned) {
            ctx.log.info(`Stack ${s.stackName} holds ${(0,route53/* formatKey */.TD)(s.key)} (${owned.ResourceStatus}); it is left as the stack made it: ${current.map(formatRecord).join('; ')}`);
            return 'left-to-stack';
        }
    }
    ctx.log.info(`${why}: putting back ${formatRecord(record)}${current.length ? ` over ${current.map(formatRecord).join('; ')}` : ' (the name had no record)'}`);
    await (0,route53/* changeRecords */.nJ)(ctx.clients.route53, s.zone.id, [(0,route53/* upsert */.el)(record)], `bluegreen-action: restore ${(0,route53/* formatKey */.TD)(s.key)} from backup`, { wait: ctx });
    return 'restored';
}
/** Puts the zone's SOA back as it was before the action lowered it (recorded in the state). */
async function restoreSoa(ctx, s) {
    const original = s.state?.soa;
    if (!original)
        return false;
    const now = await (0,route53/* readSoa */._J)(ctx.clients.route53, s.zone);
    const before = (0,route53/* parseSoa */.Xn)(original);
    if (now.ttl === before.ttl && now.minimum === before.minimum) {
        ctx.log.info(`The zone's SOA is as it was (TTL ${before.ttl}, negative-caching minimum ${before.minimum}).`);
    }
    else {
        ctx.log.info(`Restoring the zone's SOA: TTL ${now.ttl} → ${before.ttl}, negative-caching minimum ${now.minimum} → ${before.minimum}`);
        await (0,route53/* changeRecords */.nJ)(ctx.clients.route53, s.zone.id, [(0,route53/* upsert */.el)({ ...original, Name: now.record.Name })], 'bluegreen-action: restore SOA', { wait: ctx });
    }
    saveState(s, { soa: undefined });
    return true;
}
/**
 * Restores the record and then the SOA; a failure of one does not stop the other. Returns what went wrong,
 * and what became of the record (left to the stack when the stack holds it already).
 */
async function restoreAll(ctx, s, why) {
    const problems = [];
    let record;
    if (s.state) {
        try {
            const outcome = (record = await ensureRecord(ctx, s, s.state.backup, why));
            if (outcome !== 'left-to-stack')
                saveState(s, { stage: 'backed-up' });
        }
        catch (err) {
            problems.push(`restoring the record failed: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
    }
    try {
        await restoreSoa(ctx, s);
    }
    catch (err) {
        problems.push(`restoring the SOA failed: ${(0,errors/* errorMessage */.gJ)(err)}`);
    }
    return { problems, record };
}

;// CONCATENATED MODULE: ./src/modes/route53-takeover/steps.ts







/**
 * Takes the backup (or keeps the one an earlier, interrupted run took: the record may have been changed
 * since) and publishes it as an output and a file before anything changes.
 */
async function backUp(ctx, s, found, action) {
    const previous = found.previous;
    if (previous) {
        ctx.log.info(`An earlier run stopped at stage "${previous.stage}" (saved ${previous.savedAt}); its backup is kept: ${formatRecord(previous.backup)}`);
        s.state = previous;
        if (found.records.length === 0 && !ctx.dryRun) {
            await ensureRecord(ctx, s, previous.backup, 'The earlier run deleted the manual record and the stack did not create it');
        }
    }
    else {
        if (found.records.length === 0) {
            throw new errors/* DeployError */.sH(`The zone ${s.zone.name} has no record ${(0,route53/* formatKey */.TD)(s.key)}${action === 'release' ? '' : ' to take over'}`, undefined, "Check record-name, record-type and set-identifier. If an earlier run was interrupted after deleting the record, put it back from that run's record-backup output (UPSERT it), then re-run.");
        }
        if (found.records.length > 1) {
            throw new errors/* DeployError */.sH(`The zone holds ${found.records.length} records named ${(0,route53/* formatKey */.TD)(s.key)}`, found.records.map(formatRecord).join('; '), 'Give set-identifier to say which one to take over.');
        }
        if (action === 'takeover') {
            const owner = await otherOwner(ctx.clients.cloudformation, found.records[0].Name ?? s.key.name, s.stackName, s.key.setIdentifier);
            if (owner) {
                throw new errors/* DeployError */.sH(`Stack ${owner} already holds ${(0,route53/* formatKey */.TD)(s.key)}`, undefined, `Release it from ${owner} first (takeover-action: release on that stack).`);
            }
        }
        s.state = {
            version: 1,
            action,
            stackName: s.stackName,
            zone: s.zone,
            key: s.key,
            backup: found.records[0],
            savedAt: new Date(ctx.clock.now()).toISOString(),
            stage: 'backed-up'
        };
    }
    const json = JSON.stringify(s.state.backup);
    if (ctx.dryRun) {
        ctx.log.info(`[dry-run] backup (not written): ${json}`);
    }
    else {
        s.file.write(s.state);
        ctx.setOutput('record-backup-file', s.file.path);
        ctx.log.info(`Backup written to ${s.file.path}`);
    }
    ctx.setOutput('record-backup', json);
    ctx.log.info(`record-backup: ${json}`);
    ctx.report.section('Record backup', `Restore it with an UPSERT of this ResourceRecordSet${ctx.dryRun ? '' : ` (also in \`${s.file.path}\`)`}:\n\n\`\`\`json\n${JSON.stringify(s.state.backup, null, 2)}\n\`\`\``);
    return s.state.backup;
}
/** The stack holds the record and the zone has it with the values the action expected (a difference is reported, not undone). */
async function confirmOwned(ctx, s, desired) {
    const owned = ownsResource(await (0,stack_resources/* stackResources */.o)(ctx.clients.cloudformation, s.stackName), s.record.logicalId);
    if (!owned)
        throw new errors/* DeployError */.sH(`The update finished but stack ${s.stackName} does not hold ${s.record.logicalId}`);
    const records = await (0,route53/* listRecordSets */.f5)(ctx.clients.route53, s.zone.id, s.key);
    if (records.length === 0)
        throw new errors/* DeployError */.sH(`Stack ${s.stackName} holds ${s.record.logicalId} but the zone has no record ${(0,route53/* formatKey */.TD)(s.key)}`);
    for (const r of records) {
        const differences = desired ? recordDifferences(r, desired) : [];
        if (differences.length)
            ctx.log.warning(`The record differs from what the action computed in ${differences.join(', ')}: ${formatRecord(r)} (computed ${formatRecord(desired)})`);
    }
    ctx.log.info(`Stack ${s.stackName} holds ${s.record.logicalId} (${owned.ResourceStatus}, physical id ${owned.PhysicalResourceId}): ${records.map(formatRecord).join('; ')}`);
    return records[0];
}
/** The stack no longer holds the record and the zone still has it as backed up (put back if not). */
async function confirmReleased(ctx, s, backup) {
    const owned = ownsResource(await (0,stack_resources/* stackResources */.o)(ctx.clients.cloudformation, s.stackName), s.record.logicalId);
    if (owned)
        throw new errors/* DeployError */.sH(`Stack ${s.stackName} still holds ${s.record.logicalId} (${owned.ResourceStatus}) after the update that turns it off`);
    const outcome = await ensureRecord(ctx, s, backup, 'The record is not as it was before the release');
    if (outcome === 'restored')
        ctx.log.warning('The record had to be put back from the backup after the release.');
    ctx.log.info(`The record is managed by hand now: ${formatRecord(backup)}`);
    return backup;
}
/** stack-name, stack-status, stack-outputs for a run that did not deploy. */
async function setStackStatusOutputs(ctx, stackName) {
    const stack = await (0,stacks/* describeStack */.GO)(ctx.clients.cloudformation, stackName);
    ctx.setOutput('stack-name', stackName);
    if (stack?.StackId)
        ctx.setOutput('stack-id', stack.StackId);
    if (stack?.StackStatus)
        ctx.setOutput('stack-status', stack.StackStatus);
    ctx.setOutput('stack-outputs', JSON.stringify((0,stacks/* stackOutputs */.XC)(stack)));
}

;// CONCATENATED MODULE: ./src/modes/route53-takeover/target.ts








/**
 * Jets' first step: the stack gets everything the record points at, with the record still off. When the
 * record uses Fn::GetAtt values no output gives, outputs for them are added, so CloudFormation computes them.
 */
async function deployRecordDisabled(ctx, s) {
    const outputs = attributeOutputs(s.record, await scopeFor(s, false));
    let body = s.templateBody;
    if (Object.keys(outputs).length > 0) {
        try {
            body = (0,cloudformation_template/* templateToBody */.mR)(withAttributeOutputs(s.template, outputs), s.template);
            ctx.log.info(`Adding output(s) ${Object.keys(outputs).join(', ')} so the stack reports the Fn::GetAtt values the record uses.`);
        }
        catch (err) {
            if (!(err instanceof errors/* DeployError */.sH))
                throw err;
            ctx.log.warning(`The template with the extra outputs would pass the 1 MB CloudFormation accepts: the record's Fn::GetAtt values stay unknown until it is created. (${err.message})`);
        }
    }
    return (0,deploy/* deployStack */.gE)(ctx, deployRequest(s, false, { templateBody: body }));
}
/** The record's final values from parameters, the stack's resources (Ref) and its outputs (Fn::GetAtt). */
async function resolveTarget(ctx, s, stackOutputs) {
    const resources = await (0,stack_resources/* stackResources */.o)(ctx.clients.cloudformation, s.stackName);
    const scope = await scopeFor(s, true, { resources: physicalIds(resources), attributes: attributesFromOutputs(s.template, stackOutputs) });
    const target = tryResolveRecord(scope, s.record);
    if ('record' in target)
        ctx.log.info(`The stack will create: ${formatRecord(target.record)}`);
    else
        ctx.log.info(`The record's values are known only once CloudFormation creates it: ${target.reason}`);
    return target;
}
/**
 * For a dry run: whether the values will be known once the record-off deploy has run, with stand-ins
 * for the physical ids and attributes of every resource that deploy has.
 */
async function predictTarget(s) {
    const off = await scopeFor(s, false);
    const resources = {};
    for (const id of Object.keys(s.template.Resources))
        if (resourceExists(off, id))
            resources[id] = `<${id}>`;
    const attributes = {};
    for (const att of (0,references/* getAttsIn */.Gq)(s.record.properties))
        if (resources[att.split('.')[0]])
            attributes[att] = `<${att}>`;
    return tryResolveRecord(await scopeFor(s, true, { resources, attributes }), s.record);
}

;// CONCATENATED MODULE: ./src/modes/route53-takeover/index.ts













/**
 * Hands a Route 53 record made by hand to the stack (takeover), or back (release), never losing it.
 * Takeover: back up → deploy with the record off → make the manual record identical to the template's
 * (atomic UPSERT) → turn the record on so CloudFormation adopts it. When that cannot work: lower TTLs
 * and the SOA → turn the record on and delete the manual record at CREATE_IN_PROGRESS → on "already
 * exists", delete first and update again. Any failure puts the backup back.
 */
const route53Takeover = (ctx, inputs) => runRoute53(ctx, inputs);
async function runRoute53(ctx, inputs, timing = DEFAULT_TIMING) {
    const s = await (0,context/* step */.PM)(ctx, "Find the zone and the template's record", () => openSession(ctx, inputs));
    ctx.report.fact('record', (0,route53/* formatKey */.TD)(s.key));
    ctx.report.fact('hosted zone', `${s.zone.name} (${s.zone.id})`);
    if (inputs.route53.action === 'release')
        return release(ctx, s, timing);
    return takeover(ctx, s, timing);
}
async function takeover(ctx, s, timing) {
    const found = await (0,context/* step */.PM)(ctx, 'Look at the record, the stack and earlier runs', () => inspect(s));
    if (found.owned && found.records.length > 0)
        return alreadyOwned(ctx, s, found);
    await (0,context/* step */.PM)(ctx, 'Back up the record', () => backUp(ctx, s, found, 'takeover'));
    if (ctx.dryRun)
        return planTakeover(ctx, s);
    let meter;
    let outcome;
    let desired;
    let final;
    try {
        const disabled = await (0,context/* step */.PM)(ctx, 'Deploy the stack with the record off (what the record points at)', () => deployRecordDisabled(ctx, s));
        const target = await (0,context/* step */.PM)(ctx, 'Resolve the values the stack will give the record', () => resolveTarget(ctx, s, disabled.outputs));
        meter = gapMeter(ctx, s, timing);
        if ('record' in target) {
            desired = target.record;
            meter.start();
            await (0,context/* step */.PM)(ctx, "Make the manual record identical to the template's (atomic cutover)", () => makeIdentical(ctx, s, target.record));
            const adopted = await (0,context/* step */.PM)(ctx, 'Turn the record on: CloudFormation adopts the identical record', () => enableAndAdopt(ctx, s));
            if (adopted)
                outcome = { path: 'adopt-identical', result: adopted };
        }
        if (!outcome) {
            // The zone is not read during the TTL wait (the old TTL, an hour or more): nothing is deleted in it.
            await meter.pause();
            const manual = await (0,context/* step */.PM)(ctx, `Lower the record TTL and the zone SOA to ${s.inputs.route53.takeoverTtl} s, and wait them out`, () => lowerTtls(ctx, s));
            meter.start();
            const first = await (0,context/* step */.PM)(ctx, 'Turn the record on, deleting the manual record at CREATE_IN_PROGRESS', () => deleteAtCreate(ctx, s, manual, meter, timing));
            outcome = first !== 'retry' ? first : await (0,context/* step */.PM)(ctx, 'Retry once: delete the manual record, then update', () => deleteThenUpdate(ctx, s, manual, meter));
        }
        final = await (0,context/* step */.PM)(ctx, 'Confirm the stack holds the record with its values', () => confirmOwned(ctx, s, desired));
    }
    catch (err) {
        throw await putBack(ctx, s, meter, err);
    }
    const gap = await meter.stop();
    saveState(s, { path: outcome.path, gapMs: Math.round(gap.gapMs) }); // for a re-run that finishes the SOA restore
    if (s.state?.soa) {
        const soa = s.state.soa;
        await (0,context/* step */.PM)(ctx, "Restore the zone's SOA", () => restoreSoa(ctx, s)).catch((err) => {
            throw new errors/* DeployError */.sH(`The stack holds the record now, but restoring the zone's SOA failed: ${(0,errors/* errorMessage */.gJ)(err)}`, undefined, `Re-run the action (it finishes by restoring the SOA from ${s.file.path}), or UPSERT this SOA by hand: ${JSON.stringify(soa)}`);
        });
    }
    finish(ctx, s, outcome.path, gap, outcome.result, final);
}
async function release(ctx, s, timing) {
    const found = await (0,context/* step */.PM)(ctx, 'Look at the record, the stack and earlier runs', () => inspect(s));
    if (!found.owned)
        return alreadyReleased(ctx, s, found);
    const backup = await (0,context/* step */.PM)(ctx, 'Back up the record', () => backUp(ctx, s, found, 'release'));
    if (ctx.dryRun) {
        await (0,context/* step */.PM)(ctx, '[dry-run] Change sets of the release', async () => {
            ctx.log.info(`[dry-run] path: release. ${s.record.logicalId} gets DeletionPolicy Retain, then the update with ${s.inputs.route53.enableParameter.key}=${s.inputs.route53.enableParameter.off} removes it from the stack; the record stays.`);
            await retainRecordInStack(ctx, s);
            return (0,deploy/* deployStack */.gE)(ctx, deployRequest(s, false));
        });
        ctx.setOutput('takeover-path', 'release');
        return;
    }
    const meter = gapMeter(ctx, s, timing);
    let result;
    let final;
    try {
        await (0,context/* step */.PM)(ctx, 'Set DeletionPolicy Retain on the record in the stack', () => retainRecordInStack(ctx, s));
        meter.start();
        result = await (0,context/* step */.PM)(ctx, 'Turn the record off: the stack lets go, the record stays', () => removeRecordFromStack(ctx, s, backup, meter, timing.watchMs));
        final = await (0,context/* step */.PM)(ctx, 'Confirm the record stayed and the stack let go', () => confirmReleased(ctx, s, backup));
    }
    catch (err) {
        throw await putBack(ctx, s, meter, err);
    }
    finish(ctx, s, 'release', await meter.stop(), result, final);
}
/** Puts the backup (and the SOA) back, measures the gap, and returns the error to fail with. */
async function putBack(ctx, s, meter, err) {
    const { problems, record } = await (0,context/* step */.PM)(ctx, 'Put the record back from the backup', () => restoreAll(ctx, s, 'The run failed'));
    const gap = meter ? await meter.stop() : undefined;
    if (gap)
        ctx.setOutput('gap-ms', String(Math.round(gap.gapMs)));
    const headline = (0,errors/* errorMessage */.gJ)(err).split('\n')[0];
    const restore = `aws route53 change-resource-record-sets --hosted-zone-id ${s.zone.id} --change-batch '${JSON.stringify({ Changes: [{ Action: 'UPSERT', ResourceRecordSet: s.state?.backup }] })}'`;
    if (problems.length > 0) {
        return new errors/* DeployError */.sH(`${headline}; and putting the record back FAILED: ${problems.join('; ')}`, err instanceof errors/* DeployError */.sH ? err.rootCause : (0,errors/* errorMessage */.gJ)(err), `Put the record back by hand now: ${restore}${s.state?.soa ? ` and the SOA from ${s.file.path}` : ''}. Then fix the root cause and re-run.`);
    }
    return new errors/* DeployError */.sH(headline, err instanceof errors/* DeployError */.sH ? err.rootCause : (0,errors/* errorMessage */.gJ)(err), [
        err instanceof errors/* DeployError */.sH ? err.nextSteps : undefined,
        record === 'left-to-stack'
            ? `Stack ${s.stackName} holds the record already, so it was left as the stack made it (backup of the record before the run: ${s.file.path}). Fix the root cause and re-run: the re-run finishes from there.`
            : `The record was checked and is as it was before the run (backup: ${s.file.path}). Fix the root cause and re-run.`
    ]
        .filter(Boolean)
        .join(' '));
}
function finish(ctx, s, path, gap, result, final) {
    const gapMs = Math.round(gap.gapMs);
    ctx.report.section('Route 53 record', (0,report/* markdownTable */.Qj)(['', 'record', 'managed by'], [
        ['before', formatRecord(s.state.backup), s.state.action === 'release' ? `stack ${s.stackName}` : 'hand'],
        ['after', formatRecord(final), path === 'release' ? 'hand' : `stack ${s.stackName} (${s.record.logicalId})`]
    ]) + `\n\nPath: **${path}**; the name had no record for **${gapMs} ms** (measured by reading the zone ${gap.samples} times).`);
    saveState(s, { stage: 'done', path, gapMs });
    (0,outputs/* setStackOutputs */.r)(ctx, result);
    ctx.setOutput('takeover-path', path);
    ctx.setOutput('gap-ms', String(gapMs));
    ctx.report.fact('takeover path', path);
    ctx.report.fact('gap', `${gapMs} ms (zone read ${gap.samples} times)`);
    ctx.log.info(`${path}: ${(0,route53/* formatKey */.TD)(s.key)} ${path === 'release' ? 'is managed by hand now' : `is held by stack ${s.stackName}`}; the name had no record for ${gapMs} ms.`);
}
/** The stack holds the record already: a finished takeover, or one an interrupted run left to finish. */
async function alreadyOwned(ctx, s, found) {
    await (0,context/* step */.PM)(ctx, 'Finish: the stack holds the record already', async () => {
        if (found.previous) {
            s.state = found.previous;
            ctx.log.info(`An earlier run stopped at stage "${found.previous.stage}" after the stack took the record: finishing it.`);
            ctx.setOutput('record-backup', JSON.stringify(found.previous.backup));
            ctx.setOutput('record-backup-file', s.file.path);
            await restoreSoa(ctx, s);
            saveState(s, { stage: 'done' });
            if (found.previous.path)
                ctx.setOutput('takeover-path', found.previous.path);
            if (found.previous.gapMs !== undefined)
                ctx.setOutput('gap-ms', String(found.previous.gapMs));
        }
        else {
            ctx.log.info(`Stack ${s.stackName} holds ${(0,route53/* formatKey */.TD)(s.key)} already (${found.owned.ResourceStatus}): nothing to take over.`);
            const soa = await (0,route53/* readSoa */._J)(ctx.clients.route53, s.zone);
            if (!(0,route53/* loweredSoa */.Er)(soa, s.inputs.route53.takeoverTtl)) {
                ctx.log.warning(`The zone's SOA TTL (${soa.ttl}) and minimum (${soa.minimum}) are low; if a run lowered them and its backup file is gone, set them back by hand.`);
            }
        }
        ctx.log.info(`Record: ${found.records.map(formatRecord).join('; ')}`);
    });
    await setStackStatusOutputs(ctx, s.stackName);
}
async function alreadyReleased(ctx, s, found) {
    await (0,context/* step */.PM)(ctx, 'Finish: the stack does not hold the record', async () => {
        if (found.previous) {
            s.state = found.previous;
            if (found.records.length === 0)
                await ensureRecord(ctx, s, found.previous.backup, 'An earlier run lost the record');
            await restoreSoa(ctx, s);
            saveState(s, { stage: 'done', path: 'release' });
        }
        else if (found.records.length === 0) {
            throw new errors/* DeployError */.sH(`Stack ${s.stackName} does not hold ${(0,route53/* formatKey */.TD)(s.key)} and the zone has no such record: nothing to release`);
        }
        ctx.log.info(`Stack ${s.stackName} does not hold ${s.record.logicalId}; the record is managed by hand: nothing to release.`);
    });
    ctx.setOutput('takeover-path', 'release');
    await setStackStatusOutputs(ctx, s.stackName);
}
/** dry-run: the change sets, and the path the takeover would take from what is known now. */
async function planTakeover(ctx, s) {
    const disabled = await (0,context/* step */.PM)(ctx, '[dry-run] Change set with the record off', () => deployRecordDisabled(ctx, s));
    const now = await (0,context/* step */.PM)(ctx, '[dry-run] Resolve the values the stack will give the record', () => resolveTarget(ctx, s, disabled.outputs));
    const target = 'record' in now ? now : await predictTarget(s);
    const manual = await currentRecord(ctx, s);
    let path;
    if ('record' in target) {
        path = 'adopt-identical';
        const known = 'record' in now;
        const diff = recordDifferences(manual, target.record);
        ctx.log.info(`[dry-run] path: adopt-identical. ${known ? (diff.length ? `UPSERT the manual record to the template's values (differs in ${diff.join(', ')})` : 'The manual record is identical already') : `The values are known after the record-off deploy (${formatRecord(target.record)}); the manual record is UPSERTed to them`}, then the record is turned on; gap 0.`);
    }
    else {
        path = 'delete-at-create';
        const soa = await (0,route53/* readSoa */._J)(ctx.clients.route53, s.zone);
        ctx.log.info(`[dry-run] path: delete-at-create (values unknown before the create: ${target.reason}). Lower the record TTL (${isAlias(manual) ? 'alias: none' : manual.TTL}) and the SOA TTL ${soa.ttl} / minimum ${soa.minimum} to ${s.inputs.route53.takeoverTtl} s, wait them out, delete the manual record at CREATE_IN_PROGRESS; on "already exists" put it back and retry as delete-then-update.`);
    }
    await (0,context/* step */.PM)(ctx, '[dry-run] Change set that turns the record on', () => (0,deploy/* deployStack */.gE)(ctx, deployRequest(s, true)));
    ctx.setOutput('takeover-path', path);
    ctx.report.fact('takeover path', `${path} (dry run)`);
}


/***/ })

};
