import path from 'node:path'
import { ESLint } from 'eslint'

// The import direction of the issue 13 layout, checked through the repository's own eslint.config.js (the config
// `npm run lint` runs). The files are virtual: ESLint lints the text as if it sat at that path under src/, so the
// rule is proved for folders the tree does not have yet.
const root = process.cwd()
const eslint = new ESLint({ cwd: root })

async function directionErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) })
  expect(result.fatalErrorCount).toBe(0)
  return result.messages.filter((m) => m.ruleId === 'layout/import-direction').map((m) => m.message)
}

const forbidden: [string, string, RegExp][] = [
  ['src/core/lock.ts', "import { extraEnv } from '../modes/extra-env/index.js'", /the core never imports a mode/],
  ['src/core/routers/api-gateway.ts', "import { plan } from '../../modes/reset/plan.js'", /the core never imports a mode/],
  ['src/core/switch.ts', "export async function f() { return import('../modes/reset/index.js') }", /the core never imports a mode/],
  ['src/core/switch.ts', "import { MODES } from '../modes/registry.js'", /the core never imports a mode/],
  ['src/cloudformation/deploy.ts', "import { acquireLock } from '../core/lock.js'", /src\/cloudformation\/ imports src\/core\//],
  ['src/cloudformation/deploy.ts', "import type { Router } from '../core/router.js'", /src\/cloudformation\/ imports src\/core\//],
  ['src/aws/clients.ts', "export * from '../core/routers/api-gateway.js'", /src\/aws\/ imports src\/core\//],
  ['src/aws/clients.ts', "import { MODES } from '../modes/registry.js'", /only src\/main.ts .* import src\/modes\//],
  ['src/github/deployments.ts', "export { switchTraffic } from '../core/switch.js'", /src\/github\/ imports src\/core\//],
  ['src/github/deployments.ts', "import { run } from '../modes/route53-takeover/index.js'", /only src\/main.ts/],
  ['src/report.ts', "import { summary } from './core/summary.js'", /a shared file in src\/ imports src\/core\//],
  ['src/report.ts', "import { reset } from './modes/reset/index.js'", /only src\/main.ts/],
  ['src/index.ts', "import { MODES } from './modes/registry.js'", /only src\/main.ts/],
  ['src/modes/reset/index.ts', "import { lock } from '../extra-env/lock.js'", /mode reset imports mode extra-env/],
  ['src/modes/api-replace/rewrite.ts', "import { plan } from '../../modes/reset/plan.js'", /mode api-replace imports mode reset/],
  ['src/modes/reset/inputs.ts', "import { MODES } from '../registry.js'", /only src\/main.ts/],
  ['src/core/phase.ts', "import type { InputsOf } from '../modes/types.js'", /the core never imports a mode/],
  ['src/cloudformation/deploy.ts', "import type { Inputs } from '../modes/types.js'", /only src\/main.ts/]
]

const allowed: [string, string][] = [
  ['src/main.ts', "import { MODES } from './modes/registry.js'\nimport { Report } from './report.js'\nimport { lock } from './core/lock.js'"],
  ['src/modes/registry.ts', "import { inputs } from './extra-env/inputs.js'\nexport const run = () => import('./reset/index.js')\nimport { loadClients } from '../aws/clients.js'"],
  [
    'src/modes/extra-env/index.ts',
    "import { parse } from './inputs.js'\nimport { lock } from '../../core/lock.js'\nimport { apiGateway } from '../../core/routers/api-gateway.js'\nimport { deploy } from '../../cloudformation/deploy.js'\nimport { loadClients } from '../../aws/clients.js'\nimport { Report } from '../../report.js'"
  ],
  ['src/modes/extra-env/steps/promote.ts', "import { parse } from '../inputs.js'\nimport { lock } from '../../../core/lock.js'"],
  [
    'src/core/routers/api-gateway.ts',
    "import type { Router } from '../router.js'\nimport { lock } from '../lock.js'\nimport { mapping } from '../../aws/apigateway.js'\nimport { deploy } from '../../cloudformation/deploy.js'\nimport { track } from '../../github/deployments.js'\nimport { log } from '../../log.js'"
  ],
  ['src/cloudformation/deploy.ts', "import { loadClients } from '../aws/clients.js'\nimport { DeployError } from '../errors.js'\nimport * as core from '@actions/core'"],
  ['src/report.ts', "import { untrusted } from './untrusted.js'\nimport { deploy } from './cloudformation/deploy.js'"],
  ['src/index.ts', "import { run } from './main.js'"],
  // the registry's type index (src/modes/types.ts) gathers every mode's inputs; each runbook is typed by it
  ['src/modes/types.ts', "import type { ResetModeInputs } from './reset/inputs.js'\nimport type { Mode } from '../inputs.js'"],
  ['src/modes/route53-takeover/index.ts', "import type { InputsOf } from '../types.js'"]
]

describe('import direction (eslint rule layout/import-direction)', () => {
  it.each(forbidden)('%s: reports %s', async (file, code, why) => {
    const errors = await directionErrors(file, code)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(why)
  })

  it.each(allowed)('%s: allows its imports', async (file, code) => {
    expect(await directionErrors(file, code)).toEqual([])
  })

  it('is on for every file of src/ and for no test file (tests import any layer)', async () => {
    for (const file of ['src/main.ts', 'src/core/lock.ts', 'src/modes/reset/index.ts', 'src/cloudformation/deploy.ts']) {
      expect((await eslint.calculateConfigForFile(path.join(root, file))).rules['layout/import-direction']).toEqual([2, { srcRoot: path.join(root, 'src') }])
    }
    expect(await directionErrors('__tests__/unit/x.test.ts', "import { reset } from '../../src/modes/reset/index.js'\nimport { lock } from '../../src/core/lock.js'")).toEqual([])
  })
})
