/** extra-env's inputs for router route53, through the action's own parser: every refusal names the input, before any AWS call. */
import { parseInputs } from '../../src/modes/registry.js'

const base = {
  mode: 'extra-env',
  'stack-name': 'shop',
  template: 'examples/app/template.yaml',
  extra: 'green',
  router: 'route53',
  'hosted-zone-name': 'example.com',
  'record-name': 'www.example.com',
  'target-output': 'LoadBalancerDnsName'
}
const parse = (values: Record<string, string>) => parseInputs((name) => values[name] ?? '', { AWS_REGION: 'us-east-1' })
const door = (values: Record<string, string>) => {
  const inputs = parse(values)
  if (inputs.mode !== 'extra-env') throw new Error('not extra-env')
  return inputs.extraEnv.door
}

describe('extra-env router route53 inputs', () => {
  it('parses a CNAME door by default, names lower case without the final dot', () => {
    expect(door({ ...base, 'record-name': 'WWW.Example.com.' })).toEqual({
      router: 'route53',
      hostedZoneName: 'example.com',
      recordName: 'www.example.com',
      recordType: 'CNAME',
      targetOutput: 'LoadBalancerDnsName',
      skipTtlWait: false
    })
  })

  it('parses an alias door with hosted-zone-id (with or without /hostedzone/) and skip-ttl-wait', () => {
    expect(
      door({ ...base, 'hosted-zone-name': '', 'hosted-zone-id': '/hostedzone/Z0123456789ABC', 'record-type': 'AAAA', 'target-zone-output': 'LoadBalancerZoneId', 'skip-ttl-wait': 'true' })
    ).toEqual({
      router: 'route53',
      hostedZoneId: 'Z0123456789ABC',
      recordName: 'www.example.com',
      recordType: 'AAAA',
      targetOutput: 'LoadBalancerDnsName',
      targetZoneOutput: 'LoadBalancerZoneId',
      skipTtlWait: true
    })
  })

  it.each([
    ['no zone', { 'hosted-zone-name': '' }, /^Input 'hosted-zone-id': is required with router route53 \(or hosted-zone-name\)/],
    ['a bad zone id', { 'hosted-zone-id': 'z-1' }, /^Input 'hosted-zone-id': "z-1" is not a hosted zone id/],
    ['no record-name', { 'record-name': '' }, /^Input 'record-name': is required/],
    ['a record outside the zone', { 'record-name': 'www.example.org' }, /^Input 'record-name': www\.example\.org is not in the zone example\.com/],
    ['a zone that only ends like the record', { 'record-name': 'www.notexample.com' }, /^Input 'record-name': www\.notexample\.com is not in the zone example\.com/],
    ['an unknown record type', { 'record-type': 'TXT' }, /^Input 'record-type'/],
    ['an A record without target-zone-output', { 'record-type': 'A' }, /^Input 'record-type': A moves between DNS names only as an alias: give target-zone-output/],
    ['a CNAME with target-zone-output', { 'target-zone-output': 'Zone' }, /^Input 'target-zone-output': makes the record an alias, which Route 53 allows for A and AAAA records only/],
    ['no target-output', { 'target-output': '' }, /^Input 'target-output': is required with router route53/],
    ['a target-output that is no output key', { 'target-output': 'Dns-Name' }, /^Input 'target-output': "Dns-Name" is not an output key/]
  ])('refuses %s, naming the input', (_what, values, message) => {
    expect(() => parse({ ...base, ...values })).toThrow(message)
  })
})
