import type { Context } from '../context.js'
import { DeployError } from '../errors.js'
import { INLINE_LIMIT, TEMPLATE_LIMIT } from './template.js'

/** Where templates over the inline limit go: the template-bucket input, or the action's own bucket. */
export interface TemplateStorage {
  region: string
  bucket?: string
  /** The stack-name input: every stack of the app keeps its templates under it (template-upload.ts). */
  app: string
}

export type TemplateSource = { TemplateBody: string; TemplateURL?: undefined } | { TemplateURL: string; TemplateBody?: undefined }

/** Whether CloudFormation takes the template inline (TemplateBody). */
export function fitsInline(body: string): boolean {
  return Buffer.byteLength(body) <= INLINE_LIMIT
}

/**
 * How a template reaches CloudFormation: inline up to 51,200 bytes; above that, up to 1 MB, from S3
 * (CloudFormation refuses a larger inline body), read by CloudFormation with the job's own credentials.
 * The S3 code is loaded only for a large template: the other runs never pay its start-up.
 */
export async function templateSource(ctx: Context, stackName: string, body: string): Promise<TemplateSource> {
  const size = Buffer.byteLength(body)
  if (size <= INLINE_LIMIT) return { TemplateBody: body }
  if (size > TEMPLATE_LIMIT) {
    throw new DeployError(
      `The template for ${stackName} is ${size} bytes, over the ${TEMPLATE_LIMIT} bytes (1 MB) CloudFormation accepts even from S3`,
      undefined,
      'Split it into nested stacks, or move inline code and large values out of it.'
    )
  }
  const storage = ctx.templateStorage
  if (!storage) throw new DeployError(`The template for ${stackName} is ${size} bytes, over the ${INLINE_LIMIT} bytes CloudFormation accepts inline, and no S3 bucket is set up for it`)
  const { uploadTemplate } = await import('./template-upload.js')
  const url = await uploadTemplate(ctx, storage, stackName, body)
  ctx.log.info(`The template is ${size} bytes, over the ${INLINE_LIMIT}-byte inline limit: CloudFormation reads it from ${url}`)
  return { TemplateURL: url }
}
