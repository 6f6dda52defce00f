// Error answers in each service's own wire format, as the real services send them, so the SDK parses
// them into the same named errors (and the same retry classification) as it would on AWS.
import { randomUUID } from 'node:crypto'

const CFN_NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/'
const ROUTE53_NS = 'https://route53.amazonaws.com/doc/2013-04-01/'

/** What each fault kind is, per protocol family: [HTTP status, error code, message]. */
const QUERY_OR_XML = {
  throttle: [400, 'Throttling', 'Rate exceeded'],
  priorRequestNotComplete: [400, 'PriorRequestNotComplete', 'The request was rejected because Route 53 was still processing a prior request.'],
  serverError: [500, 'InternalFailure', 'An internal error occurred.'],
  unavailable: [503, 'ServiceUnavailable', 'Service is unavailable. Please try again later.']
}
const REST_JSON = {
  throttle: [429, 'TooManyRequestsException', 'Too Many Requests'],
  serverError: [500, 'InternalFailure', 'An internal error occurred.'],
  unavailable: [503, 'ServiceUnavailableException', 'Service Unavailable']
}

export function escapeXml(text) {
  return String(text).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c])
}

/** An awsQuery (CloudFormation) or REST-XML (Route 53) error body. */
export function xmlError(namespace, status, code, message, requestId = randomUUID()) {
  const type = status >= 500 ? 'Receiver' : 'Sender'
  const body =
    `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body }
}

/** A CloudFormation error such as the ValidationError of a stack that is busy. */
export function cloudFormationError(code, message, status = 400) {
  return xmlError(CFN_NS, status, code, message)
}

function restJsonError(status, code, message, requestId = randomUUID()) {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': requestId },
    body: JSON.stringify({ message })
  }
}

/**
 * The answer for one injected fault, or undefined when the kind does not exist for the service
 * (PriorRequestNotComplete is Route 53's only).
 * @param {string} service cloudformation | apigateway | apigatewayv2 | route53
 * @param {'throttle'|'priorRequestNotComplete'|'serverError'|'unavailable'} kind
 */
export function faultResponse(service, kind) {
  if (service === 'apigateway' || service === 'apigatewayv2') {
    const spec = REST_JSON[kind]
    return spec && restJsonError(...spec)
  }
  const spec = QUERY_OR_XML[kind]
  if (!spec) return undefined
  if (service === 'route53') return xmlError(ROUTE53_NS, ...spec)
  if (kind === 'priorRequestNotComplete') return undefined
  return xmlError(CFN_NS, ...spec)
}
