/**
 * The SDK's errors, in the shapes the SDK gives them (measured against local servers: a closed port, ENOTFOUND,
 * an HTML 404, a JSON body for an XML service, CloudFormation's ExpiredToken and Throttling error documents),
 * and the API Gateway (JSON protocol) names of the same conditions, turned into what the user reads.
 */
import { explainError } from '../../src/aws/error-advice.js'
import { DeployError, InputError } from '../../src/errors.js'

const sdkError = (name: string, message: string, extra: object = {}) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 }, ...extra })
const onAws = { region: 'eu-west-1' }
const onMoto = { region: 'us-east-1', endpointUrl: 'http://localhost:5000' }
const text = (err: unknown) => (err as Error).message

describe('explainError', () => {
  it("passes the action's own errors and unknown ones through unchanged", () => {
    const input = new InputError('tags', 'bad')
    const deploy = new DeployError('x')
    const other = new Error('something else')
    expect(explainError(input, onAws)).toBe(input)
    expect(explainError(deploy, onAws)).toBe(deploy)
    expect(explainError(other, onAws)).toBe(other)
  })

  it('no credentials: the credentials step', () => {
    const err = explainError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), onAws)
    expect(err).toBeInstanceOf(DeployError)
    expect(text(err)).toMatch(/^No AWS credentials were found: Could not load credentials from any providers\nNext: Add a step before this one .*configure-aws-credentials.*id-token: write/)
  })

  it.each([
    ['ExpiredToken', 'The security token included in the request is expired'],
    ['ExpiredTokenException', 'The security token included in the request is expired'],
    ['RequestExpired', 'Request has expired.']
  ])('expired credentials (%s): re-run, role session length', (name, message) => {
    expect(text(explainError(sdkError(name, message, { $metadata: { httpStatusCode: 403 } }), onAws))).toMatch(
      /^The AWS credentials expired: .*\nNext: Re-run the job to get fresh credentials\. .*role-duration-seconds/
    )
  })

  it.each(['UnrecognizedClientException', 'InvalidClientTokenId', 'SignatureDoesNotMatch'])('credentials AWS does not accept (%s)', (name) => {
    expect(text(explainError(sdkError(name, 'The security token included in the request is invalid.'), onAws))).toMatch(new RegExp(`^AWS did not accept the credentials \\(${name}\\)`))
  })

  it('network errors name the endpoint, or AWS and the region without one', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5000'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' })
    expect(text(explainError(refused, onMoto))).toMatch(/^Could not reach the endpoint http:\/\/localhost:5000 \(endpoint-url\): connect ECONNREFUSED.*\nNext: Check that endpoint-url is right/)
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND cloudformation.eu-west-1.amazonaws.com'), { code: 'ENOTFOUND' })
    expect(text(explainError(dns, onAws))).toMatch(/^Could not reach AWS in eu-west-1: getaddrinfo ENOTFOUND .*\nNext: Check the runner's network access to AWS/)
  })

  it('throttling past the retries: the attempts, the cause, what to change', () => {
    const err = explainError(sdkError('Throttling', 'Rate exceeded', { $metadata: { httpStatusCode: 400, attempts: 8 } }), onAws)
    expect(text(err)).toMatch(
      /^AWS kept throttling a call for 8 attempts, so it was given up: Rate exceeded\nRoot cause: Other work in the account .*\nNext: Re-run the job a little later; raise poll-seconds, lower sweep-concurrency/
    )
    expect(text(explainError(sdkError('TooManyRequestsException', 'Too Many Requests'), onAws))).toMatch(/^AWS kept throttling a call/)
  })

  it("answers that are not AWS's: an HTML page, an unreadable body, a bare status", () => {
    expect(text(explainError(sdkError('NotFound', 'Unknown', { $metadata: { httpStatusCode: 404 } }), onMoto))).toMatch(
      /^The endpoint http:\/\/localhost:5000 \(endpoint-url\) did not answer like AWS: HTTP 404 NotFound without an AWS error/
    )
    const parse = Object.assign(
      new Error('@aws-sdk XML parse error: unexpected content.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'),
      { $metadata: { httpStatusCode: 200 } }
    )
    expect(text(explainError(parse, onMoto))).toMatch(/did not answer like AWS: HTTP 200 with a body the AWS SDK could not read/)
    expect(text(explainError(sdkError('NotFound', 'Unknown', { $metadata: { httpStatusCode: 404 } }), onAws))).toMatch(/^AWS in eu-west-1 did not answer like AWS.*\nNext: Check proxy settings/)
  })

  it('access denied keeps its own explanation (docs/iam-policy.json)', () => {
    expect(text(explainError(sdkError('AccessDenied', 'User: x is not authorized to perform: cloudformation:CreateChangeSet'), onAws))).toMatch(
      /^AWS refused a call \(AccessDenied\).*\nNext: Grant the permission/
    )
  })
})
