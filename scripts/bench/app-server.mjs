// A local HTTP server standing in for the sample app (moto's APIs cannot be called over HTTP): each
// environment answers 200 under its own prefix, /blue/health, /green/health.
import { createServer } from 'node:http'

export async function startAppServer() {
  const server = createServer((req, res) => {
    const env = (req.url ?? '/').split('/')[1] ?? ''
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ ok: true, env }))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    url: (env) => `http://127.0.0.1:${port}/${env}`,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}
