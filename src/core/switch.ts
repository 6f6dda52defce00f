import { step } from '../context.js'
import { DeployError } from '../errors.js'
import { ownerOf, routerOf, type Phase } from './phase.js'

/**
 * Re-reads the front door just before the switch: when it no longer points where it pointed when the
 * environments were checked, another promotion (or a person) moved it, and this run must not overwrite that.
 */
export async function checkNotMoved(p: Phase, checked: unknown): Promise<unknown> {
  const router = routerOf(p)
  return step(p.ctx, `Check that ${router.where} did not move`, async () => {
    const now = await router.read(checked)
    if (router.same(now, checked)) {
      p.ctx.log.info(`Still ${router.describe(now)}, as checked.`)
      return now
    }
    const owner = now === undefined ? undefined : await ownerOf(p, now).catch(() => undefined)
    throw new DeployError(
      `${router.where} moved while this run was checking: it ${router.pastVerb} ${router.describe(checked)} and now ${router.verb} ${router.describe(now)}${owner ? ` (stack ${owner.stackName})` : ''}`,
      'Another promotion or a person changed the mapping; two promotions must not race.',
      'Nothing was switched and nothing deleted. Let the other change finish, then re-run this one (it reads the live stack again).'
    )
  })
}

/** Switches the front door in one write and reads it back; fails unless it now points at the target. */
export async function switchTo(p: Phase, current: unknown, target: unknown, label: string): Promise<unknown> {
  const router = routerOf(p)
  return step(p.ctx, label, async () => {
    await p.lock?.assertHeld(`moving ${router.where}`)
    p.ctx.log.info(`${router.where}: ${router.describe(current)} → ${router.describe(target)}`)
    await router.write(current, target)
    const after = await router.read(target)
    if (!after || !router.same(after, target)) {
      throw new DeployError(
        `After the switch, ${router.where} maps to ${router.describe(after)}, not ${router.describe(target)}`,
        'Something else changed the mapping at the same time.',
        'Read the mapping in the API Gateway console and set it by hand, or re-run.'
      )
    }
    p.ctx.log.info(`Read back: ${router.where} → ${router.describe(after)}.`)
    return after
  })
}
