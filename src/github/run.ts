import { existsSync, readFileSync } from 'node:fs'
import type { GitHubRun } from './types.js'

/**
 * The run as the runner describes it in its environment (what @actions/github's context reads), without
 * loading @actions/github: only a run with a github-token needs its client, and it is loaded then.
 */
export function runFromEnv(env: NodeJS.ProcessEnv = process.env): GitHubRun {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  const eventPath = env.GITHUB_EVENT_PATH
  const payload = eventPath && existsSync(eventPath) ? (JSON.parse(readFileSync(eventPath, 'utf8')) as Record<string, any>) : {}
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com'
  return {
    repo: owner && repo ? { owner, repo } : undefined,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    payload,
    runUrl: owner && repo && env.GITHUB_RUN_ID ? `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined
  }
}
