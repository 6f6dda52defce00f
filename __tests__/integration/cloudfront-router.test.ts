/**
 * router: cloudfront through the built action (dist/index.js as the runner runs it) on moto. The
 * distribution is created through the API, as a platform team would; the environments are
 * examples/cloudfront/template.yaml, which offers its API's host in OriginDomainName. What moto does not do
 * (IfMatch, ETags that change, InProgress after an update) is in __tests__/unit/cloudfront-router.test.ts.
 */
import { GetDistributionConfigCommand, type DistributionConfig } from '@aws-sdk/client-cloudfront'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateStackCommand } from '@aws-sdk/client-cloudformation'
import { describeStack, stackOutputs } from '../../src/cloudformation/stacks.js'
import { runAction, type ActionRun } from '../support/action-runner.js'
import { useAppServer } from '../support/extra-env.js'
import { useMoto } from '../support/moto.js'
import { CLOUDFRONT_TEMPLATE, createDistribution as createDistributionIn } from '../support/router-doors.js'

const env = useMoto()
const server = useAppServer()
const TEMPLATE = CLOUDFRONT_TEMPLATE

function run(extra: string, values: Record<string, string> = {}): Promise<ActionRun> {
  return runAction(
    {
      mode: 'extra-env',
      'stack-name': 'www',
      template: TEMPLATE,
      extra,
      parameters: `Version=${extra}\nPublicUrl=${server.url(`www-${extra}`)}`,
      'endpoint-output': 'Endpoint',
      'smoke-path': '/health',
      'smoke-retries': '1',
      'smoke-timeout-seconds': '2',
      'verify-seconds': '1',
      region: 'us-east-1',
      'endpoint-url': env.url,
      'poll-seconds': '0.2',
      ...values
    },
    { timeoutMs: 120_000 }
  )
}

function cloudfront(distributionId: string, values: Record<string, string> = {}): Record<string, string> {
  return { router: 'cloudfront', 'distribution-id': distributionId, 'origin-output': 'OriginDomainName', ...values }
}

const originOf = async (stackName: string) => stackOutputs(await describeStack(env.clients.cloudformation, stackName)).OriginDomainName
const exists = async (stackName: string) => !!(await describeStack(env.clients.cloudformation, stackName))
const configOf = async (id: string) => (await env.clients.cloudfront.send(new GetDistributionConfigCommand({ Id: id }))).DistributionConfig!
const domainOf = (config: DistributionConfig, originId: string) => config.Origins!.Items!.find((o) => o.Id === originId)!.DomainName

/** www-blue deployed (no front door yet), then the distribution created in front of it. */
async function blueBehindDistribution(origins: { id: string; domain?: string }[] = [{ id: 'app' }, { id: 'status', domain: 'status.example.com' }]): Promise<string> {
  const deploy = await run('blue', { phase: 'deploy' })
  expect(deploy.code).toBe(0)
  const blue = await originOf('www-blue')
  return createDistribution(origins.map((o) => ({ id: o.id, domain: o.domain ?? blue })))
}

/** The distribution as a platform team creates it (see __tests__/support/router-doors.ts). */
const createDistribution = (origins: { id: string; domain: string }[]) => createDistributionIn(env.clients, origins)

describe('router cloudfront on moto, through the built action', () => {
  it("a release swaps the origin from blue's API to green's, keeps the rest of the distribution, and deletes blue", async () => {
    const id = await blueBehindDistribution()
    const before = await configOf(id)
    const release = await run('green', cloudfront(id))
    expect(release.stderr).not.toMatch(/Unexpected error/)
    expect(release.code).toBe(0)
    const green = await originOf('www-green')
    const after = await configOf(id)
    expect(domainOf(after, 'app')).toBe(green)
    // UpdateDistribution replaced the whole configuration: everything but that one domain reads back as before
    const expected = structuredClone(before)
    expected.Origins!.Items!.find((o) => o.Id === 'app')!.DomainName = green
    expect(after).toEqual(expected)
    expect(await exists('www-blue')).toBe(false)
    expect(release.outputs['active-stack']).toBe('www-green')
    expect(release.outputs['previous-stack']).toBe('www-blue')
    expect(release.outputs['domain-endpoint']).toBe('https://www.example.com')
    expect(release.stdout).toContain(`Updated distribution ${id}: origin app now ${green}`)
    expect(release.summary).toContain(`distribution ${id} default origin`)
  }, 240_000)

  it('refuses an origin-id the distribution lacks before deploying anything, naming origin-id', async () => {
    const id = await blueBehindDistribution()
    const before = await configOf(id)
    const release = await run('green', cloudfront(id, { 'origin-id': 'web' }))
    expect(release.code).toBe(1)
    expect(release.stdout).toContain(`Distribution ${id} has no origin web (origin-id); its origins: app, status`)
    expect(await exists('www-green')).toBe(false)
    expect(await configOf(id)).toEqual(before)
  }, 240_000)

  it.each([
    ['lacks the output', (t: string) => t.replace(/\n  OriginDomainName:\n(    .*\n){2}/, '\n'), 'Stack www-green has no output OriginDomainName (origin-output)'],
    [
      'outputs a URL with a path',
      (t: string) => t.replace("Value: !Sub '${Api}.execute-api.${AWS::Region}.amazonaws.com'", "Value: !Sub 'https://${Api}.execute-api.${AWS::Region}.amazonaws.com/prod'"),
      'Stack www-green\'s output OriginDomainName (origin-output) holds "https://'
    ]
  ])(
    'refuses a green stack that %s, naming origin-output, and leaves the origin on blue',
    async (_what, edit, message) => {
      const id = await blueBehindDistribution()
      const before = await configOf(id)
      const template = edit(readFileSync(TEMPLATE, 'utf8'))
      expect(template).not.toBe(readFileSync(TEMPLATE, 'utf8'))
      const path = join(mkdtempSync(join(tmpdir(), 'cloudfront-')), 'green.yaml')
      writeFileSync(path, template)
      const release = await run('green', { ...cloudfront(id), template: path })
      expect(release.code).toBe(1)
      expect(release.stdout).toContain(message)
      expect(await configOf(id)).toEqual(before)
      expect(await exists('www-blue')).toBe(true)
    },
    240_000
  )

  it('keeps blue while another origin of the distribution still reaches it', async () => {
    const id = await blueBehindDistribution([{ id: 'app' }, { id: 'legacy' }])
    const release = await run('green', cloudfront(id))
    const after = await configOf(id)
    expect(domainOf(after, 'app')).toBe(await originOf('www-green'))
    expect(domainOf(after, 'legacy')).toBe(await originOf('www-blue'))
    expect(await exists('www-blue')).toBe(true)
    expect(release.code).toBe(1)
    expect(release.stdout).toContain(`distribution ${id} origin legacy points to www-blue again (origin ${await originOf('www-blue')}), so www-blue will not be deleted`)
    expect(release.stdout).toContain(`Another origin of distribution ${id} routes to www-blue.`)
  }, 240_000)

  it('leaves the live environment alone: a dry run changes nothing, deploy and destroy refuse the stack the origin points to', async () => {
    const id = await blueBehindDistribution()
    const before = await configOf(id)
    const blue = await originOf('www-blue')
    const dry = await run('green', cloudfront(id, { 'dry-run': 'true' }))
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(`switch distribution ${id} default origin to it and delete www-blue`)
    expect(dry.stdout).toContain(`Live: distribution ${id} default origin → ${blue} → stack www-blue (found by output).`)
    expect(await exists('www-green')).toBe(false)
    const deploy = await run('blue', cloudfront(id, { phase: 'deploy' }))
    expect(deploy.code).toBe(1)
    expect(deploy.stdout).toContain(`www-blue is the live environment (distribution ${id} default origin points to it)`)
    const destroy = await run('blue', cloudfront(id, { phase: 'destroy', template: '', parameters: '' }))
    expect(destroy.code).toBe(1)
    expect(destroy.stdout).toContain('it will not be deleted')
    expect(await exists('www-blue')).toBe(true)
    expect(await configOf(id)).toEqual(before)
  }, 240_000)

  it('moves the origin off a stack made before the action (untagged) and keeps that stack', async () => {
    await env.clients.cloudformation.send(
      new CreateStackCommand({
        StackName: 'www',
        TemplateBody: readFileSync(TEMPLATE, 'utf8'),
        Parameters: [{ ParameterKey: 'PublicUrl', ParameterValue: server.url('www') }],
        Capabilities: ['CAPABILITY_IAM']
      })
    )
    const legacy = await originOf('www')
    const id = await createDistribution([{ id: 'app', domain: legacy }])
    const release = await run('green', cloudfront(id))
    expect(release.code).toBe(0)
    expect(domainOf(await configOf(id), 'app')).toBe(await originOf('www-green'))
    expect(await exists('www')).toBe(true)
    expect(release.stdout).toContain('www is not tagged bluegreen:stack=www: it was made before the action')
  }, 240_000)

  it('rolls back to the kept previous environment with the same one write', async () => {
    const id = await blueBehindDistribution()
    const release = await run('green', cloudfront(id, { 'keep-previous': 'true' }))
    expect(release.code).toBe(0)
    expect(domainOf(await configOf(id), 'app')).toBe(await originOf('www-green'))
    const rollback = await run('green', cloudfront(id, { phase: 'rollback', template: '', parameters: '' }))
    expect(rollback.code).toBe(0)
    expect(domainOf(await configOf(id), 'app')).toBe(await originOf('www-blue'))
    expect(rollback.outputs['active-stack']).toBe('www-blue')
  }, 240_000)
})
