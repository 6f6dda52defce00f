import { readFileSync } from 'node:fs'
// @ts-expect-error plain ESM script without types
import { renderTables, updateReadme } from '../../scripts/readme-tables.mjs'

describe('README', () => {
  it('documents every input and output of action.yml (npm run docs regenerates the tables)', () => {
    const readme = readFileSync('README.md', 'utf8')
    expect(updateReadme(readme, renderTables(readFileSync('action.yml', 'utf8')))).toBe(readme)
    expect(readme).toMatch(/\| `mode` \| yes \|/)
  })

  it('gives the two commands of a fresh clone, and .ci/run calls the same test command', () => {
    const readme = readFileSync('README.md', 'utf8')
    expect(readme).toContain('npm run demo')
    expect(readme).toContain('npm test ')
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npx -y -p node@24 -- npm test$/m)
  })
})
