import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { ModeEntry, Registry } from '../../src/modes/registry.js'
import { parseInputs, REGISTRY } from '../../src/modes/registry.js'
import { MODES } from '../../src/inputs.js'

// Checked by `tsc` (npm run typecheck / lint include __tests__): each `@ts-expect-error` fails the build if
// the line under it compiles, so a mode entry missing its schema, its services or its run is refused.
const schema: ModeEntry<'reset'>['inputs'] = REGISTRY.reset.inputs
const services: ModeEntry<'reset'>['services'] = ['cloudformation']
const run: ModeEntry<'reset'>['run'] = REGISTRY.reset.run
const reads: ModeEntry<'reset'>['reads'] = REGISTRY.reset.reads

export const complete: ModeEntry<'reset'> = { inputs: schema, reads, services, run }
// @ts-expect-error a mode without its input schema
export const withoutInputs: ModeEntry<'reset'> = { reads, services, run }
// @ts-expect-error a mode without the list of inputs it reads
export const withoutReads: ModeEntry<'reset'> = { inputs: schema, services, run }
// @ts-expect-error a mode without its AWS services
export const withoutServices: ModeEntry<'reset'> = { inputs: schema, reads, run }
// @ts-expect-error a mode without its run
export const withoutRun: ModeEntry<'reset'> = { inputs: schema, reads, services }
// @ts-expect-error another mode's schema: its parsed inputs are not this mode's
export const wrongSchema: ModeEntry<'reset'> = { inputs: REGISTRY['api-replace'].inputs, reads, services, run }
// @ts-expect-error an input read only in some phases, in a mode without phases
export const phaseOfNoPhase: ModeEntry<'reset'> = { inputs: schema, reads: [['template', ['deploy']]], services, run }
// @ts-expect-error a registry without one of the modes
export const missingMode: Registry = { 'extra-env': REGISTRY['extra-env'], 'api-replace': REGISTRY['api-replace'], reset: REGISTRY.reset }

describe('the mode registry', () => {
  it('has one complete entry for each mode', () => {
    expect(Object.keys(REGISTRY).sort()).toEqual([...MODES].sort())
    for (const entry of Object.values(REGISTRY)) {
      expect([typeof entry.inputs, typeof entry.run, entry.services.length > 0]).toEqual(['function', 'function', true])
    }
  })

  it("parses through the chosen mode's schema, typed template where the mode requires one", () => {
    const values: Record<string, string> = { mode: 'reset', 'stack-name': 'app', template: 'examples/app/template.yaml', region: 'us-east-1' }
    const inputs = parseInputs((name) => values[name] ?? '', {})
    if (inputs.mode !== 'reset') throw new Error(`parsed mode ${inputs.mode}`)
    const body: string = inputs.template.body // required for reset: no `!`
    expect(body).toBe(readFileSync('examples/app/template.yaml', 'utf8'))
    expect(inputs.reset.resetPhase).toBe('both')
  })

  it('names only inputs action.yml declares', () => {
    const declared = Object.keys((parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> }).inputs)
    const read = new Set<string>()
    for (const mode of MODES) {
      const values: Record<string, string> = { mode, 'stack-name': 'app', template: 'examples/app/template.yaml', region: 'us-east-1' }
      try {
        parseInputs((name) => (read.add(name), values[name] ?? ''), {})
      } catch {
        // a required mode input is missing: the names read up to there still count
      }
    }
    expect([...read].filter((name) => !declared.includes(name))).toEqual([])
  })
})
