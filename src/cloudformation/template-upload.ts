import { createHash } from 'node:crypto'
import { isAccessDenied } from '../aws/access-denied.js'
import { createPrivateBucket, objectUrl, putObject } from '../aws/s3.js'
import { callerAccount } from '../aws/sts.js'
import type { Context } from '../context.js'
import { DeployError, errorMessage, errorName } from '../errors.js'
import { INLINE_LIMIT } from './template.js'
import type { TemplateStorage } from './template-source.js'

/** CloudFormation reads the template when the change set is created; a week leaves room for re-runs and reviews. */
export const EXPIRE_DAYS = 7

/** The bucket the action creates once per account and region when template-bucket is not given. */
export function defaultBucketName(account: string, region: string): string {
  return `bluegreen-templates-${account}-${region}`
}

/**
 * The object key: under the app's stack-name (so the IAM grant `bluegreen-action/<StackName>/*` reaches its
 * environment stacks' templates and no other app's, since a stack name holds no `/`), then the stack, then
 * the content's hash, so a retry or re-run writes the same object again.
 */
export function templateKey(app: string, stackName: string, body: string): string {
  return `bluegreen-action/${app}/${stackName}/${createHash('sha256').update(body).digest('hex')}.template`
}

/** Writes the template to S3 (template-bucket, or the action's own bucket) and returns the URL CloudFormation reads. */
export async function uploadTemplate(ctx: Context, storage: TemplateStorage, stackName: string, body: string): Promise<string> {
  const key = templateKey(storage.app, stackName, body)
  const bucket = storage.bucket ?? (await ownBucket(ctx, storage, key, body))
  if (storage.bucket) await write(ctx, storage, { bucket, key, body }, 'template-bucket')
  return objectUrl(bucket, key, storage.region)
}

/** The action's bucket, created at the first large template of this account and region; the object is written. */
async function ownBucket(ctx: Context, storage: TemplateStorage, key: string, body: string): Promise<string> {
  // Bucket names are global: the account in the name keeps it ours to create, and as ExpectedBucketOwner it
  // makes S3 refuse the write when someone else created that name first.
  const account = await callerAccount(ctx.clients.sts)
  const bucket = defaultBucketName(account, storage.region)
  const object = { bucket, key, body, expectedOwner: account }
  if (await write(ctx, storage, object)) return bucket
  const created = await createPrivateBucket(ctx.clients.s3, bucket, storage.region, EXPIRE_DAYS)
  if (created === 'taken') {
    throw new DeployError(`The S3 bucket ${bucket} for large templates belongs to another account`, undefined, 'Set the template-bucket input to a bucket of yours in this region.')
  }
  if (created === 'created') {
    const why = ctx.dryRun ? ' (a dry run too: CloudFormation computes the change set from the template in S3)' : ''
    ctx.log.info(`Created S3 bucket ${bucket} for templates over ${INLINE_LIMIT} bytes (private, objects expire after ${EXPIRE_DAYS} days)${why}; later runs in this account and region reuse it.`)
  }
  if (!(await write(ctx, storage, object))) throw new DeployError(`The S3 bucket ${bucket} was created but cannot be written to yet`, undefined, 'Re-run the action.')
  return bucket
}

async function write(ctx: Context, storage: TemplateStorage, object: Parameters<typeof putObject>[1], input?: string): Promise<boolean> {
  const where = `s3://${object.bucket}/${object.key}`
  try {
    const written = await putObject(ctx.clients.s3, object)
    if (!written && input)
      throw new DeployError(`The S3 bucket ${object.bucket} (${input}) does not exist`, undefined, `Create it in ${storage.region}, or leave ${input} empty to let the action create its own.`)
    return written
  } catch (err) {
    if (!isAccessDenied(err)) throw err
    throw new DeployError(
      `S3 refused to store the template at ${where} (${errorName(err) || 'AccessDenied'}): ${errorMessage(err)}`,
      undefined,
      input
        ? `Grant s3:PutObject and s3:GetObject on ${object.bucket}/* to the role the workflow assumes (docs/iam-policy.json).`
        : `Grant the S3 statement of docs/iam-policy.json to the role the workflow assumes; if ${object.bucket} belongs to another account, set template-bucket to a bucket of yours.`
    )
  }
}
