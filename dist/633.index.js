export const id = 633;
export const ids = [633];
export const modules = {

/***/ 4804:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ conditionHolds),
/* harmony export */   u: () => (/* binding */ condition)
/* harmony export */ });
/* harmony import */ var _intrinsics_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8702);

/** Whether the named condition holds; throws Unresolvable (with the reason) when the scope cannot tell. */
function condition(scope, name) {
    const value = named(scope, name);
    if (value instanceof _intrinsics_js__WEBPACK_IMPORTED_MODULE_0__/* .Unresolvable */ .ro)
        throw value;
    return value;
}
/** Whether the named condition holds; undefined when the scope cannot tell (an undeclared condition too). */
function conditionHolds(scope, name) {
    const value = named(scope, name);
    return value instanceof _intrinsics_js__WEBPACK_IMPORTED_MODULE_0__/* .Unresolvable */ .ro ? undefined : value;
}
function named(scope, name) {
    const evaluating = scope.evaluating ?? [];
    if (evaluating.includes(name))
        return new _intrinsics_js__WEBPACK_IMPORTED_MODULE_0__/* .Unresolvable */ .ro(`condition ${name} refers to itself (${[...evaluating, name].join(' → ')})`);
    const body = scope.template.Conditions?.[name];
    if (body === undefined)
        return new _intrinsics_js__WEBPACK_IMPORTED_MODULE_0__/* .Unresolvable */ .ro(`condition ${name} is not declared`);
    return truth({ ...scope, evaluating: [...evaluating, name] }, body);
}
function truth(scope, expr) {
    if (typeof expr === 'boolean')
        return expr;
    if (typeof expr === 'string')
        return expr === 'true';
    if (expr && typeof expr === 'object' && !Array.isArray(expr)) {
        const [fn, arg] = Object.entries(expr)[0] ?? [];
        try {
            switch (fn) {
                case 'Condition':
                    return named(scope, (0,_intrinsics_js__WEBPACK_IMPORTED_MODULE_0__/* .asString */ .oJ)(arg, 'Condition'));
                case 'Fn::Equals': {
                    const [a, b] = (0,_intrinsics_js__WEBPACK_IMPORTED_MODULE_0__/* .asList */ .DD)(arg, 'Fn::Equals').map((x) => (0,_intrinsics_js__WEBPACK_IMPORTED_MODULE_0__/* .resolve */ .hd)(scope, x));
                    return JSON.stringify(stringly(a)) === JSON.stringify(stringly(b));
                }
                case 'Fn::Not': {
                    const inner = truth(scope, (0,_intrinsics_js__WEBPACK_IMPORTED_MODULE_0__/* .asList */ .DD)(arg, 'Fn::Not')[0]);
                    return inner instanceof _intrinsics_js__WEBPACK_IMPORTED_MODULE_0__/* .Unresolvable */ .ro ? inner : !inner;
                }
                case 'Fn::And':
                case 'Fn::Or': {
                    const decisive = fn === 'Fn::Or';
                    const parts = (0,_intrinsics_js__WEBPACK_IMPORTED_MODULE_0__/* .asList */ .DD)(arg, fn).map((x) => truth(scope, x));
                    if (parts.includes(decisive))
                        return decisive;
                    return parts.find((p) => p instanceof _intrinsics_js__WEBPACK_IMPORTED_MODULE_0__/* .Unresolvable */ .ro) ?? !decisive;
                }
            }
        }
        catch (err) {
            if (err instanceof _intrinsics_js__WEBPACK_IMPORTED_MODULE_0__/* .Unresolvable */ .ro)
                return err;
            throw err;
        }
    }
    return new _intrinsics_js__WEBPACK_IMPORTED_MODULE_0__/* .Unresolvable */ .ro(`condition ${JSON.stringify(expr)} is not understood`);
}
/** Fn::Equals compares values as strings: `!Equals [!Ref Count, 3]` holds for Count "3". */
function stringly(value) {
    return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
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
/* harmony import */ var _template_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3935);



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

/***/ 8702:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DD: () => (/* binding */ asList),
/* harmony export */   GY: () => (/* binding */ NO_VALUE),
/* harmony export */   hd: () => (/* binding */ resolve),
/* harmony export */   oJ: () => (/* binding */ asString),
/* harmony export */   ro: () => (/* binding */ Unresolvable)
/* harmony export */ });
/* harmony import */ var _conditions_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4804);

/**
 * Template expressions evaluated as CloudFormation will evaluate them: Ref (parameters, pseudo parameters,
 * resources), Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::FindInMap, Fn::Base64 and
 * AWS::NoValue. What the scope does not know is Unresolvable, never a guess. Conditions: ./conditions.ts.
 */
/** A value that cannot be known before CloudFormation computes it; the reason says which part. */
class Unresolvable extends Error {
}
/** Stands for AWS::NoValue: the property or list item is left out. */
const NO_VALUE = Symbol('AWS::NoValue');
const LIST_TYPES = /^(CommaDelimitedList|List<.*>)$/;
function parameter(scope, name) {
    if (!(name in scope.parameters))
        throw new Unresolvable(`parameter ${name} has no value`);
    const value = scope.parameters[name];
    const type = scope.template.Parameters?.[name]?.Type ?? 'String';
    return LIST_TYPES.test(type) ? value.split(',').map((s) => s.trim()) : value;
}
function ref(scope, name) {
    if (name === 'AWS::NoValue')
        return NO_VALUE;
    if (name.startsWith('AWS::')) {
        if (name in scope.pseudo)
            return scope.pseudo[name];
        throw new Unresolvable(`${name} is not known yet`);
    }
    if (scope.template.Parameters && name in scope.template.Parameters)
        return parameter(scope, name);
    if (name in scope.template.Resources) {
        const id = scope.resources?.[name];
        if (id === undefined)
            throw new Unresolvable(`resource ${name} is not in the stack (yet)`);
        return id;
    }
    throw new Unresolvable(`Ref ${name} names neither a parameter nor a resource`);
}
function getAtt(scope, resource, attribute) {
    const value = scope.attributes?.[`${resource}.${attribute}`];
    if (value === undefined)
        throw new Unresolvable(`Fn::GetAtt ${resource}.${attribute} is not exposed by a stack output`);
    return value;
}
function asString(value, what) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    throw new Unresolvable(`${what} is not a string`);
}
function asList(value, what) {
    if (!Array.isArray(value))
        throw new Unresolvable(`${what} is not a list`);
    return value;
}
function sub(scope, text, vars) {
    return text.replace(/\$\{([^}]*)\}/g, (_, inner) => {
        if (inner.startsWith('!'))
            return `\${${inner.slice(1)}}`;
        if (inner in vars)
            return asString(vars[inner], `Fn::Sub variable ${inner}`);
        const dot = inner.indexOf('.');
        if (dot > 0 && !inner.startsWith('AWS::'))
            return getAtt(scope, inner.slice(0, dot), inner.slice(dot + 1));
        return asString(ref(scope, inner), `Fn::Sub \${${inner}}`);
    });
}
/** Evaluates a template expression to plain data, or throws Unresolvable. */
function resolve(scope, expr) {
    if (Array.isArray(expr))
        return expr.map((x) => resolve(scope, x)).filter((x) => x !== NO_VALUE);
    if (expr === null || typeof expr !== 'object')
        return expr;
    const entries = Object.entries(expr);
    if (entries.length === 1) {
        const [fn, arg] = entries[0];
        switch (fn) {
            case 'Ref':
                return ref(scope, asString(arg, 'Ref'));
            case 'Fn::GetAtt': {
                const parts = typeof arg === 'string' ? arg.split(/\.(.*)/s) : asList(arg, 'Fn::GetAtt');
                return getAtt(scope, asString(parts[0], 'Fn::GetAtt'), asString(resolve(scope, parts[1]), 'Fn::GetAtt'));
            }
            case 'Fn::Sub': {
                if (typeof arg === 'string')
                    return sub(scope, arg, {});
                const [text, vars] = asList(arg, 'Fn::Sub');
                const resolved = {};
                for (const [k, v] of Object.entries((vars ?? {})))
                    resolved[k] = resolve(scope, v);
                return sub(scope, asString(text, 'Fn::Sub'), resolved);
            }
            case 'Fn::Join': {
                const [delimiter, list] = asList(arg, 'Fn::Join');
                return asList(resolve(scope, list), 'Fn::Join list')
                    .map((x) => asString(x, 'Fn::Join item'))
                    .join(asString(delimiter, 'Fn::Join delimiter'));
            }
            case 'Fn::Select': {
                const [index, list] = asList(arg, 'Fn::Select');
                const items = asList(resolve(scope, list), 'Fn::Select list');
                const i = Number(resolve(scope, index));
                if (!Number.isInteger(i) || i < 0 || i >= items.length)
                    throw new Unresolvable(`Fn::Select index ${i} is out of range`);
                return items[i];
            }
            case 'Fn::Split': {
                const [delimiter, text] = asList(arg, 'Fn::Split');
                return asString(resolve(scope, text), 'Fn::Split string').split(asString(delimiter, 'Fn::Split delimiter'));
            }
            case 'Fn::If': {
                const [name, yes, no] = asList(arg, 'Fn::If');
                return resolve(scope, (0,_conditions_js__WEBPACK_IMPORTED_MODULE_0__/* .condition */ .u)(scope, asString(name, 'Fn::If condition')) ? yes : no);
            }
            case 'Fn::FindInMap': {
                const [map, top, second] = asList(arg, 'Fn::FindInMap').map((x) => asString(resolve(scope, x), 'Fn::FindInMap key'));
                const mappings = (scope.template.Mappings ?? {});
                const value = mappings[map]?.[top]?.[second];
                if (value === undefined)
                    throw new Unresolvable(`Fn::FindInMap ${map}.${top}.${second} is not in Mappings`);
                return value;
            }
            case 'Fn::Base64':
                return Buffer.from(asString(resolve(scope, arg), 'Fn::Base64'), 'utf8').toString('base64');
        }
        if (fn.startsWith('Fn::'))
            throw new Unresolvable(`${fn} is not evaluated by the action`);
    }
    const out = {};
    for (const [k, v] of entries) {
        const value = resolve(scope, v);
        if (value !== NO_VALUE)
            out[k] = value;
    }
    return out;
}


/***/ }),

/***/ 7578:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ currentParameterValues),
/* harmony export */   o: () => (/* binding */ parameterValues)
/* harmony export */ });
/**
 * Parameter values CloudFormation would use: template defaults, then the given ones (UsePreviousValue takes the
 * stack's current value from `previous`), then `overrides`.
 */
function parameterValues(template, given, overrides = {}, previous = {}) {
    const values = {};
    for (const [name, p] of Object.entries(template.Parameters ?? {})) {
        if (p && p.Default !== undefined && p.Default !== null)
            values[name] = Array.isArray(p.Default) ? p.Default.join(',') : String(p.Default);
    }
    for (const p of given) {
        if (p.UsePreviousValue && p.ParameterKey && previous[p.ParameterKey] !== undefined)
            values[p.ParameterKey] = previous[p.ParameterKey];
        else if (p.ParameterKey && p.ParameterValue !== undefined)
            values[p.ParameterKey] = p.ParameterValue;
    }
    return { ...values, ...overrides };
}
/** The stack's current parameter values, for UsePreviousValue. */
function currentParameterValues(stack) {
    const previous = {};
    for (const p of stack?.Parameters ?? [])
        if (p.ParameterKey)
            previous[p.ParameterKey] = p.ParameterValue ?? '';
    return previous;
}


/***/ }),

/***/ 4288:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $n: () => (/* binding */ conditionsUsedIn),
/* harmony export */   CS: () => (/* binding */ renameLogicalIds),
/* harmony export */   Gq: () => (/* binding */ getAttsIn),
/* harmony export */   dq: () => (/* binding */ soleReference),
/* harmony export */   ei: () => (/* binding */ referencedIds),
/* harmony export */   yU: () => (/* binding */ findReferences)
/* harmony export */ });
/* unused harmony exports renameValue, referencesIn */
/**
 * Every way a CloudFormation template names another logical id: Ref, Fn::GetAtt (list and "A.B" string),
 * Fn::Sub `${Name}` / `${Name.Attr}` (string and [string, vars] forms) and DependsOn. Parsed templates hold
 * short-form tags in their long form already, so one walker covers YAML and JSON.
 */
/** `${Name}` or `${Name.Attr}` in a Fn::Sub string; `${!Literal}` is an escape and is not matched. */
const SUB_VARIABLE = /\$\{([^!}][^}]*)\}/g;
/** `Name.Attr` split at its first dot; a pseudo parameter (`AWS::Region`) has no attribute. */
function splitAttribute(text) {
    const trimmed = text.trim();
    const dot = trimmed.indexOf('.');
    return dot < 0 ? { target: trimmed } : { target: trimmed.slice(0, dot), attribute: trimmed.slice(dot + 1) };
}
function subTarget(variable) {
    return splitAttribute(variable).target;
}
function renameInSub(text, rename, shadowed) {
    return text.replace(SUB_VARIABLE, (whole, variable) => {
        const target = subTarget(variable);
        if (shadowed.has(target))
            return whole;
        const to = rename(target);
        if (!to)
            return whole;
        const rest = variable.trim().slice(target.length);
        return `\${${to}${rest}}`;
    });
}
function renameGetAtt(value, rename) {
    if (typeof value === 'string') {
        const dot = value.indexOf('.');
        const target = dot < 0 ? value : value.slice(0, dot);
        const to = rename(target);
        return to ? `${to}${value.slice(target.length)}` : value;
    }
    if (Array.isArray(value) && typeof value[0] === 'string') {
        const to = rename(value[0]);
        return [to ?? value[0], ...value.slice(1).map((v) => renameValue(v, rename))];
    }
    return renameValue(value, rename);
}
/**
 * The logical id (and attribute) a value resolves to when the whole value is one reference: `Ref X`,
 * `Fn::GetAtt [X, A]` or `"X.A"`, and a Fn::Sub whose whole string is `${X}` or `${X.A}` (a variable given
 * in the [string, vars] form resolves to its value). `${X}` in a Sub means what `Ref X` means.
 */
function soleReference(value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
        return undefined;
    const keys = Object.keys(value);
    if (keys.length !== 1)
        return undefined;
    const arg = value[keys[0]];
    switch (keys[0]) {
        case 'Ref':
            return typeof arg === 'string' ? { target: arg } : undefined;
        case 'Fn::GetAtt': {
            if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string' && typeof arg[1] === 'string')
                return { target: arg[0], attribute: arg[1] };
            if (typeof arg === 'string' && arg.includes('.'))
                return { target: arg.slice(0, arg.indexOf('.')), attribute: arg.slice(arg.indexOf('.') + 1) };
            return undefined;
        }
        case 'Fn::Sub': {
            const text = typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : undefined;
            const whole = text === undefined ? null : /^\$\{([^!}][^}]*)\}$/.exec(text);
            if (!whole)
                return undefined;
            const variable = whole[1].trim();
            const vars = Array.isArray(arg) && arg[1] && typeof arg[1] === 'object' ? arg[1] : {};
            if (Object.hasOwn(vars, variable))
                return soleReference(vars[variable]);
            const dot = variable.indexOf('.');
            return dot < 0 ? { target: variable } : { target: variable.slice(0, dot), attribute: variable.slice(dot + 1) };
        }
        default:
            return undefined;
    }
}
/** A copy of any template value with every reference to a renamed logical id pointing at its new name. */
function renameValue(value, rename) {
    if (Array.isArray(value))
        return value.map((v) => renameValue(v, rename));
    if (value === null || typeof value !== 'object')
        return value;
    const obj = value;
    const keys = Object.keys(obj);
    if (keys.length === 1) {
        const [key] = keys;
        const arg = obj[key];
        if (key === 'Ref' && typeof arg === 'string')
            return { Ref: rename(arg) ?? arg };
        if (key === 'Fn::GetAtt')
            return { 'Fn::GetAtt': renameGetAtt(arg, rename) };
        if (key === 'Fn::Sub') {
            if (typeof arg === 'string')
                return { 'Fn::Sub': renameInSub(arg, rename, new Set()) };
            if (Array.isArray(arg) && typeof arg[0] === 'string') {
                const vars = (arg[1] ?? {});
                const shadowed = new Set(typeof vars === 'object' && vars !== null ? Object.keys(vars) : []);
                return { 'Fn::Sub': [renameInSub(arg[0], rename, shadowed), ...arg.slice(1).map((v) => renameValue(v, rename))] };
            }
        }
    }
    const out = {};
    for (const [k, v] of Object.entries(obj))
        out[k] = renameValue(v, rename);
    return out;
}
function renameDependsOn(dependsOn, rename) {
    if (typeof dependsOn === 'string')
        return rename(dependsOn) ?? dependsOn;
    if (Array.isArray(dependsOn))
        return dependsOn.map((d) => (typeof d === 'string' ? (rename(d) ?? d) : d));
    return dependsOn;
}
/**
 * The template with the given logical ids renamed, and every reference to them (in Resources, Outputs,
 * Conditions, Metadata, anywhere) following. The input is not changed.
 */
function renameLogicalIds(template, renames) {
    const rename = (id) => renames.get(id);
    const out = { ...template, Resources: {} };
    for (const [section, value] of Object.entries(template)) {
        if (section === 'Resources' || section === 'Parameters' || section === 'Mappings')
            continue;
        out[section] = renameValue(value, rename);
    }
    for (const [id, resource] of Object.entries(template.Resources)) {
        const copy = renameValue(resource, rename);
        if (resource.DependsOn !== undefined)
            copy.DependsOn = renameDependsOn(resource.DependsOn, rename);
        out.Resources[rename(id) ?? id] = copy;
    }
    return out;
}
function collect(value, at, out, shadowed = new Set()) {
    if (Array.isArray(value)) {
        value.forEach((v, i) => collect(v, `${at}[${i}]`, out));
        return;
    }
    if (value === null || typeof value !== 'object')
        return;
    const obj = value;
    const keys = Object.keys(obj);
    if (keys.length === 1) {
        const [key] = keys;
        const arg = obj[key];
        if (key === 'Ref' && typeof arg === 'string') {
            out.push({ target: arg, via: 'Ref', at });
            return;
        }
        if (key === 'Fn::GetAtt') {
            if (typeof arg === 'string')
                out.push({ ...splitAttribute(arg), via: 'Fn::GetAtt', at });
            else if (Array.isArray(arg) && typeof arg[0] === 'string') {
                out.push({ target: arg[0], ...(typeof arg[1] === 'string' && { attribute: arg[1] }), via: 'Fn::GetAtt', at });
                arg.slice(1).forEach((v, i) => collect(v, `${at}.Fn::GetAtt[${i + 1}]`, out));
            }
            return;
        }
        if (key === 'Fn::Sub') {
            const text = typeof arg === 'string' ? arg : Array.isArray(arg) && typeof arg[0] === 'string' ? arg[0] : undefined;
            const vars = Array.isArray(arg) && arg[1] && typeof arg[1] === 'object' ? arg[1] : {};
            const inner = new Set([...shadowed, ...Object.keys(vars)]);
            if (text !== undefined) {
                for (const m of text.matchAll(SUB_VARIABLE)) {
                    const ref = splitAttribute(m[1]);
                    if (!inner.has(ref.target))
                        out.push({ ...ref, via: 'Fn::Sub', at });
                }
            }
            for (const [k, v] of Object.entries(vars))
                collect(v, `${at}.Fn::Sub.${k}`, out);
            return;
        }
    }
    for (const [k, v] of Object.entries(obj))
        collect(v, at === '' ? k : `${at}.${k}`, out);
}
/** Every reference the template makes to a logical id (or parameter, or pseudo parameter). */
function findReferences(template) {
    const out = [];
    for (const [section, value] of Object.entries(template)) {
        if (section === 'Resources' || section === 'Parameters' || section === 'Mappings')
            continue;
        collect(value, section, out);
    }
    for (const [id, resource] of Object.entries(template.Resources)) {
        const { DependsOn, ...rest } = resource;
        collect(rest, `Resources.${id}`, out);
        const deps = typeof DependsOn === 'string' ? [DependsOn] : Array.isArray(DependsOn) ? DependsOn : [];
        for (const d of deps)
            out.push({ target: d, via: 'DependsOn', at: `Resources.${id}.DependsOn` });
    }
    return out;
}
/** Every reference a value makes (Ref, Fn::GetAtt, Fn::Sub; DependsOn is a resource's, see findReferences). */
function referencesIn(value) {
    const out = [];
    collect(value, '', out);
    return out;
}
/** The logical ids a value (one resource, say) refers to, DependsOn excluded. */
function referencedIds(value) {
    return new Set(referencesIn(value).map((r) => r.target));
}
/** Every Fn::GetAtt a value uses (also as `${Name.Attr}` inside Fn::Sub strings), as "Resource.Attribute". */
function getAttsIn(value) {
    return new Set(referencesIn(value).flatMap((r) => (r.attribute === undefined ? [] : [`${r.target}.${r.attribute}`])));
}
/** The conditions a value (a resource's properties, say) chooses by with Fn::If. */
function conditionsUsedIn(value, out = new Set()) {
    if (Array.isArray(value))
        for (const v of value)
            conditionsUsedIn(v, out);
    else if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
            if (k === 'Fn::If' && Array.isArray(v) && typeof v[0] === 'string')
                out.add(v[0]);
            conditionsUsedIn(v, out);
        }
    }
    return out;
}


/***/ })

};
