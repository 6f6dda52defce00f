import { step } from '../context.js'
import { deployStack } from '../cloudformation/deploy.js'
import { setStackOutputs } from '../outputs.js'
import type { Strategy } from './types.js'

export const extraEnv: Strategy<'extra-env'> = async (ctx, inputs) => {
  const green = `${inputs.stackName}-${inputs.extraEnv.extra}`
  const result = await step(ctx, `Deploy ${green}`, () =>
    deployStack(ctx, {
      stackName: green,
      templateBody: inputs.template!.body,
      parameters: inputs.parameters,
      capabilities: inputs.capabilities,
      tags: inputs.tags
    })
  )
  setStackOutputs(ctx, result)
}
