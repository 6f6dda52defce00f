/**
 * CloudFormation's functions, as its reference lists them: the intrinsic functions, the condition
 * functions, the rule functions (Rules section) and those AWS::LanguageExtensions adds. Each has a YAML
 * short form `!Name` that stands for `Fn::Name`, except Ref and Condition, which keep their name.
 * Fn::ForEach has no short form: it is a key, `Fn::ForEach::<loop name>`.
 */
export const INTRINSIC_FUNCTIONS = ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'GetStackOutput', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform'] as const

export const CONDITION_FUNCTIONS = ['And', 'Equals', 'If', 'Not', 'Or'] as const

export const RULE_FUNCTIONS = ['Contains', 'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll'] as const

export const LANGUAGE_EXTENSION_FUNCTIONS = ['Length', 'ToJsonString'] as const

const SHORT_FORMS = new Set<string>([...INTRINSIC_FUNCTIONS, ...CONDITION_FUNCTIONS, ...RULE_FUNCTIONS, ...LANGUAGE_EXTENSION_FUNCTIONS])

/** Every short-form tag, for messages. */
export const SHORT_FORM_TAGS = ['!Ref', '!Condition', ...[...SHORT_FORMS].map((f) => `!${f}`)].join(', ')

/** The long-form key a YAML short-form tag stands for (`!Sub` → `Fn::Sub`), or undefined for a tag CloudFormation does not know. */
export function longFormOf(tag: string): string | undefined {
  const name = tag.replace(/^!/, '')
  if (name === 'Ref' || name === 'Condition') return name
  return SHORT_FORMS.has(name) ? `Fn::${name}` : undefined
}

/** `Fn::ForEach::<name>`, the loop key of AWS::LanguageExtensions (in Resources, Outputs and Conditions and inside resources). */
export const FOR_EACH_KEY = /^Fn::ForEach::[A-Za-z0-9]+$/
