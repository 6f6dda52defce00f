import { existsSync, readFileSync, statSync } from 'node:fs'
import type { Capability, Parameter, Tag } from '@aws-sdk/client-cloudformation'
import { InputError } from './errors.js'
import { parseTemplate, TEMPLATE_LIMIT, TemplateError, type Template } from './cloudformation/template.js'

export const MODES = ['extra-env', 'api-replace', 'reset', 'route53-takeover'] as const
export type Mode = (typeof MODES)[number]
/** The extra-env phases (named apart from src/core/phase.ts's Phase). */
export const PHASES = ['full', 'deploy', 'promote', 'rollback', 'destroy'] as const
export type ExtraEnvPhaseName = (typeof PHASES)[number]
export const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'] as const
/** Reads one input by its action.yml name; '' when not given. */
export type InputGetter = (name: string) => string

export interface LoadedTemplate {
  path: string
  body: string
  template: Template
}

export interface SmokeInputs {
  paths: string[]
  expectStatus: number[]
  expectBody?: RegExp
  retries: number
  timeoutSeconds: number
  /** smoke-allow-link-local: let smoke checks reach 169.254.0.0/16, fe80::/10 and fd00:ec2::254 (instance metadata). */
  allowLinkLocal: boolean
}

export interface CommonInputs {
  stackName: string
  template?: LoadedTemplate
  parameters: Parameter[]
  capabilities: Capability[]
  tags: Tag[]
  region: string
  endpointUrl?: string
  /** The bucket for templates over 51,200 bytes; without it the action uses (and creates) its own. */
  templateBucket?: string
  timeoutMinutes: number
  pollSeconds: number
  dryRun: boolean
  githubToken?: string
  endpointOutput?: string
  smoke: SmokeInputs
  /** CloudWatch alarms (names or ARNs): rollback triggers of every change set, and extra-env's promotion gates. */
  alarms: string[]
  /** How long CloudFormation watches the alarms after a stack operation (MonitoringTimeInMinutes). */
  rollbackMonitoringMinutes: number
}

/** The common inputs of a mode that always deploys a template: `template` is required there. */
export type TemplateInputs = CommonInputs & { template: LoadedTemplate }

/** The common inputs with their template, for a mode that requires one (parseCommonInputs has already refused a missing one). */
export function withTemplate(common: CommonInputs): TemplateInputs {
  const template = common.template
  if (!template) throw new InputError('template', 'is required: a path to a YAML or JSON CloudFormation template')
  return { ...common, template }
}

// ---- small parsers; each error names the input, the bad value and what is accepted ----

export function oneOf<T extends string>(get: InputGetter, name: string, choices: readonly T[], fallback?: T): T {
  const raw = get(name)
  if (raw === '' && fallback !== undefined) return fallback
  if (raw === '') throw new InputError(name, `is required; accepted: ${choices.join(', ')}`)
  if (!(choices as readonly string[]).includes(raw)) {
    throw new InputError(name, `"${raw}" is not accepted; use one of: ${choices.join(', ')}`)
  }
  return raw as T
}

export function parseBoolean(get: InputGetter, name: string, fallback: boolean): boolean {
  const raw = get(name)
  if (raw === '') return fallback
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  throw new InputError(name, `"${raw}" is not a boolean; use true or false`)
}

export function parseNumber(get: InputGetter, name: string, fallback: number, opts: { min: number; max: number; integer?: boolean }): number {
  const raw = get(name)
  if (raw === '') return fallback
  const n = Number(raw)
  if (!/^-?\d+(\.\d+)?$/.test(raw) || !Number.isFinite(n) || (opts.integer && !Number.isInteger(n))) {
    throw new InputError(name, `"${raw}" is not a ${opts.integer ? 'whole ' : ''}number; accepted: ${opts.min} to ${opts.max}`)
  }
  if (n < opts.min || n > opts.max) throw new InputError(name, `${raw} is out of range; accepted: ${opts.min} to ${opts.max}`)
  return n
}

/** Multi-line or comma-separated lists; blank lines and `#` comments are skipped. */
export function splitList(raw: string, separators = /[\n,]/): string[] {
  return raw
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'))
}

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]*$/

export function validateStackName(name: string, input: string): string {
  if (name === '') throw new InputError(input, 'is required: a CloudFormation stack name such as my-app')
  if (!STACK_NAME.test(name) || name.length > 128) {
    throw new InputError(input, `"${name}" is not a valid stack name; accepted: up to 128 letters, digits and hyphens, starting with a letter`)
  }
  return name
}

export function parseKeyValueLines(raw: string, input: string): [string, string][] {
  return splitList(raw, /\n/).map((line) => {
    const eq = line.indexOf('=')
    if (eq <= 0) throw new InputError(input, `"${line}" is not Key=Value; write one Key=Value per line`)
    return [line.slice(0, eq).trim(), line.slice(eq + 1).trim()]
  })
}

function parseParameters(raw: string, template: Template | undefined): Parameter[] {
  const name = 'parameters'
  if (raw === '') return []
  let params: Parameter[]
  const looksLikeFile = !raw.includes('\n') && !raw.includes('=') && /\.json$/i.test(raw)
  if (looksLikeFile || raw.trimStart().startsWith('[')) {
    let text = raw
    if (looksLikeFile) {
      const file = raw.replace(/^file:\/\//, '')
      if (!existsSync(file)) throw new InputError(name, `parameter file "${file}" does not exist`)
      text = readFileSync(file, 'utf8')
    }
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch (err) {
      throw new InputError(name, `is not valid JSON (${(err as Error).message}); accepted: Key=Value lines or a JSON array of {"ParameterKey","ParameterValue"}`)
    }
    if (
      !Array.isArray(data) ||
      !data.every(
        (p) =>
          p &&
          typeof p.ParameterKey === 'string' &&
          (p.ParameterValue === undefined || typeof p.ParameterValue === 'string' || typeof p.ParameterValue === 'number' || typeof p.ParameterValue === 'boolean')
      )
    ) {
      throw new InputError(name, 'JSON must be an array of {"ParameterKey": "...", "ParameterValue": "..."} (the CloudFormation CLI format)')
    }
    params = data.map((p) =>
      p.UsePreviousValue === true ? { ParameterKey: p.ParameterKey, UsePreviousValue: true } : { ParameterKey: p.ParameterKey, ParameterValue: String(p.ParameterValue ?? '') }
    )
  } else {
    params = parseKeyValueLines(raw, name)
      .flatMap(([k, v]) => splitOneLineParameters(k, v, template))
      .map(([k, v]) => ({ ParameterKey: k, ParameterValue: v }))
  }
  const seen = new Set<string>()
  for (const p of params) {
    const key = p.ParameterKey!
    if (!/^[A-Za-z0-9]+$/.test(key)) throw new InputError(name, `parameter name "${key}" must be alphanumeric`)
    if (seen.has(key)) throw new InputError(name, `parameter ${key} is given twice`)
    seen.add(key)
    if (template && !(template.Parameters && key in template.Parameters)) {
      const declared = Object.keys(template.Parameters ?? {})
      throw new InputError(name, `parameter ${key} is not declared by the template (it declares: ${declared.join(', ') || 'none'})`)
    }
  }
  return params
}

/**
 * `Version=v2,PublicUrl=https://x` on one line: split on the commas only when every piece is Key=Value
 * with a key the template declares (CloudFormation parameter names are alphanumeric, so the split is then
 * unambiguous). A value that only looks like that, say `Filter=a=b,c=d`, stays one value; a line that mixes
 * declared keys with pieces that are not Key=Value cannot be read either way and is refused.
 */
function splitOneLineParameters(key: string, value: string, template: Template | undefined): [string, string][] {
  if (!value.includes(',')) return [[key, value]]
  const pieces = `${key}=${value}`.split(',')
  const declared = (k: string) => (template ? !!template.Parameters && k in template.Parameters : true)
  const keyOf = (piece: string) => /^\s*([A-Za-z0-9]+)\s*=/.exec(piece)?.[1]
  const keys = pieces.map(keyOf)
  if (keys.every((k) => k !== undefined && declared(k))) {
    return pieces.map((piece) => {
      const eq = piece.indexOf('=')
      return [piece.slice(0, eq).trim(), piece.slice(eq + 1).trim()]
    })
  }
  const stray = keys.slice(1).find((k) => k !== undefined && k !== key && template?.Parameters && k in template.Parameters)
  if (stray) {
    throw new InputError(
      'parameters',
      `"${key}=${value}" holds ${stray}= after a comma but not every comma-separated piece is a parameter: write one Key=Value per line (a value that contains commas then stays whole on its own line), or use the JSON format`
    )
  }
  return [[key, value]]
}

// CloudFormation's Tag: Key 1 to 128 characters, Value 1 to 256 (API reference, Tag data type).
function parseTags(raw: string): Tag[] {
  const tags = parseKeyValueLines(raw, 'tags').map(([Key, Value]) => {
    if (Key.length > 128 || Value.length > 256) throw new InputError('tags', `tag ${Key.slice(0, 40)} is too long (keys up to 128, values up to 256 characters)`)
    if (Value === '') throw new InputError('tags', `tag ${Key} has an empty value; CloudFormation requires a value of 1 to 256 characters (remove the line to leave the tag out)`)
    if (/^aws:/i.test(Key)) throw new InputError('tags', `tag ${Key}: keys starting with "aws:" are reserved by AWS`)
    if (Key.startsWith('bluegreen:')) throw new InputError('tags', `tag ${Key}: keys starting with "bluegreen:" are set by the action itself`)
    return { Key, Value }
  })
  if (tags.length > 45) throw new InputError('tags', `${tags.length} tags given; at most 45 (CloudFormation allows 50, the action adds its own)`)
  return tags
}

function parseCapabilities(raw: string): Capability[] {
  const list = splitList(raw || 'CAPABILITY_IAM', /[\s,]+/)
  for (const c of list) {
    if (!(CAPABILITIES as readonly string[]).includes(c)) {
      throw new InputError('capabilities', `"${c}" is not a capability; accepted: ${CAPABILITIES.join(', ')}`)
    }
  }
  return [...new Set(list)] as Capability[]
}

function parseRegion(get: InputGetter, env: NodeJS.ProcessEnv): string {
  const raw = get('region') || env.AWS_REGION || env.AWS_DEFAULT_REGION || ''
  if (raw === '') throw new InputError('region', 'is required (or set AWS_REGION): an AWS region such as us-east-1')
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(raw)) throw new InputError('region', `"${raw}" is not an AWS region; accepted: names like us-east-1 or eu-central-2`)
  return raw
}

function parseEndpointUrl(raw: string): string | undefined {
  if (raw === '') return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError('endpoint-url', `"${raw}" is not a URL; accepted: an http:// or https:// URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError('endpoint-url', `"${raw}" uses ${url.protocol}; accepted: an http:// or https:// URL`)
  }
  if (url.username || url.password) throw new InputError('endpoint-url', 'must not contain credentials')
  return raw.replace(/\/$/, '')
}

export function parseHttpUrl(raw: string, input: string): string | undefined {
  if (raw === '') return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError(input, `"${raw}" is not a URL; accepted: an http:// or https:// URL such as https://api.example.com/health`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(input, `"${raw}" uses ${url.protocol}; accepted: an http:// or https:// URL`)
  return raw
}

// S3's rules for general purpose bucket names, minus the reserved prefixes and suffixes (checked below).
const BUCKET_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/
const RESERVED_BUCKET = /^(xn--|sthree-|amzn-s3-demo-)|(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/

function parseTemplateBucket(raw: string): string | undefined {
  if (raw === '') return undefined
  if (!BUCKET_NAME.test(raw) || RESERVED_BUCKET.test(raw)) {
    throw new InputError(
      'template-bucket',
      `"${raw}" is not an S3 bucket name; accepted: the name only (no s3:// or path), 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit`
    )
  }
  return raw
}

function loadTemplate(path: string): LoadedTemplate {
  if (!existsSync(path)) throw new InputError('template', `file "${path}" does not exist; accepted: a path to a YAML or JSON CloudFormation template`)
  if (statSync(path).isDirectory()) throw new InputError('template', `"${path}" is a directory; accepted: a path to a YAML or JSON CloudFormation template file`)
  const body = readFileSync(path, 'utf8')
  const size = Buffer.byteLength(body)
  if (size > TEMPLATE_LIMIT)
    throw new InputError('template', `"${path}" is ${size} bytes, over the 1,048,576 bytes (1 MB) CloudFormation accepts (templates over 51,200 bytes go through S3); split it into nested stacks`)
  try {
    return { path, body, template: parseTemplate(body, path) }
  } catch (err) {
    if (err instanceof TemplateError) throw new InputError('template', err.message)
    throw err
  }
}

function parseSmoke(get: InputGetter): SmokeInputs {
  const paths = splitList(get('smoke-path'), /\n/)
  for (const p of paths) {
    if (!p.startsWith('/') || /\s/.test(p)) throw new InputError('smoke-path', `"${p}" must be a path starting with / and without spaces, one per line`)
  }
  const statusRaw = get('smoke-expect-status') || '200'
  const expectStatus = splitList(statusRaw, /[\s,]+/).map((s) => {
    const n = Number(s)
    if (!/^\d{3}$/.test(s) || n < 100 || n > 599) throw new InputError('smoke-expect-status', `"${s}" is not an HTTP status; accepted: codes 100 to 599, comma-separated`)
    return n
  })
  let expectBody: RegExp | undefined
  const bodyRaw = get('smoke-expect-body')
  if (bodyRaw !== '') {
    try {
      expectBody = new RegExp(bodyRaw)
    } catch (err) {
      throw new InputError('smoke-expect-body', `"${bodyRaw}" is not a valid regular expression: ${(err as Error).message}`)
    }
  }
  return {
    paths,
    expectStatus,
    expectBody,
    retries: parseNumber(get, 'smoke-retries', 3, { min: 0, max: 100, integer: true }),
    timeoutSeconds: parseNumber(get, 'smoke-timeout-seconds', 10, { min: 0.1, max: 300 }),
    allowLinkLocal: parseBoolean(get, 'smoke-allow-link-local', false)
  }
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

export function parseDuration(raw: string, input: string): number {
  const m = /^(\d+)([smhdw])$/.exec(raw)
  if (!m || Number(m[1]) <= 0) throw new InputError(input, `"${raw}" is not a duration; accepted: a positive number with s, m, h, d or w, such as 7d`)
  return Number(m[1]) * DURATION_UNITS[m[2]]
}

const HOSTNAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i

export function parseHostname(raw: string, input: string, required: boolean): string | undefined {
  if (raw === '') {
    if (required) throw new InputError(input, 'is required: a DNS name such as api.example.com')
    return undefined
  }
  if (!HOSTNAME.test(raw)) throw new InputError(input, `"${raw}" is not a DNS name; accepted: names like api.example.com`)
  // DNS names are case-insensitive and may end in the root's dot: one domain, one lock, one answer
  return raw.toLowerCase().replace(/\.$/, '')
}

export function parseBasePath(raw: string): string {
  const path = raw.replace(/^\/+|\/+$/g, '')
  if (path === '' || path === '(none)') return ''
  if (!/^[A-Za-z0-9._~/-]+$/.test(path) || path.includes('//')) {
    throw new InputError('base-path', `"${raw}" is not a base path; accepted: empty (the domain root) or segments of letters, digits, and . _ - ~`)
  }
  return path
}

/** CloudFormation takes at most 5 rollback triggers per stack (RollbackConfiguration, API reference). */
export const MAX_ALARMS = 5
// Alarm names are 1 to 255 characters (PutMetricAlarm); an ARN is arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>.
const ALARM_ARN = /^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:(.{1,255})$/

function parseAlarms(raw: string): string[] {
  const alarms = [...new Set(splitList(raw))]
  for (const a of alarms) {
    if (a.startsWith('arn:') ? !ALARM_ARN.test(a) : a.length > 255 || /[\u0000-\u001f]/.test(a)) {
      throw new InputError('alarms', `"${a.slice(0, 80)}" is not an alarm name or ARN; accepted: names of up to 255 characters, or ARNs like arn:aws:cloudwatch:us-east-1:123456789012:alarm:my-alarm`)
    }
  }
  if (alarms.length > MAX_ALARMS) {
    throw new InputError('alarms', `${alarms.length} alarms given; at most ${MAX_ALARMS} (CloudFormation takes 5 rollback triggers per stack): combine them into a composite alarm`)
  }
  return alarms
}

/** The alarm's name, from a name or an ARN. */
export function alarmName(nameOrArn: string): string {
  return ALARM_ARN.exec(nameOrArn)?.[1] ?? nameOrArn
}

export function parseMode(get: InputGetter): Mode {
  return oneOf(get, 'mode', MODES)
}

/** The inputs every mode shares, parsed once; the first bad one throws an InputError that names it. No AWS call is made here. */
export function parseCommonInputs(get: InputGetter, mode: Mode, env: NodeJS.ProcessEnv = process.env): CommonInputs {
  const stackName = validateStackName(get('stack-name'), 'stack-name')
  const phase = get('phase')
  const templateOptional = mode === 'extra-env' && ['promote', 'rollback', 'destroy'].includes(phase)
  const templatePath = get('template')
  if (templatePath === '' && !templateOptional) throw new InputError('template', 'is required: a path to a YAML or JSON CloudFormation template')
  const template = templatePath === '' ? undefined : loadTemplate(templatePath)
  const parameters = parseParameters(get('parameters'), template?.template)
  const endpointOutput = get('endpoint-output')
  if (endpointOutput !== '' && !/^[A-Za-z0-9]+$/.test(endpointOutput)) throw new InputError('endpoint-output', `"${endpointOutput}" is not a stack output name; accepted: letters and digits`)
  const githubToken = get('github-token') || undefined
  return {
    stackName,
    template,
    parameters,
    capabilities: parseCapabilities(get('capabilities')),
    tags: parseTags(get('tags')),
    region: parseRegion(get, env),
    endpointUrl: parseEndpointUrl(get('endpoint-url')),
    templateBucket: parseTemplateBucket(get('template-bucket')),
    timeoutMinutes: parseNumber(get, 'timeout-minutes', 60, { min: 0.05, max: 4320 }),
    pollSeconds: parseNumber(get, 'poll-seconds', 2, { min: 0.05, max: 60 }),
    dryRun: parseBoolean(get, 'dry-run', false),
    githubToken,
    endpointOutput: endpointOutput || undefined,
    smoke: parseSmoke(get),
    alarms: parseAlarms(get('alarms')),
    rollbackMonitoringMinutes: parseNumber(get, 'rollback-monitoring-minutes', 0, { min: 0, max: 180, integer: true })
  }
}

/** A template parameter with no Default must be given: CloudFormation would refuse the change set otherwise. */
export function requireParameterValues(common: CommonInputs, alsoGiven: string[] = []): void {
  const declared = common.template?.template.Parameters ?? {}
  const given = new Set([...common.parameters.map((p) => p.ParameterKey), ...alsoGiven])
  const missing = Object.entries(declared)
    .filter(([key, p]) => !given.has(key) && (typeof p !== 'object' || p === null || !('Default' in p)))
    .map(([key]) => key)
  if (missing.length > 0) {
    throw new InputError('parameters', `the template's parameter(s) ${missing.join(', ')} have no Default and are not given; add ${missing.map((k) => `${k}=...`).join(', ')}`)
  }
}

/** A DNS name is in a zone when it is the zone's apex or ends in `.<zone>`, ignoring case and the final dot. */
export function inZone(name: string, zone: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '')
  const z = zone.toLowerCase().replace(/\.$/, '')
  return n === z || n.endsWith(`.${z}`)
}

/** hosted-zone-id or hosted-zone-name (one is required), and record-name inside that zone. */
export function parseZoneAndRecord(get: InputGetter, usedBy: string): { hostedZoneId?: string; hostedZoneName?: string; recordName: string } {
  const zoneId = get('hosted-zone-id').replace(/^\/hostedzone\//, '')
  // Route 53 documents zone ids only as strings of at most 32 characters; the ones it assigns are upper-case alphanumeric.
  if (zoneId !== '' && !/^[A-Z0-9]{1,32}$/.test(zoneId))
    throw new InputError('hosted-zone-id', `"${zoneId}" is not a hosted zone id; accepted: up to 32 upper-case letters and digits, like Z0123456789ABCDEFGHIJ`)
  const zoneName = parseHostname(get('hosted-zone-name'), 'hosted-zone-name', false)
  if (!zoneId && !zoneName) throw new InputError('hosted-zone-id', `is required${usedBy} (or hosted-zone-name): the zone that holds the record`)
  const recordName = parseHostname(get('record-name'), 'record-name', true)!
  if (zoneName && !inZone(recordName, zoneName)) {
    throw new InputError('record-name', `${recordName} is not in the zone ${zoneName}: accepted: ${zoneName.replace(/\.$/, '')} itself or a name ending in .${zoneName.replace(/\.$/, '')}`)
  }
  return { hostedZoneId: zoneId || undefined, hostedZoneName: zoneName, recordName: recordName.replace(/\.$/, '') }
}
