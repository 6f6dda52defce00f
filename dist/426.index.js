export const id = 426;
export const ids = [426];
export const modules = {

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


/***/ }),

/***/ 9426:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  reset: () => (/* binding */ reset_reset)
});

// EXTERNAL MODULE: ./src/context.ts
var context = __webpack_require__(788);
// EXTERNAL MODULE: ./src/cloudformation/stacks.ts
var stacks = __webpack_require__(8915);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/outputs.ts
var outputs = __webpack_require__(7729);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
// EXTERNAL MODULE: ./src/cloudformation/change-set.ts + 1 modules
var change_set = __webpack_require__(6279);
// EXTERNAL MODULE: ./src/cloudformation/deploy.ts
var cloudformation_deploy = __webpack_require__(4401);
// EXTERNAL MODULE: ./src/aws/execute-api.ts
var execute_api = __webpack_require__(2895);
;// CONCATENATED MODULE: ./src/modes/reset/endpoint.ts


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
    return (0,execute_api/* executeApiUrl */.F)(apis[0].PhysicalResourceId, opts.region, stages[0]);
}

// EXTERNAL MODULE: ./src/cloudformation/deployed-stack.ts
var deployed_stack = __webpack_require__(6445);
// EXTERNAL MODULE: ./src/cloudformation/deployed-template.ts
var deployed_template = __webpack_require__(3191);
// EXTERNAL MODULE: ./src/cloudformation/template.ts + 6 modules
var cloudformation_template = __webpack_require__(3935);
;// CONCATENATED MODULE: ./src/modes/reset/stack-resources.ts



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

;// CONCATENATED MODULE: ./src/modes/reset/generated-tables.ts
// Generated by scripts/generate-reset-tables.py from cfn-lint 1.51.0 (us-east-1 resource provider schemas). Do not edit:
// change the script and run it (its header says how).
/** The cfn-lint version whose data produced these tables. */
const CFN_LINT_VERSION = '1.51.0';
/** Optional, create-only, top-level string properties that name their own resource (259). */
const SCHEMA_NAME_PROPERTIES = [
    ['AWS::AccessAnalyzer::Analyzer', 'AnalyzerName'],
    ['AWS::ApiGateway::ApiKey', 'Name'],
    ['AWS::ApiGateway::Model', 'Name'],
    ['AWS::ApiGateway::RequestValidator', 'Name'],
    ['AWS::AppMesh::GatewayRoute', 'GatewayRouteName'],
    ['AWS::AppMesh::Mesh', 'MeshName'],
    ['AWS::AppMesh::Route', 'RouteName'],
    ['AWS::AppMesh::VirtualGateway', 'VirtualGatewayName'],
    ['AWS::AppMesh::VirtualNode', 'VirtualNodeName'],
    ['AWS::AppMesh::VirtualRouter', 'VirtualRouterName'],
    ['AWS::AppRunner::AutoScalingConfiguration', 'AutoScalingConfigurationName'],
    ['AWS::AppRunner::ObservabilityConfiguration', 'ObservabilityConfigurationName'],
    ['AWS::AppRunner::Service', 'ServiceName'],
    ['AWS::AppRunner::VpcConnector', 'VpcConnectorName'],
    ['AWS::AppRunner::VpcIngressConnection', 'VpcIngressConnectionName'],
    ['AWS::AppStream::Stack', 'Name'],
    ['AWS::Athena::NamedQuery', 'Name'],
    ['AWS::AutoScaling::AutoScalingGroup', 'AutoScalingGroupName'],
    ['AWS::AutoScaling::LaunchConfiguration', 'LaunchConfigurationName'],
    ['AWS::AutoScaling::LifecycleHook', 'LifecycleHookName'],
    ['AWS::Backup::Framework', 'FrameworkName'],
    ['AWS::Backup::ReportPlan', 'ReportPlanName'],
    ['AWS::Batch::ComputeEnvironment', 'ComputeEnvironmentName'],
    ['AWS::Batch::ConsumableResource', 'ConsumableResourceName'],
    ['AWS::Batch::JobDefinition', 'JobDefinitionName'],
    ['AWS::Batch::JobQueue', 'JobQueueName'],
    ['AWS::Batch::SchedulingPolicy', 'Name'],
    ['AWS::Batch::ServiceEnvironment', 'ServiceEnvironmentName'],
    ['AWS::Cassandra::Keyspace', 'KeyspaceName'],
    ['AWS::Cassandra::Table', 'TableName'],
    ['AWS::CloudTrail::Trail', 'TrailName'],
    ['AWS::CloudWatch::Alarm', 'AlarmName'],
    ['AWS::CloudWatch::AlarmMuteRule', 'Name'],
    ['AWS::CloudWatch::CompositeAlarm', 'AlarmName'],
    ['AWS::CloudWatch::Dashboard', 'DashboardName'],
    ['AWS::CloudWatch::MetricStream', 'Name'],
    ['AWS::CodeBuild::Project', 'Name'],
    ['AWS::CodeBuild::ReportGroup', 'Name'],
    ['AWS::CodeDeploy::Application', 'ApplicationName'],
    ['AWS::CodeDeploy::DeploymentConfig', 'DeploymentConfigName'],
    ['AWS::CodeDeploy::DeploymentGroup', 'DeploymentGroupName'],
    ['AWS::CodePipeline::Pipeline', 'Name'],
    ['AWS::CodePipeline::Webhook', 'Name'],
    ['AWS::Cognito::UserPoolGroup', 'GroupName'],
    ['AWS::Config::ConfigRule', 'ConfigRuleName'],
    ['AWS::Config::ConfigurationAggregator', 'ConfigurationAggregatorName'],
    ['AWS::DAX::Cluster', 'ClusterName'],
    ['AWS::DAX::ParameterGroup', 'ParameterGroupName'],
    ['AWS::DAX::SubnetGroup', 'SubnetGroupName'],
    ['AWS::DMS::EventSubscription', 'SubscriptionName'],
    ['AWS::DocDB::DBClusterParameterGroup', 'Name'],
    ['AWS::DocDB::DBSubnetGroup', 'DBSubnetGroupName'],
    ['AWS::DocDB::EventSubscription', 'SubscriptionName'],
    ['AWS::DynamoDB::GlobalTable', 'TableName'],
    ['AWS::DynamoDB::Table', 'TableName'],
    ['AWS::EC2::LaunchTemplate', 'LaunchTemplateName'],
    ['AWS::EC2::SecurityGroup', 'GroupName'],
    ['AWS::ECR::PublicRepository', 'RepositoryName'],
    ['AWS::ECR::Repository', 'RepositoryName'],
    ['AWS::ECS::CapacityProvider', 'Name'],
    ['AWS::ECS::Cluster', 'ClusterName'],
    ['AWS::ECS::Daemon', 'DaemonName'],
    ['AWS::ECS::ExpressGatewayService', 'ServiceName'],
    ['AWS::ECS::Service', 'ServiceName'],
    ['AWS::EKS::Cluster', 'Name'],
    ['AWS::EKS::FargateProfile', 'FargateProfileName'],
    ['AWS::EKS::IdentityProviderConfig', 'IdentityProviderConfigName'],
    ['AWS::EKS::Nodegroup', 'NodegroupName'],
    ['AWS::EMR::InstanceFleetConfig', 'Name'],
    ['AWS::EMR::InstanceGroupConfig', 'Name'],
    ['AWS::EMR::SecurityConfiguration', 'Name'],
    ['AWS::EMR::WALWorkspace', 'WALWorkspaceName'],
    ['AWS::EMRContainers::Endpoint', 'Name'],
    ['AWS::EMRContainers::SecurityConfiguration', 'Name'],
    ['AWS::EMRServerless::Application', 'Name'],
    ['AWS::EVS::Environment', 'EnvironmentName'],
    ['AWS::ElastiCache::CacheCluster', 'ClusterName'],
    ['AWS::ElasticBeanstalk::Application', 'ApplicationName'],
    ['AWS::ElasticBeanstalk::Environment', 'EnvironmentName'],
    ['AWS::ElasticLoadBalancing::LoadBalancer', 'LoadBalancerName'],
    ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'Name'],
    ['AWS::ElasticLoadBalancingV2::TargetGroup', 'Name'],
    ['AWS::ElasticLoadBalancingV2::TrustStore', 'Name'],
    ['AWS::Elasticsearch::Domain', 'DomainName'],
    ['AWS::EventSchemas::Registry', 'RegistryName'],
    ['AWS::EventSchemas::Schema', 'SchemaName'],
    ['AWS::Events::ApiDestination', 'Name'],
    ['AWS::Events::Archive', 'ArchiveName'],
    ['AWS::Events::Connection', 'Name'],
    ['AWS::Events::Endpoint', 'Name'],
    ['AWS::Events::Rule', 'Name'],
    ['AWS::Glue::Crawler', 'Name'],
    ['AWS::Glue::Database', 'DatabaseName'],
    ['AWS::Glue::DevEndpoint', 'EndpointName'],
    ['AWS::Glue::Job', 'Name'],
    ['AWS::Glue::Table', 'Name'],
    ['AWS::Glue::Trigger', 'Name'],
    ['AWS::Glue::Workflow', 'Name'],
    ['AWS::GreengrassV2::Deployment', 'DeploymentName'],
    ['AWS::HealthImaging::Datastore', 'DatastoreName'],
    ['AWS::HealthLake::FHIRDatastore', 'DatastoreName'],
    ['AWS::IAM::Group', 'GroupName'],
    ['AWS::IAM::InstanceProfile', 'InstanceProfileName'],
    ['AWS::IAM::ManagedPolicy', 'ManagedPolicyName'],
    ['AWS::IAM::Role', 'RoleName'],
    ['AWS::IAM::SAMLProvider', 'Name'],
    ['AWS::IAM::ServerCertificate', 'ServerCertificateName'],
    ['AWS::IAM::User', 'UserName'],
    ['AWS::IVS::EncoderConfiguration', 'Name'],
    ['AWS::IVS::IngestConfiguration', 'Name'],
    ['AWS::IVS::PlaybackKeyPair', 'Name'],
    ['AWS::IVS::PublicKey', 'Name'],
    ['AWS::IVS::RecordingConfiguration', 'Name'],
    ['AWS::IVS::StorageConfiguration', 'Name'],
    ['AWS::ImageBuilder::ContainerRecipe', 'Name'],
    ['AWS::ImageBuilder::ImagePipeline', 'Name'],
    ['AWS::Inspector::AssessmentTarget', 'AssessmentTargetName'],
    ['AWS::Inspector::AssessmentTemplate', 'AssessmentTemplateName'],
    ['AWS::InspectorV2::CodeSecurityScanConfiguration', 'Name'],
    ['AWS::IoT::Authorizer', 'AuthorizerName'],
    ['AWS::IoT::BillingGroup', 'BillingGroupName'],
    ['AWS::IoT::CertificateProvider', 'CertificateProviderName'],
    ['AWS::IoT::CustomMetric', 'MetricName'],
    ['AWS::IoT::Dimension', 'Name'],
    ['AWS::IoT::DomainConfiguration', 'DomainConfigurationName'],
    ['AWS::IoT::MitigationAction', 'ActionName'],
    ['AWS::IoT::Policy', 'PolicyName'],
    ['AWS::IoT::ProvisioningTemplate', 'TemplateName'],
    ['AWS::IoT::ScheduledAudit', 'ScheduledAuditName'],
    ['AWS::IoT::SecurityProfile', 'SecurityProfileName'],
    ['AWS::IoT::SoftwarePackage', 'PackageName'],
    ['AWS::IoT::SoftwarePackageVersion', 'VersionName'],
    ['AWS::IoT::Thing', 'ThingName'],
    ['AWS::IoT::ThingGroup', 'ThingGroupName'],
    ['AWS::IoT::ThingType', 'ThingTypeName'],
    ['AWS::IoT::TopicRule', 'RuleName'],
    ['AWS::IoTAnalytics::Channel', 'ChannelName'],
    ['AWS::IoTAnalytics::Dataset', 'DatasetName'],
    ['AWS::IoTAnalytics::Datastore', 'DatastoreName'],
    ['AWS::IoTAnalytics::Pipeline', 'PipelineName'],
    ['AWS::IoTEvents::AlarmModel', 'AlarmModelName'],
    ['AWS::IoTEvents::DetectorModel', 'DetectorModelName'],
    ['AWS::IoTEvents::Input', 'InputName'],
    ['AWS::IoTFleetWise::SignalCatalog', 'Name'],
    ['AWS::IoTWireless::DeviceProfile', 'Name'],
    ['AWS::IoTWireless::ServiceProfile', 'Name'],
    ['AWS::Kinesis::Stream', 'Name'],
    ['AWS::KinesisAnalytics::Application', 'ApplicationName'],
    ['AWS::KinesisAnalyticsV2::Application', 'ApplicationName'],
    ['AWS::KinesisFirehose::DeliveryStream', 'DeliveryStreamName'],
    ['AWS::KinesisVideo::SignalingChannel', 'Name'],
    ['AWS::KinesisVideo::Stream', 'Name'],
    ['AWS::Lambda::CapacityProvider', 'CapacityProviderName'],
    ['AWS::Lambda::Function', 'FunctionName'],
    ['AWS::Logs::LogGroup', 'LogGroupName'],
    ['AWS::Logs::LogStream', 'LogStreamName'],
    ['AWS::Logs::MetricFilter', 'FilterName'],
    ['AWS::Logs::SubscriptionFilter', 'FilterName'],
    ['AWS::LookoutEquipment::InferenceScheduler', 'InferenceSchedulerName'],
    ['AWS::MWAAServerless::Workflow', 'Name'],
    ['AWS::MediaConnect::FlowOutput', 'Name'],
    ['AWS::MediaConvert::JobTemplate', 'Name'],
    ['AWS::MediaConvert::Preset', 'Name'],
    ['AWS::MediaConvert::Queue', 'Name'],
    ['AWS::Neptune::DBClusterParameterGroup', 'Name'],
    ['AWS::Neptune::DBParameterGroup', 'Name'],
    ['AWS::Neptune::DBSubnetGroup', 'DBSubnetGroupName'],
    ['AWS::Neptune::EventSubscription', 'SubscriptionName'],
    ['AWS::NeptuneGraph::Graph', 'GraphName'],
    ['AWS::ODB::CloudVmCluster', 'ClusterName'],
    ['AWS::ObservabilityAdmin::TelemetryPipelines', 'Name'],
    ['AWS::OpenSearchServerless::SecurityConfig', 'Name'],
    ['AWS::OpenSearchService::Domain', 'DomainName'],
    ['AWS::PCS::Cluster', 'Name'],
    ['AWS::PCS::ComputeNodeGroup', 'Name'],
    ['AWS::PCS::Queue', 'Name'],
    ['AWS::Panorama::ApplicationInstance', 'Name'],
    ['AWS::PinpointEmail::DedicatedIpPool', 'PoolName'],
    ['AWS::Pipes::Pipe', 'Name'],
    ['AWS::Proton::EnvironmentTemplate', 'Name'],
    ['AWS::Proton::ServiceTemplate', 'Name'],
    ['AWS::QLDB::Ledger', 'Name'],
    ['AWS::RDS::DBClusterParameterGroup', 'DBClusterParameterGroupName'],
    ['AWS::RDS::DBParameterGroup', 'DBParameterGroupName'],
    ['AWS::RDS::DBSubnetGroup', 'DBSubnetGroupName'],
    ['AWS::RDS::EventSubscription', 'SubscriptionName'],
    ['AWS::RDS::OptionGroup', 'OptionGroupName'],
    ['AWS::Redshift::ClusterParameterGroup', 'ParameterGroupName'],
    ['AWS::RefactorSpaces::Environment', 'Name'],
    ['AWS::Rekognition::StreamProcessor', 'Name'],
    ['AWS::RoboMaker::Fleet', 'Name'],
    ['AWS::RoboMaker::Robot', 'Name'],
    ['AWS::RoboMaker::RobotApplication', 'Name'],
    ['AWS::RoboMaker::SimulationApplication', 'Name'],
    ['AWS::Route53RecoveryReadiness::Cell', 'CellName'],
    ['AWS::Route53RecoveryReadiness::ReadinessCheck', 'ReadinessCheckName'],
    ['AWS::Route53RecoveryReadiness::RecoveryGroup', 'RecoveryGroupName'],
    ['AWS::Route53RecoveryReadiness::ResourceSet', 'ResourceSetName'],
    ['AWS::Route53Resolver::FirewallDomainList', 'Name'],
    ['AWS::Route53Resolver::FirewallRuleGroup', 'Name'],
    ['AWS::Route53Resolver::ResolverQueryLoggingConfig', 'Name'],
    ['AWS::Route53Resolver::ResolverRuleAssociation', 'Name'],
    ['AWS::S3::AccessPoint', 'Name'],
    ['AWS::S3::Bucket', 'BucketName'],
    ['AWS::S3::MultiRegionAccessPoint', 'Name'],
    ['AWS::S3Express::AccessPoint', 'Name'],
    ['AWS::S3Express::DirectoryBucket', 'BucketName'],
    ['AWS::S3ObjectLambda::AccessPoint', 'Name'],
    ['AWS::S3Vectors::Index', 'IndexName'],
    ['AWS::S3Vectors::VectorBucket', 'VectorBucketName'],
    ['AWS::SES::ConfigurationSet', 'Name'],
    ['AWS::SES::ContactList', 'ContactListName'],
    ['AWS::SES::DedicatedIpPool', 'PoolName'],
    ['AWS::SES::MailManagerAddressList', 'AddressListName'],
    ['AWS::SES::ReceiptRuleSet', 'RuleSetName'],
    ['AWS::SMSVOICE::ConfigurationSet', 'ConfigurationSetName'],
    ['AWS::SMSVOICE::OptOutList', 'OptOutListName'],
    ['AWS::SNS::Topic', 'TopicName'],
    ['AWS::SQS::Queue', 'QueueName'],
    ['AWS::SSM::Document', 'Name'],
    ['AWS::SSM::Parameter', 'Name'],
    ['AWS::SageMaker::Cluster', 'ClusterName'],
    ['AWS::SageMaker::CodeRepository', 'CodeRepositoryName'],
    ['AWS::SageMaker::DataQualityJobDefinition', 'JobDefinitionName'],
    ['AWS::SageMaker::Endpoint', 'EndpointName'],
    ['AWS::SageMaker::EndpointConfig', 'EndpointConfigName'],
    ['AWS::SageMaker::Model', 'ModelName'],
    ['AWS::SageMaker::ModelBiasJobDefinition', 'JobDefinitionName'],
    ['AWS::SageMaker::ModelExplainabilityJobDefinition', 'JobDefinitionName'],
    ['AWS::SageMaker::ModelQualityJobDefinition', 'JobDefinitionName'],
    ['AWS::SageMaker::NotebookInstance', 'NotebookInstanceName'],
    ['AWS::SageMaker::NotebookInstanceLifecycleConfig', 'NotebookInstanceLifecycleConfigName'],
    ['AWS::SageMaker::ProcessingJob', 'ProcessingJobName'],
    ['AWS::SageMaker::Workteam', 'WorkteamName'],
    ['AWS::Scheduler::Schedule', 'Name'],
    ['AWS::Scheduler::ScheduleGroup', 'Name'],
    ['AWS::SecretsManager::Secret', 'Name'],
    ['AWS::ServiceCatalog::CloudFormationProvisionedProduct', 'ProvisionedProductName'],
    ['AWS::ServiceDiscovery::Service', 'Name'],
    ['AWS::Signer::SigningProfile', 'ProfileName'],
    ['AWS::StepFunctions::StateMachine', 'StateMachineName'],
    ['AWS::StepFunctions::StateMachineAlias', 'Name'],
    ['AWS::Timestream::Database', 'DatabaseName'],
    ['AWS::Timestream::InfluxDBCluster', 'Name'],
    ['AWS::Timestream::InfluxDBInstance', 'Name'],
    ['AWS::Timestream::ScheduledQuery', 'ScheduledQueryName'],
    ['AWS::Timestream::Table', 'TableName'],
    ['AWS::VpcLattice::Listener', 'Name'],
    ['AWS::VpcLattice::Rule', 'Name'],
    ['AWS::VpcLattice::Service', 'Name'],
    ['AWS::VpcLattice::ServiceNetwork', 'Name'],
    ['AWS::VpcLattice::TargetGroup', 'Name'],
    ['AWS::WAFv2::IPSet', 'Name'],
    ['AWS::WAFv2::RegexPatternSet', 'Name'],
    ['AWS::WAFv2::RuleGroup', 'Name'],
    ['AWS::WAFv2::WebACL', 'Name'],
    ['AWS::Wisdom::AIAgent', 'Name'],
    ['AWS::Wisdom::AIGuardrail', 'Name'],
    ['AWS::Wisdom::AIPrompt', 'Name'],
];
/** Resource types that hold data a delete loses (79): where the type comes from, and what is lost. */
const STATEFUL_TYPES = {
    'AWS::ACMPCA::CertificateAuthority': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its private key (what it issued can no longer be renewed or revoked by it)' },
    'AWS::APS::Workspace': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its metrics' },
    'AWS::AmazonMQ::Broker': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the messages in its queues and topics' },
    'AWS::ApiGateway::ApiKey': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its key value (a generated one cannot be recreated, and clients use it)' },
    'AWS::Backup::BackupVault': { source: 'cfn-lint StatefulResources.json', loses: 'its recovery points' },
    'AWS::Batch::JobQueue': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the jobs waiting in it' },
    'AWS::Cassandra::Keyspace': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its tables' },
    'AWS::Cassandra::Table': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its rows' },
    'AWS::CloudFormation::Stack': { source: 'cfn-lint StatefulResources.json', loses: 'whatever stateful resources the nested stack holds (the change set does not list them)' },
    'AWS::CodeArtifact::Repository': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its packages' },
    'AWS::CodeCommit::Repository': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its commits' },
    'AWS::Cognito::IdentityPool': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its identity ids' },
    'AWS::Cognito::UserPool': { source: 'cfn-lint StatefulResources.json', loses: 'its users and their passwords' },
    'AWS::Cognito::UserPoolGroup': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'which users belong to it' },
    'AWS::DSQL::Cluster': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its database' },
    'AWS::DirectoryService::MicrosoftAD': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the directory' },
    'AWS::DirectoryService::SimpleAD': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the directory' },
    'AWS::DocDB::DBCluster': { source: 'cfn-lint StatefulResources.json', loses: 'the cluster\'s documents' },
    'AWS::DocDB::DBInstance': { source: 'cfn-lint StatefulResources.json', loses: 'the instance\'s documents' },
    'AWS::DocDBElastic::Cluster': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the cluster\'s documents' },
    'AWS::DynamoDB::GlobalTable': { source: 'cfn-lint StatefulResources.json', loses: 'its items in every replica' },
    'AWS::DynamoDB::Table': { source: 'cfn-lint StatefulResources.json', loses: 'its items' },
    'AWS::EC2::Volume': { source: 'cfn-lint StatefulResources.json', loses: 'the data on the volume' },
    'AWS::ECR::PublicRepository': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its images' },
    'AWS::ECR::Repository': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its images' },
    'AWS::EFS::FileSystem': { source: 'cfn-lint StatefulResources.json', loses: 'its files' },
    'AWS::EKS::Cluster': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the workloads and Kubernetes objects created in it' },
    'AWS::EMR::Cluster': { source: 'cfn-lint StatefulResources.json', loses: 'the data on its HDFS' },
    'AWS::ElastiCache::CacheCluster': { source: 'cfn-lint StatefulResources.json', loses: 'its cached data' },
    'AWS::ElastiCache::ReplicationGroup': { source: 'cfn-lint StatefulResources.json', loses: 'its cached data' },
    'AWS::ElastiCache::ServerlessCache': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its cached data' },
    'AWS::Elasticsearch::Domain': { source: 'cfn-lint StatefulResources.json', loses: 'its indices' },
    'AWS::Events::Archive': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the archived events' },
    'AWS::FSx::FileSystem': { source: 'cfn-lint StatefulResources.json', loses: 'its files' },
    'AWS::FSx::Volume': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its files' },
    'AWS::Glue::Database': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the tables and partitions catalogued in it' },
    'AWS::Glue::Table': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its partitions and schema versions' },
    'AWS::Grafana::Workspace': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its dashboards' },
    'AWS::HealthImaging::Datastore': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its image sets' },
    'AWS::HealthLake::FHIRDatastore': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its health records' },
    'AWS::IAM::Group': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'which users outside the stack belong to it' },
    'AWS::IAM::User': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its password, access keys and MFA devices' },
    'AWS::IoTAnalytics::Datastore': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its messages' },
    'AWS::KMS::Key': { source: 'cfn-lint StatefulResources.json', loses: 'the ability to decrypt what it encrypted' },
    'AWS::Kendra::Index': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its indexed documents' },
    'AWS::Kinesis::Stream': { source: 'cfn-lint StatefulResources.json', loses: 'the records not yet read or expired' },
    'AWS::KinesisFirehose::DeliveryStream': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the records it buffers and has not delivered' },
    'AWS::KinesisVideo::Stream': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the media it retains' },
    'AWS::Lightsail::Database': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its database' },
    'AWS::Lightsail::Disk': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the data on the disk' },
    'AWS::Logs::LogGroup': { source: 'cfn-lint StatefulResources.json', loses: 'the log events it holds' },
    'AWS::Logs::LogStream': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the log events it holds' },
    'AWS::MSK::Cluster': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the records in its topics' },
    'AWS::MSK::ServerlessCluster': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the records in its topics' },
    'AWS::MemoryDB::Cluster': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its data' },
    'AWS::Neptune::DBCluster': { source: 'cfn-lint StatefulResources.json', loses: 'the cluster\'s graph' },
    'AWS::Neptune::DBInstance': { source: 'cfn-lint StatefulResources.json', loses: 'the instance\'s graph' },
    'AWS::NeptuneGraph::Graph': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its graph' },
    'AWS::OpenSearchServerless::Collection': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its indices' },
    'AWS::OpenSearchService::Domain': { source: 'cfn-lint StatefulResources.json', loses: 'its indices' },
    'AWS::Organizations::Account': { source: 'cfn-lint StatefulResources.json', loses: 'the account and everything in it' },
    'AWS::QLDB::Ledger': { source: 'cfn-lint StatefulResources.json', loses: 'its journal' },
    'AWS::RDS::DBCluster': { source: 'cfn-lint StatefulResources.json', loses: 'the cluster\'s databases' },
    'AWS::RDS::DBInstance': { source: 'cfn-lint StatefulResources.json', loses: 'its database' },
    'AWS::Redshift::Cluster': { source: 'cfn-lint StatefulResources.json', loses: 'its warehouse data' },
    'AWS::RedshiftServerless::Namespace': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its warehouse data' },
    'AWS::Route53::HostedZone': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the records created in it outside the stack (and its name servers)' },
    'AWS::S3::Bucket': { source: 'cfn-lint StatefulResources.json', loses: 'its objects (and a bucket that is not empty cannot be deleted)' },
    'AWS::S3Express::DirectoryBucket': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its objects' },
    'AWS::S3Vectors::VectorBucket': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its vectors' },
    'AWS::SDB::Domain': { source: 'cfn-lint StatefulResources.json', loses: 'its items' },
    'AWS::SES::ContactList': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its contacts' },
    'AWS::SQS::Queue': { source: 'cfn-lint StatefulResources.json', loses: 'the messages waiting in it' },
    'AWS::SageMaker::NotebookInstance': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'the notebooks and files on its volume' },
    'AWS::SecretsManager::Secret': { source: 'cfn-lint StatefulResources.json', loses: 'the secret value (a generated one cannot be recreated)' },
    'AWS::Timestream::Database': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its tables' },
    'AWS::Timestream::InfluxDBCluster': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its time series' },
    'AWS::Timestream::InfluxDBInstance': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its time series' },
    'AWS::Timestream::Table': { source: 'generate-reset-tables.py MORE_STATEFUL', loses: 'its time series' },
};

;// CONCATENATED MODULE: ./src/modes/reset/stateful.ts


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
        const loses = STATEFUL_TYPES[r.ResourceType]?.loses;
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
function formatRisky(r) {
    return `${r.logicalId} (${r.type}${r.physicalId ? ` ${r.physicalId}` : ''}): would ${r.action === 'decided at execution' ? 'change in a way CloudFormation decides at execution, which can replace it' : r.action}; ${r.why}`;
}
/** Throws, naming each resource and why, when a risky change is not allowed by allow-replace. */
function refuseDataLoss(risky, phase) {
    const refused = risky.filter((r) => !r.allowed);
    if (refused.length === 0)
        return;
    throw new errors/* DeployError */.sH(`Refusing the ${phase} phase: it would delete data in ${refused.length} resource(s):\n${refused.map((r) => `- ${formatRisky(r)}`).join('\n')}`, undefined, 'Nothing was changed and the change set was deleted. Keep the data (set UpdateReplacePolicy for a replacement, DeletionPolicy ' +
        'for a removal, to Retain or Snapshot; or change the template so the resource is neither replaced nor removed), or accept ' +
        `the loss by listing the logical id(s) in allow-replace: ${refused.map((r) => r.logicalId).join(', ')}`);
}

;// CONCATENATED MODULE: ./src/modes/reset/phase.ts






/**
 * Deploys one phase through a change set that is read before it runs: a change that would delete a
 * stateful resource's data stops the phase (the change set is deleted) unless allow-replace names it.
 */
async function deployPhase(ctx, inputs, phase) {
    const template = inputs.template.template;
    let risky = [];
    const deploy = await (0,cloudformation_deploy/* deployStack */.gE)(ctx, {
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
        const line = `${r.allowed ? 'allowed by allow-replace' : 'REFUSED'}: ${formatRisky(r)}`;
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

;// CONCATENATED MODULE: ./src/modes/reset/strip-names.ts
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
function formatName(value) {
    return typeof value === 'string' ? value : JSON.stringify(value);
}

;// CONCATENATED MODULE: ./src/modes/reset/literal-references.ts

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
    return path.length === 4 && path[0] === 'Resources' && path[2] === 'Properties' && stripped.some((s) => s.logicalId === path[1] && s.property === path[3]);
}
/**
 * Finds literal uses of the stripped names in the original template: the same string (as a whole word,
 * for example inside an ARN or a Fn::Sub string) or the same expression the name was built from. In the
 * generated-names phase those places still point at the friendly name, which no longer exists.
 */
function findLiteralReferences(template, stripped) {
    const found = [];
    const needles = stripped.map((s) => ({ s, needle: needleFor(s.value) })).filter((n) => n.needle !== undefined);
    if (needles.length === 0)
        return found;
    const visit = (node, path) => {
        if (isStrippedSpot(path, stripped))
            return;
        if (typeof node === 'string') {
            for (const { s, needle } of needles) {
                if (needle.literal && node.includes(needle.literal) && needle.text.test(node))
                    found.push({ logicalId: s.logicalId, name: formatName(s.value), path: path.join('.') });
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
                    found.push({ logicalId: s.logicalId, name: formatName(s.value), path: path.join('.') });
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
function formatLiteralReferences(refs) {
    const byName = new Map();
    for (const r of refs)
        byName.set(`${r.logicalId}\0${r.name}`, [...(byName.get(`${r.logicalId}\0${r.name}`) ?? []), r]);
    return [...byName.values()].map((group) => `${group[0].logicalId}'s name ${group[0].name} is written out literally at ${group.map((r) => r.path).join(', ')}: ` +
        'during the generated-names phase it points at a name that no longer exists; use !Ref or !GetAtt instead');
}

;// CONCATENATED MODULE: ./src/modes/reset/name-properties.ts

/**
 * SAM resources are not in the provider schemas: the transform passes these names on to the Lambda function
 * and the state machine it creates, where they are create-only names like any other.
 */
const SAM_NAME_PROPERTIES = [
    { type: 'AWS::Serverless::Function', property: 'FunctionName' },
    { type: 'AWS::Serverless::StateMachine', property: 'Name' }
];
/**
 * Data-holding types whose names are stripped all the same, because they so often block replacements; the
 * stateful-resource guard still refuses to replace them unless allow-replace names them.
 */
const STRIPPED_DESPITE_DATA = ['AWS::Logs::LogGroup', 'AWS::SQS::Queue'];
/**
 * The names removed by default in the generated-names phase: every optional, create-only name the resource
 * provider schemas list (see scripts/generate-reset-tables.py for the rule), except those of types that hold
 * data a replacement would lose (the same table as the guard's; see docs/reset.md), and the SAM names.
 */
const DEFAULT_NAME_PROPERTIES = [
    ...SCHEMA_NAME_PROPERTIES.filter(([type]) => !STATEFUL_TYPES[type] || STRIPPED_DESPITE_DATA.includes(type)).map(([type, property]) => ({ type, property })),
    ...SAM_NAME_PROPERTIES
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

// EXTERNAL MODULE: ./src/cloudformation/references.ts
var references = __webpack_require__(4288);
;// CONCATENATED MODULE: ./src/modes/reset/rest-api-stages.ts

const FUNCTION_TYPES = ['AWS::Lambda::Function', 'AWS::Serverless::Function'];
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
        const callers = methods.filter(([, r]) => (0,references/* referencedIds */.ei)(r.Properties?.Integration).has(s.logicalId)).map(([id]) => id);
        if (callers.length === 0)
            continue;
        warnings.push(`REST API method(s) ${callers.join(', ')} call ${s.logicalId}: each phase points them at a new function, but CloudFormation ` +
            'does not redeploy a REST API stage for that, so the stage keeps calling the old function, which the phase deletes. ' +
            'Give the AWS::ApiGateway::Deployment a new logical id on every deploy (as SAM does), or create a deployment of the stage ' +
            'after each phase; the smoke checks between the phases catch a stage left behind.');
    }
    return warnings;
}

;// CONCATENATED MODULE: ./src/modes/reset/plan.ts






/** Everything the generated-names phase deploys and what to watch for, computed before any AWS call. */
function planReset(template, extra) {
    const { template: strippedTemplate, stripped } = stripNames(template, nameProperties(extra));
    const literalReferences = findLiteralReferences(template, stripped);
    const warnings = [...formatLiteralReferences(literalReferences), ...staleStageWarnings(template, stripped)];
    if (stripped.length === 0) {
        warnings.push('The template sets none of the name properties in the table: both phases deploy the same template.');
    }
    for (const s of stripped) {
        if (template.Resources[s.logicalId].UpdateReplacePolicy === 'Retain') {
            warnings.push(`${s.logicalId} has UpdateReplacePolicy Retain: the generated-names phase keeps the old ${s.type} named ${formatName(s.value)} ` +
                'outside the stack, so the friendly-names phase cannot create that name again until you delete or rename the kept one.');
        }
    }
    return {
        stripped,
        strippedBody: (0,cloudformation_template/* templateToBody */.mR)(strippedTemplate, template, 'The template without its names', 'Shorten the template (for example move inline code to S3) so its JSON form fits.'),
        literalReferences,
        warnings
    };
}
/** The stripped names as a table for the job summary. */
function strippedMarkdown(plan) {
    if (plan.stripped.length === 0)
        return '_No name properties to strip._';
    return (0,report/* markdownTable */.Qj)(['resource', 'type', 'property', 'friendly name'], plan.stripped.map((s) => [s.logicalId, s.type, s.property, formatName(s.value)]));
}

// EXTERNAL MODULE: ./src/smoke.ts + 1 modules
var smoke = __webpack_require__(5472);
;// CONCATENATED MODULE: ./src/modes/reset/index.ts








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
    await (0,context/* step */.PM)(ctx, `Find stack ${inputs.stackName}`, () => requireExistingStack(ctx, inputs.stackName), (status) => status);
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
/**
 * A reset renames the resources of a running stack. A stack that is not there is most likely a typo in
 * stack-name, and creating it would run the app a second time under names the real stack holds.
 */
async function requireExistingStack(ctx, stackName) {
    const stack = await (0,stacks/* describeStack */.GO)(ctx.clients.cloudformation, stackName);
    const status = stack?.StackStatus;
    if (!stack || status === 'DELETE_COMPLETE' || status === 'REVIEW_IN_PROGRESS') {
        throw new errors/* DeployError */.sH(`Stack ${stackName} does not exist${status ? ` (it is ${status})` : ''}: reset renames the resources of an existing stack, so nothing was created`, undefined, 'Check stack-name (and region). A reset is for a stack that runs: create a new one with its first deploy (for example `aws cloudformation deploy`), and reset it when a taken name blocks a replacement.');
    }
    return status;
}
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
