import type { Context } from '../context.js'
import { errorMessage } from '../errors.js'
import { createDeployment, deactivateEnvironment, setDeploymentStatus, type DeploymentState } from '../github/deployments.js'
import { upsertPullRequestComment } from '../github/pr-comment.js'
import { deploymentRef, pullRequestOf } from '../github/pull-request.js'
import type { GitHubRun, Octokit } from '../github/types.js'

/**
 * GitHub deployments and the pull request comment for one run. GitHub is the report, not the deployment:
 * a failed call (missing permission, outage) is a warning and never stops or fails the AWS work.
 */
export class GitHubTracker {
  private deploymentId?: number

  constructor(
    private readonly ctx: Context,
    private readonly run: GitHubRun,
    private readonly octokit?: Octokit
  ) {}

  private get enabled(): boolean {
    return !!this.octokit && !!this.run.repo && !this.ctx.dryRun
  }

  private async guard<T>(what: string, fn: (octokit: Octokit) => Promise<T>): Promise<T | undefined> {
    if (!this.enabled) return undefined
    try {
      return await fn(this.octokit!)
    } catch (err) {
      this.ctx.log.warning(`GitHub: could not ${what}: ${errorMessage(err)} (the deployment itself goes on)`)
      return undefined
    }
  }

  async start(environment: string, opts: { transient: boolean; production: boolean; description: string }): Promise<void> {
    const id = await this.guard(`create a deployment for ${environment}`, (o) => createDeployment(o, this.run.repo!, { ref: deploymentRef(this.run), environment, ...opts }))
    if (id === undefined) return
    this.deploymentId = id
    this.ctx.setOutput('deployment-id', String(id))
    this.ctx.log.info(`GitHub deployment ${id} created for environment ${environment}.`)
    await this.status('in_progress', undefined, opts.description)
  }

  async status(state: DeploymentState, environmentUrl?: string, description?: string): Promise<void> {
    const id = this.deploymentId
    if (id === undefined) return
    await this.guard(`set deployment ${id} to ${state}`, (o) => setDeploymentStatus(o, this.run.repo!, id, { state, environmentUrl, logUrl: this.run.runUrl, description }))
  }

  async deactivate(environment: string): Promise<void> {
    const id = await this.guard(`mark environment ${environment} inactive`, (o) => deactivateEnvironment(o, this.run.repo!, environment, this.run.runUrl))
    if (id !== undefined) this.ctx.log.info(`GitHub deployment ${id} of ${environment} marked inactive.`)
  }

  /** One comment per pull request and environment, edited on every push. */
  async comment(key: string, body: string, opts: { onlyUpdate?: boolean } = {}): Promise<void> {
    const pr = pullRequestOf(this.run)
    if (!pr) return
    const res = await this.guard(`comment on pull request #${pr.number}`, (o) => upsertPullRequestComment(o, this.run.repo!, pr.number, key, body, opts))
    if (res) this.ctx.log.info(`${res.created ? 'Commented' : 'Updated the comment'} on pull request #${pr.number}.`)
  }
}
