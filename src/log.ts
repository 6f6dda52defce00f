import * as core from './runner.js'
import { safeLogLines } from './untrusted.js'

/** Where the action's timeline goes: the runner's log in production, memory in tests. */
export interface Logger {
  info(line: string): void
  warning(line: string): void
  error(line: string): void
  startGroup(name: string): void
  endGroup(): void
}

export const actionsLogger: Logger = {
  // core.info prints the text as is (warning and error escape line breaks themselves): no line of it may be a command.
  info: (line) => core.info(safeLogLines(line)),
  warning: (line) => core.warning(line),
  error: (line) => core.error(line),
  startGroup: (name) => core.startGroup(name),
  endGroup: () => core.endGroup()
}

export function memoryLogger(): Logger & { lines: string[]; text(): string } {
  const lines: string[] = []
  return {
    lines,
    text: () => lines.join('\n'),
    info: (line) => void lines.push(line),
    warning: (line) => void lines.push(`warning: ${line}`),
    error: (line) => void lines.push(`error: ${line}`),
    startGroup: (name) => void lines.push(`::group::${name}`),
    endGroup: () => void lines.push('::endgroup::')
  }
}
