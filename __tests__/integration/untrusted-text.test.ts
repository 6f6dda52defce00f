/**
 * Everything a pull request's template controls (stack outputs, the bodies its app returns) reaches the log,
 * the job summary and the PR comment only made inert: the built action runs as the runner runs it, on moto,
 * with a template whose Endpoint output and whose app's body carry workflow commands and markdown.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction, type ActionRun } from '../support/action-runner.js'
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js'
import { useMoto } from '../support/moto.js'
import { APP_TEMPLATE, useAppServer } from '../support/extra-env.js'

const env = useMoto()
const server = useAppServer()

const COMMANDS = '\n::add-mask::secret\n::stop-commands::x\n::warning::pwn\n::endgroup::\n  ::error::indented\n##[warning]legacy'
const MARKDOWN = '\n| injected | row |\n@team <img src=x> `tick` ``'
const HOSTILE = `${COMMANDS}${MARKDOWN}`

/** The sample app whose Endpoint output is PublicUrl followed by the hostile text (a template can say anything). */
function hostileTemplate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-'))
  const path = join(dir, 'template.yaml')
  const body = readFileSync(APP_TEMPLATE, 'utf8').replace(
    "Value: !If [HasPublicUrl, !Ref PublicUrl, !Sub 'https://${Api}.execute-api.${AWS::Region}.amazonaws.com/prod']",
    `Value: !Join ['', [!Ref PublicUrl, ${JSON.stringify(HOSTILE)}]]`
  )
  if (body.includes('!If [HasPublicUrl')) throw new Error('the sample template changed: the Endpoint output was not replaced')
  writeFileSync(path, body)
  return path
}

/** The first path segment the app server sees for the hostile endpoint (fetch drops the line breaks, encodes the rest). */
function segmentOf(base: string): string {
  return new URL(`${base}${HOSTILE}/health`).pathname.split('/')[1]
}

function deployInputs(extra: string, values: Record<string, string> = {}): Record<string, string> {
  return {
    mode: 'extra-env',
    phase: 'deploy',
    'stack-name': 'app',
    extra,
    template: hostileTemplate(),
    parameters: `PublicUrl=${server.url(extra)}\nVersion=${extra}`,
    'endpoint-output': 'Endpoint',
    'smoke-path': '/health',
    'smoke-retries': '0',
    'smoke-timeout-seconds': '2',
    region: 'us-east-1',
    'endpoint-url': env.url,
    'poll-seconds': '0.1',
    ...values
  }
}

/** Workflow commands in the run's stdout: only the action's own groups, annotations and token mask, balanced. */
function expectNoInjectedCommands(run: ActionRun): void {
  const lines = run.stdout.split(/\r\n|\r|\n/)
  const commands = lines.filter((l) => /^\s*(::|##\[)/.test(l) && l !== '::add-mask::ghs_test')
  for (const l of commands) expect(l).toMatch(/^::(group|endgroup|error|warning|notice|debug)::/)
  expect(commands.filter((l) => /^\s*::(add-mask|stop-commands)/.test(l))).toEqual([])
  expect(commands.filter((l) => /^\s*::warning::pwn|^\s*::error::indented|^\s*##\[/.test(l))).toEqual([])
  expect(commands.filter((l) => l.startsWith('::endgroup::')).length).toBe(commands.filter((l) => l.startsWith('::group::')).length)
  // the text itself is still shown, on the line of the action that quotes it
  expect(run.stdout).toContain('⏎::add-mask::secret⏎::stop-commands::x⏎')
}

function expectInertMarkdown(markdown: string): void {
  expect(markdown).not.toMatch(/<img/i)
  expect(markdown).not.toMatch(/@team/) // '@' + zero-width joiner + 'team' does not mention
  expect(markdown).toContain('@\u200dteam')
  for (const line of markdown.split('\n')) expect(line).not.toMatch(/^\|\s*injected/)
}

describe('untrusted text from a pull request’s template and app', () => {
  it('cannot issue workflow commands from a stack output or a smoke body, nor inject markdown into the job summary', async () => {
    const segment = segmentOf(server.url('evil'))
    server.behave(segment, () => ({ status: 200, body: HOSTILE }))
    const run = await runAction(deployInputs('evil', { 'smoke-expect-body': '^healthy$' }), { timeoutMs: 120_000 })
    expect(run.code).toBe(1)
    expect(server.hits[segment]).toBe(1)
    expectNoInjectedCommands(run)
    // a mismatching body is quoted as a short sanitized excerpt only
    const excerpt = /body does not match \/\^healthy\$\/: (.*?) after 1 attempt/.exec(run.stdout)?.[1]
    expect(excerpt).toBeDefined()
    expect(excerpt!.length).toBeLessThanOrEqual(60 + '…)'.length)
    expect(excerpt).not.toContain('legacy') // past the 60-character excerpt
    expectInertMarkdown(run.summary)
  })

  it('cannot inject markdown, rows or mentions into the pull request comment', async () => {
    const gh: FakeGitHub = await startFakeGitHub()
    try {
      const segment = segmentOf(server.url('pr-21'))
      server.behave(segment, () => ({ status: 200, body: 'ok' }))
      const dir = mkdtempSync(join(tmpdir(), 'event-'))
      const event = join(dir, 'event.json')
      const pr = { number: 21, head: { sha: 'c0ffee0000000000000000000000000000000000', repo: { full_name: 'acme/app', fork: false } }, base: { repo: { full_name: 'acme/app' } } }
      writeFileSync(event, JSON.stringify({ pull_request: pr, repository: { full_name: 'acme/app' } }))
      const run = await runAction(deployInputs('pr-21', { 'github-token': 'ghs_test' }), {
        timeoutMs: 120_000,
        env: {
          GITHUB_API_URL: gh.baseUrl,
          GITHUB_REPOSITORY: 'acme/app',
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: event,
          GITHUB_SHA: 'f'.repeat(40),
          GITHUB_REF: 'refs/pull/21/merge',
          GITHUB_RUN_ID: '5'
        }
      })
      expect(run.code).toBe(0)
      expectNoInjectedCommands(run)
      expectInertMarkdown(run.summary)
      expect(gh.comments).toHaveLength(1)
      const body = gh.comments[0].body
      expectInertMarkdown(body)
      const urlRow = body.split('\n').find((l) => l.startsWith('| URL |'))!
      // the whole endpoint is one code span on one row, opened and closed by a fence longer than its backtick runs
      expect(urlRow).toMatch(/^\| URL \| (`{3,}) .*\1 \|$/)
      expect(urlRow).toContain(server.url('pr-21'))
      expect(urlRow.replace(/\\\|/g, '').split('|').length).toBe(4)
    } finally {
      await gh.close()
    }
  })

  it('a stack output pointing the smoke check at the instance metadata address is refused, not requested', async () => {
    const run = await runAction(
      { ...deployInputs('imds'), template: APP_TEMPLATE, parameters: 'PublicUrl=http://169.254.169.254/latest/meta-data/iam/security-credentials\nVersion=imds', 'smoke-retries': '2' },
      { timeoutMs: 120_000 }
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /✘ GET http:\/\/169\.254\.169\.254\/latest\/meta-data\/iam\/security-credentials\/health → no response \(not requested: 169\.254\.169\.254 is a link-local or instance metadata address \(refused unless smoke-allow-link-local: true\)\) after 0 attempt\(s\)/
    )
    expect(run.stdout).not.toMatch(/attempt 1 failed/)
  })
})
