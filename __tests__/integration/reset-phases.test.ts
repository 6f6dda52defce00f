import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { readFileSync } from 'node:fs'
import { GetTemplateCommand, ListChangeSetsCommand } from '@aws-sdk/client-cloudformation'
import { deployStack } from '../../src/cloudformation/deploy.js'
import { describeStack } from '../../src/cloudformation/stacks.js'
import { DeployError } from '../../src/errors.js'
import { parseInputs } from '../../src/modes/registry.js'
import { functionNames, listStackResources } from '../../src/modes/reset/stack-resources.js'
import { reset } from '../../src/modes/reset/index.js'
import type { InputsOf } from '../../src/modes/types.js'
import { testContext } from '../support/context.js'
import { useMoto } from '../support/moto.js'

/*
 * What moto shows here and what it does not:
 * - moto 5.2 on its own updates a resource in place when its FunctionName/RoleName/... is removed or changed, so
 *   a stack would never leave its friendly names. AWS replaces such a resource ("Update requires: Replacement").
 *   scripts/moto_replace_on_rename.py (loaded by scripts/moto_server.py) makes moto replace it for the types of
 *   the default name table, which is what these tests rely on: a new physical resource under the new name, the
 *   old one deleted.
 * - moto's UPDATE change sets list each changed resource as Modify without Replacement or PolicyAction, so the
 *   guard's replacement path is shown with AWS-shaped change sets in __tests__/unit/reset-strategy.test.ts; a
 *   removal (Action Remove, judged by the running template's DeletionPolicy) is shown here.
 */

const env = useMoto()
const FIXTURE = fileURLToPath(new URL('../fixtures/reset/app-named.yaml', import.meta.url))
const STACK = 'reset-app'

/** The app stand-in: records which function names the stack had when each smoke request came in. */
let server: Server
let appStatus = 200
const smokeLog: { path: string; names: Record<string, string> }[] = []
let appUrl = ''

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const names = await describeStack(env.clients.cloudformation, STACK)
      .then((s) => (s ? listStackResources(testContext(env.clients), STACK) : []))
      .then(functionNames)
    smokeLog.push({ path: req.url ?? '', names })
    res.writeHead(appStatus, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ ok: appStatus === 200 }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  appStatus = 200
  smokeLog.length = 0
})

function resetInputs(extra: Record<string, string> = {}): InputsOf<'reset'> {
  const values: Record<string, string> = {
    mode: 'reset',
    'stack-name': STACK,
    template: FIXTURE,
    parameters: `PublicUrl=${appUrl}`,
    capabilities: 'CAPABILITY_NAMED_IAM',
    region: 'us-east-1',
    'endpoint-output': 'Endpoint',
    'smoke-path': '/health',
    'smoke-retries': '0',
    ...extra
  }
  return parseInputs((name) => values[name] ?? '', {}) as InputsOf<'reset'>
}

/** The functions that exist in moto's Lambda backend, whether or not a stack knows them. */
async function lambdaFunctions(): Promise<string[]> {
  const res = await fetch(`${env.url}/2015-03-31/functions/`, {
    headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0' }
  })
  const body = (await res.json()) as { Functions: { FunctionName: string }[] }
  return body.Functions.map((f) => f.FunctionName).sort()
}

const FRIENDLY = { AppFunction: 'reset-demo-app', WorkerFunction: 'reset-demo-worker' }
const generated = (logicalId: string) => new RegExp(`^${STACK}-${logicalId}-[A-Z0-9]+$`)

/** The running stack a reset starts from, deployed as its own first deploy would (a reset refuses to create it). */
async function deployFriendly() {
  const inputs = resetInputs()
  await deployStack(testContext(env.clients), { stackName: STACK, templateBody: inputs.template!.body, parameters: inputs.parameters, capabilities: inputs.capabilities, tags: [] })
  expect(functionNames(await listStackResources(testContext(env.clients), STACK))).toEqual(FRIENDLY)
}

describe('reset mode against moto', () => {
  it('runs both phases: generated names, smoke checks between, then the friendly names again', async () => {
    await deployFriendly()
    const ctx = testContext(env.clients)
    await reset(ctx, resetInputs())

    const afterOne = JSON.parse(ctx.outputs['function-names-generated'])
    expect(afterOne.AppFunction).toMatch(generated('AppFunction'))
    expect(afterOne.WorkerFunction).toMatch(generated('WorkerFunction'))
    expect(JSON.parse(ctx.outputs['function-names-friendly'])).toEqual(FRIENDLY)
    // the smoke check between the phases met the generated names; the one after phase two the friendly ones
    expect(smokeLog).toEqual([
      { path: '/health', names: afterOne },
      { path: '/health', names: FRIENDLY }
    ])
    // the generated-name functions were deleted when phase two replaced them
    expect(await lambdaFunctions()).toEqual(['reset-demo-app', 'reset-demo-worker'])
    const resources = await listStackResources(ctx, STACK)
    expect(resources.find((r) => r.LogicalResourceId === 'AppRole')?.PhysicalResourceId).toBe('reset-demo-role')
    expect(resources.find((r) => r.LogicalResourceId === 'Events')?.PhysicalResourceId).toMatch(/:reset-demo-events$/)

    expect(ctx.outputs.endpoint).toBe(appUrl)
    expect(ctx.outputs['stack-status']).toBe('UPDATE_COMPLETE')
    expect(JSON.parse(ctx.outputs['stack-outputs']).FunctionName).toBe('reset-demo-app')
    const titles = ctx.report.sections.map((s) => s.title)
    expect(titles).toEqual(
      expect.arrayContaining(['Names stripped in phase 1', 'Warnings', 'Phase 1 (generated names): change set', 'Phase 2 (friendly names): change set', 'Smoke checks between the phases'])
    )
    expect(ctx.report.sections.find((s) => s.title === 'Phase 1 (generated names): change set')?.markdown).toMatch(/\| Modify \| AppFunction \| AWS::Lambda::Function \|/)
    expect(ctx.log.text()).toMatch(/warning: AppFunction's name reset-demo-app is written out literally at Outputs\.AppFunctionArn/)
    expect(ctx.report.steps.map((s) => `${s.status} ${s.name}`)).toEqual([
      'done Find stack reset-app',
      'done Plan the name reset',
      'done Phase 1 (generated names): deploy without the names',
      'done Smoke checks between the phases',
      'done Phase 2 (friendly names): deploy the original template',
      'done Smoke checks after phase 2'
    ])
  })

  // Behaviour changed on purpose (issue 12): a reset of a stack that does not exist used to create it, which on
  // a typo in stack-name ran a second copy of the app that then failed on the names the real stack holds.
  it('refuses a stack that does not exist, before creating anything, naming stack-name', async () => {
    for (const phase of ['both', 'generated-names', 'friendly-names']) {
      const ctx = testContext(env.clients)
      const error = await reset(ctx, resetInputs({ 'reset-phase': phase })).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DeployError)
      expect((error as Error).message).toMatch(/^Stack reset-app does not exist: reset renames the resources of an existing stack, so nothing was created\nNext: Check stack-name/)
      expect(ctx.report.steps.map((s) => `${s.status} ${s.name}`)).toEqual(['failed Find stack reset-app'])
      expect(await describeStack(env.clients.cloudformation, STACK)).toBeUndefined()
      expect(await lambdaFunctions()).toEqual([])
    }
  })

  it('can pause between the phases: generated-names, then friendly-names in a later run', async () => {
    await deployFriendly()
    const first = testContext(env.clients)
    await reset(first, resetInputs({ 'reset-phase': 'generated-names' }))
    const names = functionNames(await listStackResources(first, STACK))
    expect(names.AppFunction).toMatch(generated('AppFunction'))
    expect(JSON.parse(first.outputs['function-names-generated'])).toEqual(names)
    expect(first.outputs['function-names-friendly']).toBeUndefined()
    // What CloudFormation got for phase 1 is the template's own text without the name lines: every line it
    // has is the template's, in order (a mapping left empty reads `Properties: {}`), and the names are missing.
    const stored = (await env.clients.cloudformation.send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody!
    const original = readFileSync(FIXTURE, 'utf8').split('\n')
    let at = 0
    for (const line of stored.split('\n').map((l) => l.replace(/: \{\}$/, ':'))) {
      while (at < original.length && original[at] !== line) at++
      expect(at).toBeLessThan(original.length)
      at++
    }
    expect(stored).not.toMatch(/FunctionName: reset-demo-app/)
    expect(stored).toContain("Version: '2012-10-17'")

    const second = testContext(env.clients)
    await reset(second, resetInputs({ 'reset-phase': 'friendly-names' }))
    expect(JSON.parse(second.outputs['function-names-friendly'])).toEqual(FRIENDLY)
    expect(await lambdaFunctions()).toEqual(['reset-demo-app', 'reset-demo-worker'])
  })

  it('stops before phase two when the smoke checks between the phases fail', async () => {
    await deployFriendly()
    appStatus = 503
    const ctx = testContext(env.clients)
    await expect(reset(ctx, resetInputs())).rejects.toThrow(/Smoke checks between the phases failed[\s\S]*status 503[\s\S]*phase 2 did not run/)
    expect(ctx.outputs['function-names-friendly']).toBeUndefined()
    expect(functionNames(await listStackResources(ctx, STACK)).AppFunction).toMatch(generated('AppFunction'))
    expect(ctx.report.steps.map((s) => `${s.status} ${s.name}`).at(-1)).toBe('failed Smoke checks between the phases')
  })

  it("dry run shows phase one's change set, says phase two comes after it, and changes nothing", async () => {
    await deployFriendly()
    const before = await describeStack(env.clients.cloudformation, STACK)
    const ctx = testContext(env.clients, { dryRun: true })
    await reset(ctx, resetInputs())
    expect(ctx.log.text()).toMatch(/Modify\s+AppFunction\s+AWS::Lambda::Function/)
    expect(ctx.report.steps.map((s) => `${s.status} ${s.name}`)).toEqual([
      'done Find stack reset-app',
      'done Plan the name reset',
      'done Phase 1 (generated names): deploy without the names',
      'skipped Phase 2 (friendly names): deploy the original template'
    ])
    expect(ctx.report.sections.find((s) => s.title === 'Phase 2 (friendly names): change set')?.markdown).toMatch(/Computed after phase 1 runs/)
    expect(smokeLog).toEqual([])
    expect(ctx.outputs['function-names-generated']).toBeUndefined()
    const after = await describeStack(env.clients.cloudformation, STACK)
    expect(after?.LastUpdatedTime).toEqual(before?.LastUpdatedTime)
    expect(functionNames(await listStackResources(ctx, STACK))).toEqual(FRIENDLY)
    const sets = await env.clients.cloudformation.send(new ListChangeSetsCommand({ StackName: STACK }))
    expect((sets.Summaries ?? []).filter((s) => s.ExecutionStatus !== 'EXECUTE_COMPLETE')).toEqual([])
  })

  it('refuses a phase that would remove a stateful resource, unless allow-replace names it', async () => {
    // The running stack has a table the new template no longer has; its DeletionPolicy is not set.
    const ctx = testContext(env.clients)
    await deployStack(ctx, {
      stackName: STACK,
      templateBody: JSON.stringify({
        Resources: {
          Sessions: {
            Type: 'AWS::DynamoDB::Table',
            Properties: {
              TableName: 'sessions',
              BillingMode: 'PAY_PER_REQUEST',
              AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
              KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }]
            }
          }
        }
      }),
      parameters: [],
      capabilities: [],
      tags: []
    })
    const refused = testContext(env.clients)
    const error = await reset(refused, resetInputs({ 'smoke-path': '' })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DeployError)
    // moto leaves PhysicalResourceId out of change set changes; AWS gives it, and the message then names it too
    expect((error as Error).message).toMatch(
      /^Refusing the generated-names phase: it would delete data in 1 resource\(s\):\n- Sessions \(AWS::DynamoDB::Table\): would remove; deleting it loses its items; DeletionPolicy is not set \(Delete\)/
    )
    expect((error as Error).message).toMatch(/allow-replace: Sessions/)
    expect(refused.report.sections.find((s) => s.title === 'Phase 1 (generated names): change set')?.markdown).toMatch(/\| Remove \| Sessions \| AWS::DynamoDB::Table \| - \| ⛔ refused/)
    const resources = await listStackResources(refused, STACK)
    expect(resources.map((r) => r.LogicalResourceId)).toEqual(['Sessions'])
    const sets = await env.clients.cloudformation.send(new ListChangeSetsCommand({ StackName: STACK }))
    expect((sets.Summaries ?? []).filter((s) => s.ExecutionStatus !== 'EXECUTE_COMPLETE')).toEqual([])

    const allowed = testContext(env.clients)
    await reset(allowed, resetInputs({ 'smoke-path': '', 'allow-replace': 'Sessions' }))
    expect(allowed.log.text()).toMatch(/warning: allowed by allow-replace: Sessions/)
    const after = await listStackResources(allowed, STACK)
    expect(after.map((r) => r.LogicalResourceId)).not.toContain('Sessions')
    expect(JSON.parse(allowed.outputs['function-names-friendly'])).toEqual(FRIENDLY)
  })
})
