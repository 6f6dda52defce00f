export const id = 635;
export const ids = [635];
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

/***/ 8635:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AlbRouter: () => (/* binding */ AlbRouter),
/* harmony export */   forwardGroups: () => (/* binding */ forwardGroups),
/* harmony export */   forwardTo: () => (/* binding */ forwardTo),
/* harmony export */   listenerOfRule: () => (/* binding */ listenerOfRule),
/* harmony export */   readForward: () => (/* binding */ readForward),
/* harmony export */   splitTo: () => (/* binding */ splitTo)
/* harmony export */ });
/* harmony import */ var _aws_elbv2_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1000);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _owner_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2920);
/* harmony import */ var _elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8953);




/** The target groups a forward action sends to, with their weights (a plain TargetGroupArn is weight 1). */
function forwardGroups(action) {
    const weighted = action.ForwardConfig?.TargetGroups ?? [];
    if (weighted.length > 0)
        return weighted.filter((g) => g.TargetGroupArn).map((g) => ({ arn: g.TargetGroupArn, weight: g.Weight ?? 1 }));
    return action.TargetGroupArn ? [{ arn: action.TargetGroupArn, weight: 1 }] : [];
}
/**
 * Where the actions forward. Refuses actions without a forward, and a forward split between more than two
 * target groups: a stepped shift (setWeights) writes two, blue's and green's, and findOwner checks that both
 * belong to the app.
 */
function readForward(actions, input, where) {
    const forwards = actions.filter((a) => a.Type === 'forward');
    if (forwards.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH(`${where} (${input}) does not forward to a target group: its actions are ${actions.map((a) => a.Type).join(', ') || 'none'}`, undefined, `Point ${input} at a listener or rule whose action is forward to the live environment's target group; the router alb moves only a forward action.`);
    }
    const serving = forwards.flatMap(forwardGroups).filter((g) => g.weight > 0);
    if (serving.length > 2) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH(`${where} (${input}) forwards to ${serving.length} target groups with weight above 0 (${serving.map((g) => `${(0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .targetGroupName */ .IT)(g.arn)} ${g.weight}`).join(', ')}): which environment is live cannot be told`, undefined, 'Send all of its traffic to one target group (weight 0 for the others) once by hand; a stepped shift of this router splits traffic between two groups only, blue and green.');
    }
    if (serving.length < 2)
        return { live: serving[0]?.arn };
    const [first, second] = serving;
    return { live: second.weight > first.weight ? second.arn : first.arn, split: serving };
}
/** ALB weights are 0 to 999; a share in percent is written as it is (blue 100 - percent, green percent). */
function splitTo(actions, blue, green, percent) {
    if (!Number.isInteger(percent) || percent < 1 || percent > 99)
        throw new RangeError(`a split sends 1 to 99 percent to green, not ${percent}`);
    return forwardTo(actions, green).map((a) => a.Type !== 'forward'
        ? a
        : {
            Type: 'forward',
            Order: a.Order,
            ForwardConfig: {
                TargetGroups: [
                    { TargetGroupArn: blue, Weight: 100 - percent },
                    { TargetGroupArn: green, Weight: percent }
                ],
                ...(a.ForwardConfig?.TargetGroupStickinessConfig ? { TargetGroupStickinessConfig: a.ForwardConfig.TargetGroupStickinessConfig } : {})
            }
        });
}
/**
 * The actions with the forward sending everything to `to`: other actions (authenticate-oidc, authenticate-cognito)
 * keep their order and settings, the forward keeps its order and stickiness.
 */
function forwardTo(actions, to) {
    return actions.map((a) => {
        if (a.Type === 'authenticate-oidc' && a.AuthenticateOidcConfig) {
            // DescribeListeners/DescribeRules never return the client secret; ModifyListener/ModifyRule keep the
            // stored one with UseExistingClientSecret (ELBv2 API reference, AuthenticateOidcActionConfig).
            const { ClientSecret: _secret, ...config } = a.AuthenticateOidcConfig;
            return { ...a, AuthenticateOidcConfig: { ...config, UseExistingClientSecret: true } };
        }
        if (a.Type !== 'forward')
            return a;
        const forward = { Type: 'forward', Order: a.Order };
        if (a.ForwardConfig?.TargetGroups?.length) {
            forward.ForwardConfig = { TargetGroups: [{ TargetGroupArn: to, Weight: 1 }], TargetGroupStickinessConfig: a.ForwardConfig.TargetGroupStickinessConfig };
        }
        else {
            forward.TargetGroupArn = to;
        }
        return forward;
    });
}
/** The part of an ELB ARN after its resource type: listener/app/<lb>/<lb id>/<listener id>[/<rule id>]. */
function arnParts(arn) {
    return arn.split(':').slice(5).join(':').split('/');
}
/** The listener a rule belongs to, from the rule's ARN (listener-rule/app/<lb>/<lb id>/<listener id>/<rule id>). */
function listenerOfRule(ruleArn) {
    return ruleArn.replace(':listener-rule/', ':listener/').replace(/\/[0-9a-f]+$/, '');
}
/**
 * The forward action of an ALB (or NLB) listener's default action, or of one listener rule: moving its target
 * group from blue's to green's moves every request at once (ModifyListener / ModifyRule).
 */
class AlbRouter {
    ctx;
    door;
    region;
    kind = 'alb';
    services = ['elbv2'];
    targetNoun = 'Target group';
    namedBy = 'listener-arn, listener-rule-arn';
    doorNoun;
    verb = 'forwards to';
    pastVerb = 'forwarded to';
    nothingYet = 'forwards to no target group yet';
    where;
    lockKey;
    input;
    arn;
    listenerArn;
    /** The listener's URL, learned at the first read (the load balancer's DNS name needs a request). */
    learnedUrl = '';
    /** When this run's writes took each target group's weight to 0: its deregistration delay counts from then. */
    unweightedAt = new Map();
    rules;
    constructor(ctx, door, region) {
        this.ctx = ctx;
        this.door = door;
        this.region = region;
        this.input = door.listenerRuleArn ? 'listener-rule-arn' : 'listener-arn';
        this.arn = door.listenerRuleArn ?? door.listenerArn ?? '';
        this.listenerArn = door.listenerRuleArn ? listenerOfRule(door.listenerRuleArn) : this.arn;
        const parts = arnParts(this.arn);
        const [, , lb, , listenerId, ruleId] = parts;
        this.doorNoun = ruleId ? 'The listener rule' : 'The listener';
        this.where = ruleId ? `rule ${ruleId} of listener ${listenerId} of ${lb}` : `listener ${listenerId} of ${lb}`;
        this.lockKey = { scope: `alb-${ruleId ?? listenerId}`, path: '' };
    }
    /** http(s)://<load balancer DNS name>[:port], once a read has learned it. */
    get url() {
        return this.learnedUrl;
    }
    async read() {
        return this.reading(await this.readActions());
    }
    reading(actions) {
        const { live, split } = readForward(actions, this.input, this.where);
        if (!live)
            return undefined;
        return split ? { targetGroupArn: live, actions, split } : { targetGroupArn: live, actions };
    }
    /** The actions that decide where the front door sends traffic: the listener's default actions, or the rule's. */
    async readActions() {
        const listener = await (0,_aws_elbv2_js__WEBPACK_IMPORTED_MODULE_0__/* .describeListener */ .gx)(this.ctx.clients.elbv2, this.listenerArn);
        if (!listener)
            throw this.missing(this.door.listenerRuleArn ? `The listener of rule ${this.arn}` : `The listener ${this.arn}`);
        await this.learnUrl(listener.LoadBalancerArn, listener.Protocol, listener.Port);
        if (!this.door.listenerRuleArn)
            return listener.DefaultActions ?? [];
        const rule = await (0,_aws_elbv2_js__WEBPACK_IMPORTED_MODULE_0__/* .describeRule */ .IO)(this.ctx.clients.elbv2, this.door.listenerRuleArn);
        if (!rule)
            throw this.missing(`The listener rule ${this.arn}`);
        this.learnHost(rule);
        return rule.Actions ?? [];
    }
    missing(what) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH(`${what} does not exist in this account and region (${this.region})`, undefined, `Check ${this.input} and region: the front door is created once, outside the environment stacks.`);
    }
    async learnUrl(loadBalancerArn, protocol, port) {
        if (this.learnedUrl || !loadBalancerArn || (protocol !== 'HTTP' && protocol !== 'HTTPS'))
            return;
        const lb = await (0,_aws_elbv2_js__WEBPACK_IMPORTED_MODULE_0__/* .describeLoadBalancer */ .mD)(this.ctx.clients.elbv2, loadBalancerArn);
        if (!lb?.DNSName)
            return;
        const scheme = protocol.toLowerCase();
        const standard = (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443);
        this.learnedUrl = `${scheme}://${lb.DNSName.toLowerCase()}${standard || port === undefined ? '' : `:${port}`}`;
    }
    /** A rule for one exact host name is reached by that name, not by the load balancer's. */
    learnHost(rule) {
        const hosts = rule.Conditions?.filter((c) => c.Field === 'host-header').flatMap((c) => c.HostHeaderConfig?.Values ?? c.Values ?? []) ?? [];
        if (this.learnedUrl && hosts.length === 1 && /^[a-z0-9.-]+$/i.test(hosts[0])) {
            const url = new URL(this.learnedUrl);
            url.hostname = hosts[0].toLowerCase();
            this.learnedUrl = url.origin;
        }
    }
    async offer(env, _live) {
        const arn = (0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .offeredOutput */ .nv)(env, 'target-group-output', this.door.targetGroupOutput, _elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .TARGET_GROUP_ARN */ .eY, 'a target group ARN');
        const group = await (0,_aws_elbv2_js__WEBPACK_IMPORTED_MODULE_0__/* .describeTargetGroup */ .__)(this.ctx.clients.elbv2, arn);
        if (!group) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH(`Stack ${env.stackName}'s output ${this.door.targetGroupOutput} (the target-group-output input) names target group ${(0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .targetGroupName */ .IT)(arn)}, which does not exist in ${this.region}`, undefined, 'Make the output hold the ARN of the target group the environment stack creates (!Ref of its AWS::ElasticLoadBalancingV2::TargetGroup).');
        }
        const listener = await (0,_aws_elbv2_js__WEBPACK_IMPORTED_MODULE_0__/* .describeListener */ .gx)(this.ctx.clients.elbv2, this.listenerArn);
        const others = (group.LoadBalancerArns ?? []).filter((lb) => lb !== listener?.LoadBalancerArn);
        if (listener && others.length > 0) {
            // A target group of an Application Load Balancer serves one load balancer only; ModifyListener would fail.
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH(`Stack ${env.stackName}'s output ${this.door.targetGroupOutput} (the target-group-output input) names target group ${(0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .targetGroupName */ .IT)(arn)}, which another load balancer uses (${others.join(', ')})`, undefined, "Give each environment its own target group, used only by this listener's load balancer.");
        }
        return { target: { targetGroupArn: arn }, note: (0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .targetGroupName */ .IT)(arn) };
    }
    ownerKey(target) {
        return target.targetGroupArn;
    }
    /**
     * The stack whose target-group-output holds the live group. A split forward is read only when both of its
     * groups are environments of the app (a stepped shift of this action wrote it): another split is refused.
     */
    async findOwner(reading, candidates) {
        const owner = await (0,_owner_js__WEBPACK_IMPORTED_MODULE_2__/* .findOwnerByOutput */ .p)(this.door.targetGroupOutput, reading.targetGroupArn, candidates);
        const other = reading.split?.find((g) => g.arn !== reading.targetGroupArn);
        if (owner && other && !(await (0,_owner_js__WEBPACK_IMPORTED_MODULE_2__/* .findOwnerByOutput */ .p)(this.door.targetGroupOutput, other.arn, candidates))) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .DeployError */ .sH(`${this.where} (${this.input}) splits traffic between target groups ${this.describeSplit(reading.split)}, and ${(0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .targetGroupName */ .IT)(other.arn)} is no environment of this app (no stack of stack-name holds it in ${this.door.targetGroupOutput}): which environment is live cannot be told`, undefined, 'Send all of its traffic to one target group (weight 0 for the others) once by hand; the action moves weights only between the target groups of its own environments.');
        }
        return owner;
    }
    /**
     * Sends `percent` of the traffic to green and the rest to blue in one ModifyListener / ModifyRule: the forward
     * holds both groups in its ForwardConfig (weights 100 - percent and percent); the other actions, the order and
     * the stickiness stay as they are.
     */
    async setWeights(blue, green, percent) {
        const before = await this.readActions();
        const actions = splitTo(before, blue.targetGroupArn, green.targetGroupArn, percent);
        this.ctx.log.info(`Forwarding ${this.where} to target groups ${(0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .targetGroupName */ .IT)(blue.targetGroupArn)} (weight ${100 - percent}) and ${(0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .targetGroupName */ .IT)(green.targetGroupArn)} (weight ${percent}) (${this.modifyCall}).`);
        await this.writeActions(before, actions);
    }
    /** Green's share of a split forward in percent; undefined when the forward sends to one group only. */
    async readWeights(green) {
        const { split } = readForward(await this.readActions(), this.input, this.where);
        if (!split)
            return undefined;
        const total = split.reduce((sum, g) => sum + g.weight, 0);
        const share = split.find((g) => g.arn === green.targetGroupArn)?.weight ?? 0;
        return { green: Math.round((share * 100) / total) };
    }
    get modifyCall() {
        return this.door.listenerRuleArn ? 'ModifyRule' : 'ModifyListener';
    }
    /** Writes the actions; notes when each group that served before stopped serving (for drained). */
    async writeActions(before, actions) {
        const written = this.door.listenerRuleArn
            ? (await (0,_aws_elbv2_js__WEBPACK_IMPORTED_MODULE_0__/* .setRuleActions */ .Ap)(this.ctx.clients.elbv2, this.door.listenerRuleArn, actions))?.Actions
            : (await (0,_aws_elbv2_js__WEBPACK_IMPORTED_MODULE_0__/* .setListenerActions */ .Y0)(this.ctx.clients.elbv2, this.listenerArn, actions))?.DefaultActions;
        const now = written ?? actions;
        const serving = (list) => list
            .filter((a) => a.Type === 'forward')
            .flatMap(forwardGroups)
            .filter((g) => g.weight > 0)
            .map((g) => g.arn);
        const after = new Set(serving(now));
        for (const arn of serving(before))
            if (!after.has(arn))
                this.unweightedAt.set(arn, this.ctx.clock.now());
        return now;
    }
    async write(current, to) {
        // a split forward (a stepped shift) becomes one group again in this same write
        const before = current?.actions ?? (await this.readActions());
        const actions = forwardTo(before, to.targetGroupArn);
        this.ctx.log.info(`Forwarding ${this.where} to target group ${(0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .targetGroupName */ .IT)(to.targetGroupArn)} (${this.modifyCall}).`);
        const now = await this.writeActions(before, actions);
        return this.reading(now) ?? { targetGroupArn: to.targetGroupArn, actions: now };
    }
    same(a, b) {
        if (!a || !b)
            return a === b;
        // a split forward is the same only as the same split: a switch is read back as one group, not as a split
        const weights = (t) => t.split?.map((g) => `${g.arn}=${g.weight}`).join(',') ?? '';
        return a.targetGroupArn === b.targetGroupArn && weights(a) === weights(b);
    }
    describe(target) {
        if (!target)
            return 'nothing (no forward with weight above 0)';
        const split = target.split;
        return split ? `target groups ${this.describeSplit(split)}` : `target group ${(0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .targetGroupName */ .IT)(target.targetGroupArn)}`;
    }
    /** "shop-blue (weight 90) and shop-green (weight 10)". */
    describeSplit(split) {
        return split.map((g) => `${(0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .targetGroupName */ .IT)(g.arn)} (weight ${g.weight})`).join(' and ');
    }
    describeLive(reading) {
        return this.describe(reading);
    }
    async routesTo(stackNameOrId, opts = {}) {
        const found = { scope: `rule of listener ${arnParts(this.listenerArn)[4]}`, routes: [] };
        const groups = await (0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .stackMembers */ .Qw)(this.ctx, stackNameOrId, this.door.targetGroupOutput, 'AWS::ElasticLoadBalancingV2::TargetGroup');
        if (groups.length === 0)
            return found;
        if ((opts.fresh ?? true) || !this.rules) {
            this.ctx.log.info(`Reading every rule of listener ${this.listenerArn} for the target groups it forwards to.`);
            this.rules = (0,_aws_elbv2_js__WEBPACK_IMPORTED_MODULE_0__/* .listenerRules */ .SK)(this.ctx.clients.elbv2, this.listenerArn);
        }
        for (const rule of await this.rules) {
            for (const g of (rule.Actions ?? []).filter((a) => a.Type === 'forward').flatMap(forwardGroups)) {
                if (!groups.includes(g.arn))
                    continue;
                const isFrontDoor = this.door.listenerRuleArn ? rule.RuleArn === this.door.listenerRuleArn : rule.IsDefault === true;
                found.routes.push({
                    where: rule.IsDefault ? `default action of listener ${arnParts(this.listenerArn)[4]}` : `rule ${rule.Priority} (${rule.RuleArn})`,
                    reaches: `target group ${(0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .targetGroupName */ .IT)(g.arn)}${g.weight === 1 ? '' : ` (weight ${g.weight})`}`,
                    isFrontDoor
                });
            }
        }
        return found;
    }
    /**
     * No request reaches blue's target group once the forward moved and its deregistration delay passed (the
     * time the load balancer gives requests in flight), and none of its targets is still draining.
     */
    async drained(old) {
        const name = (0,_elb_stacks_js__WEBPACK_IMPORTED_MODULE_3__/* .targetGroupName */ .IT)(old.targetGroupArn);
        const delayMs = (await (0,_aws_elbv2_js__WEBPACK_IMPORTED_MODULE_0__/* .deregistrationDelaySeconds */ .ZF)(this.ctx.clients.elbv2, old.targetGroupArn)) * 1000;
        // From the write that took the old group's weight to 0 (the final switch of a stepped shift). A run that
        // resumes an earlier run's switch does not know when it happened: it waits the whole delay.
        const until = (this.unweightedAt.get(old.targetGroupArn) ?? this.ctx.clock.now()) + delayMs;
        const waitMs = until - this.ctx.clock.now();
        if (waitMs > 0) {
            if (until > this.ctx.deadline)
                throw this.drainTimeout(name, `its deregistration delay (${delayMs / 1000} s) ends after timeout-minutes`);
            this.ctx.log.info(`Waiting ${Math.ceil(waitMs / 1000)} s before blue goes: the deregistration delay of target group ${name} lets requests in flight finish.`);
            await this.ctx.clock.sleep(waitMs);
        }
        for (;;) {
            const draining = (await (0,_aws_elbv2_js__WEBPACK_IMPORTED_MODULE_0__/* .targetHealth */ .kG)(this.ctx.clients.elbv2, old.targetGroupArn)).filter((t) => t.TargetHealth?.State === 'draining');
            if (draining.length === 0)
                return;
            if (this.ctx.clock.now() + this.ctx.pollMs > this.ctx.deadline)
                throw this.drainTimeout(name, `${draining.length} of its targets are still draining`);
            this.ctx.log.info(`Target group ${name}: ${draining.length} target(s) still draining (${draining.map((t) => t.Target?.Id).join(', ')}).`);
            await this.ctx.clock.sleep(this.ctx.pollMs);
        }
    }
    drainTimeout(name, why) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TimeoutError */ .MU(`Timed out (timeout-minutes) waiting for target group ${name} to drain: ${why}`, undefined, 'Traffic already goes to green; blue was kept. Re-run the phase once its requests have finished, or raise timeout-minutes above the deregistration delay.');
    }
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


/***/ })

};
