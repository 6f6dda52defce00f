// The runner's command files as the action writes them, read back by the tests, the demo and the benchmark.

/** Reads a GITHUB_OUTPUT file: `name<<DELIMITER` … `DELIMITER` blocks, as @actions/core writes them. */
export function parseOutputFile(text) {
  const outputs = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!m) continue
    const value = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
    outputs[m[1]] = value.join('\n')
  }
  return outputs
}
