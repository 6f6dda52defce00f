/**
 * src/runner.ts speaks the runner's protocol as @actions/core does: the same bytes on stdout for every
 * command the action issues, the same GITHUB_OUTPUT blocks and job summary (the delimiters are random in
 * both, so they are compared as a pattern).
 */
import * as core from '@actions/core'
import { jest } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as runner from '../../src/runner.js'

const TRICKY = ['plain', 'two\nlines\r\n', '100% done: a,b', '::add-mask::x', '', 'ünïcode ⏎ 🚀']

function stdoutOf(work: () => void): string {
  const written: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  })
  try {
    work()
  } finally {
    spy.mockRestore()
  }
  return written.join('')
}

const exitCode = process.exitCode
afterEach(() => {
  process.exitCode = exitCode
})

describe('the runner protocol (src/runner.ts) against @actions/core', () => {
  it.each(['info', 'warning', 'error', 'setSecret', 'startGroup', 'setFailed'] as const)('%s writes the same bytes', (name) => {
    for (const text of TRICKY) {
      const ours = stdoutOf(() => (runner[name] as (m: string) => void)(text))
      const theirs = stdoutOf(() => (core[name] as (m: string) => void)(text))
      expect([name, text, ours]).toEqual([name, text, theirs])
    }
    expect(stdoutOf(() => runner.endGroup())).toBe(stdoutOf(() => core.endGroup()))
  })

  it('fails the step with exit code 1, as setFailed does', () => {
    stdoutOf(() => runner.setFailed('boom'))
    expect(process.exitCode).toBe(1)
  })

  it('reads inputs as the runner passes them, trimmed', () => {
    process.env.INPUT_STACK_NAME = '  app \n'
    process.env['INPUT_SOME_NAME'] = 'x'
    expect([runner.getInput('stack-name'), runner.getInput('stack_name'), runner.getInput('some name'), runner.getInput('absent')]).toEqual([
      core.getInput('stack-name'),
      core.getInput('stack_name'),
      core.getInput('some name'),
      ''
    ])
    delete process.env.INPUT_STACK_NAME
    delete process.env['INPUT_SOME_NAME']
  })

  it('writes GITHUB_OUTPUT blocks and the job summary as @actions/core does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runner-'))
    const saved = { out: process.env.GITHUB_OUTPUT, summary: process.env.GITHUB_STEP_SUMMARY }
    const files = { ours: join(dir, 'ours'), theirs: join(dir, 'theirs'), sumOurs: join(dir, 'sum-ours'), sumTheirs: join(dir, 'sum-theirs') }
    for (const f of Object.values(files)) writeFileSync(f, '')
    try {
      for (const [file, impl] of [
        [files.ours, runner],
        [files.theirs, core]
      ] as const) {
        process.env.GITHUB_OUTPUT = file
        for (const value of TRICKY) impl.setOutput('stack-outputs', value)
        impl.setOutput('json', { a: 1 } as unknown as string)
      }
      const normal = (f: string) => readFileSync(f, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIM')
      expect(normal(files.ours)).toBe(normal(files.theirs))
      process.env.GITHUB_STEP_SUMMARY = files.sumOurs
      await runner.summary.addRaw('# title\n| a |', true).write()
      process.env.GITHUB_STEP_SUMMARY = files.sumTheirs
      await core.summary.addRaw('# title\n| a |', true).write()
      expect(readFileSync(files.sumOurs, 'utf8')).toBe(readFileSync(files.sumTheirs, 'utf8'))
    } finally {
      process.env.GITHUB_OUTPUT = saved.out
      process.env.GITHUB_STEP_SUMMARY = saved.summary
      if (saved.out === undefined) delete process.env.GITHUB_OUTPUT
      if (saved.summary === undefined) delete process.env.GITHUB_STEP_SUMMARY
    }
  })
})
