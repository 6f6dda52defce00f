import type { StackResourceSummary } from '@aws-sdk/client-cloudformation'
import type { Template } from '../../cloudformation/template.js'
import { DeployError } from '../../errors.js'
import { executeApiUrl } from '../../aws/execute-api.js'

/** Stage names the template gives literally, from Stage and Deployment resources. */
function stageNames(template: Template): string[] {
  const names = new Set<string>()
  for (const r of Object.values(template.Resources)) {
    const name = r.Properties?.StageName
    if ((r.Type === 'AWS::ApiGateway::Stage' || r.Type === 'AWS::ApiGateway::Deployment') && typeof name === 'string') names.add(name)
  }
  return [...names]
}

/**
 * The app's URL: the endpoint-output stack output when given; otherwise the invoke URL of the stack's one
 * REST API on its one stage. Undefined when neither can be told.
 */
export function resolveEndpoint(opts: { outputs: Record<string, string>; endpointOutput?: string; resources: StackResourceSummary[]; template: Template; region: string }): string | undefined {
  if (opts.endpointOutput) {
    const value = opts.outputs[opts.endpointOutput]
    if (value === undefined) {
      throw new DeployError(
        `The stack has no output ${opts.endpointOutput} (endpoint-output)`,
        undefined,
        `Set endpoint-output to one of the stack's outputs: ${Object.keys(opts.outputs).join(', ') || 'it has none'}`
      )
    }
    return value
  }
  const apis = opts.resources.filter((r) => r.ResourceType === 'AWS::ApiGateway::RestApi' && r.PhysicalResourceId)
  const stages = stageNames(opts.template)
  if (apis.length !== 1 || stages.length !== 1) return undefined
  return executeApiUrl(apis[0].PhysicalResourceId!, opts.region, stages[0])
}
