/** The README's first command on a fresh clone: `npm run demo` runs a blue → green release on moto. */
import { spawn } from 'node:child_process'
import { ROOT } from '../support/action-runner.js'

it('npm run demo releases blue, then green, through the built action and stops the emulator', async () => {
  const child = spawn(process.execPath, ['scripts/demo.mjs'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (c: Buffer) => (out += c))
  child.stderr.on('data', (c: Buffer) => (out += c))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  expect(out).not.toMatch(/demo failed/)
  expect(code).toBe(0)
  expect(out).toMatch(/━━━━ Release 1: blue goes live ━━━━/)
  expect(out).toMatch(/active-stack\s+shop-green/)
  expect(out).toMatch(/previous-stack\s+shop-blue/)
  expect(out).toMatch(/## ✅ bluegreen-action · extra-env · shop/)
  expect(out).toMatch(/api\.demo\.example\.com now maps to REST API \w+ \(shop-green\); blue was shop-blue\./)
  // what looks like failure but is the emulator is explained before it appears
  const notes = out.indexOf('What in the log below comes from the emulator, not from a problem')
  expect(notes).toBeGreaterThan(-1)
  // (this line goes once the owner lookup no longer asks moto by physical id; while it is printed, it comes after the note)
  const none = out.indexOf('Stack with id None')
  expect(none === -1 || none > notes).toBe(true)
  expect(out.indexOf('DomainMapping')).toBeGreaterThan(notes)
  // the first release has nothing live before it: its environment is the first one, not a "green (new)"
  expect(out).toMatch(/\| 🟢 first environment \(nothing was live\) \| shop-blue \|/)
  expect(out).toMatch(/\| 🟢 green \(new\) \| shop-green \|/)
}, 120_000)
