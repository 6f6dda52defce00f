import { CreateStackCommand } from '@aws-sdk/client-cloudformation'
import { readFileSync } from 'node:fs'
import { getRestMapping } from '../../src/aws/apigateway.js'
import { fakeClock } from '../../src/clock.js'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { extraEnv } from '../../src/modes/extra-env/index.js'
import { testContext } from '../support/context.js'
import { useMoto } from '../support/moto.js'
import { APP_TEMPLATE, appInputs, createRestDomain, PUSH_RUN, useAppServer } from '../support/extra-env.js'

const env = useMoto()
const server = useAppServer()

const DAY = 86_400_000
const deps = { run: PUSH_RUN }
const exists = async (name: string) => !!(await describeStack(env.clients.cloudformation, name))

describe('extra-env destroy with older-than (the preview sweep) on moto', () => {
  it('deletes the tagged previews older than the limit, a few at a time, and never the live one, the base stack or newer previews', async () => {
    await createRestDomain(env.clients)
    const clock = fakeClock(Date.parse('2026-01-01T00:00:00Z'))
    const at = () => testContext(env.clients, { clock })
    // day 0: green goes live; previews pr-1, pr-2, pr-3 are deployed
    await extraEnv(at(), appInputs(server, 'green', { phase: 'full', 'verify-seconds': '0' }), deps)
    for (const pr of ['pr-1', 'pr-2', 'pr-3']) await extraEnv(at(), appInputs(server, pr, { phase: 'deploy' }), deps)
    // an old stack of the same name prefix that the action did not create (no bluegreen tags)
    await env.clients.cloudformation.send(new CreateStackCommand({ StackName: 'app-handmade', TemplateBody: readFileSync(APP_TEMPLATE, 'utf8'), Capabilities: ['CAPABILITY_IAM'] }))
    clock.advance(9 * DAY)
    await extraEnv(at(), appInputs(server, 'pr-4', { phase: 'deploy' }), deps)
    clock.advance(1 * DAY)

    const ctx = at()
    await extraEnv(ctx, appInputs(server, 'x', { phase: 'destroy', template: '', extra: '', 'older-than': '7d', 'sweep-concurrency': '2' }), deps)
    expect(await exists('app-pr-1')).toBe(false)
    expect(await exists('app-pr-2')).toBe(false)
    expect(await exists('app-pr-3')).toBe(false)
    expect(await exists('app-green')).toBe(true) // live, 10 days old
    expect(await exists('app-pr-4')).toBe(true) // 1 day old
    expect(await exists('app-handmade')).toBe(true) // not tagged by the action
    const md = ctx.report.toMarkdown()
    expect(md).toContain('### Sweep')
    expect(md).toContain('| app-green | 10 d | kept: live |')
    expect(md).toContain('| app-pr-1 | 10 d | deleted |')
    expect(ctx.log.text()).toContain('Find environments of app older than 7 d')
    expect(md.match(/\| deleted \|/g)).toHaveLength(3)
    expect(md).toContain('kept: live')
    expect(ctx.log.text()).toContain('Delete 3 old environment(s), 2 at a time')
    expect((await getRestMapping(env.clients.apigateway, 'api.example.com', ''))?.restApiId).toBeDefined()
  })

  it('a dry-run sweep lists what it would delete and deletes nothing', async () => {
    await createRestDomain(env.clients)
    const clock = fakeClock(Date.parse('2026-01-01T00:00:00Z'))
    await extraEnv(testContext(env.clients, { clock }), appInputs(server, 'pr-7', { phase: 'deploy' }), deps)
    clock.advance(30 * DAY)
    const ctx = testContext(env.clients, { clock, dryRun: true })
    await extraEnv(ctx, appInputs(server, 'x', { phase: 'destroy', template: '', extra: '', 'older-than': '2w', 'dry-run': 'true' }), deps)
    expect(await exists('app-pr-7')).toBe(true)
    expect(ctx.log.text()).toContain('[dry-run] would delete stack app-pr-7')
    expect(ctx.report.toMarkdown()).toMatch(/\| app-pr-7 \| .* \| would delete \|/)
  })
})
