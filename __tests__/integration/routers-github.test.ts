/**
 * What works the same for every router as for the custom domain (issue #14): a pull request's preview
 * comments on the pull request naming its environment by the router's target, a promotion reports a GitHub
 * deployment whose URL is the front door's, and the job summary shows both environments with the router's
 * id column and a diagram of the switch through the front door. The built action (dist/index.js as the
 * runner runs it) on moto, with the local stand-in for GitHub's REST API (GITHUB_API_URL) and the event
 * payload in GITHUB_EVENT_PATH, as the runner gives it.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { DIST, type ActionRun } from '../support/action-runner.js'
import { useAppServer } from '../support/extra-env.js'
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js'
import { useMoto } from '../support/moto.js'
import { doorRun, routerDoor, type DoorEnv, type DoorKind, type RouterDoor } from '../support/router-doors.js'

const env = useMoto()
const server = useAppServer()
let gh: FakeGitHub
beforeAll(() => {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run package` first')
})
beforeEach(async () => {
  gh = await startFakeGitHub()
})
afterEach(async () => {
  await gh.close()
})

/**
 * Text a pull request's template puts in its Endpoint output, after the app's URL (a fragment: requests
 * still reach the app): a mention, a tag and a code span that must stay inert in the comment and the summary.
 */
const HOSTILE = '#@team<img/src=x>`tick`|cell'

const doorEnv = (hostile = false): DoorEnv => ({
  endpointUrl: env.url,
  clients: env.clients,
  appUrl: (extra) => `${server.url(extra)}${hostile && extra.startsWith('pr-') ? HOSTILE : ''}`
})

function eventFile(payload: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'event-')), 'event.json')
  writeFileSync(path, JSON.stringify(payload))
  return path
}

function githubEnv(event: 'push' | 'pull_request', runId: string, payload: unknown = {}): Record<string, string> {
  return {
    GITHUB_API_URL: gh.baseUrl,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventFile(payload),
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_REF: event === 'pull_request' ? 'refs/pull/7/merge' : 'refs/heads/main',
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'deploy'
  }
}

const PULL_REQUEST = {
  pull_request: { number: 7, head: { sha: 'c0ffee0000000000000000000000000000000000', repo: { full_name: 'acme/app', fork: false } }, base: { repo: { full_name: 'acme/app' } } },
  repository: { full_name: 'acme/app' }
}

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const failure = (run: ActionRun) =>
  `${run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error::'))
    .join('\n')}\n${run.stderr}`

/** Nothing a template controls forms a tag, a mention or a row of its own. */
function expectInert(markdown: string): void {
  expect(markdown).not.toMatch(/<img/i)
  expect(markdown).not.toMatch(/@team/)
  expect(markdown).toContain('@\u200dteam')
}

/** The Environments table's rows by stack name, and its header. */
function environmentsTable(summary: string): { header: string; rows: Map<string, string> } {
  const section = summary.split('### Environments\n\n')[1]?.split('\n\n')[0] ?? ''
  const [header = '', , ...rows] = section.split('\n')
  return { header, rows: new Map(rows.map((r) => [r.split(' | ')[1], r])) }
}

const mermaidLabel = (s: string) => s.replace(/"/g, "'").replace(/[`<>\r\n]/g, ' ')

const KINDS: DoorKind[] = ['cloudfront', 'route53', 'alb', 'target-group']

describe.each(KINDS)('router %s with GitHub, through the built action on moto', (kind) => {
  let door: RouterDoor

  beforeEach(async () => {
    door = await routerDoor(kind, doorEnv(true))
  }, 180_000)

  it('a pull request preview comments on the pull request with the environment, its target in a code span, and nothing a template can inject', async () => {
    const run = await doorRun(door, doorEnv(true), 'pr-7', { phase: 'deploy', 'github-token': 'ghs_test' }, { env: githubEnv('pull_request', '70', PULL_REQUEST) })
    expect([run.code, failure(run)]).toEqual([0, expect.any(String)])
    const green = `${door.stackName}-pr-7`
    const id = await door.targetId(green)
    expect(id).not.toBe('')

    expect(gh.comments).toHaveLength(1)
    const [comment] = gh.comments
    expect(comment.issue).toBe(7)
    expect(comment.body).toContain(`<!-- bluegreen-action:extra-env:${green} -->`)
    expect(comment.body).toContain(`### 🟢 Preview environment \`${green}\``)
    const lines = comment.body.split('\n')
    // the router's noun names the row, its id is one code span (route53 and alb add a note: CNAME, the group's name)
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\| ${reEscape(door.noun)} \\| \`${reEscape(id)}\`( \\([\\w -]+\\))? \\|$`)))
    expect(lines).toContainEqual(`| stack | \`${green}\` |`)
    // the endpoint the template shaped: one code span on one row, its mention and tag made inert, its | escaped
    const urlRow = lines.find((l) => l.startsWith('| URL |'))!
    expect(urlRow).toMatch(/^\| URL \| (`{2,}) .*\1 \|$/)
    expect(urlRow).toContain(server.url('pr-7'))
    expect(urlRow.replace(/\\\|/g, '').split('|')).toHaveLength(4)
    expectInert(comment.body)
    expect(comment.body).toContain('| smoke checks | 1/1 passed |')

    // a transient deployment of the preview, ending in success on the preview's own URL
    expect(gh.deployments).toHaveLength(1)
    expect(gh.deployments[0]).toMatchObject({ environment: green, transient_environment: true, production_environment: false })
    expect(gh.deployments[0].statuses.map((s) => s.state)).toEqual(['in_progress', 'success'])
    expect(gh.deployments[0].statuses[1].environment_url).toBe(`${server.url('pr-7')}${HOSTILE}`)

    // the summary names the preview by the router's id column, and stays inert too
    const table = environmentsTable(run.summary)
    expect(table.header).toContain(`| ${door.noun} id |`)
    expect(table.rows.get(green)).toContain(`\`${id}\``)
    expectInert(run.summary)
    // blue stays live: nothing but the preview changed
    expect(await door.liveStack([`${door.stackName}-blue`, green])).toBe(`${door.stackName}-blue`)
  }, 240_000)

  it("a promotion reports a production deployment on the front door's URL; the summary shows both sides and the switch through the door", async () => {
    const run = await doorRun(door, doorEnv(), 'green', { phase: 'full', 'github-token': 'ghs_test', environment: 'production' }, { env: githubEnv('push', '71') })
    expect([run.code, failure(run)]).toEqual([0, expect.any(String)])
    const blue = `${door.stackName}-blue`
    const green = `${door.stackName}-green`
    expect(await door.liveStack([blue, green])).toBe(green)
    expect(await describeStack(env.clients.cloudformation, blue)).toBeUndefined()
    expect(run.outputs['domain-endpoint']).toBe(door.url)

    expect(gh.deployments).toHaveLength(1)
    const [d] = gh.deployments
    expect(d).toMatchObject({ environment: 'production', production_environment: true, transient_environment: false })
    expect(d.statuses[0].state).toBe('in_progress')
    expect(d.statuses.at(-1)).toMatchObject({ state: 'success', environment_url: door.url })
    expect(run.outputs['deployment-id']).toBe(String(d.id))
    // a push has no pull request to comment on
    expect(gh.comments).toHaveLength(0)

    const greenId = await door.targetId(green)
    const table = environmentsTable(run.summary)
    expect(table.header).toBe(`|  | stack | ${door.noun} id | endpoint | smoke | timings | state |`)
    expect(table.rows.get(green)).toMatch(new RegExp(`^\\| 🟢 green \\(new\\) \\| ${reEscape(green)} \\| \`${reEscape(greenId)}\` \\|.*\\| live \\|$`))
    expect(table.rows.get(blue)).toMatch(/^\| 🔵 blue \(live before\) \| .*\| deleted \|$/)

    const diagram = run.summary.split('```mermaid\n')[1]?.split('```')[0] ?? ''
    expect(diagram).toContain(`domain(["${mermaidLabel(door.where)}"])`)
    expect(diagram).toContain(`green["🟢 ${green}<br/>${door.noun} ${mermaidLabel(greenId)}<br/>live"]`)
    expect(diagram).toMatch(new RegExp(`blue\\["🔵 ${reEscape(blue)}<br/>${reEscape(door.noun)} \\S+<br/>deleted"\\]`))
    expect(diagram).toContain('domain -. before .-> blue')
    expect(diagram).toContain('domain == now ==> green')
  }, 240_000)

  it('a gated promotion: deploy, a dry run of the promote that moves nothing and tells GitHub nothing, then the promote', async () => {
    const blue = `${door.stackName}-blue`
    const green = `${door.stackName}-green`
    const deploy = await doorRun(door, doorEnv(), 'green', { phase: 'deploy' }, { env: githubEnv('push', '72') })
    expect([deploy.code, failure(deploy)]).toEqual([0, expect.any(String)])
    const promote = { phase: 'promote', template: '', parameters: '', 'github-token': 'ghs_test', environment: 'production' }

    const dry = await doorRun(door, doorEnv(), 'green', { ...promote, 'dry-run': 'true' }, { env: githubEnv('push', '73') })
    expect([dry.code, failure(dry)]).toEqual([0, expect.any(String)])
    expect(dry.stdout).toContain('[dry-run]')
    expect(await door.liveStack([blue, green])).toBe(blue)
    expect(await describeStack(env.clients.cloudformation, blue)).toBeDefined()
    expect(gh.requests).toEqual([])
    const dryDiagram = dry.summary.split('```mermaid\n')[1]?.split('```')[0] ?? ''
    expect(dryDiagram).toContain(`domain(["${mermaidLabel(door.where)}"])`)
    expect(dryDiagram).toContain('domain == now ==> blue')
    expect(dryDiagram).toContain('domain -. would switch .-> green')

    const run = await doorRun(door, doorEnv(), 'green', promote, { env: githubEnv('push', '74') })
    expect([run.code, failure(run)]).toEqual([0, expect.any(String)])
    expect(await door.liveStack([blue, green])).toBe(green)
    expect(gh.deployments.map((d) => [d.environment, d.statuses.at(-1)?.state, d.statuses.at(-1)?.environment_url])).toEqual([['production', 'success', door.url]])
  }, 240_000)
})
