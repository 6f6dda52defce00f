import { jest } from '@jest/globals'
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation'
import { Route53Client } from '@aws-sdk/client-route-53'
import { callsByMode } from '../../scripts/aws-commands.mjs'
import { loadClients, USER_AGENT } from '../../src/aws/clients.js'
import { REGISTRY } from '../../src/modes/registry.js'

const SERVICE_OF: Record<string, string> = {
  '@aws-sdk/client-cloudformation': 'cloudformation',
  '@aws-sdk/client-api-gateway': 'apigateway',
  '@aws-sdk/client-apigatewayv2': 'apigatewayv2',
  '@aws-sdk/client-route-53': 'route53',
  '@aws-sdk/client-cloudfront': 'cloudfront',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elbv2',
  '@aws-sdk/client-auto-scaling': 'autoscaling'
}

describe('AWS clients', () => {
  it('each mode loads exactly the clients its code calls (derived from the code)', () => {
    const calls = callsByMode('.') as Record<string, { client: string }[]>
    for (const [mode, { services }] of Object.entries(REGISTRY)) {
      const used = [...new Set(calls[mode].map((c) => SERVICE_OF[c.client]))].sort()
      expect([mode, [...services].sort()]).toEqual([mode, used])
    }
  })

  it('sends through a client loaded at its first request, with the region, endpoint, standard retries and user agent', async () => {
    const seen: { region: string; host: string; retry?: string; attempts: number; agent: unknown }[] = []
    const spy = jest.spyOn(CloudFormationClient.prototype, 'send').mockImplementation(async function (this: CloudFormationClient) {
      const c = this.config
      seen.push({
        region: await c.region(),
        host: (await c.endpoint!()).hostname,
        retry: ((await c.retryStrategy()) as { mode?: string }).mode,
        attempts: await c.maxAttempts(),
        agent: c.customUserAgent
      })
      return { Stacks: [] }
    })
    const clients = loadClients({ region: 'eu-west-1', endpointUrl: 'http://127.0.0.1:5000' }, ['cloudformation', 'route53'])
    expect(clients.route53).not.toBeInstanceOf(Route53Client) // nothing loaded before a request
    await clients.cloudformation.send(new DescribeStacksCommand({}))
    await clients.cloudformation.send(new DescribeStacksCommand({}))
    spy.mockRestore()
    expect(seen).toEqual([1, 2].map(() => ({ region: 'eu-west-1', host: '127.0.0.1', retry: 'standard', attempts: 8, agent: [[USER_AGENT]] })))
    expect(() => clients.apigateway).toThrow(/the apigateway client is not loaded for this mode/)
  })
})
