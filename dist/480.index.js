export const id = 480;
export const ids = [480];
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

/***/ 8480:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  apiReplace: () => (/* binding */ apiReplace)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/aws/apigateway.ts
var apigateway = __webpack_require__(8803);
// EXTERNAL MODULE: ./src/aws/sdk.ts
var sdk = __webpack_require__(5857);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/aws/execute-api.ts
var execute_api = __webpack_require__(2895);
;// CONCATENATED MODULE: ./src/aws/rest-api.ts



/** Every resource of a REST API (GetResources, 500 a page, with methods embedded). */
async function getRestApiResources(apigw, restApiId) {
    const out = [];
    let position;
    do {
        const page = await apigw.send(new (await (0,sdk/* apiGatewaySdk */.hs)()).GetResourcesCommand({ restApiId, limit: 500, position, embed: ['methods'] }));
        for (const r of page.items ?? []) {
            out.push({
                id: r.id,
                path: r.path,
                pathPart: r.pathPart,
                parentId: r.parentId,
                methods: Object.keys(r.resourceMethods ?? {})
            });
        }
        position = page.position;
    } while (position);
    return out;
}
/** Whether a stage exists on the API: a base path mapping can only point at an existing stage. */
async function stageExists(apigw, restApiId, stageName) {
    try {
        await apigw.send(new (await (0,sdk/* apiGatewaySdk */.hs)()).GetStageCommand({ restApiId, stageName }));
        return true;
    }
    catch (err) {
        if ((0,errors/* errorName */.Is)(err) === 'NotFoundException')
            return false;
        throw err;
    }
}
function invokeUrl(restApiId, region, stage) {
    return (0,execute_api/* executeApiUrl */.F)(restApiId, region, stage);
}

// EXTERNAL MODULE: ./src/cloudformation/deployed-stack.ts
var deployed_stack = __webpack_require__(6445);
// EXTERNAL MODULE: ./src/cloudformation/deploy.ts
var deploy = __webpack_require__(4401);
// EXTERNAL MODULE: ./src/cloudformation/template.ts + 6 modules
var cloudformation_template = __webpack_require__(3935);
// EXTERNAL MODULE: ./src/context.ts
var context = __webpack_require__(788);
// EXTERNAL MODULE: ./src/outputs.ts
var outputs = __webpack_require__(7729);
;// CONCATENATED MODULE: ./src/modes/api-replace/deployed-routes.ts
/** The deployed API's routes, from GetResources. */
function deployedRouteTree(resources) {
    const byId = new Map(resources.map((r) => [r.id, r]));
    const tree = new Map();
    for (const r of resources) {
        const parent = r.parentId ? byId.get(r.parentId) : undefined;
        tree.set(r.path, {
            path: r.path,
            pathPart: r.pathPart ?? '',
            parentPath: parent?.path,
            methods: [...r.methods].sort(),
            source: r.id
        });
    }
    return tree;
}
/** The paths of the children of one deployed path, with their path parts. */
function childrenOf(tree, parentPath) {
    return [...tree.values()].filter((n) => n.parentPath === parentPath).map((n) => ({ path: n.path, pathPart: n.pathPart }));
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/modes/api-replace/route-tree.ts

/** `{id}` and the greedy `{proxy+}`: API Gateway allows one of them among a resource's children. */
function isVariable(pathPart) {
    return /^\{[^}]+\}$/.test(pathPart);
}
function joinPath(parentPath, pathPart) {
    return parentPath === '/' ? `/${pathPart}` : `${parentPath}/${pathPart}`;
}
function routePaths(tree) {
    return [...tree.keys()].sort();
}
/** A short, stable hash of the route structure (paths only): the same routes always give the same id. */
function routeTreeHash(tree, salt = '') {
    const text = routePaths(tree).join('\n') + (salt ? `\n#${salt}` : '');
    return (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, 8);
}
/** What changes between the deployed routes and the template's, as `METHOD /path` and `/path` lines. */
function diffRoutes(deployed, template) {
    const added = routePaths(template).filter((p) => !deployed.has(p));
    const removed = routePaths(deployed).filter((p) => !template.has(p));
    const methodsAdded = [];
    const methodsRemoved = [];
    for (const [path, node] of template) {
        const before = deployed.get(path)?.methods ?? [];
        for (const m of node.methods)
            if (!before.includes(m))
                methodsAdded.push(`${m} ${path}`);
    }
    for (const [path, node] of deployed) {
        const after = template.get(path)?.methods ?? [];
        for (const m of node.methods)
            if (!after.includes(m))
                methodsRemoved.push(`${m} ${path}`);
    }
    return { added, removed, methodsAdded, methodsRemoved };
}
function formatRoutes(tree) {
    return routePaths(tree).map((p) => {
        const methods = tree.get(p).methods;
        return methods.length ? `${p} (${[...methods].sort().join(', ')})` : p;
    });
}

// EXTERNAL MODULE: ./src/cloudformation/references.ts
var references = __webpack_require__(4288);
;// CONCATENATED MODULE: ./src/modes/api-replace/template-routes.ts



const RESOURCE_TYPE = 'AWS::ApiGateway::Resource';
const METHOD_TYPE = 'AWS::ApiGateway::Method';
const REST_API_TYPE = 'AWS::ApiGateway::RestApi';
/** `!Ref Id`, or a Sub of `${Id}` alone: the physical id of the resource `Id`. */
function isRefTo(value, id) {
    const ref = (0,references/* soleReference */.dq)(value);
    return ref !== undefined && ref.target === id && ref.attribute === undefined;
}
/** A property value as text: literals as they are, a parameter Ref by its value, anything else as its expression. */
function evaluate(value, parameters) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number')
        return String(value);
    const ref = value?.Ref;
    if (typeof ref === 'string' && ref in parameters)
        return parameters[ref];
    return `<${JSON.stringify(value)}>`;
}
/**
 * The resource a ParentId (or a method's ResourceId) names. The API's RootResourceId is the root; a resource
 * is named by `!Ref`, by its ResourceId attribute, or by the same inside a Sub (`!Sub '${RestApi.RootResourceId}'`).
 */
function parentOf(value, apiId, resourceIds) {
    const ref = (0,references/* soleReference */.dq)(value);
    if (ref?.target === apiId && ref.attribute === 'RootResourceId')
        return { kind: 'root' };
    if (ref && resourceIds.has(ref.target) && (ref.attribute === undefined || ref.attribute === 'ResourceId'))
        return { kind: 'resource', logicalId: ref.target };
    return { kind: 'external', expression: JSON.stringify(value) };
}
const OPENAPI_VERBS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method'];
function openApiPaths(body) {
    const paths = body?.paths ?? {};
    const out = {};
    for (const [path, ops] of Object.entries(paths)) {
        out[path] = Object.keys(ops ?? {})
            .filter((k) => OPENAPI_VERBS.includes(k.toLowerCase()))
            .map((k) => (k.toLowerCase() === 'x-amazon-apigateway-any-method' ? 'ANY' : k.toUpperCase()));
    }
    return out;
}
/** Reads the REST API `apiId` of a template: resources whose RestApiId is `!Ref apiId`, and their methods. */
function readTemplateApi(template, apiId, parameters) {
    const api = template.Resources[apiId];
    if (!api || api.Type !== REST_API_TYPE)
        throw new errors/* DeployError */.sH(`${apiId} is not an ${REST_API_TYPE} of the template`);
    const ownIds = new Set(Object.entries(template.Resources)
        .filter(([, r]) => r.Type === RESOURCE_TYPE && isRefTo(r.Properties?.RestApiId, apiId))
        .map(([id]) => id));
    const resources = new Map();
    for (const id of ownIds) {
        const props = template.Resources[id].Properties ?? {};
        resources.set(id, { logicalId: id, pathPart: evaluate(props.PathPart, parameters), parent: parentOf(props.ParentId, apiId, ownIds) });
    }
    const methods = [];
    for (const [id, r] of Object.entries(template.Resources)) {
        if (r.Type !== METHOD_TYPE || !isRefTo(r.Properties?.RestApiId, apiId))
            continue;
        const parent = parentOf(r.Properties?.ResourceId, apiId, ownIds);
        const resource = parent.kind === 'root' ? 'root' : parent.kind === 'resource' ? parent.logicalId : `<${parent.expression}>`;
        methods.push({ logicalId: id, resource, httpMethod: evaluate(r.Properties?.HttpMethod, parameters).toUpperCase() });
    }
    const props = api.Properties ?? {};
    const definedBy = props.Body !== undefined ? 'openapi-body' : props.BodyS3Location !== undefined ? 'openapi-s3' : 'resources';
    return { apiId, resources, methods, definedBy, bodyPaths: definedBy === 'openapi-body' ? openApiPaths(props.Body) : {} };
}
/** The full path of each resource, following ParentId chains up to the root. */
function resourcePaths(api) {
    const paths = new Map();
    const visit = (id, seen) => {
        const known = paths.get(id);
        if (known)
            return known;
        if (seen.includes(id))
            throw new errors/* DeployError */.sH(`The template's API resources form a cycle: ${[...seen, id].join(' → ')}`);
        const def = api.resources.get(id);
        const parentPath = def.parent.kind === 'root' ? '/' : def.parent.kind === 'resource' ? visit(def.parent.logicalId, [...seen, id]) : `<${def.parent.expression}>`;
        const path = joinPath(parentPath, def.pathPart);
        paths.set(id, path);
        return path;
    };
    for (const id of api.resources.keys())
        visit(id, []);
    return paths;
}
/** The template's routes: the root, every resource by full path, and the methods on each. */
function templateRouteTree(api) {
    const tree = new Map();
    tree.set('/', { path: '/', pathPart: '', methods: [], source: api.apiId });
    if (api.definedBy === 'openapi-body') {
        for (const [path, verbs] of Object.entries(api.bodyPaths))
            addOpenApiPath(tree, path, verbs);
        return tree;
    }
    const paths = resourcePaths(api);
    for (const [id, path] of paths) {
        const def = api.resources.get(id);
        const parentPath = def.parent.kind === 'root' ? '/' : def.parent.kind === 'resource' ? paths.get(def.parent.logicalId) : undefined;
        tree.set(path, { path, pathPart: def.pathPart, parentPath, methods: [], source: id });
    }
    for (const m of api.methods) {
        const path = m.resource === 'root' ? '/' : paths.get(m.resource);
        const node = path ? tree.get(path) : undefined;
        if (node && !node.methods.includes(m.httpMethod))
            node.methods.push(m.httpMethod);
    }
    for (const node of tree.values())
        node.methods.sort();
    return tree;
}
function addOpenApiPath(tree, path, verbs) {
    const parts = path.split('/').filter(Boolean);
    let parent = '/';
    for (const part of parts) {
        const full = joinPath(parent, part);
        if (!tree.has(full))
            tree.set(full, { path: full, pathPart: part, parentPath: parent, methods: [] });
        parent = full;
    }
    const node = tree.get(parent);
    for (const v of verbs)
        if (!node.methods.includes(v))
            node.methods.push(v);
    node.methods.sort();
}

;// CONCATENATED MODULE: ./src/modes/api-replace/conflicts.ts



function sameParent(a, b) {
    if (a.parent.kind !== b.parent.kind)
        return false;
    if (a.parent.kind === 'resource' && b.parent.kind === 'resource')
        return a.parent.logicalId === b.parent.logicalId;
    if (a.parent.kind === 'external' && b.parent.kind === 'external')
        return a.parent.expression === b.parent.expression;
    return true;
}
/** Plays the update the way CloudFormation runs it and lists every create that API Gateway would refuse. */
function detectConflicts({ next, previous, live }) {
    const nextPaths = resourcePaths(next);
    const previousPaths = previous ? resourcePaths(previous) : new Map();
    const kept = new Map();
    const isKept = (id) => {
        const known = kept.get(id);
        if (known !== undefined)
            return known;
        kept.set(id, false); // a cycle is reported by resourcePaths; here it only must not recurse forever
        const def = next.resources.get(id);
        let result;
        if (previous) {
            const before = previous.resources.get(id);
            result = !!before && before.pathPart === def.pathPart && sameParent(def, before) && (def.parent.kind !== 'resource' || isKept(def.parent.logicalId));
        }
        else {
            result = live.has(nextPaths.get(id)) && (def.parent.kind !== 'resource' || isKept(def.parent.logicalId));
        }
        kept.set(id, result);
        return result;
    };
    const conflicts = [];
    const created = [];
    for (const [id, def] of next.resources) {
        if (isKept(id))
            continue;
        created.push(id);
        const parentKept = def.parent.kind === 'root' || (def.parent.kind === 'resource' && isKept(def.parent.logicalId));
        if (!parentKept)
            continue; // a new parent has no deployed children
        const parentPath = def.parent.kind === 'root' ? '/' : nextPaths.get(def.parent.logicalId);
        const route = joinPath(parentPath, def.pathPart);
        const movedFrom = previous && previousPaths.has(id) && previousPaths.get(id) !== route ? previousPaths.get(id) : undefined;
        const swapped = swappedSegment(def, previous?.resources.get(id), parentPath, live, nextPaths);
        if (swapped) {
            conflicts.push({
                kind: 'variable-literal-swap',
                route,
                existing: swapped,
                logicalId: id,
                message: `${swapped} → ${route}: a ${isVariable(def.pathPart) ? 'literal segment becomes a path variable' : 'path variable becomes a literal segment'} at the same level; the API is replaced so no route of the old one can collide`
            });
        }
        for (const sibling of childrenOf(live, parentPath)) {
            if (sibling.pathPart === def.pathPart) {
                const moved = movedFrom !== undefined && previous.resources.get(id).pathPart === def.pathPart;
                conflicts.push({
                    kind: moved ? 'moved-onto-existing' : 'path-recreated',
                    route,
                    existing: sibling.path,
                    logicalId: id,
                    message: moved
                        ? `${id} moves from ${movedFrom} to ${route}, but the deployed ${sibling.path} still exists when CloudFormation creates it (Another resource with the same parent already has this name)`
                        : `${route} is created again (${id}) while the deployed ${sibling.path} still exists (Another resource with the same parent already has this name)`
                });
            }
            else if (isVariable(sibling.pathPart) && isVariable(def.pathPart)) {
                conflicts.push({
                    kind: 'variable-renamed',
                    route,
                    existing: sibling.path,
                    logicalId: id,
                    message: `${sibling.path} → ${route}: API Gateway allows one path variable per level, and ${sibling.pathPart} still exists when CloudFormation creates ${def.pathPart} (A sibling (${sibling.pathPart}) of this resource already has a variable path part -- only one is allowed)`
                });
            }
        }
    }
    for (const m of next.methods) {
        const onKept = m.resource === 'root' || (next.resources.has(m.resource) && isKept(m.resource));
        if (!onKept)
            continue;
        const path = m.resource === 'root' ? '/' : nextPaths.get(m.resource);
        const before = previous?.methods.find((p) => p.logicalId === m.logicalId);
        const methodKept = previous ? !!before && before.resource === m.resource && before.httpMethod === m.httpMethod : true;
        if (methodKept)
            continue;
        const verbs = live.get(path)?.methods ?? [];
        if (verbs.includes(m.httpMethod)) {
            conflicts.push({
                kind: 'method-exists',
                route: `${m.httpMethod} ${path}`,
                existing: `${m.httpMethod} ${path}`,
                logicalId: m.logicalId,
                message: `${m.httpMethod} ${path} is created again (${m.logicalId}) while the deployed method still exists (Method already exists for this resource)`
            });
        }
    }
    return { conflicts, matchedBy: previous ? 'logical-ids' : 'paths', created };
}
/**
 * The deployed path whose segment changes between variable and literal at the same place: the same logical id
 * with the other kind of PathPart, or (without the deployed template) a deployed sibling of the other kind that
 * the template no longer has.
 */
function swappedSegment(def, before, parentPath, live, nextPaths) {
    if (before) {
        return sameParent(def, before) && isVariable(before.pathPart) !== isVariable(def.pathPart) ? joinPath(parentPath, before.pathPart) : undefined;
    }
    const kept = new Set(nextPaths.values());
    const gone = childrenOf(live, parentPath).find((s) => !kept.has(s.path) && isVariable(s.pathPart) !== isVariable(def.pathPart));
    return gone?.path;
}
/** Sibling rules API Gateway enforces on any API, new or not: checked before anything is deployed. */
function templateRouteErrors(api) {
    const paths = resourcePaths(api);
    const byParent = new Map();
    for (const [id, def] of api.resources) {
        const parent = def.parent.kind === 'root' ? '/' : def.parent.kind === 'resource' ? paths.get(def.parent.logicalId) : `<${def.parent.expression}>`;
        byParent.set(parent, [...(byParent.get(parent) ?? []), { id, pathPart: def.pathPart }]);
    }
    const errors = [];
    for (const [parent, children] of byParent) {
        const variables = children.filter((c) => isVariable(c.pathPart));
        if (variables.length > 1) {
            errors.push({
                route: joinPath(parent, variables.map((v) => v.pathPart).join('|')),
                message: `${parent} has ${variables.length} variable children (${variables.map((v) => `${v.id} ${v.pathPart}`).join(', ')}); API Gateway allows one`
            });
        }
        const seen = new Map();
        for (const c of children) {
            const other = seen.get(c.pathPart);
            if (other)
                errors.push({ route: joinPath(parent, c.pathPart), message: `${joinPath(parent, c.pathPart)} is defined twice (${other} and ${c.id})` });
            seen.set(c.pathPart, c.id);
        }
    }
    return errors;
}

;// CONCATENATED MODULE: ./src/modes/api-replace/decision.ts

function summarize(diff) {
    if (!diff)
        return 'no route changes';
    const parts = [
        diff.added.length ? `${diff.added.length} route(s) added` : '',
        diff.removed.length ? `${diff.removed.length} removed` : '',
        diff.methodsAdded.length ? `${diff.methodsAdded.length} method(s) added` : '',
        diff.methodsRemoved.length ? `${diff.methodsRemoved.length} method(s) removed` : ''
    ].filter(Boolean);
    return parts.length ? parts.join(', ') : 'no route changes';
}
/** replace auto/always/never against what the comparison found. `never` with a conflict throws. */
function decide(input) {
    const conflicts = input.report?.conflicts ?? [];
    if (!input.hasPrevious)
        return { replace: false, kind: 'new-api', reason: 'no deployed REST API yet: the stack creates it' };
    if (input.renamedBy) {
        const reason = `the template names the REST API ${input.renamedBy.to} but the stack has ${input.renamedBy.from}: CloudFormation would replace it`;
        if (input.mode === 'never') {
            throw new errors/* DeployError */.sH(`replace is never, but ${reason}`, undefined, `Rename the RestApi back to ${input.renamedBy.from}, or run with replace: auto so the custom domain moves before the old API is deleted.`);
        }
        return { replace: true, kind: 'logical-id-changed', reason };
    }
    if (input.mode === 'always') {
        return { replace: true, kind: 'always', reason: `replace is always (${conflicts.length ? `${conflicts.length} route conflict(s) too` : summarize(input.diff)})` };
    }
    if (conflicts.length > 0) {
        const routes = conflicts.map((c) => `${c.existing} → ${c.route}`).join('; ');
        if (input.mode === 'never') {
            throw new errors/* DeployError */.sH(`replace is never, but an in-place update of the REST API would fail on ${conflicts.length} route conflict(s): ${routes}`, conflicts.map((c) => c.message).join('\n'), 'Nothing was deployed. Run with replace: auto (or always) to create a new REST API, or change the routes in two deploys (remove the old route first, then add the new one).');
        }
        return { replace: true, kind: 'conflicts', reason: `route changes an in-place update cannot apply: ${routes}` };
    }
    const how = input.openApi ? ' (routes come from an OpenAPI body, which API Gateway imports over the old definition)' : '';
    return { replace: false, kind: 'compatible', reason: `compatible route changes, updated in place: ${summarize(input.diff)}${how}` };
}

// EXTERNAL MODULE: ./src/cloudformation/deployed-template.ts
var deployed_template = __webpack_require__(3191);
// EXTERNAL MODULE: ./src/cloudformation/stacks.ts
var stacks = __webpack_require__(8915);
// EXTERNAL MODULE: ./src/cloudformation/conditions.ts
var conditions = __webpack_require__(4804);
;// CONCATENATED MODULE: ./src/modes/api-replace/rewrite.ts




/**
 * Resources that live inside one REST API: when the API is replaced they must be created again inside the
 * new one, so they are renamed with it. A Lambda permission whose SourceArn names the API is renamed too,
 * so the old API keeps its permission while it still serves. Base path mappings and API mappings are NOT
 * renamed: a mapping that keeps its logical id is updated in place (RestApiId is "No interruption"), while
 * a renamed one would be created beside the old one on the same base path and fail.
 */
const API_SCOPED_TYPES = [
    'AWS::ApiGateway::Resource',
    'AWS::ApiGateway::Method',
    'AWS::ApiGateway::Deployment',
    'AWS::ApiGateway::Stage',
    'AWS::ApiGateway::Authorizer',
    'AWS::ApiGateway::Model',
    'AWS::ApiGateway::RequestValidator',
    'AWS::ApiGateway::GatewayResponse',
    'AWS::ApiGateway::DocumentationPart',
    'AWS::ApiGateway::DocumentationVersion',
    'AWS::Lambda::Permission'
];
const MAPPING_TYPES = ['AWS::ApiGateway::BasePathMapping', 'AWS::ApiGateway::BasePathMappingV2', 'AWS::ApiGatewayV2::ApiMapping'];
/** The REST API and every resource that lives inside it, by logical id. */
function apiScope(template, apiId) {
    const scope = new Set([apiId]);
    for (let grew = true; grew;) {
        grew = false;
        for (const [id, r] of Object.entries(template.Resources)) {
            if (scope.has(id) || !API_SCOPED_TYPES.includes(r.Type))
                continue;
            if ([...(0,references/* referencedIds */.ei)(r.Properties ?? {})].some((t) => scope.has(t))) {
                scope.add(id);
                grew = true;
            }
        }
    }
    return [...scope];
}
/** The REST API the mode works on: the one named by rest-api-logical-id, or the template's only one. */
function chooseRestApi(template, wanted) {
    const apis = Object.entries(template.Resources)
        .filter(([, r]) => r.Type === REST_API_TYPE)
        .map(([id]) => id);
    if (wanted) {
        if (!apis.includes(wanted)) {
            throw new errors/* DeployError */.sH(`The template has no ${REST_API_TYPE} named ${wanted} (rest-api-logical-id)`, undefined, apis.length ? `Set rest-api-logical-id to one of: ${apis.join(', ')}.` : 'api-replace needs a template with an AWS::ApiGateway::RestApi.');
        }
        return wanted;
    }
    if (apis.length === 1)
        return apis[0];
    throw new errors/* DeployError */.sH(apis.length === 0 ? `The template has no ${REST_API_TYPE}` : `The template has ${apis.length} REST APIs (${apis.join(', ')})`, undefined, apis.length === 0 ? 'api-replace replaces a REST API; use it with a template that defines one.' : 'Set rest-api-logical-id to the one to replace.');
}
const SUFFIX = /^[0-9a-f]{8}$/;
/** The suffix a deployed logical id carries for the template's id: '' for the plain id, undefined for another id. */
function suffixOf(deployedId, templateId) {
    if (deployedId === templateId)
        return '';
    if (deployedId.startsWith(templateId) && SUFFIX.test(deployedId.slice(templateId.length)))
        return deployedId.slice(templateId.length);
    return undefined;
}
/** The template with the API and everything inside it carrying `suffix` (the route tree hash) in their logical ids. */
function rewriteWithSuffix(template, apiId, suffix) {
    const renames = new Map();
    if (suffix !== '')
        for (const id of apiScope(template, apiId))
            renames.set(id, `${id}${suffix}`);
    for (const to of renames.values()) {
        if (template.Resources[to])
            throw new errors/* DeployError */.sH(`Cannot rename ${apiId}'s resources: the template already has a resource named ${to}`);
    }
    const rewritten = renames.size ? (0,references/* renameLogicalIds */.CS)(template, renames) : template;
    const left = leftoverReferences(rewritten, [...renames.keys()]);
    if (left.length) {
        throw new errors/* DeployError */.sH(`The rewritten template still refers to ${left.map((r) => `${r.target} (${r.via} at ${r.at})`).join(', ')}`);
    }
    return { template: rewritten, apiLogicalId: renames.get(apiId) ?? apiId, renames };
}
/** References to any of `ids` that a template still makes. */
function leftoverReferences(template, ids) {
    const set = new Set(ids);
    return (0,references/* findReferences */.yU)(template).filter((r) => set.has(r.target));
}
/**
 * The template of the first phase when the custom domain is mapped outside the stack: the final template
 * plus the previous API and everything inside it, unchanged under their deployed logical ids. CloudFormation
 * then creates the new API beside the old one and leaves the old one serving.
 */
function withPreviousApi(final, deployed, deployedApiId) {
    const kept = apiScope(deployed, deployedApiId);
    const resources = { ...final.Resources };
    for (const id of kept) {
        if (resources[id])
            throw new errors/* DeployError */.sH(`Cannot keep the previous API's ${id}: the new template also has a resource named ${id}`);
        resources[id] = deployed.Resources[id];
    }
    const template = { ...final, Resources: resources };
    const known = new Set([...Object.keys(resources), ...Object.keys(final.Parameters ?? {})]);
    const conditions = new Set(Object.keys(final.Conditions ?? {}));
    const missing = [];
    for (const id of kept) {
        const r = resources[id];
        const deps = typeof r.DependsOn === 'string' ? [r.DependsOn] : (r.DependsOn ?? []);
        for (const target of [...(0,references/* referencedIds */.ei)(r.Properties ?? {}), ...deps]) {
            if (!target.startsWith('AWS::') && !known.has(target))
                missing.push(`${id} → ${target}`);
        }
        const used = new Set([...(r.Condition ? [r.Condition] : []), ...(0,references/* conditionsUsedIn */.$n)(r.Properties ?? {})]);
        for (const c of used)
            if (!conditions.has(c))
                missing.push(`${id} → condition ${c}`);
    }
    if (missing.length) {
        throw new errors/* DeployError */.sH('The previous API cannot be kept serving while the new one is created: it uses things the new template removed', missing.join(', '), 'Keep those resources, parameters or conditions for one more deploy, or manage the base path mapping in the template (it then moves with a single update).');
    }
    return { template, kept };
}
/**
 * Mappings in the template that point at the API and that the deploy creates for sure (a Condition that is
 * false, or that cannot be evaluated, does not count): they move with the update, no extra step needed.
 */
function templateMappings(template, apiId, parameters = {}) {
    return Object.entries(template.Resources)
        .filter(([, r]) => MAPPING_TYPES.includes(r.Type) && [...(0,references/* referencedIds */.ei)(r.Properties ?? {})].includes(apiId))
        .filter(([, r]) => r.Condition === undefined || (0,conditions/* conditionHolds */.C)({ template, parameters, pseudo: {} }, r.Condition) === true)
        .map(([id]) => id);
}
/** Stage names the template gives the API: Deployment StageName and Stage resources. */
function templateStages(template, apiId) {
    const stages = [];
    for (const r of Object.values(template.Resources)) {
        const props = r.Properties ?? {};
        const ownsApi = isRefTo(props.RestApiId, apiId);
        if (!ownsApi)
            continue;
        if ((r.Type === 'AWS::ApiGateway::Deployment' || r.Type === 'AWS::ApiGateway::Stage') && typeof props.StageName === 'string') {
            if (!stages.includes(props.StageName))
                stages.push(props.StageName);
        }
    }
    return stages;
}
/**
 * Deployments of the API that do not wait for any of its methods. On a new API CloudFormation may create
 * them first, and API Gateway refuses a deployment of an API without methods ("The REST API doesn't contain
 * any methods"): a replacement always starts from a new API, so this is worth a warning.
 */
function deploymentsWithoutMethods(template, apiId) {
    const methods = new Set(Object.entries(template.Resources)
        .filter(([, r]) => r.Type === 'AWS::ApiGateway::Method' && isRefTo(r.Properties?.RestApiId, apiId))
        .map(([id]) => id));
    if (methods.size === 0)
        return [];
    return Object.entries(template.Resources)
        .filter(([, r]) => r.Type === 'AWS::ApiGateway::Deployment' && isRefTo(r.Properties?.RestApiId, apiId))
        .filter(([, r]) => {
        const deps = typeof r.DependsOn === 'string' ? [r.DependsOn] : (r.DependsOn ?? []);
        return !deps.some((d) => methods.has(d)) && ![...(0,references/* referencedIds */.ei)(r.Properties ?? {})].some((t) => methods.has(t));
    })
        .map(([id]) => id);
}

// EXTERNAL MODULE: ./src/cloudformation/parameters.ts
var parameters = __webpack_require__(7578);
;// CONCATENATED MODULE: ./src/modes/api-replace/deployed-state.ts










/**
 * Finds the stack's REST API for the template's `apiId`: the same logical id, or the id plus a route hash
 * suffix from an earlier replacement. With two (a replacement stopped between its phases), the one the
 * custom domain maps to is the live one.
 */
async function readDeployedState(ctx, stackName, apiId, mappedApiId) {
    const stack = await (0,stacks/* describeStack */.GO)(ctx.clients.cloudformation, stackName);
    const status = stack?.StackStatus;
    if (!stack || status === 'DELETE_COMPLETE' || status === 'REVIEW_IN_PROGRESS' || (0,stacks/* neverCreated */.V5)(status)) {
        ctx.log.info(`Stack ${stackName} has no deployed resources${status ? ` (${status})` : ''}: the REST API will be created.`);
        return { stackExists: false, leftovers: [] };
    }
    const apis = (await (0,deployed_stack/* listStackResources */.u)(ctx.clients.cloudformation, stack.StackId))
        .filter((r) => r.ResourceType === REST_API_TYPE && r.LogicalResourceId && r.PhysicalResourceId)
        .map((r) => ({ logicalId: r.LogicalResourceId, restApiId: r.PhysicalResourceId }));
    const candidates = apis.filter((a) => suffixOf(a.logicalId, apiId) !== undefined);
    let chosen = candidates.find((a) => a.restApiId === mappedApiId) ?? candidates.find((a) => a.logicalId === apiId) ?? candidates[0];
    if (!chosen && apis.length === 1)
        chosen = apis[0]; // the template renamed the API's logical id
    if (!chosen) {
        ctx.log.info(`Stack ${stackName} has no REST API for ${apiId} yet: it will be created.`);
        return { stackExists: true, leftovers: [] };
    }
    const leftovers = candidates.filter((a) => a !== chosen);
    let routes = new Map();
    try {
        routes = deployedRouteTree(await getRestApiResources(ctx.clients.apigateway, chosen.restApiId));
    }
    catch (err) {
        if ((0,errors/* errorName */.Is)(err) !== 'NotFoundException')
            throw err;
        ctx.log.warning(`REST API ${chosen.restApiId} (${chosen.logicalId}) no longer exists in API Gateway; comparing with no deployed routes.`);
    }
    let template;
    let templateApi;
    try {
        template = (0,cloudformation_template/* parseTemplate */.QC)(await (0,deployed_template/* getStackTemplate */.N)(ctx.clients.cloudformation, stack.StackId), 'the deployed template');
        templateApi = readTemplateApi(template, chosen.logicalId, (0,parameters/* parameterValues */.o)(template, stack.Parameters ?? []));
    }
    catch (err) {
        ctx.log.warning(`Could not read ${chosen.logicalId} from the deployed template (${(0,errors/* errorMessage */.gJ)(err)}); matching resources by path.`);
    }
    return {
        stackExists: true,
        previous: { ...chosen, suffix: suffixOf(chosen.logicalId, apiId), routes, template, templateApi },
        leftovers
    };
}

// EXTERNAL MODULE: ./src/report.ts
var src_report = __webpack_require__(665);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
;// CONCATENATED MODULE: ./src/modes/api-replace/log-decision.ts


/** Logs the route comparison and the decision with the routes that caused it; returns it for the summary. */
function logDecision(ctx, diff, report, decision) {
    const lines = [];
    if (diff) {
        for (const p of diff.added)
            lines.push(`+ ${p}`);
        for (const p of diff.removed)
            lines.push(`- ${p}`);
        for (const m of diff.methodsAdded)
            lines.push(`+ ${m}`);
        for (const m of diff.methodsRemoved)
            lines.push(`- ${m}`);
    }
    if (lines.length) {
        ctx.log.info('Route changes (deployed → template):');
        for (const l of lines)
            ctx.log.info(`  ${l}`);
    }
    else if (diff)
        ctx.log.info('Route changes: none.');
    if (report)
        ctx.log.info(`Resources matched by ${report.matchedBy === 'logical-ids' ? 'logical id (deployed template)' : 'path (deployed template unreadable)'}; created by the update: ${report.created.join(', ') || 'none'}.`);
    for (const c of report?.conflicts ?? [])
        ctx.log.info(`✘ conflict (${c.kind}): ${c.message}`);
    ctx.log.info(`Decision: ${decision.replace ? 'REPLACE the REST API' : 'keep the REST API'} — ${decision.reason}`);
    // Route paths and names come from the template: inert in the summary (untrusted.ts).
    const md = [`**${decision.replace ? 'Replace' : 'Keep'}** — ${(0,untrusted/* mdInline */.DP)(decision.reason)}`];
    if (lines.length)
        md.push('', ...(0,untrusted/* mdFence */.F)('diff', lines));
    if (report?.conflicts.length) {
        md.push('', (0,src_report/* markdownTable */.Qj)(['conflict', 'deployed', 'template', 'resource'], report.conflicts.map((c) => [c.kind, c.existing, c.route, c.logicalId])));
    }
    return md.join('\n');
}

;// CONCATENATED MODULE: ./src/modes/api-replace/index.ts



















/** Reads the template's API and the deployed one, compares their routes and decides whether to replace. */
async function planReplacement(ctx, inputs) {
    const opts = inputs.apiReplace;
    const template = inputs.template.template;
    const apiId = chooseRestApi(template, opts.restApiLogicalId);
    const params = (0,parameters/* parameterValues */.o)(template, inputs.parameters);
    const ownApi = readTemplateApi(template, apiId, params);
    const invalid = templateRouteErrors(ownApi);
    if (invalid.length) {
        throw new errors/* DeployError */.sH(`The template's routes are invalid for API Gateway: ${invalid.map((e) => e.route).join(', ')}`, invalid.map((e) => e.message).join('\n'), 'Fix the template; this fails on a new API as well as on an update.');
    }
    const current = opts.domainName ? await (0,apigateway/* getRestMapping */.$j)(ctx.clients.apigateway, opts.domainName, opts.basePath) : undefined;
    const state = await readDeployedState(ctx, inputs.stackName, apiId, current?.restApiId);
    const previous = state.previous;
    const templateTree = templateRouteTree(ownApi);
    ctx.log.info(`Template routes of ${apiId}: ${formatRoutes(templateTree).join(', ')}`);
    if (previous)
        ctx.log.info(`Deployed routes of ${previous.logicalId} (${previous.restApiId}): ${formatRoutes(previous.routes).join(', ')}`);
    // The template as deployed without a replacement: the API keeps the logical ids the stack has now.
    const keep = rewriteWithSuffix(template, apiId, previous?.suffix ?? '');
    let report;
    let diff;
    if (previous) {
        diff = diffRoutes(previous.routes, templateTree);
        if (ownApi.definedBy === 'resources') {
            const next = readTemplateApi(keep.template, keep.apiLogicalId, params);
            report = detectConflicts({ next, previous: previous.templateApi, live: previous.routes });
        }
    }
    const renamedBy = previous && previous.suffix === undefined ? { from: previous.logicalId, to: apiId } : undefined;
    const decision = decide({ mode: opts.replace, hasPrevious: !!previous, renamedBy, report, diff, openApi: ownApi.definedBy !== 'resources' });
    ctx.report.section('REST API routes', logDecision(ctx, diff, report, decision));
    let final = keep;
    if (decision.replace) {
        let suffix = routeTreeHash(templateTree);
        if (previous && `${apiId}${suffix}` === previous.logicalId)
            suffix = routeTreeHash(templateTree, previous.logicalId);
        final = rewriteWithSuffix(template, apiId, suffix);
        ctx.log.info(`New logical id of the REST API: ${final.apiLogicalId} (from the route tree hash); ${final.renames.size - 1} resource(s) inside it renamed with it.`);
        for (const id of deploymentsWithoutMethods(final.template, final.apiLogicalId)) {
            ctx.log.warning(`${id} has no DependsOn on the API's methods: on the new API it may be created first and fail with "The REST API doesn't contain any methods".`);
        }
    }
    const inTemplate = templateMappings(final.template, final.apiLogicalId, params);
    let mapping = { kind: 'none' };
    if (inTemplate.length) {
        mapping = { kind: 'template', ids: inTemplate };
        if (opts.domainName)
            ctx.log.info(`The template maps a domain to the API (${inTemplate.join(', ')}): it moves with the stack update.`);
    }
    else if (opts.domainName) {
        if (current && previous && current.restApiId !== previous.restApiId && !state.leftovers.some((l) => l.restApiId === current.restApiId)) {
            throw new errors/* DeployError */.sH(`${opts.domainName}/${opts.basePath} maps to REST API ${current.restApiId}, not to this stack's ${previous.restApiId}`, undefined, "The action only moves a mapping that points at this stack's API. Check domain-name and base-path.");
        }
        mapping = { kind: 'outside', current };
    }
    return { apiId, state, decision, final, mapping };
}
function writeTemplate(path, template, from) {
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
    (0,external_node_fs_.writeFileSync)(path, (0,cloudformation_template/* templateToText */.Ro)(template, from));
    return path;
}
function rewrittenPath(inputs) {
    const ext = (0,cloudformation_template/* templateExtension */.mC)(inputs.template.template);
    return inputs.apiReplace.rewrittenTemplatePath ?? (0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), `${inputs.stackName}-api-replace${ext}`);
}
/** `x.json` → `x.phase1.json`, `x.yaml` → `x.phase1.yaml`, `x` → `x.phase1.json`. */
function phaseOnePath(path, template) {
    const ext = (0,external_node_path_.extname)(path);
    return ext ? `${path.slice(0, path.length - ext.length)}.phase1${ext}` : `${path}.phase1${(0,cloudformation_template/* templateExtension */.mC)(template)}`;
}
function api_replace_deploy(ctx, inputs, template) {
    return (0,deploy/* deployStack */.gE)(ctx, {
        stackName: inputs.stackName,
        templateBody: (0,cloudformation_template/* templateToBody */.mR)(template, inputs.template.template, 'The rewritten template', 'Make the template smaller (in the two-phase sequence it holds the previous API too), or map the domain in the template so one update suffices.'),
        parameters: inputs.parameters,
        capabilities: inputs.capabilities,
        tags: inputs.tags
    });
}
async function restApiIdOf(ctx, stackName, logicalId) {
    const found = (await (0,deployed_stack/* listStackResources */.u)(ctx.clients.cloudformation, stackName)).find((r) => r.LogicalResourceId === logicalId);
    if (!found?.PhysicalResourceId)
        throw new errors/* DeployError */.sH(`The stack has no REST API ${logicalId} after the deploy`);
    return found.PhysicalResourceId;
}
/** Moves the domain's mapping to the new API in one UpdateBasePathMapping call, after checking its stage exists. */
async function moveMapping(ctx, inputs, restApiId, stage, current) {
    const { domainName, basePath } = inputs.apiReplace;
    if (!(await stageExists(ctx.clients.apigateway, restApiId, stage))) {
        throw new errors/* DeployError */.sH(`The new REST API ${restApiId} has no stage ${stage}; the domain still maps to the previous API`, undefined, 'Give the API a Deployment with that StageName (or a Stage), then re-run: the action finishes the replacement.');
    }
    const to = { domainName: domainName, basePath, restApiId, stage };
    const moved = current ? await (0,apigateway/* switchRestMapping */.lp)(ctx.clients.apigateway, to) : await (0,apigateway/* createRestMapping */.fU)(ctx.clients.apigateway, to);
    const check = await (0,apigateway/* getRestMapping */.$j)(ctx.clients.apigateway, domainName, basePath);
    if (check?.restApiId !== restApiId)
        throw new errors/* DeployError */.sH(`${domainName} still maps to ${check?.restApiId ?? 'nothing'} after the switch to ${restApiId}`);
    ctx.log.info(`${domainName}/${basePath} → ${restApiId} stage ${moved.stage ?? stage}${current ? ` (was ${current.restApiId})` : ' (new mapping)'}`);
    return moved;
}
const apiReplace = async (ctx, inputs) => {
    const plan = await (0,context/* step */.PM)(ctx, 'Compare the deployed routes with the template', () => planReplacement(ctx, inputs), (p) => p.decision.reason);
    const { decision, final, state, mapping } = plan;
    const previous = state.previous;
    if (previous)
        ctx.setOutput('previous-rest-api-id', previous.restApiId);
    ctx.setOutput('replace-reason', ctx.dryRun ? `[dry-run] would ${decision.replace ? 'replace' : 'keep'} the REST API: ${decision.reason}` : decision.reason);
    ctx.report.fact('decision', decision.replace ? 'replace the REST API' : 'keep the REST API');
    const path = writeTemplate(rewrittenPath(inputs), final.template, inputs.template.template);
    ctx.setOutput('rewritten-template', path);
    ctx.log.info(`Rewritten template: ${path}`);
    // Two phases when the domain is mapped outside the stack: the old API must serve until the domain moves.
    const twoPhase = decision.replace && mapping.kind === 'outside';
    const stage = (mapping.kind === 'outside' ? mapping.current?.stage : undefined) ?? templateStages(final.template, final.apiLogicalId)[0];
    if (twoPhase && !previous?.template) {
        throw new errors/* DeployError */.sH('The deployed template could not be read, so the previous API cannot be kept serving while the new one is created', undefined, 'Re-run; if it persists, map the domain in the template.');
    }
    if (twoPhase && !stage) {
        throw new errors/* DeployError */.sH('The template gives the REST API no stage to map the domain to', undefined, 'Set StageName on its Deployment (or add a Stage).');
    }
    let firstTemplate = final.template;
    if (twoPhase) {
        const phaseOne = withPreviousApi(final.template, previous.template, previous.logicalId);
        firstTemplate = phaseOne.template;
        const written = writeTemplate(phaseOnePath(path, inputs.template.template), firstTemplate, inputs.template.template);
        ctx.log.info(`Phase 1 template (new API beside the old ${phaseOne.kept.join(', ')}): ${written}`);
    }
    if (ctx.dryRun) {
        ctx.setOutput('replaced', 'false');
        const plan = twoPhase
            ? `phase 1 creates ${final.apiLogicalId} beside ${previous.logicalId}; the mapping moves; phase 2 removes ${previous.logicalId}`
            : decision.replace
                ? `one update creates ${final.apiLogicalId} and removes ${previous.logicalId}`
                : 'one update in place';
        ctx.log.info(`[dry-run] plan: ${plan}. The change set of the first update follows.`);
        const result = await (0,context/* step */.PM)(ctx, 'Show the change set (dry run)', () => api_replace_deploy(ctx, inputs, firstTemplate));
        (0,outputs/* setStackOutputs */.r)(ctx, result);
        return;
    }
    let result;
    let restApiId;
    if (twoPhase) {
        await (0,context/* step */.PM)(ctx, `Phase 1: create ${final.apiLogicalId} beside ${previous.logicalId}`, () => api_replace_deploy(ctx, inputs, firstTemplate));
        restApiId = await restApiIdOf(ctx, inputs.stackName, final.apiLogicalId);
        const current = mapping.kind === 'outside' ? mapping.current : undefined;
        await (0,context/* step */.PM)(ctx, `Move ${inputs.apiReplace.domainName} to ${restApiId}`, () => moveMapping(ctx, inputs, restApiId, stage, current));
        result = await (0,context/* step */.PM)(ctx, `Phase 2: remove ${previous.logicalId} (${previous.restApiId})`, () => api_replace_deploy(ctx, inputs, final.template));
    }
    else {
        result = await (0,context/* step */.PM)(ctx, decision.replace ? `Deploy ${final.apiLogicalId} in place of ${previous.logicalId}` : 'Deploy the stack', () => api_replace_deploy(ctx, inputs, final.template));
        restApiId = await restApiIdOf(ctx, inputs.stackName, final.apiLogicalId);
        if (mapping.kind === 'outside') {
            const now = await (0,apigateway/* getRestMapping */.$j)(ctx.clients.apigateway, inputs.apiReplace.domainName, inputs.apiReplace.basePath);
            if (!now && stage)
                await (0,context/* step */.PM)(ctx, `Map ${inputs.apiReplace.domainName} to ${restApiId}`, () => moveMapping(ctx, inputs, restApiId, stage));
            else
                (0,context/* skipStep */.Ks)(ctx, 'Move the custom domain', `it maps to ${now?.restApiId ?? 'nothing'}; the API kept its id`);
        }
    }
    if (decision.replace && mapping.kind === 'template') {
        ctx.log.info(`The base path mapping(s) ${mapping.ids.join(', ')} moved to ${restApiId} within the update, before ${previous.logicalId} was deleted.`);
    }
    (0,outputs/* setStackOutputs */.r)(ctx, result);
    ctx.setOutput('rest-api-id', restApiId);
    ctx.setOutput('replaced', String(decision.replace));
    const endpoint = inputs.endpointOutput ? result.outputs[inputs.endpointOutput] : stage ? invokeUrl(restApiId, inputs.region, stage) : undefined;
    if (inputs.endpointOutput && endpoint === undefined)
        ctx.log.warning(`The stack has no output ${inputs.endpointOutput} (endpoint-output).`);
    if (endpoint)
        ctx.setOutput('endpoint', endpoint);
    ctx.report.fact('REST API', `${restApiId}${previous && previous.restApiId !== restApiId ? ` (was ${previous.restApiId})` : ''}`);
    ctx.report.fact('endpoint', endpoint);
    ctx.log.info(`${decision.replace ? 'Replaced' : 'Kept'} the REST API: ${restApiId}${endpoint ? `, ${endpoint}` : ''}`);
};


/***/ })

};
