import { mockClient } from 'aws-sdk-client-mock'
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation'
import { createClients } from '../../src/aws/all-clients.js'
import { TimeoutError } from '../../src/errors.js'
import { DomainLock, lockStackName } from '../../src/extra-env/lock.js'
import { describeHolder, holderFromEnv, isEarlierAttemptOfSameRun, lockTags } from '../../src/extra-env/lock-holder.js'
import { testContext } from '../support/context.js'

const cfn = mockClient(CloudFormationClient)
const clients = createClients({ region: 'us-east-1', maxAttempts: 1 })
beforeEach(() => cfn.reset())

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } })
}
const NAME = lockStackName('api.example.com', '')
const ID_OLD = `arn:aws:cloudformation:us-east-1:123456789012:stack/${NAME}/old`
const ID_NEW = `arn:aws:cloudformation:us-east-1:123456789012:stack/${NAME}/new`
const me = { repository: 'acme/app', runId: '42', attempt: 1, job: 'promote' }
const lockOf = (status: string, tags = lockTags('api.example.com/(root)', { ...me, runId: '41' }, 'promote', 0, Date.parse('2100-01-01'), {})): Stack =>
  ({ StackName: NAME, StackId: ID_OLD, StackStatus: status, CreationTime: new Date(), Tags: tags }) as Stack
const notFound = () => awsError('ValidationError', `Stack with id ${NAME} does not exist`)
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
    expect(holderFromEnv({ GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '9', GITHUB_RUN_ATTEMPT: '3', GITHUB_JOB: 'deploy' })).toMatchObject({ repository: 'acme/app', runId: '9', attempt: 3, job: 'deploy' })
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
  it('a lock being released (DELETE_IN_PROGRESS keeps the name on AWS: CreateStack answers AlreadyExists) is waited for, then taken', async () => {
    cfn.on(CreateStackCommand).rejectsOnce(awsError('AlreadyExistsException', `Stack [${NAME}] already exists`)).resolves({ StackId: ID_NEW })
    cfn
      .on(DescribeStacksCommand, { StackName: NAME }).resolves({ Stacks: [lockOf('DELETE_IN_PROGRESS')] })
      .on(DescribeStacksCommand, { StackName: ID_OLD })
      .resolvesOnce({ Stacks: [lockOf('DELETE_IN_PROGRESS')] })
      .resolves({ Stacks: [lockOf('DELETE_COMPLETE')] })
    const ctx = testContext(clients)
    const lock = newLock(ctx)
    await lock.acquire({ to: 'app-green' })
    expect(lock.stackId).toBe(ID_NEW)
    expect(cfn.commandCalls(CreateStackCommand)).toHaveLength(2)
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0) // a released lock is not ours to delete
    expect(ctx.log.text()).toContain('is being released (DELETE_IN_PROGRESS); waiting for it')
    const create = cfn.commandCalls(CreateStackCommand)[1].args[0].input
    expect(create.StackName).toBe(NAME)
    expect(create.ClientRequestToken).toMatch(/^bluegreen-lock-/)
    expect(JSON.parse(create.TemplateBody!).Resources).toEqual({ Lock: { Type: 'AWS::CloudFormation::WaitConditionHandle' } })
    expect(create.Tags).toEqual(expect.arrayContaining([{ Key: 'bluegreen:lock-run-id', Value: '42' }, { Key: 'bluegreen:lock-to', Value: 'app-green' }]))
  })

  it('the wait for a lock that never goes honours timeout-minutes (ctx.deadline) and says what to do', async () => {
    cfn.on(CreateStackCommand).rejects(awsError('AlreadyExistsException', `Stack [${NAME}] already exists`))
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [lockOf('DELETE_IN_PROGRESS')] })
    const ctx = testContext(clients, { timeoutMinutes: 0.05 })
    const err = await newLock(ctx).acquire({}).catch((e) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect(err.message).toMatch(/Timed out \(timeout-minutes\) waiting for a released lock bluegreen-lock-\S+ to be deleted; it is DELETE_IN_PROGRESS/)
    expect(ctx.clock.now()).toBeLessThanOrEqual(ctx.deadline)
  })

  it('a lock released between the failed create and the read is simply taken on the next try', async () => {
    cfn.on(CreateStackCommand).rejectsOnce(awsError('AlreadyExistsException', `Stack [${NAME}] already exists`)).resolves({ StackId: ID_NEW })
    cfn.on(DescribeStacksCommand).rejects(notFound())
    const lock = newLock()
    await lock.acquire({})
    expect(lock.stackId).toBe(ID_NEW)
  })

  it('an expired lock is deleted by its id (never by name) before the create is tried again', async () => {
    const expired = lockTags('api.example.com/(root)', { ...me, runId: '7' }, 'full', 0, 1000, {})
    cfn.on(CreateStackCommand).rejectsOnce(awsError('AlreadyExistsException', `Stack [${NAME}] already exists`)).resolves({ StackId: ID_NEW })
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
    await lock.release()
    expect(cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input.StackName)).toEqual([ID_NEW])
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(0)
    expect(ctx.log.text()).toContain('not waited for; the next run waits for it if it is still there')
  })

  it('release deletes by id and never throws: a failure is a warning with the command to clear the lock', async () => {
    cfn.on(CreateStackCommand).resolves({ StackId: ID_NEW })
    cfn.on(DeleteStackCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudformation:DeleteStack'))
    const ctx = testContext(clients)
    const lock = newLock(ctx)
    await lock.acquire({})
    await lock.release()
    expect(cfn.commandCalls(DeleteStackCommand)[0].args[0].input.StackName).toBe(ID_NEW)
    expect(ctx.log.text()).toContain(`warning: Could not release the lock on api.example.com/(root): not authorized to perform: cloudformation:DeleteStack. Delete the stack ${NAME} (aws cloudformation delete-stack --stack-name ${NAME} --region us-east-1)`)
  })
})
