// moto answers CloudFormation's lists in one page where AWS pages them: the proxy splits moto's answers into
// AWS's pages (with a NextToken of its own that the next request hands back) and caps what AWS caps, so
// request counts and what a reader sees are AWS's. Page sizes: docs/fault-proxy.md ("Paging").
import { splitList, tagText } from './xml.mjs'

/** list: the answer's member list; key: the member field a token continues after (stable while the list grows). */
export const PAGED = {
  DescribeStackEvents: { list: 'StackEvents', size: 100, key: 'EventId' },
  ListStackResources: { list: 'StackResourceSummaries', size: 100, key: 'LogicalResourceId' },
  DescribeChangeSet: { list: 'Changes', size: 100, key: 'LogicalResourceId' },
  ListStacks: { list: 'StackSummaries', size: 100, key: 'StackId' }
}
/** Answers AWS cuts off without a token (DescribeStackResources: at most 100; ListStackResources pages). */
export const CAPPED = {
  DescribeStackResources: { list: 'StackResources', size: 100 }
}

const PREFIX = 'fault-proxy-page-'

const encode = (cursor) => PREFIX + Buffer.from(JSON.stringify(cursor)).toString('base64url')

function decode(token) {
  try {
    return JSON.parse(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/**
 * Takes the proxy's own NextToken out of a request (moto knows nothing of it) and returns where the page
 * starts; `changed` says the request body must be rebuilt.
 * @param {URLSearchParams} params
 */
export function pageRequest(operation, params) {
  if (!PAGED[operation]) return { changed: false }
  const token = params.get('NextToken')
  if (!token?.startsWith(PREFIX)) return { changed: false, cursor: token ? undefined : { offset: 0 } }
  params.delete('NextToken')
  return { changed: true, cursor: decode(token) ?? { offset: 0 } }
}

/** moto's one-page answer cut to the page AWS would give, with a NextToken when more follow. */
export function pageResponse(operation, cursor, body) {
  const capped = CAPPED[operation]
  if (capped) {
    const list = splitList(body, capped.list)
    return list && list.members.length > capped.size ? list.join(list.members.slice(0, capped.size)) : body
  }
  const paged = PAGED[operation]
  if (!paged || !cursor) return body
  const list = splitList(body, paged.list)
  if (!list) return body
  const { members } = list
  // The offset, unless the list moved under it (newer events on top): then right after the member named.
  let start = cursor.offset ?? 0
  if (cursor.after !== undefined && tagText(members[start - 1] ?? '', paged.key) !== cursor.after) {
    const at = members.findIndex((m) => tagText(m, paged.key) === cursor.after)
    if (at >= 0) start = at + 1
  }
  start = Math.min(start, members.length)
  const page = members.slice(start, start + paged.size)
  const more = start + paged.size < members.length
  let out = list.join(page).replace(/<NextToken>[^<]*<\/NextToken>|<NextToken\/>/, '')
  if (more) {
    const token = encode({ after: tagText(page.at(-1), paged.key), offset: start + paged.size })
    const close = `</${paged.list}>`
    const at = out.indexOf(close)
    out = `${out.slice(0, at + close.length)}<NextToken>${token}</NextToken>${out.slice(at + close.length)}`
  }
  return out
}
