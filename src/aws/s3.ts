import type { BucketLocationConstraint, S3Client } from '@aws-sdk/client-s3'
import { s3Sdk } from './sdk.js'
import { errorName } from '../errors.js'

export interface StoredObject {
  bucket: string
  key: string
  body: string
  /** The account that must own the bucket: S3 refuses the write (403) when another one does. */
  expectedOwner?: string
}

/** Writes the object; false when the bucket does not exist (the caller may create it and write again). */
export async function putObject(s3: S3Client, o: StoredObject): Promise<boolean> {
  try {
    await s3.send(
      new (await s3Sdk()).PutObjectCommand({
        Bucket: o.bucket,
        Key: o.key,
        Body: o.body,
        ContentType: 'text/plain; charset=utf-8',
        ExpectedBucketOwner: o.expectedOwner
      })
    )
    return true
  } catch (err) {
    if (errorName(err) === 'NoSuchBucket') return false
    throw err
  }
}

export type CreatedBucket = 'created' | 'ours already' | 'taken'

/**
 * Creates a private bucket whose objects expire after `expireDays`: nothing in it is public, it is encrypted
 * with S3-managed keys, and nothing piles up. A bucket this account already owns is left as it is.
 */
export async function createPrivateBucket(s3: S3Client, bucket: string, region: string, expireDays: number): Promise<CreatedBucket> {
  try {
    await s3.send(
      new (await s3Sdk()).CreateBucketCommand({
        Bucket: bucket,
        // us-east-1 is the one region that refuses a location constraint naming itself.
        CreateBucketConfiguration: region === 'us-east-1' ? undefined : { LocationConstraint: region as BucketLocationConstraint }
      })
    )
  } catch (err) {
    if (errorName(err) === 'BucketAlreadyOwnedByYou') return 'ours already'
    if (errorName(err) === 'BucketAlreadyExists') return 'taken'
    throw err
  }
  // New buckets already disable ACLs, block public access and encrypt with SSE-S3 by default; the last two
  // are set anyway, so the bucket says what it is whatever the defaults become.
  await s3.send(
    new (await s3Sdk()).PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }
    })
  )
  await s3.send(
    new (await s3Sdk()).PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }
    })
  )
  await s3.send(
    new (await s3Sdk()).PutBucketLifecycleConfigurationCommand({
      Bucket: bucket,
      LifecycleConfiguration: {
        Rules: [{ ID: 'expire-templates', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: expireDays } }]
      }
    })
  )
  return 'created'
}

/**
 * The URL CloudFormation reads a template from: the bucket's regional virtual-hosted address, or the path
 * style one when the bucket name has dots (a virtual host with dots fails TLS). Emulators take the same URL
 * (moto reads the bucket and key from it).
 */
export function objectUrl(bucket: string, key: string, region: string): string {
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'
  const path = key.split('/').map(encodeURIComponent).join('/')
  return bucket.includes('.') ? `https://s3.${region}.${domain}/${bucket}/${path}` : `https://${bucket}.s3.${region}.${domain}/${path}`
}
