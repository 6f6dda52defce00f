import { step } from '../context.js'
import { DeployError } from '../errors.js'
import { describeMapping, moveMapping, readMapping, sameTarget, type DomainMapping, type MappingTarget } from './mapping.js'
import { findOwnerStack } from './owner.js'
import { domainOf, environmentsOf, type Phase } from './phase.js'

function targetText(m: { apiId: string; stage?: string } | undefined): string {
  return m ? `API ${m.apiId} stage ${m.stage ?? '-'}` : 'nothing (no mapping)'
}

/**
 * Re-reads the mapping just before the switch: when it no longer points where it pointed when the
 * environments were checked, another promotion (or a person) moved it, and this run must not overwrite that.
 */
export async function checkNotMoved(p: Phase, checked: DomainMapping | undefined): Promise<DomainMapping | undefined> {
  const { domainName, basePath } = domainOf(p)
  return step(p.ctx, `Check that ${describeMapping({ domainName, basePath })} did not move`, async () => {
    const now = await readMapping(p.ctx, domainName, basePath, checked?.kind ?? p.inputs.extraEnv.domainApiType)
    if (sameTarget(now, checked)) {
      p.ctx.log.info(`Still ${targetText(now)}, as checked.`)
      return now
    }
    const owner = now && (await findOwnerStack(p.ctx, now.apiId, p.inputs.stackName, () => environmentsOf(p)).catch(() => undefined))
    throw new DeployError(
      `${describeMapping({ domainName, basePath })} moved while this run was checking: it mapped to ${targetText(checked)} and now maps to ${targetText(now)}${owner ? ` (stack ${owner.stackName})` : ''}`,
      'Another promotion or a person changed the mapping; two promotions must not race.',
      'Nothing was switched and nothing deleted. Let the other change finish, then re-run this one (it reads the live stack again).'
    )
  })
}

/** Moves the mapping in one update call and reads it back; fails unless it now points at the target. */
export async function switchTo(p: Phase, current: DomainMapping | undefined, target: MappingTarget, label: string): Promise<DomainMapping> {
  const { domainName, basePath } = domainOf(p)
  return step(p.ctx, label, async () => {
    await p.lock?.assertHeld(`moving ${describeMapping({ domainName, basePath })}`)
    p.ctx.log.info(`${describeMapping({ domainName, basePath })}: ${targetText(current)} → ${targetText(target)}`)
    await moveMapping(p.ctx, current, domainName, basePath, target)
    const after = await readMapping(p.ctx, domainName, basePath, target.kind)
    if (!sameTarget(after, target)) {
      throw new DeployError(
        `After the switch, ${describeMapping({ domainName, basePath })} maps to ${targetText(after)}, not ${targetText(target)}`,
        'Something else changed the mapping at the same time.',
        'Read the mapping in the API Gateway console and set it by hand, or re-run.'
      )
    }
    p.ctx.log.info(`Read back: ${describeMapping(after!)} → ${targetText(after)}.`)
    return after!
  })
}
