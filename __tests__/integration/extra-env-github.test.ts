import { getOctokit } from '@actions/github'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { DeployError } from '../../src/errors.js'
import { extraEnv } from '../../src/modes/extra-env/index.js'
import { testContext } from '../support/context.js'
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js'
import { useMoto } from '../support/moto.js'
import { appInputs, createRestDomain, pullRequestRun, PUSH_RUN, useAppServer } from '../support/extra-env.js'

const env = useMoto()
const server = useAppServer()
let gh: FakeGitHub

beforeEach(async () => {
  gh = await startFakeGitHub()
  server.behave('pr-12', () => ({ status: 200, body: 'ok' }))
})
afterEach(async () => {
  await gh.close()
})

const repo = { owner: 'acme', repo: 'app' }
const octokit = () => getOctokit('ghs_test', { baseUrl: gh.baseUrl })
const exists = async (name: string) => !!(await describeStack(env.clients.cloudformation, name))

describe('extra-env with GitHub deployments and the pull request comment', () => {
  it('a preview deploy creates a transient deployment with statuses and one PR comment, edited (not repeated) on the next push', async () => {
    const run = pullRequestRun(12, { repo })
    const first = testContext(env.clients)
    await extraEnv(first, appInputs(server, 'pr-12', { phase: 'deploy', 'domain-name': '', 'github-token': 'ghs_test' }), { run, octokit: octokit() })
    expect(gh.deployments).toHaveLength(1)
    const d = gh.deployments[0]
    expect(d).toMatchObject({ environment: 'app-pr-12', ref: 'c0ffee0000000000000000000000000000000000', transient_environment: true, production_environment: false })
    expect(d.statuses.map((s) => s.state)).toEqual(['in_progress', 'success'])
    expect(d.statuses[1].environment_url).toBe(server.url('pr-12'))
    expect(first.outputs['deployment-id']).toBe(String(d.id))
    const create = gh.requests.find((r) => r.method === 'POST' && r.path.endsWith('/deployments'))
    expect(create?.body).toMatchObject({ auto_merge: false, required_contexts: [] })
    expect(gh.comments).toHaveLength(1)
    expect(gh.comments[0].issue).toBe(12)
    expect(gh.comments[0].body).toContain('<!-- bluegreen-action:extra-env:app-pr-12 -->')
    // (the URL comes from a stack output: it is shown as code, so a template cannot inject markdown through it)
    expect(gh.comments[0].body).toContain(`| URL | \`${server.url('pr-12')}\` |`)
    expect(gh.comments[0].body).toContain('| smoke checks | 1/1 passed |')

    const second = testContext(env.clients)
    // (moto cannot update a stack whose Lambda has inline ZipFile code, so the next push has no stack changes)
    await extraEnv(second, appInputs(server, 'pr-12', { phase: 'deploy', 'domain-name': '' }), { run, octokit: octokit() })
    expect(second.log.text()).toMatch(/no changes|didn't contain changes|No updates/i)
    expect(gh.comments).toHaveLength(1)
    expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1)
    expect(gh.deployments).toHaveLength(2)

    // the pull request closes: the stack goes, the deployment goes inactive, the comment says so
    const destroy = testContext(env.clients)
    await extraEnv(destroy, appInputs(server, 'pr-12', { phase: 'destroy', template: '', 'domain-name': '' }), { run, octokit: octokit() })
    expect(await exists('app-pr-12')).toBe(false)
    expect(gh.deployments[1].statuses.at(-1)?.state).toBe('inactive')
    expect(gh.comments).toHaveLength(1)
    expect(gh.comments[0].body).toContain('destroyed')
    // without domain-name, destroy reads every custom domain of the region to check that app-pr-12 is not live
    expect(destroy.log.text()).toContain('Reading every REST and HTTP API custom domain in us-east-1 for the stacks it routes to.')
  })

  it('a failed deploy marks the deployment failed', async () => {
    server.behave('pr-12', () => ({ status: 500, body: 'broken' }))
    const ctx = testContext(env.clients)
    await expect(extraEnv(ctx, appInputs(server, 'pr-12', { phase: 'deploy', 'domain-name': '', 'smoke-retries': '0' }), { run: pullRequestRun(12, { repo }), octokit: octokit() })).rejects.toThrow(
      /Smoke checks of app-pr-12 failed/
    )
    expect(gh.deployments[0].statuses.map((s) => s.state)).toEqual(['in_progress', 'failure'])
    expect(gh.comments).toHaveLength(0)
  })

  it('refuses a preview of a pull request from a fork unless allow-forks, before any AWS call', async () => {
    const run = pullRequestRun(13, { fork: true, repo })
    const ctx = testContext(env.clients)
    const err = await extraEnv(ctx, appInputs(server, 'pr-13', { phase: 'deploy', 'domain-name': '' }), { run, octokit: octokit() }).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toContain('pull request #13 comes from stranger/app, not acme/app')
    expect(ctx.log.text()).toContain('Refusing to deploy')
    expect(await exists('app-pr-13')).toBe(false)
    expect(gh.requests).toHaveLength(0)

    server.behave('pr-13', () => ({ status: 200, body: 'ok' }))
    await extraEnv(testContext(env.clients), appInputs(server, 'pr-13', { phase: 'deploy', 'domain-name': '', 'allow-forks': 'true' }), { run, octokit: octokit() })
    expect(await exists('app-pr-13')).toBe(true)
  })

  it('refuses an issue_comment on a fork’s pull request, looking the pull request up with the token, and one it cannot look up', async () => {
    const commentRun = (n: number) => ({
      repo,
      eventName: 'issue_comment',
      sha: PUSH_RUN.sha,
      ref: 'refs/heads/main',
      payload: { issue: { number: n, pull_request: { url: `https://api.github.com/repos/acme/app/pulls/${n}` } }, repository: { full_name: 'acme/app' } }
    })
    gh.pulls[14] = { head: { repo: { full_name: 'stranger/app', fork: true }, sha: 'f'.repeat(40) }, base: { repo: { full_name: 'acme/app' } } }
    server.behave('pr-14', () => ({ status: 200, body: 'ok' }))
    const ctx = testContext(env.clients)
    const err = await extraEnv(ctx, appInputs(server, 'pr-14', { phase: 'deploy', 'domain-name': '', 'github-token': 'ghs_test' }), { run: commentRun(14), octokit: octokit() }).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(/^Refusing to deploy code from a fork\nRoot cause: pull request #14 \(commented on\) comes from stranger\/app/)
    expect(ctx.log.text()).toContain('Refusing to deploy: pull request #14 (commented on) comes from stranger/app, not acme/app')
    expect(gh.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/app/pulls/14'])
    expect(await exists('app-pr-14')).toBe(false)

    // the pull request cannot be read (no such number here): not knowable, refused
    const unknown = testContext(env.clients)
    await expect(extraEnv(unknown, appInputs(server, 'pr-15', { phase: 'deploy', 'domain-name': '', 'github-token': 'ghs_test' }), { run: commentRun(15), octokit: octokit() })).rejects.toThrow(
      'Refusing to deploy code from a fork'
    )
    expect(unknown.log.text()).toMatch(/whether that pull request comes from a fork cannot be known \(looking it up failed: Not Found/)
    expect(await exists('app-pr-15')).toBe(false)

    // a workflow_run whose triggering run was a fork's
    const wr = testContext(env.clients)
    const wrRun = {
      repo,
      eventName: 'workflow_run',
      sha: PUSH_RUN.sha,
      ref: 'refs/heads/main',
      payload: { repository: { full_name: 'acme/app' }, workflow_run: { id: 5, head_repository: { full_name: 'stranger/app', fork: true } } }
    }
    await expect(extraEnv(wr, appInputs(server, 'pr-14', { phase: 'deploy', 'domain-name': '' }), { run: wrRun, octokit: octokit() })).rejects.toThrow('Refusing to deploy code from a fork')
    expect(wr.log.text()).toContain('workflow run 5, which triggered this one, ran code from the fork stranger/app, not acme/app')
    expect(await exists('app-pr-14')).toBe(false)

    // the same repository's pull request deploys
    gh.pulls[14] = { head: { repo: { full_name: 'acme/app', fork: false }, sha: 'f'.repeat(40) }, base: { repo: { full_name: 'acme/app' } } }
    await extraEnv(testContext(env.clients), appInputs(server, 'pr-14', { phase: 'deploy', 'domain-name': '', 'github-token': 'ghs_test' }), { run: commentRun(14), octokit: octokit() })
    expect(await exists('app-pr-14')).toBe(true)
  })

  it('a GitHub token without permission is a warning; the promotion still happens', async () => {
    await createRestDomain(env.clients)
    gh.failWith(/deployments/, 403)
    const ctx = testContext(env.clients)
    await extraEnv(ctx, appInputs(server, 'blue', { phase: 'full', 'verify-seconds': '0' }), { run: { ...PUSH_RUN, repo }, octokit: octokit() })
    expect(ctx.outputs['active-stack']).toBe('app-blue')
    expect(ctx.outputs['deployment-id']).toBeUndefined()
    expect(ctx.log.text()).toMatch(/warning: GitHub: could not create a deployment for app: .*Resource not accessible by integration/)
  })

  it('a promotion reports a production deployment whose URL is the domain', async () => {
    await createRestDomain(env.clients)
    const ctx = testContext(env.clients)
    await extraEnv(ctx, appInputs(server, 'blue', { phase: 'full', 'verify-seconds': '0', environment: 'production' }), { run: { ...PUSH_RUN, repo }, octokit: octokit() })
    expect(gh.deployments[0]).toMatchObject({ environment: 'production', ref: PUSH_RUN.sha, production_environment: true, transient_environment: false })
    expect(gh.deployments[0].statuses.at(-1)).toMatchObject({ state: 'success', environment_url: 'https://api.example.com' })
  })
})
