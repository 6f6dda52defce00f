import { GetTemplateCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { errorMessage } from '../errors.js'
import { parseTemplate, type Template } from './template.js'

/** The template the stack was last deployed with, as submitted (before transforms), as text. */
export async function getStackTemplate(cfn: CloudFormationClient, stackName: string): Promise<string> {
  const out = await cfn.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }))
  const body = out.TemplateBody as unknown
  return typeof body === 'string' ? body : JSON.stringify(body)
}

/** The deployed template parsed, or undefined when there is no stack (or it has no template yet). */
export async function deployedTemplate(cfn: CloudFormationClient, stackName: string): Promise<Template | undefined> {
  try {
    const body = await getStackTemplate(cfn, stackName)
    return body ? parseTemplate(body, `the template of stack ${stackName}`) : undefined
  } catch (err) {
    if (/does not exist/.test(errorMessage(err))) return undefined
    throw err
  }
}
