import type { STSClient } from '@aws-sdk/client-sts'
import { stsSdk } from './sdk.js'

/** The account of the job's credentials (GetCallerIdentity needs no IAM permission). */
export async function callerAccount(sts: STSClient): Promise<string> {
  const out = await sts.send(new (await stsSdk()).GetCallerIdentityCommand({}))
  if (!out.Account) throw new Error('STS GetCallerIdentity returned no account')
  return out.Account
}
