// The least-privilege policies of docs/iam-policy.json, read and evaluated the way IAM matches an Allow
// statement: Action and Resource with `*` and `?` wildcards (actions case-insensitive), and, given the
// request's context (its condition keys and their values), the Condition block with the operators the
// policies use, as the IAM User Guide defines them: StringEquals, StringLike, Null, and the ForAllValues:
// set operators (every value of the request's key must match; a key absent from the request matches).
// Without a context, conditions are not evaluated.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { APIGATEWAY_VERBS } from '../../scripts/aws-commands.mjs'

export const POLICY_FILE = fileURLToPath(new URL('../../docs/iam-policy.json', import.meta.url))

export interface Statement {
  Sid: string
  Effect: 'Allow' | 'Deny'
  Action: string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

export interface PolicyDocument {
  Version: string
  Statement: Statement[]
}

/** The placeholders docs/iam-policy.json uses, each replaced by the user with an input's value. */
export const PLACEHOLDERS = [
  '<StackName>',
  '<DomainName>',
  '<DomainSlug>',
  '<HostedZoneId>',
  '<RecordName>',
  '<ZoneName>',
  '<RecordType>',
  '<TemplateBucket>',
  '<ListenerArn>',
  '<ListenerRuleArn>',
  '<TargetGroupArn>',
  '<DistributionId>'
] as const
export type Placeholder = (typeof PLACEHOLDERS)[number]

export function loadPolicies(): Record<string, PolicyDocument> {
  return JSON.parse(readFileSync(POLICY_FILE, 'utf8'))
}

/** The policy with its placeholders replaced, as a user would before attaching it. */
export function fillPolicy(policy: PolicyDocument, values: Partial<Record<Placeholder, string>>): PolicyDocument {
  let text = JSON.stringify(policy)
  for (const [placeholder, value] of Object.entries(values)) text = text.split(placeholder).join(value)
  return JSON.parse(text)
}

export function resourcesOf(s: Statement): string[] {
  return Array.isArray(s.Resource) ? s.Resource : [s.Resource]
}

/** IAM's wildcard match: `*` any run of characters (slashes too), `?` one character. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    caseInsensitive ? 'i' : ''
  )
  return re.test(value)
}

/** The condition keys of one request and their values (aws:ResourceTag/<key>, aws:RequestTag/<key>, route53:...). */
export type RequestContext = Record<string, string[]>

function valuesOf(context: RequestContext, key: string): string[] | undefined {
  const found = Object.keys(context).find((k) => k.toLowerCase() === key.toLowerCase())
  return found === undefined ? undefined : context[found]
}

/** One operator of a Condition block: every key in it must hold (AND); any of a key's policy values may match (OR). */
function conditionHolds(operator: string, keys: Record<string, string | string[]>, context: RequestContext): boolean {
  const [qualifier, op] = operator.includes(':') ? operator.split(':') : ['', operator]
  const match = (policyValue: string, value: string) => (op === 'StringLike' ? wildcardMatch(policyValue, value) : policyValue === value)
  if (!['StringEquals', 'StringLike', 'Null'].includes(op)) throw new Error(`condition operator ${operator} is not modelled`)
  return Object.entries(keys).every(([key, raw]) => {
    const policyValues = Array.isArray(raw) ? raw : [raw]
    const values = valuesOf(context, key)
    if (op === 'Null') return policyValues.includes(values === undefined || values.length === 0 ? 'true' : 'false')
    if (qualifier === 'ForAllValues') return (values ?? []).every((v) => policyValues.some((p) => match(p, v)))
    if (qualifier === 'ForAnyValue') return (values ?? []).some((v) => policyValues.some((p) => match(p, v)))
    // a single-valued key absent from the request never matches
    return values !== undefined && values.length === 1 && policyValues.some((p) => match(p, values[0]))
  })
}

export function statementAllows(s: Statement, action: string, resource: string, context?: RequestContext): boolean {
  if (s.Effect !== 'Allow' || !s.Action.some((a) => wildcardMatch(a, action, true)) || !resourcesOf(s).some((r) => wildcardMatch(r, resource))) return false
  if (!context || !s.Condition) return true
  return Object.entries(s.Condition).every(([operator, keys]) => conditionHolds(operator, keys, context))
}

export function isAllowed(policy: PolicyDocument, action: string, resource: string, context?: RequestContext): boolean {
  return policy.Statement.some((s) => statementAllows(s, action, resource, context))
}

/** The operation name prefixes each API Gateway verb authorizes, from the mapping the code derivation uses. */
function verbOperations(verb: string): string[] {
  const prefixes = APIGATEWAY_VERBS.filter(([, v]) => v === verb).flatMap(([re]) => /^\^\(?([\w|]+)\)?$/.exec(re.source)?.[1].split('|') ?? [])
  if (prefixes.length === 0) throw new Error(`no operations known for API Gateway verb ${verb}`)
  return prefixes
}

/**
 * The same policy in the form moto 5.2 can enforce. moto checks only the action, always against the
 * resource "*", and names API Gateway actions by operation (apigateway:GetDomainName), not by HTTP verb.
 * So: every Resource becomes "*", each apigateway:<VERB> becomes the operations of that verb
 * (apigateway:Get*, ...), and Conditions are dropped (moto denies a statement whose condition keys it
 * has no values for).
 */
export function motoEnforceable(policy: PolicyDocument): PolicyDocument {
  return {
    Version: policy.Version,
    Statement: policy.Statement.map((s) => ({
      Sid: s.Sid,
      Effect: s.Effect,
      Action: s.Action.flatMap((a) => {
        const verb = /^apigateway:([A-Z]+)$/.exec(a)?.[1]
        if (!verb) return [a]
        return verbOperations(verb).map((p) => `apigateway:${p}*`)
      }),
      Resource: '*'
    }))
  }
}

/** The policy without one action (removed from every statement that lists it). */
export function withoutAction(policy: PolicyDocument, action: string): PolicyDocument {
  const statements = policy.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => a !== action) })).filter((s) => s.Action.length > 0)
  if (JSON.stringify(statements) === JSON.stringify(policy.Statement)) throw new Error(`${action} is not in the policy`)
  return { ...policy, Statement: statements }
}
