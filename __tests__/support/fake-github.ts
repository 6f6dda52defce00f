import { createServer, type Server } from 'node:http'

export interface RecordedRequest {
  method: string
  path: string
  body: any
}

/**
 * A local stand-in for the GitHub REST endpoints the action calls (deployments, deployment statuses,
 * issue comments), answering with the shapes GitHub documents; a real Octokit talks to it over HTTP.
 */
export interface FakeGitHub {
  baseUrl: string
  requests: RecordedRequest[]
  deployments: { id: number; environment: string; ref: string; transient_environment: boolean; production_environment: boolean; statuses: any[] }[]
  comments: { id: number; issue: number; body: string }[]
  /** Pull requests GET /repos/{owner}/{repo}/pulls/{n} answers with (head and base repositories, as GitHub shows them). */
  pulls: Record<number, { head: { repo: { full_name: string; fork: boolean } | null; sha: string }; base: { repo: { full_name: string } } }>
  /** Makes every request to paths matching this answer with the status (e.g. 403 for a token without permission). */
  failWith(pattern: RegExp, status: number): void
  close(): Promise<void>
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const requests: RecordedRequest[] = []
  const deployments: FakeGitHub['deployments'] = []
  const comments: FakeGitHub['comments'] = []
  const failures: [RegExp, number][] = []
  const pulls: FakeGitHub['pulls'] = {}
  let nextId = 1000
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const body = raw ? JSON.parse(raw) : undefined
      requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, body })
      const send = (status: number, data: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(data))
      }
      const failure = failures.find(([re]) => re.test(url.pathname))
      if (failure) return send(failure[1], { message: 'Resource not accessible by integration' })
      let m: RegExpExecArray | null
      if (req.method === 'POST' && (m = /^\/repos\/[^/]+\/[^/]+\/deployments$/.exec(url.pathname))) {
        const d = { id: nextId++, environment: body.environment, ref: body.ref, transient_environment: body.transient_environment, production_environment: body.production_environment, statuses: [] }
        deployments.push(d)
        return send(201, { ...d, statuses: undefined })
      }
      if (req.method === 'GET' && /^\/repos\/[^/]+\/[^/]+\/deployments$/.test(url.pathname)) {
        const env = url.searchParams.get('environment')
        const list = deployments.filter((d) => !env || d.environment === env).reverse()
        return send(
          200,
          list.slice(0, Number(url.searchParams.get('per_page') ?? 30)).map((d) => ({ ...d, statuses: undefined }))
        )
      }
      if (req.method === 'POST' && (m = /^\/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/.exec(url.pathname))) {
        const d = deployments.find((x) => x.id === Number(m![1]))
        if (!d) return send(404, { message: 'Not Found' })
        const status = { id: nextId++, ...body }
        d.statuses.push(status)
        return send(201, status)
      }
      if (req.method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/.exec(url.pathname))) {
        const pr = pulls[Number(m[1])]
        return pr ? send(200, { number: Number(m[1]), state: 'open', ...pr }) : send(404, { message: 'Not Found' })
      }
      if (req.method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname))) {
        return send(
          200,
          comments.filter((c) => c.issue === Number(m![1])).map((c) => ({ id: c.id, body: c.body }))
        )
      }
      if (req.method === 'POST' && (m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname))) {
        const c = { id: nextId++, issue: Number(m[1]), body: body.body }
        comments.push(c)
        return send(201, { id: c.id, body: c.body })
      }
      if (req.method === 'PATCH' && (m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname))) {
        const c = comments.find((x) => x.id === Number(m![1]))
        if (!c) return send(404, { message: 'Not Found' })
        c.body = body.body
        return send(200, { id: c.id, body: c.body })
      }
      send(404, { message: `fake GitHub has no ${req.method} ${url.pathname}` })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    deployments,
    comments,
    pulls,
    failWith: (pattern, status) => void failures.push([pattern, status]),
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}
