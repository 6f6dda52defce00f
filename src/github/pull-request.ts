import type { GitHubRun } from './types.js'

export interface PullRequestInfo {
  number: number
  headSha?: string
  headRepo?: string
  baseRepo?: string
  fork: boolean
}

/** The pull request of a pull_request / pull_request_target event, or undefined for other events. */
export function pullRequestOf(run: GitHubRun): PullRequestInfo | undefined {
  const pr = run.payload.pull_request
  if (!pr || typeof pr.number !== 'number') return undefined
  const headRepo: string | undefined = pr.head?.repo?.full_name
  const baseRepo: string | undefined = pr.base?.repo?.full_name
  return {
    number: pr.number,
    headSha: pr.head?.sha,
    headRepo,
    baseRepo,
    // A deleted fork has no head repo at all: treat it as a fork, its code is still foreign.
    fork: pr.head?.repo?.fork === true || !pr.head?.repo || (!!headRepo && !!baseRepo && headRepo !== baseRepo)
  }
}

/** Why a preview of this run must not be deployed, or undefined when it may. */
export function forkRefusal(run: GitHubRun, allowForks: boolean): string | undefined {
  const pr = pullRequestOf(run)
  if (!pr || !pr.fork || allowForks) return undefined
  return `pull request #${pr.number} comes from ${pr.headRepo ?? 'a deleted fork'}, not ${pr.baseRepo ?? 'this repository'}: its code would run with this workflow's AWS credentials`
}

/** The commit a deployment is for: the PR's head, else the run's commit. */
export function deploymentRef(run: GitHubRun): string {
  return pullRequestOf(run)?.headSha ?? run.sha
}
