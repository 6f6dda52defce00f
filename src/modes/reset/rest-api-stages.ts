import type { Template } from '../../cloudformation/template.js'
import type { StrippedName } from './strip-names.js'

const FUNCTION_TYPES = ['AWS::Lambda::Function', 'AWS::Serverless::Function']

/** Whether a template fragment refers to a resource by Ref, GetAtt or a ${Id} / ${Id.Attr} in Fn::Sub. */
function refersTo(node: unknown, id: string): boolean {
  if (typeof node === 'string') return false
  if (Array.isArray(node)) return node.some((n) => refersTo(n, id))
  if (!node || typeof node !== 'object') return false
  const o = node as Record<string, unknown>
  if (o.Ref === id) return true
  const getAtt = o['Fn::GetAtt']
  if ((Array.isArray(getAtt) && getAtt[0] === id) || (typeof getAtt === 'string' && getAtt.split('.')[0] === id)) return true
  const sub = o['Fn::Sub']
  const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined
  if (subText && new RegExp(`\\$\\{${id}(\\.[A-Za-z0-9.]+)?\\}`).test(subText)) return true
  return Object.values(o).some((v) => refersTo(v, id))
}

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
    const callers = methods.filter(([, r]) => refersTo(r.Properties?.Integration, s.logicalId)).map(([id]) => id)
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
