export const id = 318;
export const ids = [318];
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


/***/ })

};
