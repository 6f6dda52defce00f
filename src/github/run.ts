import * as github from '@actions/github'
import type { GitHubRun } from './types.js'

/** The run as @actions/github reads it from the runner's environment. */
export function runFromActions(context: typeof github.context = github.context): GitHubRun {
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/')
  return {
    repo: owner && repo ? { owner, repo } : undefined,
    eventName: context.eventName ?? '',
    sha: context.sha ?? '',
    ref: context.ref ?? '',
    payload: (context.payload ?? {}) as Record<string, any>,
    runUrl: owner && repo && context.runId ? `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}` : undefined
  }
}
