import { DeployError, errorMessage, errorName, InputError, isThrottling } from '../errors.js'
import { accessDenied, isAccessDenied } from './access-denied.js'
import { callOf } from './call-context.js'

/** Where the action sends its AWS calls, to name it when it cannot be reached or does not answer like AWS. */
export interface Endpoint {
  region: string
  endpointUrl?: string
}

const NETWORK = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_CONNECT_TIMEOUT|TimeoutError|RequestTimeout)$/
const EXPIRED = /^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/
const INVALID_CREDENTIALS =
  /^(InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|IncompleteSignature|InvalidSignatureException|MissingAuthenticationToken|MissingAuthenticationTokenException)$/

/**
 * An error from the SDK or the network as the user should read it: what happened, to which call, and what to
 * do. Errors the action raised itself (InputError, DeployError) and ones it does not recognise pass through.
 */
export function explainError(err: unknown, where: Endpoint): unknown {
  if (err instanceof InputError || err instanceof DeployError) return err
  const name = errorName(err)
  const code = String((err as { code?: unknown })?.code ?? '')
  const message = errorMessage(err)
  const call = callOf(err)
  const during = call ? ` (${call})` : ''
  const target = where.endpointUrl ? `the endpoint ${where.endpointUrl} (endpoint-url)` : `AWS in ${where.region}`

  if (isAccessDenied(err)) return accessDenied(err)
  if (name === 'CredentialsProviderError' || /Could not load credentials|Unable to load credentials/i.test(message)) {
    return new DeployError(
      `No AWS credentials were found${during}: ${message}`,
      undefined,
      'Add a step before this one that provides them, usually aws-actions/configure-aws-credentials with role-to-assume (OIDC, which needs `permissions: id-token: write`), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment.'
    )
  }
  if (EXPIRED.test(name) || /security token included in the request is expired|token has expired/i.test(message)) {
    return new DeployError(
      `The AWS credentials expired${during}: ${message}`,
      undefined,
      "Re-run the job to get fresh credentials. If the run is longer than the role session, raise role-duration-seconds of aws-actions/configure-aws-credentials (and the role's maximum session duration); a rerun continues from the stacks as they are."
    )
  }
  if (INVALID_CREDENTIALS.test(name)) {
    return new DeployError(
      `AWS did not accept the credentials${during} (${name}): ${message}`,
      undefined,
      'Check the credentials step (role-to-assume, or the access key and secret it was given) and that they belong to the account and partition of region.'
    )
  }
  if (NETWORK.test(code) || NETWORK.test(name) || /socket hang up|connect ETIMEDOUT|getaddrinfo/i.test(message)) {
    return new DeployError(
      `Could not reach ${target}${during}: ${message}`,
      undefined,
      where.endpointUrl
        ? 'Check that endpoint-url is right and that the service behind it runs and is reachable from the runner, or remove endpoint-url to call AWS itself.'
        : "Check the runner's network access to AWS (proxy, firewall, VPC endpoints) and the region, then re-run."
    )
  }
  if (isThrottling(err)) {
    const attempts = (err as { $metadata?: { attempts?: number } }).$metadata?.attempts
    return new DeployError(
      `AWS kept throttling a call${during}${attempts ? ` for ${attempts} attempts` : ''}, so it was given up: ${message}`,
      'Other work in the account is calling the same AWS API at the same time (several deploys, a sweep, a dashboard).',
      'Re-run the job a little later; raise poll-seconds, lower sweep-concurrency, or run fewer deploy jobs at once in this account and region. The stacks are left as they were when the call failed.'
    )
  }
  const notAws = notAnAwsAnswer(err)
  if (notAws) {
    return new DeployError(
      `${target[0].toUpperCase()}${target.slice(1)} did not answer like AWS${during}: ${notAws}`,
      undefined,
      where.endpointUrl
        ? "Point endpoint-url at an AWS API endpoint or an emulator such as moto or LocalStack (for moto: the server's base URL, like http://localhost:5000), or remove it to call AWS itself."
        : 'Check proxy settings (HTTPS_PROXY) of the runner: something between it and AWS answered instead.'
    )
  }
  return err
}

/** The SDK's reading of an answer that was not an AWS response: an HTML page, a parse error, a bare HTTP status. */
function notAnAwsAnswer(err: unknown): string | undefined {
  const name = errorName(err)
  const message = errorMessage(err)
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
  if (name === 'NotAnAwsResponse') return message
  if (/XML parse error|Deserialization error|Unexpected token|is not valid JSON|char \d+ is not expected/i.test(message)) {
    return `HTTP ${status ?? '?'} with a body the AWS SDK could not read`
  }
  // A status without an AWS error code: the SDK names the error after the status and says "Unknown".
  if (message === 'Unknown' || message === 'UnknownError') return `HTTP ${status ?? '?'} ${name} without an AWS error`
  return undefined
}
