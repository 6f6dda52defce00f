// Full extra-env release (`phase: full`): deploy green, smoke-test it, lock the domain, switch, verify for
// verify-seconds, delete blue, release the lock. Its wall time (spawn to exit) beside the AWS work that must
// happen in sequence: green's create, the verification, blue's delete (each operation's time as the proxy
// ran it). Everything else is the release's own overhead.
import { CreateDomainNameCommand } from '@aws-sdk/client-api-gateway'
import { findLine, runAction, runFailure } from './run-action.mjs'
import { median, worst } from './stats.mjs'

const BASE = 'rel'
const DOMAIN = 'release.bench.example.com'
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000'

function inputs(b, app, extra, verifySeconds) {
  return {
    mode: 'extra-env',
    phase: 'full',
    'stack-name': BASE,
    extra,
    template: b.appTemplate,
    parameters: `Version=${extra}\nPublicUrl=${app.url(extra)}`,
    'endpoint-output': 'Endpoint',
    'smoke-path': '/health',
    'domain-name': DOMAIN,
    'verify-seconds': String(verifySeconds),
    region: 'us-east-1',
    'endpoint-url': b.proxy.url
  }
}

/** The domain and a first environment live on it (a release onto an unmapped domain). */
export async function setupRelease(b, app, verifySeconds) {
  await b.direct.apigateway.send(new CreateDomainNameCommand({ domainName: DOMAIN, regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] } }))
  const run = await runAction({ dist: b.dist, root: b.root, inputs: inputs(b, app, 'r0', verifySeconds) })
  if (run.code !== 0) throw runFailure(`first release ${BASE}-r0`, run)
  // A first release has no blue to delete, so its lock's delete runs on after it: let it end before the
  // measured releases (each of which releases its lock beside blue's delete).
  const busyUntil = Math.max(0, ...b.proxy.stackOperations().map((o) => o.until))
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, busyUntil - Date.now() + 100)))
  return { app, live: 'r0', verifySeconds }
}

/** Releases one after another, each replacing the one before (which it deletes). */
export async function runRelease(b, state, runs) {
  const results = []
  for (let i = 1; i <= runs; i++) {
    const extra = `r${i}`
    const green = `${BASE}-${extra}`
    const blue = `${BASE}-${state.live}`
    const run = await runAction({ dist: b.dist, root: b.root, inputs: inputs(b, state.app, extra, state.verifySeconds) })
    b.keepLog?.(`release-${i}`, run)
    if (run.code !== 0) throw runFailure(`release ${i} (${green})`, run)
    const ops = b.proxy.stackOperations().filter((o) => o.start >= run.spawnedAt && o.start <= run.exitedAt)
    const create = ops.find((o) => o.stackName === green && o.kind === 'CREATE')
    const del = ops.find((o) => o.stackName === blue && o.kind === 'DELETE')
    if (!create || !del) throw new Error(`release ${i}: the proxy saw no ${!create ? `create of ${green}` : `delete of ${blue}`}`)
    const sequenceMs = create.until - create.start + state.verifySeconds * 1000 + (del.until - del.start)
    const wallMs = run.exitedAt - run.spawnedAt
    const lockOps = ops.filter((o) => o.stackName.startsWith('bluegreen-lock-')).map((o) => ({ kind: o.kind, ms: o.until - o.start, endsAfterExitMs: Math.max(0, o.until - run.exitedAt) }))
    const step = (name) => findLine(run, new RegExp(`^✔ ${name}`))
    const at = (line) => (line ? line.at - run.spawnedAt : null)
    results.push({
      green,
      blue,
      wallMs,
      sequenceMs,
      ratio: wallMs / sequenceMs,
      overheadMs: wallMs - sequenceMs,
      lockOperations: lockOps,
      marks: {
        deployDoneMs: at(step(`Deploy ${green}`)),
        lockedMs: at(step('Lock ')),
        switchedMs: at(step('Switch ')),
        verifiedMs: at(step('Verify ')),
        blueDeletedMs: at(step(`Delete ${blue}`)),
        releasedMs: at(step('Release the lock')),
        createEndMs: create.until - run.spawnedAt,
        deleteStartMs: del.start - run.spawnedAt,
        deleteEndMs: del.until - run.spawnedAt
      }
    })
    b.log(`  release ${i} → ${green}: ${(wallMs / 1000).toFixed(1)} s for ${(sequenceMs / 1000).toFixed(1)} s of AWS work in sequence (×${(wallMs / sequenceMs).toFixed(3)})`)
    state.live = extra
  }
  return results
}

export function summarizeRelease(results, verifySeconds) {
  const ratios = results.map((r) => r.ratio)
  return {
    runs: results,
    verifySeconds,
    medianRatio: median(ratios),
    worstRatio: worst(ratios),
    medianWallMs: median(results.map((r) => r.wallMs)),
    medianSequenceMs: median(results.map((r) => r.sequenceMs)),
    medianOverheadMs: median(results.map((r) => r.overheadMs))
  }
}
