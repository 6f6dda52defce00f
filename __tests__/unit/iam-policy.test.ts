/**
 * docs/iam-policy.json against the code: every AWS call a mode can make (derived from the source by
 * scripts/aws-commands.mjs, not listed by hand) must be allowed on the resources it touches, and nothing
 * else may be granted: no action, and no resource pattern, that no call of the mode needs.
 *
 * Resources per call: CloudFormation calls that name a stack (StackName, or a change set of it) touch the
 * mode's stacks, the others need "*"; API Gateway calls touch the path the SDK itself builds for them
 * (IAM authorizes API Gateway by HTTP verb on that path); Route 53 calls touch the zone or the change; S3
 * calls touch the template bucket, or the stack's template object in it (which CloudFormation also reads,
 * with the caller's credentials, for a change set created from a TemplateURL). STS GetCallerIdentity needs
 * no permission (AWS: "No permissions are required to perform this operation").
 */
import * as apigatewayV1 from '@aws-sdk/client-api-gateway'
import * as apigatewayV2 from '@aws-sdk/client-apigatewayv2'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { callsByMode, type AwsCall } from '../../scripts/aws-commands.mjs'
import { MODES, type Mode } from '../../src/inputs.js'
import { lockStackName } from '../../src/core/lock.js'
import { templateKey } from '../../src/cloudformation/template-upload.js'
import { fillPolicy, isAllowed, loadPolicies, PLACEHOLDERS, resourcesOf, statementAllows, wildcardMatch, type PolicyDocument, type RequestContext, type Statement } from '../support/iam.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
// IAM_CODE_ROOT checks the policy against another tree (a branch not merged yet), e.g. with -t <mode>.
const CODE_ROOT = process.env.IAM_CODE_ROOT ?? ROOT

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'

/** A deployment the policy is filled for, and another one it must not reach. */
interface World {
  stackName: string
  domain: string
  zoneId: string
  bucket: string
  /** The alb router's listener and rule, the target-group router's shared target group. */
  listenerArn: string
  ruleArn: string
  targetGroupArn: string
  distributionId: string
}
const ELB = `arn:aws:elasticloadbalancing:us-east-1:123456789012`
const OURS: World = {
  stackName: 'shop',
  domain: 'api.example.com',
  zoneId: 'Z0123456789ABCDEFGHIJ',
  bucket: `bluegreen-templates-123456789012-us-east-1`,
  listenerArn: `${ELB}:listener/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2`,
  ruleArn: `${ELB}:listener-rule/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`,
  targetGroupArn: `${ELB}:targetgroup/shop-web/73e2d6bc24d8a067`,
  distributionId: 'E2QWRUHAPOMQZL'
}
const FOREIGN: World = {
  stackName: 'other-app',
  domain: 'other.example.com',
  zoneId: 'ZOTHERZONE0000000000',
  bucket: 'other-templates',
  listenerArn: `${ELB}:listener/app/other/0123456789abcdef/0123456789abcdef`,
  ruleArn: `${ELB}:listener-rule/app/other/0123456789abcdef/0123456789abcdef/0123456789abcdef`,
  targetGroupArn: `${ELB}:targetgroup/other-web/0123456789abcdef`,
  distributionId: 'EOTHERDISTRIB'
}

const policies = loadPolicies()
/** How docs/iam.md tells users to write <DomainSlug>: the domain name with its dots as hyphens. */
const domainSlug = (domain: string) => domain.replace(/\./g, '-')
const filled = (mode: Mode): PolicyDocument => fillPolicy(policies[mode], PLACEHOLDER_VALUES)
const PLACEHOLDER_VALUES = {
  '<StackName>': OURS.stackName,
  '<DomainName>': OURS.domain,
  '<DomainSlug>': domainSlug(OURS.domain),
  '<HostedZoneId>': OURS.zoneId,
  '<RecordName>': 'www.example.com',
  '<ZoneName>': 'example.com',
  '<RecordType>': 'A',
  '<TemplateBucket>': OURS.bucket,
  '<ListenerArn>': OURS.listenerArn,
  '<ListenerRuleArn>': OURS.ruleArn,
  '<TargetGroupArn>': OURS.targetGroupArn,
  '<DistributionId>': OURS.distributionId
}

/** The stacks a mode works on: extra-env on <stack-name> and its environments <stack-name>-<extra>. */
function stacksOf(mode: Mode, w: World): string[] {
  return mode === 'extra-env' ? [w.stackName, `${w.stackName}-blue`] : [w.stackName]
}
const stackArn = (name: string) => `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${name}/6f1c2e60-0000-11ef-0000-0a1b2c3d4e5f`

/** A template object of one stack, at the key the code builds. */
const templateObjectArn = (w: World, stack: string) => `arn:aws:s3:::${w.bucket}/${templateKey(w.stackName, stack, '{"Resources":{}}')}`

const API_ID = 'a1b2c3d4e5'
/** One input per API Gateway operation, to let the SDK build the request path IAM authorizes. */
const APIGATEWAY_SAMPLES: Record<string, (w: World) => object> = {
  '@aws-sdk/client-api-gateway:GetDomainName': (w) => ({ domainName: w.domain }),
  '@aws-sdk/client-api-gateway:GetBasePathMapping': (w) => ({ domainName: w.domain, basePath: 'v1' }),
  '@aws-sdk/client-api-gateway:GetBasePathMappings': (w) => ({ domainName: w.domain }),
  '@aws-sdk/client-api-gateway:GetDomainNames': () => ({}),
  '@aws-sdk/client-api-gateway:UpdateBasePathMapping': (w) => ({ domainName: w.domain, basePath: 'v1', patchOperations: [] }),
  '@aws-sdk/client-api-gateway:CreateBasePathMapping': (w) => ({ domainName: w.domain, basePath: 'v1', restApiId: API_ID, stage: 'prod' }),
  '@aws-sdk/client-api-gateway:GetRestApi': () => ({ restApiId: API_ID }),
  '@aws-sdk/client-api-gateway:GetStages': () => ({ restApiId: API_ID }),
  '@aws-sdk/client-api-gateway:GetStage': () => ({ restApiId: API_ID, stageName: 'prod' }),
  '@aws-sdk/client-api-gateway:GetResources': () => ({ restApiId: API_ID, embed: ['methods'] }),
  '@aws-sdk/client-apigatewayv2:GetDomainName': (w) => ({ DomainName: w.domain }),
  '@aws-sdk/client-apigatewayv2:GetApiMappings': (w) => ({ DomainName: w.domain }),
  '@aws-sdk/client-apigatewayv2:GetDomainNames': () => ({}),
  '@aws-sdk/client-apigatewayv2:UpdateApiMapping': (w) => ({ DomainName: w.domain, ApiMappingId: 'm1a2p3', ApiId: API_ID }),
  '@aws-sdk/client-apigatewayv2:CreateApiMapping': (w) => ({ DomainName: w.domain, ApiId: API_ID, Stage: '$default' }),
  '@aws-sdk/client-apigatewayv2:GetApi': () => ({ ApiId: API_ID }),
  '@aws-sdk/client-apigatewayv2:GetStages': () => ({ ApiId: API_ID })
}

const ROUTE53_RESOURCES: Record<string, (w: World) => string> = {
  GetHostedZone: (w) => `arn:aws:route53:::hostedzone/${w.zoneId}`,
  ListResourceRecordSets: (w) => `arn:aws:route53:::hostedzone/${w.zoneId}`,
  ChangeResourceRecordSets: (w) => `arn:aws:route53:::hostedzone/${w.zoneId}`,
  GetChange: () => 'arn:aws:route53:::change/C0123456789ABCDEFGHIJ',
  // No resource type: IAM authorizes it on "*" only.
  ListHostedZonesByName: () => '*'
}

/**
 * What each cloudfront call touches. The router's calls name the distribution (distribution-id; its ARN has
 * no region). Stepped shifting (CloudFront continuous deployment) also touches a staging distribution whose
 * id is known only once copied: the action tags it bluegreen:staging-of=<distribution-id> (CopyDistribution
 * takes no tags) and changes, reads or deletes only distributions so tagged. CopyDistribution also needs
 * cloudfront:CreateDistribution (API reference: "This API operation requires the following IAM permissions:
 * GetDistribution, CreateDistribution, CopyDistribution"). Policies have ids known only once created; the
 * List calls name no resource.
 */
const STAGING = `arn:aws:cloudfront::${ACCOUNT}:distribution/E3STAGINGCOPY1`
const POLICY = `arn:aws:cloudfront::${ACCOUNT}:continuous-deployment-policy/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`
const stagingOf = (w: World) => ({ 'aws:ResourceTag/bluegreen:staging-of': [w.distributionId] })
const CLOUDFRONT_TOUCHES: Record<string, (w: World) => { resource: string; what: string; action?: string; context?: RequestContext }[]> = {
  GetDistribution: (w) => [
    { resource: cloudFrontDistribution(w), what: 'the distribution' },
    { resource: STAGING, what: 'its staging distribution', context: stagingOf(w) }
  ],
  GetDistributionConfig: (w) => [
    { resource: cloudFrontDistribution(w), what: 'the distribution' },
    { resource: STAGING, what: 'its staging distribution', context: stagingOf(w) }
  ],
  UpdateDistribution: (w) => [
    { resource: cloudFrontDistribution(w), what: 'the distribution' },
    { resource: STAGING, what: 'its staging distribution', context: stagingOf(w) }
  ],
  DeleteDistribution: (w) => [{ resource: STAGING, what: 'its staging distribution', context: stagingOf(w) }],
  CopyDistribution: (w) => [
    { resource: cloudFrontDistribution(w), what: 'the distribution copied' },
    { resource: STAGING, what: 'the staging distribution it creates', action: 'cloudfront:CreateDistribution' }
  ],
  TagResource: (w) => [{ resource: STAGING, what: 'its staging distribution', context: { 'aws:RequestTag/bluegreen:staging-of': [w.distributionId], 'aws:TagKeys': ['bluegreen:staging-of'] } }],
  CreateContinuousDeploymentPolicy: () => [{ resource: POLICY, what: 'the policy' }],
  GetContinuousDeploymentPolicy: () => [{ resource: POLICY, what: 'the policy' }],
  UpdateContinuousDeploymentPolicy: () => [{ resource: POLICY, what: 'the policy' }],
  DeleteContinuousDeploymentPolicy: () => [{ resource: POLICY, what: 'the policy' }],
  ListDistributions: () => [{ resource: '*', what: 'no resource' }],
  ListContinuousDeploymentPolicies: () => [{ resource: '*', what: 'no resource' }]
}

function cloudFrontDistribution(w: World): string {
  return `arn:aws:cloudfront::${ACCOUNT}:distribution/${w.distributionId}`
}

/**
 * The change batches each mode sends, as the condition keys Route 53 fills for them. route53-takeover
 * (src/modes/route53-takeover/paths.ts, restore.ts, release.ts): the record alone (its name, its type) or
 * the zone's SOA alone. extra-env's route53 router (src/core/routers/route53.ts): one UPSERT of the record; with traffic-steps,
 * DELETE + CREATE of the record's own name and type (into weighted records and back) and UPSERTs of them.
 */
const ROUTE53_BATCHES: Partial<Record<Mode, { what: string; context: RequestContext }[]>> = {
  'route53-takeover': [
    { what: 'the record', context: r53Batch(['www.example.com'], ['A'], ['UPSERT', 'DELETE']) },
    { what: 'the SOA', context: r53Batch(['example.com'], ['SOA'], ['UPSERT']) }
  ],
  'extra-env': [
    { what: 'the record', context: r53Batch(['www.example.com'], ['A'], ['UPSERT']) },
    // traffic-steps: the simple record into two weighted ones, and back, each in one batch
    { what: 'the record into weighted records', context: r53Batch(['www.example.com'], ['A'], ['DELETE', 'CREATE']) },
    { what: 'the weighted records re-weighted', context: r53Batch(['www.example.com'], ['A'], ['UPSERT']) }
  ]
}
function r53Batch(names: string[], types: string[], actions: string[]): RequestContext {
  return {
    'route53:ChangeResourceRecordSetsNormalizedRecordNames': names,
    'route53:ChangeResourceRecordSetsRecordTypes': types,
    'route53:ChangeResourceRecordSetsActions': actions
  }
}

const ELB_RESOURCES: Record<string, (w: World) => string> = {
  ModifyListener: (w) => w.listenerArn,
  ModifyRule: (w) => w.ruleArn
}
const asgArn = (name: string) => `arn:aws:autoscaling:${REGION}:${ACCOUNT}:autoScalingGroup:2f1e4c3a-0000-4000-8000-0a1b2c3d4e5f:autoScalingGroupName/${name}`

/** The tags a stack of the mode carries: extra-env's environments their bluegreen:stack; the base stack none. */
function stackContext(mode: Mode, w: World, name: string): RequestContext {
  return mode === 'extra-env' && name !== w.stackName ? { 'aws:ResourceTag/bluegreen:stack': [w.stackName] } : {}
}

function withRequestTags(context: RequestContext, tagged: boolean, mode: Mode, w: World, lock: boolean): RequestContext {
  if (!tagged || lock) return context
  return mode === 'extra-env' ? { ...context, ...envTag(w) } : context
}

/** The HTTP request the SDK sends for a command, stopped before it leaves the client. */
async function requestOf(client: string, operation: string, input: object): Promise<{ method: string; path: string }> {
  const mod = (client === '@aws-sdk/client-apigatewayv2' ? apigatewayV2 : apigatewayV1) as unknown as Record<string, new (arg: object) => never>
  const Client = mod[client === '@aws-sdk/client-apigatewayv2' ? 'ApiGatewayV2Client' : 'APIGatewayClient'] as unknown as new (c: object) => {
    middlewareStack: { add(mw: unknown, opts: object): void }
    send(cmd: unknown): Promise<unknown>
  }
  const sdk = new Client({ region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } })
  let request: { method: string; path: string } | undefined
  const stop = new Error('stopped before sending')
  sdk.middlewareStack.add(
    () => async (args: { request: { method: string; path: string } }) => {
      request = args.request
      throw stop
    },
    { step: 'finalizeRequest', priority: 'high' }
  )
  await sdk.send(new mod[`${operation}Command`](input)).catch((err) => {
    if (err !== stop) throw err
  })
  return request!
}

interface Touch {
  action: string
  resource: string
  /** What in the code makes this call, for the failure messages. */
  why: string
  /** The request's condition keys as AWS fills them: the stack's tags, the tags sent, the record names and types. */
  context: RequestContext
}

/** The tags the action puts on an environment stack of world w (environments.ts environmentTags) and on its lock (lock-holder.ts). */
const envTag = (w: World): RequestContext => ({ 'aws:RequestTag/bluegreen:stack': [w.stackName] })
const lockFor = (w: World) => `${w.domain}/(root)`

/** The IAM action and resource each call needs, in one world. */
async function touchesOf(mode: Mode, calls: AwsCall[], w: World): Promise<Touch[]> {
  const out: Touch[] = []
  for (const call of calls) {
    const why = `${call.operation} (${call.file})`
    if (call.service === 'cloudformation') {
      const scoped = /\b(StackName|ChangeSetName)\s*:/.test(call.args)
      // The promotion lock is a stack of its own, named from the domain and base path.
      const lock = call.file.endsWith('lock-stack.ts')
      const tagged = /\bTags\s*:/.test(call.args)
      const creates = call.operation === 'CreateChangeSet' || call.operation === 'CreateStack'
      const targets: { resource: string; context: RequestContext }[] = lock
        ? [{ resource: stackArn(lockStackName(w.domain, '')), context: { 'aws:ResourceTag/bluegreen:lock-for': [lockFor(w)], 'aws:RequestTag/bluegreen:lock-for': [lockFor(w)] } }]
        : scoped
          ? stacksOf(mode, w).map((name) => ({ resource: stackArn(name), context: stackContext(mode, w, name) }))
          : [{ resource: '*', context: {} }]
      if (lock && call.operation === 'CreateStack') for (const t of targets) delete t.context['aws:ResourceTag/bluegreen:lock-for']
      // CreateChangeSet also creates: on a new stack no tag of its own exists yet, only the tags sent.
      if (!lock && scoped && call.operation === 'CreateChangeSet' && mode === 'extra-env') {
        targets.push({ resource: stackArn(`${w.stackName}-new`), context: { ...(tagged ? envTag(w) : {}) } })
      }
      for (const t of targets) out.push({ action: call.action, resource: t.resource, why, context: withRequestTags(t.context, tagged, mode, w, lock) })
      // Stack tags passed on create are authorized again as cloudformation:TagResource (tag-on-create,
      // condition key cloudformation:CreateAction).
      if (creates && tagged) {
        for (const t of targets) {
          out.push({
            action: 'cloudformation:TagResource',
            resource: t.resource,
            why: `${why} with Tags`,
            context: { ...withRequestTags(t.context, tagged, mode, w, lock), 'cloudformation:CreateAction': [call.operation] }
          })
        }
      }
      if (call.operation === 'CreateChangeSet' && /\bTemplateURL\s*:/.test(call.args)) {
        for (const stack of stacksOf(mode, w)) out.push({ action: 's3:GetObject', resource: templateObjectArn(w, stack), why: `${why} with TemplateURL`, context: {} })
      }
    } else if (call.service === 'apigateway') {
      const sample = APIGATEWAY_SAMPLES[`${call.client}:${call.operation}`]
      if (!sample) throw new Error(`no sample input for ${call.client} ${call.operation}: add one to APIGATEWAY_SAMPLES`)
      const req = await requestOf(call.client, call.operation, sample(w))
      const path = decodeURIComponent(req.path).replace(/^\/v2\//, '/')
      if (`apigateway:${req.method}` !== call.action) throw new Error(`${why}: the SDK sends ${req.method}, scripts/aws-commands.mjs says ${call.action}`)
      out.push({ action: call.action, resource: `arn:aws:apigateway:${REGION}::${path}`, why, context: {} })
    } else if (call.service === 'route53') {
      const resource = ROUTE53_RESOURCES[call.operation]
      if (!resource) throw new Error(`no resource known for route53 ${call.operation}: add it to ROUTE53_RESOURCES`)
      if (call.operation === 'ChangeResourceRecordSets') {
        const batches = ROUTE53_BATCHES[mode]
        if (!batches) throw new Error(`no change batches known for ${mode}: add them to ROUTE53_BATCHES`)
        for (const batch of batches) out.push({ action: call.action, resource: resource(w), why: `${why}: ${batch.what}`, context: batch.context })
      } else {
        out.push({ action: call.action, resource: resource(w), why, context: {} })
      }
    } else if (call.service === 'cloudfront') {
      const touches = CLOUDFRONT_TOUCHES[call.operation]
      if (!touches) throw new Error(`no resource known for cloudfront ${call.operation}: add it to CLOUDFRONT_TOUCHES`)
      for (const t of touches(w)) out.push({ action: t.action ?? call.action, resource: t.resource, why: `${why}: ${t.what}`, context: t.context ?? {} })
    } else if (call.service === 's3') {
      if (call.operation === 'PutObject') for (const stack of stacksOf(mode, w)) out.push({ action: call.action, resource: templateObjectArn(w, stack), why, context: {} })
      else out.push({ action: call.action, resource: `arn:aws:s3:::${w.bucket}`, why, context: {} })
    } else if (call.service === 'cloudwatch') {
      // DescribeAlarms of composite alarms needs the permission scoped to "*" (CloudWatch API reference, DescribeAlarms).
      if (call.operation !== 'DescribeAlarms') throw new Error(`${why}: no resource rule for cloudwatch ${call.operation}`)
      out.push({ action: call.action, resource: '*', why, context: {} })
    } else if (call.service === 'elasticloadbalancing') {
      // Describe* have no resource type (IAM authorizes them on "*"); ModifyListener and ModifyRule are
      // authorized on the listener or rule they change (Service Authorization Reference, Elastic Load Balancing V2).
      const resource = ELB_RESOURCES[call.operation]
      if (resource === undefined && !call.operation.startsWith('Describe')) throw new Error(`no resource known for elasticloadbalancing ${call.operation}: add it to ELB_RESOURCES`)
      out.push({ action: call.action, resource: resource ? resource(w) : '*', why, context: {} })
    } else if (call.service === 'autoscaling') {
      if (call.operation === 'DescribeAutoScalingGroups') {
        out.push({ action: call.action, resource: '*', why, context: {} })
      } else if (/^(Attach|Detach)LoadBalancerTargetGroups$/.test(call.operation)) {
        // On the autoScalingGroup resource, with its tags and the target groups of the request as condition
        // keys: an environment's group carries its stack's tags (CloudFormation propagates stack tags to the
        // groups it creates), the base stack's group only CloudFormation's own aws:cloudformation:stack-name.
        const tg = { 'autoscaling:TargetGroupARNs': [w.targetGroupArn] }
        out.push({ action: call.action, resource: asgArn(`${w.stackName}-blue-Fleet-1A2B3C`), why, context: { ...tg, 'aws:ResourceTag/bluegreen:stack': [w.stackName] } })
        out.push({
          action: call.action,
          resource: asgArn(`${w.stackName}-Fleet-4D5E6F`),
          why: `${why}: the base stack's group`,
          context: { ...tg, 'aws:ResourceTag/aws:cloudformation:stack-name': [w.stackName] }
        })
      } else {
        throw new Error(`no resource rule for autoscaling ${call.operation}`)
      }
    } else if (call.service === 'sts') {
      if (call.operation !== 'GetCallerIdentity') throw new Error(`${why}: only GetCallerIdentity is known to need no permission`)
    } else {
      throw new Error(`no resource rule for ${call.service}`)
    }
  }
  return out
}

/** A "*" resource pattern is needed only by calls that name no resource; ARNs are needed by calls on them. */
function patternNeededBy(pattern: string, t: Touch): boolean {
  return pattern === '*' ? t.resource === '*' : wildcardMatch(pattern, t.resource)
}

const calls = callsByMode(CODE_ROOT) as Record<Mode, AwsCall[]>

describe('docs/iam-policy.json', () => {
  it('has a complete policy document for every mode and nothing else', () => {
    expect(Object.keys(policies).sort()).toEqual([...MODES].sort())
    for (const mode of MODES) {
      const policy = policies[mode]
      expect(policy.Version).toBe('2012-10-17')
      expect(policy.Statement.length).toBeGreaterThan(0)
      const sids = policy.Statement.map((s) => s.Sid)
      expect(new Set(sids).size).toBe(sids.length)
      for (const s of policy.Statement) {
        expect(s).toMatchObject({ Sid: expect.stringMatching(/^[A-Za-z0-9]+$/), Effect: 'Allow' })
        expect(Array.isArray(s.Action) && s.Action.length > 0).toBe(true)
        // least privilege starts with naming each action: no service:* and no Describe* families
        for (const a of s.Action) expect(a).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/)
        expect(resourcesOf(s).length).toBeGreaterThan(0)
      }
    }
  })

  it('uses only the documented placeholders, each explained in docs/iam.md', () => {
    const text = JSON.stringify(policies)
    const used = new Set(text.match(/<[A-Za-z]+>/g))
    expect([...used].filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p))).toEqual([])
    const doc = readFileSync(new URL('../../docs/iam.md', import.meta.url), 'utf8')
    for (const p of used) expect(doc).toContain(`\`${p}\``)
  })

  it('goes with an action that reads no AWS credentials itself (they come from the job environment)', () => {
    const actionYml = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')
    const inputSection = actionYml.slice(actionYml.indexOf('\ninputs:'), actionYml.indexOf('\noutputs:'))
    const inputs = [...inputSection.matchAll(/^  ([a-z0-9-]+):$/gm)].map((m) => m[1])
    expect(inputs).toContain('stack-name')
    expect(inputs.filter((name) => /key|secret|password|credential|session|role|token/.test(name))).toEqual(['github-token'])
    for (const { file } of Object.values(calls).flat()) {
      const text = readFileSync(join(CODE_ROOT, file), 'utf8')
      expect(text).not.toMatch(/AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)|fromIni|fromEnv|credentials\s*:/)
    }
    const clients = readFileSync(new URL('../../src/aws/clients.ts', import.meta.url), 'utf8')
    expect(clients).not.toMatch(/credentials/)
  })

  describe.each([...MODES])('%s', (mode) => {
    const modeCalls = calls[mode]
    // A mode whose strategy makes no AWS call yet (not merged) has nothing to check its policy against.
    const implemented = modeCalls.length > 0
    const maybe = implemented ? it : it.skip

    maybe('allows every call the code can make, on the resources it touches', async () => {
      const policy = filled(mode)
      const denied = (await touchesOf(mode, modeCalls, OURS)).filter((t) => !isAllowed(policy, t.action, t.resource, t.context))
      expect(denied.map((t) => `${t.action} on ${t.resource} (${t.why})`)).toEqual([])
    })

    maybe('grants no action and no resource pattern that no call needs', async () => {
      const policy = filled(mode)
      const touches = await touchesOf(mode, modeCalls, OURS)
      const unused: string[] = []
      policy.Statement.forEach((s: Statement, i) => {
        const sid = policies[mode].Statement[i].Sid
        for (const action of s.Action) {
          const needed = touches.some((t) => wildcardMatch(action, t.action, true) && resourcesOf(s).some((r) => patternNeededBy(r, t)))
          if (!needed) unused.push(`${sid}: action ${action}`)
        }
        resourcesOf(s).forEach((pattern, j) => {
          const needed = touches.some((t) => s.Action.some((a) => wildcardMatch(a, t.action, true)) && patternNeededBy(pattern, t))
          if (!needed) unused.push(`${sid}: resource ${resourcesOf(policies[mode].Statement[i])[j]}`)
        })
      })
      expect(unused).toEqual([])
    })

    maybe("does not reach another app's stacks, domain or hosted zone", async () => {
      const policy = filled(mode)
      const ours = await touchesOf(mode, modeCalls, OURS)
      const foreign = await touchesOf(mode, modeCalls, FOREIGN)
      // An action the code also calls without naming a resource is granted on "*" and so reaches every
      // resource; only reads are (the "*" statements are checked against the calls above).
      const onStar = new Set(ours.filter((t) => t.resource === '*').map((t) => t.action))
      for (const action of onStar)
        expect(action).toMatch(/^(cloudformation:(Describe|List)|route53:List|elasticloadbalancing:Describe|autoscaling:Describe|cloudwatch:DescribeAlarms$|cloudfront:List)/)
      // Listing another domain's mappings is the one read of other apps' resources the code needs: without
      // domain-name, extra-env finds out whether a stack is live from every custom domain of the region.
      const listsMappings = (t: Touch) => mode === 'extra-env' && t.action === 'apigateway:GET' && /::\/domainnames\/[^/]+\/(basepathmappings|apimappings)$/.test(t.resource)
      const reached = foreign.filter((t, i) => !onStar.has(t.action) && !listsMappings(t) && t.resource !== ours[i].resource && isAllowed(policy, t.action, t.resource, t.context))
      expect(reached.map((t) => `${t.action} on ${t.resource} (${t.why})`)).toEqual([])
    })
  })

  it('finds the calls of every implemented mode (the derivation itself works)', async () => {
    const extraEnv = await touchesOf('extra-env', calls['extra-env'], OURS)
    // one call of each kind the derivation must tell apart
    expect(extraEnv).toEqual(
      expect.arrayContaining([
        { action: 'cloudformation:DescribeStacks', resource: '*', why: expect.stringContaining('src/core/environments.ts'), context: {} },
        {
          action: 'cloudformation:CreateChangeSet',
          resource: stackArn('shop-blue'),
          why: expect.any(String),
          context: { 'aws:ResourceTag/bluegreen:stack': ['shop'], 'aws:RequestTag/bluegreen:stack': ['shop'] }
        },
        { action: 'cloudformation:CreateChangeSet', resource: stackArn('shop-new'), why: expect.any(String), context: { 'aws:RequestTag/bluegreen:stack': ['shop'] } },
        {
          action: 'cloudformation:TagResource',
          resource: stackArn('shop-blue'),
          why: expect.stringContaining('with Tags'),
          context: expect.objectContaining({ 'cloudformation:CreateAction': ['CreateChangeSet'] })
        },
        { action: 'apigateway:PATCH', resource: 'arn:aws:apigateway:us-east-1::/domainnames/api.example.com/basepathmappings/v1', why: expect.any(String), context: {} },
        { action: 'apigateway:PATCH', resource: 'arn:aws:apigateway:us-east-1::/domainnames/api.example.com/apimappings/m1a2p3', why: expect.any(String), context: {} },
        { action: 'apigateway:GET', resource: `arn:aws:apigateway:us-east-1::/apis/${API_ID}`, why: expect.any(String), context: {} }
      ])
    )
    // and a policy missing an action the code needs is caught
    const policy = filled('extra-env')
    const weakened = { ...policy, Statement: policy.Statement.filter((s) => !s.Action.includes('apigateway:PATCH')) }
    expect(extraEnv.some((t) => !isAllowed(weakened, t.action, t.resource))).toBe(true)
    expect(statementAllows(policy.Statement[0], 'cloudformation:deletestack', stackArn('shop'))).toBe(true)
  })

  it('every statement, conditions included, is what allows some call the code makes', async () => {
    for (const mode of MODES) {
      const policy = filled(mode)
      const touches = await touchesOf(mode, calls[mode], OURS)
      const unused = policy.Statement.filter((st) => !touches.some((t) => statementAllows(st, t.action, t.resource, t.context))).map((st) => `${mode}: ${st.Sid}`)
      expect(unused).toEqual([])
    }
  })
})

describe('docs/iam-policy.json scoping (conditions evaluated as IAM does)', () => {
  const policy = filled('extra-env')
  // TagResource is checked on its own below: tagging on create happens only inside a create call it is part of.
  const writes = ['CreateChangeSet', 'ExecuteChangeSet', 'DeleteChangeSet', 'DeleteStack', 'ContinueUpdateRollback', 'DescribeStackEvents', 'DescribeChangeSet', 'ListChangeSets'].map(
    (a) => `cloudformation:${a}`
  )
  // The worst a holder of the role can send: the app's own tags in the request, on a stack that is not the app's.
  const ourRequest = { 'aws:RequestTag/bluegreen:stack': ['shop'] }

  it('stacks are tagged only as part of creating them (cloudformation:CreateAction), never by a TagResource call of its own', () => {
    for (const name of ['shop', 'shop-blue', 'shop-payments', 'other-app']) {
      expect(isAllowed(policy, 'cloudformation:TagResource', stackArn(name), { ...ourRequest, 'aws:ResourceTag/bluegreen:stack': ['shop'] })).toBe(false)
    }
  })

  it("stack/<StackName>-* does not reach another app's stacks whose names start with <StackName>-", () => {
    // another app deployed by the action as stack-name shop-payments: its environments are shop-payments-*
    for (const name of ['shop-payments', 'shop-payments-blue']) {
      const arn = stackArn(name)
      const context = { ...ourRequest, 'aws:ResourceTag/bluegreen:stack': ['shop-payments'] }
      expect(writes.filter((a) => isAllowed(policy, a, arn, context))).toEqual([])
    }
  })

  it('the template objects of another app whose stack-name starts with <StackName>- are not reached, in any mode', () => {
    const body = '{"Resources":{}}'
    for (const mode of MODES) {
      const p = filled(mode)
      if (!p.Statement.some((st) => st.Sid === 'LargeTemplateObjects')) continue
      const object = (app: string, stack: string) => `arn:aws:s3:::${OURS.bucket}/${templateKey(app, stack, body)}`
      // stack-name shop-admin, its base stack and an environment of it: shop-admin-blue
      for (const [app, stack] of [
        ['shop-admin', 'shop-admin'],
        ['shop-admin', 'shop-admin-blue']
      ]) {
        for (const action of ['s3:PutObject', 's3:GetObject']) expect(isAllowed(p, action, object(app, stack))).toBe(false)
      }
      // ours, base stack and environments, are
      for (const stack of stacksOf(mode, OURS)) expect(isAllowed(p, 's3:PutObject', object('shop', stack))).toBe(true)
    }
  })

  it('a stack of that name that no app of the action tagged can at most get a change set, never be changed, tagged or deleted', () => {
    const arn = stackArn('shop-legacy')
    expect(writes.filter((a) => isAllowed(policy, a, arn, ourRequest))).toEqual(['cloudformation:CreateChangeSet'])
    expect(isAllowed(policy, 'cloudformation:CreateChangeSet', arn, {})).toBe(false) // not without the app's tag in the request
  })

  it("the app's own environments, new and existing, and its base stack are reached", () => {
    expect(isAllowed(policy, 'cloudformation:ExecuteChangeSet', stackArn('shop-green'), { 'aws:ResourceTag/bluegreen:stack': ['shop'] })).toBe(true)
    expect(isAllowed(policy, 'cloudformation:CreateChangeSet', stackArn('shop-green'), { 'aws:RequestTag/bluegreen:stack': ['shop'] })).toBe(true)
    expect(isAllowed(policy, 'cloudformation:DeleteStack', stackArn('shop'), {})).toBe(true)
  })

  it("the promotion lock of another domain whose slug starts with this one's is not reached", () => {
    const arn = stackArn(lockStackName('api.example.com.evil.org', ''))
    expect(arn).toMatch(/stack\/bluegreen-lock-api-example-com-/) // the name pattern alone would match
    expect(isAllowed(policy, 'cloudformation:DeleteStack', arn, { 'aws:ResourceTag/bluegreen:lock-for': ['api.example.com.evil.org/(root)'] })).toBe(false)
    expect(isAllowed(policy, 'cloudformation:CreateStack', arn, { 'aws:RequestTag/bluegreen:lock-for': ['api.example.com.evil.org/(root)'] })).toBe(false)
    expect(isAllowed(policy, 'cloudformation:DeleteStack', stackArn(lockStackName('api.example.com', 'v1')), { 'aws:ResourceTag/bluegreen:lock-for': ['api.example.com/v1'] })).toBe(true)
  })

  // traffic-steps (issue #15) turns the record into weighted records and back in one batch each (DELETE +
  // CREATE of the record's own name and type), so DELETE and CREATE of that name and type are now allowed;
  // every other name, type and zone still is not.
  it("extra-env's route53 router: only changes of the record itself (UPSERT; DELETE and CREATE for traffic-steps), never another name or type", () => {
    const zone = `arn:aws:route53:::hostedzone/${OURS.zoneId}`
    const change = (names: string[], types: string[], actions: string[]) => isAllowed(policy, 'route53:ChangeResourceRecordSets', zone, r53Batch(names, types, actions))
    expect(change(['www.example.com'], ['A'], ['UPSERT'])).toBe(true)
    expect(change(['www.example.com'], ['A'], ['DELETE', 'CREATE'])).toBe(true)
    expect(change(['www.example.com'], ['A'], ['DELETE'])).toBe(true)
    expect(change(['www.example.com'], ['A'], ['CREATE'])).toBe(true)
    expect(change(['www.example.com', 'api.example.com'], ['A'], ['DELETE', 'CREATE'])).toBe(false)
    expect(change(['www.example.com'], ['A', 'TXT'], ['DELETE', 'CREATE'])).toBe(false)
    expect(change(['api.example.com'], ['A'], ['DELETE'])).toBe(false)
    expect(change(['api.example.com'], ['A'], ['UPSERT'])).toBe(false)
    expect(change(['www.example.com'], ['TXT'], ['UPSERT'])).toBe(false)
    expect(change(['example.com'], ['SOA'], ['UPSERT'])).toBe(false)
    expect(isAllowed(policy, 'route53:ChangeResourceRecordSets', `arn:aws:route53:::hostedzone/${FOREIGN.zoneId}`, r53Batch(['www.example.com'], ['A'], ['UPSERT']))).toBe(false)
  })

  it("every router's lock, filled as docs/iam.md's table says, is allowed; another front door's is not", async () => {
    const { createRouter } = await import('../../src/core/routers/index.js')
    const { describeMapping } = await import('../../src/core/routers/api-gateway.js')
    const { testContext } = await import('../support/context.js')
    const { createClients } = await import('../../src/aws/all-clients.js')
    const ctx = testContext(createClients({ region: REGION, maxAttempts: 1 }))
    const lbId = '50dc6c495c0c9188'
    const doors = [
      { door: { router: 'api-gateway', domainName: 'api.example.com', basePath: 'v1', domainApiType: 'auto' }, scope: 'api.example.com' },
      { door: { router: 'cloudfront', distributionId: 'E2QWRUHAPOMQZL', originOutput: 'Origin' }, scope: 'cloudfront-E2QWRUHAPOMQZL' },
      {
        door: { router: 'route53', hostedZoneId: OURS.zoneId, recordName: 'www.example.com', recordType: 'CNAME', targetOutput: 'Dns', skipTtlWait: false },
        scope: 'www.example.com'
      },
      { door: { router: 'alb', listenerArn: `${ELB}:listener/app/shop/${lbId}/f2f7dc8efc522ab2`, targetGroupOutput: 'Tg' }, scope: 'alb-f2f7dc8efc522ab2' },
      { door: { router: 'target-group', targetGroupArn: OURS.targetGroupArn, asgOutput: 'Asg' }, scope: 'tg-shop-web-73e2d6bc24d8a067' }
    ] as const
    for (const { door, scope } of doors) {
      const router = await createRouter(ctx, door as Parameters<typeof createRouter>[1], REGION).catch((err: Error) => {
        throw new Error(`${door.router}: ${err.message}`)
      })
      expect([door.router, router.lockKey.scope]).toEqual([door.router, scope])
      const lockFor = describeMapping({ domainName: router.lockKey.scope, basePath: router.lockKey.path })
      const arn = stackArn(lockStackName(router.lockKey.scope, router.lockKey.path))
      const lockPolicy = fillPolicy(policies['extra-env'], { ...PLACEHOLDER_VALUES, '<DomainName>': scope, '<DomainSlug>': scope.toLowerCase().replace(/[^a-z0-9]+/g, '-') })
      expect([door.router, isAllowed(lockPolicy, 'cloudformation:CreateStack', arn, { 'aws:RequestTag/bluegreen:lock-for': [lockFor] })]).toEqual([door.router, true])
      expect([door.router, isAllowed(lockPolicy, 'cloudformation:DeleteStack', arn, { 'aws:ResourceTag/bluegreen:lock-for': [lockFor] })]).toEqual([door.router, true])
      // the same statements filled for this door do not reach the lock of another app's front door
      const other = stackArn(lockStackName(`${scope}0`, router.lockKey.path))
      expect([door.router, isAllowed(lockPolicy, 'cloudformation:DeleteStack', other, { 'aws:ResourceTag/bluegreen:lock-for': [`${scope}0/(root)`] })]).toEqual([door.router, false])
    }
  })

  it('route53-takeover: the record name pairs with its type only, the zone apex with SOA only', () => {
    const r53 = filled('route53-takeover')
    const zone = `arn:aws:route53:::hostedzone/${OURS.zoneId}`
    const change = (names: string[], types: string[], actions = ['UPSERT']) => isAllowed(r53, 'route53:ChangeResourceRecordSets', zone, r53Batch(names, types, actions))
    expect(change(['www.example.com'], ['A'], ['UPSERT', 'DELETE'])).toBe(true)
    expect(change(['example.com'], ['SOA'])).toBe(true)
    expect(change(['example.com'], ['A'])).toBe(false) // the apex's A record
    expect(change(['www.example.com'], ['SOA'])).toBe(false)
    expect(change(['www.example.com', 'example.com'], ['A', 'SOA'])).toBe(false) // one batch cannot mix them
    expect(change(['example.com'], ['A', 'SOA'])).toBe(false)
    expect(change(['api.example.com'], ['A'])).toBe(false)
  })
})
