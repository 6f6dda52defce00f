import { spawnSync } from 'node:child_process'

export const PYTHON = process.env.MOTO_PYTHON ?? 'python3'

/** cfn-lint, the reference reading of templates: installed with pip when missing, as .ci/run does for moto. */
export function ensureCfnLint(): void {
  if (spawnSync(PYTHON, ['-c', 'import cfnlint.decode'], { stdio: 'ignore' }).status === 0) return
  const pip = spawnSync(PYTHON, ['-m', 'pip', 'install', '--quiet', 'cfn-lint'], { encoding: 'utf8' })
  if (pip.status !== 0) throw new Error(`cfn-lint is not installed and \`pip install cfn-lint\` failed:\n${pip.stderr}`)
}
