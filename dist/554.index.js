export const id = 554;
export const ids = [554];
export const modules = {

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

/***/ 3191:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ deployedTemplate),
/* harmony export */   N: () => (/* binding */ getStackTemplate)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3805);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _template_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2064);



/** The template the stack was last deployed with, as submitted (before transforms), as text. */
async function getStackTemplate(cfn, stackName) {
    const out = await cfn.send(new _aws_sdk_client_cloudformation__WEBPACK_IMPORTED_MODULE_2__.GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
    const body = out.TemplateBody;
    return typeof body === 'string' ? body : JSON.stringify(body);
}
/** The deployed template parsed, or undefined when there is no stack (or it has no template yet). */
async function deployedTemplate(cfn, stackName) {
    try {
        const body = await getStackTemplate(cfn, stackName);
        return body ? (0,_template_js__WEBPACK_IMPORTED_MODULE_1__/* .parseTemplate */ .QC)(body, `the template of stack ${stackName}`) : undefined;
    }
    catch (err) {
        if (/does not exist/.test((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)))
            return undefined;
        throw err;
    }
}


/***/ }),

/***/ 2754:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tx: () => (/* binding */ smokeFailures),
/* harmony export */   mF: () => (/* binding */ runSmokeChecks)
/* harmony export */ });
/* unused harmony export joinUrl */
function joinUrl(base, path) {
    return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
async function checkOnce(url, smoke, doFetch) {
    try {
        const res = await doFetch(url, { signal: AbortSignal.timeout(smoke.timeoutSeconds * 1000), redirect: 'manual' });
        const body = await res.text();
        if (!smoke.expectStatus.includes(res.status)) {
            return { ok: false, status: res.status, error: `status ${res.status}, expected ${smoke.expectStatus.join(' or ')}` };
        }
        if (smoke.expectBody && !smoke.expectBody.test(body)) {
            return { ok: false, status: res.status, error: `body does not match /${smoke.expectBody.source}/: ${body.slice(0, 120)}` };
        }
        return { ok: true, status: res.status };
    }
    catch (err) {
        const e = err;
        const reason = e.name === 'TimeoutError' ? `no answer within ${smoke.timeoutSeconds} s` : (e.cause?.code ?? e.message);
        return { ok: false, error: reason };
    }
}
/** Requests each smoke path on baseUrl, retrying each up to smoke.retries times; logs every result. */
async function runSmokeChecks(baseUrl, smoke, deps) {
    const doFetch = deps.fetch ?? fetch;
    const results = [];
    for (const path of smoke.paths) {
        const url = joinUrl(baseUrl, path);
        const started = deps.clock.now();
        let last = { ok: false };
        let attempts = 0;
        while (attempts <= smoke.retries) {
            attempts++;
            last = await checkOnce(url, smoke, doFetch);
            if (last.ok)
                break;
            deps.log.info(`  ${url}: attempt ${attempts} failed (${last.error})`);
            if (attempts > smoke.retries)
                break;
            const delay = deps.retryDelayMs ?? 1000 * attempts;
            if (deps.deadline !== undefined && deps.clock.now() + delay + smoke.timeoutSeconds * 1000 > deps.deadline) {
                last = { ...last, error: `${last.error}; no time left for another attempt within timeout-minutes` };
                break;
            }
            await deps.clock.sleep(delay);
        }
        const result = { url, ok: last.ok, status: last.status, attempts, ms: deps.clock.now() - started, error: last.error };
        deps.log.info(`${result.ok ? '✔' : '✘'} GET ${url} → ${result.status ?? 'no response'}${result.ok ? '' : ` (${result.error})`} after ${attempts} attempt(s)`);
        results.push(result);
    }
    return results;
}
function smokeFailures(results) {
    const failed = results.filter((r) => !r.ok);
    if (failed.length === 0)
        return undefined;
    return failed.map((r) => `${r.url}: ${r.error}`).join('; ');
}


/***/ }),

/***/ 7554:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  reset: () => (/* binding */ reset_reset)
});

// EXTERNAL MODULE: ./src/context.ts
var context = __webpack_require__(788);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/outputs.ts
var outputs = __webpack_require__(7729);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
// EXTERNAL MODULE: ./src/cloudformation/change-set.ts
var change_set = __webpack_require__(8311);
// EXTERNAL MODULE: ./src/cloudformation/deploy.ts
var cloudformation_deploy = __webpack_require__(4401);
;// CONCATENATED MODULE: ./src/reset/endpoint.ts

/** Stage names the template gives literally, from Stage and Deployment resources. */
function stageNames(template) {
    const names = new Set();
    for (const r of Object.values(template.Resources)) {
        const name = r.Properties?.StageName;
        if ((r.Type === 'AWS::ApiGateway::Stage' || r.Type === 'AWS::ApiGateway::Deployment') && typeof name === 'string')
            names.add(name);
    }
    return [...names];
}
/**
 * The app's URL: the endpoint-output stack output when given; otherwise the invoke URL of the stack's one
 * REST API on its one stage. Undefined when neither can be told.
 */
function resolveEndpoint(opts) {
    if (opts.endpointOutput) {
        const value = opts.outputs[opts.endpointOutput];
        if (value === undefined) {
            throw new errors/* DeployError */.sH(`The stack has no output ${opts.endpointOutput} (endpoint-output)`, undefined, `Set endpoint-output to one of the stack's outputs: ${Object.keys(opts.outputs).join(', ') || 'it has none'}`);
        }
        return value;
    }
    const apis = opts.resources.filter((r) => r.ResourceType === 'AWS::ApiGateway::RestApi' && r.PhysicalResourceId);
    const stages = stageNames(opts.template);
    if (apis.length !== 1 || stages.length !== 1)
        return undefined;
    return `https://${apis[0].PhysicalResourceId}.execute-api.${opts.region}.amazonaws.com/${stages[0]}`;
}

// EXTERNAL MODULE: ./src/cloudformation/deployed-stack.ts
var deployed_stack = __webpack_require__(6445);
// EXTERNAL MODULE: ./src/cloudformation/deployed-template.ts
var deployed_template = __webpack_require__(3191);
// EXTERNAL MODULE: ./src/cloudformation/template.ts
var cloudformation_template = __webpack_require__(2064);
;// CONCATENATED MODULE: ./src/reset/stack-resources.ts



/** Every resource of the stack, all pages (DescribeStackResources stops at 100). */
function listStackResources(ctx, stackName) {
    return (0,deployed_stack/* listStackResources */.u)(ctx.clients.cloudformation, stackName);
}
/** logical id → physical function name, for the function-names-* outputs. */
function functionNames(resources) {
    const names = {};
    for (const r of resources) {
        if (r.ResourceType === 'AWS::Lambda::Function' && r.LogicalResourceId && r.PhysicalResourceId) {
            names[r.LogicalResourceId] = r.PhysicalResourceId;
        }
    }
    return names;
}
/**
 * The template the stack runs now (as submitted, before transforms), or undefined when there is no stack
 * yet or it cannot be read as a template; the guard then treats every policy as not set.
 */
async function deployedTemplate(ctx, stackName) {
    try {
        return await (0,deployed_template/* deployedTemplate */.B)(ctx.clients.cloudformation, stackName);
    }
    catch (err) {
        if (err instanceof cloudformation_template/* TemplateError */.$w)
            return undefined;
        throw err;
    }
}

;// CONCATENATED MODULE: ./src/reset/stateful.ts

/** Resource types that hold data a delete would lose, with what is lost. */
const STATEFUL_TYPES = {
    'AWS::DynamoDB::Table': 'its items',
    'AWS::DynamoDB::GlobalTable': 'its items in every replica',
    'AWS::S3::Bucket': 'its objects (and a bucket that is not empty cannot be deleted)',
    'AWS::RDS::DBInstance': 'its database',
    'AWS::RDS::DBCluster': "the cluster's databases",
    'AWS::DocDB::DBCluster': "the cluster's documents",
    'AWS::Neptune::DBCluster': "the cluster's graph",
    'AWS::Redshift::Cluster': 'its warehouse data',
    'AWS::EFS::FileSystem': 'its files',
    'AWS::FSx::FileSystem': 'its files',
    'AWS::EC2::Volume': 'the data on the volume',
    'AWS::Logs::LogGroup': 'the log events it holds',
    'AWS::Kinesis::Stream': 'the records not yet read or expired',
    'AWS::SQS::Queue': 'the messages waiting in it',
    'AWS::ElastiCache::ReplicationGroup': 'its cached data',
    'AWS::MemoryDB::Cluster': 'its data',
    'AWS::OpenSearchService::Domain': 'its indices',
    'AWS::Elasticsearch::Domain': 'its indices',
    'AWS::Cognito::UserPool': 'its users and their passwords',
    'AWS::SecretsManager::Secret': 'the secret value (a generated one cannot be recreated)',
    'AWS::KMS::Key': 'the ability to decrypt what it encrypted',
    'AWS::ECR::Repository': 'its images',
    'AWS::Backup::BackupVault': 'its recovery points',
    'AWS::Timestream::Table': 'its time series',
    'AWS::QLDB::Ledger': 'its journal',
    'AWS::MSK::Cluster': 'the records in its topics',
    'AWS::CloudFormation::Stack': 'whatever stateful resources the nested stack holds (the change set does not list them)'
};
const KEEPS = ['Retain', 'RetainExceptOnCreate', 'Snapshot'];
const POLICY_KEEPS = ['Retain', 'Snapshot', 'ReplaceAndRetain', 'ReplaceAndSnapshot'];
function kind(change) {
    switch (change.Action) {
        case 'Remove':
            return 'remove';
        case 'Modify':
            if (change.Replacement === 'True')
                return 'replace';
            if (change.Replacement === 'Conditional')
                return 'replace (conditional)';
            return undefined;
        case 'Dynamic':
            return 'decided at execution';
        default:
            return undefined;
    }
}
/** The policy that applies, named as CloudFormation names it; undefined means Delete. */
function applicablePolicy(change, templates) {
    if (change.PolicyAction)
        return { policy: change.PolicyAction, source: 'the change set (PolicyAction)' };
    const id = change.LogicalResourceId ?? '';
    if (change.Action === 'Remove') {
        return { policy: templates.deployed?.Resources[id]?.DeletionPolicy, source: 'DeletionPolicy' };
    }
    return { policy: templates.next.Resources[id]?.UpdateReplacePolicy, source: 'UpdateReplacePolicy' };
}
/**
 * The changes that would delete a stateful resource: a Remove, a replacing Modify (True or Conditional) or a
 * Dynamic change, unless the applicable policy keeps the old resource. CloudFormation's own PolicyAction
 * decides when the change set carries it; otherwise a removal follows the deployed template's DeletionPolicy
 * and a replacement the new template's UpdateReplacePolicy (DeletionPolicy does not apply to replacements).
 */
function riskyChanges(changes, templates, allowReplace) {
    const risky = [];
    for (const c of changes) {
        const r = c.ResourceChange;
        if (!r?.ResourceType || !r.LogicalResourceId)
            continue;
        const loses = STATEFUL_TYPES[r.ResourceType];
        const action = kind(r);
        if (!loses || !action)
            continue;
        const { policy, source } = applicablePolicy(r, templates);
        if (policy && (r.PolicyAction ? POLICY_KEEPS : KEEPS).includes(policy))
            continue;
        const trigger = r.Action === 'Modify' ? changedBy(r) : '';
        risky.push({
            logicalId: r.LogicalResourceId,
            type: r.ResourceType,
            physicalId: r.PhysicalResourceId,
            action,
            why: `${action === 'remove' ? 'deleting' : 'replacing'} it loses ${loses}${trigger}; ${source} is ${policy ?? 'not set (Delete)'}`,
            allowed: allowReplace.includes(r.LogicalResourceId)
        });
    }
    return risky;
}
/** Which properties force the replacement, from the change's Details. */
function changedBy(change) {
    const names = (change.Details ?? [])
        .filter((d) => d.Target?.RequiresRecreation && d.Target.RequiresRecreation !== 'Never')
        .map((d) => d.Target?.Name ?? d.Target?.Attribute)
        .filter((n) => !!n);
    return names.length > 0 ? ` (replaced because ${[...new Set(names)].join(', ')} changed)` : '';
}
/** One line per risky change, for the log and the error message. */
function describeRisky(r) {
    return `${r.logicalId} (${r.type}${r.physicalId ? ` ${r.physicalId}` : ''}): would ${r.action === 'decided at execution' ? 'change in a way CloudFormation decides at execution, which can replace it' : r.action}; ${r.why}`;
}
/** Throws, naming each resource and why, when a risky change is not allowed by allow-replace. */
function refuseDataLoss(risky, phase) {
    const refused = risky.filter((r) => !r.allowed);
    if (refused.length === 0)
        return;
    throw new errors/* DeployError */.sH(`Refusing the ${phase} phase: it would delete data in ${refused.length} resource(s):\n${refused.map((r) => `- ${describeRisky(r)}`).join('\n')}`, undefined, 'Nothing was changed and the change set was deleted. Keep the data (set UpdateReplacePolicy for a replacement, DeletionPolicy ' +
        'for a removal, to Retain or Snapshot; or change the template so the resource is neither replaced nor removed), or accept ' +
        `the loss by listing the logical id(s) in allow-replace: ${refused.map((r) => r.logicalId).join(', ')}`);
}

;// CONCATENATED MODULE: ./src/reset/phase.ts






/**
 * Deploys one phase through a change set that is read before it runs: a change that would delete a
 * stateful resource's data stops the phase (the change set is deleted) unless allow-replace names it.
 */
async function deployPhase(ctx, inputs, phase) {
    const template = inputs.template.template;
    let risky = [];
    const deploy = await (0,cloudformation_deploy/* deployStack */.g)(ctx, {
        stackName: inputs.stackName,
        templateBody: phase.body,
        parameters: inputs.parameters,
        capabilities: inputs.capabilities,
        tags: inputs.tags,
        review: async (changes) => {
            risky = await assess(ctx, inputs, template, changes);
            ctx.report.section(`${phase.title}: change set`, changeSetMarkdown(changes, risky));
            refuseDataLoss(risky, phase.key);
        }
    });
    if (deploy.noChanges)
        ctx.report.section(`${phase.title}: change set`, deploy.changesMarkdown);
    if (ctx.dryRun)
        return { deploy, risky, functionNames: {}, resources: [] };
    const resources = await listStackResources(ctx, inputs.stackName);
    const endpoint = resolveEndpoint({ outputs: deploy.outputs, endpointOutput: inputs.endpointOutput, resources, template, region: inputs.region });
    return { deploy, risky, functionNames: functionNames(resources), resources, endpoint };
}
async function assess(ctx, inputs, next, changes) {
    // Only a removal without CloudFormation's own PolicyAction needs the running template's DeletionPolicy.
    const needsDeployed = changes.some((c) => c.ResourceChange?.Action === 'Remove' && !c.ResourceChange.PolicyAction);
    const deployed = needsDeployed ? await deployedTemplate(ctx, inputs.stackName) : undefined;
    const risky = riskyChanges(changes, { next, deployed }, inputs.reset.allowReplace);
    if (risky.length === 0)
        ctx.log.info('No stateful resource would be replaced or deleted.');
    for (const r of risky) {
        const line = `${r.allowed ? 'allowed by allow-replace' : 'REFUSED'}: ${describeRisky(r)}`;
        if (r.allowed)
            ctx.log.warning(line);
        else
            ctx.log.error(line);
    }
    return risky;
}
/** The change set with the guard's verdict on each change that would lose data. */
function changeSetMarkdown(changes, risky) {
    const rows = (0,change_set/* changeRows */.QP)(changes).map((r) => {
        const risk = risky.find((x) => x.logicalId === r.logicalId);
        const verdict = risk ? `${risk.allowed ? '⚠️ allowed' : '⛔ refused'}: ${risk.why}` : '';
        return [r.action, r.logicalId, r.type, r.replacement, verdict];
    });
    return (0,report/* markdownTable */.Qj)(['action', 'resource', 'type', 'replacement', 'data'], rows);
}

;// CONCATENATED MODULE: ./src/reset/strip-names.ts
/**
 * Removes the listed name properties from the top level of each matching resource's Properties, so
 * CloudFormation generates the names. Nested properties and other types stay as they are: Ref and GetAtt
 * to a resource keep working because they resolve to whatever name it ends up with.
 */
function stripNames(template, table) {
    const copy = structuredClone(template);
    const stripped = [];
    for (const [logicalId, resource] of Object.entries(copy.Resources)) {
        const props = resource.Properties;
        if (!props || typeof props !== 'object')
            continue;
        for (const { type, property } of table) {
            if (resource.Type !== type || !Object.hasOwn(props, property))
                continue;
            stripped.push({ logicalId, type, property, value: props[property] });
            delete props[property];
        }
    }
    return { template: copy, stripped };
}
/** A name as written in the template, for messages: the literal, or the expression as compact JSON. */
function describeName(value) {
    return typeof value === 'string' ? value : JSON.stringify(value);
}

;// CONCATENATED MODULE: ./src/reset/literal-references.ts

// Sections that never reach a deployed resource: a name mentioned there changes nothing.
const SKIPPED_SECTIONS = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters']);
const PSEUDO = /^AWS::/;
const NAME_CHAR = '[A-Za-z0-9_.-]';
function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
function needleFor(value) {
    const text = (s) => new RegExp(`(?<!${NAME_CHAR})${escapeRegExp(s)}(?!${NAME_CHAR})`);
    if (typeof value === 'string')
        return value.length >= 3 ? { literal: value, text: text(value) } : undefined;
    if (value && typeof value === 'object') {
        const v = value;
        // A bare pseudo parameter (such as AWS::StackName) is used for many things: matching it would be noise.
        if (typeof v.Ref === 'string' && PSEUDO.test(v.Ref))
            return undefined;
        const sub = v['Fn::Sub'];
        if (typeof sub === 'string' && sub.length >= 3)
            return { literal: sub, text: text(sub), expression: JSON.stringify(value) };
        return { expression: JSON.stringify(value) };
    }
    return undefined;
}
function isStrippedSpot(path, stripped) {
    return path.length === 4 && path[0] === 'Resources' && path[2] === 'Properties' &&
        stripped.some((s) => s.logicalId === path[1] && s.property === path[3]);
}
/**
 * Finds literal uses of the stripped names in the original template: the same string (as a whole word,
 * for example inside an ARN or a Fn::Sub string) or the same expression the name was built from. In the
 * generated-names phase those places still point at the friendly name, which no longer exists.
 */
function findLiteralReferences(template, stripped) {
    const found = [];
    const needles = stripped
        .map((s) => ({ s, needle: needleFor(s.value) }))
        .filter((n) => n.needle !== undefined);
    if (needles.length === 0)
        return found;
    const visit = (node, path) => {
        if (isStrippedSpot(path, stripped))
            return;
        if (typeof node === 'string') {
            for (const { s, needle } of needles) {
                if (needle.literal && node.includes(needle.literal) && needle.text.test(node))
                    found.push({ logicalId: s.logicalId, name: describeName(s.value), path: path.join('.') });
            }
            return;
        }
        if (node === null || typeof node !== 'object')
            return;
        if (!Array.isArray(node) && path.length > 0 && needles.some(({ needle }) => needle.expression)) {
            const json = JSON.stringify(node);
            const hit = needles.filter(({ needle }) => needle.expression === json);
            if (hit.length > 0) {
                for (const { s } of hit)
                    found.push({ logicalId: s.logicalId, name: describeName(s.value), path: path.join('.') });
                return;
            }
        }
        const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v]) : Object.entries(node);
        for (const [key, child] of entries) {
            if (path.length === 0 && SKIPPED_SECTIONS.has(key))
                continue;
            visit(child, [...path, key]);
        }
    };
    visit(template, []);
    return dedupe(found);
}
function dedupe(refs) {
    const seen = new Set();
    return refs.filter((r) => {
        const key = `${r.logicalId}\0${r.path}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
/** One line per literal use, grouped by name, for the log. */
function describeLiteralReferences(refs) {
    const byName = new Map();
    for (const r of refs)
        byName.set(`${r.logicalId}\0${r.name}`, [...(byName.get(`${r.logicalId}\0${r.name}`) ?? []), r]);
    return [...byName.values()].map((group) => `${group[0].logicalId}'s name ${group[0].name} is written out literally at ${group.map((r) => r.path).join(', ')}: ` +
        'during the generated-names phase it points at a name that no longer exists; use !Ref or !GetAtt instead');
}

;// CONCATENATED MODULE: ./src/reset/name-properties.ts
/**
 * The names removed by default in the generated-names phase. Each one is "Update requires: Replacement",
 * which is why CloudFormation cannot replace such a resource while the name is taken, and none of these
 * types holds data that a replacement would lose (stateful types are left out on purpose: see docs/reset.md).
 * A log group and a queue are listed because their names so often block replacements; the stateful-resource
 * guard still refuses to replace them unless allow-replace names them.
 */
const DEFAULT_NAME_PROPERTIES = [
    { type: 'AWS::Lambda::Function', property: 'FunctionName' },
    { type: 'AWS::Serverless::Function', property: 'FunctionName' },
    { type: 'AWS::IAM::Role', property: 'RoleName' },
    { type: 'AWS::IAM::ManagedPolicy', property: 'ManagedPolicyName' },
    { type: 'AWS::IAM::InstanceProfile', property: 'InstanceProfileName' },
    { type: 'AWS::Logs::LogGroup', property: 'LogGroupName' },
    { type: 'AWS::SQS::Queue', property: 'QueueName' },
    { type: 'AWS::SNS::Topic', property: 'TopicName' },
    { type: 'AWS::Events::Rule', property: 'Name' },
    { type: 'AWS::Events::EventBus', property: 'Name' },
    { type: 'AWS::Scheduler::Schedule', property: 'Name' },
    { type: 'AWS::StepFunctions::StateMachine', property: 'StateMachineName' },
    { type: 'AWS::Serverless::StateMachine', property: 'Name' },
    { type: 'AWS::CloudWatch::Alarm', property: 'AlarmName' },
    { type: 'AWS::EC2::SecurityGroup', property: 'GroupName' },
    { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', property: 'Name' },
    { type: 'AWS::ECS::Service', property: 'ServiceName' }
];
/** The default table with the reset-properties input added; a pair given twice counts once. */
function nameProperties(extra = []) {
    const out = [];
    for (const p of [...DEFAULT_NAME_PROPERTIES, ...extra]) {
        if (!out.some((q) => q.type === p.type && q.property === p.property))
            out.push({ type: p.type, property: p.property });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/reset/rest-api-stages.ts
const FUNCTION_TYPES = ['AWS::Lambda::Function', 'AWS::Serverless::Function'];
/** Whether a template fragment refers to a resource by Ref, GetAtt or a ${Id} / ${Id.Attr} in Fn::Sub. */
function refersTo(node, id) {
    if (typeof node === 'string')
        return false;
    if (Array.isArray(node))
        return node.some((n) => refersTo(n, id));
    if (!node || typeof node !== 'object')
        return false;
    const o = node;
    if (o.Ref === id)
        return true;
    const getAtt = o['Fn::GetAtt'];
    if ((Array.isArray(getAtt) && getAtt[0] === id) || (typeof getAtt === 'string' && getAtt.split('.')[0] === id))
        return true;
    const sub = o['Fn::Sub'];
    const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (subText && new RegExp(`\\$\\{${id}(\\.[A-Za-z0-9.]+)?\\}`).test(subText))
        return true;
    return Object.values(o).some((v) => refersTo(v, id));
}
/**
 * A REST API serves its stage's last deployment, and CloudFormation does not redeploy a stage when a method's
 * integration changes. When a stripped function is called through a method integration, each phase points
 * the method at the new function, but the stage keeps calling the old one, which the same phase deletes.
 * Returns one warning per such function.
 */
function staleStageWarnings(template, stripped) {
    const hasDeployment = Object.values(template.Resources).some((r) => r.Type === 'AWS::ApiGateway::Deployment');
    if (!hasDeployment)
        return [];
    const methods = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Method');
    const warnings = [];
    for (const s of stripped.filter((s) => FUNCTION_TYPES.includes(s.type))) {
        const callers = methods.filter(([, r]) => refersTo(r.Properties?.Integration, s.logicalId)).map(([id]) => id);
        if (callers.length === 0)
            continue;
        warnings.push(`REST API method(s) ${callers.join(', ')} call ${s.logicalId}: each phase points them at a new function, but CloudFormation ` +
            'does not redeploy a REST API stage for that, so the stage keeps calling the old function, which the phase deletes. ' +
            'Give the AWS::ApiGateway::Deployment a new logical id on every deploy (as SAM does), or create a deployment of the stage ' +
            'after each phase; the smoke checks between the phases catch a stage left behind.');
    }
    return warnings;
}

;// CONCATENATED MODULE: ./src/reset/plan.ts






/** Everything the generated-names phase deploys and what to watch for, computed before any AWS call. */
function planReset(template, extra) {
    const { template: strippedTemplate, stripped } = stripNames(template, nameProperties(extra));
    const literalReferences = findLiteralReferences(template, stripped);
    const warnings = [...describeLiteralReferences(literalReferences), ...staleStageWarnings(template, stripped)];
    if (stripped.length === 0) {
        warnings.push('The template sets none of the name properties in the table: both phases deploy the same template.');
    }
    for (const s of stripped) {
        if (template.Resources[s.logicalId].UpdateReplacePolicy === 'Retain') {
            warnings.push(`${s.logicalId} has UpdateReplacePolicy Retain: the generated-names phase keeps the old ${s.type} named ${describeName(s.value)} ` +
                'outside the stack, so the friendly-names phase cannot create that name again until you delete or rename the kept one.');
        }
    }
    return { stripped, strippedBody: (0,cloudformation_template/* templateToBody */.mR)(strippedTemplate, 'The template without its names', 'Shorten the template (for example move inline code to S3) so its JSON form fits.'), literalReferences, warnings };
}
/** The stripped names as a table for the job summary. */
function strippedMarkdown(plan) {
    if (plan.stripped.length === 0)
        return '_No name properties to strip._';
    return (0,report/* markdownTable */.Qj)(['resource', 'type', 'property', 'friendly name'], plan.stripped.map((s) => [s.logicalId, s.type, s.property, describeName(s.value)]));
}

// EXTERNAL MODULE: ./src/smoke.ts
var smoke = __webpack_require__(2754);
;// CONCATENATED MODULE: ./src/strategies/reset.ts







const GENERATED = 'Phase 1 (generated names)';
const FRIENDLY = 'Phase 2 (friendly names)';
/**
 * Mode reset: deploy the template with its explicit names removed so CloudFormation can replace what a
 * taken name blocks, smoke-test, then deploy the original template so the friendly names come back.
 */
const reset_reset = async (ctx, inputs) => {
    const which = inputs.reset.resetPhase;
    ctx.report.fact('stack', inputs.stackName);
    ctx.report.fact('reset phase', which);
    const plan = await (0,context/* step */.PM)(ctx, 'Plan the name reset', async () => announcePlan(ctx, planReset(inputs.template.template, inputs.reset.resetProperties)));
    let last;
    if (which !== 'friendly-names') {
        last = await (0,context/* step */.PM)(ctx, `${GENERATED}: deploy without the names`, () => deployPhase(ctx, inputs, { key: 'generated-names', title: GENERATED, body: plan.strippedBody }));
        if (ctx.dryRun && which === 'both') {
            (0,context/* skipStep */.Ks)(ctx, `${FRIENDLY}: deploy the original template`, 'dry run: its change set can only be computed once phase 1 has run');
            ctx.report.section(`${FRIENDLY}: change set`, '_Computed after phase 1 runs; a dry run cannot show it. It restores the friendly names listed above._');
            (0,outputs/* setStackOutputs */.r)(ctx, last.deploy);
            return;
        }
        if (!ctx.dryRun) {
            announceFunctionNames(ctx, 'function-names-generated', last);
            await smokeTest(ctx, inputs, last, 'between the phases', which === 'both'
                ? 'The stack runs with generated names and phase 2 did not run. Fix the app and re-run; or run reset-phase friendly-names to bring the friendly names back as they are.'
                : 'The stack runs with generated names. Fix the app and re-run.');
        }
    }
    if (which !== 'generated-names') {
        last = await (0,context/* step */.PM)(ctx, `${FRIENDLY}: deploy the original template`, () => deployPhase(ctx, inputs, { key: 'friendly-names', title: FRIENDLY, body: inputs.template.body }));
        if (!ctx.dryRun) {
            announceFunctionNames(ctx, 'function-names-friendly', last);
            await smokeTest(ctx, inputs, last, 'after phase 2', 'The stack runs with the friendly names, but the app does not answer as expected: fix it and re-run.');
        }
    }
    (0,outputs/* setStackOutputs */.r)(ctx, last.deploy);
    if (last.endpoint)
        ctx.setOutput('endpoint', last.endpoint);
};
function announcePlan(ctx, plan) {
    for (const s of plan.stripped)
        ctx.log.info(`strip ${s.logicalId}.${s.property} (${s.type})`);
    ctx.log.info(`${plan.stripped.length} name(s) stripped for phase 1.`);
    for (const w of plan.warnings)
        ctx.log.warning(w);
    ctx.report.fact('names stripped in phase 1', String(plan.stripped.length));
    ctx.report.section('Names stripped in phase 1', strippedMarkdown(plan));
    if (plan.warnings.length > 0)
        ctx.report.section('Warnings', plan.warnings.map((w) => `- ${w}`).join('\n'));
    return plan;
}
function announceFunctionNames(ctx, output, phase) {
    const names = phase.functionNames;
    ctx.setOutput(output, JSON.stringify(names));
    for (const [id, name] of Object.entries(names))
        ctx.log.info(`${id} → ${name}`);
    ctx.report.fact(output, Object.values(names).join(', ') || 'no Lambda functions');
}
async function smokeTest(ctx, inputs, phase, when, next) {
    const name = `Smoke checks ${when}`;
    if (inputs.smoke.paths.length === 0)
        return (0,context/* skipStep */.Ks)(ctx, name, 'no smoke-path given');
    await (0,context/* step */.PM)(ctx, name, async () => {
        if (!phase.endpoint) {
            throw new errors/* DeployError */.sH(`${name}: the app's URL is unknown`, undefined, "Set endpoint-output to the stack output that holds the app's URL (the stack has no single REST API stage to derive it from).");
        }
        const results = await (0,smoke/* runSmokeChecks */.mF)(phase.endpoint, inputs.smoke, { log: ctx.log, clock: ctx.clock, deadline: ctx.deadline });
        ctx.report.section(name, (0,report/* markdownTable */.Qj)(['url', 'result', 'status', 'attempts'], results.map((r) => [r.url, r.ok ? '✅' : `❌ ${r.error ?? ''}`, String(r.status ?? '-'), String(r.attempts)])));
        const failed = (0,smoke/* smokeFailures */.Tx)(results);
        if (failed)
            throw new errors/* DeployError */.sH(`${name} failed`, failed, next);
    });
}


/***/ })

};
