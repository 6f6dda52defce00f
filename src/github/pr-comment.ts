import type { Octokit, RepoRef } from './types.js'

/** The hidden line that makes a comment ours, so each push edits it instead of adding another. */
export function commentMarker(key: string): string {
  return `<!-- bluegreen-action:${key} -->`
}

/** Creates the pull request's comment for `key`, or updates it when a previous run made one. */
export async function upsertPullRequestComment(
  octokit: Octokit,
  repo: RepoRef,
  issueNumber: number,
  key: string,
  body: string,
  opts: { onlyUpdate?: boolean } = {}
): Promise<{ id: number; created: boolean } | undefined> {
  const marker = commentMarker(key)
  const full = `${marker}\n${body}`
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 })
  const existing = comments.find((c) => c.body?.includes(marker))
  if (existing) {
    await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: full })
    return { id: existing.id, created: false }
  }
  if (opts.onlyUpdate) return undefined
  const created = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: full })
  return { id: created.data.id, created: true }
}
