import { InputError } from '../../errors.js'
import { oneOf, requireParameterValues, splitList, withTemplate, type CommonInputs, type InputGetter, type TemplateInputs } from '../../inputs.js'

export const RESET_PHASES = ['both', 'generated-names', 'friendly-names'] as const

export interface ResetInputs {
  resetPhase: (typeof RESET_PHASES)[number]
  resetProperties: { type: string; property: string }[]
  allowReplace: string[]
}

export type ResetModeInputs = TemplateInputs & { mode: 'reset'; reset: ResetInputs }

/** reset's input schema, on top of the common inputs; it always deploys a template. */
export function parseResetInputs(get: InputGetter, common: CommonInputs): ResetModeInputs {
  const inputs: ResetModeInputs = { ...withTemplate(common), mode: 'reset', reset: parseReset(get) }
  requireParameterValues(inputs)
  return inputs
}

function parseReset(get: InputGetter): ResetInputs {
  const resetProperties = splitList(get('reset-properties'), /\n/).map((line) => {
    const m = /^([A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+)\s*[=:.]\s*([A-Za-z0-9]+)$/.exec(line)
    if (!m) throw new InputError('reset-properties', `"${line}" is not accepted; write Type=Property lines such as AWS::S3::Bucket=BucketName`)
    return { type: m[1], property: m[2] }
  })
  const allowReplace = splitList(get('allow-replace'), /[\s,]+/)
  for (const id of allowReplace) {
    if (!/^[A-Za-z0-9]+$/.test(id)) throw new InputError('allow-replace', `"${id}" is not a logical id; accepted: letters and digits, comma-separated`)
  }
  return { resetPhase: oneOf(get, 'reset-phase', RESET_PHASES, 'both'), resetProperties, allowReplace }
}
