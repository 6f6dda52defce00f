import type { CloudFrontClient, DistributionConfig, Origin } from '@aws-sdk/client-cloudfront'
import { cloudFrontSdk } from './sdk.js'
import { DeployError, errorName } from '../errors.js'

export type { DistributionConfig, Origin }

/** A distribution's whole configuration and the ETag that UpdateDistribution's IfMatch must carry. */
export interface VersionedConfig {
  config: DistributionConfig
  etag: string
}

/** What GetDistribution adds to the configuration: whether the last change reached every edge location, and the distribution's own domain. */
export interface DistributionState {
  /** `InProgress` until a change has propagated to all edge locations, then `Deployed`. */
  status: string
  /** d111111abcdef8.cloudfront.net */
  domainName: string
  arn: string
}

function noSuchDistribution(id: string, err: unknown): unknown {
  if (errorName(err) !== 'NoSuchDistribution') return err
  return new DeployError(`CloudFront distribution ${id} does not exist`, undefined, 'Check distribution-id, and that the action runs with credentials of the account that owns the distribution.')
}

/** GetDistributionConfig: the configuration as UpdateDistribution takes it, with its ETag. */
export async function getDistributionConfig(cf: CloudFrontClient, id: string): Promise<VersionedConfig> {
  let out
  try {
    out = await cf.send(new (await cloudFrontSdk()).GetDistributionConfigCommand({ Id: id }))
  } catch (err) {
    throw noSuchDistribution(id, err)
  }
  if (!out.DistributionConfig || !out.ETag) throw new DeployError(`CloudFront answered GetDistributionConfig for ${id} without a configuration or ETag`)
  return { config: out.DistributionConfig, etag: out.ETag }
}

export async function getDistributionState(cf: CloudFrontClient, id: string): Promise<DistributionState> {
  let out
  try {
    out = await cf.send(new (await cloudFrontSdk()).GetDistributionCommand({ Id: id }))
  } catch (err) {
    throw noSuchDistribution(id, err)
  }
  return { status: out.Distribution?.Status ?? 'unknown', domainName: out.Distribution?.DomainName ?? '', arn: out.Distribution?.ARN ?? '' }
}

/**
 * UpdateDistribution replaces the whole configuration, so `config` must be the one read with `etag`, changed
 * only where the caller means to. CloudFront refuses it with PreconditionFailed when the distribution
 * changed since that read (its ETag moved on).
 */
export async function updateDistribution(cf: CloudFrontClient, id: string, etag: string, config: DistributionConfig): Promise<VersionedConfig> {
  const out = await cf.send(new (await cloudFrontSdk()).UpdateDistributionCommand({ Id: id, IfMatch: etag, DistributionConfig: config }))
  return { config: out.Distribution?.DistributionConfig ?? config, etag: out.ETag ?? '' }
}

export function isPreconditionFailed(err: unknown): boolean {
  return errorName(err) === 'PreconditionFailed'
}

export function findOrigin(config: DistributionConfig, originId: string): Origin | undefined {
  return config.Origins?.Items?.find((o) => o.Id === originId)
}

/** The configuration with one origin's DomainName changed and every other field as it was. */
export function withOriginDomain(config: DistributionConfig, originId: string, domainName: string): DistributionConfig {
  const next = structuredClone(config)
  const origin = findOrigin(next, originId)
  if (!origin) throw new DeployError(`The distribution has no origin ${originId} any more`)
  origin.DomainName = domainName
  return next
}
