export interface AwsCall {
  /** IAM service prefix: cloudformation, apigateway, route53. */
  service: string
  /** The SDK package the command comes from, e.g. @aws-sdk/client-apigatewayv2. */
  client: string
  operation: string
  /** The IAM action that authorizes the call (API Gateway: the HTTP verb). */
  action: string
  /** The file under src/ that builds the command. */
  file: string
  /** Source text of the command's argument. */
  args: string
}
/** Each HTTP verb with the pattern of the API Gateway operation names it authorizes. */
export const APIGATEWAY_VERBS: [RegExp, string][]
export function modeEntries(root?: string): Record<string, string>
export const MODE_ENTRIES: Record<string, string>
export function iamAction(service: string, operation: string): string
export function callsFrom(entry: string): AwsCall[]
export function actionsFrom(entry: string): Map<string, Set<string>>
export function actionsByMode(root?: string): Record<string, Map<string, Set<string>>>
export function callsByMode(root?: string): Record<string, AwsCall[]>
