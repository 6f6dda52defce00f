import { partition } from '@aws-sdk/core/client'

/**
 * The default invoke URL of an API Gateway API: https://<id>.execute-api.<region>.<dns suffix>[/<stage>], with the
 * region's partition's DNS suffix (amazonaws.com.cn in the China regions, for example).
 */
export function executeApiUrl(apiId: string, region: string, stage?: string): string {
  const base = `https://${apiId}.execute-api.${region}.${partition(region).dnsSuffix}`
  return stage === undefined ? base : `${base}/${stage}`
}
