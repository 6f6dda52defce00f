import { mockClient } from 'aws-sdk-client-mock'
import { APIGatewayClient, GetBasePathMappingCommand, GetRestApiCommand } from '@aws-sdk/client-api-gateway'
import { createClients } from '../../src/aws/all-clients.js'
import { InputError } from '../../src/errors.js'
import { formatAge } from '../../src/modes/extra-env/destroy.js'
import type { Environment } from '../../src/core/environments.js'
import { GitHubTracker } from '../../src/core/github.js'
import type { Phase } from '../../src/core/phase.js'
import { mapBounded } from '../../src/core/pool.js'
import { SwitchSummary } from '../../src/core/summary.js'
import { verifyAfterSwitch } from '../../src/core/verify.js'
import { deploymentRef, forkRefusal, pullRequestOf } from '../../src/github/pull-request.js'
import { APP_TEMPLATE, extraEnvInputs, pullRequestRun, PUSH_RUN, apiGatewayRouter } from '../support/extra-env.js'
import { testContext } from '../support/context.js'
import type { GitHubRun } from '../../src/github/types.js'

const base = { mode: 'extra-env', 'stack-name': 'app', template: APP_TEMPLATE }

describe('extra-env inputs', () => {
  const bad = (values: Record<string, string>) => {
    try {
      extraEnvInputs({ ...base, ...values })
    } catch (err) {
      expect(err).toBeInstanceOf(InputError)
      return (err as InputError).message
    }
    throw new Error('accepted')
  }

  it('verify-url must be an http(s) URL', () => {
    expect(bad({ extra: 'g', 'domain-name': 'api.example.com', 'verify-url': 'api.example.com/health' })).toMatch(/^Input 'verify-url': "api\.example\.com\/health" is not a URL/)
    expect(bad({ extra: 'g', 'domain-name': 'api.example.com', 'verify-url': 'ftp://api.example.com/' })).toMatch(/^Input 'verify-url': .* uses ftp:/)
    expect(extraEnvInputs({ ...base, extra: 'g', 'domain-name': 'api.example.com', 'verify-url': 'https://api.example.com/health' }).extraEnv.verifyUrl).toBe('https://api.example.com/health')
  })

  it('the sweep needs the domain, so it can never delete the live environment', () => {
    expect(bad({ phase: 'destroy', template: '', 'older-than': '7d' })).toMatch(/^Input 'domain-name': is required with older-than/)
    expect(extraEnvInputs({ ...base, phase: 'destroy', template: '', 'older-than': '7d', 'domain-name': 'api.example.com' }).extraEnv.olderThanMs).toBe(7 * 86_400_000)
  })

  it('names the input for the other extra-env mistakes', () => {
    expect(bad({ phase: 'deploy' })).toMatch(/^Input 'extra': is required for phase deploy/)
    expect(bad({ extra: 'pr_1', phase: 'deploy' })).toMatch(/^Input 'extra': "pr_1" is not accepted/)
    expect(bad({ extra: 'g', phase: 'promote', template: '' })).toMatch(/^Input 'domain-name': is required/)
    expect(bad({ phase: 'destroy', template: '', 'older-than': 'a week', 'domain-name': 'api.example.com' })).toMatch(/^Input 'older-than'/)
    expect(bad({ extra: 'g', phase: 'deploy', 'sweep-concurrency': '0' })).toMatch(/^Input 'sweep-concurrency'/)
  })
})

describe('mapBounded', () => {
  it('never runs more than the limit at once, keeps the order and captures each failure', async () => {
    let running = 0
    let most = 0
    const results = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++
      most = Math.max(most, running)
      await new Promise((r) => setTimeout(r, 5 * (8 - n)))
      running--
      if (n === 4) throw new Error('four')
      return n * 10
    })
    expect(most).toBe(3)
    expect(results.map((r) => (r.ok ? r.value : (r.error as Error).message))).toEqual([10, 20, 30, 'four', 50, 60, 70])
  })
})

describe('pull requests from forks', () => {
  it('refuses forks unless allowed, and says why', async () => {
    expect(await forkRefusal(pullRequestRun(5, { fork: true }), false)).toMatch(/pull request #5 comes from stranger\/app, not acme\/app/)
    expect(await forkRefusal(pullRequestRun(5, { fork: true }), true)).toBeUndefined()
    expect(await forkRefusal(pullRequestRun(5), false)).toBeUndefined()
    expect(await forkRefusal(PUSH_RUN, false)).toBeUndefined()
  })

  it('refuses a workflow_run whose triggering run ran a fork’s code (head_repository), unless allowed', async () => {
    const wr = (head: Record<string, unknown> | null): GitHubRun => ({
      ...PUSH_RUN,
      eventName: 'workflow_run',
      payload: { repository: { full_name: 'acme/app' }, workflow_run: { id: 99, head_repository: head } }
    })
    expect(await forkRefusal(wr({ full_name: 'stranger/app', fork: true }), false)).toMatch(/workflow run 99, which triggered this one, ran code from the fork stranger\/app, not acme\/app/)
    expect(await forkRefusal(wr({ full_name: 'stranger/app', fork: false }), false)).toMatch(/fork stranger\/app/)
    expect(await forkRefusal(wr({ full_name: 'acme/app', fork: true }), false)).toMatch(/fork acme\/app/)
    expect(await forkRefusal(wr(null), false)).toMatch(/unknown \(deleted\?\) repository/)
    expect(await forkRefusal(wr({ full_name: 'acme/app', fork: false }), false)).toBeUndefined()
    expect(await forkRefusal(wr({ full_name: 'stranger/app', fork: true }), true)).toBeUndefined()
  })

  it('refuses an issue_comment on a pull request when no token can tell whether it is a fork', async () => {
    const comment: GitHubRun = { ...PUSH_RUN, eventName: 'issue_comment', repo: { owner: 'acme', repo: 'app' }, payload: { issue: { number: 8, pull_request: { url: 'x' } } } }
    expect(await forkRefusal(comment, false)).toMatch(/comment on pull request #8, and whether that pull request comes from a fork cannot be known \(no github-token to look it up\)/)
    expect(await forkRefusal(comment, true)).toBeUndefined()
    // a comment on an issue (not a pull request) runs the repository's own code
    expect(await forkRefusal({ ...comment, payload: { issue: { number: 8 } } }, false)).toBeUndefined()
  })

  it('treats a renamed head repository and a deleted fork as forks', async () => {
    const renamed = pullRequestRun(6)
    renamed.payload.pull_request.head.repo = { full_name: 'someone/app', fork: false }
    expect(pullRequestOf(renamed)?.fork).toBe(true)
    const deleted = pullRequestRun(7)
    deleted.payload.pull_request.head.repo = null
    expect(await forkRefusal(deleted, false)).toMatch(/a deleted fork/)
  })

  it('deploys the pull request head, not the merge commit', () => {
    expect(deploymentRef(pullRequestRun(5))).toBe('c0ffee0000000000000000000000000000000000')
    expect(deploymentRef(PUSH_RUN)).toBe(PUSH_RUN.sha)
  })
})

describe('SwitchSummary', () => {
  const summary = (outcome: SwitchSummary['outcome']) => {
    const s = new SwitchSummary()
    s.domain = 'api.example.com/(root)'
    Object.assign(s.env('blue', 'app-blue'), { targetId: 'b1' })
    Object.assign(s.env('green', 'app-green'), { targetId: 'g1', smoke: [{ url: 'http://x/health', ok: true, status: 200, attempts: 1, ms: 3 }] })
    s.outcome = outcome
    return s
  }

  it('draws where the domain points for each outcome', () => {
    expect(summary('switched').mermaid()).toMatch(/domain -\. before \.-> blue\n {2}domain == now ==> green/)
    expect(summary('reverted').mermaid()).toContain('domain == now (switched back) ==> blue')
    expect(summary('unchanged').mermaid()).toContain('domain == now (unchanged) ==> blue')
    expect(summary('dry-run').mermaid()).toContain('domain -. would switch .-> green')
  })

  it('tables both environments with their smoke results', () => {
    const t = summary('switched').table()
    // API ids come from the stack: shown as code spans (untrusted text, src/untrusted.ts mdCode)
    expect(t).toContain('| 🔵 blue (live before) | app-blue | `b1` | – | – | – | – |')
    expect(t).toContain('| 🟢 green (new) | app-green | `g1` | – | ✅ /health 200 | – | – |')
  })

  it('calls the environment of a first release the first one, not a green replacing a blue', () => {
    const s = new SwitchSummary()
    Object.assign(s.env('green', 'app-blue'), { targetId: 'b1' })
    expect(s.table()).toContain('| 🟢 first environment (nothing was live) | app-blue | `b1` |')
    expect(s.table()).not.toMatch(/green \(new\)/)
  })

  it('renders the rows, the outcome and the verification line from what the steps returned', () => {
    const s = new SwitchSummary()
    s.record({ step: 'live', where: 'api.example.com/(root)', blue: { stackName: 'app-blue', targetId: 'b1' } })
    s.record({ step: 'deploy', env: { stackName: 'app-green', targetId: 'g1', endpoint: 'https://g.test' }, ms: 2000, outcome: 'deployed' })
    s.record({ step: 'smoke', stackName: 'app-green', results: [{ url: 'http://x/health', ok: true, status: 200, attempts: 1, ms: 3 }], ms: 1000 })
    s.record({ step: 'sides', where: 'api.example.com/(root)', green: { stackName: 'app-green', targetId: 'g1' }, blue: { stackName: 'app-blue', targetId: 'b1' } })
    s.record({ step: 'switch', green: 'app-green', blue: 'app-blue', outcome: 'switched' })
    s.record({ step: 'verify', green: 'app-green', blue: 'app-blue', ms: 3000, verification: { ok: false, reason: 'GET /health 500', rounds: 2 } })
    s.record({ step: 'switch back', green: 'app-green', blue: 'app-blue', outcome: 'switched back' })
    const ctx = testContext(createClients({ region: 'us-east-1', maxAttempts: 1 }))
    s.write(ctx)
    expect(s.outcome).toBe('reverted')
    expect(s.table()).toMatch(/\| 🔵 blue \(live before\) \| app-blue \| `b1` \| – \| – \| – \| live again \(not deleted\) \|/)
    expect(s.table()).toMatch(
      /\| 🟢 green \(new\) \| app-green \| `g1` \| `https:\/\/g\.test` \| ✅ \/health 200 \| deploy [^,|]+, smoke [^,|]+, verify [^|]+ \| ❌ failed verification, kept for investigation \|/
    )
    expect(s.verification).toBe('Verification after the switch: ❌ failed (GET /health 500) in 2 round(s).')
    expect(s.mermaid()).toContain('domain == now (switched back) ==> blue')
  })

  it('a first promotion that is already live shows one row; a kept stack made before the action gets its section', () => {
    const s = new SwitchSummary()
    s.record({ step: 'sides', where: 'api.example.com/v1', green: { stackName: 'app-green', targetId: 'g1' }, blue: { stackName: 'app-green', targetId: 'g1' } })
    s.record({ step: 'switch', green: 'app-green', blue: 'app-green', outcome: 'already' })
    s.write(testContext(createClients({ region: 'us-east-1', maxAttempts: 1 })))
    expect(s.blue).toBeUndefined()
    expect(s.green?.state).toBe('live')
    const kept = new SwitchSummary()
    kept.record({ step: 'retire', blue: 'legacy', outcome: 'made before', why: 'legacy was made before the action' })
    kept.write(testContext(createClients({ region: 'us-east-1', maxAttempts: 1 })))
    expect(kept.blue?.state).toBe('kept: made before the action, not live')
    expect(kept.extraSections).toEqual([{ title: 'Previous stack kept', markdown: 'legacy was made before the action' }])
  })

  it('formats environment ages in hours and days', () => {
    expect(formatAge(30 * 60_000)).toBe('30 min')
    expect(formatAge(5 * 3_600_000)).toBe('5 h')
    expect(formatAge(7 * 86_400_000)).toBe('7 d')
    expect(formatAge(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h')
  })
})

describe('verifyAfterSwitch', () => {
  const v1 = mockClient(APIGatewayClient)
  const clients = createClients({ region: 'us-east-1', maxAttempts: 1 })
  const green: Environment = {
    stackName: 'app-green',
    stackId: 'id',
    status: 'CREATE_COMPLETE',
    createdAt: 0,
    target: { kind: 'rest', apiId: 'g1', stage: 'prod' },
    targetId: 'g1',
    endpoint: 'https://green.test',
    outputs: {}
  }
  const phase = (values: Record<string, string>, fetchImpl: typeof fetch): Phase => {
    const ctx = testContext(clients)
    const inputs = extraEnvInputs({ ...base, extra: 'green', 'domain-name': 'api.example.com', 'smoke-path': '/health', 'smoke-retries': '0', ...values })
    return { ctx, inputs, router: apiGatewayRouter(ctx, inputs), summary: new SwitchSummary(), run: PUSH_RUN, github: new GitHubTracker(ctx, PUSH_RUN), fetch: fetchImpl }
  }
  beforeEach(() => {
    v1.reset()
    v1.on(GetRestApiCommand).resolves({ id: 'g1' })
  })

  it('checks the mapping and the smoke paths every 5 s for verify-seconds, on the fake clock', async () => {
    v1.on(GetBasePathMappingCommand).resolves({ restApiId: 'g1', stage: 'prod' })
    const seen: string[] = []
    const p = phase({ 'verify-seconds': '20', 'verify-url': 'https://api.example.com/health?deep=1' }, (async (url: string) => {
      seen.push(url)
      return new Response('ok', { status: 200 })
    }) as typeof fetch)
    const v = await verifyAfterSwitch(p, green)
    expect(v).toMatchObject({ ok: true, rounds: 5 })
    expect(seen.slice(0, 2)).toEqual(['https://green.test/health', 'https://api.example.com/health?deep=1'])
    expect(seen).toHaveLength(10)
    expect(v1.commandCalls(GetBasePathMappingCommand)).toHaveLength(5)
  })

  it('watches a short verify-seconds window in at least three rounds, to its end', async () => {
    v1.on(GetBasePathMappingCommand).resolves({ restApiId: 'g1', stage: 'prod' })
    const p = phase({ 'verify-seconds': '1' }, (async () => new Response('ok')) as unknown as typeof fetch)
    const started = p.ctx.clock.now()
    const v = await verifyAfterSwitch(p, green)
    expect(v).toMatchObject({ ok: true, rounds: 4 })
    expect(p.ctx.clock.now() - started).toBe(1000)
  })

  it('stops verifying when timeout-minutes runs out, as a failed verification', async () => {
    v1.on(GetBasePathMappingCommand).resolves({ restApiId: 'g1', stage: 'prod' })
    const p = phase({ 'verify-seconds': '60' }, (async () => new Response('ok')) as unknown as typeof fetch)
    p.ctx.deadline = p.ctx.clock.now() + 12_000
    const v = await verifyAfterSwitch(p, green)
    expect(v.ok).toBe(false)
    expect(v.reason).toMatch(/timeout-minutes ran out after 10\.0 s of the 60 s verification/)
  })

  it('fails as soon as the mapping no longer points at green', async () => {
    v1.on(GetBasePathMappingCommand).resolvesOnce({ restApiId: 'g1', stage: 'prod' }).resolves({ restApiId: 'x9', stage: 'prod' })
    const p = phase({ 'verify-seconds': '30' }, (async () => new Response('ok')) as unknown as typeof fetch)
    const v = await verifyAfterSwitch(p, green)
    expect(v).toMatchObject({ ok: false, rounds: 2 })
    expect(v.reason).toBe('api.example.com/(root) no longer maps to g1 (now x9)')
  })
})
