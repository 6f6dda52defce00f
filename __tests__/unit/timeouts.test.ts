/** timeout-minutes bounds every wait, and a timed-out wait says what state it left and what to do next. */
import { CloudFormationClient, CreateChangeSetCommand, DescribeChangeSetCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { GetChangeCommand, Route53Client } from '@aws-sdk/client-route-53'
import { mockClient } from 'aws-sdk-client-mock'
import { createClients } from '../../src/aws/all-clients.js'
import { waitInsync } from '../../src/aws/route53.js'
import { fakeClock } from '../../src/clock.js'
import { deployStack } from '../../src/cloudformation/deploy.js'
import { TimeoutError } from '../../src/errors.js'
import { memoryLogger } from '../../src/log.js'
import { runSmokeChecks } from '../../src/smoke.js'
import { testContext } from '../support/context.js'

const clients = createClients({ region: 'us-east-1' })

describe('timeout-minutes', () => {
  it('stops smoke retries that could not finish before the deadline, saying why', async () => {
    const clock = fakeClock()
    let calls = 0
    const failing = (async () => {
      calls++
      return new Response('down', { status: 503 })
    }) as unknown as typeof fetch
    const smoke = { paths: ['/health'], expectStatus: [200], retries: 10, timeoutSeconds: 5, allowLinkLocal: false }
    const results = await runSmokeChecks('http://app.test', smoke, { log: memoryLogger(), clock, fetch: failing, deadline: clock.now() + 20_000 })
    expect(results[0].ok).toBe(false)
    expect(results[0].error).toMatch(/no time left for another attempt within timeout-minutes/)
    // attempts 1..3 at t=0, 1 s, 3 s; the 4th (after a 3 s pause, plus its 5 s timeout) would end past 20 s at t=11 s: allowed; the 5th would not
    expect(calls).toBeLessThan(11)
    expect(clock.now() - 1_700_000_000_000).toBeLessThanOrEqual(20_000)
  })

  it('gives up waiting for a change set to be computed, saying nothing ran', async () => {
    const cfn = mockClient(CloudFormationClient)
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [] })
    cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-1', StackId: 'stack-1' })
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_IN_PROGRESS' })
    const clock = fakeClock()
    const ctx = testContext(clients, { clock, pollMs: 2000, deadline: clock.now() + 30_000 })
    const err = await deployStack(ctx, { stackName: 'app', templateBody: '{}', parameters: [], capabilities: [], tags: [] }).catch((e) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect(err.message).toMatch(/waiting for CloudFormation to compute change set cs-1; nothing was executed/)
    expect(err.nextSteps).toMatch(/Re-run/)
    cfn.restore()
  })

  it('gives up waiting for a Route 53 change to be INSYNC, with the command to check it (AWS: PENDING until every name server has it)', async () => {
    const r53 = mockClient(Route53Client)
    r53.on(GetChangeCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } })
    const clock = fakeClock()
    const ctx = testContext(clients, { clock, pollMs: 2000, deadline: clock.now() + 10_000 })
    const err = await waitInsync(ctx.clients.route53, '/change/C1', ctx).catch((e) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    expect(err.message).toMatch(/PENDING/)
    expect(err.nextSteps).toMatch(/aws route53 get-change --id \/change\/C1/)
    expect(clock.now() - 1_700_000_000_000).toBeLessThanOrEqual(10_000)
    r53.restore()
  })
})
