// extra-env promote: the domain's base path mapping moves from one environment to the other. A separate
// client reads GetBasePathMapping straight from moto every 50 ms during each promotion: how long until it
// points at the new environment, and whether it ever pointed at no API.
import { CreateDomainNameCommand, GetBasePathMappingCommand } from '@aws-sdk/client-api-gateway'
import { startAppServer } from './app-server.mjs'
import { findLine, runAction, runFailure } from './run-action.mjs'
import { missingTime, startSampler } from './sampler.mjs'
import { median, worst } from './stats.mjs'

const BASE = 'prom'
const DOMAIN = 'api.bench.example.com'
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000'

export function promoteInputs(b, app, phase, extra) {
  return {
    mode: 'extra-env',
    phase,
    'stack-name': BASE,
    extra,
    ...(phase === 'deploy' ? { template: b.appTemplate, parameters: `Version=${extra}\nPublicUrl=${app.url(extra)}` } : {}),
    'endpoint-output': 'Endpoint',
    'smoke-path': '/health',
    'domain-name': DOMAIN,
    'keep-previous': 'true',
    'verify-seconds': '0',
    region: 'us-east-1',
    'endpoint-url': b.proxy.url
  }
}

async function readMappedApi(b) {
  try {
    const m = await b.direct.apigateway.send(new GetBasePathMappingCommand({ domainName: DOMAIN, basePath: '(none)' }))
    return m.restApiId ?? null
  } catch (err) {
    if (err?.name === 'NotFoundException') return null
    throw err
  }
}

/** The domain, both environments deployed and smoke-tested, and the domain mapped to blue. */
export async function setupPromote(b) {
  const app = await startAppServer()
  await b.direct.apigateway.send(new CreateDomainNameCommand({ domainName: DOMAIN, regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] } }))
  const apis = {}
  await Promise.all(
    ['blue', 'green'].map(async (extra) => {
      const run = await runAction({ dist: b.dist, root: b.root, inputs: promoteInputs(b, app, 'deploy', extra) })
      if (run.code !== 0) throw runFailure(`deploying ${BASE}-${extra}`, run)
      apis[extra] = JSON.parse(run.outputs['stack-outputs']).RestApiId
    })
  )
  const first = await runAction({ dist: b.dist, root: b.root, inputs: promoteInputs(b, app, 'promote', 'blue') })
  if (first.code !== 0) throw runFailure(`mapping ${DOMAIN} to ${BASE}-blue`, first)
  return { app, apis }
}

/** Promotions back and forth (keep-previous, so both stay): each one a switch of an existing mapping. */
export async function runPromote(b, state, runs) {
  const results = []
  for (let i = 1; i <= runs; i++) {
    const to = i % 2 ? 'green' : 'blue'
    const target = state.apis[to]
    const sampler = startSampler(() => readMappedApi(b), 50)
    const run = await runAction({ dist: b.dist, root: b.root, inputs: promoteInputs(b, state.app, 'promote', to) })
    await new Promise((resolve) => setTimeout(resolve, 150))
    const samples = (await sampler.stop()).filter((s) => s.at >= run.spawnedAt)
    if (run.code !== 0) throw runFailure(`promote run ${i} (to ${BASE}-${to})`, run)
    const onTarget = samples.find((s) => s.value === target)
    const switchLine = findLine(run, new RegExp(`^✔ Switch ${DOMAIN.replace(/\./g, '\\.')}.* to ${BASE}-${to} `))
    const unknown = samples.filter((s) => s.error === undefined && s.value !== null && s.value !== state.apis.blue && s.value !== state.apis.green).length
    const gap = missingTime(samples, (s) => s.value === null)
    results.push({
      to: `${BASE}-${to}`,
      mappedMs: onTarget ? onTarget.at - run.spawnedAt : null,
      switchStepDoneMs: switchLine ? switchLine.at - run.spawnedAt : null,
      samples: samples.length,
      noMapping: gap.moments,
      otherApi: unknown,
      sampleErrors: samples.filter((s) => s.error !== undefined).length
    })
    b.log(`  promote ${i} → ${BASE}-${to}: mapped after ${onTarget ? onTarget.at - run.spawnedAt : '?'} ms, ${gap.moments} of ${samples.length} samples without a mapping`)
  }
  return results
}

export function summarizePromote(results) {
  const mapped = results.map((r) => r.mappedMs).filter((n) => n !== null)
  return {
    runs: results,
    medianMs: median(mapped),
    worstMs: worst(mapped),
    samples: results.reduce((n, r) => n + r.samples, 0),
    noMappingMoments: results.reduce((n, r) => n + r.noMapping, 0),
    otherApiMoments: results.reduce((n, r) => n + r.otherApi, 0),
    sampleErrors: results.reduce((n, r) => n + r.sampleErrors, 0)
  }
}
