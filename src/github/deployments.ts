import type { Octokit, RepoRef } from './types.js'

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error' | 'inactive'

export interface NewDeployment {
  ref: string
  environment: string
  description: string
  /** Previews: GitHub shows them as temporary environments. */
  transient: boolean
  production: boolean
}

/** Creates a GitHub deployment; returns its id (undefined when GitHub answered 202 without one). */
export async function createDeployment(octokit: Octokit, repo: RepoRef, d: NewDeployment): Promise<number | undefined> {
  const res = await octokit.rest.repos.createDeployment({
    ...repo,
    ref: d.ref,
    environment: d.environment,
    description: d.description.slice(0, 140),
    // The action deploys what the workflow checked out: no merge of the default branch, no status gate.
    auto_merge: false,
    required_contexts: [],
    transient_environment: d.transient,
    production_environment: d.production
  })
  return 'id' in res.data ? res.data.id : undefined
}

export async function setDeploymentStatus(
  octokit: Octokit,
  repo: RepoRef,
  deploymentId: number,
  s: { state: DeploymentState; environmentUrl?: string; logUrl?: string; description?: string }
): Promise<void> {
  await octokit.rest.repos.createDeploymentStatus({
    ...repo,
    deployment_id: deploymentId,
    state: s.state,
    environment_url: s.environmentUrl,
    log_url: s.logUrl,
    description: s.description?.slice(0, 140),
    // A new successful deployment marks the environment's older ones inactive.
    auto_inactive: true
  })
}

/** Marks the newest deployment of an environment inactive (the environment was destroyed). */
export async function deactivateEnvironment(octokit: Octokit, repo: RepoRef, environment: string, logUrl?: string): Promise<number | undefined> {
  const list = await octokit.rest.repos.listDeployments({ ...repo, environment, per_page: 1 })
  const newest = list.data[0]
  if (!newest) return undefined
  await setDeploymentStatus(octokit, repo, newest.id, { state: 'inactive', logUrl, description: 'Environment destroyed' })
  return newest.id
}
