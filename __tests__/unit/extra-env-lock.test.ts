import { mockClient } from 'aws-sdk-client-mock'
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation'
import { createClients } from '../../src/aws/all-clients.js'
import { jest } from '@jest/globals'
import { fakeClock } from '../../src/clock.js'
import { DeployError, TimeoutError } from '../../src/errors.js'
import { DomainLock, lockSafetyMarginMs, lockStackName } from '../../src/core/lock.js'
import { describeHolder, holderFromEnv, isEarlierAttemptOfSameRun, LOCK_TAG_COUNT, lockTags } from '../../src/core/lock-holder.js'
import { LOCK_TAG_COUNT as INPUTS_LOCK_TAG_COUNT } from '../../src/modes/extra-env/inputs.js'
import { memoryLogger } from '../../src/log.js'
import { runSmokeChecks } from '../../src/smoke.js'
import { testContext } from '../support/context.js'

const cfn = mockClient(CloudFormationClient)
const clients = createClients({ region: 'us-east-1', maxAttempts: 1 })

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } })
}
const NAME = lockStackName('api.example.com', '')
/** The lock's other name (lockStackNames): read after every create, taken while NAME is being deleted. */
const SECOND = `${NAME}-2`
/** Its third name: taken while the first two are being deleted (two runs released one after the other). */
const THIRD = `${NAME}-3`
const ID_THIRD = `arn:aws:cloudformation:us-east-1:123456789012:stack/${THIRD}/new`
const ID_SECOND = `arn:aws:cloudformation:us-east-1:123456789012:stack/${SECOND}/new`
const ID_OLD = `arn:aws:cloudformation:us-east-1:123456789012:stack/${NAME}/old`
const ID_NEW = `arn:aws:cloudformation:us-east-1:123456789012:stack/${NAME}/new`
const me = { repository: 'acme/app', runId: '42', attempt: 1, job: 'promote' }
const lockOf = (status: string, tags = lockTags('api.example.com/(root)', { ...me, runId: '41' }, 'promote', 0, Date.parse('2100-01-01'), {})): Stack =>
  ({ StackName: NAME, StackId: ID_OLD, StackStatus: status, CreationTime: new Date(), Tags: tags }) as Stack
const notFound = () => awsError('ValidationError', `Stack with id ${NAME} does not exist`)
beforeEach(() => {
  cfn.reset()
  // unless a test says otherwise, the lock's other names are free (AWS: "Stack with id … does not exist")
  cfn.on(DescribeStacksCommand, { StackName: SECOND }).rejects(notFound())
  cfn.on(DescribeStacksCommand, { StackName: THIRD }).rejects(notFound())
})
const newLock = (ctx = testContext(clients)) => new DomainLock(ctx, { domainName: 'api.example.com', basePath: '', region: 'us-east-1', phase: 'promote', holder: me, ttlMs: 3_600_000 })

describe('lock stack names', () => {
  it('are valid stack names, readable, and differ for base paths that slug alike', () => {
    expect(lockStackName('api.example.com', '')).toMatch(/^bluegreen-lock-api-example-com-[0-9a-f]{10}$/)
    expect(lockStackName('api.example.com', 'v1/a')).not.toBe(lockStackName('api.example.com', 'v1-a'))
    const long = lockStackName(`${'a'.repeat(200)}.example.com`, 'x'.repeat(200))
    expect(long.length).toBeLessThanOrEqual(128)
    expect(long).toMatch(/^[a-zA-Z][-a-zA-Z0-9]*$/)
  })
})

describe('lock holders', () => {
  it('come from the runner environment; outside Actions the host and pid name the holder', () => {
    expect(holderFromEnv({ GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '9', GITHUB_RUN_ATTEMPT: '3', GITHUB_JOB: 'deploy' })).toMatchObject({
      repository: 'acme/app',
      runId: '9',
      attempt: 3,
      job: 'deploy'
    })
    expect(holderFromEnv({ GITHUB_RUN_ID: '9' }).attempt).toBe(1)
    const local = holderFromEnv({})
    expect(local.runId).toBeUndefined()
    expect(describeHolder(local)).toMatch(/^a run outside GitHub Actions on \S+ \(pid \d+\)$/)
  })

  it('only a later attempt of the same run of the same repository takes over', () => {
    const held = { repository: 'acme/app', runId: '9', attempt: 1 }
    expect(isEarlierAttemptOfSameRun(held, { ...held, attempt: 2 })).toBe(true)
    expect(isEarlierAttemptOfSameRun(held, { ...held, attempt: 1, job: 'other-matrix-job' })).toBe(false)
    expect(isEarlierAttemptOfSameRun({ ...held, attempt: 2 }, { ...held, attempt: 1 })).toBe(false)
    expect(isEarlierAttemptOfSameRun(held, { ...held, runId: '10', attempt: 2 })).toBe(false)
    expect(isEarlierAttemptOfSameRun(held, { ...held, repository: 'acme/other', attempt: 2 })).toBe(false)
    expect(isEarlierAttemptOfSameRun({ attempt: 1, host: 'h', pid: 1 }, { attempt: 2, host: 'h', pid: 1 })).toBe(false)
  })
})

describe('DomainLock.acquire against AWS answers', () => {
  it('a lock being released (DELETE_IN_PROGRESS keeps the name on AWS: CreateStack answers AlreadyExists) is not waited for: the lock is taken under its other name', async () => {
    cfn
      .on(CreateStackCommand, { StackName: NAME })
      .rejects(awsError('AlreadyExistsException', `Stack [${NAME}] already exists`))
      .on(CreateStackCommand, { StackName: SECOND })
      .resolves({ StackId: ID_SECOND })
    cfn.on(DescribeStacksCommand, { StackName: NAME }).resolves({ Stacks: [lockOf('DELETE_IN_PROGRESS')] })
    const ctx = testContext(clients)
    const lock = newLock(ctx)
    await lock.acquire({ to: 'app-green' })
    expect(lock.stackId).toBe(ID_SECOND)
    expect(lock.heldName).toBe(SECOND)
    expect(cfn.commandCalls(CreateStackCommand).map((c) => c.args[0].input.StackName)).toEqual([NAME, SECOND])
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0) // a released lock is not ours to delete
    // a release that fails names the stack this run holds (the second name), not the first
    cfn.on(DeleteStackCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudformation:DeleteStack'))
    await lock.release()
    expect(ctx.log.text()).toContain(`Delete the stack ${SECOND} (aws cloudformation delete-stack --stack-name ${SECOND} --region us-east-1)`)
    cfn.on(DeleteStackCommand).resolves({})
    // after its create, the run read the lock's other names (the first again, and the third): the first still
    // being deleted and the third free, so nobody else holds the lock
    expect(cfn.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input.StackName)).toEqual([NAME, NAME, THIRD])
    expect(ctx.log.text()).toContain('is being released (DELETE_IN_PROGRESS, its name taken until it is gone): taking the lock under its other name')
    const create = cfn.commandCalls(CreateStackCommand)[1].args[0].input
    expect(create.ClientRequestToken).toMatch(/^bluegreen-lock-/)
    expect(JSON.parse(create.TemplateBody!).Resources).toEqual({ Lock: { Type: 'AWS::CloudFormation::WaitConditionHandle' } })
    expect(create.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'bluegreen:lock-run-id', Value: '42' },
        { Key: 'bluegreen:lock-to', Value: 'app-green' }
      ])
    )
  })

  it('the first two names being released (two runs released one after the other): the third run takes the third name at once, without waiting', async () => {
    cfn
      .on(CreateStackCommand, { StackName: NAME })
      .rejects(awsError('AlreadyExistsException', `Stack [${NAME}] already exists`))
      .on(CreateStackCommand, { StackName: SECOND })
      .rejects(awsError('AlreadyExistsException', `Stack [${SECOND}] already exists`))
      .on(CreateStackCommand, { StackName: THIRD })
      .resolves({ StackId: ID_THIRD })
    cfn
      .on(DescribeStacksCommand, { StackName: NAME })
      .resolves({ Stacks: [lockOf('DELETE_IN_PROGRESS')] })
      .on(DescribeStacksCommand, { StackName: SECOND })
      .resolves({ Stacks: [{ ...lockOf('DELETE_IN_PROGRESS'), StackName: SECOND, StackId: ID_SECOND }] })
    const ctx = testContext(clients)
    const lock = newLock(ctx)
    const before = ctx.clock.now()
    await lock.acquire({})
    expect(ctx.clock.now()).toBe(before) // the fake clock: nothing slept
    expect(lock.stackId).toBe(ID_THIRD)
    expect(lock.heldName).toBe(THIRD)
    expect(cfn.commandCalls(CreateStackCommand).map((c) => c.args[0].input.StackName)).toEqual([NAME, SECOND, THIRD])
    // each name read once after its refused create, then both others after the third's create; no wait: no read by id
    expect(cfn.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input.StackName)).toEqual([NAME, SECOND, NAME, SECOND])
    expect(ctx.log.text()).not.toMatch(/waiting for/)
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0) // released locks are not ours to delete
  })

  it('every name being released: nobody holds the lock, so the run waits only until the first of them is gone (a name is free again at DELETE_COMPLETE), then takes it', async () => {
    const ID_FIRST = ID_OLD
    // the first name's delete started first and ends first; the other two are still being deleted
    cfn
      .on(CreateStackCommand, { StackName: NAME })
      .rejectsOnce(awsError('AlreadyExistsException', `Stack [${NAME}] already exists`))
      .resolves({ StackId: ID_NEW })
      .on(CreateStackCommand, { StackName: SECOND })
      .rejects(awsError('AlreadyExistsException', `Stack [${SECOND}] already exists`))
      .on(CreateStackCommand, { StackName: THIRD })
      .rejects(awsError('AlreadyExistsException', `Stack [${THIRD}] already exists`))
    const deleting = (name: string, id: string) => ({ Stacks: [{ ...lockOf('DELETE_IN_PROGRESS'), StackName: name, StackId: id }] })
    cfn
      .on(DescribeStacksCommand, { StackName: NAME })
      .resolvesOnce(deleting(NAME, ID_FIRST))
      .rejects(notFound())
      .on(DescribeStacksCommand, { StackName: SECOND })
      .resolves(deleting(SECOND, ID_SECOND))
      .on(DescribeStacksCommand, { StackName: THIRD })
      .resolves(deleting(THIRD, ID_THIRD))
      .on(DescribeStacksCommand, { StackName: ID_FIRST })
      .resolvesOnce(deleting(NAME, ID_FIRST))
      .resolves({ Stacks: [{ ...lockOf('DELETE_COMPLETE'), StackId: ID_FIRST }] })
      .on(DescribeStacksCommand, { StackName: ID_SECOND })
      .resolves(deleting(SECOND, ID_SECOND))
      .on(DescribeStacksCommand, { StackName: ID_THIRD })
      .resolves(deleting(THIRD, ID_THIRD))
    const ctx = testContext(clients)
    const lock = newLock(ctx)
    await lock.acquire({})
    expect(lock.stackId).toBe(ID_NEW)
    expect(lock.heldName).toBe(NAME)
    expect(ctx.log.text()).toMatch(
      /All 3 lock stacks \(\S+, \S+, \S+\) are being released \(DELETE_IN_PROGRESS\): nobody holds the lock, but CloudFormation reuses a name only once its delete is complete; waiting for the first of them to be gone/
    )
    // the wait reads all three by id each round and ends when the first is DELETE_COMPLETE, though the others still stand being deleted
    const byId = cfn
      .commandCalls(DescribeStacksCommand)
      .map((c) => c.args[0].input.StackName)
      .filter((n) => n!.startsWith('arn:'))
    expect(byId).toEqual([ID_FIRST, ID_SECOND, ID_THIRD, ID_FIRST, ID_SECOND, ID_THIRD])
    expect(cfn.commandCalls(CreateStackCommand).map((c) => c.args[0].input.StackName)).toEqual([NAME, SECOND, THIRD, NAME])
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0)
  })

  it('a run that finds the other name taken after its own create gives its own up (by id) and looks again: two runs never hold both', async () => {
    const other = lockTags('api.example.com/(root)', { ...me, runId: '77' }, 'promote', 0, Date.parse('2100-01-01'), {})
    // our own, given up, keeps the first name while CloudFormation deletes it
    cfn
      .on(CreateStackCommand, { StackName: NAME })
      .resolvesOnce({ StackId: ID_NEW })
      .rejects(awsError('AlreadyExistsException', `Stack [${NAME}] already exists`))
    // someone took the second name while the first was being deleted; the first's delete is over now
    cfn.on(DescribeStacksCommand, { StackName: SECOND }).resolves({ Stacks: [{ ...lockOf('CREATE_IN_PROGRESS', other), StackName: SECOND, StackId: ID_SECOND }] })
    cfn.on(DescribeStacksCommand, { StackName: NAME }).resolves({ Stacks: [{ ...lockOf('DELETE_IN_PROGRESS'), StackId: ID_NEW }] })
    cfn.on(CreateStackCommand, { StackName: SECOND }).rejects(awsError('AlreadyExistsException', `Stack [${SECOND}] already exists`))
    cfn.on(DeleteStackCommand).resolves({})
    const ctx = testContext(clients)
    const err = await newLock(ctx)
      .acquire({})
      .catch((e) => e)
    expect(err.message).toMatch(/is locked by another run: acme\/app run 77 attempt 1/)
    expect(cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input.StackName)).toEqual([ID_NEW])
    expect(ctx.log.text()).toContain(`The lock's other stack ${SECOND} was taken meanwhile (CREATE_IN_PROGRESS): giving up ${NAME}`)
  })

  it('the wait for a lock that never goes honours timeout-minutes (ctx.deadline) and says what to do', async () => {
    cfn.on(CreateStackCommand).rejects(awsError('AlreadyExistsException', `Stack [${NAME}] already exists`))
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [lockOf('DELETE_IN_PROGRESS')] })
    cfn.on(DescribeStacksCommand, { StackName: SECOND }).resolves({ Stacks: [lockOf('DELETE_IN_PROGRESS')] })
    const ctx = testContext(clients, { timeoutMinutes: 0.05 })
    const err = await newLock(ctx)
      .acquire({})
      .catch((e) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect(err.message).toMatch(/Timed out \(timeout-minutes\) waiting for a released lock bluegreen-lock-\S+ to be deleted; it is DELETE_IN_PROGRESS/)
    expect(ctx.clock.now()).toBeLessThanOrEqual(ctx.deadline)
  })

  it('a lock released between the failed create and the read is simply taken on the next try', async () => {
    cfn
      .on(CreateStackCommand)
      .rejectsOnce(awsError('AlreadyExistsException', `Stack [${NAME}] already exists`))
      .resolves({ StackId: ID_NEW })
    cfn.on(DescribeStacksCommand).rejects(notFound())
    const lock = newLock()
    await lock.acquire({})
    expect(lock.stackId).toBe(ID_NEW)
  })

  it('an expired lock is deleted by its id (never by name) before the create is tried again', async () => {
    const expired = lockTags('api.example.com/(root)', { ...me, runId: '7' }, 'full', 0, 1000, {})
    cfn
      .on(CreateStackCommand)
      .rejectsOnce(awsError('AlreadyExistsException', `Stack [${NAME}] already exists`))
      .resolves({ StackId: ID_NEW })
    cfn.on(DescribeStacksCommand, { StackName: NAME }).resolves({ Stacks: [lockOf('CREATE_COMPLETE', expired)] })
    cfn.on(DescribeStacksCommand, { StackName: ID_OLD }).resolves({ Stacks: [lockOf('DELETE_COMPLETE', expired)] })
    cfn.on(DeleteStackCommand).resolves({})
    const ctx = testContext(clients)
    await newLock(ctx).acquire({})
    expect(cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input.StackName)).toEqual([ID_OLD])
    expect(ctx.log.text()).toMatch(/warning: Breaking the expired lock .* held by acme\/app run 7 attempt 1/)
  })

  it('release issues the delete and does not wait for it (the next acquire waits for a DELETE_IN_PROGRESS lock)', async () => {
    cfn.on(CreateStackCommand).resolves({ StackId: ID_NEW })
    cfn.on(DeleteStackCommand).resolves({})
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ ...lockOf('DELETE_IN_PROGRESS'), StackId: ID_NEW }] })
    const ctx = testContext(clients)
    const lock = newLock(ctx)
    await lock.acquire({})
    const reads = cfn.commandCalls(DescribeStacksCommand).length // the acquire's one read of the lock's other name
    await lock.release()
    expect(cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input.StackName)).toEqual([ID_NEW])
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(reads)
    expect(ctx.log.text()).toContain('not waited for: the next run takes the lock’s other name meanwhile')
  })

  it('release deletes by id and never throws: a failure is a warning with the command to clear the lock', async () => {
    cfn.on(CreateStackCommand).resolves({ StackId: ID_NEW })
    cfn.on(DeleteStackCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudformation:DeleteStack'))
    const ctx = testContext(clients)
    const lock = newLock(ctx)
    await lock.acquire({})
    await lock.release()
    expect(cfn.commandCalls(DeleteStackCommand)[0].args[0].input.StackName).toBe(ID_NEW)
    expect(ctx.log.text()).toContain(
      `warning: Could not release the lock on api.example.com/(root): not authorized to perform: cloudformation:DeleteStack. Delete the stack ${NAME} (aws cloudformation delete-stack --stack-name ${NAME} --region us-east-1)`
    )
  })
})

describe('the lock’s deadline (fake clock)', () => {
  const held = () => cfn.on(DescribeStacksCommand, { StackName: ID_NEW }).resolves({ Stacks: [{ ...lockOf('CREATE_COMPLETE'), StackId: ID_NEW }] })

  it('a held lock ends the run’s deadline at its expiry less the margin, and no change starts after it, even while the lock stack stands', async () => {
    cfn.on(CreateStackCommand).resolves({ StackId: ID_NEW })
    held()
    const clock = fakeClock()
    const ctx = testContext(clients, { clock, timeoutMinutes: 600 }) // a run deadline later than the lock's
    const lock = newLock(ctx) // ttl 1 h
    const t0 = clock.now()
    await lock.acquire({})
    expect(lock.expiresAt).toBe(t0 + 3_600_000)
    expect(lockSafetyMarginMs(3_600_000)).toBe(120_000)
    expect(lock.changesUntil).toBe(t0 + 3_600_000 - 120_000)
    expect(ctx.deadline).toBe(lock.changesUntil) // every wait and smoke attempt of the phase ends there

    await clock.sleep(3_600_000 - 120_000 - 1)
    await lock.assertHeld('moving the domain') // 1 ms before: still allowed
    const reads = cfn.commandCalls(DescribeStacksCommand).length
    await clock.sleep(1)
    const err = await lock.assertHeld('moving api.example.com/(root)').catch((e) => e)
    expect(err).toBeInstanceOf(DeployError)
    expect(err.message).toMatch(/^This run ran out of time on its lock on api\.example\.com\/\(root\) before moving api\.example\.com\/\(root\): the lock expires at \S+ \(timeout-minutes 60\)/)
    expect(err.message).toMatch(/This run stopped before changing anything more/)
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(reads) // decided by the clock, before any read
    expect(() => lock.assertTime('deleting app-old')).toThrow(/before deleting app-old/)
    expect(lock.mayChange()).toBe(false)
  })

  it('a run deadline earlier than the lock’s stays the limit', async () => {
    cfn.on(CreateStackCommand).resolves({ StackId: ID_NEW })
    const clock = fakeClock()
    const ctx = testContext(clients, { clock, timeoutMinutes: 30 })
    const runDeadline = ctx.deadline
    const lock = newLock(ctx)
    await lock.acquire({})
    expect(ctx.deadline).toBe(runDeadline)
    expect(lock.changesUntil).toBe(runDeadline)
  })

  it('the margin is a tenth of the ttl, between 1 s and 2 min', () => {
    expect(lockSafetyMarginMs(3_000)).toBe(1_000)
    expect(lockSafetyMarginMs(600_000)).toBe(60_000)
    expect(lockSafetyMarginMs(86_400_000)).toBe(120_000)
  })

  it('the user’s tags go on the lock first, then the holder’s; inputs leave room for them under CloudFormation’s 50', async () => {
    cfn.on(CreateStackCommand).resolves({ StackId: ID_NEW })
    const ctx = testContext(clients)
    const lock = new DomainLock(ctx, { domainName: 'api.example.com', basePath: '', region: 'us-east-1', phase: 'promote', holder: me, ttlMs: 60_000, tags: [{ Key: 'cost-center', Value: '42' }] })
    await lock.acquire({})
    const tags = cfn.commandCalls(CreateStackCommand)[0].args[0].input.Tags!
    expect(tags[0]).toEqual({ Key: 'cost-center', Value: '42' })
    expect(tags).toEqual(expect.arrayContaining([{ Key: 'bluegreen:lock-run-id', Value: '42' }]))
    expect(LOCK_TAG_COUNT).toBe(INPUTS_LOCK_TAG_COUNT)
    const most = lockTags('x', { repository: 'r', runId: '1', attempt: 1, job: 'j', host: 'h', pid: 1 }, 'promote', 0, 1, { from: 'a', to: 'b' })
    expect(most.length).toBeLessThanOrEqual(LOCK_TAG_COUNT)
  })
})

describe('smoke attempts bounded by the deadline', () => {
  const smokeInputs = { paths: ['/health'], expectStatus: [200], retries: 3, timeoutSeconds: 60, allowLinkLocal: false }

  it('an attempt is cut at the time left, not at smoke-timeout-seconds, and no retry follows', async () => {
    const clock = fakeClock()
    let calls = 0
    const hanging = ((_url: string, init: RequestInit) => {
      calls++
      return new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)))
    }) as unknown as typeof fetch
    const started = Date.now()
    const [r] = await runSmokeChecks('http://127.0.0.1:1', smokeInputs, { log: memoryLogger(), clock, fetch: hanging, deadline: clock.now() + 150 })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(r).toMatchObject({ ok: false, outOfTime: true, attempts: 1 })
    expect(r.error).toMatch(/no answer before timeout-minutes ran out/)
    expect(calls).toBe(1)
  })

  it('no attempt starts at or after the deadline', async () => {
    const clock = fakeClock()
    const fetchSpy = jest.fn()
    const [r] = await runSmokeChecks('http://127.0.0.1:1', smokeInputs, { log: memoryLogger(), clock, fetch: fetchSpy as unknown as typeof fetch, deadline: clock.now() })
    expect(fetchSpy).not.toHaveBeenCalled()
    expect(r).toMatchObject({ ok: false, outOfTime: true, error: 'no time left within timeout-minutes' })
  })
})
