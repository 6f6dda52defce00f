/**
 * Templates over CloudFormation's 51,200-byte inline limit, deployed by the built action (dist/index.js) on
 * moto: they go through S3 (CreateChangeSet's TemplateURL, up to 1 MB), into the bucket the action creates
 * once (bluegreen-templates-<account>-<region>) or the template-bucket input's. moto's CloudFormation reads
 * a TemplateURL from moto's own S3, as AWS's reads it from S3 with the caller's credentials.
 * What moto does not show (see __tests__/unit/template-source.test.ts): ExpectedBucketOwner (moto ignores
 * it), bucket names taken by another account, us-east-1's CreateBucket answers.
 */
import { CreateStackCommand, GetTemplateCommand, ListStackResourcesCommand, type StackResourceSummary } from '@aws-sdk/client-cloudformation'
import { CreateBucketCommand, GetBucketLifecycleConfigurationCommand, GetObjectCommand, GetPublicAccessBlockCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DIST, runAction } from '../support/action-runner.js'
import { useMoto } from '../support/moto.js'

const env = useMoto()
const dir = mkdtempSync(join(tmpdir(), 'bluegreen-large-'))
const BUCKET = 'bluegreen-templates-123456789012-us-east-1' // moto's default account

beforeAll(() => {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run package\` first`)
})

/** The template with `count` small topics added to its resources (as text, so its short-form tags stay). */
function withTopics(path: string, count: number, named: boolean): string {
  const topics = Array.from(
    { length: count },
    (_, i) => `  Topic${i}:\n    Type: AWS::SNS::Topic\n    Properties:\n${named ? `      TopicName: large-topic-${i}\n` : ''}      DisplayName: display-of-large-topic-${i}\n`
  ).join('')
  const text = readFileSync(path, 'utf8').replace(/^Resources:\n/m, `Resources:\n${topics}`)
  const out = join(dir, `${count}-${named ? 'named' : 'plain'}.yaml`)
  writeFileSync(out, text)
  return out
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

async function stackResources(stackName: string): Promise<StackResourceSummary[]> {
  const all: StackResourceSummary[] = []
  let next: string | undefined
  do {
    const page = await env.clients.cloudformation.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: next }))
    all.push(...(page.StackResourceSummaries ?? []))
    next = page.NextToken
  } while (next)
  return all
}

async function objectText(bucket: string, key: string): Promise<string> {
  const out = await env.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return out.Body!.transformToString()
}

describe('templates over 51,200 bytes', () => {
  it('extra-env: creates its bucket once (private, expiring, named in the log), uploads under the content hash, deploys from the URL', async () => {
    const template = withTopics('examples/app/template.yaml', 700, false)
    const body = readFileSync(template, 'utf8')
    expect(Buffer.byteLength(body)).toBeGreaterThan(51_200)
    const inputs = { mode: 'extra-env', phase: 'deploy', 'stack-name': 'big', extra: 'blue', template, region: 'us-east-1', 'endpoint-url': env.url, 'poll-seconds': '0.2' }

    const first = await runAction(inputs)
    expect([first.code, first.stdout.match(/::error::.*/g)]).toEqual([0, null])
    const key = `bluegreen-action/big/big-blue/${sha256(body)}.template`
    expect(first.stdout).toContain(`Created S3 bucket ${BUCKET} for templates over 51200 bytes (private, objects expire after 7 days)`)
    expect(first.stdout).toContain(`CloudFormation reads it from https://${BUCKET}.s3.us-east-1.amazonaws.com/${key}`)
    expect(await objectText(BUCKET, key)).toBe(body)
    const block = await env.clients.s3.send(new GetPublicAccessBlockCommand({ Bucket: BUCKET }))
    expect(block.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true })
    const lifecycle = await env.clients.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }))
    expect(lifecycle.Rules).toEqual([expect.objectContaining({ Status: 'Enabled', Expiration: expect.objectContaining({ Days: 7 }) })])

    // every resource of the large template is in the stack, and CloudFormation holds the template as sent
    const resources = await stackResources('big-blue')
    expect(resources.filter((r) => r.ResourceType === 'AWS::SNS::Topic')).toHaveLength(700)
    expect(resources.find((r) => r.LogicalResourceId === 'AppFunction')?.ResourceStatus).toBe('CREATE_COMPLETE')
    const deployed = await env.clients.cloudformation.send(new GetTemplateCommand({ StackName: 'big-blue' }))
    expect(deployed.TemplateBody).toBe(body)

    // a second run of the same template reuses the bucket and the object: no second bucket, no new key
    const again = await runAction(inputs)
    expect([again.code, again.stdout.match(/::error::.*/g)]).toEqual([0, null])
    expect(again.stdout).not.toContain('Created S3 bucket')
    const listed = await env.clients.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))
    expect(listed.Contents?.map((o) => o.Key)).toEqual([key])
  }, 120_000)

  it('reset: the template it rewrites (names stripped, still over the limit) goes to template-bucket too', async () => {
    await env.clients.s3.send(new CreateBucketCommand({ Bucket: 'team-templates' }))
    // a reset is for a stack that runs: the app as it was before it grew
    await env.clients.cloudformation.send(
      new CreateStackCommand({ StackName: 'big-reset', TemplateBody: readFileSync('__tests__/fixtures/reset/app-named.yaml', 'utf8'), Capabilities: ['CAPABILITY_NAMED_IAM'] })
    )
    const template = withTopics('__tests__/fixtures/reset/app-named.yaml', 700, true)
    const run = await runAction({
      mode: 'reset',
      'reset-phase': 'both',
      'stack-name': 'big-reset',
      template,
      capabilities: 'CAPABILITY_NAMED_IAM',
      'template-bucket': 'team-templates',
      region: 'us-east-1',
      'endpoint-url': env.url,
      'poll-seconds': '0.2'
    })
    expect([run.code, run.stdout.match(/::error::.*/g)]).toEqual([0, null])
    const urls = [...run.stdout.matchAll(/CloudFormation reads it from (https:\/\/team-templates\.s3\.us-east-1\.amazonaws\.com\/\S+)/g)].map((m) => m[1])
    expect(urls).toHaveLength(2) // the template without names, then the template as given
    const keys = urls.map((u) => new URL(u).pathname.slice(1))
    const stripped = await objectText('team-templates', keys[0])
    expect(Buffer.byteLength(stripped)).toBeGreaterThan(51_200)
    expect(keys[0]).toBe(`bluegreen-action/big-reset/big-reset/${sha256(stripped)}.template`)
    expect(stripped).not.toMatch(/TopicName/)
    expect(stripped).toContain('DisplayName: display-of-large-topic-1\n') // the template's own text, names edited out
    expect(await objectText('team-templates', keys[1])).toBe(readFileSync(template, 'utf8'))
    // the action made no bucket of its own
    await expect(env.clients.s3.send(new GetPublicAccessBlockCommand({ Bucket: BUCKET }))).rejects.toMatchObject({ name: 'NoSuchBucket' })
    const topics = (await stackResources('big-reset')).filter((r) => /^Topic\d+$/.test(r.LogicalResourceId ?? ''))
    expect(topics).toHaveLength(700)
    expect(topics.map((t) => t.PhysicalResourceId)).toContain('arn:aws:sns:us-east-1:123456789012:large-topic-1')
  }, 180_000)
})
