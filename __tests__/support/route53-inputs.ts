import { readFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Parameter } from '@aws-sdk/client-cloudformation'
import { parseTemplate } from '../../src/cloudformation/template.js'
import type { Route53Inputs } from '../../src/modes/route53-takeover/inputs.js'
import type { InputsOf } from '../../src/modes/types.js'

export const FIXTURES = fileURLToPath(new URL('../fixtures/route53/', import.meta.url))

/** A fresh folder for backup files, one per test. */
export function backupDir(): string {
  return mkdtempSync(join(tmpdir(), 'bluegreen-r53-'))
}

/** Inputs of the route53-takeover mode as parseInputs would give them, for a template body or fixture file. */
export function takeoverInputs(opts: {
  template: string
  body?: string
  parameters?: Parameter[]
  route53?: Partial<Route53Inputs>
  stackName?: string
  dryRun?: boolean
}): InputsOf<'route53-takeover'> {
  const path = opts.body === undefined ? join(FIXTURES, opts.template) : opts.template
  const body = opts.body ?? readFileSync(path, 'utf8')
  return {
    mode: 'route53-takeover',
    stackName: opts.stackName ?? 'web',
    template: { path, body, template: parseTemplate(body, path) },
    parameters: opts.parameters ?? [],
    capabilities: [],
    tags: [],
    region: 'us-east-1',
    timeoutMinutes: 60,
    pollSeconds: 2,
    dryRun: opts.dryRun ?? false,
    smoke: { paths: [], expectStatus: [200], retries: 0, timeoutSeconds: 1, allowLinkLocal: false },
    alarms: [],
    rollbackMonitoringMinutes: 0,
    route53: {
      action: 'takeover',
      recordName: 'www.example.com',
      recordType: 'A',
      enableParameter: { key: 'Route53Enable', on: 'true', off: 'false' },
      takeoverTtl: 60,
      skipTtlWait: false,
      ...opts.route53
    }
  }
}
