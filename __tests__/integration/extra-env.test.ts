import { GetRestApisCommand } from '@aws-sdk/client-api-gateway'
import { CreateStackCommand } from '@aws-sdk/client-cloudformation'
import { readFileSync } from 'node:fs'
import { createRestMapping, getRestMapping, switchRestMapping } from '../../src/aws/apigateway.js'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { DeployError } from '../../src/errors.js'
import { stackResources } from '../../src/cloudformation/stack-resources.js'
import { extraEnv } from '../../src/modes/extra-env/index.js'
import { testContext } from '../support/context.js'
import { useMoto } from '../support/moto.js'
import { APP_TEMPLATE, appInputs, brokenAppTemplate, createRestDomain, PUSH_RUN, useAppServer } from '../support/extra-env.js'

const env = useMoto()
const server = useAppServer()

const deps = { run: PUSH_RUN }
const mapping = () => getRestMapping(env.clients.apigateway, 'api.example.com', '')
const exists = async (name: string) => !!(await describeStack(env.clients.cloudformation, name))
async function apiOf(stackName: string): Promise<string> {
  const r = (await stackResources(env.clients.cloudformation, stackName)).find((x) => x.ResourceType === 'AWS::ApiGateway::RestApi')
  return r!.PhysicalResourceId!
}

/** blue deployed and live on the domain (its first promotion creates the mapping). */
async function liveBlue(values: Record<string, string> = {}) {
  await createRestDomain(env.clients)
  const ctx = testContext(env.clients)
  await extraEnv(ctx, appInputs(server, 'blue', { phase: 'full', ...values }), deps)
  return ctx
}

beforeEach(() => {
  for (const k of Object.keys(server.hits)) delete server.hits[k]
  for (const e of ['blue', 'green', 'pr-1', 'other']) server.behave(e, () => ({ status: 200, body: `{"ok":true,"env":"${e}"}` }))
})

describe('extra-env on moto (REST API custom domain)', () => {
  it('first full run creates the mapping; deploy leaves the domain alone; promote moves it and deletes blue; destroy removes a preview', async () => {
    const first = await liveBlue()
    expect(first.outputs['active-stack']).toBe('app-blue')
    expect((await mapping())?.restApiId).toBe(await apiOf('app-blue'))
    expect(first.log.text()).toContain('has no mapping yet: no environment is live')

    // deploy: green smoke-tested on its own URL; the domain still maps to blue
    const deploy = testContext(env.clients)
    // the tag is the time the deploy began (the waits after it move the test clock on)
    const deployStarted = deploy.clock.now()
    await extraEnv(deploy, appInputs(server, 'green', { phase: 'deploy' }), deps)
    expect(deploy.outputs.endpoint).toBe(server.url('green'))
    expect(deploy.outputs['stack-name']).toBe('app-green')
    expect(server.hits.green).toBe(1)
    expect((await mapping())?.restApiId).toBe(await apiOf('app-blue'))
    const greenStack = await describeStack(env.clients.cloudformation, 'app-green')
    expect(Object.fromEntries((greenStack?.Tags ?? []).map((t) => [t.Key, t.Value]))).toMatchObject({
      'bluegreen:stack': 'app',
      'bluegreen:extra': 'green',
      'bluegreen:created-at': new Date(deployStarted).toISOString()
    })

    // promote: smoke again, race check, switch, read back, verify, delete blue
    const promote = testContext(env.clients)
    await extraEnv(promote, appInputs(server, 'green', { phase: 'promote', template: '', parameters: '' }), deps)
    const greenApi = await apiOf('app-green')
    expect(await mapping()).toMatchObject({ restApiId: greenApi, stage: 'prod' })
    expect(promote.outputs).toMatchObject({
      'active-stack': 'app-green',
      'previous-stack': 'app-blue',
      'rest-api-id': greenApi,
      endpoint: server.url('green'),
      'domain-endpoint': 'https://api.example.com'
    })
    expect(await exists('app-blue')).toBe(false)
    const log = promote.log.text()
    expect(log).toMatch(/Live: api\.example\.com\/\(root\) → rest API \w+ stage prod → stack app-blue \(found by stack-scan\)/)
    expect(log).toContain('Still API')
    expect(log.indexOf('Check that api.example.com/(root) did not move')).toBeLessThan(log.indexOf('Switch api.example.com/(root) to app-green'))
    expect(log.indexOf('Verify api.example.com/(root)')).toBeLessThan(log.indexOf('Delete app-blue'))
    // verify-seconds 10 with a 5 s interval: smoke before the switch and on each verification round
    expect(server.hits.green).toBeGreaterThanOrEqual(3)
    const md = promote.report.toMarkdown()
    expect(md).toContain('### Environments')
    expect(md).toMatch(/\| 🔵 blue \(live before\) \| app-blue \|/)
    // the API id and the endpoint come from the stack (a template can set them): code spans, see untrusted-text.test.ts
    expect(md).toMatch(/\| 🟢 green \(new\) \| app-green \| `\w+` \| `http:\/\/127\.0\.0\.1:\d+\/green` \| ✅ \/green\/health 200/)
    expect(md).toContain('domain -. before .-> blue')
    expect(md).toContain('domain == now ==> green')

    // destroy refuses the live environment
    const refuse = testContext(env.clients)
    await expect(extraEnv(refuse, appInputs(server, 'green', { phase: 'destroy', template: '' }), deps)).rejects.toThrow(/app-green is the live environment/)
    expect(await exists('app-green')).toBe(true)

    // a preview comes and goes
    await extraEnv(testContext(env.clients), appInputs(server, 'pr-1', { phase: 'deploy' }), deps)
    expect(await exists('app-pr-1')).toBe(true)
    await extraEnv(testContext(env.clients), appInputs(server, 'pr-1', { phase: 'destroy', template: '' }), deps)
    expect(await exists('app-pr-1')).toBe(false)
    expect((await mapping())?.restApiId).toBe(greenApi)
  })

  it('keep-previous keeps blue; rollback without previous-stack moves the domain back to the stack the last promotion replaced', async () => {
    await liveBlue()
    const blueApi = await apiOf('app-blue')
    const full = testContext(env.clients)
    await extraEnv(full, appInputs(server, 'green', { phase: 'full', 'keep-previous': 'true' }), deps)
    expect(await exists('app-blue')).toBe(true)
    expect(full.outputs['previous-stack']).toBe('app-blue')
    expect(full.report.toMarkdown()).toContain('kept (keep-previous), not live')
    expect((await mapping())?.restApiId).toBe(await apiOf('app-green'))

    // a newer stack that merely shares the name prefix is not an environment of app
    await env.clients.cloudformation.send(new CreateStackCommand({ StackName: 'app-metrics', TemplateBody: readFileSync(APP_TEMPLATE, 'utf8'), Capabilities: ['CAPABILITY_IAM'] }))
    const back = testContext(env.clients)
    await extraEnv(back, appInputs(server, 'green', { phase: 'rollback', template: '', extra: '' }), deps)
    expect(await mapping()).toMatchObject({ restApiId: blueApi, stage: 'prod' })
    expect(back.outputs).toMatchObject({ 'active-stack': 'app-blue', 'previous-stack': 'app-green', endpoint: server.url('blue') })
    expect(await exists('app-green')).toBe(true)
    expect(back.log.text()).toContain('candidate app-blue')
    expect(back.log.text()).not.toContain('candidate app-metrics')
  })

  it('rollback to a previous-stack that was deleted by the promotion fails clearly and leaves the domain as it is', async () => {
    await liveBlue()
    await extraEnv(testContext(env.clients), appInputs(server, 'green', { phase: 'full' }), deps)
    const greenApi = await apiOf('app-green')
    const ctx = testContext(env.clients)
    const run = extraEnv(ctx, appInputs(server, 'green', { phase: 'rollback', template: '', extra: '', 'previous-stack': 'app-blue' }), deps)
    await expect(run).rejects.toThrow(/app-blue, does not exist any more/)
    expect((await mapping())?.restApiId).toBe(greenApi)
  })

  it('a failing smoke check of green leaves the domain on blue and deletes nothing', async () => {
    await liveBlue()
    const blueApi = await apiOf('app-blue')
    server.behave('green', () => ({ status: 503, body: 'warming up' }))
    const ctx = testContext(env.clients)
    const err = await extraEnv(ctx, appInputs(server, 'green', { phase: 'full' }), deps).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(/Smoke checks of app-green failed/)
    expect(err.message).toMatch(/status 503, expected 200/)
    expect(err.message).toContain('The domain was not touched')
    expect((await mapping())?.restApiId).toBe(blueApi)
    expect(await exists('app-blue')).toBe(true)
    expect(server.hits.green).toBe(2) // one try + one retry (smoke-retries 1)
    expect(ctx.outputs['active-stack']).toBeUndefined()
    expect(ctx.report.toMarkdown()).toContain('domain == now (unchanged) ==> blue')
  })

  it('a failed green deploy leaves the domain on blue and deletes nothing', async () => {
    await liveBlue()
    const blueApi = await apiOf('app-blue')
    const ctx = testContext(env.clients)
    await expect(extraEnv(ctx, appInputs(server, 'green', { phase: 'full', template: brokenAppTemplate() }), deps)).rejects.toThrow(/Queue name must end in \.fifo/)
    expect((await mapping())?.restApiId).toBe(blueApi)
    expect(await exists('app-blue')).toBe(true)
    expect(server.hits.green).toBeUndefined()
    expect(ctx.report.toMarkdown()).toContain('❌ deploy failed')
  })

  it('a failed verification after the switch moves the domain back to blue, keeps both stacks and fails', async () => {
    await liveBlue()
    const blueApi = await apiOf('app-blue')
    // green's own endpoint is fine, but the app reached through the domain is not (verify-url)
    server.behave('through-domain', () => ({ status: 502, body: 'bad gateway' }))
    const ctx = testContext(env.clients)
    const err = await extraEnv(ctx, appInputs(server, 'green', { phase: 'full', 'verify-url': `${server.url('through-domain')}/health` }), deps).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(/app-green failed verification after the switch; api\.example\.com\/\(root\) was switched back/)
    expect(err.message).toMatch(/through-domain\/health: status 502/)
    expect(await mapping()).toMatchObject({ restApiId: blueApi, stage: 'prod' })
    expect(await exists('app-blue')).toBe(true)
    expect(await exists('app-green')).toBe(true)
    expect(ctx.log.text()).toContain('Switch api.example.com/(root) back to app-blue')
    const md = ctx.report.toMarkdown()
    expect(md).toContain('domain == now (switched back) ==> blue')
    expect(md).toContain('❌ failed verification, kept for investigation')
  })

  it('a green that starts failing after the switch is caught by the verification rounds', async () => {
    await liveBlue()
    const blueApi = await apiOf('app-blue')
    let served = 0
    // passes the smoke check before the switch, then fails: the round after the switch sees it
    server.behave('green', () => (++served <= 1 ? { status: 200, body: 'ok' } : { status: 500, body: 'boom' }))
    const ctx = testContext(env.clients)
    await expect(extraEnv(ctx, appInputs(server, 'green', { phase: 'full' }), deps)).rejects.toThrow(/failed verification after the switch/)
    expect((await mapping())?.restApiId).toBe(blueApi)
    expect(await exists('app-blue')).toBe(true)
  })

  it('stops before switching when the domain moved after it was read (two promotions racing)', async () => {
    await liveBlue()
    await extraEnv(testContext(env.clients), appInputs(server, 'green', { phase: 'deploy' }), deps)
    await extraEnv(testContext(env.clients), appInputs(server, 'other', { phase: 'deploy' }), deps)
    const otherApi = await apiOf('app-other')
    // While this run smoke-tests green, another promotion moves the domain to its own API.
    server.behave('green', async () => {
      await switchRestMapping(env.clients.apigateway, { domainName: 'api.example.com', basePath: '', restApiId: otherApi, stage: 'prod' })
      return { status: 200, body: 'ok' }
    })
    const ctx = testContext(env.clients)
    const err = await extraEnv(ctx, appInputs(server, 'green', { phase: 'promote', template: '', parameters: '' }), deps).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(/moved while this run was checking: it mapped to API \w+ stage prod and now maps to API \w+ stage prod \(stack app-other\)/)
    expect(err.message).toContain('Nothing was switched and nothing deleted')
    expect((await mapping())?.restApiId).toBe(otherApi) // the other promotion's change stands
    expect(await exists('app-blue')).toBe(true)
    expect(await exists('app-green')).toBe(true)
  })

  it('promoting the environment that is already live changes and deletes nothing', async () => {
    await liveBlue()
    const ctx = testContext(env.clients)
    await extraEnv(ctx, appInputs(server, 'blue', { phase: 'promote', template: '', parameters: '' }), deps)
    expect(ctx.log.text()).toMatch(/api\.example\.com\/\(root\) already maps to app-blue \(API \w+\): nothing to switch/)
    expect(ctx.outputs['active-stack']).toBe('app-blue')
    expect(ctx.outputs['previous-stack']).toBeUndefined()
    expect(await exists('app-blue')).toBe(true)
    expect(ctx.report.toMarkdown()).toContain('domain == already live ==> green')
  })

  it('refuses to deploy into the live environment', async () => {
    await liveBlue()
    const ctx = testContext(env.clients)
    await expect(extraEnv(ctx, appInputs(server, 'blue', { phase: 'deploy', parameters: `PublicUrl=${server.url('blue')}\nVersion=v2` }), deps)).rejects.toThrow(
      /app-blue is the live environment .* deploying to it would change production in place/
    )
  })

  it('dry run: full and promote print the plan and change nothing', async () => {
    await liveBlue()
    const blueApi = await apiOf('app-blue')
    const dry = testContext(env.clients, { dryRun: true })
    await extraEnv(dry, appInputs(server, 'green', { phase: 'full', 'dry-run': 'true' }), deps)
    expect(await exists('app-green')).toBe(false)
    expect((await mapping())?.restApiId).toBe(blueApi)
    expect(dry.log.text()).toContain('[dry-run] app-green does not exist yet')

    await extraEnv(testContext(env.clients), appInputs(server, 'green', { phase: 'deploy' }), deps)
    const dryPromote = testContext(env.clients, { dryRun: true })
    await extraEnv(dryPromote, appInputs(server, 'green', { phase: 'promote', template: '', parameters: '', 'dry-run': 'true' }), deps)
    expect((await mapping())?.restApiId).toBe(blueApi)
    expect(await exists('app-blue')).toBe(true)
    expect(dryPromote.log.text()).toMatch(/\[dry-run\] would check that api\.example\.com\/\(root\) still maps to API \w+, then switch it to API \w+ stage prod \(app-green\)/)
    expect(dryPromote.log.text()).toContain('[dry-run] would verify for 10 s, then delete app-blue')
    expect(dryPromote.report.steps.filter((s) => s.status === 'skipped').map((s) => s.name)).toEqual([
      'Lock api.example.com/(root)',
      'Switch the domain',
      'Verify after the switch',
      'Delete the previous environment'
    ])

    const dryDestroy = testContext(env.clients, { dryRun: true })
    await extraEnv(dryDestroy, appInputs(server, 'green', { phase: 'destroy', template: '', 'dry-run': 'true' }), deps)
    expect(await exists('app-green')).toBe(true)
    expect(dryDestroy.log.text()).toContain('[dry-run] would delete stack app-green')
  })

  it('refuses to move a domain that maps to an API of no environment of stack-name, and changes nothing', async () => {
    await createRestDomain(env.clients)
    await env.clients.cloudformation.send(new CreateStackCommand({ StackName: 'legacy', TemplateBody: readFileSync(APP_TEMPLATE, 'utf8'), Capabilities: ['CAPABILITY_IAM'] }))
    const legacyApi = await apiOf('legacy')
    await createRestMapping(env.clients.apigateway, { domainName: 'api.example.com', basePath: '', restApiId: legacyApi, stage: 'prod' })
    const ctx = testContext(env.clients)
    const err = await extraEnv(ctx, appInputs(server, 'green', { phase: 'full' }), deps).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toContain(`maps to rest API ${legacyApi} (stage prod), which no stack of app owns`)
    expect(err.nextSteps).toMatch(/map it by hand once to the first environment/)
    expect((await mapping())?.restApiId).toBe(legacyApi)
    expect(await exists('legacy')).toBe(true)
    expect(await exists('app-green')).toBe(false)
  })

  it('maps a base path other than the root and leaves the root alone', async () => {
    await createRestDomain(env.clients)
    const ctx = testContext(env.clients)
    await extraEnv(ctx, appInputs(server, 'blue', { phase: 'full', 'base-path': 'v1' }), deps)
    expect((await getRestMapping(env.clients.apigateway, 'api.example.com', 'v1'))?.restApiId).toBe(await apiOf('app-blue'))
    expect(await mapping()).toBeUndefined()
    expect(ctx.outputs['domain-endpoint']).toBe('https://api.example.com/v1')
    // moto leaves RestApis behind when stacks are deleted; count them to show no API was created by the action itself
    const apis = await env.clients.apigateway.send(new GetRestApisCommand({}))
    expect(apis.items?.length).toBe(1)
  })
})
