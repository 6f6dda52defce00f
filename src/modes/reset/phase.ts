import type { Change, StackResourceSummary } from '@aws-sdk/client-cloudformation'
import type { Context } from '../../context.js'
import { changeRows } from '../../cloudformation/change-set.js'
import { deployStack, type DeployResult } from '../../cloudformation/deploy.js'
import type { Template } from '../../cloudformation/template.js'
import type { InputsOf } from '../types.js'
import { markdownTable } from '../../report.js'
import { resolveEndpoint } from './endpoint.js'
import { deployedTemplate, functionNames, listStackResources } from './stack-resources.js'
import { formatRisky, refuseDataLoss, riskyChanges, type RiskyChange } from './stateful.js'

export interface PhaseSpec {
  /** As reset-phase names it: generated-names or friendly-names. */
  key: 'generated-names' | 'friendly-names'
  title: string
  body: string
}

export interface PhaseResult {
  deploy: DeployResult
  risky: RiskyChange[]
  /** Empty in a dry run: nothing was deployed. */
  functionNames: Record<string, string>
  resources: StackResourceSummary[]
  endpoint?: string
}

/**
 * Deploys one phase through a change set that is read before it runs: a change that would delete a
 * stateful resource's data stops the phase (the change set is deleted) unless allow-replace names it.
 */
export async function deployPhase(ctx: Context, inputs: InputsOf<'reset'>, phase: PhaseSpec): Promise<PhaseResult> {
  const template = inputs.template.template
  let risky: RiskyChange[] = []
  const deploy = await deployStack(ctx, {
    stackName: inputs.stackName,
    templateBody: phase.body,
    parameters: inputs.parameters,
    capabilities: inputs.capabilities,
    tags: inputs.tags,
    review: async (changes) => {
      risky = await assess(ctx, inputs, template, changes)
      ctx.report.section(`${phase.title}: change set`, changeSetMarkdown(changes, risky))
      refuseDataLoss(risky, phase.key)
    }
  })
  if (deploy.noChanges) ctx.report.section(`${phase.title}: change set`, deploy.changesMarkdown)
  if (ctx.dryRun) return { deploy, risky, functionNames: {}, resources: [] }
  const resources = await listStackResources(ctx, inputs.stackName)
  const endpoint = resolveEndpoint({ outputs: deploy.outputs, endpointOutput: inputs.endpointOutput, resources, template, region: inputs.region })
  return { deploy, risky, functionNames: functionNames(resources), resources, endpoint }
}

async function assess(ctx: Context, inputs: InputsOf<'reset'>, next: Template, changes: Change[]): Promise<RiskyChange[]> {
  // Only a removal without CloudFormation's own PolicyAction needs the running template's DeletionPolicy.
  const needsDeployed = changes.some((c) => c.ResourceChange?.Action === 'Remove' && !c.ResourceChange.PolicyAction)
  const deployed = needsDeployed ? await deployedTemplate(ctx, inputs.stackName) : undefined
  const risky = riskyChanges(changes, { next, deployed }, inputs.reset.allowReplace)
  if (risky.length === 0) ctx.log.info('No stateful resource would be replaced or deleted.')
  for (const r of risky) {
    const line = `${r.allowed ? 'allowed by allow-replace' : 'REFUSED'}: ${formatRisky(r)}`
    if (r.allowed) ctx.log.warning(line)
    else ctx.log.error(line)
  }
  return risky
}

/** The change set with the guard's verdict on each change that would lose data. */
function changeSetMarkdown(changes: Change[], risky: RiskyChange[]): string {
  const rows = changeRows(changes).map((r) => {
    const risk = risky.find((x) => x.logicalId === r.logicalId)
    const verdict = risk ? `${risk.allowed ? '⚠️ allowed' : '⛔ refused'}: ${risk.why}` : ''
    return [r.action, r.logicalId, r.type, r.replacement, verdict]
  })
  return markdownTable(['action', 'resource', 'type', 'replacement', 'data'], rows)
}
