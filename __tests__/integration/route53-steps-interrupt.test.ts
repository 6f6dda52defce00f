/**
 * Issue #15's interruption test at each step, router route53 (weighted records), through the built action on
 * moto: a release with traffic-steps 10%:1s, 50%:1s, 100% killed (SIGKILL) right after each write, inside each
 * hold, inside verify-seconds, inside the TTL wait before blue's delete and while CloudFormation deletes blue,
 * then re-run as the same workflow run. The zone is made once; each case releases over the environment the case
 * before left live (__tests__/support/step-kills.ts). The record's writes are counted on the wire (the fault
 * proxy's ChangeResourceRecordSets requests); moto accepts the weighted batches as AWS does only with the
 * CREATE fix of scripts/moto_server.py (__tests__/integration/emulator.test.ts "Route 53 CREATE").
 */
import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53'
import { existsSync } from 'node:fs'
import { DIST } from '../support/action-runner.js'
import { recordSets } from '../support/route53-zone.js'
import { expectAlarmGoesBack, expectResumed, KILL_POINTS, releaseAndKill, startWorld, stopWorld, type DoorProbe, type StepWorld } from '../support/step-kills.js'

const NAME = 'www.example.com.'
let world: StepWorld
const zoneOf = (w: StepWorld) => w.door.inputs('', '')['hosted-zone-id']

const probe: DoorProbe = {
  async shares(w) {
    const sets = await recordSets(w.clients, zoneOf(w), NAME, 'CNAME')
    const weights = sets.map((r) => ({ target: (r.ResourceRecords?.[0]?.Value ?? '').replace(/\.$/, ''), weight: r.SetIdentifier === undefined ? 1 : (r.Weight ?? 0) }))
    const total = weights.reduce((n, r) => n + r.weight, 0)
    return weights.filter((r) => r.weight > 0).map((r) => ({ target: r.target, percent: Math.round((r.weight * 100) / total) }))
  },
  writes: (w, _run, fromSeq) => w.proxy.requests({ service: 'route53', operation: 'ChangeResourceRecordSets' }).filter((r) => r.seq > fromSeq).length,
  drainLine: /^Waiting .* for resolvers' caches of /,
  drainInputs: { 'skip-ttl-wait': 'false' },
  // a record TTL longer than verify-seconds, so the old record's TTL is still running when blue is due to go
  async beforeDrain(w) {
    const [record] = await recordSets(w.clients, zoneOf(w), NAME, 'CNAME')
    await w.clients.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneOf(w), ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { ...record, TTL: 3 } }] } }))
  }
}

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run package` first')
  world = await startWorld('route53')
}, 90_000)
afterAll(() => stopWorld(world))

describe('router route53, a stepped release killed at each point and re-run as the same workflow run (built action, moto)', () => {
  it.each(KILL_POINTS)(
    'killed $label: the record always routes to a complete stack; the re-run resumes from the weights it finds, ends on green alone, blue deleted',
    async (point) => {
      const killed = await releaseAndKill(world, probe, point)
      await expectResumed(world, probe, point, killed)
    },
    90_000
  )

  it('killed during a hold, then the alarm goes off: the re-run puts the record back on blue in one write, keeps green and fails naming the alarm', () => expectAlarmGoesBack(world, probe), 90_000)
})
