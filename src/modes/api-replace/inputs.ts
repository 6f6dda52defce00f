import { InputError } from '../../errors.js'
import { oneOf, parseBasePath, parseHostname, requireParameterValues, withTemplate, type CommonInputs, type InputGetter, type TemplateInputs } from '../../inputs.js'

export const REPLACE_CHOICES = ['auto', 'always', 'never'] as const

export interface ApiReplaceInputs {
  replace: (typeof REPLACE_CHOICES)[number]
  restApiLogicalId?: string
  domainName?: string
  basePath: string
  rewrittenTemplatePath?: string
}

export type ApiReplaceModeInputs = TemplateInputs & { mode: 'api-replace'; apiReplace: ApiReplaceInputs }

/** api-replace's input schema, on top of the common inputs; it always deploys a template. */
export function parseApiReplaceInputs(get: InputGetter, common: CommonInputs): ApiReplaceModeInputs {
  const inputs: ApiReplaceModeInputs = { ...withTemplate(common), mode: 'api-replace', apiReplace: parseApiReplace(get) }
  requireParameterValues(inputs)
  return inputs
}

function parseApiReplace(get: InputGetter): ApiReplaceInputs {
  const logical = get('rest-api-logical-id')
  if (logical !== '' && !/^[A-Za-z0-9]+$/.test(logical)) throw new InputError('rest-api-logical-id', `"${logical}" is not a logical id; accepted: letters and digits`)
  return {
    replace: oneOf(get, 'replace', REPLACE_CHOICES, 'auto'),
    restApiLogicalId: logical || undefined,
    domainName: parseHostname(get('domain-name'), 'domain-name', false),
    basePath: parseBasePath(get('base-path')),
    rewrittenTemplatePath: get('rewritten-template') || undefined
  }
}
