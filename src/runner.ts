import { randomUUID } from 'node:crypto'
import { appendFileSync, constants, existsSync, promises as fs } from 'node:fs'
import { EOL } from 'node:os'

// The runner's protocol, as @actions/core speaks it (workflow commands on stdout, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files), for the few parts the action uses. @actions/core's entry module also loads its
// OIDC client and with it an HTTP client (undici) that no run of this action uses, and compiling that costs
// every job's start-up; the formats below are @actions/core 3.0's, byte for byte.

function commandValue(input: unknown): string {
  if (input === null || input === undefined) return ''
  return typeof input === 'string' ? input : JSON.stringify(input)
}

function escapeData(s: unknown): string {
  return commandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(s: unknown): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** `::name key=value,…::message`, one line on stdout. */
function issueCommand(command: string, properties: Record<string, string>, message: unknown): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',')
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`)
}

/** The input as the runner passes it (INPUT_<NAME>), trimmed; '' when not given. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim()
}

/** Appends `name<<delimiter … delimiter` to GITHUB_OUTPUT (a random delimiter the value cannot contain). */
export function setOutput(name: string, value: unknown): void {
  const file = process.env.GITHUB_OUTPUT || ''
  if (!file) {
    process.stdout.write(EOL)
    return issueCommand('set-output', { name }, commandValue(value))
  }
  const delimiter = `ghadelimiter_${randomUUID()}`
  const converted = commandValue(value)
  if (name.includes(delimiter) || converted.includes(delimiter)) throw new Error(`Unexpected input: name or value contains the delimiter "${delimiter}"`)
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`)
  appendFileSync(file, `${name}<<${delimiter}${EOL}${converted}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' })
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function warning(message: string | Error): void {
  issueCommand('warning', {}, message instanceof Error ? message.toString() : message)
}

export function error(message: string | Error): void {
  issueCommand('error', {}, message instanceof Error ? message.toString() : message)
}

/** Fails the step: exit code 1 and the message as an error annotation. */
export function setFailed(message: string | Error): void {
  process.exitCode = 1
  error(message)
}

/** Masks the value in the rest of the log. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret)
}

export function startGroup(name: string): void {
  issueCommand('group', {}, name)
}

export function endGroup(): void {
  issueCommand('endgroup', {}, '')
}

/** The job summary: text added, then appended to GITHUB_STEP_SUMMARY. */
export const summary = {
  buffer: '',
  addRaw(text: string, addEOL = false) {
    this.buffer += addEOL ? text + EOL : text
    return this
  },
  async write() {
    const file = process.env.GITHUB_STEP_SUMMARY
    if (!file) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.')
    await fs.access(file, constants.R_OK | constants.W_OK).catch(() => {
      throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`)
    })
    await fs.appendFile(file, this.buffer, { encoding: 'utf8' })
    this.buffer = ''
    return this
  }
}
