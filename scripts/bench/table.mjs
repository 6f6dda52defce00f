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
  sweepFailures: 0
}

/** Pass/fail of every target, from the results object. */
export function verdicts(r) {
  const lag = r.detectionLag
  return {
    detectionLag: lag.action.medianMs <= TARGETS.lagMedianMs && lag.sdkWaiter.medianMs >= FAR_SLOWER * lag.action.medianMs,
    requestsPerMinute: r.requestsPerMinute.action.total <= TARGETS.requestsPerMinute,
    coldStart: r.coldStart.medianMs < TARGETS.coldStartMs,
    promote: r.promote.noMappingMoments === TARGETS.noMappingMoments && r.promote.otherApiMoments === 0,
    takeover: r.takeover.available ? r.takeover.worstGapMs < TARGETS.takeoverGapMs : null,
    sweep: r.sweep.failures === TARGETS.sweepFailures
  }
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
    [`Detection lag, median of ${n} (operations of ${r.settings.opSeconds} s)`, s(lag.action.medianMs), `SDK waiter: ${s(lag.sdkWaiter.medianMs)}`, `≤ 2 s, waiter ≥ ${FAR_SLOWER}× slower`, verdict(v.detectionLag)],
    [`Detection lag, worst of ${n}`, s(lag.action.worstMs), `SDK waiter: ${s(lag.sdkWaiter.worstMs)}`, '–', ''],
    ['AWS requests per minute of waiting', `${n1(rpm.action.total)} (${servicesText(rpm.action)}); ${n1(rpm.actionWhileInProgress.total)} while in progress`, `SDK waiter: ${n1(rpm.sdkWaiter.total)}`, '≤ 40', verdict(v.requestsPerMinute)],
    [`Cold start to first AWS request, median of ${cs.runs.length}`, `${s(cs.medianMs)}${cs.cpuMedianMs !== null ? ` (CPU ${s(cs.cpuMedianMs)})` : ''}`, `bare \`node -e 0\`: ${s(cs.nodeBareMedianMs)}`, '< 300 ms', verdict(v.coldStart)],
    ['Bundle size (dist/index.js)', `${(cs.bundleBytes / 1_000_000).toFixed(2)} MB`, '–', '–', ''],
    [`extra-env promote: start to mapping on green, median of ${pr.runs.length}`, s(pr.medianMs), `worst ${s(pr.worstMs)}`, '–', ''],
    ['extra-env promote: moments without a mapping (every 50 ms)', `${pr.noMappingMoments} of ${pr.samples} samples`, pr.otherApiMoments ? `${pr.otherApiMoments} on another API` : '–', '0', verdict(v.promote)],
    tk.available
      ? [`route53-takeover: time without the record (every 50 ms), worst of ${tk.runs.length}`, s(tk.worstGapMs), `path: ${tk.paths.join(', ')}`, '< 1 s', verdict(v.takeover)]
      : ['route53-takeover: time without the record (every 50 ms)', tk.reason, '–', '< 1 s', verdict(null)],
    [`destroy sweep: ${sw.stacks} previews, ${Math.round(r.settings.sweepThrottle * 100)}% throttling (operations of ${r.settings.sweepOpSeconds} s)`, `${s(sw.wallMs)}, ${sw.failures} failure(s)`, `${sw.throttled} of ${sw.requests} requests throttled`, '0 failures', verdict(v.sweep)]
  ]
}

export function markdownTable(rows) {
  const header = ['Measure', 'bluegreen-action', 'Beside it', 'Target', 'Result']
  const line = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}
