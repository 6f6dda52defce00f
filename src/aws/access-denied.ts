import { DeployError, errorMessage, errorName } from '../errors.js'

// The names AWS services give a call the credentials may not make (CloudFormation and Route 53:
// AccessDenied; API Gateway: AccessDeniedException).
const DENIED = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError)$/

export function isAccessDenied(err: unknown): boolean {
  return DENIED.test(errorName(err)) || /is not authorized to perform/.test(errorMessage(err))
}

/** A refused AWS call as an error the user acts on: the missing permission, and where the policy is. */
export function accessDenied(err: unknown): DeployError {
  return new DeployError(
    `AWS refused a call (${errorName(err) || 'AccessDenied'}): ${errorMessage(err)}`,
    undefined,
    'Grant the permission named above to the role the workflow assumes; docs/iam-policy.json has the policy each mode needs (docs/iam.md explains it).'
  )
}
