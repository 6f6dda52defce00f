/**
 * How templates reach CloudFormation, against S3 answers moto does not give: moto ignores
 * ExpectedBucketOwner, and its bucket names are per server, not global. The AWS behaviour encoded here:
 * - CreateChangeSet's TemplateBody takes at most 51,200 bytes; TemplateURL a template of at most 1 MB in S3.
 * - PutObject to a bucket that does not exist: NoSuchBucket. With ExpectedBucketOwner naming another account
 *   than the bucket's: 403 AccessDenied (S3 User Guide, "Verifying bucket ownership with bucket owner condition").
 * - CreateBucket of a name this account owns: BucketAlreadyOwnedByYou (outside us-east-1, where it answers
 *   200); of a name another account owns: BucketAlreadyExists (bucket names are global).
 *   In us-east-1 a LocationConstraint is refused (S3 API Reference, CreateBucket).
 */
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketLifecycleConfigurationCommand, PutObjectCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { createHash } from 'node:crypto'
import { createClients } from '../../src/aws/all-clients.js'
import { objectUrl } from '../../src/aws/s3.js'
import { templateSource } from '../../src/cloudformation/template-source.js'
import { DeployError } from '../../src/errors.js'
import { testContext } from '../support/context.js'

const s3 = mockClient(S3Client)
const sts = mockClient(STSClient)
const clients = createClients({ region: 'eu-west-1' })
const ACCOUNT = '111122223333'
const awsError = (name: string, message = name) => Object.assign(new Error(message), { name })
const large = JSON.stringify({ Description: 'x'.repeat(60_000), Resources: { T: { Type: 'AWS::SNS::Topic' } } })
const sha = createHash('sha256').update(large).digest('hex')

beforeEach(() => {
  s3.reset()
  sts.reset()
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/gh`, UserId: 'AROA:gh' })
})

const ctxIn = (region: string, bucket?: string) => testContext(clients, { templateStorage: { region, bucket, app: 'shop' } })

describe('templateSource', () => {
  it('sends a template of up to 51,200 bytes inline and touches neither S3 nor STS', async () => {
    const body = JSON.stringify({ Description: 'x'.repeat(51_200 - 60), Resources: {} })
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(51_200)
    expect(await templateSource(ctxIn('eu-west-1'), 'shop', body)).toEqual({ TemplateBody: body })
    expect(s3.calls()).toHaveLength(0)
    expect(sts.calls()).toHaveLength(0)
  })

  it('writes a larger one to template-bucket under its content hash and sends its regional URL', async () => {
    s3.on(PutObjectCommand).resolves({})
    const ctx = ctxIn('eu-west-1', 'my-templates')
    const source = await templateSource(ctx, 'shop', large)
    expect(source).toEqual({ TemplateURL: `https://my-templates.s3.eu-west-1.amazonaws.com/bluegreen-action/shop/shop/${sha}.template` })
    const put = s3.commandCalls(PutObjectCommand)
    expect(put.map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({ Bucket: 'my-templates', Key: `bluegreen-action/shop/shop/${sha}.template`, Body: large, ExpectedBucketOwner: undefined })
    ])
    // a given bucket is the user's: no account lookup, nothing created
    expect(sts.calls()).toHaveLength(0)
    expect(s3.commandCalls(CreateBucketCommand)).toHaveLength(0)
    expect(ctx.log.lines.join('\n')).toContain(`CloudFormation reads it from ${(source as { TemplateURL: string }).TemplateURL}`)
    // the same template again: the same object (a retry rewrites it, nothing new piles up)
    expect(await templateSource(ctx, 'shop', large)).toEqual(source)
  })

  it('creates its own bucket at the first large template: private, encrypted, expiring, named in the log; then writes', async () => {
    s3.on(PutObjectCommand).rejectsOnce(awsError('NoSuchBucket', 'The specified bucket does not exist')).resolves({})
    s3.on(CreateBucketCommand).resolves({ Location: 'http://bluegreen-templates-111122223333-eu-west-1.s3.amazonaws.com/' })
    const ctx = ctxIn('eu-west-1')
    const source = await templateSource(ctx, 'shop', large)
    const bucket = `bluegreen-templates-${ACCOUNT}-eu-west-1`
    expect(source).toEqual({ TemplateURL: `https://${bucket}.s3.eu-west-1.amazonaws.com/bluegreen-action/shop/shop/${sha}.template` })
    expect(s3.commandCalls(CreateBucketCommand)[0].args[0].input).toEqual({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })
    expect(s3.commandCalls(PutPublicAccessBlockCommand)[0].args[0].input.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true
    })
    expect(s3.commandCalls(PutBucketEncryptionCommand)[0].args[0].input.ServerSideEncryptionConfiguration).toEqual({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] })
    expect(s3.commandCalls(PutBucketLifecycleConfigurationCommand)[0].args[0].input.LifecycleConfiguration?.Rules).toEqual([expect.objectContaining({ Status: 'Enabled', Expiration: { Days: 7 } })])
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)
    expect(puts).toHaveLength(2)
    for (const put of puts) expect(put).toMatchObject({ Bucket: bucket, ExpectedBucketOwner: ACCOUNT })
    expect(ctx.log.lines.join('\n')).toMatch(new RegExp(`Created S3 bucket ${bucket} .*private, objects expire after 7 days`))
  })

  it('in a dry run too (CloudFormation computes the change set from S3), and says so', async () => {
    s3.on(PutObjectCommand).rejectsOnce(awsError('NoSuchBucket')).resolves({})
    s3.on(CreateBucketCommand).resolves({})
    const ctx = testContext(clients, { templateStorage: { region: 'eu-west-1', app: 'shop' }, dryRun: true })
    await templateSource(ctx, 'shop', large)
    expect(ctx.log.text()).toMatch(/Created S3 bucket bluegreen-templates-111122223333-eu-west-1 .*\(a dry run too: CloudFormation computes the change set from the template in S3\)/)
  })

  it('reuses its bucket on later runs: one write, no create', async () => {
    s3.on(PutObjectCommand).resolves({})
    await templateSource(ctxIn('us-east-1'), 'shop', large)
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1)
    expect(s3.commandCalls(CreateBucketCommand)).toHaveLength(0)
  })

  it('in us-east-1 creates the bucket without a location constraint', async () => {
    s3.on(PutObjectCommand).rejectsOnce(awsError('NoSuchBucket')).resolves({})
    s3.on(CreateBucketCommand).resolves({})
    expect(await templateSource(ctxIn('us-east-1'), 'shop', large)).toEqual({
      TemplateURL: expect.stringMatching(/^https:\/\/bluegreen-templates-111122223333-us-east-1\.s3\.us-east-1\.amazonaws\.com\//)
    })
    expect(s3.commandCalls(CreateBucketCommand)[0].args[0].input.CreateBucketConfiguration).toBeUndefined()
  })

  it('takes the bucket when a parallel run created it first (BucketAlreadyOwnedByYou), leaving its setup to that run', async () => {
    s3.on(PutObjectCommand).rejectsOnce(awsError('NoSuchBucket')).resolves({})
    s3.on(CreateBucketCommand).rejects(awsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.'))
    const ctx = ctxIn('eu-west-1')
    expect(await templateSource(ctx, 'shop', large)).toEqual({ TemplateURL: expect.stringContaining('bluegreen-templates-111122223333-eu-west-1.s3.eu-west-1') })
    expect(s3.commandCalls(PutPublicAccessBlockCommand)).toHaveLength(0)
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2)
    expect(ctx.log.lines.join('\n')).not.toContain('Created S3 bucket')
  })

  it('refuses a bucket name another account holds, and never writes to it', async () => {
    s3.on(PutObjectCommand).rejects(awsError('NoSuchBucket'))
    s3.on(CreateBucketCommand).rejects(awsError('BucketAlreadyExists', 'The requested bucket name is not available.'))
    await expect(templateSource(ctxIn('eu-west-1'), 'shop', large)).rejects.toThrow(/belongs to another account[\s\S]*Next: Set the template-bucket input/)
  })

  it('says what to do when S3 refuses the write (another account owns the bucket, or the role lacks s3:PutObject)', async () => {
    s3.on(PutObjectCommand).rejects(awsError('AccessDenied', 'Access Denied'))
    const err = await templateSource(ctxIn('eu-west-1'), 'shop', large).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(/S3 refused to store the template at s3:\/\/bluegreen-templates-111122223333-eu-west-1\/bluegreen-action\/shop\/shop\/[0-9a-f]{64}\.template \(AccessDenied\)/)
    expect(err.nextSteps).toMatch(/docs\/iam-policy\.json.*set template-bucket/)
    const given = await templateSource(ctxIn('eu-west-1', 'my-templates'), 'shop', large).catch((e) => e)
    expect(given.nextSteps).toMatch(/s3:PutObject and s3:GetObject on my-templates\/\*/)
  })

  it('names template-bucket when that bucket does not exist', async () => {
    s3.on(PutObjectCommand).rejects(awsError('NoSuchBucket'))
    await expect(templateSource(ctxIn('eu-west-1', 'my-templates'), 'shop', large)).rejects.toThrow(/The S3 bucket my-templates \(template-bucket\) does not exist/)
    expect(s3.commandCalls(CreateBucketCommand)).toHaveLength(0)
  })

  it('refuses a template over 1 MB before any call', async () => {
    const huge = JSON.stringify({ Description: 'x'.repeat(1_048_576), Resources: {} })
    await expect(templateSource(ctxIn('eu-west-1'), 'shop', huge)).rejects.toThrow(/over the 1048576 bytes \(1 MB\) CloudFormation accepts even from S3/)
    expect(s3.calls()).toHaveLength(0)
  })

  it('addresses a bucket with dots by path (a virtual host with dots fails TLS), and China regions on amazonaws.com.cn', () => {
    expect(objectUrl('my.templates', 'a/b c.template', 'eu-west-1')).toBe('https://s3.eu-west-1.amazonaws.com/my.templates/a/b%20c.template')
    expect(objectUrl('mine', 'k', 'cn-north-1')).toBe('https://mine.s3.cn-north-1.amazonaws.com.cn/k')
  })
})
