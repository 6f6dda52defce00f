import { parseTemplate } from '../../src/cloudformation/template.js'
import { conditionHolds } from '../../src/cloudformation/conditions.js'
import type { Template } from '../../src/cloudformation/template.js'
import { decide } from '../../src/modes/api-replace/decision.js'
import type { ConflictReport } from '../../src/modes/api-replace/conflicts.js'
import { DeployError } from '../../src/errors.js'

const conflict: ConflictReport = {
  matchedBy: 'logical-ids',
  created: ['Post'],
  conflicts: [{ kind: 'variable-renamed', route: '/posts/{post_id}', existing: '/posts/{id}', logicalId: 'Post', message: 'one variable per level' }]
}
const clean: ConflictReport = { matchedBy: 'logical-ids', created: ['Tags'], conflicts: [] }
const diff = { added: ['/tags'], removed: [], methodsAdded: ['GET /tags'], methodsRemoved: [] }

describe('the replace decision', () => {
  it('auto replaces on a conflict, naming the routes; keeps the API for compatible changes', () => {
    expect(decide({ mode: 'auto', hasPrevious: true, report: conflict, diff })).toEqual({
      replace: true,
      kind: 'conflicts',
      reason: 'route changes an in-place update cannot apply: /posts/{id} → /posts/{post_id}'
    })
    expect(decide({ mode: 'auto', hasPrevious: true, report: clean, diff })).toEqual({
      replace: false,
      kind: 'compatible',
      reason: 'compatible route changes, updated in place: 1 route(s) added, 1 method(s) added'
    })
  })

  it('never with a conflict throws a DeployError that names the routes and says nothing was deployed', () => {
    let err: unknown
    try {
      decide({ mode: 'never', hasPrevious: true, report: conflict, diff })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(DeployError)
    expect((err as DeployError).message).toMatch(/replace is never[\s\S]*\/posts\/\{id\} → \/posts\/\{post_id\}/)
    expect((err as DeployError).nextSteps).toMatch(/Nothing was deployed/)
    expect(decide({ mode: 'never', hasPrevious: true, report: clean, diff }).replace).toBe(false)
  })

  it('always replaces, a new stack never does, and a RestApi renamed in the template is a replacement', () => {
    expect(decide({ mode: 'always', hasPrevious: true, report: clean, diff })).toMatchObject({ replace: true, kind: 'always' })
    expect(decide({ mode: 'always', hasPrevious: false })).toMatchObject({ replace: false, kind: 'new-api' })
    expect(decide({ mode: 'auto', hasPrevious: true, renamedBy: { from: 'Api', to: 'HttpApi' }, report: clean })).toMatchObject({ replace: true, kind: 'logical-id-changed' })
    expect(() => decide({ mode: 'never', hasPrevious: true, renamedBy: { from: 'Api', to: 'HttpApi' } })).toThrow(/Rename the RestApi back to Api/)
  })
})

describe('template conditions (whether a mapping in the template is created)', () => {
  const t = parseTemplate(`
Parameters:
  DomainName: { Type: String, Default: '' }
  Stage: { Type: String, Default: prod }
  Other: { Type: String }
Conditions:
  HasDomain: !Not [!Equals [!Ref DomainName, '']]
  IsProd: !Equals [!Ref Stage, prod]
  Both: !And [!Condition HasDomain, !Condition IsProd]
  Either: !Or [!Condition HasDomain, !Condition IsProd]
  Unknown: !Equals [!Ref Other, x]
  UnknownOrProd: !Or [!Condition Unknown, !Condition IsProd]
Resources:
  Q: { Type: AWS::SQS::Queue }
`)
  // how api-replace asks: parameter values only, no pseudo parameters; undefined when it cannot tell
  const evaluateCondition = (template: Template, name: string, parameters: Record<string, string>) => conditionHolds({ template, parameters, pseudo: {} }, name)
  it('evaluates Equals, Not, And, Or and Condition with parameter values; undefined when it cannot tell', () => {
    const params = { DomainName: '', Stage: 'prod' }
    expect(evaluateCondition(t, 'HasDomain', params)).toBe(false)
    expect(evaluateCondition(t, 'HasDomain', { ...params, DomainName: 'api.example.com' })).toBe(true)
    expect(evaluateCondition(t, 'Both', params)).toBe(false)
    expect(evaluateCondition(t, 'Either', params)).toBe(true)
    expect(evaluateCondition(t, 'Unknown', params)).toBeUndefined()
    expect(evaluateCondition(t, 'UnknownOrProd', params)).toBe(true)
    expect(evaluateCondition(t, 'Missing', params)).toBeUndefined()
  })
})
