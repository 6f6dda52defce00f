/** The domain lock and the hardened promotion sequence, in process against moto. */
import { CreateChangeSetCommand, CreateStackCommand, DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { getRestMapping, switchRestMapping } from '../../src/aws/apigateway.js'
import { createLockStack, lockTemplate } from '../../src/cloudformation/lock-stack.js'
import { describeStack, stackTag } from '../../src/cloudformation/stacks.js'
import { DeployError } from '../../src/errors.js'
import { stackResources } from '../../src/cloudformation/stack-resources.js'
import { lockStackName } from '../../src/core/lock.js'
import { lockTags, type LockHolder, type LockIntent } from '../../src/core/lock-holder.js'
import { extraEnv } from '../../src/modes/extra-env/index.js'
import { testContext } from '../support/context.js'
import { systemClock } from '../../src/clock.js'
import { proxyClients, useFaultProxy } from '../support/fault-proxy.js'
import { useMoto } from '../support/moto.js'
import { appInputs, createRestDomain, PUSH_RUN, useAppServer } from '../support/extra-env.js'

const env = useMoto()
const fp = useFaultProxy(() => env.url)
const server = useAppServer()

const LOCK = lockStackName('api.example.com', '')
const run = (runId: string, attempt = 1, job = 'promote'): LockHolder => ({ repository: 'acme/app', runId, attempt, job })
const mapping = () => getRestMapping(env.clients.apigateway, 'api.example.com', '')
const exists = async (name: string) => !!(await describeStack(env.clients.cloudformation, name))
const lockStack = () => describeStack(env.clients.cloudformation, LOCK)
async function apiOf(stackName: string): Promise<string> {
  const r = (await stackResources(env.clients.cloudformation, stackName)).find((x) => x.ResourceType === 'AWS::ApiGateway::RestApi')
  return r!.PhysicalResourceId!
}
const promoteInputs = (extra: string, values: Record<string, string> = {}) => appInputs(server, extra, { phase: 'promote', template: '', parameters: '', 'verify-seconds': '0', ...values })

/** blue live on the domain, green deployed beside it (each by its own run, lock released). */
async function blueLiveGreenDeployed(): Promise<void> {
  await createRestDomain(env.clients)
  await extraEnv(testContext(env.clients), appInputs(server, 'blue', { phase: 'full' }), { run: PUSH_RUN, holder: run('1') })
  await extraEnv(testContext(env.clients), appInputs(server, 'green', { phase: 'deploy' }), { run: PUSH_RUN, holder: run('2') })
}

/** A lock as another run leaves it: created by the action's own code with that run's tags. */
async function leaveLock(holder: LockHolder, opts: { takenAt: number; ttlMs: number; intent?: LockIntent; phase?: string }): Promise<string> {
  const ctx = testContext(env.clients)
  const id = await createLockStack(ctx, LOCK, 'left by a test', lockTags('api.example.com/(root)', holder, opts.phase ?? 'promote', opts.takenAt, opts.takenAt + opts.ttlMs, opts.intent ?? {}))
  return id!
}

beforeEach(() => {
  for (const e of ['blue', 'green', 'other']) server.behave(e, () => ({ status: 200, body: `{"ok":true,"env":"${e}"}` }))
})

describe('the domain lock', () => {
  it('is a stack named from the domain, tagged with its holder and expiry while the promotion runs, and gone afterwards', async () => {
    await blueLiveGreenDeployed()
    let seen: Record<string, string> | undefined
    server.behave('green', async () => {
      const s = await lockStack()
      seen = Object.fromEntries((s?.Tags ?? []).map((t) => [t.Key!, t.Value!]))
      return { status: 200, body: 'ok' }
    })
    const ctx = testContext(env.clients)
    await extraEnv(ctx, promoteInputs('green', { 'timeout-minutes': '30' }), { run: PUSH_RUN, holder: run('77', 2, 'release') })
    expect(LOCK).toMatch(/^bluegreen-lock-api-example-com-[0-9a-f]{10}$/)
    expect(seen).toMatchObject({
      'bluegreen:lock-for': 'api.example.com/(root)',
      'bluegreen:lock-repository': 'acme/app',
      'bluegreen:lock-run-id': '77',
      'bluegreen:lock-run-attempt': '2',
      'bluegreen:lock-job': 'release',
      'bluegreen:lock-phase': 'promote',
      'bluegreen:lock-from': 'app-blue',
      'bluegreen:lock-to': 'app-green'
    })
    expect(seen!['bluegreen:lock-taken-at']).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(Date.parse(seen!['bluegreen:lock-expires-at']) - Date.parse(seen!['bluegreen:lock-taken-at'])).toBe(30 * 60_000)
    expect(await lockStack()).toBeUndefined()
    expect(await exists('app-blue')).toBe(false)
    const names = ctx.report.steps.map((s) => s.name)
    expect(names[0]).toBe('Lock api.example.com/(root)')
    expect(names.at(-1)).toBe('Release the lock on api.example.com/(root)')
    expect(names.indexOf('Lock api.example.com/(root)')).toBeLessThan(names.indexOf('Read which stack api.example.com/(root) maps to'))
  })

  it('back-to-back runs while released locks are still being deleted (DELETE_IN_PROGRESS keeps a name until DELETE_COMPLETE): the third takes the third name at once; a fourth, finding all three deleting, waits for the first to be gone, not the last', async () => {
    await blueLiveGreenDeployed()
    // through the proxy, stack operations take time as on AWS: each lock's delete reads DELETE_IN_PROGRESS for 10 s
    fp.proxy.configure({ slowCloudFormation: { durationMs: 10_000 } })
    const clients = proxyClients(fp.proxy)
    const ctx0 = testContext(clients)
    // two earlier runs held the lock under its first two names and released it (their deletes run on)
    for (const [name, runId] of [
      [LOCK, '1600'],
      [`${LOCK}-2`, '1601']
    ]) {
      const id = await createLockStack(ctx0, name, 'left by a test', lockTags('api.example.com/(root)', run(runId), 'promote', ctx0.clock.now(), ctx0.clock.now() + 3_600_000, {}))
      await clients.cloudformation.send(new DeleteStackCommand({ StackName: id }))
      expect((await describeStack(clients.cloudformation, name))?.StackStatus).toBe('DELETE_IN_PROGRESS')
    }
    // a promotion of what is live already: it takes the lock, finds nothing to switch and releases it
    const third = testContext(clients, { clock: systemClock, pollMs: 100 })
    await extraEnv(third, promoteInputs('blue'), { run: PUSH_RUN, holder: run('1602') })
    expect(third.log.text()).toContain(`Locked api.example.com/(root) with stack ${LOCK}-3`)
    expect(third.log.text()).not.toContain('waiting for the first of them to be gone')
    expect((await describeStack(clients.cloudformation, `${LOCK}-3`))?.StackStatus).toBe('DELETE_IN_PROGRESS')
    const stillDeleting = await Promise.all([LOCK, `${LOCK}-2`].map(async (n) => (await describeStack(clients.cloudformation, n))?.StackStatus))
    expect(stillDeleting).toEqual(['DELETE_IN_PROGRESS', 'DELETE_IN_PROGRESS']) // the fourth run starts while all three are being deleted
    const fourth = testContext(clients, { clock: systemClock, pollMs: 100 })
    await extraEnv(fourth, promoteInputs('blue'), { run: PUSH_RUN, holder: run('1603') })
    expect(fourth.log.text()).toMatch(
      /All 3 lock stacks \(\S+, \S+, \S+\) are being released \(DELETE_IN_PROGRESS\): nobody holds the lock, but CloudFormation reuses a name only once its delete is complete; waiting for the first of them to be gone/
    )
    // the first two were released first, so one of them is free first: the run does not wait for the third's delete
    expect(fourth.log.text()).toMatch(new RegExp(`Locked api\\.example\\.com/\\(root\\) with stack ${LOCK}(-2)? \\(`))
    expect(fourth.log.text()).toContain('api.example.com/(root) already maps to app-blue')
  })

  it('held by another run: fails naming the holder and how to clear it, and changes nothing (not even the lock)', async () => {
    await blueLiveGreenDeployed()
    const blueApi = await apiOf('app-blue')
    const ctx = testContext(env.clients)
    const lockId = await leaveLock(run('500', 1, 'deploy'), { takenAt: ctx.clock.now() - 60_000, ttlMs: 3_600_000 })
    const err = await extraEnv(ctx, promoteInputs('green'), { run: PUSH_RUN, holder: run('501') }).catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(
      /^api\.example\.com\/\(root\) is locked by another run: acme\/app run 500 attempt 1 \(job deploy\), phase promote, since \S+ \(lock stack bluegreen-lock-api-example-com-\w+\)/
    )
    expect(err.message).toContain('https://github.com/acme/app/actions/runs/500')
    expect(err.message).toContain(`aws cloudformation delete-stack --stack-name ${LOCK} --region us-east-1`)
    expect(err.message).toMatch(/the lock expires at \S+ \(its timeout-minutes\)/)
    expect((await mapping())?.restApiId).toBe(blueApi)
    expect(await exists('app-blue')).toBe(true)
    expect((await lockStack())?.StackId).toBe(lockId)
    expect(ctx.log.text()).not.toContain('Read which stack')
  })

  it('another job of the same run attempt (a matrix) is blocked too; only a later attempt takes over', async () => {
    await blueLiveGreenDeployed()
    const ctx = testContext(env.clients)
    await leaveLock(run('600', 1, 'a'), { takenAt: ctx.clock.now(), ttlMs: 3_600_000 })
    await expect(extraEnv(ctx, promoteInputs('green'), { run: PUSH_RUN, holder: run('600', 1, 'b') })).rejects.toThrow(/is locked by another run: acme\/app run 600 attempt 1 \(job a\)/)
    // a different repository with the same run id is another run
    await expect(extraEnv(testContext(env.clients), promoteInputs('green'), { run: PUSH_RUN, holder: { ...run('600', 2), repository: 'acme/other' } })).rejects.toThrow(/is locked by another run/)

    const again = testContext(env.clients)
    await extraEnv(again, promoteInputs('green'), { run: PUSH_RUN, holder: run('600', 2, 'a') })
    expect(again.log.text()).toContain('warning: Taking over the lock on api.example.com/(root) left by acme/app run 600 attempt 1 (job a)')
    expect((await mapping())?.restApiId).toBe(await apiOf('app-green'))
    expect(await exists('app-blue')).toBe(false)
    expect(await lockStack()).toBeUndefined()
  })

  it('an expired lock is broken with a warning', async () => {
    await blueLiveGreenDeployed()
    const ctx = testContext(env.clients)
    await leaveLock(run('700'), { takenAt: ctx.clock.now() - 2 * 3_600_000, ttlMs: 3_600_000 })
    await extraEnv(ctx, promoteInputs('green'), { run: PUSH_RUN, holder: run('701') })
    expect(ctx.log.text()).toMatch(/warning: Breaking the expired lock on api\.example\.com\/\(root\) held by acme\/app run 700 attempt 1 \(job promote\) since \S+ \(expired \S+\)/)
    expect((await mapping())?.restApiId).toBe(await apiOf('app-green'))
    expect(await lockStack()).toBeUndefined()
  })

  it('a stack of that name that is not a lock (no lock tags, or a CREATE change set in REVIEW_IN_PROGRESS) is refused and left alone', async () => {
    await blueLiveGreenDeployed()
    await env.clients.cloudformation.send(new CreateStackCommand({ StackName: LOCK, TemplateBody: lockTemplate('someone else') }))
    const err = await extraEnv(testContext(env.clients), promoteInputs('green'), { run: PUSH_RUN, holder: run('800') }).catch((e) => e)
    expect(err.message).toMatch(/The stack bluegreen-lock-\S+ exists \(CREATE_COMPLETE\) but is not a lock of bluegreen-action/)
    expect(await lockStack()).toBeDefined()
    expect(await exists('app-blue')).toBe(true)

    // a CREATE change set leaves REVIEW_IN_PROGRESS, which more CREATE change sets may join: never a lock, even with lock tags
    await env.clients.cloudformation.send(new DeleteStackCommand({ StackName: LOCK }))
    const ctx = testContext(env.clients)
    await env.clients.cloudformation.send(
      new CreateChangeSetCommand({
        StackName: LOCK,
        ChangeSetName: 'review',
        ChangeSetType: 'CREATE',
        TemplateBody: lockTemplate('a change set'),
        Tags: lockTags('api.example.com/(root)', run('801'), 'promote', ctx.clock.now(), ctx.clock.now() + 3_600_000, {})
      })
    )
    const review = await extraEnv(ctx, promoteInputs('green'), { run: PUSH_RUN, holder: run('802') }).catch((e) => e)
    expect(review.message).toMatch(/The stack bluegreen-lock-\S+ exists \(REVIEW_IN_PROGRESS\) but is not a lock of bluegreen-action/)
    expect(await exists('app-blue')).toBe(true)
  })

  it('rollback and destroy (with a domain) take the lock too; deploy does not', async () => {
    await blueLiveGreenDeployed()
    const ctx = testContext(env.clients)
    await leaveLock(run('900'), { takenAt: ctx.clock.now(), ttlMs: 3_600_000 })
    await expect(extraEnv(ctx, appInputs(server, 'green', { phase: 'rollback', template: '', extra: '' }), { run: PUSH_RUN, holder: run('901') })).rejects.toThrow(/is locked by another run/)
    await expect(extraEnv(testContext(env.clients), appInputs(server, 'green', { phase: 'destroy', template: '' }), { run: PUSH_RUN, holder: run('902') })).rejects.toThrow(/is locked by another run/)
    expect(await exists('app-green')).toBe(true)
    await extraEnv(testContext(env.clients), appInputs(server, 'other', { phase: 'deploy' }), { run: PUSH_RUN, holder: run('903') })
    expect(await exists('app-other')).toBe(true)
  })

  it('a run whose lock was deleted under it stops before deleting blue', async () => {
    await blueLiveGreenDeployed()
    // a person deletes the lock while the switched domain is verified (verify-url: after the switch only)
    server.behave('other', async () => {
      const s = await lockStack()
      if (s) await env.clients.cloudformation.send(new DeleteStackCommand({ StackName: s.StackId }))
      return { status: 200, body: 'ok' }
    })
    const ctx = testContext(env.clients)
    const err = await extraEnv(ctx, promoteInputs('green', { 'verify-url': `${server.url('other')}/health` }), { run: PUSH_RUN, holder: run('1000') }).catch((e) => e)
    expect(err.message).toMatch(/This run lost its lock on api\.example\.com\/\(root\) before deleting app-blue/)
    expect(await exists('app-blue')).toBe(true)
    expect((await mapping())?.restApiId).toBe(await apiOf('app-green'))
  })
})

describe('the hardened sequence', () => {
  it('does not delete blue when the domain maps back to it after the last verification round', async () => {
    await blueLiveGreenDeployed()
    const blueApi = await apiOf('app-blue')
    // verify-url is the last check of the (only) round: a person switches the domain back right then
    server.behave('other', async () => {
      await switchRestMapping(env.clients.apigateway, { domainName: 'api.example.com', basePath: '', restApiId: blueApi, stage: 'prod' })
      return { status: 200, body: 'ok' }
    })
    const ctx = testContext(env.clients)
    const err = await extraEnv(ctx, promoteInputs('green', { 'verify-url': `${server.url('other')}/health` }), { run: PUSH_RUN, holder: run('1100') }).catch((e) => e)
    expect(err.message).toMatch(/api\.example\.com\/\(root\) maps to app-blue again \(API \w+\), so app-blue will not be deleted/)
    expect(await exists('app-blue')).toBe(true)
    expect(ctx.report.toMarkdown()).toContain('kept (not deleted)')
  })

  it('does not switch back onto a blue that no longer exists when verification fails', async () => {
    await blueLiveGreenDeployed()
    const greenApi = await apiOf('app-green')
    let calls = 0
    server.behave('green', async () => {
      if (++calls === 1) return { status: 200, body: 'ok' } // the smoke check before the switch
      const blue = await describeStack(env.clients.cloudformation, 'app-blue')
      if (blue) await env.clients.cloudformation.send(new DeleteStackCommand({ StackName: blue.StackId }))
      return { status: 500, body: 'broken' }
    })
    const ctx = testContext(env.clients)
    const err = await extraEnv(ctx, promoteInputs('green'), { run: PUSH_RUN, holder: run('1200') }).catch((e) => e)
    expect(err.message).toMatch(/app-green failed verification after the switch, and app-blue \(live before\) is (deleted|DELETE_COMPLETE), so the domain cannot go back to it/)
    expect((await mapping())?.restApiId).toBe(greenApi)
    expect(ctx.log.text()).not.toContain('Switch api.example.com/(root) back')
  })
})

describe('resuming a promotion an earlier attempt of the same run left half done', () => {
  async function switchedByAttempt1(runId: string): Promise<void> {
    await blueLiveGreenDeployed()
    // attempt 1 locked, switched the domain to green and died (SIGKILL: no finally, the lock stays)
    await leaveLock(run(runId, 1), { takenAt: testContext(env.clients).clock.now(), ttlMs: 3_600_000, intent: { from: 'app-blue', to: 'app-green' } })
    await switchRestMapping(env.clients.apigateway, { domainName: 'api.example.com', basePath: '', restApiId: await apiOf('app-green'), stage: 'prod' })
  }

  it('verifies green, then deletes the blue the earlier attempt replaced', async () => {
    await switchedByAttempt1('1300')
    const ctx = testContext(env.clients)
    await extraEnv(ctx, promoteInputs('green'), { run: PUSH_RUN, holder: run('1300', 2) })
    expect(ctx.log.text()).toContain('An earlier attempt of this run switched api.example.com/(root) from app-blue to app-green; app-blue is CREATE_COMPLETE.')
    expect(ctx.report.steps.map((s) => s.name)).toEqual(
      expect.arrayContaining(['Resume the interrupted promotion from app-blue', 'Verify api.example.com/(root) on app-green for 0 s', 'Delete app-blue'])
    )
    expect(await exists('app-blue')).toBe(false)
    expect(ctx.outputs).toMatchObject({ 'active-stack': 'app-green', 'previous-stack': 'app-blue' })
    expect(await lockStack()).toBeUndefined()
  })

  it('switches back to that blue when green fails verification, as the earlier attempt would have', async () => {
    await switchedByAttempt1('1400')
    server.behave('green', () => ({ status: 500, body: 'broken' }))
    const ctx = testContext(env.clients)
    await expect(extraEnv(ctx, appInputs(server, 'green', { phase: 'full', 'verify-seconds': '0' }), { run: PUSH_RUN, holder: run('1400', 2) })).rejects.toThrow(
      /app-green failed verification after the switch; api\.example\.com\/\(root\) was switched back/
    )
    expect((await mapping())?.restApiId).toBe(await apiOf('app-blue'))
    expect(await exists('app-blue')).toBe(true)
    expect(await lockStack()).toBeUndefined()
  })

  it('finishes the delete of blue that the earlier attempt started (DELETE_IN_PROGRESS on AWS)', async () => {
    await switchedByAttempt1('1450')
    // through the proxy, stack operations take time as on AWS: blue reads DELETE_IN_PROGRESS for a while
    fp.proxy.configure({ slowCloudFormation: { durationMs: 3000 } })
    const clients = proxyClients(fp.proxy)
    const blue = await describeStack(clients.cloudformation, 'app-blue')
    await clients.cloudformation.send(new DeleteStackCommand({ StackName: blue!.StackId }))
    expect((await describeStack(clients.cloudformation, 'app-blue'))?.StackStatus).toBe('DELETE_IN_PROGRESS')
    fp.proxy.configure({ slowCloudFormation: { durationMs: 200 } }) // the lock's own operations
    const ctx = testContext(clients, { clock: systemClock, pollMs: 50 })
    await extraEnv(ctx, promoteInputs('green'), { run: PUSH_RUN, holder: run('1450', 2) })
    expect(ctx.log.text()).toContain('from app-blue to app-green; app-blue is DELETE_IN_PROGRESS.')
    expect(ctx.log.text()).not.toContain('::group::Verify') // verified before the earlier attempt started the delete
    expect(ctx.report.steps.find((s) => s.name === 'Delete app-blue')?.status).toBe('done')
    expect(await describeStack(clients.cloudformation, 'app-blue')).toBeUndefined()
    expect((await mapping())?.restApiId).toBe(await apiOf('app-green'))
    // released: the run issued the lock's delete and did not wait for it (the next acquire waits if needed)
    expect((await describeStack(clients.cloudformation, LOCK))?.StackStatus ?? 'gone').toMatch(/^(DELETE_IN_PROGRESS|DELETE_COMPLETE|gone)$/)
  })

  it('a lock of another run with the same intent is not resumed: the run promotes from what is live', async () => {
    await switchedByAttempt1('1500')
    const ctx = testContext(env.clients)
    await expect(extraEnv(ctx, promoteInputs('green'), { run: PUSH_RUN, holder: run('1501') })).rejects.toThrow(/is locked by another run: acme\/app run 1500/)
    expect(await exists('app-blue')).toBe(true)
    const tags = (await env.clients.cloudformation.send(new DescribeStacksCommand({ StackName: LOCK }))).Stacks?.[0]
    expect(stackTag(tags, 'bluegreen:lock-from')).toBe('app-blue')
  })
})
