import { jest } from '@jest/globals'
import type * as core from '@actions/core'

/** A stand-in for @actions/core: inputs from a map, everything the action says recorded. */
export const inputs: Record<string, string> = {}
export const getInput = jest.fn<typeof core.getInput>((name) => (inputs[name] ?? '').trim())
export const setOutput = jest.fn<typeof core.setOutput>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const setSecret = jest.fn<typeof core.setSecret>()
export const info = jest.fn<typeof core.info>()
export const warning = jest.fn<typeof core.warning>()
export const error = jest.fn<typeof core.error>()
export const debug = jest.fn<typeof core.debug>()
export const startGroup = jest.fn<typeof core.startGroup>()
export const endGroup = jest.fn<typeof core.endGroup>()
export const summary = { addRaw: jest.fn(() => summary), write: jest.fn(async () => summary) }

export function setInputs(values: Record<string, string>): void {
  for (const k of Object.keys(inputs)) delete inputs[k]
  Object.assign(inputs, values)
}
