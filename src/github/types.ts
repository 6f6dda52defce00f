import type { getOctokit } from '@actions/github'

/** An authenticated REST client; tests give one pointed at a local fake GitHub. */
export type Octokit = ReturnType<typeof getOctokit>

export interface RepoRef {
  owner: string
  repo: string
}

/** What the action knows about the workflow run that started it. */
export interface GitHubRun {
  repo?: RepoRef
  eventName: string
  sha: string
  ref: string
  /** The webhook payload of the event (pull_request events carry the pull request). */
  payload: Record<string, any>
  /** A link to the run's log, for deployment statuses. */
  runUrl?: string
}
