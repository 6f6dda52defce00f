import type { CloudFrontClient, ContinuousDeploymentPolicyConfig, DistributionSummary } from '@aws-sdk/client-cloudfront'
import { cloudFrontSdk } from './sdk.js'
import { DeployError, errorName } from '../errors.js'
import type { VersionedConfig } from './cloudfront.js'

// CloudFront continuous deployment (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/continuous-deployment.html):
// a staging distribution copied from the primary, and a continuous deployment policy attached to the primary
// that sends part of the primary's viewers to the staging distribution (by weight, 0 to 0.15, or by one
// request header whose name starts with aws-cf-cd-).

export type { ContinuousDeploymentPolicyConfig }

/** A staging distribution as CopyDistribution returns it. */
export interface CopiedDistribution extends VersionedConfig {
  id: string
  arn: string
  /** d111111abcdef8.cloudfront.net: what the policy's StagingDistributionDnsNames names. */
  domainName: string
}

/** The tag a staging distribution of this action carries: the IAM policy lets the action change only distributions tagged for its primary. */
export const STAGING_TAG = 'bluegreen:staging-of'

/** A continuous deployment policy with the ETag that UpdateContinuousDeploymentPolicy and DeleteContinuousDeploymentPolicy take as IfMatch. */
export interface VersionedPolicy {
  id: string
  config: ContinuousDeploymentPolicyConfig
  etag: string
}

/**
 * CopyDistribution with Staging=true: a staging distribution with the primary's configuration, as of the
 * primary's ETag given in IfMatch (PreconditionFailed when the primary changed since). A CallerReference
 * already used answers DistributionAlreadyExists.
 */
export async function copyToStaging(cf: CloudFrontClient, primaryId: string, primaryEtag: string, callerReference: string): Promise<CopiedDistribution> {
  const out = await cf.send(
    new (await cloudFrontSdk()).CopyDistributionCommand({ PrimaryDistributionId: primaryId, Staging: true, IfMatch: primaryEtag, CallerReference: callerReference, Enabled: true })
  )
  const d = out.Distribution
  if (!d?.Id || !d.DomainName || !d.DistributionConfig || !out.ETag)
    throw new DeployError(`CloudFront answered CopyDistribution of ${primaryId} without the staging distribution's id, domain, configuration or ETag`)
  return { id: d.Id, arn: d.ARN ?? '', domainName: d.DomainName, config: d.DistributionConfig, etag: out.ETag }
}

/** TagResource: the staging distribution tagged bluegreen:staging-of=<primary id> (CopyDistribution takes no tags). */
export async function tagStaging(cf: CloudFrontClient, arn: string, primaryId: string): Promise<void> {
  await cf.send(new (await cloudFrontSdk()).TagResourceCommand({ Resource: arn, Tags: { Items: [{ Key: STAGING_TAG, Value: primaryId }] } }))
}

/** Every staging distribution of the account (ListDistributions, all pages): the summary carries Staging. */
export async function listStagingDistributions(cf: CloudFrontClient): Promise<DistributionSummary[]> {
  const found: DistributionSummary[] = []
  let marker: string | undefined
  do {
    const out = await cf.send(new (await cloudFrontSdk()).ListDistributionsCommand({ Marker: marker }))
    const list = out.DistributionList
    found.push(...(list?.Items ?? []).filter((d) => d.Staging))
    marker = list?.IsTruncated ? list.NextMarker : undefined
  } while (marker)
  return found
}

export async function createPolicy(cf: CloudFrontClient, config: ContinuousDeploymentPolicyConfig): Promise<VersionedPolicy> {
  const out = await cf.send(new (await cloudFrontSdk()).CreateContinuousDeploymentPolicyCommand({ ContinuousDeploymentPolicyConfig: config }))
  const policy = out.ContinuousDeploymentPolicy
  if (!policy?.Id || !out.ETag) throw new DeployError('CloudFront answered CreateContinuousDeploymentPolicy without the policy id or ETag')
  return { id: policy.Id, config: policy.ContinuousDeploymentPolicyConfig ?? config, etag: out.ETag }
}

/** GetContinuousDeploymentPolicy; undefined when it does not exist (NoSuchContinuousDeploymentPolicy). */
export async function getPolicy(cf: CloudFrontClient, id: string): Promise<VersionedPolicy | undefined> {
  try {
    const out = await cf.send(new (await cloudFrontSdk()).GetContinuousDeploymentPolicyCommand({ Id: id }))
    const config = out.ContinuousDeploymentPolicy?.ContinuousDeploymentPolicyConfig
    if (!config || !out.ETag) throw new DeployError(`CloudFront answered GetContinuousDeploymentPolicy ${id} without its configuration or ETag`)
    return { id, config, etag: out.ETag }
  } catch (err) {
    if (errorName(err) === 'NoSuchContinuousDeploymentPolicy') return undefined
    throw err
  }
}

/** The policy that sends traffic to `stagingDomain`, when one exists (created and never attached, by an interrupted run). */
export async function findPolicyFor(cf: CloudFrontClient, stagingDomain: string): Promise<VersionedPolicy | undefined> {
  let marker: string | undefined
  do {
    const out = await cf.send(new (await cloudFrontSdk()).ListContinuousDeploymentPoliciesCommand({ Marker: marker }))
    const list = out.ContinuousDeploymentPolicyList
    for (const item of list?.Items ?? []) {
      const p = item.ContinuousDeploymentPolicy
      if (p?.Id && p.ContinuousDeploymentPolicyConfig?.StagingDistributionDnsNames?.Items?.includes(stagingDomain)) return getPolicy(cf, p.Id)
    }
    marker = list?.NextMarker
  } while (marker)
  return undefined
}

/**
 * UpdateContinuousDeploymentPolicy replaces the whole policy configuration ("all the fields are updated with
 * the values that are provided in the request"), with the ETag of the read as IfMatch.
 */
export async function updatePolicy(cf: CloudFrontClient, policy: VersionedPolicy, config: ContinuousDeploymentPolicyConfig): Promise<VersionedPolicy> {
  const out = await cf.send(new (await cloudFrontSdk()).UpdateContinuousDeploymentPolicyCommand({ Id: policy.id, IfMatch: policy.etag, ContinuousDeploymentPolicyConfig: config }))
  return { id: policy.id, config: out.ContinuousDeploymentPolicy?.ContinuousDeploymentPolicyConfig ?? config, etag: out.ETag ?? '' }
}

/** DeleteContinuousDeploymentPolicy: refused with ContinuousDeploymentPolicyInUse while a primary distribution names it. */
export async function deletePolicy(cf: CloudFrontClient, policy: VersionedPolicy): Promise<void> {
  await cf.send(new (await cloudFrontSdk()).DeleteContinuousDeploymentPolicyCommand({ Id: policy.id, IfMatch: policy.etag }))
}

/** DeleteDistribution: refused with DistributionNotDisabled unless the distribution was disabled and that change is Deployed. */
export async function deleteDistribution(cf: CloudFrontClient, id: string, etag: string): Promise<void> {
  await cf.send(new (await cloudFrontSdk()).DeleteDistributionCommand({ Id: id, IfMatch: etag }))
}
