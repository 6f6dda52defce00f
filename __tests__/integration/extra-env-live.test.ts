/**
 * "What is live" and "what is ours", as the runner runs it: the built dist/index.js against moto. The scenes
 * are set up in process (faster); the run under test is always the built action.
 */
import { CreateStackCommand, ListStacksCommand } from '@aws-sdk/client-cloudformation'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRestMapping, getRestMapping } from '../../src/aws/apigateway.js'
import { fakeClock } from '../../src/clock.js'
import { describeStack, stackTag } from '../../src/cloudformation/stacks.js'
import { extraEnv } from '../../src/modes/extra-env/index.js'
import { runAction, type ActionRun } from '../support/action-runner.js'
import { testContext } from '../support/context.js'
import { APP_TEMPLATE, appInputs, createRestDomain, PUSH_RUN, useAppServer } from '../support/extra-env.js'
import { apiOf, blueLive, DOMAIN, errorLine, LOCK, stackStatus } from '../support/extra-env-runs.js'
import { useMoto } from '../support/moto.js'

const env = useMoto()
const server = useAppServer()
const DAY = 86_400_000
let runs = 0

/** The built action in extra-env mode for stack-name app (or another), as a workflow run would start it. */
function act(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction(
    {
      mode: 'extra-env',
      'stack-name': 'app',
      region: 'us-east-1',
      'endpoint-url': env.url,
      'poll-seconds': '0.1',
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health',
      'smoke-retries': '1',
      'smoke-timeout-seconds': '2',
      'verify-seconds': '0',
      ...inputs
    },
    { env: { GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: String(1000 + ++runs), GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'deploy', GITHUB_EVENT_NAME: 'push' } }
  )
}

const deployInputs = (extra: string, values: Record<string, string> = {}) => ({
  phase: 'deploy',
  extra,
  template: 'examples/app/template.yaml',
  parameters: `PublicUrl=${server.url(extra)}\nVersion=${extra}-v2`,
  ...values
})
const mapping = (basePath = '') => getRestMapping(env.clients.apigateway, DOMAIN, basePath)
const versionOf = async (name: string) => (await describeStack(env.clients.cloudformation, name))?.Parameters?.find((p) => p.ParameterKey === 'Version')?.ParameterValue

/** Another app, stack-name app-api, live on the domain's root through its own environment app-api-live. */
async function otherAppLive(): Promise<void> {
  await createRestDomain(env.clients)
  await extraEnv(testContext(env.clients), appInputs(server, 'live', { 'stack-name': 'app-api', phase: 'full', 'verify-seconds': '0' }), { run: PUSH_RUN })
}

beforeEach(() => {
  for (const e of ['blue', 'green', 'live', 'pr-1', 'pr-2', 'pr-5', 'api-pr-1']) server.behave(e, () => ({ status: 200, body: `{"ok":true,"env":"${e}"}` }))
})

describe('what is live: read from the front door, whatever the inputs say', () => {
  it('destroy of the live environment without domain-name is refused, naming the domain and base path', async () => {
    await blueLive(env.clients, server, [])
    const run = await act({ phase: 'destroy', extra: 'blue' })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toMatch(/app-blue is the live environment \(api\.example\.com\/\(root\) → rest API \w+ maps to it\): it will not be deleted/)
    expect(await stackStatus(env.clients, 'app-blue')).toBe('CREATE_COMPLETE')
    expect((await mapping())?.restApiId).toBe(await apiOf(env.clients, 'app-blue'))
  })

  it('deploy onto the live environment without domain-name is refused and production is not updated', async () => {
    await blueLive(env.clients, server, [])
    const before = await versionOf('app-blue')
    const run = await act(deployInputs('blue'))
    expect(run.code).toBe(1)
    expect(errorLine(run)).toMatch(/app-blue is the live environment \(api\.example\.com\/\(root\) → rest API \w+ maps to it\): deploying to it would change production in place/)
    expect(await versionOf('app-blue')).toBe(before)
  })

  it('finds a stack live on another base path of the domain (not only base-path) before deleting it', async () => {
    await blueLive(env.clients, server, ['pr-1'])
    await createRestMapping(env.clients.apigateway, { domainName: DOMAIN, basePath: 'v1', restApiId: (await apiOf(env.clients, 'app-pr-1'))!, stage: 'prod' })
    const run = await act({ phase: 'destroy', extra: 'pr-1', 'domain-name': DOMAIN })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toMatch(/app-pr-1 is the live environment \(api\.example\.com\/v1 → rest API \w+ maps to it\)/)
    expect(await stackStatus(env.clients, 'app-pr-1')).toBe('CREATE_COMPLETE')
  })

  it('the sweep keeps a 30-day-old preview that is live on a non-root base path, and deletes the old one that is not', async () => {
    await createRestDomain(env.clients)
    const clock = fakeClock(Date.now() - 30 * DAY)
    const at = () => testContext(env.clients, { clock })
    await extraEnv(at(), appInputs(server, 'blue', { phase: 'full', 'verify-seconds': '0' }), { run: PUSH_RUN })
    for (const pr of ['pr-1', 'pr-2']) await extraEnv(at(), appInputs(server, pr, { phase: 'deploy' }), { run: PUSH_RUN })
    await createRestMapping(env.clients.apigateway, { domainName: DOMAIN, basePath: 'v1', restApiId: (await apiOf(env.clients, 'app-pr-1'))!, stage: 'prod' })

    const run = await act({ phase: 'destroy', 'domain-name': DOMAIN, 'older-than': '7d' })
    expect(run.code).toBe(0)
    expect(await stackStatus(env.clients, 'app-pr-1')).toBe('CREATE_COMPLETE')
    expect(await stackStatus(env.clients, 'app-pr-2')).toBeUndefined()
    expect(await stackStatus(env.clients, 'app-blue')).toBe('CREATE_COMPLETE')
    expect(run.summary).toMatch(/\| app-pr-1 \| 30 d \| kept: live \|/)
    expect(run.summary).toMatch(/\| app-pr-2 \| 30 d \| deleted \|/)
    expect(run.stdout).toMatch(/app-pr-1 is live: api\.example\.com\/v1 → rest API \w+; it is not swept/)
  })

  it('domain names are normalised: Api.Example.COM. takes the same lock and reads the same live stack as api.example.com', async () => {
    await blueLive(env.clients, server, ['green'])
    const run = await act({ phase: 'promote', extra: 'green', 'domain-name': 'Api.Example.COM.' })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('::group::Lock api.example.com/(root)')
    expect(run.stdout).toMatch(/Live: api\.example\.com\/\(root\) → rest API \w+ stage prod → stack app-blue/)
    expect(run.outputs).toMatchObject({ 'active-stack': 'app-green', 'previous-stack': 'app-blue', 'domain-endpoint': 'https://api.example.com' })
    // the lock it took and released is the one every spelling of the domain takes
    const released = await env.clients.cloudformation.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }))
    const locks = new Set((released.StackSummaries ?? []).map((s) => s.StackName).filter((n) => n?.startsWith('bluegreen-lock-')))
    expect([...locks]).toEqual([LOCK])
  })
})

describe('what is ours: by exact name and tag, never by prefix', () => {
  it("promote of stack-name app refuses to move traffic off (and so never deletes) another app's live stack that shares the prefix", async () => {
    await otherAppLive()
    const otherApi = await apiOf(env.clients, 'app-api-live')
    await extraEnv(testContext(env.clients), appInputs(server, 'green', { phase: 'deploy' }), { run: PUSH_RUN })
    const run = await act({ phase: 'promote', extra: 'green', 'domain-name': DOMAIN })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toMatch(/maps to rest API \w+ of app-api-live, another app's stack \(tagged bluegreen:stack=app-api\): the action will not move traffic away from another app/)
    expect(await stackStatus(env.clients, 'app-api-live')).toBe('CREATE_COMPLETE')
    expect((await mapping())?.restApiId).toBe(otherApi)
  })

  it("extra api-pr-1 neither updates nor deletes app-api-pr-1, another app's preview", async () => {
    await createRestDomain(env.clients)
    await extraEnv(testContext(env.clients), appInputs(server, 'pr-1', { 'stack-name': 'app-api', phase: 'deploy' }), { run: PUSH_RUN })
    const before = await versionOf('app-api-pr-1')
    const deploy = await act(deployInputs('api-pr-1', { 'domain-name': DOMAIN }))
    expect(deploy.code).toBe(1)
    expect(errorLine(deploy)).toContain("app-api-pr-1 exists and is another app's stack (tagged bluegreen:stack=app-api): deploying would update a stack the action did not make for app")
    expect(await versionOf('app-api-pr-1')).toBe(before)
    const destroy = await act({ phase: 'destroy', extra: 'api-pr-1' })
    expect(destroy.code).toBe(1)
    expect(errorLine(destroy)).toContain("app-api-pr-1 is another app's stack (tagged bluegreen:stack=app-api); it will not be deleted")
    expect(await stackStatus(env.clients, 'app-api-pr-1')).toBe('CREATE_COMPLETE')
    expect(stackTag(await describeStack(env.clients.cloudformation, 'app-api-pr-1'), 'bluegreen:stack')).toBe('app-api')
  })

  it('a live stack made before the action (untagged) is switched away from once and then kept, saying so in the log and the summary', async () => {
    await createRestDomain(env.clients)
    await env.clients.cloudformation.send(
      new CreateStackCommand({
        StackName: 'app',
        TemplateBody: readFileSync(APP_TEMPLATE, 'utf8'),
        Parameters: [{ ParameterKey: 'PublicUrl', ParameterValue: server.url('blue') }],
        Capabilities: ['CAPABILITY_IAM']
      })
    )
    await createRestMapping(env.clients.apigateway, { domainName: DOMAIN, basePath: '', restApiId: (await apiOf(env.clients, 'app'))!, stage: 'prod' })
    const run = await act({ ...deployInputs('green', { 'domain-name': DOMAIN }), phase: 'full' })
    expect(run.code).toBe(0)
    expect((await mapping())?.restApiId).toBe(await apiOf(env.clients, 'app-green'))
    expect(await stackStatus(env.clients, 'app')).toBe('CREATE_COMPLETE')
    expect(run.stdout).toContain('app is not tagged bluegreen:stack=app: it was made before the action, so it is kept (never deleted)')
    expect(run.summary).toContain('kept: made before the action, not live')
    expect(run.summary).toContain('### Previous stack kept')
  })
})

/** The sample app with `extra` more resources before its API (WaitConditionHandles cost nothing). */
function bigAppTemplate(extra: number): string {
  const handles = Array.from({ length: extra }, (_, i) => `  Handle${i}:\n    Type: AWS::CloudFormation::WaitConditionHandle\n`).join('')
  const path = join(mkdtempSync(join(tmpdir(), 'extra-env-big-')), 'big.yaml')
  writeFileSync(path, readFileSync(APP_TEMPLATE, 'utf8').replace('\nResources:\n', `\nResources:\n${handles}`))
  return path
}

describe('stacks of more than 100 resources (moto answers in one page; the paging itself is shown with AWS answer sequences)', () => {
  it('the API of a 130-resource environment is found: refused as live without domain-name, and promoted away from and deleted', async () => {
    const template = bigAppTemplate(125)
    await createRestDomain(env.clients)
    await extraEnv(testContext(env.clients), appInputs(server, 'blue', { phase: 'full', template, 'verify-seconds': '0' }), { run: PUSH_RUN })
    await extraEnv(testContext(env.clients), appInputs(server, 'green', { phase: 'deploy', template }), { run: PUSH_RUN })
    const refused = await act({ phase: 'destroy', extra: 'blue' })
    expect(errorLine(refused)).toMatch(/app-blue is the live environment \(api\.example\.com\/\(root\)/)
    const promoted = await act({ phase: 'promote', extra: 'green', 'domain-name': DOMAIN })
    expect(promoted.code).toBe(0)
    expect(promoted.stdout).toContain('No base path of api.example.com maps to app-blue')
    expect(await stackStatus(env.clients, 'app-blue')).toBeUndefined()
    expect((await mapping())?.restApiId).toBe(await apiOf(env.clients, 'app-green'))
  })
})

describe('rollback without previous-stack', () => {
  it('goes back to the stack the last promotion replaced, not the newest environment (a preview)', async () => {
    await blueLive(env.clients, server, [])
    await extraEnv(testContext(env.clients), appInputs(server, 'green', { phase: 'full', 'keep-previous': 'true', 'verify-seconds': '0' }), { run: PUSH_RUN })
    await extraEnv(testContext(env.clients), appInputs(server, 'pr-5', { phase: 'deploy' }), { run: PUSH_RUN }) // newest
    const run = await act({ phase: 'rollback', 'domain-name': DOMAIN })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ 'active-stack': 'app-blue', 'previous-stack': 'app-green' })
    expect((await mapping())?.restApiId).toBe(await apiOf(env.clients, 'app-blue'))
    expect(run.stdout).toMatch(/app-green went live on api\.example\.com\/\(root\) in the promotion from app-blue at .* \(recorded in its lock/)
  })

  it('refuses when no promotion to the live stack is recorded, listing the candidates', async () => {
    await createRestDomain(env.clients)
    for (const extra of ['blue', 'pr-5']) await extraEnv(testContext(env.clients), appInputs(server, extra, { phase: 'deploy' }), { run: PUSH_RUN })
    // mapped by hand, not by a promotion
    await createRestMapping(env.clients.apigateway, { domainName: DOMAIN, basePath: '', restApiId: (await apiOf(env.clients, 'app-blue'))!, stage: 'prod' })
    const run = await act({ phase: 'rollback', 'domain-name': DOMAIN })
    expect(run.code).toBe(1)
    expect(errorLine(run)).toMatch(/Cannot tell which stack was live on api\.example\.com\/\(root\) before app-blue.*Candidates: app-pr-5\..*Give previous-stack/)
    expect((await mapping())?.restApiId).toBe(await apiOf(env.clients, 'app-blue'))
  })
})
