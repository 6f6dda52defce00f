import { createServer, type IncomingMessage, type Server } from 'node:http'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CreateDomainNameCommand } from '@aws-sdk/client-api-gateway'
import { CreateDomainNameCommand as CreateHttpDomainNameCommand } from '@aws-sdk/client-apigatewayv2'
import type { AwsClients } from '../../src/aws/clients.js'
import { parseInputs } from '../../src/modes/registry.js'
import type { Inputs } from '../../src/modes/types.js'
import type { InputsOf } from '../../src/modes/types.js'
import type { GitHubRun } from '../../src/github/types.js'
import type { Context } from '../../src/context.js'
import type { Router } from '../../src/core/router.js'
import { ApiGatewayRouter } from '../../src/core/routers/api-gateway.js'

export const APP_TEMPLATE = fileURLToPath(new URL('../../examples/app/template.yaml', import.meta.url))
export const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000'

export type Answer = { status: number; body: string }
export type Behaviour = (req: IncomingMessage) => Answer | Promise<Answer>

/**
 * A real HTTP server standing in for the apps: each environment answers under its own prefix
 * (/blue/health, /green/health), so one server serves every stack's Endpoint output.
 */
export interface AppServer {
  /** The base URL of one environment's app. */
  url(env: string): string
  /** Sets how an environment answers (default: 200 {"ok":true,"env":...}). */
  behave(env: string, fn: Behaviour): void
  /** Requests seen per environment. */
  hits: Record<string, number>
  close(): Promise<void>
}

export async function startAppServer(): Promise<AppServer> {
  const behaviours = new Map<string, Behaviour>()
  const hits: Record<string, number> = {}
  const server: Server = createServer(async (req, res) => {
    const env = (req.url ?? '/').split('/')[1] ?? ''
    hits[env] = (hits[env] ?? 0) + 1
    const answer = await (behaviours.get(env) ?? (() => ({ status: 200, body: JSON.stringify({ ok: true, env }) })))(req)
    res.writeHead(answer.status, { 'content-type': 'application/json' })
    res.end(answer.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: (env) => `http://127.0.0.1:${port}/${env}`,
    behave: (env, fn) => void behaviours.set(env, fn),
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}

/** The app server for one test file: started before its tests, closed after them. */
export function useAppServer(): AppServer {
  let started: AppServer | undefined
  beforeAll(async () => {
    started = await startAppServer()
  })
  afterAll(async () => {
    await started?.close()
  })
  return {
    url: (env) => started!.url(env),
    behave: (env, fn) => started!.behave(env, fn),
    get hits() {
      return started!.hits
    },
    close: () => started!.close()
  }
}

/** Runs the real input parser on action inputs given as a record, as the runner would hand them over. */
/** The API Gateway router of the inputs' domain, for tests that build a Phase by hand. */
export function apiGatewayRouter(ctx: Context, inputs: InputsOf<'extra-env'>): Router {
  if (inputs.extraEnv.door.router !== 'api-gateway') throw new Error(`router ${inputs.extraEnv.door.router}, not api-gateway`)
  return new ApiGatewayRouter(ctx, inputs.extraEnv.door, inputs.region) as Router
}

export function extraEnvInputs(values: Record<string, string>): InputsOf<'extra-env'> {
  const inputs: Inputs = parseInputs((name) => values[name] ?? '', { AWS_REGION: 'us-east-1' })
  if (inputs.mode !== 'extra-env') throw new Error('not extra-env')
  return inputs
}

/** Inputs for the sample app whose Endpoint output is the test server's URL for this environment. */
export function appInputs(server: AppServer, extra: string, values: Record<string, string> = {}): InputsOf<'extra-env'> {
  return extraEnvInputs({
    mode: 'extra-env',
    'stack-name': 'app',
    template: APP_TEMPLATE,
    parameters: `PublicUrl=${server.url(extra)}\nVersion=${extra}`,
    'endpoint-output': 'Endpoint',
    'domain-name': 'api.example.com',
    extra,
    'smoke-path': '/health',
    'smoke-retries': '1',
    'smoke-timeout-seconds': '2',
    'verify-seconds': '10',
    ...values
  })
}

/** The sample app with one more resource that CloudFormation cannot create (a FIFO queue without .fifo). */
export function brokenAppTemplate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'extra-env-'))
  const path = join(dir, 'broken.yaml')
  const body = readFileSync(APP_TEMPLATE, 'utf8').replace('\nResources:\n', '\nResources:\n  Broken:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: broken\n      FifoQueue: true\n')
  writeFileSync(path, body)
  return path
}

/** The custom domain lives outside the stacks, as in the extra-env design: created once by API. */
export async function createRestDomain(clients: AwsClients, domainName = 'api.example.com'): Promise<void> {
  await clients.apigateway.send(new CreateDomainNameCommand({ domainName, regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] } }))
}

export async function createHttpDomain(clients: AwsClients, domainName = 'http.example.com'): Promise<void> {
  await clients.apigatewayv2.send(new CreateHttpDomainNameCommand({ DomainName: domainName, DomainNameConfigurations: [{ CertificateArn: CERT, EndpointType: 'REGIONAL' }] }))
}

export const PUSH_RUN: GitHubRun = { eventName: 'push', sha: '0123456789abcdef0123456789abcdef01234567', ref: 'refs/heads/main', payload: {} }

export function pullRequestRun(number: number, opts: { fork?: boolean; repo?: { owner: string; repo: string } } = {}): GitHubRun {
  const base = 'acme/app'
  const head = opts.fork ? 'stranger/app' : base
  return {
    repo: opts.repo,
    eventName: 'pull_request',
    sha: 'feedfacefeedfacefeedfacefeedfacefeedface',
    ref: `refs/pull/${number}/merge`,
    payload: {
      pull_request: {
        number,
        head: { sha: 'c0ffee0000000000000000000000000000000000', repo: { full_name: head, fork: !!opts.fork } },
        base: { repo: { full_name: base } }
      }
    }
  }
}
