import { spawnSync } from 'node:child_process'
import { CFN_LINT_VERSION } from '../../src/modes/reset/generated-tables.js'

export const PYTHON = process.env.MOTO_PYTHON ?? 'python3'

/** cfn-lint, the reference reading of templates: installed with pip when missing (scripts/setup.mjs does it before `npm test`). */
export function ensureCfnLint(): void {
  if (spawnSync(PYTHON, ['-c', 'import cfnlint.decode'], { stdio: 'ignore' }).status === 0) return
  const pip = spawnSync(PYTHON, ['-m', 'pip', 'install', '--quiet', `cfn-lint==${CFN_LINT_VERSION}`], { encoding: 'utf8' })
  if (pip.status !== 0) throw new Error(`cfn-lint is not installed and \`pip install cfn-lint==${CFN_LINT_VERSION}\` failed:\n${pip.stderr}`)
}
