import { accessDenied, isAccessDenied } from '../../src/aws/access-denied.js'
import { DeployError } from '../../src/errors.js'

/** Errors shaped as the SDK throws them: the service's error code as the name. */
function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name })
}

describe('refused AWS calls', () => {
  it.each([
    [
      'CloudFormation (query protocol)',
      'AccessDenied',
      'User: arn:aws:sts::123456789012:assumed-role/deploy/gh is not authorized to perform: cloudformation:ExecuteChangeSet on resource: arn:aws:cloudformation:us-east-1:123456789012:stack/shop-blue/abc because no identity-based policy allows the cloudformation:ExecuteChangeSet action'
    ],
    [
      'API Gateway (REST JSON)',
      'AccessDeniedException',
      'User: arn:aws:sts::123456789012:assumed-role/deploy/gh is not authorized to perform: apigateway:PATCH on resource: arn:aws:apigateway:us-east-1::/domainnames/api.example.com/basepathmappings/(none)'
    ],
    [
      'Route 53 (REST XML)',
      'AccessDenied',
      'User: arn:aws:sts::123456789012:assumed-role/deploy/gh is not authorized to perform: route53:ChangeResourceRecordSets on resource: arn:aws:route53:::hostedzone/Z1'
    ]
  ])('%s: recognized, and reported with the permission and where the policy is', (_service, name, message) => {
    const err = awsError(name, message)
    expect(isAccessDenied(err)).toBe(true)
    const reported = accessDenied(err)
    expect(reported).toBeInstanceOf(DeployError)
    expect(reported.message).toContain(`AWS refused a call (${name}): ${message}`)
    expect(reported.nextSteps).toMatch(/docs\/iam-policy\.json/)
  })

  it('leaves other failures alone', () => {
    expect(isAccessDenied(awsError('ValidationError', 'Stack with id shop does not exist'))).toBe(false)
    expect(isAccessDenied(awsError('ThrottlingException', 'Rate exceeded'))).toBe(false)
    expect(isAccessDenied(new Error('socket hang up'))).toBe(false)
  })
})
