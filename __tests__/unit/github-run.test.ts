import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runFromEnv } from '../../src/github/run.js'

describe('runFromEnv', () => {
  it('reads the run and its event payload from the runner environment', () => {
    const event = join(mkdtempSync(join(tmpdir(), 'gh-event-')), 'event.json')
    writeFileSync(event, JSON.stringify({ pull_request: { number: 12, head: { repo: { fork: true } } } }))
    const run = runFromEnv({
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_SHA: 'f'.repeat(40),
      GITHUB_REF: 'refs/pull/12/merge',
      GITHUB_RUN_ID: '99',
      GITHUB_SERVER_URL: 'https://github.example.com'
    })
    expect(run).toEqual({
      repo: { owner: 'acme', repo: 'shop' },
      eventName: 'pull_request',
      sha: 'f'.repeat(40),
      ref: 'refs/pull/12/merge',
      payload: { pull_request: { number: 12, head: { repo: { fork: true } } } },
      runUrl: 'https://github.example.com/acme/shop/actions/runs/99'
    })
  })

  it('outside a runner: no repository, an empty payload', () => {
    expect(runFromEnv({})).toEqual({ repo: undefined, eventName: '', sha: '', ref: '', payload: {}, runUrl: undefined })
  })
})
