/**
 * Errors from AWS and the network as a user meets them, through the built action (dist/index.js) run as the
 * runner runs it: each says what happened and what to do, never "Unexpected error", and the job summary has
 * a failed row for the step during which it happened. The answers come from real local servers: a closed port,
 * an HTML web server, a server answering CloudFormation's ExpiredToken error document, moto behind the fault
 * proxy throttling every call, and moto itself with no credentials in the environment.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { runAction, type ActionRun } from '../support/action-runner.js'
import { useFaultProxy } from '../support/fault-proxy.js'
import { useMoto } from '../support/moto.js'

const env = useMoto()
const faults = useFaultProxy(() => env.url)
const servers: Server[] = []
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
})

/** A local HTTP server answering every request with this status, content type and body. */
async function answering(status: number, type: string, body: string): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': type })
    res.end(body)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}`
}

const reset = (endpointUrl: string) => ({
  mode: 'reset',
  'stack-name': 'shop',
  template: '__tests__/fixtures/reset/app-named.yaml',
  parameters: 'PublicUrl=http://127.0.0.1:9',
  capabilities: 'CAPABILITY_NAMED_IAM',
  region: 'us-east-1',
  'endpoint-url': endpointUrl,
  'poll-seconds': '0.1'
})

function expectExplained(run: ActionRun, what: RegExp, next: RegExp, failedStep = 'Find stack shop') {
  expect(run.code).toBe(1)
  const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'))
  const final = errors.at(-1) ?? ''
  expect(final).not.toMatch(/Unexpected error/)
  expect(final).toMatch(what)
  expect(final).toMatch(next)
  expect(run.summary).toMatch(/^## ❌ bluegreen-action · reset · shop/)
  expect(run.summary).toMatch(new RegExp(`\\| ${failedStep} \\| ❌ failed \\| [^|]+ \\| [^|]*${what.source}`))
  expect(run.summary).toMatch(/> \[!CAUTION\]/)
}

describe('AWS and network errors reach the user with what happened and what to do', () => {
  it('no credentials in the environment: says which step provides them', async () => {
    const home = mkdtempSync(join(tmpdir(), 'no-aws-'))
    const run = await runAction(reset(env.url), {
      env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_EC2_METADATA_DISABLED: 'true', HOME: home, AWS_CONFIG_FILE: join(home, 'c'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'k') }
    })
    expectExplained(run, /No AWS credentials were found \(CloudFormation DescribeStacks\)/, /aws-actions\/configure-aws-credentials/)
  })

  it('an endpoint-url nothing listens on: names the endpoint and the call', async () => {
    const url = await closedPort()
    const run = await runAction(reset(url), { timeoutMs: 120_000 })
    expectExplained(run, new RegExp(`Could not reach the endpoint ${url} \\(endpoint-url\\) \\(CloudFormation DescribeStacks\\): connect ECONNREFUSED`), /Check that endpoint-url is right/)
  }, 130_000)

  it('an endpoint-url that is a web server (404 page): not an AWS answer', async () => {
    const url = await answering(404, 'text/html', '<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>')
    const run = await runAction(reset(url))
    expectExplained(
      run,
      new RegExp(`The endpoint ${url} \\(endpoint-url\\) did not answer like AWS \\(CloudFormation DescribeStacks\\): HTTP 404 with an HTML page`),
      /Point endpoint-url at an AWS API endpoint or an emulator/
    )
  })

  it('an endpoint-url that answers 200 with a web page: refused, never read as "no stacks"', async () => {
    const url = await answering(200, 'text/html; charset=utf-8', '<html><body>Welcome</body></html>')
    const run = await runAction(reset(url))
    expectExplained(run, /did not answer like AWS \(CloudFormation DescribeStacks\): HTTP 200 with an HTML page/, /Point endpoint-url/)
  })

  it('an endpoint-url that answers JSON it cannot read as CloudFormation XML', async () => {
    const url = await answering(200, 'application/json', '{"status":"ok"}')
    const run = await runAction(reset(url))
    expectExplained(run, /did not answer like AWS \(CloudFormation DescribeStacks\): HTTP 200 with a body the AWS SDK could not read/, /Point endpoint-url/)
  })

  it("expired credentials (CloudFormation's ExpiredToken error): re-run, or a longer role session", async () => {
    const url = await answering(
      403,
      'text/xml',
      '<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>4d2f</RequestId></ErrorResponse>'
    )
    const run = await runAction(reset(url))
    expectExplained(
      run,
      /The AWS credentials expired \(CloudFormation DescribeStacks\): The security token included in the request is expired/,
      /Re-run the job to get fresh credentials.*role-duration-seconds/
    )
  })

  it('throttling past every retry (fault proxy, 100%): what to change, and that the stacks are as they were', async () => {
    faults.proxy.configure({ seed: 7, rules: { '*': { throttle: 1 } } })
    const run = await runAction(reset(faults.proxy.url), { timeoutMs: 170_000 })
    expectExplained(run, /AWS kept throttling a call \(CloudFormation DescribeStacks\) for 8 attempts, so it was given up: Rate exceeded/, /Re-run the job a little later; raise poll-seconds/)
  }, 180_000)

  it("an error in a later step gets that step's row (extra-env deploy, expired credentials at CreateChangeSet)", async () => {
    // ExpiredToken for CreateChangeSet only: DescribeStacks goes to moto through a tiny router
    const expired =
      '<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>1</RequestId></ErrorResponse>'
    const router = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', async () => {
        const body = Buffer.concat(chunks)
        if (/Action=CreateChangeSet/.test(body.toString())) {
          res.writeHead(403, { 'content-type': 'text/xml' })
          return res.end(expired)
        }
        const upstream = await fetch(`${env.url}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: body.length ? body : undefined })
        res.writeHead(upstream.status, Object.fromEntries(upstream.headers))
        res.end(Buffer.from(await upstream.arrayBuffer()))
      })
    })
    servers.push(router)
    await new Promise<void>((resolve) => router.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(router.address() as AddressInfo).port}`
    const run = await runAction({
      mode: 'extra-env',
      phase: 'deploy',
      'stack-name': 'shop',
      extra: 'blue',
      template: 'examples/app/template.yaml',
      region: 'us-east-1',
      'endpoint-url': url,
      'poll-seconds': '0.1'
    })
    expect(run.code).toBe(1)
    expect(run.stdout).not.toMatch(/Unexpected error/)
    expect(run.stdout).toMatch(/::error::The AWS credentials expired \(CloudFormation CreateChangeSet\)/)
    expect(run.summary).toMatch(/\| Deploy shop-blue \| ❌ failed \| [^|]+ \| The AWS credentials expired \(CloudFormation CreateChangeSet\)/)
  })
})

describe('a misspelt resource type, on moto', () => {
  it('names the resource and its type, and leaves no REVIEW_IN_PROGRESS stack or change set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'typo-'))
    const template = join(dir, 'template.yaml')
    writeFileSync(
      template,
      ['Resources:', '  Uploads:', '    Type: AWS::S3::Buckett', '  Queue:', '    Type: AWS::SQS::Queue', '    Properties:', '      QueueName: !GetAtt Uploads.Arn', ''].join('\n')
    )
    const run = await runAction({ mode: 'extra-env', phase: 'deploy', 'stack-name': 'shop', extra: 'blue', template, region: 'us-east-1', 'endpoint-url': env.url, 'poll-seconds': '0.1' })
    expect(run.code).toBe(1)
    expect(run.stdout).not.toMatch(/Unexpected error/)
    // moto refuses ExecuteChangeSet with the GetAtt message; AWS fails the change set itself (unit test change-set-failure)
    expect(run.stdout).toMatch(
      /::error::CloudFormation refused to execute the change set for shop-blue; nothing was changed%0ARoot cause: .*references undefined resource Uploads\. The template declares Uploads with Type AWS::S3::Buckett: check that type's spelling/
    )
    expect(run.summary).toMatch(/\| Deploy shop-blue \| ❌ failed \|/)
    expect(await describeStack(env.clients.cloudformation, 'shop-blue')).toBeUndefined()
  })
})
