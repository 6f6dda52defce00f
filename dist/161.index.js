export const id = 161;
export const ids = [161,318];
export const modules = {

/***/ 3817:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JF: () => (/* binding */ describeFiring),
/* harmony export */   _x: () => (/* binding */ firing),
/* harmony export */   tv: () => (/* binding */ readAlarms)
/* harmony export */ });
/* harmony import */ var _sdk_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5857);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8422);



/**
 * Reads the named alarms (names or ARNs) in one DescribeAlarms call (AlarmNames takes up to 100; the
 * action takes 5), metric and composite alike. Throws a DeployError naming the alarms that do not exist.
 */
async function readAlarms(cw, namesOrArns) {
    if (namesOrArns.length === 0)
        return [];
    const names = namesOrArns.map(_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .alarmName */ .Vo);
    const found = [];
    let next;
    do {
        // Without AlarmTypes DescribeAlarms returns metric alarms only (API reference, DescribeAlarms).
        const out = await cw.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_2__/* .cloudWatchSdk */ .fU)()).DescribeAlarmsCommand({ AlarmNames: names, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], NextToken: next }));
        for (const a of out.MetricAlarms ?? [])
            found.push({ name: a.AlarmName, arn: a.AlarmArn, type: 'AWS::CloudWatch::Alarm', state: a.StateValue ?? 'INSUFFICIENT_DATA', reason: a.StateReason });
        for (const a of out.CompositeAlarms ?? [])
            found.push({ name: a.AlarmName, arn: a.AlarmArn, type: 'AWS::CloudWatch::CompositeAlarm', state: a.StateValue ?? 'INSUFFICIENT_DATA', reason: a.StateReason });
        next = out.NextToken;
    } while (next);
    const missing = names.filter((n) => !found.some((a) => a.name === n));
    if (missing.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DeployError */ .sH(`CloudWatch has no alarm named ${missing.join(', ')} in this region`, 'The alarms input names alarms that DescribeAlarms does not return.', 'Nothing was changed. Check the names in alarms (names or ARNs of alarms in the region of the stacks), or create the alarms first.');
    }
    return names.map((n) => found.find((a) => a.name === n));
}
/** The alarms in ALARM. */
function firing(alarms) {
    return alarms.filter((a) => a.state === 'ALARM');
}
/** "errors (Threshold Crossed: 1 datapoint [5.0] was greater than the threshold (1.0))" for each alarm in ALARM. */
function describeFiring(alarms) {
    return firing(alarms)
        .map((a) => `${a.name} is in ALARM${a.reason ? ` (${a.reason})` : ''}`)
        .join('; ');
}


/***/ }),

/***/ 5857:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rt: () => (/* binding */ cloudFrontSdk),
/* harmony export */   T9: () => (/* binding */ autoScalingSdk),
/* harmony export */   W5: () => (/* binding */ elbv2Sdk),
/* harmony export */   _j: () => (/* binding */ route53Sdk),
/* harmony export */   fU: () => (/* binding */ cloudWatchSdk),
/* harmony export */   hs: () => (/* binding */ apiGatewaySdk),
/* harmony export */   jb: () => (/* binding */ s3Sdk),
/* harmony export */   nB: () => (/* binding */ stsSdk),
/* harmony export */   rH: () => (/* binding */ apiGatewayV2Sdk)
/* harmony export */ });
/**
 * The SDK packages whose commands the helpers send, loaded at a helper's first call as clients.ts loads the
 * clients: a run reaches its first request (CloudFormation's) without compiling the services it has not called
 * yet. import() caches the module, so each package loads once.
 */
const apiGatewaySdk = () => Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(818)]).then(__webpack_require__.t.bind(__webpack_require__, 818, 19));
const apiGatewayV2Sdk = () => Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(919)]).then(__webpack_require__.t.bind(__webpack_require__, 4919, 19));
const cloudWatchSdk = () => Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(85)]).then(__webpack_require__.t.bind(__webpack_require__, 4085, 19));
const elbv2Sdk = () => Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(586)]).then(__webpack_require__.t.bind(__webpack_require__, 586, 19));
const autoScalingSdk = () => Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(932)]).then(__webpack_require__.t.bind(__webpack_require__, 8932, 19));
const route53Sdk = () => Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(621)]).then(__webpack_require__.t.bind(__webpack_require__, 8621, 19));
const s3Sdk = () => Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(711)]).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
const stsSdk = () => Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(695)]).then(__webpack_require__.t.bind(__webpack_require__, 1695, 19));
const cloudFrontSdk = () => Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(169)]).then(__webpack_require__.t.bind(__webpack_require__, 3169, 19));


/***/ }),

/***/ 6279:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MA: () => (/* binding */ ChangeSetFailed),
  QP: () => (/* binding */ changeRows),
  V$: () => (/* binding */ createChangeSet),
  cW: () => (/* binding */ deleteChangeSet),
  WB: () => (/* binding */ deleteStaleChangeSets),
  Fr: () => (/* binding */ requestToken),
  AJ: () => (/* binding */ showChangeSet)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudformation/dist-cjs/index.js
var dist_cjs = __webpack_require__(3805);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
// EXTERNAL MODULE: ./src/cloudformation/rollback-triggers.ts
var rollback_triggers = __webpack_require__(4318);
// EXTERNAL MODULE: ./src/cloudformation/template.ts + 6 modules
var template = __webpack_require__(3935);
;// CONCATENATED MODULE: ./src/cloudformation/template-source.ts


/** Whether CloudFormation takes the template inline (TemplateBody). */
function fitsInline(body) {
    return Buffer.byteLength(body) <= template/* INLINE_LIMIT */.ol;
}
/**
 * How a template reaches CloudFormation: inline up to 51,200 bytes; above that, up to 1 MB, from S3
 * (CloudFormation refuses a larger inline body), read by CloudFormation with the job's own credentials.
 * The S3 code is loaded only for a large template: the other runs never pay its start-up.
 */
async function templateSource(ctx, stackName, body) {
    const size = Buffer.byteLength(body);
    if (size <= template/* INLINE_LIMIT */.ol)
        return { TemplateBody: body };
    if (size > template/* TEMPLATE_LIMIT */.hr) {
        throw new errors/* DeployError */.sH(`The template for ${stackName} is ${size} bytes, over the ${template/* TEMPLATE_LIMIT */.hr} bytes (1 MB) CloudFormation accepts even from S3`, undefined, 'Split it into nested stacks, or move inline code and large values out of it.');
    }
    const storage = ctx.templateStorage;
    if (!storage)
        throw new errors/* DeployError */.sH(`The template for ${stackName} is ${size} bytes, over the ${template/* INLINE_LIMIT */.ol} bytes CloudFormation accepts inline, and no S3 bucket is set up for it`);
    const { uploadTemplate } = await __webpack_require__.e(/* import() */ 782).then(__webpack_require__.bind(__webpack_require__, 6782));
    const url = await uploadTemplate(ctx, storage, stackName, body);
    ctx.log.info(`The template is ${size} bytes, over the ${template/* INLINE_LIMIT */.ol}-byte inline limit: CloudFormation reads it from ${url}`);
    return { TemplateURL: url };
}

;// CONCATENATED MODULE: ./src/cloudformation/change-set.ts






/** A unique token for one stack operation: the SDK's retries of the same call reuse it, so none runs twice. */
function requestToken(kind) {
    return `bluegreen-${kind}-${(0,external_node_crypto_.randomUUID)()}`.slice(0, 128);
}
const NO_CHANGES = /didn't contain changes|No updates are to be performed/i;
async function createChangeSet(ctx, req) {
    const name = `bluegreen-${new Date(ctx.clock.now())
        .toISOString()
        .replace(/[^0-9]/g, '')
        .slice(0, 14)}-${(0,external_node_crypto_.randomUUID)().slice(0, 8)}`;
    const rollback = await (0,rollback_triggers/* rollbackConfiguration */.R)(ctx);
    const template = fitsInline(req.templateBody) ? { TemplateBody: req.templateBody } : await templateSource(ctx, req.stackName, req.templateBody);
    const created = await ctx.clients.cloudformation.send(new dist_cjs.CreateChangeSetCommand({
        StackName: req.stackName,
        ChangeSetName: name,
        ChangeSetType: req.type,
        TemplateBody: template.TemplateBody,
        TemplateURL: template.TemplateURL,
        Parameters: req.parameters,
        Capabilities: req.capabilities,
        Tags: req.tags,
        RollbackConfiguration: rollback,
        ClientToken: requestToken('cs'),
        Description: 'Created by bluegreen-action'
    }));
    return waitForChangeSet(ctx, created.Id, created.StackId);
}
/** CloudFormation could not compute the change set: the template or parameters are wrong, and nothing ran. */
class ChangeSetFailed extends errors/* DeployError */.sH {
    changeSetId;
    stackId;
    reason;
    constructor(changeSetId, stackId, stackName, reason) {
        super(`The change set for ${stackName} could not be created; nothing was changed`, reason, /Unrecognized resource types?/i.test(reason ?? '')
            ? 'Check the spelling of the resource types named above against the CloudFormation resource type reference (cfn-lint reports them before a deploy), then re-run.'
            : 'Fix the template or the parameters as the reason says, then re-run.');
        this.changeSetId = changeSetId;
        this.stackId = stackId;
        this.reason = reason;
    }
}
async function waitForChangeSet(ctx, id, stackId) {
    // Change sets are computed in seconds: poll faster than stack operations.
    const interval = Math.max(100, Math.floor(ctx.pollMs / 2));
    for (;;) {
        try {
            const first = await ctx.clients.cloudformation.send(new dist_cjs.DescribeChangeSetCommand({ ChangeSetName: id }));
            const status = first.Status ?? 'UNKNOWN';
            if (status === 'CREATE_COMPLETE' || status === 'FAILED') {
                const changes = [...(first.Changes ?? [])];
                let next = first.NextToken;
                while (next) {
                    const page = await ctx.clients.cloudformation.send(new dist_cjs.DescribeChangeSetCommand({ ChangeSetName: id, NextToken: next }));
                    changes.push(...(page.Changes ?? []));
                    next = page.NextToken;
                }
                const empty = status === 'FAILED' && NO_CHANGES.test(first.StatusReason ?? '');
                if (status === 'FAILED' && !empty)
                    throw new ChangeSetFailed(id, first.StackId ?? stackId, first.StackName ?? '', first.StatusReason);
                return { id, stackId: first.StackId ?? stackId, status, reason: first.StatusReason, changes: empty ? [] : changes, empty };
            }
        }
        catch (err) {
            if (!(0,errors/* isThrottling */.E2)(err))
                throw err;
        }
        if (ctx.clock.now() + interval > ctx.deadline) {
            throw new errors/* TimeoutError */.MU(`Timed out (timeout-minutes) waiting for CloudFormation to compute change set ${id}; nothing was executed`, undefined, 'Re-run the action (the change set is replaced), or raise timeout-minutes.');
        }
        await ctx.clock.sleep(interval);
    }
}
async function deleteChangeSet(ctx, id) {
    await ctx.clients.cloudformation.send(new dist_cjs.DeleteChangeSetCommand({ ChangeSetName: id }));
}
/** Deletes the change sets a stopped run left on a stack (REVIEW_IN_PROGRESS or pending review). */
async function deleteStaleChangeSets(ctx, stackName) {
    const deleted = [];
    let next;
    do {
        const out = await ctx.clients.cloudformation.send(new dist_cjs.ListChangeSetsCommand({ StackName: stackName, NextToken: next }));
        for (const cs of out.Summaries ?? []) {
            if (cs.ChangeSetId && cs.ExecutionStatus !== 'EXECUTE_IN_PROGRESS') {
                await deleteChangeSet(ctx, cs.ChangeSetId);
                deleted.push(cs.ChangeSetName ?? cs.ChangeSetId);
            }
        }
        next = out.NextToken;
    } while (next);
    return deleted;
}
function changeRows(changes) {
    return changes
        .filter((c) => c.ResourceChange)
        .map((c) => {
        const r = c.ResourceChange;
        return {
            action: r.Action ?? '?',
            logicalId: r.LogicalResourceId ?? '?',
            type: r.ResourceType ?? '?',
            replacement: r.Action === 'Modify' ? (r.Replacement ?? 'False') : '-',
            physicalId: r.PhysicalResourceId
        };
    });
}
/** Logs the change set as aligned lines and returns it as a markdown table for the summary. */
function showChangeSet(ctx, result) {
    if (result.empty) {
        ctx.log.info('No changes: the stack already matches the template and parameters.');
        return '_No changes._';
    }
    const rows = changeRows(result.changes);
    const width = (f, min) => Math.max(min, ...rows.map((r) => f(r).length));
    const [wa, wl, wt] = [width((r) => r.action, 6), width((r) => r.logicalId, 8), width((r) => r.type, 4)];
    ctx.log.info(`${'action'.padEnd(wa)}  ${'resource'.padEnd(wl)}  ${'type'.padEnd(wt)}  replacement`);
    for (const r of rows) {
        ctx.log.info(`${r.action.padEnd(wa)}  ${r.logicalId.padEnd(wl)}  ${r.type.padEnd(wt)}  ${r.replacement}`);
    }
    ctx.log.info(`${rows.length} change(s) in ${result.id}`);
    return (0,report/* markdownTable */.Qj)(['action', 'resource', 'type', 'replacement'], rows.map((r) => [r.action, r.logicalId, r.type, r.replacement]));
}


/***/ }),

/***/ 9513:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w: () => (/* binding */ deleteStack)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3805);
/* harmony import */ var _deployed_stack_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6445);
/* harmony import */ var _events_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1059);
/* harmony import */ var _stacks_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8915);
/* harmony import */ var _change_set_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6279);
/* harmony import */ var _wait_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2411);







async function deleteStack(ctx, nameOrId, options = {}) {
    const stack = await (0,_stacks_js__WEBPACK_IMPORTED_MODULE_0__/* .describeStack */ .GO)(ctx.clients.cloudformation, nameOrId);
    if (!stack || stack.StackStatus === 'DELETE_COMPLETE') {
        ctx.log.info(`Stack ${nameOrId} does not exist; nothing to delete.`);
        return { stackName: nameOrId, deleted: false };
    }
    const stackId = stack.StackId;
    if (ctx.dryRun) {
        ctx.log.info(`[dry-run] would delete stack ${stack.StackName} (${stack.StackStatus})`);
        return { stackName: stack.StackName, stackId, deleted: false };
    }
    if ((0,_stacks_js__WEBPACK_IMPORTED_MODULE_0__/* .isInProgress */ .LT)(stack.StackStatus)) {
        ctx.log.info(`Stack ${stack.StackName} is ${stack.StackStatus}; waiting for it before deleting.`);
        await (0,_wait_js__WEBPACK_IMPORTED_MODULE_2__/* .waitForStack */ .ZO)(ctx, stackId, new _events_js__WEBPACK_IMPORTED_MODULE_3__/* .EventStream */ .vC(ctx, stackId, await _events_js__WEBPACK_IMPORTED_MODULE_3__/* .EventStream */ .vC.baseline(ctx, stackId)));
    }
    // the resources the delete works through tell the wait when it should end (read beside the baseline)
    const [baseline, resources] = await Promise.all([_events_js__WEBPACK_IMPORTED_MODULE_3__/* .EventStream */ .vC.baseline(ctx, stackId), (0,_deployed_stack_js__WEBPACK_IMPORTED_MODULE_4__/* .listStackResources */ .u)(ctx.clients.cloudformation, stackId).catch(() => [])]);
    const stream = new _events_js__WEBPACK_IMPORTED_MODULE_3__/* .EventStream */ .vC(ctx, stackId, baseline);
    stream.expectResources(resources.flatMap((r) => (r.ResourceStatus === 'DELETE_COMPLETE' || !r.LogicalResourceId ? [] : [r.LogicalResourceId])));
    ctx.log.info(`Deleting stack ${stack.StackName}`);
    await ctx.clients.cloudformation.send(new _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_5__.DeleteStackCommand({
        StackName: stackId,
        ClientRequestToken: (0,_change_set_js__WEBPACK_IMPORTED_MODULE_1__/* .requestToken */ .Fr)('delete'),
        RetainResources: options.retain?.length ? options.retain : undefined
    }));
    await options.onIssued?.();
    await (0,_wait_js__WEBPACK_IMPORTED_MODULE_2__/* .waitForOperation */ .o5)(ctx, stackId, 'delete', stream, `Deleting stack ${stack.StackName}`);
    return { stackName: stack.StackName, stackId, deleted: true };
}


/***/ }),

/***/ 4401:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gE: () => (/* binding */ deployStack)
/* harmony export */ });
/* unused harmony exports prepareStack, realCause */
/* harmony import */ var _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3805);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _change_set_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6279);
/* harmony import */ var _delete_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9513);
/* harmony import */ var _events_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(1059);
/* harmony import */ var _stacks_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8915);
/* harmony import */ var _template_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3935);
/* harmony import */ var _wait_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2411);








/**
 * Brings the stack into a state that accepts a change set, and says which type the change set must be.
 * Every status a stack can be found in has its answer here.
 */
async function prepareStack(ctx, stackName, read) {
    for (let first = true;; first = false) {
        const stack = first && read ? read.stack : await (0,_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .describeStack */ .GO)(ctx.clients.cloudformation, stackName);
        const status = stack?.StackStatus;
        if (!stack || status === 'DELETE_COMPLETE')
            return 'CREATE';
        const stackId = stack.StackId;
        if (status === 'REVIEW_IN_PROGRESS') {
            const deleted = ctx.dryRun ? [] : await (0,_change_set_js__WEBPACK_IMPORTED_MODULE_1__/* .deleteStaleChangeSets */ .WB)(ctx, stackId);
            ctx.log.info(`Stack ${stackName} is REVIEW_IN_PROGRESS (created by a change set that never ran)${deleted.length ? `; deleted stale change set(s) ${deleted.join(', ')}` : ''}.`);
            return 'CREATE';
        }
        if ((0,_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .isInProgress */ .LT)(status)) {
            ctx.log.info(`Stack ${stackName} is ${status}: waiting for the operation in progress to finish.`);
            await (0,_wait_js__WEBPACK_IMPORTED_MODULE_5__/* .waitForStack */ .ZO)(ctx, stackId, new _events_js__WEBPACK_IMPORTED_MODULE_6__/* .EventStream */ .vC(ctx, stackId, await _events_js__WEBPACK_IMPORTED_MODULE_6__/* .EventStream */ .vC.baseline(ctx, stackId)));
            continue;
        }
        if ((0,_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .neverCreated */ .V5)(status)) {
            if (ctx.dryRun) {
                ctx.log.info(`[dry-run] stack ${stackName} is ${status} (its create never finished): would delete and create it again.`);
                return 'CREATE';
            }
            ctx.log.info(`Stack ${stackName} is ${status}: its create never finished, so it holds nothing to keep. Deleting it to create it again.`);
            await (0,_delete_js__WEBPACK_IMPORTED_MODULE_2__/* .deleteStack */ .w)(ctx, stackId);
            return 'CREATE';
        }
        if (status === 'UPDATE_ROLLBACK_FAILED') {
            if (ctx.dryRun) {
                ctx.log.info(`[dry-run] stack ${stackName} is UPDATE_ROLLBACK_FAILED: would continue the rollback, then update.`);
                return 'UPDATE';
            }
            ctx.log.info(`Stack ${stackName} is UPDATE_ROLLBACK_FAILED: continuing the rollback before updating.`);
            const stream = new _events_js__WEBPACK_IMPORTED_MODULE_6__/* .EventStream */ .vC(ctx, stackId, await _events_js__WEBPACK_IMPORTED_MODULE_6__/* .EventStream */ .vC.baseline(ctx, stackId));
            await ctx.clients.cloudformation.send(new _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_7__.ContinueUpdateRollbackCommand({ StackName: stackId, ClientRequestToken: (0,_change_set_js__WEBPACK_IMPORTED_MODULE_1__/* .requestToken */ .Fr)('continue') }));
            await (0,_wait_js__WEBPACK_IMPORTED_MODULE_5__/* .waitForOperation */ .o5)(ctx, stackId, 'rollback', stream, `Continuing the rollback of ${stackName}`);
            continue;
        }
        if (status === 'DELETE_FAILED') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DeployError */ .sH(`Stack ${stackName} is DELETE_FAILED: an earlier delete did not finish, so it cannot be updated`, stack.StackStatusReason, 'Delete the stack (retaining the resources that block it) or remove the blocker, then re-run.');
        }
        return 'UPDATE';
    }
}
/** Creates or updates a stack through a change set, shown before it runs, with live events while it runs. */
async function deployStack(ctx, req) {
    const type = await prepareStack(ctx, req.stackName, req.read);
    let changeSet;
    try {
        changeSet = await (0,_change_set_js__WEBPACK_IMPORTED_MODULE_1__/* .createChangeSet */ .V$)(ctx, { ...req, type });
    }
    catch (err) {
        if (err instanceof _change_set_js__WEBPACK_IMPORTED_MODULE_1__/* .ChangeSetFailed */ .MA)
            await discardAttempt(ctx, err.changeSetId, err.stackId, type);
        // CloudFormation checks the template's format in the call itself: nothing was created
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(err) === 'ValidationError') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DeployError */ .sH(`CloudFormation refused the change set for ${req.stackName}; nothing was changed`, realCause((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err), req.templateBody), 'Fix the template or the parameters as the cause says, then re-run.');
        }
        throw err;
    }
    const changesMarkdown = (0,_change_set_js__WEBPACK_IMPORTED_MODULE_1__/* .showChangeSet */ .AJ)(ctx, changeSet);
    ctx.report.section(`Change set · ${req.stackName}${ctx.dryRun ? ' (dry run, not executed)' : ''}`, changesMarkdown);
    const base = {
        stackName: req.stackName,
        stackId: changeSet.stackId,
        changeSetId: changeSet.id,
        changes: changeSet.changes,
        changesMarkdown,
        noChanges: changeSet.empty,
        executed: false,
        outputs: {}
    };
    if (!changeSet.empty && req.review) {
        try {
            await req.review(changeSet.changes);
        }
        catch (err) {
            await (0,_change_set_js__WEBPACK_IMPORTED_MODULE_1__/* .deleteChangeSet */ .cW)(ctx, changeSet.id).catch(() => undefined);
            if (type === 'CREATE')
                await deleteReviewStack(ctx, changeSet.stackId);
            throw err;
        }
    }
    if (changeSet.empty || ctx.dryRun) {
        await (0,_change_set_js__WEBPACK_IMPORTED_MODULE_1__/* .deleteChangeSet */ .cW)(ctx, changeSet.id).catch(() => undefined);
        if (ctx.dryRun && type === 'CREATE')
            await deleteReviewStack(ctx, changeSet.stackId);
        const stack = type === 'UPDATE' ? await (0,_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .describeStack */ .GO)(ctx.clients.cloudformation, changeSet.stackId) : undefined;
        if (ctx.dryRun)
            ctx.log.info(`[dry-run] change set shown and deleted; stack ${req.stackName} unchanged.`);
        return { ...base, stack, status: stack?.StackStatus, outputs: (0,_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .stackOutputs */ .XC)(stack), changeSetId: changeSet.empty ? undefined : changeSet.id };
    }
    const stream = new _events_js__WEBPACK_IMPORTED_MODULE_6__/* .EventStream */ .vC(ctx, changeSet.stackId, type === 'UPDATE' ? await _events_js__WEBPACK_IMPORTED_MODULE_6__/* .EventStream */ .vC.baseline(ctx, changeSet.stackId) : undefined, req.onEvent);
    stream.expectResources(changeSet.changes.flatMap((c) => c.ResourceChange?.LogicalResourceId ?? []));
    ctx.log.info(`Executing change set (${type === 'CREATE' ? 'create' : 'update'} of ${req.stackName})`);
    try {
        await ctx.clients.cloudformation.send(new _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_7__.ExecuteChangeSetCommand({ ChangeSetName: changeSet.id, ClientRequestToken: (0,_change_set_js__WEBPACK_IMPORTED_MODULE_1__/* .requestToken */ .Fr)('execute') }));
    }
    catch (err) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(err) !== 'ValidationError')
            throw err;
        // CloudFormation refused to start it: nothing ran, so what this attempt created goes.
        await discardAttempt(ctx, changeSet.id, changeSet.stackId, type);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DeployError */ .sH(`CloudFormation refused to execute the change set for ${req.stackName}; nothing was changed`, realCause((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err), req.templateBody), 'Fix the template as the cause says, then re-run.');
    }
    const stack = await (0,_wait_js__WEBPACK_IMPORTED_MODULE_5__/* .waitForOperation */ .o5)(ctx, changeSet.stackId, type === 'CREATE' ? 'create' : 'update', stream, `${type === 'CREATE' ? 'Creating' : 'Updating'} stack ${req.stackName}`);
    return { ...base, executed: true, stack, status: stack.StackStatus, outputs: (0,_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .stackOutputs */ .XC)(stack) };
}
/**
 * Removes what a failed attempt left: its change set and, when the attempt was a create, the empty
 * REVIEW_IN_PROGRESS stack CloudFormation made for it (unless another change set waits on that stack).
 * Best effort: the failure being reported matters more than a failed cleanup, which is logged.
 */
async function discardAttempt(ctx, changeSetId, stackId, type) {
    try {
        await (0,_change_set_js__WEBPACK_IMPORTED_MODULE_1__/* .deleteChangeSet */ .cW)(ctx, changeSetId);
        if (type !== 'CREATE')
            return;
        const others = await ctx.clients.cloudformation.send(new _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_7__.ListChangeSetsCommand({ StackName: stackId }));
        if ((others.Summaries ?? []).some((cs) => cs.ChangeSetId !== changeSetId && cs.Status !== 'DELETE_COMPLETE'))
            return;
        await deleteReviewStack(ctx, stackId);
        ctx.log.info(`Deleted the failed change set and the empty stack ${stackId} it had created.`);
    }
    catch (err) {
        ctx.log.warning(`Could not clean up after the failed change set ${changeSetId}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}. Delete it (and the stack, if REVIEW_IN_PROGRESS) by hand.`);
    }
}
/**
 * CloudFormation's reason, and the likelier cause behind it: "GetAtt references undefined resource B" when the
 * template declares B means B's type is one CloudFormation did not take (a misspelt type, say).
 */
function realCause(reason, templateBody) {
    const m = /references undefined resource (\w+)/.exec(reason);
    if (!m)
        return reason;
    let type;
    try {
        type = (0,_template_js__WEBPACK_IMPORTED_MODULE_4__/* .parseTemplate */ .QC)(templateBody).Resources[m[1]]?.Type;
    }
    catch {
        return reason;
    }
    if (!type)
        return reason;
    return `${reason}. The template declares ${m[1]} with Type ${type}: check that type's spelling against the CloudFormation resource type reference`;
}
/** A dry run or an aborted review of a new stack leaves an empty REVIEW_IN_PROGRESS stack; remove it so nothing changed. */
async function deleteReviewStack(ctx, stackId) {
    const stack = await (0,_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .describeStack */ .GO)(ctx.clients.cloudformation, stackId);
    if (stack?.StackStatus !== 'REVIEW_IN_PROGRESS')
        return;
    await (0,_delete_js__WEBPACK_IMPORTED_MODULE_2__/* .deleteStack */ .w)({ ...ctx, dryRun: false }, stackId);
}


/***/ }),

/***/ 6445:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   u: () => (/* binding */ listStackResources)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3805);

/** The stack's resources (ListStackResources, every page). */
async function listStackResources(cfn, stackName) {
    const out = [];
    let next;
    do {
        const page = await cfn.send(new _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_0__.ListStackResourcesCommand({ StackName: stackName, NextToken: next }));
        out.push(...(page.StackResourceSummaries ?? []));
        next = page.NextToken;
    } while (next);
    return out;
}


/***/ }),

/***/ 1059:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  vC: () => (/* binding */ EventStream),
  TQ: () => (/* binding */ isTerminalStatus)
});

// UNUSED EXPORTS: formatEvent

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudformation/dist-cjs/index.js
var dist_cjs = __webpack_require__(3805);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
;// CONCATENATED MODULE: ./src/cloudformation/progress.ts
/**
 * When a stack operation will end, estimated from its own events: how many of the resources it works on
 * (the change set's, or the stack's for a delete) have finished, and at what pace, from the events' own
 * timestamps. The stack's terminal event follows its last resource by about one more step, so the estimate
 * is the last finish plus one step per resource left, plus one. The wait polls sparsely while the end is
 * far and once just after it, instead of polling at a fixed rate and finding the end up to an interval late.
 *
 * Times are the events' (CloudFormation's clock); they become local times through the smallest age an
 * event was seen at (its read's answer minus its timestamp), which errs late, never early.
 */
class Progress {
    stackId;
    expected;
    finished = new Set();
    startedAt;
    lastFinishAt;
    /** Local time minus event time, the smallest seen. */
    offsetMs;
    constructor(stackId, logicalIds) {
        this.stackId = stackId;
        this.expected = new Set(logicalIds);
    }
    get resources() {
        return this.expected.size;
    }
    /** Events of the stack itself (not of its nested stacks), oldest first, as one read answered at `answeredAt`. */
    observe(events, answeredAt) {
        for (const e of events) {
            const at = e.Timestamp ? new Date(e.Timestamp).getTime() : undefined;
            if (at === undefined || Number.isNaN(at))
                continue;
            this.offsetMs = Math.min(this.offsetMs ?? Infinity, answeredAt - at);
            const status = e.ResourceStatus ?? '';
            if (e.PhysicalResourceId === this.stackId && e.ResourceType === 'AWS::CloudFormation::Stack') {
                if (status.endsWith('_IN_PROGRESS'))
                    this.startedAt ??= at;
                continue;
            }
            const id = e.LogicalResourceId ?? '';
            if (!this.expected.has(id) || this.finished.has(id) || !(status.endsWith('_COMPLETE') || status.endsWith('_FAILED')))
                continue;
            this.finished.add(id);
            this.lastFinishAt = Math.max(this.lastFinishAt ?? at, at);
        }
    }
    /** The local time the operation should end at, or undefined while nothing tells. */
    estimatedEnd() {
        const done = this.finished.size;
        if (!done || this.startedAt === undefined || this.lastFinishAt === undefined || this.offsetMs === undefined)
            return undefined;
        const step = Math.max(0, this.lastFinishAt - this.startedAt) / done;
        const left = Math.max(0, this.expected.size - done);
        return this.lastFinishAt + (left + 1) * step + this.offsetMs;
    }
}

;// CONCATENATED MODULE: ./src/cloudformation/events.ts



const NESTED_STACK = 'AWS::CloudFormation::Stack';
function formatEvent(e, prefix = '') {
    const time = e.Timestamp ? new Date(e.Timestamp).toISOString().slice(11, 19) : '--:--:--';
    // Logical ids, types and reasons are the template's (a custom resource writes its own reason).
    const reason = e.ResourceStatusReason ? `  ${(0,untrusted/* untrusted */.bp)(e.ResourceStatusReason)}` : '';
    return `${time}  ${(0,untrusted/* untrusted */.bp)(prefix)}${(0,untrusted/* untrusted */.bp)(e.LogicalResourceId ?? '?', 300)}  ${(0,untrusted/* untrusted */.bp)(e.ResourceType ?? '', 300)}  ${(0,untrusted/* untrusted */.bp)(e.ResourceStatus ?? '', 100)}${reason}`;
}
/**
 * Streams the events of one stack operation, nested stacks included, oldest first.
 * Only events after the baseline (the newest event before the operation began) are this operation's.
 */
class EventStream {
    ctx;
    onEvent;
    events = [];
    /** When each DescribeStackEvents of this stream was sent (the wait paces its polls by them). */
    requestTimes = [];
    stacks = [];
    progress;
    constructor(ctx, stackId, baselineEventId, onEvent) {
        this.ctx = ctx;
        this.onEvent = onEvent;
        this.stacks.push({ stackId, prefix: '', seen: new Set(), stopAt: baselineEventId, done: false });
    }
    /** The newest event id of a stack now, taken before an operation starts. */
    static async baseline(ctx, stackId) {
        const out = await ctx.clients.cloudformation.send(new dist_cjs.DescribeStackEventsCommand({ StackName: stackId }));
        return out.StackEvents?.[0]?.EventId;
    }
    /**
     * The logical ids of the stack's resources this operation works on (the change set's, or every resource
     * for a delete): the wait then estimates the operation's end from how many have finished.
     */
    expectResources(logicalIds) {
        const progress = new Progress(this.stacks[0].stackId, logicalIds);
        this.progress = progress.resources ? progress : undefined;
    }
    /** When the operation should end (local epoch ms), once its events tell; see Progress. */
    estimatedEnd() {
        return this.progress?.estimatedEnd();
    }
    /** A nested stack was found in the last poll and its events are not read yet. */
    hasUnpolledStacks() {
        return this.stacks.some((s) => !s.polled && !s.done);
    }
    /** Fetches, logs and returns the events that appeared since the last poll. */
    async poll() {
        const fresh = [];
        for (const watched of [...this.stacks]) {
            if (watched.done)
                continue;
            const events = await this.fetchNew(watched);
            watched.polled = true;
            if (watched === this.stacks[0])
                this.progress?.observe(events, this.ctx.clock.now());
            for (const e of events) {
                this.events.push({ ...e, prefix: watched.prefix });
                fresh.push(e);
                this.ctx.log.info(formatEvent(e, watched.prefix));
                await this.onEvent?.(e);
                this.followNested(e, watched);
                if (watched.prefix && e.PhysicalResourceId === watched.stackId && isTerminalStatus(e.ResourceStatus)) {
                    watched.done = true;
                }
            }
        }
        return fresh;
    }
    followNested(e, parent) {
        const id = e.PhysicalResourceId;
        if (e.ResourceType !== NESTED_STACK || !id || id === parent.stackId || !id.startsWith('arn:'))
            return;
        if (this.stacks.some((s) => s.stackId === id))
            return;
        this.stacks.push({
            stackId: id,
            prefix: `${parent.prefix}${e.LogicalResourceId}/`,
            seen: new Set(),
            since: e.Timestamp ? new Date(e.Timestamp) : undefined,
            done: false
        });
    }
    async fetchNew(watched) {
        const collected = [];
        let nextToken;
        // Newest first: paging stops at the first page that reaches an event already seen.
        pages: do {
            this.requestTimes.push(this.ctx.clock.now());
            const out = await this.ctx.clients.cloudformation.send(new dist_cjs.DescribeStackEventsCommand({ StackName: watched.stackId, NextToken: nextToken }));
            for (const e of out.StackEvents ?? []) {
                const id = e.EventId ?? '';
                if (watched.seen.has(id) || id === watched.stopAt)
                    break pages;
                if (watched.since && e.Timestamp && new Date(e.Timestamp) < watched.since)
                    break pages;
                collected.push(e);
            }
            nextToken = out.NextToken;
        } while (nextToken);
        collected.reverse();
        for (const e of collected)
            watched.seen.add(e.EventId ?? '');
        return collected;
    }
}
function isTerminalStatus(status) {
    return !!status && (status.endsWith('_COMPLETE') || status.endsWith('_FAILED'));
}


/***/ }),

/***/ 4318:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ rollbackConfiguration),
/* harmony export */   resolveAlarms: () => (/* binding */ resolveAlarms)
/* harmony export */ });
/* harmony import */ var _aws_cloudwatch_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3817);

/**
 * The alarms input resolved once per run (names to ARNs, and whether each is a metric or a composite
 * alarm); an unknown name is a DeployError, raised by the first caller, before any change.
 */
function resolveAlarms(ctx) {
    const alarms = ctx.alarms;
    if (!alarms || alarms.names.length === 0)
        return Promise.resolve([]);
    alarms.resolved ??= (0,_aws_cloudwatch_js__WEBPACK_IMPORTED_MODULE_0__/* .readAlarms */ .tv)(ctx.clients.cloudwatch, alarms.names);
    return alarms.resolved;
}
/**
 * What every change set the action creates carries: the alarms as rollback triggers, watched while the
 * stack operation runs and for rollback-monitoring-minutes after it (CloudFormation rolls the update back
 * when one goes to ALARM, as a CodeDeploy deployment with alarms does). Without alarms nothing is sent and
 * CloudFormation keeps whatever triggers the stack had.
 */
async function rollbackConfiguration(ctx) {
    const alarms = await resolveAlarms(ctx);
    if (alarms.length === 0)
        return undefined;
    return {
        RollbackTriggers: alarms.map((a) => ({ Arn: a.arn, Type: a.type })),
        MonitoringTimeInMinutes: ctx.alarms.monitoringMinutes
    };
}


/***/ }),

/***/ 3884:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ rootCause)
/* harmony export */ });
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(873);

const CONSEQUENTIAL = /cancell?ed|Embedded stack .* was not successfully|The following resource\(s\) failed|Resource update cancelled|rollback requested by user/i;
/**
 * The first resource that failed and why. Later failures are mostly consequences: cancellations of
 * resources in flight, the nested stack that reports its child, the stack's own ROLLBACK line.
 */
function rootCause(events, stackReason) {
    const failed = events.filter((e) => e.ResourceStatus?.endsWith('_FAILED') && e.ResourceStatusReason).sort((a, b) => time(a) - time(b));
    const original = failed.find((e) => !CONSEQUENTIAL.test(e.ResourceStatusReason ?? '') && !isStackItself(e));
    const chosen = original ?? failed.find((e) => !CONSEQUENTIAL.test(e.ResourceStatusReason ?? '')) ?? failed[0];
    if (chosen) {
        return (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .untrusted */ .bp)(`${chosen.prefix ?? ''}${chosen.LogicalResourceId} (${chosen.ResourceType}) ${chosen.ResourceStatus}: ${chosen.ResourceStatusReason}`);
    }
    return stackReason ? (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .untrusted */ .bp)(stackReason) : undefined;
}
function isStackItself(e) {
    return e.ResourceType === 'AWS::CloudFormation::Stack' && e.StackId === e.PhysicalResourceId;
}
function time(e) {
    return e.Timestamp ? new Date(e.Timestamp).getTime() : 0;
}


/***/ }),

/***/ 8915:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GO: () => (/* binding */ describeStack),
/* harmony export */   LT: () => (/* binding */ isInProgress),
/* harmony export */   V5: () => (/* binding */ neverCreated),
/* harmony export */   XC: () => (/* binding */ stackOutputs),
/* harmony export */   oJ: () => (/* binding */ isSuccess),
/* harmony export */   v$: () => (/* binding */ stackTag)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3805);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);


/** The stack by name or id, or undefined when it does not exist (or, by name, was deleted). */
async function describeStack(cfn, nameOrId) {
    try {
        const out = await cfn.send(new _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_1__.DescribeStacksCommand({ StackName: nameOrId }));
        return out.Stacks?.[0];
    }
    catch (err) {
        if (/does not exist/.test((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)))
            return undefined;
        throw err;
    }
}
function isInProgress(status) {
    return !!status && status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS';
}
const SUCCESS = {
    create: ['CREATE_COMPLETE'],
    update: ['UPDATE_COMPLETE'],
    delete: ['DELETE_COMPLETE'],
    rollback: ['UPDATE_ROLLBACK_COMPLETE', 'ROLLBACK_COMPLETE']
};
function isSuccess(operation, status) {
    return !!status && SUCCESS[operation].includes(status);
}
/** A stack that exists but never finished a create: only deleting it lets a create run again. */
function neverCreated(status) {
    return status === 'ROLLBACK_COMPLETE' || status === 'ROLLBACK_FAILED' || status === 'CREATE_FAILED';
}
function stackOutputs(stack) {
    const out = {};
    for (const o of stack?.Outputs ?? [])
        if (o.OutputKey)
            out[o.OutputKey] = o.OutputValue ?? '';
    return out;
}
function stackTag(stack, key) {
    return stack?.Tags?.find((t) => t.Key === key)?.Value;
}


/***/ }),

/***/ 2411:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ZO: () => (/* binding */ waitForStack),
/* harmony export */   o5: () => (/* binding */ waitForOperation)
/* harmony export */ });
/* unused harmony exports nextPollIn, pacedInterval, budgetWait */
/* harmony import */ var _clock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9373);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _events_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1059);
/* harmony import */ var _root_cause_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3884);
/* harmony import */ var _stacks_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8915);





/**
 * Stack status is read on a poll that brings no event, at most every this many polls (the first included),
 * even when no event says the stack is done: a safety net that costs few requests. While events come the
 * stack is still working (its own terminal event is its last), so busy polls skip it.
 */
const STATUS_EVERY = 10;
const MAX_BACKOFF_MS = 30_000;
/**
 * A DescribeStackEvents page holds 100 events. When a stack writes events faster than one page per poll
 * (hundreds of resources), polls come sooner so that each still fits in one page: one request a poll, and
 * the end is seen sooner too, instead of two pages a poll.
 */
const EVENTS_PER_POLL = 97;
/** Never sooner than this share of the poll interval (while events fill pages). */
const FASTEST = 0.5;
/**
 * The first read comes this share of the poll interval after the operation started: at once it could only
 * show the operation's first event, one request for nothing.
 */
const FIRST_READ = 0.5;
/**
 * While the end the events point to (Progress) is still ahead, polls may be this many poll intervals apart,
 * spread so that one comes just after that end (END_MARGIN_MS later). Past it without the end, they come
 * every FAST_READ of the interval for one interval more, then as usual: the estimate was early.
 */
const SLOWEST = 1.5;
const END_MARGIN_MS = 200;
const FAST_READ = 0.25;
const MIN_SLEEP_MS = 100;
/**
 * The wait's own request budget: at most this many requests in any BUDGET_POLLS poll intervals (18 in 30 s,
 * 36 a minute at the default 2 s), whatever extra pages, status reads and nested stacks its polls need.
 */
const BUDGET_REQUESTS = 18;
const BUDGET_POLLS = 15;
/**
 * Polls the stack's events until the stack leaves *_IN_PROGRESS, logging each event as it comes: about every
 * ctx.pollMs, sparser while the estimated end (EventStream.estimatedEnd) is far and once just after it. The
 * stack's own terminal event ends the wait at once; one DescribeStacks then reads the result (the wait for a
 * delete needs none: DELETE_COMPLETE is all there is to know). Throttling doubles the interval, success brings it back.
 */
async function waitForStack(ctx, stackId, stream, operation) {
    let backoff = 0;
    let polls = 0;
    // the operation started about now: the first poll's events tell their pace too
    let lastPollAt = ctx.clock.now();
    let lastStatusPoll;
    const statusReads = [];
    let sleep = Math.floor(ctx.pollMs * FIRST_READ);
    for (;;) {
        if (ctx.clock.now() + sleep > ctx.deadline) {
            const stack = await (0,_stacks_js__WEBPACK_IMPORTED_MODULE_2__/* .describeStack */ .GO)(ctx.clients.cloudformation, stackId).catch(() => undefined);
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TimeoutError */ .MU(`Timed out (timeout-minutes) waiting for stack ${stack?.StackName ?? stackId}; it is ${stack?.StackStatus ?? 'in an unknown state'}`, (0,_root_cause_js__WEBPACK_IMPORTED_MODULE_3__/* .rootCause */ .e)(stream.events, stack?.StackStatusReason), 'The operation goes on in CloudFormation. Re-run the action to wait for it and continue, raise timeout-minutes, or follow it in the CloudFormation console.');
        }
        await ctx.clock.sleep(sleep);
        try {
            const pollAt = ctx.clock.now();
            const fresh = await stream.poll();
            const end = fresh.find((e) => e.PhysicalResourceId === stackId && e.ResourceType === 'AWS::CloudFormation::Stack' && (0,_events_js__WEBPACK_IMPORTED_MODULE_4__/* .isTerminalStatus */ .TQ)(e.ResourceStatus));
            polls++;
            const since = pollAt - lastPollAt;
            const paced = pacedInterval(ctx.pollMs, fresh.length, since);
            // the longest gap while the estimated end is ahead, still one page of events a poll
            const longest = pacedInterval(ctx.pollMs, fresh.length, since, ctx.pollMs * SLOWEST);
            lastPollAt = pollAt;
            if (operation === 'delete' && end?.ResourceStatus === 'DELETE_COMPLETE' && !stream.hasUnpolledStacks()) {
                // its own DELETE_COMPLETE event is the stack's last word: nothing more to read (no DescribeStacks)
                const stack = { StackId: stackId, StackName: end.StackName, StackStatus: 'DELETE_COMPLETE' };
                return { stack, events: stream.events, rootCause: (0,_root_cause_js__WEBPACK_IMPORTED_MODULE_3__/* .rootCause */ .e)(stream.events, undefined) };
            }
            const quietDue = fresh.length === 0 && (lastStatusPoll === undefined || polls - lastStatusPoll >= STATUS_EVERY);
            if (end || quietDue) {
                lastStatusPoll = polls;
                statusReads.push(ctx.clock.now());
                const stack = await (0,_stacks_js__WEBPACK_IMPORTED_MODULE_2__/* .describeStack */ .GO)(ctx.clients.cloudformation, stackId);
                if (!stack)
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH(`Stack ${stackId} disappeared while waiting for it`);
                if (!(0,_stacks_js__WEBPACK_IMPORTED_MODULE_2__/* .isInProgress */ .LT)(stack.StackStatus)) {
                    // The stack's own terminal event comes after all of its resources' events; only a nested stack found
                    // in that same poll, or an end seen through the status read, can have events still unread.
                    if (!end || stream.hasUnpolledStacks())
                        await stream.poll();
                    return { stack, events: stream.events, rootCause: (0,_root_cause_js__WEBPACK_IMPORTED_MODULE_3__/* .rootCause */ .e)(stream.events, stack.StackStatusReason) };
                }
            }
            const now = ctx.clock.now();
            // poll to poll (the time this poll took included), after a throttle no sooner than the backoff, and
            // within the request budget
            const next = Math.max(nextPollIn(ctx.pollMs, paced, longest, now - pollAt, stream.estimatedEnd(), now), backoff - (now - pollAt));
            backoff = backoff > ctx.pollMs ? Math.floor(backoff / 2) : 0;
            sleep = Math.max(MIN_SLEEP_MS, next, budgetWait(ctx, [...stream.requestTimes, ...statusReads]));
        }
        catch (err) {
            if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isThrottling */ .E2)(err))
                throw err;
            backoff = Math.min(MAX_BACKOFF_MS, Math.max(ctx.pollMs, backoff) * 2);
            sleep = backoff;
            ctx.log.info(`(throttled by AWS; polling every ${(0,_clock_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(backoff)})`);
        }
    }
}
/**
 * How long from now to the next poll: `paced` poll to poll (pacedInterval) less the `elapsed` time the poll
 * took, unless the events tell when the operation ends (`end`, local time): then polls up to `longest` apart,
 * spread so that one comes just after it.
 */
function nextPollIn(pollMs, paced, longest, elapsed, end, now) {
    const usual = paced - elapsed;
    if (end === undefined)
        return usual;
    const ahead = end + END_MARGIN_MS - now;
    if (ahead > 0) {
        // the last stretch before the estimate at no more than the poll interval: if the estimate is late (a
        // resource it counts never shows), the end is found no later than without it
        const gap = ahead > 2 * pollMs ? longest : Math.min(longest, pollMs);
        return Math.round(ahead / Math.ceil(ahead / Math.max(MIN_SLEEP_MS, gap - elapsed)));
    }
    return -ahead < pollMs ? Math.min(usual, Math.round(pollMs * FAST_READ)) : usual;
}
/**
 * Time from this poll to the next: `longestMs` (the poll interval), or less when events came so fast since
 * the last poll that the next would not fit one page (it is then set to fill one page, never sooner than
 * FASTEST of the poll interval).
 */
function pacedInterval(pollMs, freshEvents, sinceLastPollMs, longestMs = pollMs) {
    if (!sinceLastPollMs || freshEvents === 0)
        return longestMs;
    const perMs = freshEvents / sinceLastPollMs;
    if (perMs * longestMs <= EVENTS_PER_POLL)
        return longestMs;
    const fill = EVENTS_PER_POLL / perMs;
    return Math.round(Math.min(longestMs, Math.max(pollMs * FASTEST, fill)));
}
/** How long to wait so that the next poll keeps the wait within its request budget (0: no need). */
function budgetWait(ctx, requestTimes) {
    const now = ctx.clock.now();
    const windowMs = BUDGET_POLLS * ctx.pollMs;
    const recent = requestTimes.filter((t) => t > now - windowMs).sort((a, b) => a - b);
    if (recent.length < BUDGET_REQUESTS)
        return 0;
    // the next poll may go once enough of the oldest requests have left the window
    return recent[recent.length - BUDGET_REQUESTS] + windowMs - now;
}
/** Waits for an operation and fails with the root cause unless it ended in the expected status. */
async function waitForOperation(ctx, stackId, operation, stream, what) {
    const result = await waitForStack(ctx, stackId, stream, operation);
    const status = result.stack.StackStatus;
    if (!(0,_stacks_js__WEBPACK_IMPORTED_MODULE_2__/* .isSuccess */ .oJ)(operation, status)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH(`${what} failed: stack ${result.stack.StackName} is ${status}`, result.rootCause, nextStepFor(status));
    }
    return result.stack;
}
function nextStepFor(status) {
    switch (status) {
        case 'ROLLBACK_COMPLETE':
        case 'ROLLBACK_FAILED':
            return 'Fix the root cause and re-run: the action deletes a stack that never finished its create and creates it again.';
        case 'UPDATE_ROLLBACK_COMPLETE':
            return 'The stack is back on its previous template. Fix the root cause and re-run.';
        case 'UPDATE_ROLLBACK_FAILED':
            return 'Re-run the action: it continues the rollback (ContinueUpdateRollback) before updating again.';
        case 'DELETE_FAILED':
            return 'Empty or release the resource named in the root cause, then re-run to delete the stack.';
        default:
            return undefined;
    }
}


/***/ }),

/***/ 7729:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ setStackOutputs)
/* harmony export */ });
/** The outputs every mode sets after a deploy: stack-name, stack-id, stack-status, change-set-id, stack-outputs. */
function setStackOutputs(ctx, result) {
    ctx.setOutput('stack-name', result.stackName);
    if (result.stackId && !ctx.dryRun)
        ctx.setOutput('stack-id', result.stackId);
    if (result.status)
        ctx.setOutput('stack-status', result.status);
    if (result.changeSetId)
        ctx.setOutput('change-set-id', result.changeSetId);
    ctx.setOutput('stack-outputs', JSON.stringify(result.outputs));
}


/***/ })

};
