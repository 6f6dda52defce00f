// route53-takeover: the action hands a manual A record to a stack. A separate client lists the record straight
// from moto every 50 ms during the run: the time in which the name had no record is the gap users would see.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53'
import { runAction, runFailure } from './run-action.mjs'
import { missingTime, startSampler } from './sampler.mjs'
import { median, worst } from './stats.mjs'

const RECORD = 'www.example.com.'
const SOA = 'ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900 1209600 86400'
const PLACEHOLDER = 'not built yet'

/** Why the mode cannot be measured from this checkout, or undefined when it can. */
export function takeoverUnavailable(root, dist) {
  const src = join(root, 'src/modes/route53-takeover/index.ts')
  if (!existsSync(src) || readFileSync(src, 'utf8').includes(PLACEHOLDER)) {
    return 'not available: src/modes/route53-takeover/index.ts is still the placeholder (the mode is not merged yet)'
  }
  if (readFileSync(dist, 'utf8').includes(`mode route53-takeover is ${PLACEHOLDER}`)) {
    return 'not available: dist/index.js still holds the placeholder; run npm run package'
  }
  return undefined
}

async function zoneWithManualRecord(b) {
  const created = await b.direct.route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: `bench-${Date.now()}-${Math.random()}` }))
  const zoneId = created.HostedZone.Id.replace('/hostedzone/', '')
  // moto's default SOA value is garbled; the action reads it when it lowers TTLs
  const records = [
    { Name: 'example.com.', Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: SOA }] },
    { Name: RECORD, Type: 'A', TTL: 3600, ResourceRecords: [{ Value: '198.51.100.7' }] }
  ]
  await b.direct.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: records.map((r) => ({ Action: 'UPSERT', ResourceRecordSet: r })) } }))
  return zoneId
}

async function recordCount(b, zoneId) {
  const out = await b.direct.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: RECORD, StartRecordType: 'A', MaxItems: 5 }))
  return (out.ResourceRecordSets ?? []).filter((r) => r.Name === RECORD && r.Type === 'A').length
}

/** One takeover per run, each of its own zone and stack. */
export async function runTakeover(b, runs) {
  const results = []
  for (let i = 1; i <= runs; i++) {
    const zoneId = await zoneWithManualRecord(b)
    const sampler = startSampler(() => recordCount(b, zoneId), 50)
    const run = await runAction({
      dist: b.dist,
      root: b.root,
      inputs: {
        mode: 'route53-takeover',
        'stack-name': `takeover-${i}`,
        template: b.takeoverTemplate,
        parameters: `HostedZoneId=${zoneId}`,
        'hosted-zone-id': zoneId,
        'record-name': 'www.example.com',
        'record-type': 'A',
        'enable-parameter': 'Route53Enable=true',
        // the delete path would wait out the old TTL (an hour) first; the gap is what is measured here
        'skip-ttl-wait': 'true',
        region: 'us-east-1',
        'endpoint-url': b.proxy.url
      }
    })
    await new Promise((resolve) => setTimeout(resolve, 150))
    const samples = (await sampler.stop()).filter((s) => s.at >= run.spawnedAt)
    if (run.code !== 0) throw runFailure(`takeover run ${i}`, run)
    const gap = missingTime(samples, (s) => s.value === 0)
    const reported = Number(run.outputs['gap-ms'])
    results.push({
      gapMs: gap.totalMs,
      missingSamples: gap.moments,
      samples: samples.length,
      actionGapMs: Number.isFinite(reported) ? reported : null,
      path: run.outputs['takeover-path'] ?? null,
      runMs: run.exitedAt - run.spawnedAt
    })
    b.log(`  takeover ${i}: ${run.outputs['takeover-path']}, gap ${gap.totalMs} ms (${gap.moments} of ${samples.length} samples without the record; the action reports ${reported} ms)`)
  }
  return results
}

export function summarizeTakeover(results) {
  const gaps = results.map((r) => r.gapMs)
  return { available: true, runs: results, medianGapMs: median(gaps), worstGapMs: worst(gaps), paths: [...new Set(results.map((r) => r.path))] }
}
