import { Readable } from 'node:stream'

/** The part of an SDK client this module needs: its middleware stack. */
interface WithMiddleware {
  middlewareStack: {
    add(middleware: (next: Handler, context: CallContext) => Handler, options: { step: 'initialize' | 'deserialize'; name: string; priority?: 'low' | 'high' }): void
  }
}
type Handler = (args: { input?: unknown; request?: unknown }) => Promise<{ output?: unknown; response?: unknown }>
interface CallContext {
  clientName?: string
  commandName?: string
}

const CALL = Symbol.for('bluegreen.call')

/** "CloudFormation CreateChangeSet": the call an SDK error came from, when the client was prepared by withCallContext. */
export function callOf(err: unknown): string | undefined {
  return err && typeof err === 'object' ? ((err as Record<symbol, string>)[CALL] ?? undefined) : undefined
}

/**
 * Adds two middlewares to a client: one names the call on every error it throws (an SDK error says what went
 * wrong but not to which operation), one refuses an HTML page as an answer. An HTML page with status 200
 * (a web server or a captive portal at endpoint-url) would otherwise be read as an empty AWS answer, and a
 * DescribeStacks "with no stacks" would make the action create stacks that exist.
 */
export function withCallContext<T extends object>(client: T): T {
  const stack = (client as unknown as WithMiddleware).middlewareStack
  if (!stack) return client
  stack.add(
    (next, context) => async (args) => {
      try {
        return await next(args)
      } catch (err) {
        if (err && typeof err === 'object' && !(CALL in err)) {
          const service = (context.clientName ?? '')
            .replace(/Client$/, '')
            .replace(/^APIGateway$/, 'API Gateway')
            .replace(/^ApiGatewayV2$/, 'API Gateway v2')
            .replace(/^Route53$/, 'Route 53')
          const operation = (context.commandName ?? '').replace(/Command$/, '')
          Object.defineProperty(err, CALL, { value: `${service} ${operation}`.trim(), enumerable: false })
        }
        throw err
      }
    },
    { step: 'initialize', name: 'bluegreenCallContext', priority: 'high' }
  )
  stack.add(
    (next) => async (args) => {
      const result = await next(args)
      const response = result.response as { statusCode?: number; headers?: Record<string, string>; body?: unknown } | undefined
      const type = response?.headers?.['content-type'] ?? response?.headers?.['Content-Type'] ?? ''
      if (!response || !/^text\/html/i.test(type) || !(response.body instanceof Readable)) return result
      const chunks: Buffer[] = []
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Uint8Array))
      const body = Buffer.concat(chunks)
      if (/^\s*(<!doctype html|<html)/i.test(body.subarray(0, 200).toString('utf8'))) {
        const err = new Error(`HTTP ${response.statusCode} with an HTML page, not an AWS response`)
        err.name = 'NotAnAwsResponse'
        Object.assign(err, { $metadata: { httpStatusCode: response.statusCode }, $fault: 'client' })
        throw err
      }
      response.body = Readable.from([body])
      return result
    },
    { step: 'deserialize', name: 'bluegreenRefuseHtml', priority: 'low' }
  )
  return client
}
