/**
 * The README's first command on a fresh clone: `npm run demo` runs a blue → green release on moto, then a
 * second app whose release swaps a CloudFront distribution's origin (router cloudfront).
 */
import { spawn } from 'node:child_process'
import { ROOT } from '../support/action-runner.js'

it('npm run demo releases blue, then green, through the built action, then swaps a CloudFront origin, and stops the emulator', async () => {
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
  // the second app: its first environment, the distribution in front of it, then a release that swaps the origin
  expect(out).toMatch(/━━━━ Release 3: www-blue, the first environment of www ━━━━/)
  const created = /The platform team creates CloudFront distribution (\w+) \(www\.demo\.example\.com\) with its origin app in front of www-blue \(([\w.-]+)\)\./.exec(out)
  expect(created).not.toBeNull()
  const [, distribution, blueOrigin] = created!
  const swap = out.slice(out.indexOf('━━━━ Release 4: the CloudFront origin swaps from www-blue to www-green ━━━━'))
  expect(swap).toContain(`Live: distribution ${distribution} default origin → ${blueOrigin} → stack www-blue (found by output).`)
  const greenOrigin = new RegExp(`Updated distribution ${distribution}: origin app now ([\\w.-]+) \\(was ${blueOrigin.replace(/\./g, '\\.')}\\)`).exec(swap)?.[1]
  expect(greenOrigin).toMatch(/\.execute-api\.us-east-1\.amazonaws\.com$/)
  expect(greenOrigin).not.toBe(blueOrigin)
  expect(swap).toMatch(/domain-endpoint\s+https:\/\/www\.demo\.example\.com/)
  expect(swap).toMatch(/active-stack\s+www-green/)
  expect(swap).toMatch(/## ✅ bluegreen-action · extra-env · www/)
  expect(out).toContain(`Distribution ${distribution} origin app now points at ${greenOrigin} (www-green); www-blue was deleted.`)
  // moto's instant Deployed is explained with the other notes, before the first release
  expect(out.indexOf('The CloudFront distribution reads Deployed at once')).toBeGreaterThan(notes)
  expect(out.indexOf('The CloudFront distribution reads Deployed at once')).toBeLessThan(out.indexOf('━━━━ Release 1'))
}, 180_000)
