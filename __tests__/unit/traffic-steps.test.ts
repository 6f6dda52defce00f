import { InputError } from '../../src/errors.js'
import { parseTrafficSteps } from '../../src/modes/extra-env/inputs.js'
import { alarmName } from '../../src/inputs.js'
import { APP_TEMPLATE, extraEnvInputs } from '../support/extra-env.js'

const base = { mode: 'extra-env', 'stack-name': 'app', template: APP_TEMPLATE, extra: 'green', 'domain-name': 'api.example.com' }
const route53 = { router: 'route53', 'hosted-zone-id': 'Z123', 'record-name': 'www.example.com', 'target-output': 'DnsName', 'domain-name': '' }

function refusal(values: Record<string, string>): string {
  try {
    extraEnvInputs({ ...base, ...values })
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return (err as InputError).message
  }
  throw new Error('accepted')
}

describe('traffic-steps', () => {
  it('defaults to one switch: 100%, no hold', () => {
    expect(extraEnvInputs(base).extraEnv.trafficSteps).toEqual([{ percent: 100, holdMs: undefined }])
  })

  it('reads holds P%:D with s, m and h, spaces allowed', () => {
    expect(parseTrafficSteps('10%:30s, 50% : 5m,75%:1h, 100%', 'route53')).toEqual([
      { percent: 10, holdMs: 30_000 },
      { percent: 50, holdMs: 300_000 },
      { percent: 75, holdMs: 3_600_000 },
      { percent: 100, holdMs: undefined }
    ])
    expect(extraEnvInputs({ ...base, ...route53, 'traffic-steps': '10%:5m, 50%:5m, 100%' }).extraEnv.trafficSteps.map((s) => s.percent)).toEqual([10, 50, 100])
  })

  it('refuses partial steps on routers that move all traffic at once, naming the input and the router', () => {
    expect(refusal({ 'traffic-steps': '10%:5m, 100%' })).toBe(
      "Input 'traffic-steps': router api-gateway moves all traffic at once: traffic-steps accepts only 100% (remove the partial steps, or use router route53 or alb for gradual shifting)"
    )
    const tg = { router: 'target-group', 'target-group-arn': 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shared/73e2d6bc24d8a067', 'asg-output': 'Asg', 'domain-name': '' }
    expect(refusal({ ...tg, 'traffic-steps': '50%:1m, 100%' })).toMatch(/^Input 'traffic-steps': router target-group moves all traffic at once: traffic-steps accepts only 100%/)
    expect(extraEnvInputs({ ...base, ...tg, 'traffic-steps': '100%' }).extraEnv.trafficSteps).toHaveLength(1)
  })

  it('refuses more than 15% by weight on CloudFront', () => {
    const cf = { router: 'cloudfront', 'distribution-id': 'E2QWRUHAPOMQZL', 'origin-output': 'Origin', 'domain-name': '' }
    expect(refusal({ ...cf, 'traffic-steps': '10%:5m, 20%:5m, 100%' })).toMatch(
      /^Input 'traffic-steps': "10%:5m, 20%:5m, 100%" with router cloudfront: CloudFront continuous deployment sends at most 15% by weight .* and 20% is more/
    )
    expect(extraEnvInputs({ ...base, ...cf, 'traffic-steps': '5%:5m, 15%:5m, 100%' }).extraEnv.trafficSteps.map((s) => s.percent)).toEqual([5, 15, 100])
  })

  it('takes 0% on CloudFront only with staging-header (header-only test traffic), as the first step', () => {
    const cf = { router: 'cloudfront', 'distribution-id': 'E2QWRUHAPOMQZL', 'origin-output': 'Origin', 'domain-name': '' }
    expect(refusal({ ...cf, 'traffic-steps': '0%:5m, 100%' })).toMatch(/with router cloudfront: 0% sends nothing to the new environment unless staging-header is given/)
    const header = { ...cf, 'staging-header': 'aws-cf-cd-canary: yes' }
    expect(extraEnvInputs({ ...base, ...header, 'traffic-steps': '0%:5m, 15%:5m, 100%' }).extraEnv.trafficSteps.map((s) => s.percent)).toEqual([0, 15, 100])
    expect(refusal({ ...header, 'traffic-steps': '5%:5m, 100%' })).toMatch(/^Input 'staging-header': reaches the new environment only in a 0% step/)
    expect(refusal({ ...header, 'traffic-steps': '0%:5m, 0%:5m, 100%' })).toMatch(/the steps go nowhere \(0% then 0%\)/)
  })

  it('refuses a last step other than 100%, or 100% with a duration', () => {
    expect(refusal({ ...route53, 'traffic-steps': '10%:5m, 50%:5m' })).toMatch(/^Input 'traffic-steps': .* with router route53: the last step is 50%; it must be 100%/)
    expect(refusal({ ...route53, 'traffic-steps': '10%:5m, 100%:5m' })).toMatch(/with router route53: the last step, 100%, takes no duration: verify-seconds is the bake/)
  })

  it('refuses a hold without a duration', () => {
    expect(refusal({ ...route53, 'traffic-steps': '10%, 100%' })).toMatch(/with router route53: the step 10% has no duration; every step before the last needs one, such as 10%:5m/)
    expect(refusal({ ...route53, 'traffic-steps': '10%:0s, 100%' })).toMatch(/10%:0s holds for no time/)
  })

  it('refuses a sequence that goes down or stays', () => {
    expect(refusal({ ...route53, 'traffic-steps': '50%:5m, 10%:5m, 100%' })).toMatch(/with router route53: the steps go down \(50% then 10%\)/)
    expect(refusal({ ...route53, 'traffic-steps': '10%:5m, 10%:5m, 100%' })).toMatch(/the steps go nowhere \(10% then 10%\)/)
    expect(refusal({ ...route53, 'traffic-steps': '10%:5m, 100%:1m, 100%' })).toMatch(/the steps go nowhere \(100% then 100%\)/)
  })

  it('refuses holds that do not fit in timeout-minutes with verify-seconds', () => {
    expect(refusal({ ...route53, 'traffic-steps': '10%:30m, 50%:30m, 100%' })).toMatch(
      /^Input 'traffic-steps': holds traffic for 60 min and verify-seconds adds 30 s, which do not fit in timeout-minutes \(60\); raise timeout-minutes/
    )
    expect(extraEnvInputs({ ...base, ...route53, 'traffic-steps': '10%:30m, 50%:30m, 100%', 'timeout-minutes': '90' }).extraEnv.trafficSteps).toHaveLength(3)
  })

  it('refuses what is not a step', () => {
    expect(refusal({ ...route53, 'traffic-steps': '10:5m, 100%' })).toMatch(/"10:5m" is not a step; accepted: P% or P%:D/)
    expect(refusal({ ...route53, 'traffic-steps': '10%:5d, 100%' })).toMatch(/"10%:5d" is not a step/)
    expect(refusal({ ...route53, 'traffic-steps': '0%:5m, 100%' })).toMatch(/0% is not a share of traffic/)
    expect(refusal({ ...route53, 'traffic-steps': '150%' })).toMatch(/150% is not a share of traffic/)
  })
})

describe('alarms and rollback-monitoring-minutes', () => {
  it('reads names and ARNs, lines or commas, once each', () => {
    const inputs = extraEnvInputs({ ...base, alarms: 'errors, latency\narn:aws:cloudwatch:us-east-1:123456789012:alarm:5xx:high\nerrors', 'rollback-monitoring-minutes': '10' })
    expect(inputs.alarms).toEqual(['errors', 'latency', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:5xx:high'])
    expect(inputs.rollbackMonitoringMinutes).toBe(10)
    expect(alarmName('arn:aws:cloudwatch:us-east-1:123456789012:alarm:5xx:high')).toBe('5xx:high')
    expect(alarmName('errors')).toBe('errors')
    expect(extraEnvInputs(base).alarms).toEqual([])
    expect(extraEnvInputs(base).rollbackMonitoringMinutes).toBe(0)
  })

  it('refuses more than 5 alarms (CloudFormation takes 5 rollback triggers), naming alarms', () => {
    expect(refusal({ alarms: 'a,b,c,d,e,f' })).toMatch(/^Input 'alarms': 6 alarms given; at most 5 \(CloudFormation takes 5 rollback triggers per stack\)/)
  })

  it('refuses what is neither a name nor an alarm ARN', () => {
    expect(refusal({ alarms: 'arn:aws:sns:us-east-1:123456789012:topic' })).toMatch(/^Input 'alarms': "arn:aws:sns:.*" is not an alarm name or ARN/)
    expect(refusal({ alarms: 'x'.repeat(256) })).toMatch(/^Input 'alarms': .* is not an alarm name or ARN/)
  })

  it('refuses a monitoring time CloudFormation does not take (0 to 180 minutes)', () => {
    expect(refusal({ 'rollback-monitoring-minutes': '181' })).toMatch(/^Input 'rollback-monitoring-minutes': 181 is out of range; accepted: 0 to 180/)
    expect(refusal({ 'rollback-monitoring-minutes': '1.5' })).toMatch(/^Input 'rollback-monitoring-minutes': "1.5" is not a whole number/)
  })
})
