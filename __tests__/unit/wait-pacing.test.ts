import { mockClient } from 'aws-sdk-client-mock'
import { CloudFormationClient, DescribeStackEventsCommand, DescribeStacksCommand, type StackEvent } from '@aws-sdk/client-cloudformation'
import { createClients } from '../../src/aws/all-clients.js'
import { fakeClock } from '../../src/clock.js'
import { EventStream } from '../../src/cloudformation/events.js'
import { budgetWait, pacedInterval, waitForStack } from '../../src/cloudformation/wait.js'
import { testContext } from '../support/context.js'

const cfn = mockClient(CloudFormationClient)
const clients = createClients({ region: 'us-east-1', maxAttempts: 1 })
beforeEach(() => cfn.reset())

const STACK = 'arn:aws:cloudformation:us-east-1:123456789012:stack/big/1'

describe('pacing of a stack wait', () => {
  it('polls sooner when the last poll brought more events than fit one page, never below half the interval', () => {
    expect(pacedInterval(2000, 40, 2000)).toBe(2000)
    expect(pacedInterval(2000, 105, 2100)).toBe(1940) // 97 events' worth at 50 a second
    expect(pacedInterval(2000, 1000, 2000)).toBe(1000)
    expect(pacedInterval(2000, 500, undefined)).toBe(2000)
  })

  it('keeps at most 18 requests in any 15 poll intervals', () => {
    const clock = fakeClock(1_000_000)
    const ctx = testContext(clients, { clock, pollMs: 2000 })
    const every = (ms: number, n: number) => Array.from({ length: n }, (_, i) => 1_000_000 - i * ms)
    expect(budgetWait(ctx, every(2000, 15))).toBe(0)
    const tooMany = every(1000, 30) // 30 s of requests a second apart
    const wait = budgetWait(ctx, tooMany)
    expect(wait).toBeGreaterThan(0)
    expect(tooMany.filter((t) => t > 1_000_000 + wait - 30_000).length).toBe(17)
  })

  it('a stack writing 50 events a second (500 resources in 20 s) is followed with one page a poll, under 40 requests a minute', async () => {
    // AWS's answer: newest first, 100 a page, NextToken to the next older page.
    let pages = 0
    const clock = fakeClock(0)
    const endAt = 20_000
    const events = (now: number): StackEvent[] => {
      const n = Math.floor(Math.min(now, endAt) / 20) // one event every 20 ms
      const list: StackEvent[] = Array.from({ length: n }, (_, i) => ({
        EventId: `e${i}`,
        StackName: 'big',
        StackId: STACK,
        LogicalResourceId: `R${i >> 1}`,
        ResourceType: 'AWS::SNS::Topic',
        ResourceStatus: i % 2 ? 'UPDATE_COMPLETE' : 'UPDATE_IN_PROGRESS',
        Timestamp: new Date(i * 20)
      }))
      if (now >= endAt)
        list.push({
          EventId: 'end',
          StackName: 'big',
          StackId: STACK,
          LogicalResourceId: 'big',
          PhysicalResourceId: STACK,
          ResourceType: 'AWS::CloudFormation::Stack',
          ResourceStatus: 'UPDATE_COMPLETE',
          Timestamp: new Date(endAt)
        })
      return list.reverse()
    }
    cfn.on(DescribeStackEventsCommand).callsFake(async (input) => {
      pages++
      await clock.sleep(60) // the request's own time
      const all = events(clock.now())
      // the token continues after the last event it was given, however many newer ones arrived since
      const from = input.NextToken ? all.findIndex((e) => e.EventId === input.NextToken) + 1 : 0
      const page = all.slice(from, from + 100)
      return { StackEvents: page, NextToken: from + 100 < all.length ? page.at(-1)!.EventId : undefined }
    })
    cfn.on(DescribeStacksCommand).callsFake(async () => {
      await clock.sleep(60)
      return { Stacks: [{ StackName: 'big', StackId: STACK, StackStatus: clock.now() >= endAt ? 'UPDATE_COMPLETE' : 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] }
    })
    const ctx = testContext(clients, { clock, pollMs: 2000 })
    const stream = new EventStream(ctx, STACK)
    const result = await waitForStack(ctx, STACK, stream)
    expect(result.stack.StackStatus).toBe('UPDATE_COMPLETE')
    expect(stream.events).toHaveLength(1001) // every event, none twice
    const requests = cfn.calls().length
    expect(pages).toBeLessThanOrEqual(Math.ceil(1001 / 97) + 2) // one page a poll, not two
    expect(requests / (clock.now() / 60_000)).toBeLessThanOrEqual(40)
    expect(clock.now() - endAt).toBeLessThanOrEqual(2000) // seen within one poll of the end
  })

  it('polls every poll interval from poll to poll while another loop sleeps alongside (the Route 53 gap meter)', async () => {
    const clock = fakeClock(0)
    const polledAt: number[] = []
    cfn.on(DescribeStackEventsCommand).callsFake(async () => {
      polledAt.push(clock.now())
      await clock.sleep(40) // the request's own time
      const done = polledAt.length >= 8
      const end: StackEvent = {
        EventId: 'end',
        StackName: 'big',
        StackId: STACK,
        LogicalResourceId: 'big',
        PhysicalResourceId: STACK,
        ResourceType: 'AWS::CloudFormation::Stack',
        ResourceStatus: 'UPDATE_COMPLETE',
        Timestamp: new Date(1)
      }
      return { StackEvents: done ? [end] : [] }
    })
    cfn
      .on(DescribeStacksCommand)
      .callsFake(async () => ({ Stacks: [{ StackName: 'big', StackId: STACK, StackStatus: polledAt.length >= 8 ? 'UPDATE_COMPLETE' : 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] }))
    const ctx = testContext(clients, { clock, pollMs: 250 })
    let waiting = true
    const sampler = (async () => {
      while (waiting) await clock.sleep(500)
    })()
    await waitForStack(ctx, STACK, new EventStream(ctx, STACK))
    waiting = false
    await sampler
    expect(polledAt.slice(1).map((t, i) => t - polledAt[i])).toEqual(Array(7).fill(250))
  })
})
