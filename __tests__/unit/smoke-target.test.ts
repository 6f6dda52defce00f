import { jest } from '@jest/globals'
import { fakeClock } from '../../src/clock.js'
import { memoryLogger } from '../../src/log.js'
import { runSmokeChecks } from '../../src/smoke.js'
import { createServer } from 'node:http'
import { connectLookup, guardedFetch, isLinkLocalOrMetadata, refusedTarget, type Lookup } from '../../src/smoke-target.js'

const noDns: Lookup = async () => []
const smoke = { paths: ['/latest/meta-data/iam/security-credentials/'], expectStatus: [200], retries: 2, timeoutSeconds: 1, allowLinkLocal: false }

describe('smoke targets: link-local and instance metadata addresses', () => {
  it('are recognised in every spelling', () => {
    for (const a of ['169.254.169.254', '169.254.170.2', '169.254.0.1', 'fd00:ec2::254', 'fe80::1', 'febf::1', '::ffff:169.254.169.254'])
      expect({ a, bad: isLinkLocalOrMetadata(a) }).toEqual({ a, bad: true })
    for (const a of ['127.0.0.1', '10.0.0.1', '169.253.255.255', '169.255.0.1', '::1', 'fd00:ec2::253', 'fec0::1', '2001:db8::1', 'not-an-ip'])
      expect({ a, bad: isLinkLocalOrMetadata(a) }).toEqual({ a, bad: false })
  })

  it('are refused as literal hosts, hex or bracketed forms included, and through a name that resolves to one', async () => {
    expect(await refusedTarget('http://169.254.169.254/latest/meta-data/', noDns)).toMatch(
      /^169\.254\.169\.254 is a link-local or instance metadata address \(refused unless smoke-allow-link-local: true\)$/
    )
    expect(await refusedTarget('http://0xa9fea9fe/', noDns)).toMatch(/^169\.254\.169\.254 is a link-local/)
    expect(await refusedTarget('http://[fd00:ec2::254]/', noDns)).toMatch(/^fd00:ec2::254 is/)
    expect(await refusedTarget('http://[fe80::1]:8080/', noDns)).toMatch(/^fe80::1 is/)
    const lookup: Lookup = async (host) => (host === 'metadata.evil.example' ? ['203.0.113.5', '169.254.169.254'] : ['203.0.113.5'])
    expect(await refusedTarget('https://metadata.evil.example/x', lookup)).toBe(
      'metadata.evil.example resolves to 169.254.169.254, which is a link-local or instance metadata address (refused unless smoke-allow-link-local: true)'
    )
    expect(await refusedTarget('https://app.example/x', lookup)).toBeUndefined()
    expect(await refusedTarget('http://127.0.0.1:8080/health', noDns)).toBeUndefined()
    expect(await refusedTarget('file:///etc/passwd', noDns)).toMatch(/only http and https/)
  })

  it('a refused URL is never requested; smoke-allow-link-local lets it through', async () => {
    const log = memoryLogger()
    const fetchSpy = jest.fn(async () => new Response('creds', { status: 200 }))
    const [r] = await runSmokeChecks('http://169.254.169.254', smoke, { log, clock: fakeClock(), fetch: fetchSpy as unknown as typeof fetch, lookup: noDns })
    expect(fetchSpy).not.toHaveBeenCalled()
    expect(r).toMatchObject({ ok: false, attempts: 0 })
    expect(r.error).toMatch(/^not requested: 169\.254\.169\.254 is a link-local or instance metadata address/)
    expect(log.text()).toMatch(/✘ GET http:\/\/169\.254\.169\.254\/latest\/meta-data\/iam\/security-credentials\/ → no response \(not requested: /)

    const allowed = await runSmokeChecks('http://169.254.169.254', { ...smoke, allowLinkLocal: true }, { log, clock: fakeClock(), fetch: fetchSpy as unknown as typeof fetch, lookup: noDns })
    expect(fetchSpy).toHaveBeenCalledTimes(1)
    expect(allowed[0].ok).toBe(true)
  })

  it('a redirect is the answer, never followed (so it cannot lead past the check)', async () => {
    const seen: RequestInit[] = []
    const redirecting = (async (_url: string, init: RequestInit) => {
      seen.push(init)
      return new Response('', { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } })
    }) as unknown as typeof fetch
    const [r] = await runSmokeChecks('http://127.0.0.1:1', { ...smoke, retries: 0 }, { log: memoryLogger(), clock: fakeClock(), fetch: redirecting, lookup: noDns })
    expect(seen[0].redirect).toBe('manual')
    expect(r).toMatchObject({ ok: false, status: 302, error: 'status 302, expected 200' })
  })

  it('logs a mismatching body only as a short, sanitized excerpt', async () => {
    const log = memoryLogger()
    const secret = `{"AccessKeyId":"ASIA${'X'.repeat(16)}","SecretAccessKey":"${'s'.repeat(40)}"}\n::add-mask::x`
    const body = (async () => new Response(secret, { status: 200 })) as unknown as typeof fetch
    const [r] = await runSmokeChecks('http://127.0.0.1:1', { ...smoke, retries: 0, expectBody: /^healthy$/ }, { log, clock: fakeClock(), fetch: body, lookup: noDns })
    const quoted = /: (.*)$/.exec(r.error!)![1]
    expect(quoted).toBe(`${secret.slice(0, 60)}…`)
    expect(log.text()).not.toContain('s'.repeat(40))
  })
})

describe('the connection’s own address check (no DNS rebinding between the check and the request)', () => {
  const answers = (addresses: string[]) =>
    ((_host: string, _opts: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) =>
      cb(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
      )) as never

  it('refuses to connect when the name now resolves to a metadata address, and connects otherwise', async () => {
    const call = (addresses: string[], all: boolean) =>
      new Promise<{ err: (Error & { code?: string }) | null; address: unknown }>((resolve) => connectLookup(answers(addresses))('rebind.example', { all }, (err, address) => resolve({ err, address })))
    const refused = await call(['203.0.113.5', '169.254.169.254'], false)
    expect(refused.err?.code).toBe('ELINKLOCAL')
    expect(refused.err?.message).toBe('rebind.example resolves to 169.254.169.254, a link-local or instance metadata address (refused unless smoke-allow-link-local: true)')
    expect((await call(['fd00:ec2::254'], true)).err?.code).toBe('ELINKLOCAL')
    expect(await call(['203.0.113.5'], false)).toEqual({ err: null, address: '203.0.113.5' })
    expect((await call(['203.0.113.5', '2001:db8::1'], true)).address).toHaveLength(2)
  })

  it('the guarded fetch reaches an allowed host by name, through that lookup', async () => {
    const server = createServer((_req, res) => res.end('ok'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as { port: number }).port
      const guarded = await guardedFetch()
      const res = await guarded(`http://localhost:${port}/health`, { redirect: 'manual' })
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('ok')
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
