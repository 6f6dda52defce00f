/**
 * Text a pull request controls (its template, the stack outputs and event reasons it produces, the bodies
 * its app returns) is hostile. The runner obeys any stdout line that starts, after whitespace, with `::`
 * (or the legacy `##[`): `::add-mask::`, `::stop-commands::`, `::endgroup::`, `::warning::`. It splits
 * lines on CR and LF. GitHub renders markdown in the job summary and PR comments, where `@team` notifies,
 * `<img>` loads, and `|` or a newline makes a new table row. Every untrusted string goes through one of
 * the functions below before it is logged or rendered.
 */

const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g
// C0 controls but tab (ANSI escapes could rewrite what the log shows), DEL and the C1 range.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g
const COMMAND_START = /^(\s*)(::|##\[)/

/** A visible stand-in for a line break inside untrusted text: it keeps the text on one line. */
export const NEWLINE_MARK = '⏎'

function hex(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
}

/**
 * Untrusted text made safe for one log line: line breaks become ⏎, control characters \xNN, a leading
 * `::` or `##[` is broken by a zero-width space (so even at the start of a line it is no command), and
 * text longer than `max` is cut with an ellipsis.
 */
export function untrusted(text: unknown, max = 2000): string {
  let s = String(text ?? '')
  if (s.length > max) s = `${s.slice(0, max)}…`
  s = s.replace(LINE_BREAKS, NEWLINE_MARK).replace(CONTROLS, hex)
  return neutraliseCommand(s)
}

/** A short excerpt of untrusted text (a smoke response body), sanitized: enough to recognise, not to exfiltrate. */
export function excerpt(text: unknown, max = 60): string {
  return untrusted(text, max)
}

function neutraliseCommand(line: string): string {
  return line.replace(COMMAND_START, (_m, space: string, cmd: string) => `${space}\u200b${cmd === '::' ? ':\u200b:' : '#\u200b#['}`)
}

/**
 * The last guard of the logger: the action's own line may embed untrusted text that a caller forgot to
 * sanitize. Every physical line it would print that looks like a workflow command is neutralised.
 */
export function safeLogLines(message: string): string {
  return message
    .split(/\r\n|\r|\n/)
    .map(neutraliseCommand)
    .join('\n')
}

/**
 * Untrusted text as markdown inline code: one line, `|` escaped (it ends a table cell even inside a code
 * span), a backtick fence longer than any backtick run in the text (so the text cannot close the span),
 * and `<` and `@` followed by an invisible joiner, so neither a tag nor a mention can form even where a
 * renderer ignores the span. (Entities are not decoded inside code, so `&lt;` would show as such.)
 */
export function mdCode(text: unknown, max = 500): string {
  const s = untrusted(text, max).replace(/\|/g, '\\|').replace(/</g, '<\u200b').replace(/@/g, '@\u200d')
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = s.startsWith('`') || s.endsWith('`') || longest > 0 ? ' ' : ''
  return `${fence}${pad}${s}${pad}${fence}`
}

/**
 * Untrusted text inside the action's own markdown prose or a table cell: one line, no tag (`<` `>` as
 * entities, and `&` before an entity, which GitHub would decode), no mention (`@` + zero-width joiner), no
 * code span it could leave open (backticks escaped), no cell it could end (`|` escaped).
 */
export function mdInline(text: unknown, max = 2000): string {
  return untrusted(text, max)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '@\u200d')
    .replace(/([`|])/g, '\\$1')
}

/** A fenced code block that no line of untrusted text can close: the fence is longer than any backtick run in it. */
export function mdFence(info: string, lines: string[]): string[] {
  const safe = lines.map((l) => untrusted(l))
  const longest = Math.max(0, ...safe.flatMap((l) => l.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return [`${fence}${info}`, ...safe, fence]
}

/**
 * Untrusted text as plain markdown (outside code): one line, every markdown and HTML metacharacter
 * backslash-escaped or made an entity, and `@` broken so it never mentions anyone.
 */
export function mdText(text: unknown, max = 500): string {
  return untrusted(text, max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1')
    .replace(/@/g, '@\u200d')
}
