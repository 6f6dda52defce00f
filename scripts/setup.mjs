// Runs before `npm test` and `npm run demo` (pretest, predemo): on a fresh clone it installs what they need,
// in either order, and otherwise costs a fraction of a second. Plain ESM with no dependencies, since it runs
// before anything is installed.
//   - node_modules: `npm ci` when missing (about a minute)
//   - the AWS emulator: `pip install 'moto[server]'` when python3 cannot import it
//   - cfn-lint, the reference reading of templates and the source of the reset tables: the version the tables
//     were generated with (src/modes/reset/generated-tables.ts), when another or none is installed
//   - dist/index.js: `npm run package` when missing (the tests and the demo run the built action)
import { execSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

function run(command, why) {
  console.log(`${why}: ${command}`)
  execSync(command, { cwd: root, stdio: 'inherit' })
}

export function ensureInstalled() {
  const major = Number(process.versions.node.split('.')[0])
  if (major < 22) {
    console.warn(`Node.js ${process.versions.node}: this project needs Node.js 22 or newer (24 recommended, the action's runtime); a dependency requires 22 and the AWS SDK warns on older versions.`)
  }
  if (!existsSync(`${root}/node_modules/.package-lock.json`) || !existsSync(`${root}/node_modules/jest`)) {
    run('npm ci --no-audit --no-fund', 'Installing the dependencies (about a minute, once)')
  }
  try {
    execSync("python3 -c 'import moto, flask'", { stdio: 'ignore' })
  } catch {
    try {
      run("python3 -m pip install --quiet 'moto[server]'", 'Installing the AWS emulator (once)')
    } catch {
      throw new Error("Could not install the AWS emulator: install python3 with pip, then `python3 -m pip install 'moto[server]'`, and re-run.")
    }
  }
  const cfnLint = /CFN_LINT_VERSION = '([^']+)'/.exec(readFileSync(`${root}/src/modes/reset/generated-tables.ts`, 'utf8'))[1]
  try {
    execSync(`python3 -c 'import cfnlint.version as v, sys; sys.exit(v.__version__ != "${cfnLint}")'`, { stdio: 'ignore' })
  } catch {
    try {
      run(`python3 -m pip install --quiet 'cfn-lint==${cfnLint}'`, 'Installing cfn-lint, the reference reading of templates (once)')
    } catch {
      throw new Error(`Could not install cfn-lint: install python3 with pip, then \`python3 -m pip install 'cfn-lint==${cfnLint}'\`, and re-run.`)
    }
  }
  if (!existsSync(`${root}/dist/index.js`)) run('npm run package', 'Building the action (dist/index.js)')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    ensureInstalled()
  } catch (err) {
    console.error(err.message)
    process.exit(1)
  }
}
