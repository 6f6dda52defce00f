// The benchmark's one table: each measure, the comparison beside it, its target and pass or fail.

const s = (ms) => (ms === null || ms === undefined ? '–' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`)
const n1 = (x) => (Math.round(x * 10) / 10).toString()
const verdict = (pass) => (pass === null ? '➖ not measured' : pass ? '✅ pass' : '❌ fail')
const SERVICE_NAMES = { cloudformation: 'CloudFormation', apigateway: 'API Gateway', apigatewayv2: 'API Gateway v2', route53: 'Route 53' }

/** How much slower the waiter must be to count as "far slower": three times the action's lag. */
export const FAR_SLOWER = 3

export const TARGETS = {
  lagMedianMs: 2000,
  requestsPerMinute: 40,
  coldStartMs: 300,
  noMappingMoments: 0,
  takeoverGapMs: 1000,
  sweepFailures: 0,
  releaseRatio: 1.1,
  sweepRatio: 1.5,
  sweepRequestsPerStack: 2,
  waitingLagMedianMs: 1000,
  discoveryListingPasses: 1,
  coldStartNode24Ms: 200,
  /** alarm-to-blue: one poll interval (poll-seconds) plus this much for the router's write and read back. */
  alarmToBlueWriteMs: 1000
}

const sweepAt = (r, c) => r.sweeps?.find((x) => x.concurrency === c)
const largestAccount = (r) => r.discovery?.at(-1)

/** Pass/fail of every target, from the results object. */
export function verdicts(r) {
  const lag = r.detectionLag
  const s8 = sweepAt(r, 8)
  const big = largestAccount(r)
  return {
    // a section left out (--only) decides nothing
    detectionLag: lag ? lag.action.medianMs <= TARGETS.lagMedianMs && lag.sdkWaiter.medianMs >= FAR_SLOWER * lag.action.medianMs : null,
    requestsPerMinute: r.requestsPerMinute ? r.requestsPerMinute.action.total <= TARGETS.requestsPerMinute : null,
    coldStart: r.coldStart ? r.coldStart.medianMs < TARGETS.coldStartMs : null,
    promote: r.promote ? r.promote.noMappingMoments === TARGETS.noMappingMoments && r.promote.otherApiMoments === 0 : null,
    takeover: r.takeover?.available ? r.takeover.worstGapMs < TARGETS.takeoverGapMs : null,
    sweep: r.sweep ? r.sweep.failures === TARGETS.sweepFailures : null,
    release: r.release ? r.release.medianRatio <= TARGETS.releaseRatio : null,
    sweepThrottled: s8 ? s8.failures === 0 && s8.ratio <= TARGETS.sweepRatio && s8.requestsPerDeletedStack <= TARGETS.sweepRequestsPerStack : null,
    waiting: r.waiting?.length ? r.waiting.every((w) => w.perMinute.total <= TARGETS.requestsPerMinute && w.medianMs <= TARGETS.waitingLagMedianMs) : null,
    discovery: big ? big.promote.listingPasses <= TARGETS.discoveryListingPasses && big.sweep.listingPasses <= TARGETS.discoveryListingPasses : null,
    coldStartNode24: r.coldStartNode24 ? r.coldStartNode24.medianMs <= TARGETS.coldStartNode24Ms : null,
    alarmToBlue: alarmToBlueVerdict(r)
  }
}

/** alarm-to-blue passes when every run was back on blue within one poll plus the write allowance. */
function alarmToBlueVerdict(r) {
  const a = r.alarmToBlue
  if (!a?.runs?.length) return null
  return a.runs.every((x) => x.alarmToBlueMs !== null) && a.worstMs <= r.settings.pollSeconds * 1000 + TARGETS.alarmToBlueWriteMs
}

const ratio = (x) => `×${(Math.round(x * 100) / 100).toFixed(2)}`

/** The issue's targets, one entry each, by the ids that are their contract. */
export function targetList(r) {
  const v = r.verdicts
  const rel = r.release
  const s8 = sweepAt(r, 8)
  const big = largestAccount(r)
  const cs24 = r.coldStartNode24
  return [
    {
      id: 'release-overhead',
      target: `full release wall time ≤ ${TARGETS.releaseRatio}× the AWS work that must happen in sequence (green's create, verify, blue's delete)`,
      result: rel ? `${ratio(rel.medianRatio)} median of ${rel.runs.length} (${s(rel.medianWallMs)} for ${s(rel.medianSequenceMs)} of AWS work; worst ${ratio(rel.worstRatio)})` : 'not measured',
      pass: v.release
    },
    {
      id: 'sweep-200-throttled',
      target: `sweep of ${r.settings.sweep} previews at ${Math.round(r.settings.sweepThrottle * 100)}% throttling, concurrency 8: ≤ ${TARGETS.sweepRatio}× the ideal, ≤ ${TARGETS.sweepRequestsPerStack} requests per deleted stack plus one shared status read per poll`,
      result: s8
        ? `${ratio(s8.ratio)} the ideal (${s(s8.wallMs)} for ${s(s8.idealMs)}), ${s8.requestsPerDeletedStack?.toFixed(2)} requests a stack + ${s8.requestKinds.sharedStatusReads} shared reads, ${s8.failures} failure(s); ${
            r.sweeps
              .filter((x) => x.concurrency !== 8)
              .map((x) => `concurrency ${x.concurrency}: ${s(x.wallMs)} (${ratio(x.ratio)})`)
              .join(', ') || 'no other concurrency measured'
          }`
        : 'not measured',
      pass: v.sweepThrottled
    },
    {
      id: 'waiting-500-resources',
      target: `waiting: ≤ ${TARGETS.requestsPerMinute} requests a minute at any stack size, median detection lag ≤ ${TARGETS.waitingLagMedianMs / 1000} s`,
      result: r.waiting?.length ? r.waiting.map((w) => `${w.resources} resources: ${n1(w.perMinute.total)}/min, lag ${s(w.medianMs)}`).join('; ') : 'not measured',
      pass: v.waiting
    },
    {
      id: 'discovery-3000-stacks',
      target: `environment listing read at most ${TARGETS.discoveryListingPasses === 1 ? 'once' : `${TARGETS.discoveryListingPasses} times`} per run, whatever the account size`,
      result: big
        ? r.discovery
            .map((d) => `${d.stacks} stacks: promote ${d.promote.requests} requests / ${d.promote.listingPasses} listing pass(es), sweep ${d.sweep.requests} / ${d.sweep.listingPasses}`)
            .join('; ')
        : 'not measured',
      pass: v.discovery
    },
    {
      id: 'alarm-to-blue',
      target: `from an alarm entering ALARM to all traffic back on blue: ≤ one poll (${s(r.settings.pollSeconds * 1000)}) plus ${s(TARGETS.alarmToBlueWriteMs)} for the router's write`,
      result: r.alarmToBlue?.runs?.length
        ? `${s(r.alarmToBlue.medianMs)} median of ${r.alarmToBlue.runs.length} (worst ${s(r.alarmToBlue.worstMs)}), api-gateway router, during verify-seconds`
        : 'not measured',
      pass: v.alarmToBlue
    },
    {
      id: 'cold-start-node24',
      target: `cold start to the first AWS request ≤ ${TARGETS.coldStartNode24Ms} ms on Node 24`,
      result: cs24
        ? `${s(cs24.medianMs)} median of ${cs24.runs.length} on ${cs24.node} (CPU ${s(cs24.cpuMedianMs)}); ${s(r.coldStart.medianMs)} on ${r.machine.node}`
        : 'not measured (Node 24 not available)',
      pass: v.coldStartNode24
    }
  ]
}

function servicesText(perMinute) {
  const parts = Object.entries(perMinute.services).map(([name, x]) => `${SERVICE_NAMES[name] ?? name} ${n1(x.perMinute)}`)
  return parts.length ? parts.join(', ') : 'none'
}

export function tableRows(r) {
  const v = r.verdicts
  const lag = r.detectionLag
  const rpm = r.requestsPerMinute
  const cs = r.coldStart
  const pr = r.promote
  const tk = r.takeover
  const sw = r.sweep
  const n = lag.action.runs.length
  return [
    [
      `Detection lag, median of ${n} (operations of ${r.settings.opSeconds} s)`,
      s(lag.action.medianMs),
      `SDK waiter: ${s(lag.sdkWaiter.medianMs)}`,
      `≤ 2 s, waiter ≥ ${FAR_SLOWER}× slower`,
      verdict(v.detectionLag)
    ],
    [`Detection lag, worst of ${n}`, s(lag.action.worstMs), `SDK waiter: ${s(lag.sdkWaiter.worstMs)}`, '–', ''],
    [
      'AWS requests per minute of waiting',
      `${n1(rpm.action.total)} (${servicesText(rpm.action)}); ${n1(rpm.actionWhileInProgress.total)} while in progress`,
      `SDK waiter: ${n1(rpm.sdkWaiter.total)}`,
      '≤ 40',
      verdict(v.requestsPerMinute)
    ],
    [
      `Cold start to first AWS request, median of ${cs.runs.length}`,
      `${s(cs.medianMs)}${cs.cpuMedianMs !== null ? ` (CPU ${s(cs.cpuMedianMs)})` : ''}`,
      `bare \`node -e 0\`: ${s(cs.nodeBareMedianMs)}`,
      '< 300 ms',
      verdict(v.coldStart)
    ],
    ['Bundle size (dist/index.js)', `${(cs.bundleBytes / 1_000_000).toFixed(2)} MB`, '–', '–', ''],
    [`extra-env promote: start to mapping on green, median of ${pr.runs.length}`, s(pr.medianMs), `worst ${s(pr.worstMs)}`, '–', ''],
    [
      'extra-env promote: moments without a mapping (every 50 ms)',
      `${pr.noMappingMoments} of ${pr.samples} samples`,
      pr.otherApiMoments ? `${pr.otherApiMoments} on another API` : '–',
      '0',
      verdict(v.promote)
    ],
    tk.available
      ? [`route53-takeover: time without the record (every 50 ms), worst of ${tk.runs.length}`, s(tk.worstGapMs), `path: ${tk.paths.join(', ')}`, '< 1 s', verdict(v.takeover)]
      : ['route53-takeover: time without the record (every 50 ms)', tk.reason, '–', '< 1 s', verdict(null)],
    [
      `destroy sweep: ${sw.stacks} previews, ${Math.round(r.settings.sweepThrottle * 100)}% throttling (operations of ${r.settings.sweepOpSeconds} s)`,
      `${s(sw.wallMs)}, ${sw.failures} failure(s)`,
      `${sw.throttled} of ${sw.requests} requests throttled`,
      '0 failures',
      verdict(v.sweep)
    ],
    ...targetList(r).map((t) => [`${t.id}: ${t.target}`, t.result, '–', '(in the measure)', verdict(t.pass)])
  ]
}

export function markdownTable(rows) {
  const header = ['Measure', 'bluegreen-action', 'Beside it', 'Target', 'Result']
  const line = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** The issue's targets as the README shows them: target, result, pass. */
export function targetsMarkdown(targets) {
  const line = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(['Target', 'Result', 'Pass']), line(['---', '---', '---']), ...targets.map((t) => line([`\`${t.id}\`: ${t.target}`, t.result, verdict(t.pass)]))].join('\n')
}
