export const id = 551;
export const ids = [551];
export const modules = {

/***/ 1000:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ap: () => (/* binding */ setRuleActions),
/* harmony export */   IO: () => (/* binding */ describeRule),
/* harmony export */   SK: () => (/* binding */ listenerRules),
/* harmony export */   Y0: () => (/* binding */ setListenerActions),
/* harmony export */   ZF: () => (/* binding */ deregistrationDelaySeconds),
/* harmony export */   __: () => (/* binding */ describeTargetGroup),
/* harmony export */   gx: () => (/* binding */ describeListener),
/* harmony export */   kG: () => (/* binding */ targetHealth),
/* harmony export */   mD: () => (/* binding */ describeLoadBalancer)
/* harmony export */ });
/* harmony import */ var _sdk_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5857);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);


/** The listener, or undefined when Elastic Load Balancing does not know it (ListenerNotFound). */
async function describeListener(elbv2, listenerArn) {
    try {
        const out = await elbv2.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .elbv2Sdk */ .W5)()).DescribeListenersCommand({ ListenerArns: [listenerArn] }));
        return out.Listeners?.[0];
    }
    catch (err) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(err) === 'ListenerNotFoundException')
            return undefined;
        throw err;
    }
}
/** One rule, or undefined when it does not exist (RuleNotFound). */
async function describeRule(elbv2, ruleArn) {
    try {
        const out = await elbv2.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .elbv2Sdk */ .W5)()).DescribeRulesCommand({ RuleArns: [ruleArn] }));
        return out.Rules?.[0];
    }
    catch (err) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(err) === 'RuleNotFoundException')
            return undefined;
        throw err;
    }
}
/** Every rule of a listener, its default rule included (every page: AWS pages rules by Marker). */
async function listenerRules(elbv2, listenerArn) {
    const rules = [];
    let marker;
    do {
        const out = await elbv2.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .elbv2Sdk */ .W5)()).DescribeRulesCommand({ ListenerArn: listenerArn, Marker: marker, PageSize: 400 }));
        rules.push(...(out.Rules ?? []));
        marker = out.NextMarker;
    } while (marker);
    return rules;
}
/** Replaces the listener's default actions (only them: protocol, port and certificates stay as they are). */
async function setListenerActions(elbv2, listenerArn, actions) {
    const out = await elbv2.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .elbv2Sdk */ .W5)()).ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: actions }));
    return out.Listeners?.[0];
}
/** Replaces the rule's actions (only them: its conditions stay as they are). */
async function setRuleActions(elbv2, ruleArn, actions) {
    const out = await elbv2.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .elbv2Sdk */ .W5)()).ModifyRuleCommand({ RuleArn: ruleArn, Actions: actions }));
    return out.Rules?.[0];
}
async function describeLoadBalancer(elbv2, loadBalancerArn) {
    const out = await elbv2.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .elbv2Sdk */ .W5)()).DescribeLoadBalancersCommand({ LoadBalancerArns: [loadBalancerArn] }));
    return out.LoadBalancers?.[0];
}
/** The target group, or undefined when it does not exist (TargetGroupNotFound). */
async function describeTargetGroup(elbv2, targetGroupArn) {
    try {
        const out = await elbv2.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .elbv2Sdk */ .W5)()).DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] }));
        return out.TargetGroups?.[0];
    }
    catch (err) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorName */ .Is)(err) === 'TargetGroupNotFoundException')
            return undefined;
        throw err;
    }
}
/**
 * How long the target group lets in-flight requests finish: deregistration_delay.timeout_seconds, 300 when
 * the attribute is absent (the default the Elastic Load Balancing user guide gives, "Deregistration delay").
 */
async function deregistrationDelaySeconds(elbv2, targetGroupArn) {
    const out = await elbv2.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .elbv2Sdk */ .W5)()).DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn }));
    const value = out.Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
    const seconds = Number(value);
    return value !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds : 300;
}
/** Every target registered in the target group, with its state (initial, healthy, unhealthy, unused, draining, unavailable). */
async function targetHealth(elbv2, targetGroupArn) {
    const out = await elbv2.send(new (await (0,_sdk_js__WEBPACK_IMPORTED_MODULE_1__/* .elbv2Sdk */ .W5)()).DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
    return out.TargetHealthDescriptions ?? [];
}


/***/ }),

/***/ 8953:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IT: () => (/* binding */ targetGroupName),
/* harmony export */   Qw: () => (/* binding */ stackMembers),
/* harmony export */   eY: () => (/* binding */ TARGET_GROUP_ARN),
/* harmony export */   nv: () => (/* binding */ offeredOutput)
/* harmony export */ });
/* harmony import */ var _cloudformation_stack_resources_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7372);
/* harmony import */ var _cloudformation_stacks_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8915);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(873);




// targetgroup/<name>/<id>, as Elastic Load Balancing documents its ARNs.
const TARGET_GROUP_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{1,32}$/;
/** A target group's name, from its ARN. */
function targetGroupName(arn) {
    return /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn;
}
/** Nested stacks below an environment that are searched for its target groups and Auto Scaling groups. */
const NESTING_DEPTH = 5;
/**
 * What a stack puts behind a load balancer: the value of its output `outputKey` and the physical ids of its
 * resources of `resourceType`, nested stacks included. Both count: a stack whose output is missing (a failed
 * update) can still own the target group or fleet that serves.
 */
async function stackMembers(ctx, stackNameOrId, outputKey, resourceType) {
    const stack = await (0,_cloudformation_stacks_js__WEBPACK_IMPORTED_MODULE_1__/* .describeStack */ .GO)(ctx.clients.cloudformation, stackNameOrId);
    if (!stack)
        return [];
    const ids = new Set();
    const output = (0,_cloudformation_stacks_js__WEBPACK_IMPORTED_MODULE_1__/* .stackOutputs */ .XC)(stack)[outputKey];
    if (output)
        ids.add(output);
    for (const id of await physicalIds(ctx, stack.StackId ?? stackNameOrId, resourceType, NESTING_DEPTH))
        ids.add(id);
    return [...ids];
}
async function physicalIds(ctx, stackNameOrId, resourceType, depth) {
    const resources = await (0,_cloudformation_stack_resources_js__WEBPACK_IMPORTED_MODULE_0__/* .stackResources */ .o)(ctx.clients.cloudformation, stackNameOrId);
    const ids = resources.filter((r) => r.ResourceType === resourceType && r.PhysicalResourceId).map((r) => r.PhysicalResourceId);
    if (depth === 0)
        return ids;
    for (const nested of resources) {
        if (nested.ResourceType === 'AWS::CloudFormation::Stack' && nested.PhysicalResourceId)
            ids.push(...(await physicalIds(ctx, nested.PhysicalResourceId, resourceType, depth - 1)));
    }
    return ids;
}
/**
 * The value of the output an environment offers the front door, checked against `shape`. The stack's template
 * comes from a pull request: the value is untrusted, so it is only ever compared and passed to AWS as an id.
 */
function offeredOutput(env, input, outputKey, shape, what) {
    const value = env.outputs[outputKey];
    if (value === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .DeployError */ .sH(`Stack ${env.stackName} has no output ${outputKey} (the ${input} input), so it offers no ${what} to the front door`, undefined, `Add an output ${outputKey} holding its ${what} to the template, or set ${input} to the key of the output that holds it.`);
    }
    if (!shape.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .DeployError */ .sH(`Stack ${env.stackName}'s output ${outputKey} (the ${input} input) holds "${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_3__/* .untrusted */ .bp)(value, 200)}", which is not ${what}`, undefined, `Make the output ${outputKey} hold the ${what} itself (for example with !Ref or !GetAtt), or point ${input} at the output that does.`);
    }
    return value;
}


/***/ }),

/***/ 8551:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  TargetGroupRouter: () => (/* binding */ TargetGroupRouter)
});

// EXTERNAL MODULE: ./src/aws/sdk.ts
var sdk = __webpack_require__(5857);
;// CONCATENATED MODULE: ./src/aws/autoscaling.ts

/** The named groups (those that exist), or every group of the region without names; every page. */
async function describeAutoScalingGroups(autoscaling, names) {
    if (names && names.length === 0)
        return [];
    const groups = [];
    let token;
    do {
        const out = await autoscaling.send(new (await (0,sdk/* autoScalingSdk */.T9)()).DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: names, NextToken: token, MaxRecords: 100 }));
        groups.push(...(out.AutoScalingGroups ?? []));
        token = out.NextToken;
    } while (token);
    return groups;
}
/**
 * The target groups a group is attached to: TargetGroupARNs (AttachLoadBalancerTargetGroups) and its elbv2
 * traffic sources (AttachTrafficSources), which the Auto Scaling API lists apart.
 */
function attachedTargetGroups(group) {
    const arns = new Set(group.TargetGroupARNs ?? []);
    for (const s of group.TrafficSources ?? [])
        if (s.Identifier && (s.Type === undefined || s.Type === 'elbv2'))
            arns.add(s.Identifier);
    return [...arns];
}
/** Registers the group's instances with the target group, and every instance it launches from now on. */
async function attachTargetGroup(autoscaling, groupName, targetGroupArn) {
    await autoscaling.send(new (await (0,sdk/* autoScalingSdk */.T9)()).AttachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: groupName, TargetGroupARNs: [targetGroupArn] }));
}
/** Deregisters the group's instances from the target group (they drain for its deregistration delay). */
async function detachTargetGroup(autoscaling, groupName, targetGroupArn) {
    await autoscaling.send(new (await (0,sdk/* autoScalingSdk */.T9)()).DetachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: groupName, TargetGroupARNs: [targetGroupArn] }));
}

// EXTERNAL MODULE: ./src/aws/elbv2.ts
var elbv2 = __webpack_require__(1000);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/core/owner.ts
var core_owner = __webpack_require__(2920);
// EXTERNAL MODULE: ./src/core/routers/elb-stacks.ts
var elb_stacks = __webpack_require__(8953);
;// CONCATENATED MODULE: ./src/core/routers/target-group.ts





// An Auto Scaling group's name, not its ARN: printable characters, at most 255 (Auto Scaling API reference).
const ASG_NAME = /^(?!arn:)[\x21-\x7e][\x20-\x7e]{0,254}$/;
/** Lifecycle states in which an instance is (or is about to be) registered with the group's target groups. */
const SERVING_STATES = /^(Pending|InService)/;
function servingInstances(group) {
    return (group.Instances ?? []).filter((i) => SERVING_STATES.test(i.LifecycleState ?? '') && i.InstanceId).map((i) => i.InstanceId);
}
function stateOf(health, id) {
    return health.find((t) => t.Target?.Id === id)?.TargetHealth?.State ?? 'not registered';
}
/**
 * The fleet swap on one shared target group: green's Auto Scaling group is attached, both serve until
 * green's instances are healthy in the target group, then blue's group is detached and drains. Rolling back
 * is the same write the other way: blue is attached again before green is detached.
 */
class TargetGroupRouter {
    ctx;
    door;
    region;
    kind = 'target-group';
    services = ['elbv2', 'autoscaling'];
    targetNoun = 'Auto Scaling group';
    namedBy = 'target-group-arn';
    doorNoun = 'The target group';
    verb = 'routes to';
    pastVerb = 'routed to';
    nothingYet = 'has no Auto Scaling group attached yet';
    where;
    /** A target group has no address of its own: users reach it through its load balancer's listeners (verify-url). */
    url = '';
    lockKey;
    arn;
    checked = false;
    attachedNow;
    constructor(ctx, door, region) {
        this.ctx = ctx;
        this.door = door;
        this.region = region;
        this.arn = door.targetGroupArn;
        const [, name, id] = door.targetGroupArn.split(':').slice(5).join(':').split('/');
        this.where = `target group ${name}`;
        this.lockKey = { scope: `tg-${name}-${id}`, path: '' };
    }
    async read(like) {
        const attached = await this.attached();
        if (attached.length === 0)
            return undefined;
        // Several attached: a swap stopped between attach and detach, or someone attached one by hand. The one
        // being swapped in (`like`) is not the live one yet; `same` holds only when exactly one group is attached.
        const asgName = like && attached.includes(like.asgName) && attached.length > 1 ? attached.find((n) => n !== like.asgName) : attached[0];
        return { asgName, attached };
    }
    /** Every Auto Scaling group of the region attached to the target group (Auto Scaling lists no reverse index). */
    async attached() {
        if (!this.checked) {
            if (!(await (0,elbv2/* describeTargetGroup */.__)(this.ctx.clients.elbv2, this.arn))) {
                throw new errors/* DeployError */.sH(`The target group ${this.arn} (target-group-arn) does not exist in this account and region`, undefined, 'Check target-group-arn and region: the shared target group is created once, outside the environment stacks.');
            }
            this.checked = true;
        }
        const groups = await describeAutoScalingGroups(this.ctx.clients.autoscaling);
        return groups
            .filter((g) => attachedTargetGroups(g).includes(this.arn))
            .map((g) => g.AutoScalingGroupName)
            .sort();
    }
    async offer(env, _live) {
        const name = (0,elb_stacks/* offeredOutput */.nv)(env, 'asg-output', this.door.asgOutput, ASG_NAME, 'an Auto Scaling group name');
        const [group] = await describeAutoScalingGroups(this.ctx.clients.autoscaling, [name]);
        if (!group) {
            throw new errors/* DeployError */.sH(`Stack ${env.stackName}'s output ${this.door.asgOutput} (the asg-output input) names Auto Scaling group ${name}, which does not exist in ${this.region}`, undefined, 'Make the output hold the name of the Auto Scaling group the environment stack creates (!Ref of its AWS::AutoScaling::AutoScalingGroup).');
        }
        if (group.DesiredCapacity === 0) {
            throw new errors/* DeployError */.sH(`Stack ${env.stackName}'s Auto Scaling group ${name} (output ${this.door.asgOutput}, the asg-output input) has a desired capacity of 0: no instance of it would serve ${this.where}`, undefined, 'Give the environment instances (MinSize, DesiredCapacity in its template) before promoting it.');
        }
        return { target: { asgName: name } };
    }
    /** With several groups attached no single environment's id matches: a promotion or rollback then writes, and ends with one. */
    ownerKey(target) {
        const attached = 'attached' in target ? target.attached : [];
        return attached.length > 1 ? attached.join(' + ') : target.asgName;
    }
    /**
     * The stack whose asg-output names the attached group. With several attached (a swap stopped between attach
     * and detach), the oldest of their stacks: the environment the swap was replacing, which a re-run replaces.
     */
    async findOwner(reading, candidates) {
        if (reading.attached.length <= 1)
            return (0,core_owner/* findOwnerByOutput */.p)(this.door.asgOutput, reading.asgName, candidates);
        this.ctx.log.warning(`${reading.attached.length} Auto Scaling groups are attached to ${this.where} (${reading.attached.join(', ')}): all of them serve; a swap did not finish.`);
        const stacks = await candidates();
        const owners = [];
        for (const name of reading.attached) {
            const owner = await (0,core_owner/* findOwnerByOutput */.p)(this.door.asgOutput, name, candidates);
            if (owner)
                owners.push({ owner, createdAt: stacks.find((s) => s.stackName === owner.stackName)?.createdAt ?? 0 });
        }
        return owners.sort((a, b) => a.createdAt - b.createdAt)[0]?.owner;
    }
    /**
     * Attach `to` (unless attached), wait until its instances are healthy in the target group, then detach every
     * other group. If `to` never gets healthy, it is detached again (the others never stopped serving).
     */
    async write(_current, to) {
        const before = await this.attached();
        if (before.includes(to.asgName)) {
            this.ctx.log.info(`Auto Scaling group ${to.asgName} is already attached to ${this.where}.`);
        }
        else {
            this.ctx.log.info(`Attaching Auto Scaling group ${to.asgName} to ${this.where}: both fleets serve until it is healthy.`);
            await attachTargetGroup(this.ctx.clients.autoscaling, to.asgName, this.arn);
        }
        try {
            await this.waitHealthy(to.asgName);
        }
        catch (err) {
            if (before.some((n) => n !== to.asgName)) {
                this.ctx.log.info(`Detaching ${to.asgName} again: ${before.filter((n) => n !== to.asgName).join(', ')} still serve.`);
                await detachTargetGroup(this.ctx.clients.autoscaling, to.asgName, this.arn);
            }
            throw err;
        }
        for (const other of (await this.attached()).filter((n) => n !== to.asgName)) {
            this.ctx.log.info(`Detaching Auto Scaling group ${other} from ${this.where}: its instances drain.`);
            await detachTargetGroup(this.ctx.clients.autoscaling, other, this.arn);
        }
        return (await this.read(to)) ?? { asgName: to.asgName, attached: [] };
    }
    /** Green counts as serving when every instance it runs is healthy in the target group (DescribeTargetHealth). */
    async waitHealthy(asgName) {
        for (;;) {
            const [group] = await describeAutoScalingGroups(this.ctx.clients.autoscaling, [asgName]);
            if (!group)
                throw new errors/* DeployError */.sH(`The Auto Scaling group ${asgName} does not exist any more`, undefined, 'Re-deploy its environment stack, then promote again.');
            if (group.DesiredCapacity === 0) {
                throw new errors/* DeployError */.sH(`The Auto Scaling group ${asgName} has a desired capacity of 0: no instance of it would serve ${this.where}`, undefined, 'Give it instances (MinSize, DesiredCapacity), then promote again.');
            }
            const ids = servingInstances(group);
            const health = await (0,elbv2/* targetHealth */.kG)(this.ctx.clients.elbv2, this.arn);
            const states = ids.map((id) => `${id} ${stateOf(health, id)}`);
            if (ids.length > 0 && ids.every((id) => stateOf(health, id) === 'healthy')) {
                this.ctx.log.info(`Auto Scaling group ${asgName}: ${ids.length} instance(s) healthy in ${this.where}.`);
                return;
            }
            if (this.ctx.clock.now() + this.ctx.pollMs > this.ctx.deadline) {
                throw new errors/* TimeoutError */.MU(`Timed out (timeout-minutes) waiting for Auto Scaling group ${asgName} to be healthy in ${this.where}: ${states.join(', ') || 'no instance running yet'}`, undefined, "Its instances fail the target group's health check or never launched: check the health check path and port and the instances' logs; the fleet that served before still serves.");
            }
            this.ctx.log.info(`Waiting for Auto Scaling group ${asgName} to be healthy in ${this.where}: ${states.join(', ') || 'no instance running yet'}.`);
            await this.ctx.clock.sleep(this.ctx.pollMs);
        }
    }
    same(a, b) {
        if (!a || !b)
            return a === b;
        const setA = 'attached' in a ? a.attached : [a.asgName];
        const setB = 'attached' in b ? b.attached : [b.asgName];
        return setA.length === setB.length && setA.every((n, i) => n === setB[i]);
    }
    describe(target) {
        if (!target)
            return 'nothing (no Auto Scaling group attached)';
        const attached = 'attached' in target ? target.attached : [target.asgName];
        return attached.length > 1 ? `Auto Scaling groups ${attached.join(' and ')} (a swap in progress)` : `Auto Scaling group ${target.asgName}`;
    }
    describeLive(reading) {
        return this.describe(reading);
    }
    async routesTo(stackNameOrId, opts = {}) {
        const found = { scope: `attachment of ${this.where}`, routes: [] };
        const groups = await (0,elb_stacks/* stackMembers */.Qw)(this.ctx, stackNameOrId, this.door.asgOutput, 'AWS::AutoScaling::AutoScalingGroup');
        if (groups.length === 0)
            return found;
        if ((opts.fresh ?? true) || !this.attachedNow) {
            this.ctx.log.info(`Reading the Auto Scaling groups attached to ${this.where}.`);
            this.attachedNow = this.attached();
        }
        for (const name of await this.attachedNow) {
            if (groups.includes(name))
                found.routes.push({ where: this.where, reaches: `Auto Scaling group ${name}`, isFrontDoor: true });
        }
        return found;
    }
    /** No request reaches blue's instances once none of them is registered and draining in the target group. */
    async drained(old) {
        const [group] = await describeAutoScalingGroups(this.ctx.clients.autoscaling, [old.asgName]);
        const ids = (group?.Instances ?? []).map((i) => i.InstanceId).filter(Boolean);
        for (;;) {
            const health = await (0,elbv2/* targetHealth */.kG)(this.ctx.clients.elbv2, this.arn);
            const draining = ids.filter((id) => stateOf(health, id) === 'draining');
            if (draining.length === 0)
                return;
            if (this.ctx.clock.now() + this.ctx.pollMs > this.ctx.deadline) {
                throw new errors/* TimeoutError */.MU(`Timed out (timeout-minutes) waiting for Auto Scaling group ${old.asgName}'s instances to drain from ${this.where}: ${draining.join(', ')} still draining`, undefined, 'Green serves alone already; blue was kept. Re-run the phase once they are deregistered, or raise timeout-minutes above the deregistration delay.');
            }
            this.ctx.log.info(`Waiting for ${draining.length} instance(s) of ${old.asgName} to finish draining from ${this.where} (deregistration delay of ${(0,elb_stacks/* targetGroupName */.IT)(this.arn)}).`);
            await this.ctx.clock.sleep(this.ctx.pollMs);
        }
    }
}


/***/ })

};
