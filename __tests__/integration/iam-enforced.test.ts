/**
 * The extra-env policy of docs/iam-policy.json, enforced: the built action (dist/index.js, run as the
 * runner runs it) deploys and promotes the sample app with the credentials of an IAM user that holds
 * only that policy, on a moto server of its own with IAM enforcement on (POST /moto-api/reset-auth 0);
 * a template over 51,200 bytes the same way (through S3, the bucket created on the way); and both phases
 * of reset with only the reset policy. moto's CloudFormation reads a TemplateURL from its S3 without an
 * IAM check, so the s3:GetObject AWS asks of the caller is checked by the unit test only.
 *
 * What moto 5.2 enforces, and so what this shows: the IAM *actions*. moto checks every request's action
 * against the user's policies, but always on the resource "*" (it cannot evaluate resource ARNs), it names
 * API Gateway actions by operation (apigateway:CreateBasePathMapping) where AWS uses the HTTP verb
 * (apigateway:POST), it denies a statement whose condition keys it has no values for, and CloudFormation
 * creates the template's resources inside moto without any IAM check. So the policy runs here in the form
 * moto can evaluate (support/iam.ts motoEnforceable: Resource "*", each verb as its operations, no
 * Condition); the resources are checked against the code by __tests__/unit/iam-policy.test.ts.
 * scripts/moto_server.py makes two fixes for enforcement: signatures are checked on the path as sent
 * (moto decoded it, so `(none)` base paths failed), and API Gateway denials come as JSON like AWS's
 * (CloudFront's in its REST-XML error shape, AccessDenied 403, as CloudFront documents in CommonErrors).
 * With router cloudfront, the extra-env policy's MoveDistributionOrigin statement is what lets the switch
 * through: without cloudfront:UpdateDistribution the same release stops at the switch.
 */
import { GetBasePathMappingCommand } from '@aws-sdk/client-api-gateway'
import { CreateDistributionCommand, GetDistributionConfigCommand } from '@aws-sdk/client-cloudfront'
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deployStack } from '../../src/cloudformation/deploy.js'
import { testContext } from '../support/context.js'
import { DIST, runAction, type ActionRun } from '../support/action-runner.js'
import { createRestDomain, startAppServer, type AppServer } from '../support/extra-env.js'
import { fillPolicy, loadPolicies, motoEnforceable, withoutAction, type PolicyDocument } from '../support/iam.js'
import { motoClients, startMoto, type Moto } from '../support/moto.js'

let moto: Moto
let server: AppServer
const admin = () => motoClients(moto.url)

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run package\` first`)
  moto = await startMoto()
  server = await startAppServer()
}, 40_000)
beforeEach(async () => {
  await enforceIam(false)
  await moto.reset()
})
afterAll(async () => {
  await server?.close()
  await moto?.stop()
})

async function enforceIam(on: boolean): Promise<void> {
  const res = await fetch(`${moto.url}/moto-api/reset-auth`, { method: 'POST', body: on ? '0' : 'Infinity' })
  if (!res.ok) throw new Error(`reset-auth failed: ${res.status}`)
}

/**
 * One IAM Query API call, made before enforcement is on: moto then reads only the service from the
 * credential scope, so the request needs no real signature (the test has no IAM client of its own).
 */
async function iam(params: Record<string, string>): Promise<string> {
  const res = await fetch(`${moto.url}/`, {
    method: 'POST',
    body: new URLSearchParams({ Version: '2010-05-08', ...params }),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0'
    }
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`IAM ${params.Action} failed: ${text}`)
  return text
}

/** An IAM user whose only permissions are this policy, and its access key as the action's environment. */
async function userWith(name: string, policy: PolicyDocument): Promise<Record<string, string>> {
  await iam({ Action: 'CreateUser', UserName: name })
  await iam({ Action: 'PutUserPolicy', UserName: name, PolicyName: 'bluegreen-action', PolicyDocument: JSON.stringify(policy) })
  const key = await iam({ Action: 'CreateAccessKey', UserName: name })
  return {
    AWS_ACCESS_KEY_ID: /<AccessKeyId>([^<]+)</.exec(key)![1],
    AWS_SECRET_ACCESS_KEY: /<SecretAccessKey>([^<]+)</.exec(key)![1]
  }
}

const extraEnvPolicy = () =>
  fillPolicy(loadPolicies()['extra-env'], {
    '<StackName>': 'shop',
    '<DomainName>': 'api.example.com',
    '<DomainSlug>': 'api-example-com',
    '<TemplateBucket>': 'bluegreen-templates-123456789012-us-east-1'
  })

function run(phase: string, extra: string, credentials: Record<string, string>, template = 'examples/app/template.yaml'): Promise<ActionRun> {
  return runAction(
    {
      mode: 'extra-env',
      phase,
      'stack-name': 'shop',
      extra,
      template,
      parameters: `PublicUrl=${server.url(extra)}\nVersion=${extra}`,
      'endpoint-output': 'Endpoint',
      'domain-name': 'api.example.com',
      'smoke-path': '/health',
      'smoke-retries': '0',
      'verify-seconds': '0',
      region: 'us-east-1',
      'endpoint-url': moto.url,
      'poll-seconds': '0.2'
    },
    { env: credentials }
  )
}

async function stackStatus(name: string): Promise<string | undefined> {
  const out = await admin()
    .cloudformation.send(new DescribeStacksCommand({ StackName: name }))
    .catch(() => undefined)
  return out?.Stacks?.[0]?.StackStatus
}

async function mappedApi(): Promise<string | undefined> {
  const m = await admin()
    .apigateway.send(new GetBasePathMappingCommand({ domainName: 'api.example.com', basePath: '(none)' }))
    .catch(() => undefined)
  return m?.restApiId
}

describe('extra-env with only the documented permissions (moto enforcing IAM)', () => {
  it('deploys, promotes, and replaces the live environment with exactly the extra-env policy', async () => {
    await createRestDomain(admin())
    const credentials = await userWith('deployer', motoEnforceable(extraEnvPolicy()))
    await enforceIam(true)
    // enforcement is really on: the emulator's default credentials are no IAM user and are refused now
    await expect(admin().cloudformation.send(new DescribeStacksCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' })

    const deploy = await run('deploy', 'blue', credentials)
    expect(deploy.stdout).not.toMatch(/not authorized/)
    expect(deploy.code).toBe(0)
    const promote = await run('promote', 'blue', credentials)
    expect(promote.code).toBe(0)
    expect(promote.outputs['active-stack']).toBe('shop-blue')
    // full: deploy green, switch the existing mapping (PATCH), delete the previous stack
    const full = await run('full', 'green', credentials)
    expect(full.stdout).not.toMatch(/not authorized/)
    expect(full.code).toBe(0)
    expect(full.outputs).toMatchObject({ 'active-stack': 'shop-green', 'previous-stack': 'shop-blue' })

    await enforceIam(false)
    expect(await mappedApi()).toBe(full.outputs['rest-api-id'])
    expect(await stackStatus('shop-green')).toBe('CREATE_COMPLETE')
    expect(await stackStatus('shop-blue')).toBeUndefined()
  })

  /** The sample app with 700 small topics more: over the 51,200 bytes CloudFormation takes inline. */
  function largeTemplate(): string {
    const dir = mkdtempSync(join(tmpdir(), 'bluegreen-iam-large-'))
    const topics = Array.from({ length: 700 }, (_, i) => `  Topic${i}:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: display-of-topic-${i}\n`).join('')
    const template = join(dir, 'large.yaml')
    writeFileSync(template, readFileSync('examples/app/template.yaml', 'utf8').replace(/^Resources:\n/m, `Resources:\n${topics}`))
    return template
  }

  it('deploys a template over 51,200 bytes through S3, creating the template bucket, with exactly the extra-env policy', async () => {
    const template = largeTemplate()
    await createRestDomain(admin())
    const credentials = await userWith('deployer', motoEnforceable(extraEnvPolicy()))
    await enforceIam(true)

    const deploy = await run('deploy', 'blue', credentials, template)
    expect(deploy.stdout.match(/::error::.*/g)).toBeNull()
    expect(deploy.code).toBe(0)
    expect(deploy.stdout).toContain('Created S3 bucket bluegreen-templates-123456789012-us-east-1')
    await enforceIam(false)
    expect(await stackStatus('shop-blue')).toBe('CREATE_COMPLETE')
  })

  it('stops before CloudFormation, naming the permission, when the policy lacks s3:PutObject for a large template', async () => {
    await createRestDomain(admin())
    const credentials = await userWith('deployer', motoEnforceable(withoutAction(extraEnvPolicy(), 's3:PutObject')))
    await enforceIam(true)
    const deploy = await run('deploy', 'blue', credentials, largeTemplate())
    expect(deploy.code).toBe(1)
    expect(deploy.stdout).toMatch(
      /::error::S3 refused to store the template at s3:\/\/bluegreen-templates-123456789012-us-east-1\/bluegreen-action\/shop\/shop-blue\/[0-9a-f]{64}\.template \(AccessDenied\)/
    )
    await enforceIam(false)
    expect(await stackStatus('shop-blue')).toBeUndefined()
  })

  it('fails with AccessDenied naming the action when the policy lacks cloudformation:ExecuteChangeSet, and creates nothing', async () => {
    await createRestDomain(admin())
    const credentials = await userWith('deployer', motoEnforceable(withoutAction(extraEnvPolicy(), 'cloudformation:ExecuteChangeSet')))
    await enforceIam(true)

    const deploy = await run('deploy', 'blue', credentials)
    expect(deploy.code).toBe(1)
    expect(deploy.stdout).toMatch(/::error::AWS refused a call \(AccessDenied\): User: arn:aws:iam::\d{12}:user\/deployer is not authorized to perform: cloudformation:ExecuteChangeSet/)
    expect(deploy.stdout).toMatch(/docs\/iam-policy\.json/)

    await enforceIam(false)
    expect(await stackStatus('shop-blue')).not.toBe('CREATE_COMPLETE')
    expect(await mappedApi()).toBeUndefined()
  })

  it('stops the promotion at the switch, domain untouched, when the policy lacks apigateway:POST', async () => {
    await createRestDomain(admin())
    const credentials = await userWith('deployer', motoEnforceable(withoutAction(extraEnvPolicy(), 'apigateway:POST')))
    await enforceIam(true)

    expect((await run('deploy', 'blue', credentials)).code).toBe(0)
    const promote = await run('promote', 'blue', credentials)
    expect(promote.code).toBe(1)
    // moto names the denied action by operation; AWS says apigateway:POST on the base path mappings' ARN
    expect(promote.stdout).toMatch(/::error::.*Switch api\.example\.com\/\(root\) to shop-blue failed/)
    expect(promote.stdout).toMatch(/::error::AWS refused a call \(AccessDeniedException\): .*not authorized to perform: apigateway:CreateBasePathMapping/)
    await enforceIam(false)
    expect(await mappedApi()).toBeUndefined()
    expect(await stackStatus('shop-blue')).toBe('CREATE_COMPLETE')
  })
})

describe('reset with only the documented permissions (moto enforcing IAM)', () => {
  it('runs both phases as a user that holds only the reset policy', async () => {
    const credentials = await userWith('resetter', motoEnforceable(fillPolicy(loadPolicies().reset, { '<StackName>': 'reset-app' })))
    // a reset starts from a running stack (it refuses to create one): its first deploy, with the admin's rights
    await deployStack(testContext(admin()), {
      stackName: 'reset-app',
      templateBody: readFileSync('__tests__/fixtures/reset/app-named.yaml', 'utf8'),
      parameters: [{ ParameterKey: 'PublicUrl', ParameterValue: server.url('reset') }],
      capabilities: ['CAPABILITY_NAMED_IAM'],
      tags: []
    })
    await enforceIam(true)
    const inputs = (phase: string) => ({
      mode: 'reset',
      'reset-phase': phase,
      'stack-name': 'reset-app',
      template: '__tests__/fixtures/reset/app-named.yaml',
      parameters: `PublicUrl=${server.url('reset')}`,
      capabilities: 'CAPABILITY_NAMED_IAM',
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health',
      'smoke-retries': '0',
      region: 'us-east-1',
      'endpoint-url': moto.url,
      'poll-seconds': '0.2'
    })
    const first = await runAction(inputs('friendly-names'), { env: credentials })
    expect(first.stdout).not.toMatch(/not authorized/)
    expect(first.code).toBe(0)
    const both = await runAction(inputs('both'), { env: credentials })
    expect(both.stdout).not.toMatch(/not authorized/)
    expect(both.code).toBe(0)
    expect(JSON.parse(both.outputs['function-names-friendly'])).toEqual({ AppFunction: 'reset-demo-app', WorkerFunction: 'reset-demo-worker' })

    await enforceIam(false)
    expect(await stackStatus('reset-app')).toBe('UPDATE_COMPLETE')
  })
})

describe('extra-env router cloudfront with only the documented permissions (moto enforcing IAM)', () => {
  const release = (extra: string, distributionId: string, credentials?: Record<string, string>) =>
    runAction(
      {
        mode: 'extra-env',
        'stack-name': 'www',
        extra,
        template: 'examples/cloudfront/template.yaml',
        parameters: `PublicUrl=${server.url(extra)}\nVersion=${extra}`,
        'endpoint-output': 'Endpoint',
        'smoke-path': '/health',
        'smoke-retries': '0',
        'verify-seconds': '0',
        region: 'us-east-1',
        'endpoint-url': moto.url,
        'poll-seconds': '0.2',
        ...(distributionId ? { router: 'cloudfront', 'distribution-id': distributionId, 'origin-output': 'OriginDomainName' } : { phase: 'deploy' })
      },
      { env: credentials }
    )

  it('swaps the origin as a user that holds only the extra-env policy, and is refused the switch without cloudfront:UpdateDistribution', async () => {
    // the first environment, and the distribution in front of it, made by an administrator
    expect((await release('blue', '')).code).toBe(0)
    const blue = (await admin().cloudformation.send(new DescribeStacksCommand({ StackName: 'www-blue' }))).Stacks![0].Outputs!.find((o) => o.OutputKey === 'OriginDomainName')!.OutputValue!
    const custom = { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'https-only' as const }
    const created = await admin().cloudfront.send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: 'www',
          Comment: 'www',
          Enabled: true,
          Origins: { Quantity: 1, Items: [{ Id: 'app', DomainName: blue, CustomOriginConfig: custom }] },
          DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' }
        }
      })
    )
    const id = created.Distribution!.Id!
    const policy = fillPolicy(loadPolicies()['extra-env'], { '<StackName>': 'www', '<DistributionId>': id, '<TemplateBucket>': 'bluegreen-templates-123456789012-us-east-1' })
    const credentials = await userWith('www-deployer', motoEnforceable(policy))
    const weakened = await userWith('www-no-update', motoEnforceable(withoutAction(policy, 'cloudfront:UpdateDistribution')))
    await enforceIam(true)

    const green = await release('green', id, credentials)
    expect(green.stdout).not.toMatch(/not authorized/)
    expect(green.code).toBe(0)
    expect(green.outputs['active-stack']).toBe('www-green')
    expect(await stackStatus('www-blue')).toBeUndefined()

    const refused = await release('blue2', id, weakened)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(/not authorized to perform: cloudfront:UpdateDistribution/)
    await enforceIam(false)
    const origin = (await admin().cloudfront.send(new GetDistributionConfigCommand({ Id: id }))).DistributionConfig!.Origins!.Items![0].DomainName
    const greenOrigin = (await admin().cloudformation.send(new DescribeStacksCommand({ StackName: 'www-green' }))).Stacks![0].Outputs!.find((o) => o.OutputKey === 'OriginDomainName')!.OutputValue
    expect(origin).toBe(greenOrigin)
  }, 240_000)
})
