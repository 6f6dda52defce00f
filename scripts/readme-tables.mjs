// Writes the inputs and outputs tables of README.md from action.yml (between the marker comments).
// `node scripts/readme-tables.mjs --check` fails when README.md is out of date.
import { readFileSync, writeFileSync } from 'node:fs'
import { parse } from 'yaml'

export function renderTables(actionYml) {
  const action = parse(actionYml)
  const cell = (s) =>
    String(s ?? '')
      .replace(/\|/g, '\\|')
      .replace(/</g, '&lt;')
      .replace(/\n/g, ' ')
      .trim()
  const inputs = Object.entries(action.inputs).map(([name, i]) => `| \`${name}\` | ${i.required ? 'yes' : ''} | ${i.default !== undefined ? `\`${cell(i.default)}\`` : ''} | ${cell(i.description)} |`)
  const outputs = Object.entries(action.outputs).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`)
  return {
    inputs: ['| input | required | default | description |', '|---|---|---|---|', ...inputs].join('\n'),
    outputs: ['| output | description |', '|---|---|', ...outputs].join('\n')
  }
}

export function updateReadme(readme, tables) {
  let out = readme
  for (const [name, table] of Object.entries(tables)) {
    const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`)
    out = out.replace(re, `$1\n${table}\n$2`)
  }
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const readme = readFileSync('README.md', 'utf8')
  const updated = updateReadme(readme, renderTables(readFileSync('action.yml', 'utf8')))
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error('README.md tables differ from action.yml: run npm run docs')
      process.exit(1)
    }
  } else writeFileSync('README.md', updated)
}
