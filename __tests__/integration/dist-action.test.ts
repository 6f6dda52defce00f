/** The built action, run as the GitHub runner runs it, against moto. */
import { describeStack } from '../../src/cloudformation/stacks.js'
import { runAction } from '../support/action-runner.js'
import { useMoto } from '../support/moto.js'

const env = useMoto()

describe('dist/index.js as the runner runs it', () => {
  it('deploys the sample app and writes outputs and the job summary', async () => {
    const run = await runAction({
      mode: 'extra-env',
      phase: 'deploy',
      'stack-name': 'shop',
      extra: 'blue',
      template: 'examples/app/template.yaml',
      parameters: 'AppName=shop\nVersion=v1',
      tags: 'team=web',
      region: 'us-east-1',
      'endpoint-url': env.url,
      'poll-seconds': '0.2'
    })
    expect(run.stderr).not.toMatch(/Unexpected error/)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/::group::/)
    expect(run.stdout).toMatch(/Add\s+Api\s+AWS::ApiGateway::RestApi/)
    expect(run.stdout).toMatch(/shop-blue\s+AWS::CloudFormation::Stack\s+CREATE_COMPLETE/)
    expect(run.outputs['stack-name']).toBe('shop-blue')
    expect(run.outputs['stack-status']).toBe('CREATE_COMPLETE')
    expect(run.outputs['stack-id']).toMatch(/^arn:aws:cloudformation:us-east-1:\d{12}:stack\/shop-blue\//)
    const outputs = JSON.parse(run.outputs['stack-outputs'])
    expect(outputs.RestApiId).toMatch(/^[a-z0-9]{10}$/)
    expect(outputs.Endpoint).toBe(`https://${outputs.RestApiId}.execute-api.us-east-1.amazonaws.com/prod`)
    expect(run.summary).toMatch(/^## ✅ bluegreen-action · extra-env · shop/)
    expect(run.summary).toMatch(/\| Deploy shop-blue \| ✅ done \|/)
    expect(run.summary).toMatch(/### Change set · shop-blue\n\n\| action \| resource \| type \| replacement \|/)
    expect(run.summary).toMatch(/\| Add \| AppFunction \| AWS::Lambda::Function \| - \|/)
    const stack = await describeStack(env.clients.cloudformation, 'shop-blue')
    expect(stack?.StackStatus).toBe('CREATE_COMPLETE')
    expect(stack?.Tags).toEqual(expect.arrayContaining([{ Key: 'team', Value: 'web' }]))
  })

  it('masks the GitHub token before anything is printed and never writes it to outputs or the summary', async () => {
    const token = 'ghs_bluegreenSecret0123456789'
    const run = await runAction(
      {
        mode: 'extra-env',
        phase: 'deploy',
        'stack-name': 'shop',
        extra: 'pr-7',
        template: 'examples/app/template.yaml',
        region: 'us-east-1',
        'endpoint-url': env.url,
        'poll-seconds': '0.2',
        'github-token': token
      },
      // GitHub is not reachable here: its calls fail fast and are warnings, never failures of the AWS work
      { env: { GITHUB_API_URL: 'http://127.0.0.1:9', GITHUB_REPOSITORY: 'acme/shop', GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'a'.repeat(40), GITHUB_REF: 'refs/heads/main' } }
    )
    expect(run.code).toBe(0)
    const firstLine = run.stdout.split('\n')[0]
    expect(firstLine).toBe(`::add-mask::${token}`)
    expect(run.stdout.split('\n').filter((l) => l.includes(token))).toEqual([firstLine])
    expect(JSON.stringify(run.outputs)).not.toContain(token)
    expect(run.summary).not.toContain(token)
    expect(run.stderr).not.toContain(token)
  })

  it('fails with the input named and exit code 1 on bad input, touching nothing', async () => {
    const run = await runAction({ mode: 'extra-env', 'stack-name': 'shop_1', template: 'examples/app/template.yaml', region: 'us-east-1', 'endpoint-url': env.url })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('::error::Input \'stack-name\': "shop_1" is not a valid stack name')
    expect(run.summary).toMatch(/❌/)
    expect(run.summary).toMatch(/\| Read the inputs \| ❌ failed \| [^|]+ \| Input 'stack-name': "shop_1" is not a valid stack name/)
  })
})
