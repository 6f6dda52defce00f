import type { GitHubRun, Octokit } from './types.js'

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

const CREDENTIALS = "its code would run with this workflow's AWS credentials"

/**
 * Why this run must not deploy, or undefined when it may: the code comes from a fork. Three events carry
 * foreign code: pull_request (the payload names the head repository), workflow_run (the triggering run's
 * head_repository) and issue_comment on a pull request (the payload does not say: the pull request is
 * looked up with the token, and without one, or when the lookup fails, the run is refused as unknowable).
 */
export async function forkRefusal(run: GitHubRun, allowForks: boolean, octokit?: Octokit): Promise<string | undefined> {
  if (allowForks) return undefined
  const pr = pullRequestOf(run)
  if (pr) return pr.fork ? `pull request #${pr.number} comes from ${pr.headRepo ?? 'a deleted fork'}, not ${pr.baseRepo ?? 'this repository'}: ${CREDENTIALS}` : undefined
  const wr = run.payload.workflow_run
  if (wr && typeof wr === 'object') return workflowRunRefusal(wr, run.payload.repository?.full_name ?? repoName(run))
  const issue = run.payload.issue
  if (issue && typeof issue === 'object' && issue.pull_request) return commentedPullRequestRefusal(run, Number(issue.number), octokit)
  return undefined
}

function repoName(run: GitHubRun): string | undefined {
  return run.repo ? `${run.repo.owner}/${run.repo.repo}` : undefined
}

function workflowRunRefusal(wr: Record<string, any>, base: string | undefined): string | undefined {
  const head = wr.head_repository
  const headName: string | undefined = head?.full_name
  const which = wr.id === undefined ? 'the workflow run' : `workflow run ${wr.id}`
  // No head repository (a deleted fork) or nothing to compare with: the code is of unknown origin.
  if (!headName || !base)
    return `${which}, which triggered this one, ran code of ${headName ?? 'an unknown (deleted?) repository'}, which cannot be shown to be ${base ?? 'this repository'}: ${CREDENTIALS}`
  if (head.fork === true || headName !== base) return `${which}, which triggered this one, ran code from the fork ${headName}, not ${base}: ${CREDENTIALS}`
  return undefined
}

async function commentedPullRequestRefusal(run: GitHubRun, number: number, octokit: Octokit | undefined): Promise<string | undefined> {
  const unknown = (why: string) =>
    `this run was started by a comment on pull request #${number}, and whether that pull request comes from a fork cannot be known (${why}): refused, since ${CREDENTIALS.replace('its', 'a fork’s')}`
  if (!octokit || !run.repo || !Number.isInteger(number)) return unknown(!octokit ? 'no github-token to look it up' : 'the event names no repository or number')
  let data: Record<string, any>
  try {
    data = (await octokit.rest.pulls.get({ ...run.repo, pull_number: number })).data as Record<string, any>
  } catch (err) {
    return unknown(`looking it up failed: ${(err as Error).message}`)
  }
  const headRepo: string | undefined = data.head?.repo?.full_name
  const baseRepo: string | undefined = data.base?.repo?.full_name ?? repoName(run)
  if (data.head?.repo?.fork === true || !headRepo || headRepo !== baseRepo) {
    return `pull request #${number} (commented on) comes from ${headRepo ?? 'a deleted fork'}, not ${baseRepo ?? 'this repository'}: ${CREDENTIALS}`
  }
  return undefined
}

/** The commit a deployment is for: the PR's head, else the run's commit. */
export function deploymentRef(run: GitHubRun): string {
  return pullRequestOf(run)?.headSha ?? run.sha
}
