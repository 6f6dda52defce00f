import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
  UpdateStackCommand,
  type CloudFormationClient,
  type StackEvent
} from '@aws-sdk/client-cloudformation'
import { proxyClients, useFaultProxy } from '../support/fault-proxy.js'
import { useMoto } from '../support/moto.js'

// moto answers every list in one page; AWS pages stack events, stack resources and change-set changes by 100
// and returns at most 100 resources from DescribeStackResources (DescribeStackEvents, ListStackResources,
// DescribeStackResources API references). The proxy cuts moto's answers to those pages.
const env = useMoto()
const fp = useFaultProxy(() => env.url)

const handles = (n: number, prefix = 'H') =>
  JSON.stringify({ Resources: Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, { Type: 'AWS::CloudFormation::WaitConditionHandle' }])) })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A stack operation through the slowed proxy, which adds the resource events moto does not write. */
async function slowly(send: () => Promise<unknown>): Promise<void> {
  fp.proxy.configure({ slowCloudFormation: { durationMs: 200 } })
  await send()
  await sleep(350)
}

/** The whole list as moto's one page, through the proxy with paging off. */
async function wholeEvents(cfn: CloudFormationClient, stackName: string): Promise<string[]> {
  fp.proxy.configure({ paging: false })
  const out = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }))
  fp.proxy.configure({ paging: true })
  return out.StackEvents!.map((e) => e.EventId!)
}

async function allEvents(cfn: CloudFormationClient, stackName: string): Promise<{ pages: number; events: StackEvent[] }> {
  const events: StackEvent[] = []
  let pages = 0
  let token: string | undefined
  do {
    const out = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName, NextToken: token }))
    pages++
    expect(out.StackEvents!.length).toBeLessThanOrEqual(100)
    events.push(...out.StackEvents!)
    token = out.NextToken
  } while (token)
  return { pages, events }
}

describe('the fault proxy pages CloudFormation lists as AWS does', () => {
  it("stack events come 100 a page with a NextToken; the pages together are moto's whole list", async () => {
    const cfn = proxyClients(fp.proxy).cloudformation
    await slowly(() => cfn.send(new CreateStackCommand({ StackName: 'paged', TemplateBody: handles(120) })))
    const whole = await wholeEvents(cfn, 'paged')
    expect(whole.length).toBeGreaterThan(240)
    const { pages, events } = await allEvents(cfn, 'paged')
    expect(pages).toBe(Math.ceil(whole.length / 100))
    expect(events.map((e) => e.EventId)).toEqual(whole)
  })

  it('a token continues after the last event it was given, even when newer events arrived in between', async () => {
    const cfn = proxyClients(fp.proxy).cloudformation
    await slowly(() => cfn.send(new CreateStackCommand({ StackName: 'growing', TemplateBody: handles(120) })))
    const first = await cfn.send(new DescribeStackEventsCommand({ StackName: 'growing' }))
    await slowly(() => cfn.send(new UpdateStackCommand({ StackName: 'growing', TemplateBody: handles(130) })))
    const second = await cfn.send(new DescribeStackEventsCommand({ StackName: 'growing', NextToken: first.NextToken }))
    const whole = await wholeEvents(cfn, 'growing')
    const after = whole.indexOf(first.StackEvents!.at(-1)!.EventId!)
    expect(after).toBeGreaterThan(99) // the update's events came on top
    expect(second.StackEvents!.map((e) => e.EventId)).toEqual(whole.slice(after + 1, after + 101))
  })

  it('ListStackResources pages by 100; DescribeStackResources stops at 100 without a token', async () => {
    const cfn = proxyClients(fp.proxy).cloudformation
    const topics = JSON.stringify({ Resources: Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`T${i}`, { Type: 'AWS::SNS::Topic' }])) })
    await cfn.send(new CreateStackCommand({ StackName: 'many', TemplateBody: topics }))
    const page1 = await cfn.send(new ListStackResourcesCommand({ StackName: 'many' }))
    expect(page1.StackResourceSummaries).toHaveLength(100)
    const page2 = await cfn.send(new ListStackResourcesCommand({ StackName: 'many', NextToken: page1.NextToken }))
    expect(page2.StackResourceSummaries).toHaveLength(50)
    expect(page2.NextToken).toBeUndefined()
    const described = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'many' }))
    expect(described.StackResources).toHaveLength(100)
  })

  it('ListStacks pages by 100, and its status filter sees a slowed delete as DELETE_IN_PROGRESS until it ends', async () => {
    const cfn = proxyClients(fp.proxy).cloudformation
    for (let i = 0; i < 105; i++) await env.clients.cloudformation.send(new CreateStackCommand({ StackName: `s${i}`, TemplateBody: handles(1) }))
    const page1 = await cfn.send(new ListStacksCommand({}))
    expect(page1.StackSummaries).toHaveLength(100)
    const page2 = await cfn.send(new ListStacksCommand({ NextToken: page1.NextToken }))
    const all = (await env.clients.cloudformation.send(new ListStacksCommand({}))).StackSummaries!
    expect(all).toHaveLength(105)
    expect(page2.StackSummaries).toHaveLength(5)
    expect([...page1.StackSummaries!, ...page2.StackSummaries!].map((s) => s.StackId)).toEqual(all.map((s) => s.StackId))

    fp.proxy.configure({ slowCloudFormation: { durationMs: 1500 } })
    await cfn.send(new DeleteStackCommand({ StackName: 's0' }))
    const deleting = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_IN_PROGRESS', 'DELETE_FAILED'] }))
    expect(deleting.StackSummaries!.map((s) => `${s.StackName} ${s.StackStatus}`)).toEqual(['s0 DELETE_IN_PROGRESS'])
    const complete = await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }))
    expect(complete.StackSummaries).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 1600))
    expect((await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_IN_PROGRESS', 'DELETE_FAILED'] }))).StackSummaries).toEqual([])
    expect((await cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }))).StackSummaries!.map((s) => s.StackName)).toEqual(['s0'])
  })

  it("paging: false gives moto's single page", async () => {
    fp.proxy.configure({ paging: false })
    const cfn = proxyClients(fp.proxy).cloudformation
    await slowly(() => cfn.send(new CreateStackCommand({ StackName: 'whole', TemplateBody: handles(120) })))
    fp.proxy.configure({ paging: false })
    const out = await cfn.send(new DescribeStackEventsCommand({ StackName: 'whole' }))
    expect(out.StackEvents!.length).toBeGreaterThan(200)
    expect(out.NextToken).toBeUndefined()
  })
})
