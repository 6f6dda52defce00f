export const id = 358;
export const ids = [358];
export const modules = {

/***/ 8803:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $j: () => (/* binding */ getRestMapping),
/* harmony export */   Bz: () => (/* binding */ restDomainExists),
/* harmony export */   GH: () => (/* binding */ restApiStages),
/* harmony export */   Jc: () => (/* binding */ restApiExists),
/* harmony export */   fU: () => (/* binding */ createRestMapping),
/* harmony export */   lp: () => (/* binding */ switchRestMapping)
/* harmony export */ });
/* unused harmony exports basePathKey, domainTarget */
/* harmony import */ var _sdk_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5857);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);


/** API Gateway names the empty base path "(none)". */
function basePathKey(basePath) {
    return basePath === '' ? '(none)' : basePath;
}
async function getRestMapping(apigw, domainName, basePath) {
    try {
        const m = await apigw.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .apiGatewaySdk */ .hs)()).GetBasePathMappingCommand({ domainName, basePath: basePathKey(basePath) }));
        return { domainName, basePath, restApiId: m.restApiId, stage: m.stage };
    }
    catch (err) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(err) === 'NotFoundException')
            return undefined;
        throw err;
    }
}
/** Moves an existing mapping to another API and stage in one call: traffic never sees a missing mapping. */
async function switchRestMapping(apigw, to) {
    const ops = [{ op: 'replace', path: '/restapiId', value: to.restApiId }];
    if (to.stage)
        ops.push({ op: 'replace', path: '/stage', value: to.stage });
    const m = await apigw.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .apiGatewaySdk */ .hs)()).UpdateBasePathMappingCommand({ domainName: to.domainName, basePath: basePathKey(to.basePath), patchOperations: ops }));
    return { domainName: to.domainName, basePath: to.basePath, restApiId: m.restApiId, stage: m.stage };
}
async function createRestMapping(apigw, m) {
    const out = await apigw.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .apiGatewaySdk */ .hs)()).CreateBasePathMappingCommand({ domainName: m.domainName, basePath: m.basePath, restApiId: m.restApiId, stage: m.stage }));
    return { domainName: m.domainName, basePath: m.basePath, restApiId: out.restApiId, stage: out.stage };
}
/** The hostname that the domain's DNS record points at (regional or edge). */
async function domainTarget(apigw, domainName) {
    const d = await apigw.send(new (await apiGatewaySdk()).GetDomainNameCommand({ domainName }));
    return d.regionalDomainName ?? d.distributionDomainName;
}
/** True when the id names a REST API (API Gateway v1); an HTTP API id answers NotFound here. */
/** Whether the REST (v1) custom domain exists in this account and region. */
async function restDomainExists(apigw, domainName) {
    try {
        await apigw.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .apiGatewaySdk */ .hs)()).GetDomainNameCommand({ domainName }));
        return true;
    }
    catch (err) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(err) === 'NotFoundException')
            return false;
        throw err;
    }
}
async function restApiExists(apigw, restApiId) {
    try {
        await apigw.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .apiGatewaySdk */ .hs)()).GetRestApiCommand({ restApiId }));
        return true;
    }
    catch (err) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(err) === 'NotFoundException')
            return false;
        throw err;
    }
}
async function restApiStages(apigw, restApiId) {
    const out = await apigw.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .apiGatewaySdk */ .hs)()).GetStagesCommand({ restApiId }));
    return (out.item ?? []).map((s) => s.stageName).filter(Boolean);
}


/***/ }),

/***/ 395:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EJ: () => (/* binding */ httpApiStages),
/* harmony export */   Hj: () => (/* binding */ createHttpMapping),
/* harmony export */   TD: () => (/* binding */ httpDomainExists),
/* harmony export */   nH: () => (/* binding */ switchHttpMapping),
/* harmony export */   rq: () => (/* binding */ getHttpMapping),
/* harmony export */   we: () => (/* binding */ httpApiEndpoint)
/* harmony export */ });
/* harmony import */ var _sdk_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5857);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);


/** The mapping of one key on the domain, or undefined when the key (or the domain) has none. */
async function getHttpMapping(client, domainName, basePath) {
    let next;
    do {
        let page;
        try {
            page = await client.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .apiGatewayV2Sdk */ .rH)()).GetApiMappingsCommand({ DomainName: domainName, NextToken: next }));
        }
        catch (err) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(err) === 'NotFoundException')
                return undefined;
            throw err;
        }
        const found = page.Items?.find((m) => (m.ApiMappingKey ?? '') === basePath);
        if (found) {
            return { domainName, basePath, apiId: found.ApiId, stage: found.Stage, mappingId: found.ApiMappingId };
        }
        next = page.NextToken;
    } while (next);
    return undefined;
}
/** Whether the v2 custom domain exists in this account and region. */
async function httpDomainExists(client, domainName) {
    try {
        await client.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .apiGatewayV2Sdk */ .rH)()).GetDomainNameCommand({ DomainName: domainName }));
        return true;
    }
    catch (err) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(err) === 'NotFoundException')
            return false;
        throw err;
    }
}
/** Moves an existing API mapping to another API and stage in one call (UpdateApiMapping, never delete + create). */
async function switchHttpMapping(client, current, to) {
    const out = await client.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .apiGatewayV2Sdk */ .rH)()).UpdateApiMappingCommand({
        DomainName: current.domainName,
        ApiMappingId: current.mappingId,
        ApiMappingKey: current.basePath,
        ApiId: to.apiId,
        Stage: to.stage ?? current.stage
    }));
    return { domainName: current.domainName, basePath: out.ApiMappingKey ?? current.basePath, apiId: out.ApiId, stage: out.Stage, mappingId: out.ApiMappingId ?? current.mappingId };
}
async function createHttpMapping(client, m) {
    const out = await client.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .apiGatewayV2Sdk */ .rH)()).CreateApiMappingCommand({ DomainName: m.domainName, ApiMappingKey: m.basePath, ApiId: m.apiId, Stage: m.stage ?? '$default' }));
    return { domainName: m.domainName, basePath: out.ApiMappingKey ?? m.basePath, apiId: out.ApiId, stage: out.Stage, mappingId: out.ApiMappingId };
}
/** The API's default invoke URL (https://<id>.execute-api.<region>.amazonaws.com), or undefined when the API is gone. */
async function httpApiEndpoint(client, apiId) {
    try {
        return (await client.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .apiGatewayV2Sdk */ .rH)()).GetApiCommand({ ApiId: apiId }))).ApiEndpoint;
    }
    catch (err) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(err) === 'NotFoundException')
            return undefined;
        throw err;
    }
}
async function httpApiStages(client, apiId) {
    const names = [];
    let next;
    do {
        const page = await client.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .apiGatewayV2Sdk */ .rH)()).GetStagesCommand({ ApiId: apiId, NextToken: next }));
        names.push(...(page.Items ?? []).map((s) => s.StageName).filter(Boolean));
        next = page.NextToken;
    } while (next);
    return names;
}


/***/ }),

/***/ 2895:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ executeApiUrl)
/* harmony export */ });
/* harmony import */ var _aws_sdk_core_client__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5152);

/**
 * The default invoke URL of an API Gateway API: https://<id>.execute-api.<region>.<dns suffix>[/<stage>], with the
 * region's partition's DNS suffix (amazonaws.com.cn in the China regions, for example).
 */
function executeApiUrl(apiId, region, stage) {
    const base = `https://${apiId}.execute-api.${region}.${(0,_aws_sdk_core_client__WEBPACK_IMPORTED_MODULE_0__.partition)(region).dnsSuffix}`;
    return stage === undefined ? base : `${base}/${stage}`;
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

/***/ 2920:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ findOwnerStack),
/* harmony export */   p: () => (/* binding */ findOwnerByOutput)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3805);
/* harmony import */ var _cloudformation_stacks_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8915);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _routers_api_gateway_routes_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4955);




/**
 * The environment stack whose output `outputKey` holds the live value (an origin's domain name, a DNS
 * name, a target group ARN, an Auto Scaling group name), compared with `same` (case, a final dot). The
 * stacks come from the one listing of the run, which carries their outputs: no request of its own. Stacks
 * that are not `ours` or `untagged` are never owners, whatever their outputs say: another app's template
 * could otherwise claim this app's front door.
 */
async function findOwnerByOutput(outputKey, value, candidates, same = (a, b) => a === b) {
    const owners = (await candidates()).filter((env) => env.ownership !== 'another app' && env.outputs[outputKey] !== undefined && same(env.outputs[outputKey], value));
    if (owners.length === 0)
        return undefined;
    if (owners.length > 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH(`${owners.length} stacks (${owners.map((o) => o.stackName).join(', ')}) hold ${value} in their output ${outputKey}: which environment is live cannot be told`, undefined, 'Each environment stack must offer its own value in that output; delete or fix the extra stacks.');
    }
    return { stackName: owners[0].stackName, via: 'output' };
}
// "Stack with id None does not exist" (emulators), "... does not exist" and access errors when the role may
// only read its own stacks: all mean "ask the candidate stacks one by one instead".
const FALLBACK = /does not exist|not authorized|AccessDenied|ValidationError/i;
/**
 * The root stack that owns an API. DescribeStackResources by physical id answers in one call on AWS (with the
 * nested stack when a nested stack creates the API: its RootId names the environment); when it cannot (narrow
 * permissions, emulators), the candidate environments of stack-name are asked by name, nested stacks included.
 */
async function findOwnerStack(ctx, apiId, baseName, candidates) {
    try {
        const out = await ctx.clients.cloudformation.send(new _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_3__.DescribeStackResourcesCommand({ PhysicalResourceId: apiId }));
        const owner = out.StackResources?.find((r) => r.PhysicalResourceId === apiId);
        if (owner?.StackName)
            return { stackName: await rootStackName(ctx, owner.StackId ?? owner.StackName), via: 'physical-id' };
        ctx.log.info(`DescribeStackResources by physical id ${apiId} found no stack; looking through the stacks of ${baseName}.`);
    }
    catch (err) {
        if (!FALLBACK.test((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorName */ .Is)(err)) && !FALLBACK.test((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err)))
            throw err;
        ctx.log.info(`DescribeStackResources by physical id ${apiId} failed (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err)}); looking through the stacks of ${baseName}.`);
    }
    for (const env of await candidates()) {
        const ids = await (0,_routers_api_gateway_routes_js__WEBPACK_IMPORTED_MODULE_2__/* .stackApiIds */ .RW)(ctx, env.stackName).catch(() => []);
        if (ids.includes(apiId))
            return { stackName: env.stackName, via: 'stack-scan' };
    }
    return undefined;
}
/** The root of a nested stack (its RootId), or the stack itself. */
async function rootStackName(ctx, nameOrId) {
    const stack = await (0,_cloudformation_stacks_js__WEBPACK_IMPORTED_MODULE_0__/* .describeStack */ .GO)(ctx.clients.cloudformation, nameOrId);
    if (!stack?.RootId || stack.RootId === stack.StackId)
        return stack?.StackName ?? nameOrId;
    const root = await (0,_cloudformation_stacks_js__WEBPACK_IMPORTED_MODULE_0__/* .describeStack */ .GO)(ctx.clients.cloudformation, stack.RootId);
    ctx.log.info(`API's stack ${stack.StackName} is nested in ${root?.StackName ?? stack.RootId}.`);
    return root?.StackName ?? stack.RootId;
}


/***/ }),

/***/ 9096:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Y: () => (/* binding */ deleteListedStacks),
  y: () => (/* binding */ mapBounded)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudformation/dist-cjs/index.js
var dist_cjs = __webpack_require__(3805);
// EXTERNAL MODULE: ./src/clock.ts
var clock = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/cloudformation/change-set.ts + 1 modules
var change_set = __webpack_require__(6279);
// EXTERNAL MODULE: ./src/cloudformation/root-cause.ts
var root_cause = __webpack_require__(3884);
// EXTERNAL MODULE: ./src/cloudformation/stacks.ts
var cloudformation_stacks = __webpack_require__(8915);
;// CONCATENATED MODULE: ./src/cloudformation/batch-delete.ts






/**
 * The shared status read watches every delete at once (one request a poll, whatever their number), so it may
 * come often: a tenth of a typical delete's time (learnt from the deletes done so far), poll to poll, between
 * these bounds and never less often than the poll interval. A freed slot is refilled soon after, as in the
 * ideal.
 */
const WATCH_SHARE = 10;
const FASTEST_WATCH_MS = 250;
const FIRST_WATCH_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** How long an accepted delete may take to show in reads before the stack counts as failed. */
const NOT_STARTED_MS = 60_000;
const WATCHED = ['DELETE_IN_PROGRESS', 'DELETE_FAILED'];
/**
 * Deletes many stacks with at most `concurrency` deletes running in CloudFormation at once. Each stack
 * costs one DeleteStack (by id); one ListStacks of the deleting and failed stacks per poll watches all of
 * them. A stack whose whole delete fell between two polls is confirmed by one DescribeStacks by id, and a
 * DELETE_FAILED one has its events read once for the root cause. Deletes start as slots free up, without
 * waiting for a poll or for each other (a throttled DeleteStack retries on its own). Outcomes keep the input
 * order; a failure of one stack never stops the others.
 */
async function deleteStacks(ctx, stacks, concurrency, beforeDelete) {
    const outcomes = new Array(stacks.length);
    if (ctx.dryRun) {
        for (const s of stacks)
            ctx.log.info(`[dry-run] would delete stack ${s.stackName}`);
        return stacks.map(() => ({ ok: true }));
    }
    const limit = Math.max(1, concurrency);
    const pending = new Map();
    const starting = new Set();
    const durations = [];
    const done = (p, outcome) => {
        outcomes[p.index] = outcome;
        pending.delete(p.stack.stackId);
        if (outcome.ok)
            durations.push(ctx.clock.now() - p.startedAt);
    };
    let next = 0;
    const fill = () => {
        while (next < stacks.length && pending.size + starting.size < limit) {
            const index = next++;
            const stack = stacks[index];
            const started = startDelete(ctx, stack, beforeDelete)
                .then(() => void pending.set(stack.stackId, { index, stack, startedAt: ctx.clock.now(), seen: false }), (error) => void (outcomes[index] = { ok: false, error }))
                .finally(() => {
                starting.delete(started);
                fill();
            });
            starting.add(started);
        }
    };
    let backoff = 0;
    let lastWatchAt = ctx.clock.now();
    fill();
    while (pending.size > 0 || starting.size > 0) {
        if (pending.size === 0) {
            await Promise.race(starting);
            continue;
        }
        const interval = Math.max(backoff, watchInterval(ctx.pollMs, durations));
        if (ctx.clock.now() + interval > ctx.deadline) {
            await Promise.all(starting);
            for (const p of [...pending.values()])
                done(p, { ok: false, error: new errors/* DeployError */.sH(`Timed out (timeout-minutes) waiting for the delete of ${p.stack.stackName}; CloudFormation goes on deleting it`) });
            break;
        }
        await ctx.clock.sleep(Math.max(0, interval - (ctx.clock.now() - lastWatchAt)));
        const askedAt = ctx.clock.now();
        lastWatchAt = askedAt;
        try {
            const listed = await listDeleting(ctx);
            const settled = [];
            for (const p of [...pending.values()]) {
                if (p.startedAt > askedAt)
                    continue; // accepted after the listing was asked for: next poll
                const summary = listed.get(p.stack.stackId);
                if (summary?.StackStatus === 'DELETE_IN_PROGRESS')
                    p.seen = true;
                else if (summary?.StackStatus === 'DELETE_FAILED')
                    settled.push(deleteFailure(ctx, p.stack, summary.StackStatusReason).then((error) => done(p, { ok: false, error })));
                else if (p.seen)
                    finish(ctx, p, done);
                else
                    settled.push(batch_delete_confirm(ctx, p, done));
            }
            await Promise.all(settled);
            fill();
            backoff = 0;
        }
        catch (err) {
            if (!(0,errors/* isThrottling */.E2)(err))
                throw err;
            backoff = Math.min(MAX_BACKOFF_MS, Math.max(interval, FIRST_WATCH_MS) * 2);
            ctx.log.info(`(throttled by AWS; reading the deletes' status every ${(0,clock/* formatDuration */.a3)(backoff)})`);
        }
    }
    return outcomes;
}
/** A tenth of the median delete so far, within [FASTEST_WATCH_MS, pollMs]; FIRST_WATCH_MS before any is done. */
function watchInterval(pollMs, durations) {
    const cap = Math.max(FASTEST_WATCH_MS, pollMs);
    if (durations.length === 0)
        return Math.min(cap, FIRST_WATCH_MS);
    const sorted = [...durations].sort((a, b) => a - b);
    return Math.round(Math.min(cap, Math.max(FASTEST_WATCH_MS, sorted[Math.floor(sorted.length / 2)] / WATCH_SHARE)));
}
async function startDelete(ctx, stack, beforeDelete) {
    beforeDelete?.(stack);
    await ctx.clients.cloudformation.send(new dist_cjs.DeleteStackCommand({ StackName: stack.stackId, ClientRequestToken: (0,change_set/* requestToken */.Fr)('delete') }));
    ctx.log.info(`Deleting stack ${stack.stackName}`);
}
/** Every stack of the account now deleting or failed to delete, by id (all pages). */
async function listDeleting(ctx) {
    const found = new Map();
    let token;
    do {
        const page = await ctx.clients.cloudformation.send(new dist_cjs.ListStacksCommand({ StackStatusFilter: [...WATCHED], NextToken: token }));
        for (const s of page.StackSummaries ?? [])
            if (s.StackId)
                found.set(s.StackId, s);
        token = page.NextToken;
    } while (token);
    return found;
}
function finish(ctx, p, done) {
    ctx.log.info(`✔ ${p.stack.stackName} deleted (${(0,clock/* formatDuration */.a3)(ctx.clock.now() - p.startedAt)})`);
    done(p, { ok: true });
}
/** Not deleting and never seen deleting: either its delete ended between two polls, or it has not started showing yet. */
async function batch_delete_confirm(ctx, p, done) {
    const stack = await (0,cloudformation_stacks/* describeStack */.GO)(ctx.clients.cloudformation, p.stack.stackId);
    if (!stack || stack.StackStatus === 'DELETE_COMPLETE')
        return finish(ctx, p, done);
    if (stack.StackStatus === 'DELETE_FAILED')
        return done(p, { ok: false, error: await deleteFailure(ctx, p.stack, stack.StackStatusReason) });
    if (stack.StackStatus === 'DELETE_IN_PROGRESS') {
        p.seen = true;
        return;
    }
    // Any other status: the accepted delete does not show yet (AWS reads are eventually consistent); look again
    // at the next poll, for a while.
    if (ctx.clock.now() - p.startedAt > NOT_STARTED_MS) {
        done(p, {
            ok: false,
            error: new errors/* DeployError */.sH(`Stack ${p.stack.stackName} is still ${stack.StackStatus} ${(0,clock/* formatDuration */.a3)(ctx.clock.now() - p.startedAt)} after its delete was accepted`, stack.StackStatusReason, 'Look at the stack in the CloudFormation console, then re-run the sweep.')
        });
    }
}
async function deleteFailure(ctx, stack, reason) {
    const events = await ctx.clients.cloudformation.send(new dist_cjs.DescribeStackEventsCommand({ StackName: stack.stackId })).then((out) => out.StackEvents ?? [], (err) => (ctx.log.info(`(could not read the events of ${stack.stackName}: ${(0,errors/* errorMessage */.gJ)(err)})`), []));
    const cause = (0,root_cause/* rootCause */.e)(events, reason);
    ctx.log.info(`✘ ${stack.stackName}: DELETE_FAILED${cause ? `: ${cause}` : ''}`);
    return new errors/* DeployError */.sH(`Deleting stack ${stack.stackName} failed: stack ${stack.stackName} is DELETE_FAILED`, cause, 'Empty or release the resource named in the root cause, then re-run to delete the stack.');
}

// EXTERNAL MODULE: ./src/cloudformation/delete.ts
var cloudformation_delete = __webpack_require__(9513);
;// CONCATENATED MODULE: ./src/core/pool.ts



/** Runs fn over items with at most `limit` at once; results keep the items' order, errors are captured per item. */
async function mapBounded(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            try {
                results[i] = { ok: true, value: await fn(items[i]) };
            }
            catch (error) {
                results[i] = { ok: false, error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
    return results;
}
/**
 * Deletes the listed stacks, at most `limit` deletes at once, each by the id the listing returned. Stacks in
 * the middle of another operation (AWS refuses to delete them) are waited for one by one first; the rest
 * go through one batch whose single status read per poll watches every delete. Results keep the order.
 */
async function deleteListedStacks(ctx, stacks, limit, beforeDelete) {
    const busy = (s) => (0,cloudformation_stacks/* isInProgress */.LT)(s.status) && s.status !== 'DELETE_IN_PROGRESS';
    const ready = stacks.filter((s) => !busy(s));
    const waiting = stacks.filter(busy);
    const [batch, single] = await Promise.all([
        deleteStacks(ctx, ready, Math.max(1, limit - Math.min(waiting.length, 1)), beforeDelete),
        waiting.length
            ? mapBounded(waiting, 1, async (s) => {
                beforeDelete?.(s);
                return (0,cloudformation_delete/* deleteStack */.w)(ctx, s.stackId);
            })
            : Promise.resolve([])
    ]);
    const byId = new Map();
    ready.forEach((s, i) => byId.set(s.stackId, batch[i]));
    waiting.forEach((s, i) => byId.set(s.stackId, single[i].ok ? { ok: true } : { ok: false, error: single[i].error }));
    return stacks.map((s) => byId.get(s.stackId));
}


/***/ }),

/***/ 9997:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P_: () => (/* binding */ offerApi),
/* harmony export */   cf: () => (/* binding */ apiResources),
/* harmony export */   vr: () => (/* binding */ liveApiLogicalId)
/* harmony export */ });
/* harmony import */ var _aws_apigateway_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8803);
/* harmony import */ var _aws_apigatewayv2_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(395);
/* harmony import */ var _aws_execute_api_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2895);
/* harmony import */ var _cloudformation_stack_resources_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7372);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);





const API_TYPES = {
    'AWS::ApiGateway::RestApi': 'rest',
    'AWS::ApiGatewayV2::Api': 'http'
};
function apiResources(resources) {
    return resources
        .filter((r) => r.ResourceType && r.ResourceType in API_TYPES && r.PhysicalResourceId)
        .map((r) => ({ logicalId: r.LogicalResourceId, apiId: r.PhysicalResourceId, kind: API_TYPES[r.ResourceType] }));
}
/** The logical id of the mapped API in the live stack: green's API with the same id is the one to map. */
async function liveApiLogicalId(ctx, liveStack, apiId) {
    return apiResources(await (0,_cloudformation_stack_resources_js__WEBPACK_IMPORTED_MODULE_2__/* .stackResources */ .o)(ctx.clients.cloudformation, liveStack)).find((a) => a.apiId === apiId)?.logicalId;
}
/** The API (and stage) an environment stack offers the custom domain; fails with what to fix when it offers none. */
async function offerApi(ctx, env, region, prefer) {
    const { stackName } = env;
    const apis = apiResources(await (0,_cloudformation_stack_resources_js__WEBPACK_IMPORTED_MODULE_2__/* .stackResources */ .o)(ctx.clients.cloudformation, stackName));
    if (apis.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .DeployError */ .sH(`Stack ${stackName} has no AWS::ApiGateway::RestApi or AWS::ApiGatewayV2::Api, so there is nothing to map the domain to`, undefined, 'extra-env moves an API Gateway custom domain between stacks; each environment must create its own API (or choose another router).');
    }
    const liveLogicalId = apis.length === 1 ? undefined : await prefer.logicalId?.();
    const api = apis.length === 1 ? apis[0] : apis.find((a) => a.logicalId === liveLogicalId);
    if (!api) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .DeployError */ .sH(`Stack ${stackName} has ${apis.length} APIs (${apis.map((a) => a.logicalId).join(', ')}) and none has the logical id of the API the domain maps to today (${liveLogicalId ?? 'none mapped yet'})`, undefined, 'Keep the mapped API under the same logical id in every environment.');
    }
    const stage = await chooseStage(ctx, api.kind, api.apiId, prefer.stage);
    return {
        target: { kind: api.kind, apiId: api.apiId, stage },
        endpoint: () => invokeUrl(ctx, api.kind, api.apiId, stage, region),
        note: api.kind === 'rest' ? 'REST' : 'HTTP'
    };
}
async function chooseStage(ctx, kind, apiId, prefer) {
    const stages = kind === 'rest' ? await (0,_aws_apigateway_js__WEBPACK_IMPORTED_MODULE_0__/* .restApiStages */ .GH)(ctx.clients.apigateway, apiId) : await (0,_aws_apigatewayv2_js__WEBPACK_IMPORTED_MODULE_1__/* .httpApiStages */ .EJ)(ctx.clients.apigatewayv2, apiId);
    if (prefer && stages.includes(prefer))
        return prefer;
    if (kind === 'http' && stages.includes('$default'))
        return '$default';
    if (stages.length === 1)
        return stages[0];
    if (stages.length === 0 && kind === 'http') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .DeployError */ .sH(`HTTP API ${apiId} has no stage for the domain to map to`, undefined, 'Add an AWS::ApiGatewayV2::Stage to the template (StageName $default, AutoDeploy true), or create the API with Target (quick create).');
    }
    if (stages.length === 0)
        return prefer;
    if (prefer) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .DeployError */ .sH(`API ${apiId} has no stage ${prefer} (the stage the domain uses today); it has ${stages.join(', ')}`);
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .DeployError */ .sH(`API ${apiId} has several stages (${stages.join(', ')}) and the domain has no mapping yet to say which one to use`, undefined, 'Map the domain to the first environment by hand once.');
}
/** The API's own URL (smoke checks call it before the domain moves), unless endpoint-output names another. */
async function invokeUrl(ctx, kind, apiId, stage, region) {
    if (kind === 'rest')
        return (0,_aws_execute_api_js__WEBPACK_IMPORTED_MODULE_4__/* .executeApiUrl */ .F)(apiId, region, stage || undefined);
    const base = (await (0,_aws_apigatewayv2_js__WEBPACK_IMPORTED_MODULE_1__/* .httpApiEndpoint */ .we)(ctx.clients.apigatewayv2, apiId)) ?? (0,_aws_execute_api_js__WEBPACK_IMPORTED_MODULE_4__/* .executeApiUrl */ .F)(apiId, region);
    return !stage || stage === '$default' ? base : `${base}/${stage}`;
}


/***/ }),

/***/ 4955:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  OI: () => (/* binding */ describeScope),
  YH: () => (/* binding */ readFrontDoor),
  Hc: () => (/* binding */ routesToApis),
  RW: () => (/* binding */ stackApiIds)
});

// UNUSED EXPORTS: describeRoutes, refuseLive, routesInRegion, routesOfDomain

// EXTERNAL MODULE: ./src/aws/sdk.ts
var sdk = __webpack_require__(5857);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/aws/custom-domains.ts


// Every custom domain and every mapping of one, REST (v1) and HTTP (v2): what finds a live stack by itself.
/** Every REST (v1) custom domain name in the account and region, all pages. */
async function listRestDomainNames(apigw) {
    const names = [];
    let position;
    do {
        const page = await apigw.send(new (await (0,sdk/* apiGatewaySdk */.hs)()).GetDomainNamesCommand({ position, limit: 500 }));
        for (const d of page.items ?? [])
            if (d.domainName)
                names.push(d.domainName);
        position = page.position;
    } while (position);
    return names;
}
/** Every base path mapping of a REST custom domain, all pages; [] when the domain does not exist. */
async function listRestMappings(apigw, domainName) {
    const out = [];
    let position;
    do {
        let page;
        try {
            page = await apigw.send(new (await (0,sdk/* apiGatewaySdk */.hs)()).GetBasePathMappingsCommand({ domainName, position, limit: 500 }));
        }
        catch (err) {
            if ((0,errors/* errorName */.Is)(err) === 'NotFoundException')
                return out;
            throw err;
        }
        for (const m of page.items ?? []) {
            if (m.restApiId)
                out.push({ domainName, basePath: m.basePath === '(none)' || !m.basePath ? '' : m.basePath, restApiId: m.restApiId, stage: m.stage });
        }
        position = page.position;
    } while (position);
    return out;
}
/** Every HTTP (v2) custom domain name in the account and region, all pages. */
async function listHttpDomainNames(client) {
    const names = [];
    let next;
    do {
        const page = await client.send(new (await (0,sdk/* apiGatewayV2Sdk */.rH)()).GetDomainNamesCommand({ NextToken: next, MaxResults: '500' }));
        for (const d of page.Items ?? [])
            if (d.DomainName)
                names.push(d.DomainName);
        next = page.NextToken;
    } while (next);
    return names;
}
/** Every API mapping of a v2 custom domain, all pages; [] when the domain does not exist. */
async function listHttpMappings(client, domainName) {
    const out = [];
    let next;
    do {
        let page;
        try {
            page = await client.send(new (await (0,sdk/* apiGatewayV2Sdk */.rH)()).GetApiMappingsCommand({ DomainName: domainName, NextToken: next, MaxResults: '500' }));
        }
        catch (err) {
            if ((0,errors/* errorName */.Is)(err) === 'NotFoundException')
                return out;
            throw err;
        }
        for (const m of page.Items ?? []) {
            if (m.ApiId && m.ApiMappingId)
                out.push({ domainName, basePath: m.ApiMappingKey ?? '', apiId: m.ApiId, stage: m.Stage, mappingId: m.ApiMappingId });
        }
        next = page.NextToken;
    } while (next);
    return out;
}

// EXTERNAL MODULE: ./src/cloudformation/stack-resources.ts
var stack_resources = __webpack_require__(7372);
// EXTERNAL MODULE: ./src/core/routers/api-gateway.ts
var api_gateway = __webpack_require__(3533);
// EXTERNAL MODULE: ./src/core/routers/api-gateway-environment.ts
var api_gateway_environment = __webpack_require__(9997);
// EXTERNAL MODULE: ./src/core/pool.ts + 1 modules
var pool = __webpack_require__(9096);
;// CONCATENATED MODULE: ./src/core/routers/api-gateway-routes.ts






/** Domains read at once when the whole region is read. */
const DOMAIN_READS = 4;
/** Nested stacks below an environment that are searched for APIs. */
const NESTING_DEPTH = 5;
function describeScope(scope, region) {
    return scope.domainName ? `every base path of ${scope.domainName}` : `every REST and HTTP API custom domain in ${region}`;
}
/** Every route of one custom domain: all its base path mappings and API mappings, not only base-path. */
async function routesOfDomain(ctx, domainName, type) {
    const routes = [];
    // the v1 and v2 listings are independent reads of one domain: asked together
    const [rest, http] = await Promise.all([type !== 'http' ? listRestMappings(ctx.clients.apigateway, domainName) : [], type !== 'rest' ? listHttpMappings(ctx.clients.apigatewayv2, domainName) : []]);
    for (const m of rest)
        routes.push({ kind: 'rest', domainName, basePath: m.basePath, apiId: m.restApiId, stage: m.stage });
    for (const m of http) {
        // v1 and v2 read the same domain: a mapping seen by both is one route
        if (!routes.some((r) => r.basePath === m.basePath && r.apiId === m.apiId))
            routes.push({ kind: 'http', domainName, basePath: m.basePath, apiId: m.apiId, stage: m.stage });
    }
    return routes;
}
/** Every route of every REST and HTTP API custom domain in the region. */
async function routesInRegion(ctx) {
    const names = new Set([...(await listRestDomainNames(ctx.clients.apigateway)), ...(await listHttpDomainNames(ctx.clients.apigatewayv2))].map((d) => d.toLowerCase()));
    const read = await (0,pool/* mapBounded */.y)([...names], DOMAIN_READS, (d) => routesOfDomain(ctx, d, 'auto'));
    return read.flatMap((r) => {
        if (!r.ok)
            throw r.error;
        return r.value;
    });
}
function readFrontDoor(ctx, scope) {
    return scope.domainName ? routesOfDomain(ctx, scope.domainName, scope.type) : routesInRegion(ctx);
}
/** The ids of every API the stack creates, its nested stacks' included. */
async function stackApiIds(ctx, stackNameOrId, depth = NESTING_DEPTH) {
    const resources = await (0,stack_resources/* stackResources */.o)(ctx.clients.cloudformation, stackNameOrId);
    const ids = (0,api_gateway_environment/* apiResources */.cf)(resources).map((a) => a.apiId);
    if (depth === 0)
        return ids;
    for (const nested of resources) {
        if (nested.ResourceType === 'AWS::CloudFormation::Stack' && nested.PhysicalResourceId)
            ids.push(...(await stackApiIds(ctx, nested.PhysicalResourceId, depth - 1)));
    }
    return ids;
}
/** The routes that send traffic to any API of the stack. */
function routesToApis(routes, apiIds) {
    return routes.filter((r) => apiIds.includes(r.apiId));
}
function describeRoutes(routes) {
    return routes.map((r) => `${describeMapping(r)} → ${r.kind} API ${r.apiId}`).join(', ');
}
/** Refuses to change a stack that any front door routes to, naming the domain and base path of each route. */
function refuseLive(stackName, routes, consequence, nextSteps) {
    if (routes.length === 0)
        return;
    throw new DeployError(`${stackName} is the live environment (${describeRoutes(routes)} ${routes.length === 1 ? 'maps' : 'map'} to it): ${consequence}`, undefined, nextSteps);
}


/***/ }),

/***/ 3533:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ApiGatewayRouter: () => (/* binding */ ApiGatewayRouter),
/* harmony export */   describeMapping: () => (/* binding */ describeMapping),
/* harmony export */   domainUrl: () => (/* binding */ domainUrl),
/* harmony export */   moveMapping: () => (/* binding */ moveMapping),
/* harmony export */   readMapping: () => (/* binding */ readMapping),
/* harmony export */   sameTarget: () => (/* binding */ sameTarget)
/* harmony export */ });
/* harmony import */ var _aws_apigateway_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8803);
/* harmony import */ var _aws_apigatewayv2_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(395);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _owner_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2920);
/* harmony import */ var _api_gateway_routes_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4955);
/* harmony import */ var _api_gateway_environment_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9997);






function describeMapping(m) {
    return `${m.domainName}/${m.basePath === '' ? '(root)' : m.basePath}`;
}
function domainUrl(domainName, basePath) {
    return `https://${domainName}${basePath === '' ? '' : `/${basePath}`}`;
}
/**
 * Reads the mapping of domain + base path. With `auto`, a REST base path mapping is taken when its target
 * is a REST API; otherwise the HTTP API (v2) mappings are read.
 */
async function readMapping(ctx, domainName, basePath, type) {
    if (type !== 'http') {
        const rest = await (0,_aws_apigateway_js__WEBPACK_IMPORTED_MODULE_0__/* .getRestMapping */ .$j)(ctx.clients.apigateway, domainName, basePath).catch((err) => {
            // v1 refuses keys it cannot express (multi-level API mapping keys exist only in v2)
            if (type === 'auto' && (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorName */ .Is)(err) === 'BadRequestException')
                return undefined;
            throw err;
        });
        if (rest && (type === 'rest' || (await (0,_aws_apigateway_js__WEBPACK_IMPORTED_MODULE_0__/* .restApiExists */ .Jc)(ctx.clients.apigateway, rest.restApiId)))) {
            return { kind: 'rest', domainName, basePath, apiId: rest.restApiId, stage: rest.stage };
        }
        if (type === 'rest') {
            await assertDomainExists(ctx, domainName, type);
            return undefined;
        }
    }
    const http = await (0,_aws_apigatewayv2_js__WEBPACK_IMPORTED_MODULE_1__/* .getHttpMapping */ .rq)(ctx.clients.apigatewayv2, domainName, basePath);
    if (http)
        return { kind: 'http', domainName, basePath, apiId: http.apiId, stage: http.stage, mappingId: http.mappingId };
    await assertDomainExists(ctx, domainName, type);
    return undefined;
}
/** No mapping can also mean no such domain: say so, rather than fail later creating a mapping on it. */
async function assertDomainExists(ctx, domainName, type) {
    if (type !== 'http' && (await (0,_aws_apigateway_js__WEBPACK_IMPORTED_MODULE_0__/* .restDomainExists */ .Bz)(ctx.clients.apigateway, domainName)))
        return;
    if (type !== 'rest' && (await (0,_aws_apigatewayv2_js__WEBPACK_IMPORTED_MODULE_1__/* .httpDomainExists */ .TD)(ctx.clients.apigatewayv2, domainName)))
        return;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .DeployError */ .sH(`The custom domain ${domainName} does not exist in API Gateway in this account and region`, undefined, 'Create the custom domain (with its certificate) once, outside the environment stacks, or check domain-name and region.');
}
/**
 * Points the domain at the target in one update call (an existing mapping is never deleted and re-created,
 * so the domain never answers 403 in between); creates the mapping when there is none yet.
 */
async function moveMapping(ctx, current, domainName, basePath, to) {
    if (current && current.kind !== to.kind) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .DeployError */ .sH(`The domain ${describeMapping(current)} is mapped with API Gateway ${current.kind === 'rest' ? 'v1 (REST)' : 'v2 (HTTP)'} but the new environment's API is ${to.kind === 'rest' ? 'a REST API' : 'an HTTP API'}`, undefined, 'Keep the same API type across environments, or move the domain by hand once.');
    }
    if (to.kind === 'rest') {
        const m = current
            ? await (0,_aws_apigateway_js__WEBPACK_IMPORTED_MODULE_0__/* .switchRestMapping */ .lp)(ctx.clients.apigateway, { domainName, basePath, restApiId: to.apiId, stage: to.stage })
            : await (0,_aws_apigateway_js__WEBPACK_IMPORTED_MODULE_0__/* .createRestMapping */ .fU)(ctx.clients.apigateway, { domainName, basePath, restApiId: to.apiId, stage: to.stage });
        return { kind: 'rest', domainName, basePath, apiId: m.restApiId, stage: m.stage };
    }
    const m = current
        ? await (0,_aws_apigatewayv2_js__WEBPACK_IMPORTED_MODULE_1__/* .switchHttpMapping */ .nH)(ctx.clients.apigatewayv2, { domainName, basePath, apiId: current.apiId, stage: current.stage, mappingId: current.mappingId }, to)
        : await (0,_aws_apigatewayv2_js__WEBPACK_IMPORTED_MODULE_1__/* .createHttpMapping */ .Hj)(ctx.clients.apigatewayv2, { domainName, basePath, apiId: to.apiId, stage: to.stage });
    return { kind: 'http', domainName, basePath, apiId: m.apiId, stage: m.stage, mappingId: m.mappingId };
}
function sameTarget(a, b) {
    if (!a || !b)
        return a === b;
    return a.apiId === b.apiId && (a.stage ?? '') === (b.stage ?? '');
}
function targetText(m) {
    return m ? `API ${m.apiId} stage ${m.stage ?? '-'}` : 'nothing (no mapping)';
}
/**
 * The first Router: one custom domain + base path of API Gateway, REST (v1) or HTTP (v2). Without
 * domain-name (deploy and destroy may omit it) it only answers routesTo, from every custom domain of the region.
 */
class ApiGatewayRouter {
    ctx;
    door;
    region;
    kind = 'api-gateway';
    services = ['apigateway', 'apigatewayv2'];
    targetNoun = 'API';
    namedBy = 'domain-name, base-path';
    idOutput = 'rest-api-id';
    doorNoun = 'The domain';
    verb = 'maps to';
    pastVerb = 'mapped to';
    nothingYet = 'has no mapping yet';
    where;
    url;
    lockKey;
    /** Every route of the domain (or of the region), read once per run unless asked fresh: a sweep asks for each preview. */
    routes;
    constructor(ctx, door, region) {
        this.ctx = ctx;
        this.door = door;
        this.region = region;
        const domainName = door.domainName ?? '';
        this.where = door.domainName ? describeMapping({ domainName, basePath: door.basePath }) : `every custom domain of ${region}`;
        this.url = door.domainName ? domainUrl(domainName, door.basePath) : '';
        this.lockKey = { scope: domainName, path: door.basePath };
    }
    domain() {
        if (!this.door.domainName)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .DeployError */ .sH('This phase needs domain-name');
        return { domainName: this.door.domainName, basePath: this.door.basePath };
    }
    read(like) {
        const { domainName, basePath } = this.domain();
        return readMapping(this.ctx, domainName, basePath, like?.kind ?? this.door.domainApiType);
    }
    async routesTo(stackNameOrId, opts = {}) {
        const fresh = opts.fresh ?? true;
        const { domainName, basePath, domainApiType } = this.door;
        const found = { scope: domainName ? `base path of ${domainName}` : `custom domain of ${this.region}`, routes: [] };
        const apiIds = await (0,_api_gateway_routes_js__WEBPACK_IMPORTED_MODULE_4__/* .stackApiIds */ .RW)(this.ctx, stackNameOrId);
        if (apiIds.length === 0)
            return found;
        if (fresh || !this.routes) {
            this.ctx.log.info(`Reading ${(0,_api_gateway_routes_js__WEBPACK_IMPORTED_MODULE_4__/* .describeScope */ .OI)({ domainName, type: domainApiType }, this.region)} for the stacks it routes to.`);
            this.routes = (0,_api_gateway_routes_js__WEBPACK_IMPORTED_MODULE_4__/* .readFrontDoor */ .YH)(this.ctx, { domainName, type: domainApiType });
        }
        for (const r of (0,_api_gateway_routes_js__WEBPACK_IMPORTED_MODULE_4__/* .routesToApis */ .Hc)(await this.routes, apiIds)) {
            found.routes.push({ where: describeMapping(r), reaches: `API ${r.apiId}`, kind: r.kind, isFrontDoor: r.domainName === domainName && r.basePath === basePath });
        }
        return found;
    }
    async offer(env, live) {
        const { reading, stackName } = live;
        const logicalId = reading && stackName ? () => (0,_api_gateway_environment_js__WEBPACK_IMPORTED_MODULE_5__/* .liveApiLogicalId */ .vr)(this.ctx, stackName, reading.apiId) : undefined;
        return (0,_api_gateway_environment_js__WEBPACK_IMPORTED_MODULE_5__/* .offerApi */ .P_)(this.ctx, env, this.region, { logicalId, stage: reading?.stage });
    }
    findOwner(reading, candidates, baseName) {
        return (0,_owner_js__WEBPACK_IMPORTED_MODULE_3__/* .findOwnerStack */ .$)(this.ctx, reading.apiId, baseName, candidates);
    }
    ownerKey(target) {
        return target.apiId;
    }
    write(current, to) {
        const { domainName, basePath } = this.domain();
        return moveMapping(this.ctx, current, domainName, basePath, to);
    }
    same(a, b) {
        return sameTarget(a, b);
    }
    describe(target) {
        return targetText(target);
    }
    describeLive(m, form = 'id') {
        const stage = m.stage ?? '-';
        return `${m.kind} API ${m.apiId}${form === 'log' ? ` stage ${stage}` : form === 'error' ? ` (stage ${stage})` : ''}`;
    }
}


/***/ }),

/***/ 5358:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  extraEnv: () => (/* binding */ extraEnv)
});

// EXTERNAL MODULE: ./src/context.ts
var context = __webpack_require__(788);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/cloudformation/deploy.ts
var deploy = __webpack_require__(4401);
// EXTERNAL MODULE: ./src/cloudformation/stacks.ts
var stacks = __webpack_require__(8915);
// EXTERNAL MODULE: ./src/outputs.ts
var outputs = __webpack_require__(7729);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudformation/dist-cjs/index.js
var dist_cjs = __webpack_require__(3805);
;// CONCATENATED MODULE: ./src/core/environments.ts



const TAG_STACK = 'bluegreen:stack';
const TAG_EXTRA = 'bluegreen:extra';
const TAG_CREATED_AT = 'bluegreen:created-at';
function environmentStackName(baseName, extra) {
    return `${baseName}-${extra}`;
}
/** The tags the action puts on every environment it creates; the sweep finds previews by them. */
function environmentTags(baseName, extra, createdAt) {
    return [
        { Key: TAG_STACK, Value: baseName },
        { Key: TAG_EXTRA, Value: extra },
        { Key: TAG_CREATED_AT, Value: createdAt }
    ];
}
function ownershipOf(stack, baseName) {
    const name = stack.StackName ?? '';
    const named = name === baseName || name.startsWith(`${baseName}-`);
    const tag = (0,stacks/* stackTag */.v$)(stack, TAG_STACK);
    if (tag === undefined)
        return named ? 'untagged' : 'another app';
    return tag === baseName && named ? 'ours' : 'another app';
}
/** Says whose a stack is, for error messages. */
function describeOwnership(stack, baseName) {
    const tag = (0,stacks/* stackTag */.v$)(stack, TAG_STACK);
    const kind = ownershipOf(stack, baseName);
    if (kind === 'ours')
        return `an environment of ${baseName}`;
    if (kind === 'untagged')
        return `not tagged ${TAG_STACK}=${baseName} (made before the action, or by hand)`;
    return tag ? `another app's stack (tagged ${TAG_STACK}=${tag})` : `not a stack of ${baseName}`;
}
function createdAtOf(stack) {
    const tag = Date.parse((0,stacks/* stackTag */.v$)(stack, TAG_CREATED_AT) ?? '');
    if (Number.isFinite(tag))
        return tag;
    return stack.CreationTime ? new Date(stack.CreationTime).getTime() : 0;
}
function toEnvironment(stack, baseName) {
    return {
        stackName: stack.StackName,
        stackId: stack.StackId,
        status: stack.StackStatus ?? 'UNKNOWN',
        createdAt: createdAtOf(stack),
        extra: (0,stacks/* stackTag */.v$)(stack, TAG_EXTRA),
        tagged: (0,stacks/* stackTag */.v$)(stack, TAG_STACK) === baseName,
        ownership: ownershipOf(stack, baseName),
        outputs: (0,stacks/* stackOutputs */.XC)(stack)
    };
}
/**
 * Every stack that may be an environment of baseName, read with one listing: the base stack, stacks tagged for it,
 * and `<baseName>-*` stacks (made before the action, or another app's that shares the prefix). Only their
 * `ownership` says what the action may do with them; the prefix only narrows where an owner is looked for.
 */
async function listEnvironments(ctx, baseName) {
    const found = [];
    let next;
    do {
        const page = await ctx.clients.cloudformation.send(new dist_cjs.DescribeStacksCommand({ NextToken: next }));
        for (const stack of page.Stacks ?? []) {
            if (stack.StackStatus === 'DELETE_COMPLETE')
                continue;
            const name = stack.StackName ?? '';
            if (name === baseName || name.startsWith(`${baseName}-`) || (0,stacks/* stackTag */.v$)(stack, TAG_STACK) === baseName) {
                found.push(toEnvironment(stack, baseName));
            }
        }
        next = page.NextToken;
    } while (next);
    return found;
}
/** Reads what the front door needs from an environment stack; fails with what to fix when it cannot be used. */
async function resolveEnvironment(router, stack, opts) {
    const stackName = stack.StackName;
    const outputs = (0,stacks/* stackOutputs */.XC)(stack);
    const offer = await router.offer({ stackName, stackId: stack.StackId, stack, outputs }, opts.live);
    return {
        stackName,
        stackId: stack.StackId,
        status: stack.StackStatus ?? 'UNKNOWN',
        createdAt: createdAtOf(stack),
        target: offer.target,
        targetId: router.ownerKey(offer.target),
        note: offer.note,
        endpoint: opts.endpointOutput ? outputValue(outputs, stackName, opts.endpointOutput) : ((await offer.endpoint?.()) ?? ''),
        outputs
    };
}
function outputValue(outputs, stackName, key) {
    const value = outputs[key];
    if (!value)
        throw new errors/* DeployError */.sH(`Stack ${stackName} has no output ${key} (endpoint-output); its outputs are: ${Object.keys(outputs).join(', ') || 'none'}`);
    return value;
}
/** Stacks that answer as healthy environments (a stack whose create never finished is not one). */
function isUsable(status) {
    return /_COMPLETE$/.test(status) && !['DELETE_COMPLETE', 'ROLLBACK_COMPLETE', 'REVIEW_IN_PROGRESS'].includes(status);
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/smoke.ts + 1 modules
var smoke = __webpack_require__(5472);
// EXTERNAL MODULE: ./src/clock.ts
var src_clock = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
;// CONCATENATED MODULE: ./src/core/summary.ts



const RETIRED = {
    deleted: 'deleted',
    'deleted earlier': 'deleted (by the earlier attempt)',
    'made before': 'kept: made before the action, not live',
    'keep-previous': 'kept (keep-previous), not live',
    kept: 'kept (not deleted)',
    'delete failed': '❌ delete failed (not live)'
};
const SWITCHED_BACK = {
    'nothing was live': '❌ failed verification (still mapped: nothing was live before)',
    'blue is gone': '❌ failed verification, still mapped',
    failed: '❌ failed verification, still mapped',
    'switched back': '❌ failed verification, kept for investigation'
};
/** The extra-env part of the job summary: blue and green side by side and a diagram of the switch. */
class SwitchSummary {
    noun;
    switchTitle;
    /** What the steps returned; write() renders the rows from them. */
    results = [];
    blue;
    green;
    domain;
    outcome = 'none';
    /** Verification after the switch, as one line. */
    verification;
    extraSections = [];
    /** The traffic steps, in order (a gradual promotion, or the one 100% step of a gated one). */
    trafficSteps = [];
    /**
     * @param noun what a target's id is, for the column and the diagram: "API", "Origin", "Target group"
     * @param switchTitle the diagram's section: "Domain switch", "Distribution switch"
     */
    constructor(noun = 'API', switchTitle = 'Domain switch') {
        this.noun = noun;
        this.switchTitle = switchTitle;
    }
    env(role, stackName) {
        const existing = this[role];
        if (existing && existing.stackName === stackName)
            return existing;
        const row = { stackName, timings: [] };
        this[role] = row;
        return row;
    }
    /** Keeps a step's result for the summary and hands it back. */
    record(result) {
        this.results.push(result);
        return result;
    }
    /** Folds the steps' results, in order, into the two rows, the outcome and the verification line. */
    render() {
        for (const r of this.results.splice(0)) {
            switch (r.step) {
                case 'live':
                    this.domain = r.where;
                    if (r.blue)
                        Object.assign(this.env('blue', r.blue.stackName), defined(r.blue), { state: 'live' });
                    break;
                case 'environment':
                    this.env('green', r.stackName);
                    break;
                case 'sides':
                    this.domain = r.where;
                    Object.assign(this.env('green', r.green.stackName), defined(r.green));
                    if (r.blue)
                        Object.assign(this.env('blue', r.blue.stackName), defined(r.blue), { state: 'live' });
                    break;
                case 'deploy': {
                    const row = Object.assign(this.env('green', r.env.stackName), defined(r.env));
                    row.timings.push({ name: 'deploy', ms: r.ms });
                    row.state = r.outcome === 'failed' ? '❌ deploy failed' : r.outcome;
                    break;
                }
                case 'smoke': {
                    const row = this.env('green', r.stackName);
                    if (r.results)
                        row.smoke = r.results;
                    if (r.ms !== undefined)
                        row.timings.push({ name: 'smoke', ms: r.ms });
                    if (r.failed)
                        row.state = '❌ smoke checks failed';
                    break;
                }
                case 'switch':
                    this.outcome = r.outcome === 'rolled back' ? 'switched' : r.outcome;
                    if (r.outcome === 'dry-run')
                        break;
                    if (r.outcome === 'already')
                        this.blue = undefined; // the same stack: one row
                    this.env('green', r.green).state = r.outcome === 'rolled back' ? 'live (rolled back to)' : 'live';
                    if (r.blue && r.outcome !== 'already')
                        this.env('blue', r.blue).state = r.outcome === 'rolled back' ? 'not live, kept' : 'was live';
                    break;
                case 'verify':
                    this.env('green', r.green).timings.push({ name: 'verify', ms: r.ms });
                    // The reason quotes URLs and bodies the pull request's app chose.
                    if (r.verification) {
                        const v = r.verification;
                        this.verification = `Verification after the switch: ${v.ok ? '✅ passed' : `❌ failed (${(0,untrusted/* mdInline */.DP)(v.reason)})`} in ${v.rounds} round(s).`;
                    }
                    if (r.cutShort) {
                        this.env('green', r.green).state = '❌ verification cut short by timeout-minutes, still mapped';
                        if (r.blue)
                            this.env('blue', r.blue).state = 'kept (not deleted)';
                    }
                    break;
                case 'switch back':
                    this.env('green', r.green).state = SWITCHED_BACK[r.outcome];
                    if (r.outcome !== 'switched back')
                        break;
                    this.outcome = 'reverted';
                    if (r.blue)
                        this.env('blue', r.blue).state = 'live again (not deleted)';
                    break;
                case 'retire': {
                    const row = this.env('blue', r.blue);
                    if (r.ms !== undefined)
                        row.timings.push({ name: 'delete', ms: r.ms });
                    row.state = RETIRED[r.outcome];
                    if (r.outcome === 'made before' && r.why)
                        this.extraSections.push({ title: 'Previous stack kept', markdown: r.why });
                    break;
                }
                case 'destroy':
                    this.env('green', r.stackName).state = r.outcome;
                    break;
                case 'traffic':
                    this.trafficSteps.push(r);
                    break;
                case 'section':
                    this.extraSections.push({ title: r.title, markdown: r.markdown });
            }
        }
    }
    table() {
        const rows = [];
        if (this.blue)
            rows.push(['🔵 blue (live before)', this.blue]);
        // with nothing live before, the new environment is the first one, not a "green" replacing a blue
        if (this.green)
            rows.push([this.blue ? '🟢 green (new)' : '🟢 first environment (nothing was live)', this.green]);
        return (0,report/* markdownTable */.Qj)(['', 'stack', `${this.noun} id`, 'endpoint', 'smoke', 'timings', 'state'], rows.map(([role, r]) => [
            role,
            r.stackName,
            r.targetId ? (0,report/* code */.aY)(r.targetId) : '–',
            r.endpoint ? (0,report/* code */.aY)(r.endpoint) : '–',
            smokeCell(r.smoke),
            r.timings.map((t) => `${t.name} ${(0,src_clock/* formatDuration */.a3)(t.ms)}`).join(', ') || '–',
            r.state ?? '–'
        ]));
    }
    mermaid() {
        // Labels quote ids and states: nothing in them may close the fence or the label, or form a tag.
        const label = (s) => s
            .replace(/"/g, "'")
            .replace(/[`<>\r\n]/g, ' ')
            .replace(/@/g, '@\u200d');
        const lines = ['```mermaid', 'flowchart LR'];
        lines.push(`  domain(["${label(this.domain ?? 'front door')}"])`);
        if (this.blue)
            lines.push(`  blue["🔵 ${label(this.blue.stackName)}<br/>${label(this.noun)} ${label(this.blue.targetId ?? '?')}${this.blue.state ? `<br/>${label(this.blue.state)}` : ''}"]`);
        if (this.green)
            lines.push(`  green["🟢 ${label(this.green.stackName)}<br/>${label(this.noun)} ${label(this.green.targetId ?? '?')}${this.green.state ? `<br/>${label(this.green.state)}` : ''}"]`);
        const b = !!this.blue;
        const g = !!this.green;
        switch (this.outcome) {
            case 'switched':
                if (b)
                    lines.push('  domain -. before .-> blue');
                if (g)
                    lines.push('  domain == now ==> green');
                break;
            case 'reverted':
                if (g)
                    lines.push('  domain -. tried, failed verification .-> green');
                if (b)
                    lines.push('  domain == now (switched back) ==> blue');
                break;
            case 'dry-run':
                if (b)
                    lines.push('  domain == now ==> blue');
                if (g)
                    lines.push('  domain -. would switch .-> green');
                break;
            case 'already':
                if (g)
                    lines.push('  domain == already live ==> green');
                break;
            default:
                if (b)
                    lines.push('  domain == now (unchanged) ==> blue');
        }
        lines.push('```');
        return lines.join('\n');
    }
    write(ctx) {
        this.render();
        if (this.blue || this.green)
            ctx.report.section('Environments', this.table());
        if (this.domain && (this.blue || this.green)) {
            ctx.report.section(this.switchTitle, [this.mermaid(), this.verification ? `\n\n${this.verification}` : ''].join(''));
        }
        if (this.trafficSteps.length > 0)
            ctx.report.section('Traffic steps', trafficMarkdown(this.trafficSteps));
        for (const s of this.extraSections)
            ctx.report.section(s.title, s.markdown);
    }
}
const OUTCOME = { held: '✅ held', switched: '✅ switched (then verify-seconds)', 'switched back': '❌ switched back to blue' };
/**
 * The steps as a table and a chart of green's share over time (mermaid xychart-beta). The chart carries
 * only numbers and times the action computed; alarm names (the workflow's) go only in the table's cells.
 */
function trafficMarkdown(steps) {
    const t0 = steps[0].startedAt;
    const at = (ms) => `+${(0,src_clock/* formatDuration */.a3)(Math.max(0, ms - t0))}`;
    const table = (0,report/* markdownTable */.Qj)(['step', "green's share", 'start', 'end', 'alarms', 'outcome'], steps.map((s, i) => [
        String(i + 1),
        `${s.percent}%`,
        new Date(s.startedAt).toISOString(),
        new Date(s.endedAt).toISOString(),
        s.alarms.map((a) => `${a.state === 'ALARM' ? '🔴' : a.state === 'OK' ? '🟢' : '⚪'} ${a.name} ${a.state}`).join('\n') || '–',
        `${OUTCOME[s.outcome]}${s.resumed ? ' (resumed after an interruption)' : ''}`
    ]));
    // two points per step (its start and its end) draw the staircase; a switch back drops to 0 at its end
    const points = [];
    for (const s of steps) {
        points.push([at(s.startedAt), s.percent]);
        points.push([at(s.endedAt), s.outcome === 'switched back' ? 0 : s.percent]);
    }
    const chart = [
        '```mermaid',
        'xychart-beta',
        `  title "Green's share of traffic"`,
        `  x-axis [${points.map(([x]) => `"${x}"`).join(', ')}]`,
        '  y-axis "% of traffic on green" 0 --> 100',
        `  line [${points.map(([, y]) => y).join(', ')}]`,
        '```'
    ].join('\n');
    return `${chart}\n\n${table}`;
}
function smokeCell(results) {
    if (!results)
        return '–';
    if (results.length === 0)
        return 'no smoke-path';
    // The table's cell escaping makes the line breaks <br> and the paths and errors (bodies, codes) inert.
    return results.map((r) => `${r.ok ? '✅' : '❌'} ${new URL(r.url).pathname} ${r.status ?? r.error ?? ''}`.trim()).join('\n');
}
/** The parts of an environment that are known (an unresolved API id must not blank one read earlier). */
function defined(env) {
    return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
}
/** Starts timing a step: the returned function gives the milliseconds since (also after a failure). */
function stopwatch(ctx) {
    const started = ctx.clock.now();
    return () => ctx.clock.now() - started;
}

;// CONCATENATED MODULE: ./src/core/phase.ts







/** The front door of the run. */
function routerOf(p) {
    return p.router;
}
/** The stacks that may be environments of stack-name, listed at most once per run. */
function environmentsOf(p) {
    p.cache ??= {};
    p.cache.environments ??= listEnvironments(p.ctx, p.inputs.stackName);
    return p.cache.environments;
}
/** The owner stack of what the front door routes to, from the run's one listing of environments. */
function ownerOf(p, reading) {
    return p.router.findOwner(reading, () => environmentsOf(p), p.inputs.stackName);
}
/**
 * The routes of the front door that reach the stack (or its nested stacks); [] when none. Read once per run
 * for many stacks unless fresh (the sweep reads the front door once for all its candidates).
 */
async function routesTo(p, stackNameOrId, opts = {}) {
    return p.router.routesTo(stackNameOrId, { fresh: opts.fresh ?? false });
}
/** The routes in words: "api.example.com/v1 → API abc123". */
function describeRoutes(found) {
    return found.routes.map((r) => `${r.where} → ${r.kind ? `${r.kind} ` : ''}${r.reaches}`).join(', ');
}
/** Refuses to change a stack that a route of the front door reaches, naming each route. */
function refuseRouted(p, stackName, found, consequence, nextSteps) {
    const n = found.routes.length;
    if (n === 0)
        return;
    const verb = n === 1 ? p.router.verb : p.router.verb.replace(/s to$/, ' to');
    throw new errors/* DeployError */.sH(`${stackName} is the live environment (${describeRoutes(found)} ${verb} it): ${consequence}`, undefined, nextSteps);
}
/**
 * Reads which stack is live: the front door's target, then the stack that owns it. After a peek (phases full
 * and promote, before the lock) the front door is read again here, under the lock, and that reading is the one
 * that counts; when it is the very target the peek saw, the owner the peek found is the owner still (a target
 * belongs to the stack that created it, and the run's listing is the same one), so it is not looked up a
 * second time, and the owner's stack is read beside the front door rather than after it.
 */
async function readLive(p) {
    const router = routerOf(p);
    const peeked = p.peeked?.owner ? p.peeked : undefined;
    const [reading, peekedStack] = await Promise.all([router.read(p.peeked?.reading), peeked ? (0,stacks/* describeStack */.GO)(p.ctx.clients.cloudformation, peeked.owner.stackName) : undefined]);
    if (!reading) {
        p.ctx.log.info(`${router.where} ${router.nothingYet}: no environment is live.`);
        return {};
    }
    const asPeeked = !!peeked && (0,external_node_util_.isDeepStrictEqual)(peeked.reading, reading);
    if (asPeeked)
        p.ctx.log.info(`${router.where} still ${router.verb} ${router.describeLive(reading)}, as before the lock: its owner ${peeked.owner.stackName} is not looked up again.`);
    const owner = asPeeked ? peeked.owner : await ownerOf(p, reading);
    const stack = asPeeked ? peekedStack : owner && (await (0,stacks/* describeStack */.GO)(p.ctx.clients.cloudformation, owner.stackName));
    const tags = { StackName: owner?.stackName, Tags: stack ? stack.Tags : undefined };
    const kind = owner ? ownershipOf(tags, p.inputs.stackName) : undefined;
    if (!owner || (kind === 'another app' && !stack?.Tags?.some((t) => t.Key === TAG_STACK)))
        return unknownOwner(p, reading);
    if (kind === 'another app') {
        const whose = describeOwnership(tags, p.inputs.stackName);
        if (p.inputs.extraEnv.phase === 'deploy') {
            p.ctx.log.warning(`${router.where} ${router.verb} ${owner.stackName}, ${whose}; a promotion of ${p.inputs.stackName} will refuse to move it.`);
            return { reading };
        }
        throw new errors/* DeployError */.sH(`${router.where} ${router.verb} ${router.describeLive(reading)} of ${owner.stackName}, ${whose}: the action will not move traffic away from another app`, undefined, `Check ${router.namedBy} and stack-name: each app needs its own front door.`);
    }
    p.ctx.log.info(`Live: ${router.where} → ${router.describeLive(reading, 'log')} → stack ${owner.stackName} (found by ${owner.via}).`);
    if (kind === 'untagged') {
        p.ctx.log.info(`${owner.stackName} is not tagged bluegreen:stack=${p.inputs.stackName}: it was made before the action. A promotion may move traffic off it and then keeps it; it is never updated or deleted.`);
    }
    return { reading, stackName: owner.stackName, stack, madeBefore: kind === 'untagged' };
}
/** The live target belongs to no stack of stack-name: a deploy goes on (nothing moves), the others refuse. */
function unknownOwner(p, reading) {
    const router = routerOf(p);
    if (p.inputs.extraEnv.phase === 'deploy') {
        p.ctx.log.warning(`${router.where} ${router.verb} ${router.describeLive(reading)}, which no stack of ${p.inputs.stackName} owns; a promotion will refuse to move it.`);
        return { reading };
    }
    throw new errors/* DeployError */.sH(`${router.where} ${router.verb} ${router.describeLive(reading, 'error')}, which no stack of ${p.inputs.stackName} owns: the action will not move traffic away from ${router.kind === 'api-gateway' ? 'an API' : 'a target'} it does not know`, undefined, `If ${router.doorNoun.toLowerCase()} should move to ${p.inputs.stackName}'s environments, ${router.verb.split(' ')[0].replace(/s$/, '')} it by hand once to the first environment${router.kind === 'api-gateway' ? ' (or delete the mapping so the first promotion creates it)' : ''}; otherwise check ${router.namedBy} and stack-name.`);
}
/**
 * A light look at the live stack before the lock is taken, only to record in the lock which stack this run
 * is about to replace; the live stack is read again, authoritatively, once the lock is held (readLive, which
 * reuses the owner found here when the front door still routes to the same target).
 */
async function peekLive(p) {
    const router = routerOf(p);
    const reading = await router.read();
    if (!reading)
        return {};
    const owner = await ownerOf(p, reading);
    p.ctx.log.info(`Before locking: ${router.where} ${router.verb} ${router.describeLive(reading)}${owner ? ` of ${owner.stackName}` : ''}, recorded in the lock so that a re-run of an interrupted attempt knows what it replaced; read again once the lock is held.`);
    return { reading, stackName: owner?.stackName, owner };
}
/** The live stack and the front door as the summary shows them, so every outcome draws where it points. */
function noteLive(p, live) {
    const router = routerOf(p);
    const endpoint = live.stackName && p.inputs.endpointOutput ? (0,stacks/* stackOutputs */.XC)(live.stack)[p.inputs.endpointOutput] : undefined;
    p.summary.record({
        step: 'live',
        where: router.where,
        noun: router.targetNoun,
        blue: live.stackName ? { stackName: live.stackName, targetId: live.reading === undefined ? undefined : router.ownerKey(live.reading), endpoint } : undefined
    });
}
/** An existing, healthy environment stack resolved into what the front door needs. */
async function existingEnvironment(p, stackName, live) {
    const stack = await (0,stacks/* describeStack */.GO)(p.ctx.clients.cloudformation, stackName);
    if (!stack)
        throw new errors/* DeployError */.sH(`Stack ${stackName} does not exist`, undefined, 'Deploy it first (phase deploy), or check stack-name and extra.');
    if (!isUsable(stack.StackStatus ?? '')) {
        throw new errors/* DeployError */.sH(`Stack ${stackName} is ${stack.StackStatus}, not a working environment`, stack.StackStatusReason, 'Deploy it again (phase deploy) before moving traffic to it.');
    }
    return resolveIn(p, stack, live);
}
/** What a stack offers the front door, green kept like the live side (same API logical id and stage for API Gateway). */
function resolveIn(p, stack, live) {
    return resolveEnvironment(p.router, stack, { endpointOutput: p.inputs.endpointOutput, live: { reading: live.reading, stackName: live.stackName } });
}
/** Smoke-checks one URL with the smoke-* inputs; the results go to the log. */
async function phase_smoke(p, url) {
    if (p.inputs.smoke.paths.length === 0) {
        p.ctx.log.info('No smoke-path given: no HTTP checks.');
        return [];
    }
    return (0,smoke/* runSmokeChecks */.mF)(url, p.inputs.smoke, { log: p.ctx.log, clock: p.ctx.clock, fetch: p.fetch, deadline: p.ctx.deadline });
}
/** Throws when any smoke check failed, saying what stays as it was. */
function requireSmoke(results, who, untouched) {
    const failures = (0,smoke/* smokeFailures */.Tx)(results);
    if (!failures)
        return;
    throw new errors/* DeployError */.sH(`Smoke checks of ${who} failed`, failures, `${untouched} Fix the app or the smoke-* inputs and re-run.`);
}
/** Smoke-tests an environment on its own endpoint and returns the results (also to the summary); fails when any check fails. */
async function smokeEnvironment(p, env, untouched) {
    const elapsed = stopwatch(p.ctx);
    const timed = p.inputs.smoke.paths.length > 0;
    let results;
    try {
        results = await phase_smoke(p, env.endpoint);
    }
    catch (err) {
        p.summary.record({ step: 'smoke', stackName: env.stackName, ms: timed ? elapsed() : undefined, failed: true });
        throw err;
    }
    p.summary.record({ step: 'smoke', stackName: env.stackName, results, ms: timed ? elapsed() : undefined, failed: !!(0,smoke/* smokeFailures */.Tx)(results) });
    requireSmoke(results, env.stackName, untouched);
    return results;
}
/** Smoke-tests green before traffic moves to it; on failure the front door is not touched. */
async function smokeGreen(p, env) {
    const results = await (0,context/* step */.PM)(p.ctx, `Smoke-test ${env.stackName}`, () => smokeEnvironment(p, env, `${p.router.doorNoun} was not touched; the live environment still serves.`));
    if (results.length > 0)
        p.ctx.log.info(`${env.stackName} passed ${results.length} smoke check(s).`);
    return results;
}

;// CONCATENATED MODULE: ./src/modes/extra-env/deploy.ts









function greenName(p) {
    return environmentStackName(p.inputs.stackName, p.inputs.extraEnv.extra);
}
/**
 * Deploys <stack-name>-<extra> and smoke-tests it on its own endpoint. The domain is not touched, so a
 * failed deploy or smoke check leaves the live environment exactly as it was.
 * Returns the deployed environment with its smoke results; undefined only in a dry run of a stack that does
 * not exist yet. `read`: green as the caller read it a moment ago (under the lock), not read again.
 */
async function deployGreen(p, live, read) {
    const { ctx, inputs } = p;
    const green = greenName(p);
    if (live.stackName === green) {
        throw new errors/* DeployError */.sH(`${green} is the live environment (${p.router.where} ${p.router.verb} it): deploying to it would change production in place`, undefined, 'Deploy to another extra (for example alternate blue and green), then promote it.');
    }
    if (!inputs.template)
        throw new errors/* DeployError */.sH('This phase needs template');
    p.summary.record({ step: 'environment', stackName: green });
    const existing = read ? read.stack : await (0,stacks/* describeStack */.GO)(ctx.clients.cloudformation, green);
    if (existing)
        await requireUpdatable(p, existing);
    // Keep the first creation time across updates: the sweep ages environments from their creation.
    const createdAt = existing && (0,stacks/* stackTag */.v$)(existing, TAG_CREATED_AT) ? (0,stacks/* stackTag */.v$)(existing, TAG_CREATED_AT) : new Date(existing ? createdAtOf(existing) || ctx.clock.now() : ctx.clock.now()).toISOString();
    p.lock?.assertTime(`deploying ${green}`);
    const elapsed = stopwatch(ctx);
    const result = await (0,context/* step */.PM)(ctx, `Deploy ${green}`, () => (0,deploy/* deployStack */.gE)(ctx, {
        stackName: green,
        templateBody: inputs.template.body,
        parameters: inputs.parameters,
        capabilities: inputs.capabilities,
        tags: [...inputs.tags, ...environmentTags(inputs.stackName, inputs.extraEnv.extra, createdAt)],
        read: { stack: existing }
    })).catch((err) => {
        p.summary.record({ step: 'deploy', env: { stackName: green }, ms: elapsed(), outcome: 'failed' });
        throw err;
    });
    const ms = elapsed();
    (0,outputs/* setStackOutputs */.r)(ctx, result);
    if (!result.stack) {
        p.summary.record({ step: 'deploy', env: { stackName: green }, ms, outcome: 'dry run: would be created' });
        (0,context/* skipStep */.Ks)(ctx, `Smoke-test ${green}`, 'dry run: the stack does not exist yet');
        return undefined;
    }
    const env = await resolveIn(p, result.stack, live);
    p.summary.record({
        step: 'deploy',
        env: { stackName: green, targetId: env.targetId, endpoint: env.endpoint },
        ms,
        outcome: ctx.dryRun ? 'dry run: unchanged' : result.executed ? 'deployed' : 'no changes'
    });
    ctx.setOutput('endpoint', env.endpoint);
    ctx.log.info(`${green}: ${p.router.describe(env.target)}, endpoint ${(0,untrusted/* untrusted */.bp)(env.endpoint)}`);
    return { ...env, smoke: await smokeGreen(p, env) };
}
/**
 * An existing stack is updated only when it is one of ours and no front door routes to it: not another
 * app's stack that happens to have the name, not the app as it ran before the action, not production.
 */
async function requireUpdatable(p, existing) {
    const name = existing.StackName;
    if (ownershipOf(existing, p.inputs.stackName) !== 'ours') {
        throw new errors/* DeployError */.sH(`${name} exists and is ${describeOwnership(existing, p.inputs.stackName)}: deploying would update a stack the action did not make for ${p.inputs.stackName}`, undefined, 'Choose another extra (the stack is left as it is), or check stack-name.');
    }
    refuseRouted(p, name, await routesTo(p, existing.StackId), 'deploying to it would change production in place', 'Deploy to another extra (for example alternate blue and green), then promote it.');
    p.ctx.log.info(`${name} is an environment of ${p.inputs.stackName} and no route of the front door reaches it: updating it.`);
}

// EXTERNAL MODULE: ./src/cloudformation/delete.ts
var cloudformation_delete = __webpack_require__(9513);
// EXTERNAL MODULE: ./src/core/inputs.ts
var core_inputs = __webpack_require__(9114);
// EXTERNAL MODULE: ./src/core/pool.ts + 1 modules
var pool = __webpack_require__(9096);
;// CONCATENATED MODULE: ./src/modes/extra-env/destroy.ts









/**
 * Deletes <stack-name>-<extra> (a pull request closed): only a stack of ours that no front door routes to.
 * With api-gateway and no domain-name every custom domain of the region is read, so the live environment is never deleted.
 */
async function destroyEnvironment(p, live) {
    const { ctx, inputs } = p;
    const name = environmentStackName(inputs.stackName, inputs.extraEnv.extra);
    const stack = await (0,stacks/* describeStack */.GO)(ctx.clients.cloudformation, name);
    if (stack && stack.StackStatus !== 'DELETE_COMPLETE') {
        if (live?.stackName === name) {
            throw new errors/* DeployError */.sH(`${name} is the live environment (${p.router.where} ${p.router.verb} it); it will not be deleted`, undefined, NOT_LIVE_FIRST);
        }
        if (ownershipOf(stack, inputs.stackName) !== 'ours') {
            throw new errors/* DeployError */.sH(`${name} is ${describeOwnership(stack, inputs.stackName)}; it will not be deleted`, undefined, 'Check stack-name and extra: destroy deletes only environments the action made for stack-name.');
        }
        refuseRouted(p, name, await routesTo(p, stack.StackId, { fresh: true }), 'it will not be deleted', NOT_LIVE_FIRST);
    }
    p.summary.record({ step: 'environment', stackName: name });
    const result = await (0,context/* step */.PM)(ctx, `Delete ${name}`, async () => {
        await p.lock?.assertHeld(`deleting ${name}`);
        return (0,cloudformation_delete/* deleteStack */.w)(ctx, stack?.StackId ?? name);
    });
    p.summary.record({ step: 'destroy', stackName: name, outcome: result.deleted ? 'deleted' : ctx.dryRun ? 'dry run: would be deleted' : 'did not exist' });
}
/** Route checks of sweep candidates at once, at least: each is one read of the stack's resources. */
const CHECKS_AT_ONCE = 16;
const NOT_LIVE_FIRST = 'Promote another environment (or roll back) first, then destroy this one.';
/**
 * Deletes every preview environment of stack-name older than older-than, found by the tags the action put
 * on them, a few at a time (sweep-concurrency). The live environment and the base stack are never swept.
 */
async function sweep(p, live, alsoSkip = []) {
    const { ctx, inputs } = p;
    const olderThan = inputs.extraEnv.olderThanMs;
    const now = ctx.clock.now();
    const candidates = await (0,context/* step */.PM)(ctx, `Find environments of ${inputs.stackName} older than ${formatAge(olderThan)}`, async () => {
        const all = await environmentsOf(p);
        const previews = all.filter((e) => e.ownership === 'ours' && e.extra && e.stackName !== inputs.stackName && !alsoSkip.includes(e.stackName));
        for (const e of previews)
            ctx.log.info(`  ${e.stackName}: ${e.status}, age ${formatAge(now - e.createdAt)}${e.stackName === live.stackName ? ' (live)' : ''}`);
        return previews.filter((e) => now - e.createdAt > olderThan);
    }, (c) => `${c.length} found`);
    const results = [];
    const toDelete = [];
    const limit = inputs.extraEnv.sweepConcurrency;
    // each candidate's routes are read several at a time (reads, not deletes: more than sweep-concurrency)
    const checked = await (0,pool/* mapBounded */.y)(candidates, Math.max(limit, CHECKS_AT_ONCE), (e) => (e.stackName === live.stackName ? Promise.resolve(undefined) : routesTo(p, e.stackId)));
    candidates.forEach((e, i) => {
        const check = checked[i];
        if (!check.ok)
            throw check.error;
        const routes = check.value;
        if (routes && routes.routes.length > 0)
            ctx.log.info(`${e.stackName} is live: ${describeRoutes(routes)}; it is not swept.`);
        if (e.stackName === live.stackName || (routes && routes.routes.length > 0))
            results.push({ stackName: e.stackName, ageMs: now - e.createdAt, outcome: 'kept: live' });
        else
            toDelete.push(e);
    });
    const deleted = await (0,context/* step */.PM)(ctx, `Delete ${toDelete.length} old environment(s), ${limit} at a time`, async () => {
        if (toDelete.length > 0)
            await p.lock?.assertHeld(`deleting ${toDelete.length} old environment(s)`);
        return (0,pool/* deleteListedStacks */.Y)(ctx, toDelete, limit, (e) => p.lock?.assertTime(`deleting ${e.stackName}`));
    });
    deleted.forEach((r, i) => {
        const e = toDelete[i];
        const ageMs = now - e.createdAt;
        if (r.ok)
            results.push({ stackName: e.stackName, ageMs, outcome: ctx.dryRun ? 'would delete' : 'deleted' });
        else
            results.push({ stackName: e.stackName, ageMs, outcome: 'failed', error: (0,errors/* errorMessage */.gJ)(r.error).split('\n')[0] });
    });
    p.summary.record({
        step: 'section',
        title: 'Sweep',
        markdown: results.length === 0
            ? `No environment of ${inputs.stackName} is older than ${formatAge(olderThan)}.`
            : (0,report/* markdownTable */.Qj)(['stack', 'age', 'result'], results.map((r) => [r.stackName, formatAge(r.ageMs), r.error ? `❌ ${r.error}` : r.outcome]))
    });
    const failed = results.filter((r) => r.outcome === 'failed');
    if (failed.length > 0) {
        throw new errors/* DeployError */.sH(`${failed.length} of ${toDelete.length} old environment(s) could not be deleted`, failed.map((f) => `${f.stackName}: ${f.error}`).join('; '), 'The others were deleted. Fix the cause (often a resource that blocks the delete) and re-run the sweep.');
    }
    return results;
}
/** The stack the front door routes to; without one (api-gateway without domain-name) every route is checked per stack instead. */
async function liveForDestroy(p) {
    if (!(0,core_inputs/* hasFrontDoor */.ax)(p.inputs.extraEnv))
        return undefined;
    return (0,context/* step */.PM)(p.ctx, `Read which stack ${p.router.where} ${p.router.verb}`, () => readLive(p));
}
/** Ages of environments are days and hours, not the seconds of step timings. */
function formatAge(ms) {
    const hours = Math.floor(ms / 3_600_000);
    if (hours < 48)
        return hours >= 1 ? `${hours} h` : `${Math.max(0, Math.round(ms / 60_000))} min`;
    const days = Math.floor(hours / 24);
    const rest = hours % 24;
    return rest ? `${days} d ${rest} h` : `${days} d`;
}

;// CONCATENATED MODULE: ./src/core/routers/index.ts

/**
 * The front door the inputs name, its code loaded only when it is the one in use (each router pulls in
 * its SDK clients' code, which every job would otherwise pay for at start-up). `app` is stack-name (the
 * route53 router knows its own weighted records by it).
 */
async function createRouter(ctx, door, region, app) {
    switch (door.router) {
        case 'api-gateway':
            return new (await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 3533))).ApiGatewayRouter(ctx, door, region);
        case 'cloudfront':
            return new (await __webpack_require__.e(/* import() */ 439).then(__webpack_require__.bind(__webpack_require__, 9439))).CloudFrontRouter(ctx, door, region);
        case 'route53':
            return new (await __webpack_require__.e(/* import() */ 55).then(__webpack_require__.bind(__webpack_require__, 6055))).Route53Router(ctx, door, app);
        case 'alb':
            return new (await __webpack_require__.e(/* import() */ 635).then(__webpack_require__.bind(__webpack_require__, 8635))).AlbRouter(ctx, door, region);
        case 'target-group':
            return new (await __webpack_require__.e(/* import() */ 551).then(__webpack_require__.bind(__webpack_require__, 8551))).TargetGroupRouter(ctx, door, region);
        default:
            // every router is built in; a door of another kind can only come from an unchecked caller
            throw new errors/* InputError */.dz('router', `${door.router} is not available in this build`);
    }
}

;// CONCATENATED MODULE: ./src/github/deployments.ts
/** Creates a GitHub deployment; returns its id (undefined when GitHub answered 202 without one). */
async function createDeployment(octokit, repo, d) {
    const res = await octokit.rest.repos.createDeployment({
        ...repo,
        ref: d.ref,
        environment: d.environment,
        description: d.description.slice(0, 140),
        // The action deploys what the workflow checked out: no merge of the default branch, no status gate.
        auto_merge: false,
        required_contexts: [],
        transient_environment: d.transient,
        production_environment: d.production
    });
    return 'id' in res.data ? res.data.id : undefined;
}
async function setDeploymentStatus(octokit, repo, deploymentId, s) {
    await octokit.rest.repos.createDeploymentStatus({
        ...repo,
        deployment_id: deploymentId,
        state: s.state,
        environment_url: s.environmentUrl,
        log_url: s.logUrl,
        description: s.description?.slice(0, 140),
        // A new successful deployment marks the environment's older ones inactive.
        auto_inactive: true
    });
}
/** Marks the newest deployment of an environment inactive (the environment was destroyed). */
async function deactivateEnvironment(octokit, repo, environment, logUrl) {
    const list = await octokit.rest.repos.listDeployments({ ...repo, environment, per_page: 1 });
    const newest = list.data[0];
    if (!newest)
        return undefined;
    await setDeploymentStatus(octokit, repo, newest.id, { state: 'inactive', logUrl, description: 'Environment destroyed' });
    return newest.id;
}

;// CONCATENATED MODULE: ./src/github/pr-comment.ts
/** The hidden line that makes a comment ours, so each push edits it instead of adding another. */
function commentMarker(key) {
    return `<!-- bluegreen-action:${key} -->`;
}
/** Creates the pull request's comment for `key`, or updates it when a previous run made one. */
async function upsertPullRequestComment(octokit, repo, issueNumber, key, body, opts = {}) {
    const marker = commentMarker(key);
    const full = `${marker}\n${body}`;
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
    const existing = comments.find((c) => c.body?.includes(marker));
    if (existing) {
        await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: full });
        return { id: existing.id, created: false };
    }
    if (opts.onlyUpdate)
        return undefined;
    const created = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: full });
    return { id: created.data.id, created: true };
}

;// CONCATENATED MODULE: ./src/github/pull-request.ts
/** The pull request of a pull_request / pull_request_target event, or undefined for other events. */
function pullRequestOf(run) {
    const pr = run.payload.pull_request;
    if (!pr || typeof pr.number !== 'number')
        return undefined;
    const headRepo = pr.head?.repo?.full_name;
    const baseRepo = pr.base?.repo?.full_name;
    return {
        number: pr.number,
        headSha: pr.head?.sha,
        headRepo,
        baseRepo,
        // A deleted fork has no head repo at all: treat it as a fork, its code is still foreign.
        fork: pr.head?.repo?.fork === true || !pr.head?.repo || (!!headRepo && !!baseRepo && headRepo !== baseRepo)
    };
}
const CREDENTIALS = "its code would run with this workflow's AWS credentials";
/**
 * Why this run must not deploy, or undefined when it may: the code comes from a fork. Three events carry
 * foreign code: pull_request (the payload names the head repository), workflow_run (the triggering run's
 * head_repository) and issue_comment on a pull request (the payload does not say: the pull request is
 * looked up with the token, and without one, or when the lookup fails, the run is refused as unknowable).
 */
async function forkRefusal(run, allowForks, octokit) {
    if (allowForks)
        return undefined;
    const pr = pullRequestOf(run);
    if (pr)
        return pr.fork ? `pull request #${pr.number} comes from ${pr.headRepo ?? 'a deleted fork'}, not ${pr.baseRepo ?? 'this repository'}: ${CREDENTIALS}` : undefined;
    const wr = run.payload.workflow_run;
    if (wr && typeof wr === 'object')
        return workflowRunRefusal(wr, run.payload.repository?.full_name ?? repoName(run));
    const issue = run.payload.issue;
    if (issue && typeof issue === 'object' && issue.pull_request)
        return commentedPullRequestRefusal(run, Number(issue.number), octokit);
    return undefined;
}
function repoName(run) {
    return run.repo ? `${run.repo.owner}/${run.repo.repo}` : undefined;
}
function workflowRunRefusal(wr, base) {
    const head = wr.head_repository;
    const headName = head?.full_name;
    const which = wr.id === undefined ? 'the workflow run' : `workflow run ${wr.id}`;
    // No head repository (a deleted fork) or nothing to compare with: the code is of unknown origin.
    if (!headName || !base)
        return `${which}, which triggered this one, ran code of ${headName ?? 'an unknown (deleted?) repository'}, which cannot be shown to be ${base ?? 'this repository'}: ${CREDENTIALS}`;
    if (head.fork === true || headName !== base)
        return `${which}, which triggered this one, ran code from the fork ${headName}, not ${base}: ${CREDENTIALS}`;
    return undefined;
}
async function commentedPullRequestRefusal(run, number, octokit) {
    const unknown = (why) => `this run was started by a comment on pull request #${number}, and whether that pull request comes from a fork cannot be known (${why}): refused, since ${CREDENTIALS.replace('its', 'a fork’s')}`;
    if (!octokit || !run.repo || !Number.isInteger(number))
        return unknown(!octokit ? 'no github-token to look it up' : 'the event names no repository or number');
    let data;
    try {
        data = (await octokit.rest.pulls.get({ ...run.repo, pull_number: number })).data;
    }
    catch (err) {
        return unknown(`looking it up failed: ${err.message}`);
    }
    const headRepo = data.head?.repo?.full_name;
    const baseRepo = data.base?.repo?.full_name ?? repoName(run);
    if (data.head?.repo?.fork === true || !headRepo || headRepo !== baseRepo) {
        return `pull request #${number} (commented on) comes from ${headRepo ?? 'a deleted fork'}, not ${baseRepo ?? 'this repository'}: ${CREDENTIALS}`;
    }
    return undefined;
}
/** The commit a deployment is for: the PR's head, else the run's commit. */
function deploymentRef(run) {
    return pullRequestOf(run)?.headSha ?? run.sha;
}

;// CONCATENATED MODULE: ./src/core/github.ts




/**
 * GitHub deployments and the pull request comment for one run. GitHub is the report, not the deployment:
 * a failed call (missing permission, outage) is a warning and never stops or fails the AWS work.
 */
class GitHubTracker {
    ctx;
    run;
    octokit;
    deploymentId;
    constructor(ctx, run, octokit) {
        this.ctx = ctx;
        this.run = run;
        this.octokit = octokit;
    }
    get enabled() {
        return !!this.octokit && !!this.run.repo && !this.ctx.dryRun;
    }
    async guard(what, fn) {
        if (!this.enabled)
            return undefined;
        try {
            return await fn(this.octokit);
        }
        catch (err) {
            this.ctx.log.warning(`GitHub: could not ${what}: ${(0,errors/* errorMessage */.gJ)(err)} (the deployment itself goes on)`);
            return undefined;
        }
    }
    async start(environment, opts) {
        const id = await this.guard(`create a deployment for ${environment}`, (o) => createDeployment(o, this.run.repo, { ref: deploymentRef(this.run), environment, ...opts }));
        if (id === undefined)
            return;
        this.deploymentId = id;
        this.ctx.setOutput('deployment-id', String(id));
        this.ctx.log.info(`GitHub deployment ${id} created for environment ${environment}.`);
        await this.status('in_progress', undefined, opts.description);
    }
    async status(state, environmentUrl, description) {
        const id = this.deploymentId;
        if (id === undefined)
            return;
        await this.guard(`set deployment ${id} to ${state}`, (o) => setDeploymentStatus(o, this.run.repo, id, { state, environmentUrl, logUrl: this.run.runUrl, description }));
    }
    async deactivate(environment) {
        const id = await this.guard(`mark environment ${environment} inactive`, (o) => deactivateEnvironment(o, this.run.repo, environment, this.run.runUrl));
        if (id !== undefined)
            this.ctx.log.info(`GitHub deployment ${id} of ${environment} marked inactive.`);
    }
    /** One comment per pull request and environment, edited on every push. */
    async comment(key, body, opts = {}) {
        const pr = pullRequestOf(this.run);
        if (!pr)
            return;
        const res = await this.guard(`comment on pull request #${pr.number}`, (o) => upsertPullRequestComment(o, this.run.repo, pr.number, key, body, opts));
        if (res)
            this.ctx.log.info(`${res.created ? 'Commented' : 'Updated the comment'} on pull request #${pr.number}.`);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/cloudformation/change-set.ts + 1 modules
var change_set = __webpack_require__(6279);
;// CONCATENATED MODULE: ./src/cloudformation/lock-stack.ts




/**
 * A lock stack holds one resource that costs nothing and needs no permission of another service. Its only
 * job is its name: CreateStack of a name that exists in any state but DELETE_COMPLETE (REVIEW_IN_PROGRESS
 * and DELETE_IN_PROGRESS included) answers AlreadyExistsException, so exactly one of several concurrent
 * creates wins. A CREATE change set is no lock: CloudFormation accepts more CREATE change sets on a
 * REVIEW_IN_PROGRESS stack.
 */
function lockTemplate(description) {
    return JSON.stringify({
        AWSTemplateFormatVersion: '2010-09-09',
        Description: description.slice(0, 1024),
        Resources: { Lock: { Type: 'AWS::CloudFormation::WaitConditionHandle' } }
    });
}
/** Creates the lock stack; undefined when the name is taken (by a lock or anything else). */
async function createLockStack(ctx, name, description, tags) {
    try {
        const out = await ctx.clients.cloudformation.send(new dist_cjs.CreateStackCommand({ StackName: name, TemplateBody: lockTemplate(description), Tags: tags, ClientRequestToken: (0,change_set/* requestToken */.Fr)('lock') }));
        return out.StackId;
    }
    catch (err) {
        if ((0,errors/* errorName */.Is)(err) === 'AlreadyExistsException')
            return undefined;
        throw err;
    }
}
function readLockStack(ctx, nameOrId) {
    return (0,stacks/* describeStack */.GO)(ctx.clients.cloudformation, nameOrId);
}
/** Deletes a lock stack by id, so a lock taken since under the same name is never touched. */
async function deleteLockStack(ctx, stackId) {
    await ctx.clients.cloudformation.send(new dist_cjs.DeleteStackCommand({ StackName: stackId, ClientRequestToken: (0,change_set/* requestToken */.Fr)('unlock') }));
}
/**
 * Waits until one of the lock stacks (by id) is gone (DELETE_COMPLETE, or unknown), reading them all every
 * ctx.pollMs until `until`. Returns false when they are all still there at `until`.
 */
async function waitLockGone(ctx, stackIds, until) {
    for (;;) {
        const stacks = await Promise.all(stackIds.map((id) => readLockStack(ctx, id)));
        if (stacks.some((stack) => !stack || stack.StackStatus === 'DELETE_COMPLETE'))
            return true;
        if (ctx.clock.now() + ctx.pollMs > until)
            return false;
        await ctx.clock.sleep(ctx.pollMs);
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/core/lock-holder.ts


const T = {
    for: 'bluegreen:lock-for',
    repository: 'bluegreen:lock-repository',
    runId: 'bluegreen:lock-run-id',
    attempt: 'bluegreen:lock-run-attempt',
    job: 'bluegreen:lock-job',
    host: 'bluegreen:lock-host',
    phase: 'bluegreen:lock-phase',
    takenAt: 'bluegreen:lock-taken-at',
    expiresAt: 'bluegreen:lock-expires-at',
    from: 'bluegreen:lock-from',
    to: 'bluegreen:lock-to'
};
/** At most this many tags of its own go on a lock stack, beside the user's `tags` (CloudFormation allows 50 in all). */
const LOCK_TAG_COUNT = Object.keys(T).length;
function holderFromEnv(env = process.env) {
    const attempt = Number.parseInt(env.GITHUB_RUN_ATTEMPT ?? '', 10);
    if (env.GITHUB_RUN_ID) {
        return {
            repository: env.GITHUB_REPOSITORY || undefined,
            runId: env.GITHUB_RUN_ID,
            attempt: Number.isFinite(attempt) && attempt > 0 ? attempt : 1,
            job: env.GITHUB_JOB || undefined,
            serverUrl: env.GITHUB_SERVER_URL || 'https://github.com'
        };
    }
    return { attempt: 1, host: (0,external_node_os_.hostname)(), pid: process.pid };
}
function describeHolder(h) {
    if (!h.runId)
        return `a run outside GitHub Actions on ${h.host ?? 'an unknown host'} (pid ${h.pid ?? '?'})`;
    return `${h.repository ?? 'a repository'} run ${h.runId} attempt ${h.attempt}${h.job ? ` (job ${h.job})` : ''}`;
}
function runUrl(h) {
    return h.runId && h.repository ? `${h.serverUrl ?? 'https://github.com'}/${h.repository}/actions/runs/${h.runId}` : undefined;
}
/**
 * GitHub re-runs only finished workflow runs, so a lock left by an earlier attempt of the very same run
 * belongs to a process that is gone: the later attempt may take it over. Another job of the same attempt
 * (a matrix) may still be running, so the same attempt never takes over.
 */
function isEarlierAttemptOfSameRun(held, me) {
    return !!held.runId && held.runId === me.runId && held.repository === me.repository && held.attempt < me.attempt;
}
// Tag values must be 1–256 characters; an empty one is left out.
function tag(Key, value) {
    const Value = value === undefined ? '' : String(value).slice(0, 256);
    return Value ? [{ Key, Value }] : [];
}
/**
 * The lock's tags: the user's `tags` first (an organisation that requires tags on every stack gets them on the
 * lock too, or its tag policy refuses the CreateStack), then the holder's.
 */
function lockTags(what, h, phase, takenAt, expiresAt, intent, userTags = []) {
    return [
        ...userTags,
        ...tag(T.for, what),
        ...tag(T.repository, h.repository),
        ...tag(T.runId, h.runId),
        ...tag(T.attempt, h.attempt),
        ...tag(T.job, h.job),
        ...tag(T.host, h.host && `${h.host}:${h.pid}`),
        ...tag(T.phase, phase),
        ...tag(T.takenAt, new Date(takenAt).toISOString()),
        ...tag(T.expiresAt, new Date(expiresAt).toISOString()),
        ...tag(T.from, intent.from),
        ...tag(T.to, intent.to)
    ];
}
/** The lock a stack stands for, or undefined when the stack is not a lock of this action. */
function heldLockOf(stack) {
    const get = (key) => (0,stacks/* stackTag */.v$)(stack, key);
    const expiresAt = Date.parse(get(T.expiresAt) ?? '');
    if (!get(T.for) || !Number.isFinite(expiresAt))
        return undefined;
    const [host, pid] = (get(T.host) ?? '').split(':');
    const takenAt = Date.parse(get(T.takenAt) ?? '');
    return {
        holder: {
            repository: get(T.repository),
            runId: get(T.runId),
            attempt: Number.parseInt(get(T.attempt) ?? '1', 10) || 1,
            job: get(T.job),
            host: host || undefined,
            pid: pid ? Number(pid) : undefined
        },
        phase: get(T.phase),
        takenAt: Number.isFinite(takenAt) ? takenAt : undefined,
        expiresAt,
        intent: { from: get(T.from), to: get(T.to) }
    };
}

// EXTERNAL MODULE: ./src/core/routers/api-gateway.ts
var api_gateway = __webpack_require__(3533);
;// CONCATENATED MODULE: ./src/core/lock.ts





/** Rounds of create → someone else holds it → they let go; more means something keeps taking it. */
const MAX_ROUNDS = 6;
/**
 * Time kept in hand before the lock expires: another run may break the lock once it has expired, so this
 * run starts no change after expiry minus the margin (a tenth of the ttl, between 1 s and 2 min), leaving
 * the change itself (one API call) and clock skew between runners time to finish before anyone else may.
 */
function lockSafetyMarginMs(ttlMs) {
    return Math.min(120_000, Math.max(1_000, ttlMs / 10));
}
/**
 * How many names the lock has. A released lock keeps its name taken until CloudFormation has deleted it
 * (CreateStack answers AlreadyExistsException until DELETE_COMPLETE), which no run waits for; with three, two
 * runs can release one after the other and a third still takes the lock at once.
 */
const LOCK_NAME_COUNT = 3;
/**
 * The lock's stack names: the first, then `-2` and `-3` that a run takes while the ones before are still
 * being deleted (DomainLock.take). The lock is held while any of them stands.
 */
function lockStackNames(domainName, basePath) {
    const name = lockStackName(domainName, basePath);
    return [name, ...Array.from({ length: LOCK_NAME_COUNT - 1 }, (_, i) => `${name}-${i + 2}`)];
}
/** A lock stack that holds its name for a holder: there, and neither being deleted nor deleted. */
function stands(stack) {
    return !!stack && !stack.StackStatus?.startsWith('DELETE_');
}
/**
 * The lock stack's name: readable (the domain and base path) and unique (a hash of both, since different
 * paths can slug to the same text). Stack names allow letters, digits and hyphens, 128 at most.
 */
function lockStackName(domainName, basePath) {
    const slug = `${domainName}-${basePath}`
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 90);
    const hash = (0,external_node_crypto_.createHash)('sha256').update(`${domainName}/${basePath}`).digest('hex').slice(0, 10);
    return `bluegreen-lock-${slug}-${hash}`;
}
/**
 * Mutual exclusion for one custom domain + base path across runs, workflows and repositories: a tiny
 * CloudFormation stack whose name is the lock (see lock-stack.ts). It is taken before the live stack is read
 * and released when the phase ends; a later attempt of the same workflow run takes over a lock its earlier
 * attempt left behind (and learns which promotion that attempt was making), and an expired lock is broken.
 */
class DomainLock {
    ctx;
    opts;
    /** The lock's first stack name (lockStackNames). */
    name;
    /** The name of the lock stack this run took (any of lockStackNames). */
    heldName;
    where;
    stackId;
    /** The promotion an earlier attempt of this run was making when it was interrupted. */
    takenOver;
    /** Epoch ms when the held lock expires (its bluegreen:lock-expires-at tag). */
    expiresAt;
    /** Epoch ms after which this run starts no change: the lock's expiry less the margin, or timeout-minutes if earlier. */
    changesUntil;
    constructor(ctx, opts) {
        this.ctx = ctx;
        this.opts = opts;
        this.name = lockStackName(opts.domainName, opts.basePath);
        this.where = opts.where ?? (0,api_gateway.describeMapping)(opts);
    }
    async acquire(intent) {
        const { ctx, opts } = this;
        for (let round = 1; round <= MAX_ROUNDS; round++) {
            const now = ctx.clock.now();
            const description = `bluegreen-action lock on ${this.where}, held by ${describeHolder(opts.holder)} (phase ${opts.phase}). Deleting this stack releases the lock.`;
            // bluegreen:lock-for is the lock key in words (`<scope>/<path>`), which the IAM lock statements match, not the log's wording
            const tags = lockTags((0,api_gateway.describeMapping)(opts), opts.holder, opts.phase, now, now + opts.ttlMs, intent, opts.tags);
            const taken = await this.take(description, tags);
            if ('id' in taken) {
                this.stackId = taken.id;
                this.heldName = taken.name;
                this.expiresAt = now + opts.ttlMs;
                this.changesUntil = Math.min(ctx.deadline, this.expiresAt - lockSafetyMarginMs(opts.ttlMs));
                // Every wait, smoke attempt and verification round of the locked phase ends by then (they read ctx.deadline).
                ctx.deadline = this.changesUntil;
                ctx.log.info(`Locked ${this.where} with stack ${taken.name} (held by ${describeHolder(opts.holder)} until ${new Date(now + opts.ttlMs).toISOString()} at the latest); the lock's other names, read after this create so that two runs never both hold it, stand for nobody.`);
                return;
            }
            const other = taken.other;
            if (!other)
                continue; // released between our create and read, or we backed off: look again
            // A REVIEW_IN_PROGRESS stack comes from a CREATE change set, which this action never uses for locks.
            const held = other.StackStatus === 'REVIEW_IN_PROGRESS' ? undefined : heldLockOf(other);
            if (!held)
                throw this.notALock(other);
            if (isEarlierAttemptOfSameRun(held.holder, opts.holder)) {
                ctx.log.warning(`Taking over the lock on ${this.where} left by ${describeHolder(held.holder)}: GitHub re-runs only finished runs, so that attempt is gone (interrupted).`);
                this.takenOver = held;
                // The earlier attempt read the live stack before it changed anything: its view of blue stays right.
                if (held.intent.to && held.intent.to === intent.to && held.intent.from)
                    intent = { ...intent, from: held.intent.from };
                await this.breakLock(other, 'the earlier attempt’s lock');
                continue;
            }
            if (held.expiresAt <= now) {
                ctx.log.warning(`Breaking the expired lock on ${this.where} held by ${describeHolder(held.holder)} since ${iso(held.takenAt)} (expired ${iso(held.expiresAt)}): that run has passed its timeout-minutes.`);
                await this.breakLock(other, 'the expired lock');
                continue;
            }
            throw this.heldError(held);
        }
        throw new errors/* DeployError */.sH(`Could not lock ${this.where}: the lock stack ${this.name} was taken again each of ${MAX_ROUNDS} times it was freed`, 'Several runs are competing for the same domain.', 'Serialize the workflows that promote this domain (a GitHub `concurrency:` group) and re-run.');
    }
    /**
     * One try at the lock. The lock has several names (lockStackNames): a released lock keeps its name taken
     * until CloudFormation has deleted it, which the next run need not wait for, so a run takes the first name
     * that is not being deleted. The lock is held while any of its stacks stands (not DELETE_*). A run that
     * created one reads the others afterwards (never before or beside its create) and backs off when one
     * stands: two runs that each hold one would each have read the other's before it was created, which cannot
     * both be true. Only when every name is being deleted does it wait, for the first of them to be gone: a name
     * can be used again only after DELETE_COMPLETE. Answers the stack taken, or the lock stack that holds the
     * name (undefined: look again).
     */
    async take(description, tags) {
        const { ctx } = this;
        const names = lockStackNames(this.opts.domainName, this.opts.basePath);
        const released = [];
        for (const [i, name] of names.entries()) {
            const id = await createLockStack(ctx, name, description, tags);
            if (id) {
                const others = names.filter((n) => n !== name);
                const rival = (await Promise.all(others.map((n) => readLockStack(ctx, n)))).find(stands);
                if (!rival)
                    return { id, name };
                ctx.log.info(`The lock's other stack ${rival.StackName} was taken meanwhile (${rival.StackStatus}): giving up ${name} and looking again.`);
                await deleteLockStack(ctx, id);
                return {};
            }
            const holder = await readLockStack(ctx, name);
            if (!holder || holder.StackStatus === 'DELETE_COMPLETE')
                return {};
            if (holder.StackStatus !== 'DELETE_IN_PROGRESS')
                return { other: holder };
            released.push(holder);
            if (i < names.length - 1) {
                ctx.log.info(`The lock ${name} is being released (DELETE_IN_PROGRESS, its name taken until it is gone): taking the lock under its other name ${names[i + 1]}.`);
            }
        }
        ctx.log.info(`All ${names.length} lock stacks (${names.join(', ')}) are being released (DELETE_IN_PROGRESS): nobody holds the lock, but CloudFormation reuses a name only once its delete is complete; waiting for the first of them to be gone.`);
        await this.waitGone(released, 'a released lock');
        return {};
    }
    /** Whether this run may still start a change: it holds the lock and is before its expiry less the margin. */
    mayChange() {
        return !!this.stackId && this.changesUntil !== undefined && this.ctx.clock.now() < this.changesUntil;
    }
    /** Fails when the run is past its time under the lock; the cheap check before each of many deletes. */
    assertTime(before) {
        if (this.stackId && !this.mayChange())
            throw this.outlived(before);
    }
    /**
     * Fails unless this run still holds the lock and has time to use it: called before every change to the
     * domain or a stack (switch, switch back, delete). Time is checked first: an expired lock may already be
     * someone else's even while its stack still stands.
     */
    async assertHeld(before) {
        if (!this.stackId)
            return;
        if (!this.mayChange())
            throw this.outlived(before);
        const stack = await readLockStack(this.ctx, this.stackId);
        if (stack && !stack.StackStatus?.startsWith('DELETE'))
            return;
        throw new errors/* DeployError */.sH(`This run lost its lock on ${this.where} before ${before}`, `The lock stack ${this.name} was deleted (${stack?.StackStatus ?? 'gone'}) by someone else: broken as expired, or by a person.`, 'This run stopped before changing anything more. Check where the domain maps now, then re-run.');
    }
    /**
     * Deletes the lock (by id) and does not wait for the delete: the name stays taken while CloudFormation
     * deletes the stack; the next acquire sees it DELETE_IN_PROGRESS and takes the lock's next name (it waits
     * only when all of them are being deleted). Never throws.
     */
    async release() {
        const { ctx } = this;
        if (!this.stackId)
            return;
        const id = this.stackId;
        const held = this.heldName ?? this.name;
        this.stackId = undefined;
        try {
            await deleteLockStack(ctx, id);
            ctx.log.info(`Released the lock on ${this.where}: CloudFormation deletes ${held} on its own (not waited for: the next run takes the lock’s other name meanwhile).`);
        }
        catch (err) {
            // the stack this run holds, which may be the lock's second or third name
            ctx.log.warning(`Could not release the lock on ${this.where}: ${(0,errors/* errorMessage */.gJ)(err)}. Delete the stack ${held} (aws cloudformation delete-stack --stack-name ${held} --region ${this.opts.region}), or the next run of another workflow fails until it expires.`);
        }
    }
    /** The error of a run that reached the end of its time under the lock before a change. */
    outlived(before, state = 'This run stopped before changing anything more.') {
        const ttlMin = this.opts.ttlMs / 60_000;
        return new errors/* DeployError */.sH(`This run ran out of time on its lock on ${this.where} before ${before}: the lock expires at ${iso(this.expiresAt)} (timeout-minutes ${ttlMin}) and no change starts after ${iso(this.changesUntil)}`, 'Past its expiry another run may break the lock and move the domain, so a change now could interleave with theirs.', `${state} Raise timeout-minutes (or lower smoke-timeout-seconds, smoke-retries, verify-seconds) so the phase fits, then re-run.`);
    }
    async breakLock(stack, what) {
        await deleteLockStack(this.ctx, stack.StackId);
        await this.waitGone([stack], what);
    }
    /** Waits until one of the lock stacks is gone (its name free again); fails at ctx.deadline. */
    async waitGone(stacks, what) {
        const ids = stacks.map((s) => s.StackId);
        if (await waitLockGone(this.ctx, ids, this.ctx.deadline))
            return;
        const now = await readLockStack(this.ctx, ids[0]).catch(() => undefined);
        const names = stacks.map((s) => s.StackName ?? this.name);
        const others = names.length > 1 ? ` (as are ${names.slice(1).join(', ')})` : '';
        throw new errors/* TimeoutError */.MU(`Timed out (timeout-minutes) waiting for ${what} ${names[0]} to be deleted; it is ${now?.StackStatus ?? 'in an unknown state'}${others}`, now?.StackStatusReason, `Nothing was changed. Check the stack${names.length > 1 ? 's' : ''} ${names.join(', ')} in the CloudFormation console (delete any that is stuck), then re-run.`);
    }
    heldError(held) {
        const url = runUrl(held.holder);
        const clear = `aws cloudformation delete-stack --stack-name ${this.name} --region ${this.opts.region}`;
        return new errors/* DeployError */.sH(`${this.where} is locked by another run: ${describeHolder(held.holder)}${held.phase ? `, phase ${held.phase}` : ''}, since ${iso(held.takenAt)} (lock stack ${this.name})`, 'Two runs must not move the same domain at once; this run changed nothing.', `Let that run finish${url ? ` (${url})` : ''}, then re-run this one. If that run was cancelled or its runner died: re-running that workflow run takes its lock over, the lock expires at ${iso(held.expiresAt)} (its timeout-minutes), or, once you are sure it is not running, delete the lock: ${clear}`);
    }
    notALock(stack) {
        return new errors/* DeployError */.sH(`The stack ${this.name} exists (${stack.StackStatus}) but is not a lock of bluegreen-action, so ${this.where} cannot be locked`, 'The action locks a domain by creating a stack of that name; a stack of another origin has it.', `Delete or rename the stack ${this.name} if nothing needs it, then re-run.`);
    }
}
function iso(ms) {
    return ms === undefined ? 'an unknown time' : new Date(ms).toISOString();
}

;// CONCATENATED MODULE: ./src/core/history.ts




/** Released locks of the domain read back, newest first: enough for the last few promotions. */
const LOCKS_READ = 10;
/**
 * The promotion that made `liveStack` live, read from the domain's released locks. Every promotion takes the
 * lock (a stack named for the domain and base path, under any of its names) with tags naming the stack live when it locked (from) and
 * the stack it promotes (to); the lock is deleted when the phase ends, and CloudFormation keeps a deleted stack
 * for 90 days, listed by ListStacks (DELETE_COMPLETE, or DELETE_IN_PROGRESS while its delete runs on after the
 * run that released it) and readable with its tags by stack id. A promotion that
 * failed or was switched back left `to` not live, so the newest lock whose `to` is live is the one that made it.
 */
async function promotionThatMadeLive(ctx, domainName, basePath, liveStack) {
    const names = lockStackNames(domainName, basePath);
    const released = (await deletedStacksNamed(ctx, names)).sort((a, b) => time(b) - time(a)).slice(0, LOCKS_READ);
    for (const summary of released) {
        const stack = await (0,stacks/* describeStack */.GO)(ctx.clients.cloudformation, summary.StackId);
        const held = stack && heldLockOf(stack);
        if (!held?.intent.from || !held.intent.to || held.intent.from === held.intent.to)
            continue;
        if (held.intent.to === liveStack)
            return { from: held.intent.from, to: held.intent.to, at: held.takenAt, lockStackId: summary.StackId, holder: held.holder };
    }
    return undefined;
}
/** Released locks: deleted, or still being deleted (a run does not wait for its lock's delete). */
async function deletedStacksNamed(ctx, names) {
    const found = [];
    let next;
    do {
        const page = await ctx.clients.cloudformation.send(new dist_cjs.ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE', 'DELETE_IN_PROGRESS'], NextToken: next }));
        for (const s of page.StackSummaries ?? [])
            if (s.StackName && names.includes(s.StackName) && s.StackId)
                found.push(s);
        next = page.NextToken;
    } while (next);
    return found;
}
/** Newest release first: a lock still being deleted was released after every deleted one. */
function time(s) {
    if (s.StackStatus === 'DELETE_IN_PROGRESS')
        return 8.64e15 + new Date(s.CreationTime ?? 0).getTime();
    return new Date(s.DeletionTime ?? s.CreationTime ?? 0).getTime();
}

;// CONCATENATED MODULE: ./src/core/switch.ts



/**
 * Re-reads the front door just before the switch: when it no longer points where it pointed when the
 * environments were checked, another promotion (or a person) moved it, and this run must not overwrite that.
 */
async function checkNotMoved(p, checked) {
    const router = routerOf(p);
    return (0,context/* step */.PM)(p.ctx, `Check that ${router.where} did not move`, async () => {
        const now = await router.read(checked);
        if (router.same(now, checked)) {
            p.ctx.log.info(`Still ${router.describe(now)}, as checked.`);
            return now;
        }
        const owner = now === undefined ? undefined : await ownerOf(p, now).catch(() => undefined);
        throw new errors/* DeployError */.sH(`${router.where} moved while this run was checking: it ${router.pastVerb} ${router.describe(checked)} and now ${router.verb} ${router.describe(now)}${owner ? ` (stack ${owner.stackName})` : ''}`, 'Another promotion or a person changed the mapping; two promotions must not race.', 'Nothing was switched and nothing deleted. Let the other change finish, then re-run this one (it reads the live stack again).');
    });
}
/** Switches the front door in one write and reads it back; fails unless it now points at the target. */
async function switchTo(p, current, target, label) {
    const router = routerOf(p);
    return (0,context/* step */.PM)(p.ctx, label, async () => {
        await p.lock?.assertHeld(`moving ${router.where}`);
        p.ctx.log.info(`${router.where}: ${router.describe(current)} → ${router.describe(target)}`);
        await router.write(current, target);
        const after = await router.read(target);
        if (!after || !router.same(after, target)) {
            throw new errors/* DeployError */.sH(`After the switch, ${router.where} maps to ${router.describe(after)}, not ${router.describe(target)}`, 'Something else changed the mapping at the same time.', 'Read the mapping in the API Gateway console and set it by hand, or re-run.');
        }
        p.ctx.log.info(`Read back: ${router.where} → ${router.describe(after)}.`);
        return after;
    });
}

// EXTERNAL MODULE: ./src/aws/cloudwatch.ts
var cloudwatch = __webpack_require__(3817);
;// CONCATENATED MODULE: ./src/core/gate.ts



/** Whether the run has alarms to watch. */
function hasAlarms(p) {
    return p.inputs.alarms.length > 0;
}
/**
 * Reads the alarms now (a fresh DescribeAlarms each time, never a cached state). A failed read counts as a
 * failure: a promotion that cannot see its health signal must not go on, as CodeDeploy fails a deployment
 * whose alarms it cannot poll.
 */
async function readGate(p) {
    if (!hasAlarms(p))
        return { alarms: [] };
    let alarms;
    try {
        alarms = await (0,cloudwatch/* readAlarms */.tv)(p.ctx.clients.cloudwatch, p.inputs.alarms);
    }
    catch (err) {
        return { alarms: [], failure: `the alarms could not be read: ${(0,errors/* errorMessage */.gJ)(err)}` };
    }
    const seen = alarms.map((a) => ({ name: a.name, state: a.state }));
    return (0,cloudwatch/* firing */._x)(alarms).length > 0 ? { alarms: seen, failure: `alarm ${(0,cloudwatch/* describeFiring */.JF)(alarms)}` } : { alarms: seen };
}
/** Alarms already in ALARM before the shift starts stop it before any change. */
async function requireQuietAlarms(p, green) {
    if (!hasAlarms(p))
        return;
    await (0,context/* step */.PM)(p.ctx, 'Check the alarms before moving traffic', async () => {
        const alarms = await (0,cloudwatch/* readAlarms */.tv)(p.ctx.clients.cloudwatch, p.inputs.alarms);
        const bad = (0,cloudwatch/* firing */._x)(alarms);
        if (bad.length > 0) {
            throw new errors/* DeployError */.sH(`${bad.length === 1 ? `Alarm ${bad[0].name} is` : `Alarms ${bad.map((a) => a.name).join(', ')} are`} in ALARM before the shift to ${green}: nothing was moved`, `alarm ${(0,cloudwatch/* describeFiring */.JF)(alarms)}`, `${p.router.where} was not touched and the live environment still serves; ${green} is kept. Find out why the alarm fires, wait for it to return to OK, then re-run.`);
        }
        p.ctx.log.info(`Alarms before the shift: ${alarms.map((a) => `${a.name} ${a.state}`).join(', ')}.`);
    });
}

;// CONCATENATED MODULE: ./src/core/verify.ts




const VERIFY_INTERVAL_MS = 5000;
/**
 * Watches the switched domain for verify-seconds: every round re-reads the mapping (it must still point at
 * green), reads the alarms (one in ALARM fails verification, naming it and its reason) and runs the smoke
 * checks on green's endpoint and, when given, on verify-url (through the domain).
 */
async function verifyAfterSwitch(p, green) {
    const router = routerOf(p);
    const target = green.target;
    const seconds = p.inputs.extraEnv.verifySeconds;
    const started = p.ctx.clock.now();
    // At least three rounds over a short window, one every 5 s over a long one; with alarms, one every
    // poll-seconds at most, so an alarm going off is seen within one poll.
    const rounds3 = Math.min(VERIFY_INTERVAL_MS, Math.max(250, Math.ceil((seconds * 1000) / 3)));
    const interval = p.inputs.alarms.length > 0 ? Math.min(rounds3, Math.max(250, p.ctx.pollMs)) : rounds3;
    let rounds = 0;
    let results = [];
    let alarms;
    for (;;) {
        rounds++;
        const now = await router.read(target);
        if (now === undefined || router.ownerKey(now) !== router.ownerKey(target)) {
            return { ok: false, rounds, results, alarms, reason: `${router.where} no longer ${router.verb} ${router.ownerKey(target)} (now ${now === undefined ? 'nothing' : router.ownerKey(now)})` };
        }
        const gate = await readGate(p);
        if (p.inputs.alarms.length > 0)
            alarms = gate.alarms;
        if (gate.failure)
            return { ok: false, rounds, results, alarms, reason: gate.failure };
        results = await smokeThroughout(p, green);
        const failures = (0,smoke/* smokeFailures */.Tx)(results);
        if (failures)
            return { ok: false, rounds, results, alarms, reason: failures, outOfTime: results.some((r) => r.outOfTime) };
        const elapsed = p.ctx.clock.now() - started;
        if (elapsed >= seconds * 1000) {
            p.ctx.log.info(`Verified in ${rounds} round(s) over ${(0,src_clock/* formatDuration */.a3)(elapsed)}.`);
            return { ok: true, rounds, results, alarms };
        }
        const pause = Math.min(interval, seconds * 1000 - elapsed);
        if (p.ctx.clock.now() + pause > p.ctx.deadline) {
            return { ok: false, rounds, results, alarms, reason: `timeout-minutes ran out after ${(0,src_clock/* formatDuration */.a3)(elapsed)} of the ${seconds} s verification` };
        }
        await p.ctx.clock.sleep(pause);
    }
}
/** The smoke checks of green's endpoint and, when given, of verify-url (through the front door). */
async function smokeThroughout(p, green) {
    const results = await phase_smoke(p, green.endpoint);
    return p.inputs.extraEnv.verifyUrl ? [...results, ...(await checkVerifyUrl(p, p.inputs.extraEnv.verifyUrl))] : results;
}
/** verify-url is one whole URL, requested as given with the smoke-expect-* rules. */
function checkVerifyUrl(p, verifyUrl) {
    const url = new URL(verifyUrl);
    return (0,smoke/* runSmokeChecks */.mF)(url.origin, { ...p.inputs.smoke, paths: [`${url.pathname}${url.search}`] }, { log: p.ctx.log, clock: p.ctx.clock, fetch: p.fetch, deadline: p.ctx.deadline });
}

;// CONCATENATED MODULE: ./src/core/plan.ts

/** The steps a promotion runs after green's smoke checks, as the dry run names them. */
function promotionSteps(router) {
    return [`Switch ${router.doorNoun.toLowerCase()}`, 'Verify after the switch', 'Delete the previous environment'];
}
function planPromotion(router, live, green, opts, alarms = []) {
    return {
        where: router.where,
        from: live.reading,
        blue: live.stackName,
        to: green.target,
        green: green.stackName,
        verifySeconds: opts.verifySeconds,
        steps: live.reading === undefined ? [] : opts.trafficSteps.filter((s) => s.percent < 100),
        alarms,
        retire: !live.stackName ? 'nothing' : opts.keepPrevious ? 'keep' : 'delete'
    };
}
/** The plan in words, one line per part, for the dry run's log. */
function describePlan(router, plan) {
    const retire = plan.retire === 'nothing' ? 'delete nothing (no stack was live)' : plan.retire === 'keep' ? `keep ${plan.blue} (keep-previous)` : `delete ${plan.blue}`;
    const gates = plan.alarms.length > 0 ? `, reading the alarms ${plan.alarms.join(', ')} each poll` : '';
    return [
        ...(plan.alarms.length > 0 ? [`would stop before any change if an alarm is in ALARM (${plan.alarms.join(', ')}).`] : []),
        `would check that ${plan.where} still ${router.verb} ${plan.from ? `${router.targetNoun} ${router.ownerKey(plan.from)}` : 'nothing'}, then ${plan.from ? 'switch' : 'create'} it to ${router.describe(plan.to)} (${plan.green}).`,
        ...plan.steps.map((s) => `would send ${s.percent}% of the traffic to ${plan.green} and hold ${(0,src_clock/* formatDuration */.a3)(s.holdMs ?? 0)}${gates}; on an alarm or a failed check, all traffic back on ${plan.blue ?? 'the live target'}.`),
        `would ${plan.steps.length > 0 ? 'then send all traffic to it, ' : ''}verify for ${plan.verifySeconds} s${gates}, then ${retire}.`
    ];
}
function planRollback(router, from, blue, target) {
    return { where: router.where, from, blue, to: target.target, green: target.stackName };
}
function describeRollback(router, plan) {
    return `would switch ${plan.where} from ${router.targetNoun} ${router.ownerKey(plan.from)} (${plan.blue ?? 'no stack'}) back to ${router.targetNoun} ${router.ownerKey(plan.to)} (${plan.green}).`;
}

;// CONCATENATED MODULE: ./src/core/shift.ts









/** The longest pause between two looks at the alarms during a hold (poll-seconds when shorter). */
const HOLD_POLL_MAX_MS = 5000;
/** How often a hold reads the alarms and runs the smoke checks: poll-seconds, at most every 5 s. */
function holdPollMs(p) {
    return Math.max(50, Math.min(HOLD_POLL_MAX_MS, p.ctx.pollMs));
}
/** The steps before the final 100% (empty for a one-step promotion). */
function partialSteps(p) {
    return p.inputs.extraEnv.trafficSteps.filter((s) => s.percent < 100);
}
/** Whether this promotion moves traffic in steps. */
function movesInSteps(p) {
    return (0,core_inputs/* isGradual */.Lz)(p.inputs.extraEnv.trafficSteps);
}
/**
 * The step a re-run resumes at when green has `share`% of traffic: the first step that sends at least as
 * much (that step's hold starts again from its beginning), so a re-run never skips a hold and never jumps to
 * 100%. steps.length means every partial step sends less: the next step is the final 100%.
 */
function resumeIndex(steps, share) {
    const i = steps.findIndex((s) => s.percent >= share);
    return i === -1 ? steps.length : i;
}
/**
 * Whether green's share, read from the router, is a stepped promotion under way: above 0 and below 100, or 0
 * when traffic-steps starts with a 0% step (only CloudFront with staging-header takes one: its header-only
 * policy sends green no share by weight, yet the staging distribution routes to green).
 */
function isMidShift(steps, share) {
    return share < 100 && (share > 0 || steps[0]?.percent === 0);
}
/** Partial steps need a router that writes weights; refused before any change otherwise. */
function requireWeights(p, green) {
    const router = routerOf(p);
    if (router.setWeights)
        return;
    throw new errors/* DeployError */.sH(`router ${router.kind} cannot send part of the traffic to ${green.stackName}`, 'traffic-steps has steps below 100%, and this router writes no weights.', 'Nothing was moved. Set traffic-steps: 100% (one switch after the alarms and smoke checks pass), then re-run.');
}
/**
 * A door that cannot take partial steps now (CloudFront with HTTP/3) is refused before green is deployed or
 * any traffic moves, rather than at the first step with green deployed in vain.
 */
async function requireShiftable(p, green) {
    const router = routerOf(p);
    const why = await router.whyNoSteps?.();
    if (!why)
        return;
    throw new errors/* DeployError */.sH(`${router.where} cannot send part of its traffic to ${green}: ${why}`, 'traffic-steps has steps below 100%.', 'Nothing was deployed or moved. Set traffic-steps: 100% to switch in one write, or change what stops the steps (see the reason), then re-run.');
}
/**
 * Moves traffic to green in the partial steps of traffic-steps, from step `from` on: each step is one
 * setWeights write, then a hold during which every poll reads the alarms and runs the smoke checks. An alarm
 * in ALARM, a failed check or the end of timeout-minutes puts all traffic back on blue in one write, keeps
 * green and fails the run. The final 100% is the caller's switch (then verify-seconds bakes it).
 */
async function shiftInSteps(p, green, blue, from, opts = {}) {
    const router = routerOf(p);
    const { where } = router;
    requireWeights(p, green);
    const steps = partialSteps(p);
    for (let i = from; i < steps.length; i++) {
        const s = steps[i];
        const startedAt = p.ctx.clock.now();
        let alarms = [];
        const share = router.describeShare?.(s.percent);
        const failure = await (0,context/* step */.PM)(p.ctx, `Send ${share ?? `${s.percent}% of ${where}`} to ${green.stackName} and hold ${(0,src_clock/* formatDuration */.a3)(s.holdMs)}`, async () => {
            await p.lock?.assertHeld(`moving ${where}`);
            const blueName = blue.stackName ?? router.describe(blue.target);
            p.ctx.log.info(share ? `${where}: ${share} → ${green.stackName}, every other request → ${blueName}` : `${where}: ${s.percent}% → ${green.stackName}, ${100 - s.percent}% → ${blueName}`);
            await router.setWeights(blue.target, green.target, s.percent, { blue: blue.stackName, green: green.stackName });
            await p.github.status('in_progress', undefined, `${share ?? `${s.percent}% of traffic`} on ${green.stackName}`);
            return hold(p, green, s.holdMs, (seen) => (alarms = seen));
        }).catch((err) => {
            // the lock is gone (or going): another run may own the door now, so this one writes nothing more
            if (err instanceof errors/* DeployError */.sH && /lost its lock|ran out of time on its lock/.test(err.message))
                throw err;
            return `setting ${s.percent}% failed: ${(0,errors/* errorMessage */.gJ)(err)}`;
        });
        const result = { step: 'traffic', green: green.stackName, percent: s.percent, startedAt, endedAt: p.ctx.clock.now(), outcome: failure ? 'switched back' : 'held', alarms };
        if (opts.resumed && i === from)
            result.resumed = true;
        recordTrafficStep(p, result);
        if (failure)
            await allBackToBlue(p, green, blue, s.percent, failure);
    }
}
/**
 * Holds the current weights for `holdMs`: every poll reads the alarms (first: the signal this gate exists
 * for) and runs the smoke checks. Returns why traffic must go back, or undefined once the hold passed.
 */
async function hold(p, green, holdMs, seen) {
    const { clock } = p.ctx;
    const started = clock.now();
    const poll = holdPollMs(p);
    for (let rounds = 1;; rounds++) {
        const gate = await readGate(p);
        seen(gate.alarms);
        if (gate.failure)
            return gate.failure;
        const failures = (0,smoke/* smokeFailures */.Tx)(await smokeThroughout(p, green));
        if (failures)
            return failures;
        const elapsed = clock.now() - started;
        if (elapsed >= holdMs) {
            p.ctx.log.info(`Held for ${(0,src_clock/* formatDuration */.a3)(elapsed)} in ${rounds} round(s): alarms ${gate.alarms.map((a) => `${a.name} ${a.state}`).join(', ') || '(none given)'}, smoke checks passed.`);
            return undefined;
        }
        const pause = Math.min(poll, holdMs - elapsed);
        if (clock.now() + pause > p.ctx.deadline)
            return `timeout-minutes ran out after ${(0,src_clock/* formatDuration */.a3)(elapsed)} of the ${(0,src_clock/* formatDuration */.a3)(holdMs)} hold`;
        await clock.sleep(pause);
    }
}
/** All traffic back on blue in one write (read back), green kept; then the run fails with the reason. */
async function allBackToBlue(p, green, blue, percent, reason) {
    const router = routerOf(p);
    const { where } = router;
    const blueName = blue.stackName ?? `${router.targetNoun} ${router.ownerKey(blue.target)}`;
    const switchedBack = (outcome) => p.summary.record({ step: 'switch back', green: green.stackName, blue: blue.stackName, outcome });
    try {
        const now = await router.read(blue.target);
        await switchTo(p, now, blue.target, `Put all of ${where} back on ${blueName}`);
    }
    catch (err) {
        switchedBack('failed');
        throw new errors/* DeployError */.sH(`${green.stackName} failed at ${percent}% of the traffic, and putting ${where} back on ${blueName} failed`, `${reason}; switch back: ${(0,errors/* errorMessage */.gJ)(err)}`, `${where} may still send part of the traffic to ${green.stackName}. Nothing was deleted: run phase rollback with previous-stack ${blue.stackName ?? '(the previous stack)'} or set it back in the console.`);
    }
    switchedBack('switched back');
    await p.github.status('failure', undefined, `Back on ${blueName}: ${green.stackName} failed at ${percent}%`);
    throw new errors/* DeployError */.sH(`${green.stackName} failed at ${percent}% of the traffic; all of ${where} is back on ${blueName}`, reason, `${blueName} serves all traffic again and was not deleted; ${green.stackName} is kept for investigation (destroy it with phase destroy).`);
}
/** Keeps a step for the summary and writes every step so far to the traffic-steps-result output (an interrupted run leaves it too). */
function recordTrafficStep(p, result) {
    p.summary.record(result);
    const all = p.summary.results.filter((r) => r.step === 'traffic');
    p.ctx.setOutput('traffic-steps-result', JSON.stringify(all.map((r) => ({
        percent: r.percent,
        startedAt: new Date(r.startedAt).toISOString(),
        endedAt: new Date(r.endedAt).toISOString(),
        outcome: r.outcome,
        ...(r.resumed ? { resumed: true } : {}),
        alarms: r.alarms
    }))));
}

;// CONCATENATED MODULE: ./src/core/promote.ts












/**
 * Moves the domain from the live stack (blue) to green: smoke-test green, make sure nobody moved the domain
 * since it was read, switch in one call, read it back, watch it for verify-seconds (switching back to blue
 * on failure), and only then delete blue (unless keep-previous).
 */
async function promote(p, green, live, opts) {
    const { ctx, inputs, summary } = p;
    const router = routerOf(p);
    const { where } = router;
    const blue = live.stackName;
    summary.record({ step: 'sides', where, green: seen(green), blue: blue ? { stackName: blue, targetId: live.reading === undefined ? undefined : router.ownerKey(live.reading) } : undefined });
    if (live.reading !== undefined && router.ownerKey(live.reading) === green.targetId) {
        ctx.log.info(`${where} already ${router.verb} ${green.stackName} (${router.targetNoun} ${green.targetId}): nothing to switch.`);
        summary.record({ step: 'switch', green: green.stackName, blue, outcome: 'already' });
        setPromotionOutputs(p, green, undefined);
        await p.github.status('success', router.url, `${green.stackName} was already live on ${where}`);
        return;
    }
    if (opts.smokeFirst)
        await smokeGreen(p, green);
    const plan = planPromotion(router, live, green, inputs.extraEnv, inputs.alarms);
    if (ctx.dryRun) {
        for (const line of describePlan(router, plan))
            ctx.log.info(`[dry-run] ${line}`);
        for (const name of promotionSteps(router))
            (0,context/* skipStep */.Ks)(ctx, name, 'dry run');
        summary.record({ step: 'switch', green: plan.green, blue: plan.blue, outcome: 'dry-run' });
        return;
    }
    const interrupted = opts.interrupted ?? (await interruptedShift(p, green));
    if (interrupted)
        return resumeShift(p, green, live, interrupted);
    const stepped = movesInSteps(p) && live.reading !== undefined;
    if (stepped) {
        requireWeights(p, green);
        await requireShiftable(p, green.stackName);
    }
    await requireQuietAlarms(p, green.stackName);
    const checked = await checkNotMoved(p, plan.from);
    if (movesInSteps(p) && !stepped)
        ctx.log.info(`${where} ${router.nothingYet}: no traffic to shift in steps; the first environment takes it all at once.`);
    if (!stepped)
        return finalSwitch(p, green, live, checked);
    await shiftInSteps(p, green, { stackName: blue, target: live.reading }, 0);
    await finalSwitch(p, green, live, await router.read(plan.to));
}
/** The last step: all traffic on green in one write, read back, then verify-seconds (the bake) and retire blue. */
async function finalSwitch(p, green, live, current) {
    const { where } = routerOf(p);
    const startedAt = p.ctx.clock.now();
    const switched = await switchTo(p, current, green.target, `Switch ${where} to ${green.stackName}`);
    p.summary.record({ step: 'switch', green: green.stackName, blue: live.stackName, outcome: 'switched' });
    await afterSwitch(p, green, live, switched, startedAt);
}
/** Whether this run took over the lock of a stepped promotion to `green` (the stack), which may have been interrupted mid-shift. */
function mayResumeShift(p, green) {
    const held = p.lock?.takenOver;
    return held?.intent.to === green && movesInSteps(p) && routerOf(p).readWeights !== undefined;
}
/** A stepped promotion of this workflow run was interrupted mid-shift: green's share now, from the router. */
async function interruptedShift(p, green) {
    if (!mayResumeShift(p, green.stackName))
        return undefined;
    const weights = await routerOf(p).readWeights(green.target);
    return weights && isMidShift(p.inputs.extraEnv.trafficSteps, weights.green) ? { share: weights.green } : undefined;
}
/**
 * Resumes an interrupted stepped promotion from the weights the door holds: the step that sends at least
 * green's share now, its hold again in full, then the following steps; never straight to 100%.
 */
async function resumeShift(p, green, live, interrupted) {
    const router = routerOf(p);
    const steps = partialSteps(p);
    const from = resumeIndex(steps, interrupted.share);
    const next = from < steps.length ? `${steps[from].percent}% (its hold again in full)` : '100% (every partial step sent less)';
    p.ctx.log.info(`An earlier attempt of this run left ${interrupted.share}% of ${router.where} on ${green.stackName}: resuming at ${next}.`);
    const blue = await blueSide(p, live);
    if (from < steps.length)
        await shiftInSteps(p, green, blue, from, { resumed: true });
    await finalSwitch(p, green, { ...live, reading: blue.target }, await router.read(green.target));
}
/** Blue's target as its stack offers it (the door's reading is weighted mid-shift, so it cannot say). */
async function blueSide(p, live) {
    if (!live.stack || !live.stackName)
        return { stackName: live.stackName, target: live.reading };
    const env = await resolveIn(p, live.stack, live);
    return { stackName: live.stackName, target: env.target };
}
/**
 * An earlier attempt of this workflow run switched the domain to green and was interrupted (its lock says
 * which stack was live before): finish its promotion. Verify green; then delete the previous stack, or, if
 * verification fails, switch back to it, as the interrupted attempt would have.
 */
async function resumePromotion(p, green, previous) {
    const { ctx, summary } = p;
    const router = routerOf(p);
    const { where } = router;
    summary.record({ step: 'sides', where, green: seen(green) });
    const blue = await (0,context/* step */.PM)(ctx, `Resume the interrupted promotion from ${previous}`, async () => {
        const stack = await (0,stacks/* describeStack */.GO)(ctx.clients.cloudformation, previous);
        ctx.log.info(`An earlier attempt of this run switched ${where} from ${previous} to ${green.stackName}; ${previous} is ${stack?.StackStatus ?? 'deleted'}.`);
        return stack;
    }, (s) => s?.StackStatus ?? 'deleted');
    const current = await router.read(green.target);
    if (!blue || blue.StackStatus === 'DELETE_COMPLETE') {
        summary.record({ step: 'switch', green: green.stackName, blue: previous, outcome: 'switched' });
        summary.record({ step: 'retire', blue: previous, outcome: 'deleted earlier' });
        setPromotionOutputs(p, green, previous);
        return (0,context/* skipStep */.Ks)(ctx, `Delete ${previous}`, 'the earlier attempt already deleted it');
    }
    if (/^DELETE_/.test(blue.StackStatus ?? '')) {
        // The earlier attempt verified green before it started this delete: only the delete is left.
        summary.record({ step: 'switch', green: green.stackName, outcome: 'switched' });
        setPromotionOutputs(p, green, previous);
        return retireBlue(p, { stackName: previous }, green);
    }
    if (!isUsable(blue.StackStatus ?? '')) {
        throw new errors/* DeployError */.sH(`${previous}, the stack ${where} mapped to before the interrupted attempt, is ${blue.StackStatus}`, blue.StackStatusReason, `${where} stays on ${green.stackName}; ${previous} was not deleted. Look at it in the CloudFormation console, then delete it with phase destroy.`);
    }
    // blue resolved as green is (same API logical id and stage): what switching back would write
    const env = await resolveIn(p, blue, { reading: current ?? green.target, stackName: green.stackName });
    const live = { stackName: previous, stack: blue, reading: env.target };
    summary.record({ step: 'sides', where, green: seen(green), blue: seen({ stackName: previous, targetId: env.targetId, endpoint: env.endpoint }) });
    // the door reads as green, but a stepped promotion may have left blue part of the traffic
    const interrupted = await interruptedShift(p, green);
    if (interrupted)
        return resumeShift(p, green, live, interrupted);
    summary.record({ step: 'switch', green: green.stackName, blue: previous, outcome: 'switched' });
    // the 100% step is taken up again: its bake (verify-seconds) starts over
    await afterSwitch(p, green, live, current ?? green.target, p.ctx.clock.now(), { resumed: true });
}
/** After the switch: watch green for verify-seconds, switch back on failure, else retire blue. */
async function afterSwitch(p, green, live, switched, startedAt = p.ctx.clock.now(), opts = {}) {
    const { ctx, inputs, summary } = p;
    const router = routerOf(p);
    const { where } = router;
    const blue = live.stackName;
    const elapsed = stopwatch(ctx);
    const verification = await (0,context/* step */.PM)(ctx, `Verify ${where} on ${green.stackName} for ${inputs.extraEnv.verifySeconds} s`, () => verifyAfterSwitch(p, green)).catch((err) => {
        summary.record({ step: 'verify', green: green.stackName, blue, ms: elapsed() });
        throw err;
    });
    const cutShort = !verification.ok && !!p.lock && (!!verification.outOfTime || !p.lock.mayChange());
    summary.record({ step: 'verify', green: green.stackName, blue, ms: elapsed(), verification, cutShort });
    if (cutShort && p.lock) {
        throw p.lock.outlived(`finishing the verification of ${green.stackName}`, `${where} stays on ${green.stackName}, a complete stack that passed its smoke checks before the switch; ${blue ?? 'the previous target'} was neither switched back to nor deleted. Check ${green.stackName}; then delete ${blue ?? 'nothing'} with phase destroy, or go back with phase rollback.`);
    }
    recordFinalStep(p, green, startedAt, verification, opts.resumed);
    if (!verification.ok)
        await revert(p, live, switched, green, verification.reason);
    setPromotionOutputs(p, green, blue);
    await p.github.status('success', router.url, `${green.stackName} is live on ${where}`);
    await retireBlue(p, live, green);
}
/** The 100% step of a stepped or gated promotion: from the switch to the end of verify-seconds. */
function recordFinalStep(p, green, startedAt, verification, resumed) {
    if (!movesInSteps(p) && !hasAlarms(p))
        return;
    recordTrafficStep(p, {
        ...(resumed ? { resumed } : {}),
        step: 'traffic',
        green: green.stackName,
        percent: 100,
        startedAt,
        endedAt: p.ctx.clock.now(),
        outcome: verification.ok ? 'switched' : 'switched back',
        alarms: verification.alarms ?? []
    });
}
/** Verification failed: put blue back (only if the mapping is still on green) and fail the run. */
async function revert(p, live, switched, green, reason) {
    const router = routerOf(p);
    const { where } = router;
    const switchedBack = (outcome) => p.summary.record({ step: 'switch back', green: green.stackName, blue: live.stackName, outcome });
    if (live.reading === undefined) {
        switchedBack('nothing was live');
        throw new errors/* DeployError */.sH(`${green.stackName} failed verification after ${where} was switched to it`, reason, `${where} routed nowhere before, so there is nothing to switch back to; it stays on ${green.stackName}. Fix the app and re-run.`);
    }
    const blueTarget = live.reading;
    const now = await router.read(switched);
    // Only undo this run's own switch, and only onto a blue that still exists.
    const blueStack = live.stackName ? await (0,stacks/* describeStack */.GO)(p.ctx.clients.cloudformation, live.stackName) : undefined;
    if (live.stackName && (!blueStack || !isUsable(blueStack.StackStatus ?? ''))) {
        switchedBack('blue is gone');
        throw new errors/* DeployError */.sH(`${green.stackName} failed verification after the switch, and ${live.stackName} (live before) is ${blueStack?.StackStatus ?? 'deleted'}, so ${router.doorNoun.toLowerCase()} cannot go back to it`, reason, `${where} stays on ${green.stackName}. Fix the app and re-run, or roll back to another environment (phase rollback).`);
    }
    if (router.same(now, green.target)) {
        try {
            await switchTo(p, now, blueTarget, `Switch ${where} back to ${live.stackName ?? `${router.targetNoun} ${router.ownerKey(blueTarget)}`}`);
        }
        catch (err) {
            switchedBack('failed');
            throw new errors/* DeployError */.sH(`${green.stackName} failed verification after the switch, and switching ${where} back failed`, `verification: ${reason}; switch back: ${(0,errors/* errorMessage */.gJ)(err)}`, `${where} still ${router.verb} ${green.stackName}. Nothing was deleted: run phase rollback with previous-stack ${live.stackName ?? '(the previous stack)'} or set it back in the console.`);
        }
    }
    else {
        p.ctx.log.warning(`${where} no longer ${router.verb} ${green.stackName} (now ${now === undefined ? 'nothing' : router.ownerKey(now)}); not switching it back over someone else's change.`);
    }
    switchedBack('switched back');
    throw new errors/* DeployError */.sH(`${green.stackName} failed verification after the switch; ${where} was switched back`, reason, `${live.stackName ?? `${router.targetNoun} ${router.ownerKey(blueTarget)}`} serves again and was not deleted; ${green.stackName} is kept for investigation (destroy it with phase destroy).`);
}
function setPromotionOutputs(p, green, previous) {
    p.ctx.setOutput('endpoint', green.endpoint);
    p.ctx.setOutput('active-stack', green.stackName);
    if (previous)
        p.ctx.setOutput('previous-stack', previous);
    const { idOutput } = routerOf(p);
    if (idOutput)
        p.ctx.setOutput(idOutput, green.targetId);
    p.ctx.setOutput('domain-endpoint', routerOf(p).url);
    p.ctx.report.fact('Live stack', green.stackName);
    p.ctx.report.fact('Previous stack', previous);
}
/** Deletes the previous live stack once traffic runs on green, or keeps it for an instant rollback. */
async function retireBlue(p, live, green) {
    const { ctx, inputs } = p;
    const blue = live.stackName;
    if (!blue) {
        return (0,context/* skipStep */.Ks)(ctx, 'Delete the previous environment', live.reading !== undefined ? `the ${p.router.targetNoun} live before belongs to no stack of stack-name: nothing to delete` : 'no stack was live before');
    }
    const retired = (outcome, extra = {}) => p.summary.record({ step: 'retire', blue, outcome, ...extra });
    // read again (also when resuming an interrupted promotion): only a stack of ours is ever deleted
    const blueStack = live.madeBefore ? live.stack : await (0,stacks/* describeStack */.GO)(ctx.clients.cloudformation, blue);
    if (live.madeBefore || (blueStack && ownershipOf(blueStack, inputs.stackName) !== 'ours')) {
        const why = `${blue} is not tagged bluegreen:stack=${inputs.stackName}: it was made before the action, so it is kept (never deleted). Delete it yourself once you no longer need it for a rollback.`;
        ctx.log.info(why);
        retired('made before', { why });
        return (0,context/* skipStep */.Ks)(ctx, `Delete ${blue}`, 'made before the action: kept');
    }
    if (inputs.extraEnv.keepPrevious) {
        retired('keep-previous');
        return (0,context/* skipStep */.Ks)(ctx, `Delete ${blue}`, 'keep-previous: kept for an instant rollback');
    }
    const elapsed = stopwatch(ctx);
    try {
        await (0,context/* step */.PM)(ctx, `Delete ${blue}`, async () => {
            const drained = live.reading !== undefined ? routerOf(p).drained?.bind(routerOf(p)) : undefined;
            if (drained) {
                await requireNotMappedTo(p, blue, green);
                await drained(live.reading);
                await p.lock?.assertHeld(`deleting ${blue}`);
            }
            else {
                // the last look at the routes and the check that the lock is still held are independent reads: asked together, both before the delete
                await Promise.all([requireNotMappedTo(p, blue, green), p.lock?.assertHeld(`deleting ${blue}`)]);
            }
            return (0,cloudformation_delete/* deleteStack */.w)(ctx, blue, { onIssued: () => releaseBesideDelete(p, blue) });
        });
        retired('deleted', { ms: elapsed() });
    }
    catch (err) {
        if (err instanceof errors/* DeployError */.sH && /will not be deleted|lost its lock|ran out of time on its lock/.test(err.message)) {
            retired('kept', { ms: elapsed() });
            throw err;
        }
        retired('delete failed', { ms: elapsed() });
        throw new errors/* DeployError */.sH(`The switch succeeded but deleting the previous stack ${blue} failed`, (0,errors/* errorMessage */.gJ)(err), `Traffic runs on the new environment. Delete ${blue} with phase destroy (extra = its suffix) or in the console.`);
    }
}
/**
 * Blue's delete is accepted: nothing more of this run moves the domain or touches a stack, so the lock goes
 * now and its own delete runs beside blue's instead of after it (the next run finds it gone, not deleting).
 */
async function releaseBesideDelete(p, blue) {
    if (!p.lock)
        return;
    p.ctx.log.info(`${blue} is being deleted and ${p.router.doorNoun.toLowerCase()} is on green: releasing the lock now, beside that delete.`);
    await p.lock.release();
}
/**
 * The last look before a delete: no route of the domain (any base path, read again now) may reach an API
 * of the stack about to be deleted or of its nested stacks.
 */
async function requireNotMappedTo(p, blue, green) {
    const router = routerOf(p);
    const { where } = router;
    const { scope, routes } = await router.routesTo(blue);
    if (routes.length > 0) {
        throw new errors/* DeployError */.sH(`${routes.map((r) => r.where).join(', ')} ${routes.length === 1 ? router.verb : router.verb.replace(/s to$/, ' to')} ${blue} again (${[...new Set(routes.map((r) => r.reaches))].join(', ')}), so ${blue} will not be deleted`, routes.some((r) => r.isFrontDoor) ? `Someone moved ${router.doorNoun.toLowerCase()} back while this run verified green.` : `Another ${scope} routes to ${blue}.`, `Nothing was deleted. Check which environment should serve ${where}, then re-run.`);
    }
    p.ctx.log.info(`No ${scope} ${router.verb} ${blue} (${where} ${router.verb} ${router.describe(green.target)}): deleting it is safe.`);
}
/** An environment as the summary shows it. */
function seen(env) {
    return { stackName: env.stackName, targetId: env.targetId, endpoint: env.endpoint };
}

;// CONCATENATED MODULE: ./src/core/rollback.ts








/**
 * Points the domain back at the previous environment: previous-stack when given, else the stack that was
 * live before the last promotion (as its lock recorded it), never merely the newest stack. Nothing is deleted.
 */
async function rollback(p) {
    const { ctx, summary } = p;
    const router = routerOf(p);
    const { where } = router;
    const live = await (0,context/* step */.PM)(ctx, `Read which stack ${where} ${router.verb}`, () => readLive(p));
    if (live.reading === undefined) {
        throw new errors/* DeployError */.sH(`${where} ${router.nothingYet.replace(/ yet$/, '')}, so there is nothing to roll back`, undefined, 'Promote an environment first.');
    }
    const targetName = await (0,context/* step */.PM)(ctx, 'Choose the stack to roll back to', () => chooseTarget(p, live.stackName), (name) => name);
    if (targetName === live.stackName) {
        throw new errors/* DeployError */.sH(`${targetName} is already live on ${where}; it cannot be the stack to roll back to`);
    }
    const target = await existingEnvironment(p, targetName, live).catch((err) => {
        if (err instanceof errors/* DeployError */.sH && /does not exist/.test(err.message)) {
            throw new errors/* DeployError */.sH(`The stack to roll back to, ${targetName}, does not exist any more`, undefined, 'It was deleted after the promotion; use keep-previous: true to keep the previous stack for rollbacks.');
        }
        throw err;
    });
    summary.record({
        step: 'sides',
        where,
        green: { stackName: target.stackName, targetId: target.targetId, endpoint: target.endpoint },
        blue: live.stackName ? { stackName: live.stackName, targetId: router.ownerKey(live.reading) } : undefined
    });
    await (0,context/* step */.PM)(ctx, `Smoke-test ${target.stackName}`, () => smokeEnvironment(p, target, `${where} was not touched.`));
    const plan = planRollback(router, live.reading, live.stackName, target);
    if (ctx.dryRun) {
        ctx.log.info(`[dry-run] ${describeRollback(router, plan)}`);
        (0,context/* skipStep */.Ks)(ctx, `Switch ${router.doorNoun.toLowerCase()}`, 'dry run');
        summary.record({ step: 'switch', green: plan.green, blue: plan.blue, outcome: 'dry-run' });
        return;
    }
    const checked = await checkNotMoved(p, plan.from);
    await switchTo(p, checked, plan.to, `Switch ${where} back to ${plan.green}`);
    summary.record({ step: 'switch', green: plan.green, blue: plan.blue, outcome: 'rolled back' });
    ctx.setOutput('endpoint', target.endpoint);
    ctx.setOutput('active-stack', target.stackName);
    if (live.stackName)
        ctx.setOutput('previous-stack', live.stackName);
    if (router.idOutput)
        ctx.setOutput(router.idOutput, target.targetId);
    ctx.setOutput('domain-endpoint', router.url);
    ctx.report.fact('Live stack', target.stackName);
    await p.github.status('success', router.url, `Rolled back to ${target.stackName}`);
}
/** previous-stack, else the stack the last promotion moved the domain away from; refuses when neither is known. */
async function chooseTarget(p, liveStack) {
    const { ctx, inputs } = p;
    const others = (await environmentsOf(p))
        // only environments of this app: the action's tagged stacks, not any `<name>-*` stack
        .filter((e) => e.ownership === 'ours' && e.stackName !== liveStack && isUsable(e.status))
        .sort((a, b) => b.createdAt - a.createdAt);
    for (const e of others)
        ctx.log.info(`  candidate ${e.stackName} (${e.status}, created ${new Date(e.createdAt).toISOString()}})`);
    const chosen = inputs.extraEnv.previousStack ??
        (await recordedPrevious(p, liveStack, others.map((e) => e.stackName)));
    // a stack made before the action may be rolled back to (it was live); another app's never
    const stack = await (0,stacks/* describeStack */.GO)(ctx.clients.cloudformation, chosen);
    if (stack && ownershipOf(stack, inputs.stackName) === 'another app') {
        throw new errors/* DeployError */.sH(`${chosen} is ${describeOwnership(stack, inputs.stackName)}: ${routerOf(p).doorNoun.toLowerCase()} will not be moved to it`, undefined, 'Give previous-stack: an environment of stack-name.');
    }
    return chosen;
}
async function recordedPrevious(p, liveStack, candidates) {
    const { where, lockKey, targetNoun, doorNoun } = routerOf(p);
    const { scope, path } = lockKey;
    const recorded = liveStack ? await promotionThatMadeLive(p.ctx, scope, path, liveStack) : undefined;
    if (recorded) {
        p.ctx.log.info(`${liveStack} went live on ${where} in the promotion from ${recorded.from}${recorded.at ? ` at ${new Date(recorded.at).toISOString()}` : ''} (recorded in its lock ${recorded.lockStackId}).`);
        return recorded.from;
    }
    throw new errors/* DeployError */.sH(`Cannot tell which stack was live on ${where} before ${liveStack ?? `the ${targetNoun} it routes to`}: no promotion to it is recorded in the ${doorNoun.replace(/^The /, '')}'s released locks`, candidates.length > 0 ? `Candidates: ${candidates.join(', ')}.` : `No other environment of ${p.inputs.stackName} exists.`, candidates.length > 0
        ? 'Give previous-stack: the environment to roll back to (the action will not guess, since the newest may be a preview).'
        : 'The previous stack was deleted after the promotion (use keep-previous: true to keep it); deploy the previous version as a new environment and promote it.');
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/github/run.ts

/**
 * The run as the runner describes it in its environment (what @actions/github's context reads), without
 * loading @actions/github: only a run with a github-token needs its client, and it is loaded then.
 */
function runFromEnv(env = process.env) {
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    const eventPath = env.GITHUB_EVENT_PATH;
    const payload = eventPath && (0,external_node_fs_.existsSync)(eventPath) ? JSON.parse((0,external_node_fs_.readFileSync)(eventPath, 'utf8')) : {};
    const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
    return {
        repo: owner && repo ? { owner, repo } : undefined,
        eventName: env.GITHUB_EVENT_NAME ?? '',
        sha: env.GITHUB_SHA ?? '',
        ref: env.GITHUB_REF ?? '',
        payload,
        runUrl: owner && repo && env.GITHUB_RUN_ID ? `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined
    };
}

;// CONCATENATED MODULE: ./src/modes/extra-env/index.ts




















/**
 * extra-env: a whole second environment <stack-name>-<extra>, smoke-tested on its own URL, promoted by
 * moving the API Gateway custom domain to it; the live stack is read from the domain, never stored.
 */
async function extraEnv(ctx, inputs, deps = {}) {
    const run = deps.run ?? runFromEnv();
    const octokit = deps.octokit ?? (inputs.githubToken ? (await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(413)]).then(__webpack_require__.bind(__webpack_require__, 2413))).getOctokit(inputs.githubToken) : undefined);
    const router = await createRouter(ctx, inputs.extraEnv.door, inputs.region, inputs.stackName);
    const summary = new SwitchSummary(router.targetNoun, `${router.doorNoun.replace(/^The /, '').replace(/^./, (c) => c.toUpperCase())} switch`);
    const p = { ctx, inputs, router, run, summary, github: new GitHubTracker(ctx, run, octokit), fetch: deps.fetch };
    const holder = deps.holder ?? holderFromEnv();
    const { phase } = inputs.extraEnv;
    ctx.report.fact('Phase', phase);
    try {
        if (phase === 'deploy' || phase === 'full' || phase === 'promote')
            await refuseForks(p, octokit);
        switch (phase) {
            case 'deploy':
                return await deployPhase(p);
            case 'full':
                return await locked(p, holder, () => fullPhase(p, holder));
            case 'promote':
                return await locked(p, holder, () => promotePhase(p));
            case 'rollback':
                return await locked(p, holder, () => rollbackPhase(p));
            case 'destroy':
                return await locked(p, holder, () => destroyPhase(p));
        }
    }
    finally {
        p.summary.write(ctx);
    }
}
async function refuseForks(p, octokit) {
    const reason = await forkRefusal(p.run, p.inputs.extraEnv.allowForks, octokit);
    if (!reason)
        return;
    p.ctx.log.warning(`Refusing to deploy: ${reason}.`);
    throw new errors/* DeployError */.sH(`Refusing to deploy code from a fork`, reason, 'Review the code and set allow-forks: true if you trust it, or skip the job for forks with `if: github.event.pull_request.head.repo.fork == false`.');
}
/**
 * Runs a phase that reads and moves the domain under the domain's lock, so two runs never interleave their
 * read → check → switch → delete sequences. For a promotion the lock records which stack was live and which
 * one is promoted, so a re-run of an interrupted attempt can finish that promotion.
 */
async function locked(p, holder, work) {
    const { ctx, inputs } = p;
    const { phase } = inputs.extraEnv;
    if (!(0,core_inputs/* hasFrontDoor */.ax)(inputs.extraEnv))
        return work();
    const { lockKey, where: door } = routerOf(p);
    const lock = new DomainLock(ctx, { domainName: lockKey.scope, basePath: lockKey.path, where: door, region: inputs.region, phase, holder, ttlMs: inputs.timeoutMinutes * 60_000, tags: inputs.tags });
    const where = lock.where;
    if (ctx.dryRun) {
        (0,context/* skipStep */.Ks)(ctx, `Lock ${where}`, `dry run: the lock stack ${lock.name} is not created`);
        return work();
    }
    const promotes = phase === 'full' || phase === 'promote';
    await (0,context/* step */.PM)(ctx, `Lock ${where}`, async () => {
        let intent = {};
        if (promotes) {
            p.peeked = await peekLive(p);
            intent = { from: p.peeked.stackName, to: greenName(p) };
        }
        await lock.acquire(intent);
    }, () => lock.name);
    p.lock = lock;
    try {
        await work();
    }
    finally {
        await (0,context/* step */.PM)(ctx, `Release the lock on ${where}`, () => lock.release()).catch(() => undefined);
    }
}
/** The live stack read once the lock is held must be the one recorded in the lock. */
function requireUnmovedSinceLock(p, live) {
    const router = routerOf(p);
    if (!p.peeked || router.same(p.peeked.reading, live.reading))
        return;
    const { where } = router;
    throw new errors/* DeployError */.sH(`${where} moved while this run was taking the lock: it ${router.pastVerb} ${p.peeked.reading === undefined ? 'nothing' : router.ownerKey(p.peeked.reading)} and now ${router.verb} ${live.reading === undefined ? 'nothing' : router.ownerKey(live.reading)}`, 'Another promotion finished, or a person changed the mapping, at the same moment; two promotions must not race.', 'Nothing was switched and nothing deleted. Re-run this one: it reads the live stack again.');
}
/**
 * An earlier attempt of this run promoted green and released its lock (beside blue's delete) before it was
 * interrupted, so no lock is left to take over: its released lock names the stack it replaced.
 */
async function finishedByEarlierAttempt(p, live, holder) {
    const green = greenName(p);
    if (live.stackName !== green || p.ctx.dryRun)
        return undefined;
    const { scope, path } = routerOf(p).lockKey;
    const recorded = await promotionThatMadeLive(p.ctx, scope, path, green);
    if (!recorded || !isEarlierAttemptOfSameRun(recorded.holder, holder))
        return undefined;
    // only once blue's delete started (a kept blue means that attempt ended: nothing to finish)
    const blue = await (0,stacks/* describeStack */.GO)(p.ctx.clients.cloudformation, recorded.from);
    return !blue || /^DELETE_/.test(blue.StackStatus ?? '') ? recorded.from : undefined;
}
/** An earlier attempt of this run switched the domain to green before it was interrupted: the stack it replaced. */
function interruptedPromotionFrom(p, live) {
    const held = p.lock?.takenOver;
    const green = greenName(p);
    if (!held || held.intent.to !== green || !held.intent.from || held.intent.from === green)
        return undefined;
    return live.stackName === green ? held.intent.from : undefined;
}
/**
 * An earlier attempt of this run was moving traffic to green in steps and was interrupted with green holding
 * part of it (the router's weights say so): green, resolved from its stack as read, and its share, for
 * promote to resume the steps.
 */
async function midShiftGreen(p, stack) {
    if (!stack || !mayResumeShift(p, greenName(p)) || !isUsable(stack.StackStatus ?? ''))
        return undefined;
    const green = await resolveIn(p, stack, {});
    const interrupted = await interruptedShift(p, green);
    return interrupted && { green, interrupted };
}
async function readLiveStep(p) {
    const live = await (0,context/* step */.PM)(p.ctx, `Read which stack ${routerOf(p).where} ${routerOf(p).verb}`, () => readLive(p), (l) => l.stackName ?? (l.reading === undefined ? routerOf(p).nothingYet.replace(/^has /, '').replace(/ yet$/, '') : routerOf(p).ownerKey(l.reading)));
    noteLive(p, live);
    return live;
}
/** Runs the work inside a GitHub deployment: in progress, then failure when the work throws. */
async function tracked(p, environment, opts, work) {
    await p.github.start(environment, opts);
    try {
        return await work();
    }
    catch (err) {
        await p.github.status('failure', undefined, 'Deployment failed; see the run log');
        throw err;
    }
}
async function deployPhase(p) {
    const green = greenName(p);
    const live = (0,core_inputs/* hasFrontDoor */.ax)(p.inputs.extraEnv) ? await readLiveStep(p) : {};
    const preview = !!pullRequestOf(p.run);
    const env = await tracked(p, p.inputs.extraEnv.environment ?? green, { transient: preview, production: false, description: `Deploy ${green}` }, () => deployGreen(p, live));
    if (!env)
        return;
    await p.github.status('success', env.endpoint, `${green} deployed and smoke-tested`);
    await p.github.comment(`extra-env:${green}`, previewComment(env, p.router.targetNoun));
}
async function fullPhase(p, holder) {
    // green's stack is read beside the live one: both after the lock, and neither needs the other
    const [live, green] = await Promise.all([readLiveStep(p), (0,stacks/* describeStack */.GO)(p.ctx.clients.cloudformation, greenName(p))]);
    requireUnmovedSinceLock(p, live);
    await tracked(p, p.inputs.extraEnv.environment ?? p.inputs.stackName, { transient: false, production: true, description: `Deploy and promote ${greenName(p)}` }, async () => {
        // green live by this run's earlier attempt: finish that promotion, never deploy onto the live stack
        const resumeFrom = interruptedPromotionFrom(p, live) ?? (await finishedByEarlierAttempt(p, live, holder));
        if (resumeFrom)
            return resumePromotion(p, await (0,context/* step */.PM)(p.ctx, `Read ${greenName(p)}`, () => existingEnvironment(p, greenName(p), live), (e) => `${p.router.targetNoun} ${e.targetId}`), resumeFrom);
        // killed mid-shift: green has part of the traffic, so it is not deployed again (it is routed to), only promoted on
        const shifting = await midShiftGreen(p, green);
        if (shifting)
            return promote(p, shifting.green, live, { smokeFirst: false, interrupted: shifting.interrupted });
        if ((0,core_inputs/* isGradual */.Lz)(p.inputs.extraEnv.trafficSteps) && live.reading !== undefined)
            await requireShiftable(p, greenName(p));
        const deployed = await deployGreen(p, live, { stack: green });
        if (!deployed) {
            p.ctx.log.info(`[dry-run] ${greenName(p)} does not exist yet: after creating it the run would smoke-test it, switch ${routerOf(p).where} to it and delete ${live.stackName ?? 'nothing'}.`);
            (0,context/* skipStep */.Ks)(p.ctx, 'Promote', 'dry run: the new stack does not exist yet');
            return;
        }
        await promote(p, deployed, live, { smokeFirst: false });
    });
}
async function promotePhase(p) {
    const live = await readLiveStep(p);
    requireUnmovedSinceLock(p, live);
    const green = await (0,context/* step */.PM)(p.ctx, `Read ${greenName(p)}`, () => existingEnvironment(p, greenName(p), live), (e) => `${p.router.targetNoun} ${e.targetId}`);
    p.ctx.setOutput('stack-name', green.stackName);
    p.ctx.setOutput('stack-id', green.stackId);
    p.ctx.setOutput('stack-status', green.status);
    p.ctx.setOutput('stack-outputs', JSON.stringify(green.outputs));
    const resumeFrom = interruptedPromotionFrom(p, live);
    await tracked(p, p.inputs.extraEnv.environment ?? p.inputs.stackName, { transient: false, production: true, description: `Promote ${green.stackName}` }, () => resumeFrom ? resumePromotion(p, green, resumeFrom) : promote(p, green, live, { smokeFirst: true }));
}
async function rollbackPhase(p) {
    await tracked(p, p.inputs.extraEnv.environment ?? p.inputs.stackName, { transient: false, production: true, description: 'Roll back' }, () => rollback(p));
}
async function destroyPhase(p) {
    const live = await liveForDestroy(p);
    const { extra, olderThanMs } = p.inputs.extraEnv;
    const destroyed = [];
    if (extra) {
        const name = greenName(p);
        await destroyEnvironment(p, live);
        destroyed.push(name);
        await p.github.deactivate(p.inputs.extraEnv.environment ?? name);
        await p.github.comment(`extra-env:${name}`, `### 🗑️ Preview environment \`${name}\` destroyed\n\nThe stack was deleted when the pull request closed.`, { onlyUpdate: true });
    }
    if (olderThanMs !== undefined)
        await sweep(p, live ?? {}, destroyed);
}
function previewComment(env, noun) {
    const { smoke } = env;
    const smokeText = !smoke || smoke.length === 0 ? 'no smoke-path given' : `${smoke.filter((r) => r.ok).length}/${smoke.length} passed`;
    return [
        `### 🟢 Preview environment \`${env.stackName}\``,
        '',
        '| | |',
        '|---|---|',
        // The endpoint and the API id come from the stack, which the pull request's template shapes.
        `| URL | ${(0,untrusted/* mdCode */.xs)(env.endpoint)} |`,
        `| stack | ${(0,untrusted/* mdCode */.xs)(env.stackName)} |`,
        `| ${noun} | ${(0,untrusted/* mdCode */.xs)(env.targetId)}${env.note ? ` (${env.note})` : ''} |`,
        `| smoke checks | ${smokeText} |`,
        '',
        '_Updated by bluegreen-action on every push; the environment is deleted when the pull request closes._'
    ].join('\n');
}


/***/ }),

/***/ 5472:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mF: () => (/* binding */ runSmokeChecks),
  Tx: () => (/* binding */ smokeFailures)
});

// UNUSED EXPORTS: BODY_EXCERPT_CHARS, joinUrl

// EXTERNAL MODULE: external "node:dns"
var external_node_dns_ = __webpack_require__(610);
// EXTERNAL MODULE: external "node:dns/promises"
var promises_ = __webpack_require__(1553);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/smoke-target.ts



const systemLookup = async (host) => (await (0,promises_.lookup)(host, { all: true, verbatim: true })).map((a) => a.address);
// Link-local and the instance metadata service: on a self-hosted runner they hand out the instance's
// credentials (IMDS 169.254.169.254, fd00:ec2::254; ECS task credentials 169.254.170.2).
const FORBIDDEN = new external_node_net_.BlockList();
FORBIDDEN.addSubnet('169.254.0.0', 16, 'ipv4');
FORBIDDEN.addSubnet('fe80::', 10, 'ipv6');
FORBIDDEN.addAddress('fd00:ec2::254', 'ipv6');
/** Whether an address is link-local or a metadata address (IPv4-mapped IPv6 addresses included). */
function isLinkLocalOrMetadata(address) {
    const family = (0,external_node_net_.isIP)(address);
    if (family === 4)
        return FORBIDDEN.check(address, 'ipv4');
    if (family !== 6)
        return false;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped)
        return FORBIDDEN.check(mapped[1], 'ipv4');
    return FORBIDDEN.check(address, 'ipv6');
}
/**
 * Why a smoke check must not request this URL, or undefined when it may. The URL comes from a stack output,
 * which a pull request's template sets: it must not point the runner at its own metadata service. The host
 * is checked as written and as every address it resolves to.
 */
async function refusedTarget(url, resolve = systemLookup) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return 'not a valid URL';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        return `only http and https are requested, not ${parsed.protocol}`;
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    const addresses = (0,external_node_net_.isIP)(host) ? [host] : await resolve(host).catch(() => []);
    const bad = addresses.find(isLinkLocalOrMetadata);
    if (!bad)
        return undefined;
    return `${host}${bad === host ? '' : ` resolves to ${bad}, which`} is a link-local or instance metadata address (refused unless smoke-allow-link-local: true)`;
}
/**
 * The lookup of every connection a smoke check opens: the address is checked when the socket connects, so a
 * name that resolved to a harmless address at the check cannot resolve to the metadata service for the
 * request itself (DNS rebinding).
 */
function connectLookup(dnsLookup = external_node_dns_.lookup) {
    return (host, options, callback) => {
        dnsLookup(host, { ...options, all: true }, (err, addresses) => {
            if (err)
                return callback(err, []);
            const bad = addresses.find((a) => isLinkLocalOrMetadata(a.address));
            if (bad) {
                const refused = Object.assign(new Error(`${host} resolves to ${bad.address}, a link-local or instance metadata address (refused unless smoke-allow-link-local: true)`), { code: 'ELINKLOCAL' });
                return callback(refused, []);
            }
            if (options.all)
                return callback(null, addresses);
            if (addresses.length === 0)
                return callback(Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' }), []);
            callback(null, addresses[0].address, addresses[0].family);
        });
    };
}
/** fetch (undici's, loaded only when a smoke check runs) whose every connection goes through connectLookup. */
async function guardedFetch() {
    const { Agent, fetch: undiciFetch } = await __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 4371, 19));
    const dispatcher = new Agent({ connect: { lookup: connectLookup() } });
    return ((url, init) => undiciFetch(url, { ...init, dispatcher }));
}

// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
;// CONCATENATED MODULE: ./src/smoke.ts


/** How much of a mismatching body is logged: enough to recognise the page, too little to leak a secret. */
const BODY_EXCERPT_CHARS = 60;
function joinUrl(base, path) {
    return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
/** One request, cut at the smaller of smoke-timeout-seconds and the time left before the deadline. */
async function checkOnce(url, smoke, doFetch, timeLeftMs) {
    const limitMs = Math.min(smoke.timeoutSeconds * 1000, timeLeftMs);
    if (limitMs <= 0)
        return { ok: false, error: 'no time left within timeout-minutes', outOfTime: true };
    const cutByDeadline = limitMs < smoke.timeoutSeconds * 1000;
    try {
        // redirect 'manual': a 3xx is the answer, never followed, so a redirect cannot lead past the address check.
        const res = await doFetch(url, { signal: AbortSignal.timeout(limitMs), redirect: 'manual' });
        const body = await res.text();
        if (!smoke.expectStatus.includes(res.status)) {
            return { ok: false, status: res.status, error: `status ${res.status}, expected ${smoke.expectStatus.join(' or ')}` };
        }
        if (smoke.expectBody && !smoke.expectBody.test(body)) {
            return { ok: false, status: res.status, error: `body does not match /${smoke.expectBody.source}/: ${(0,untrusted/* excerpt */.Kb)(body, BODY_EXCERPT_CHARS)}` };
        }
        return { ok: true, status: res.status };
    }
    catch (err) {
        const e = err;
        if (e.name === 'TimeoutError' && cutByDeadline)
            return { ok: false, error: `no answer before timeout-minutes ran out (${Math.ceil(limitMs / 1000)} s were left)`, outOfTime: true };
        const reason = e.name === 'TimeoutError' ? `no answer within ${smoke.timeoutSeconds} s` : (0,untrusted/* untrusted */.bp)(e.cause?.code ?? e.message, 200);
        return { ok: false, error: reason };
    }
}
/** Requests each smoke path on baseUrl, retrying each up to smoke.retries times; logs every result. */
async function runSmokeChecks(baseUrl, smoke, deps) {
    // The connection itself re-checks the address (smoke-target.ts), unless link-local addresses are allowed.
    const doFetch = deps.fetch ?? (smoke.allowLinkLocal || smoke.paths.length === 0 ? fetch : await guardedFetch());
    const timeLeft = () => (deps.deadline === undefined ? Infinity : deps.deadline - deps.clock.now());
    const results = [];
    for (const path of smoke.paths) {
        const url = joinUrl(baseUrl, path);
        const shown = (0,untrusted/* untrusted */.bp)(url, 300); // the base URL is a stack output: the template chose it
        const started = deps.clock.now();
        let last = { ok: false };
        let attempts = 0;
        const refused = smoke.allowLinkLocal ? undefined : await refusedTarget(url, deps.lookup);
        if (refused) {
            last = { ok: false, error: `not requested: ${(0,untrusted/* untrusted */.bp)(refused, 300)}` };
        }
        else {
            while (attempts <= smoke.retries) {
                attempts++;
                last = await checkOnce(url, smoke, doFetch, timeLeft());
                if (last.ok)
                    break;
                deps.log.info(`  ${shown}: attempt ${attempts} failed (${last.error})`);
                if (attempts > smoke.retries || last.outOfTime)
                    break;
                const delay = deps.retryDelayMs ?? 1000 * attempts;
                if (timeLeft() < delay + smoke.timeoutSeconds * 1000) {
                    last = { ...last, error: `${last.error}; no time left for another attempt within timeout-minutes`, outOfTime: true };
                    break;
                }
                await deps.clock.sleep(delay);
            }
        }
        const result = { url, ok: last.ok, status: last.status, attempts, ms: deps.clock.now() - started, error: last.error };
        if (last.outOfTime)
            result.outOfTime = true;
        deps.log.info(`${result.ok ? '✔' : '✘'} GET ${shown} → ${result.status ?? 'no response'}${result.ok ? '' : ` (${result.error})`} after ${attempts} attempt(s)`);
        results.push(result);
    }
    return results;
}
function smokeFailures(results) {
    const failed = results.filter((r) => !r.ok);
    if (failed.length === 0)
        return undefined;
    return failed.map((r) => `${(0,untrusted/* untrusted */.bp)(r.url, 300)}: ${r.error}`).join('; ');
}


/***/ })

};
