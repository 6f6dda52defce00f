import { referencedIds } from '../../cloudformation/references.js'
import type { Template } from '../../cloudformation/template.js'
import type { StrippedName } from './strip-names.js'

const FUNCTION_TYPES = ['AWS::Lambda::Function', 'AWS::Serverless::Function']

/**
 * A REST API serves its stage's last deployment, and CloudFormation does not redeploy a stage when a method's
 * integration changes. When a stripped function is called through a method integration, each phase points
 * the method at the new function, but the stage keeps calling the old one, which the same phase deletes.
 * Returns one warning per such function.
 */
export function staleStageWarnings(template: Template, stripped: StrippedName[]): string[] {
  const hasDeployment = Object.values(template.Resources).some((r) => r.Type === 'AWS::ApiGateway::Deployment')
  if (!hasDeployment) return []
  const methods = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Method')
  const warnings: string[] = []
  for (const s of stripped.filter((s) => FUNCTION_TYPES.includes(s.type))) {
    const callers = methods.filter(([, r]) => referencedIds(r.Properties?.Integration).has(s.logicalId)).map(([id]) => id)
    if (callers.length === 0) continue
    warnings.push(
      `REST API method(s) ${callers.join(', ')} call ${s.logicalId}: each phase points them at a new function, but CloudFormation ` +
        'does not redeploy a REST API stage for that, so the stage keeps calling the old function, which the phase deletes. ' +
        'Give the AWS::ApiGateway::Deployment a new logical id on every deploy (as SAM does), or create a deployment of the stage ' +
        'after each phase; the smoke checks between the phases catch a stage left behind.'
    )
  }
  return warnings
}
