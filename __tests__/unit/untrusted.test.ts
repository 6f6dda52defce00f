/**
 * The sanitizers on their own, and CloudFormation event reasons (which a custom resource of a pull request's
 * template writes) through the real runner logger (src/runner.ts, @actions/core's formats), from aws-sdk-client-mock answers: moto cannot
 * produce an event reason of the template's choosing.
 */
import { mockClient } from 'aws-sdk-client-mock'
import { CloudFormationClient, DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation'
import { createClients } from '../../src/aws/all-clients.js'
import { EventStream } from '../../src/cloudformation/events.js'
import { rootCause } from '../../src/cloudformation/root-cause.js'
import { createContext } from '../../src/context.js'
import { actionsLogger } from '../../src/log.js'
import { code, escapeCell, markdownTable, Report } from '../../src/report.js'
import { excerpt, mdCode, mdFence, mdInline, untrusted } from '../../src/untrusted.js'

const HOSTILE = 'boom\n::add-mask::secret\r::stop-commands::tok\r\n::warning::pwn\n  ::endgroup::\n##[error]legacy\u2028::notice::x'
const isCommand = (line: string) => /^\s*(::|##\[)/.test(line)

/** What the runner would read from stdout while fn runs, line by line as it splits them. */
async function stdoutLines(fn: () => Promise<void> | void): Promise<string[]> {
  const chunks: string[] = []
  const write = process.stdout.write
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(String(chunk))
    return true
  }) as typeof process.stdout.write
  try {
    await fn()
  } finally {
    process.stdout.write = write
  }
  return chunks
    .join('')
    .split(/\r\n|\r|\n/)
    .filter((l) => l !== '')
}

describe('untrusted text in the log', () => {
  it('stays on one line, never starts a command, shows what it said', () => {
    const s = untrusted(HOSTILE)
    expect(s).not.toMatch(/[\r\n\u2028]/)
    expect(s).toBe('boom⏎::add-mask::secret⏎::stop-commands::tok⏎::warning::pwn⏎  ::endgroup::⏎##[error]legacy⏎::notice::x')
    expect(isCommand(untrusted('::endgroup::'))).toBe(false)
    expect(isCommand(untrusted('  ##[group]x'))).toBe(false)
    expect(untrusted('\u001b[2Khidden')).toBe('\\x1b[2Khidden')
    expect(excerpt('x'.repeat(100))).toBe(`${'x'.repeat(60)}…`)
  })

  it('event lines and root causes from a hostile reason and logical id issue no command through the runner logger', async () => {
    const cfn = mockClient(CloudFormationClient)
    cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: [
        {
          EventId: 'e2',
          StackId: 'stack',
          StackName: 'app',
          LogicalResourceId: '::endgroup::',
          ResourceType: 'Custom::X',
          ResourceStatus: 'CREATE_FAILED',
          ResourceStatusReason: HOSTILE,
          Timestamp: new Date(2)
        },
        { EventId: 'e1', StackId: 'stack', StackName: 'app', LogicalResourceId: 'Thing', ResourceType: 'Custom::X', ResourceStatus: 'CREATE_IN_PROGRESS', Timestamp: new Date(1) }
      ]
    })
    const ctx = createContext({ clients: createClients({ region: 'us-east-1', maxAttempts: 1 }), log: actionsLogger })
    const stream = new EventStream(ctx, 'stack')
    const lines = await stdoutLines(async () => {
      await stream.poll()
      const cause = rootCause(stream.events)!
      ctx.log.info(`Root cause: ${cause}`)
      ctx.log.warning(`warned: ${HOSTILE}`)
      ctx.log.info(`a caller that forgot to sanitize: ${HOSTILE}`) // the logger's last guard
    })
    cfn.restore()
    expect(lines.length).toBeGreaterThan(3)
    expect(lines.filter((l) => isCommand(l) && !l.startsWith('::warning::warned: boom%0A'))).toEqual([])
    expect(lines.join('\n')).toContain('CREATE_FAILED  boom⏎::add-mask::secret')
  })
})

describe('untrusted text in markdown', () => {
  it('a code span cannot be closed by backticks, and neither a row, a tag nor a mention can form', () => {
    expect(mdCode('a`b')).toBe('`` a`b ``')
    expect(mdCode('``x')).toBe('``` ``x ```')
    expect(mdCode('@team <img src=x>')).toBe('`@\u200dteam <\u200bimg src=x>`')
    expect(mdCode('x | y\nz')).toBe('`x \\| y⏎z`')
    expect(escapeCell('@team <img src=x> &#64;a | b\nc')).toBe('@\u200dteam &lt;img src=x&gt; &amp;#64;a \\| b<br>c')
    const table = markdownTable(['url'], [[code('http://x/\n| injected | row |')]])
    expect(table.split('\n')).toHaveLength(3)
  })

  it('prose and code blocks quoting untrusted text: no tag, mention, open span or early end of the fence', () => {
    expect(mdInline('http://x/@team <img src=x> `a | b`\n::warning::x')).toBe('http://x/@\u200dteam &lt;img src=x&gt; \\`a \\| b\\`⏎::warning::x')
    const block = mdFence('diff', ['+ GET /a', '+ GET /```\n@team'])
    expect(block[0]).toBe('````diff')
    expect(block.at(-1)).toBe('````')
    expect(block).toHaveLength(4) // the line break inside a line is no new line
  })

  it('the job summary’s error quote renders no tag or mention', () => {
    const r = new Report('t')
    r.error = 'Deploy failed\nRoot cause: Custom::X CREATE_FAILED: <img src=https://evil/x.png> @org/team'
    const md = r.toMarkdown()
    expect(md).toContain('> Root cause: Custom::X CREATE_FAILED: &lt;img src=https://evil/x.png&gt; @\u200dorg/team')
    expect(md).not.toMatch(/<img|@org/)
  })
})
