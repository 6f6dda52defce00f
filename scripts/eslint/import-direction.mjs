// ESLint rule: the import direction of the layout (issue 13):
//   modes → core → cloudformation / aws / github / shared root files (src/*.ts).
// - Nothing imports src/modes/** except src/main.ts and src/modes/registry.ts; a mode imports only its own files.
// - src/core/** never imports src/modes/**.
// - src/cloudformation/**, src/aws/**, src/github/** and src/*.ts (except src/main.ts) never import src/core/** or src/modes/**.
// The rule resolves each relative specifier (static import, export … from, import()) against the importing file, so
// `../modes/x.js` from src/core/ and `../../modes/x.js` from src/core/routers/ are the same target.
import path from 'node:path'

/** Where a file of src/ sits in the layout, or undefined outside src/ or in a folder the layout does not name. */
export function layerOf(srcRoot, file) {
  const rel = path.relative(srcRoot, file).split(path.sep)
  if (rel[0] === '..' || rel[0] === '') return undefined
  if (rel.length === 1) return rel[0] === 'main.ts' ? { layer: 'main' } : { layer: 'shared' }
  const [top, second] = rel
  if (top === 'modes') {
    if (rel.length > 2) return { layer: 'mode', mode: second }
    if (second === 'registry.ts') return { layer: 'registry' }
    // the registry's type index: the union of every mode's inputs, which each mode's runbook is typed by
    if (second === 'types.ts') return { layer: 'registry-types' }
    return { layer: 'modes-root' }
  }
  if (top === 'core') return { layer: 'core' }
  if (top === 'cloudformation' || top === 'aws' || top === 'github') return { layer: 'shared', dir: top }
  return undefined
}

/** Why `from` may not import `to`, or undefined when it may. */
export function violation(from, to) {
  if (!from || !to) return undefined
  const toModes = to.layer === 'mode' || to.layer === 'registry' || to.layer === 'registry-types' || to.layer === 'modes-root'
  if (toModes) {
    if (from.layer === 'main' || from.layer === 'registry' || from.layer === 'registry-types') return undefined
    // a mode is typed by the registry's index of inputs (type-only), never by another mode's code
    if (from.layer === 'mode' && to.layer === 'registry-types') return undefined
    if (from.layer === 'mode' && to.layer === 'mode' && from.mode === to.mode) return undefined
    if (from.layer === 'mode' && to.layer === 'mode') return `mode ${from.mode} imports mode ${to.mode}: a mode never imports another mode (move what both need to src/core/ or below)`
    if (from.layer === 'core') return 'src/core/ imports src/modes/: the core never imports a mode (modes → core → cloudformation / aws / github / shared)'
    return 'only src/main.ts (through src/modes/registry.ts) and the registry import src/modes/'
  }
  if (to.layer === 'core' && from.layer === 'shared') {
    return `${from.dir ? `src/${from.dir}/` : 'a shared file in src/'} imports src/core/: cloudformation / aws / github / shared files never import the core (modes → core → cloudformation / aws / github / shared)`
  }
  return undefined
}

export const importDirection = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import direction modes → core → cloudformation / aws / github / shared (issue 13)' },
    schema: [{ type: 'object', properties: { srcRoot: { type: 'string' } }, required: ['srcRoot'], additionalProperties: false }],
    messages: { direction: "Import of '{{source}}': {{why}}." }
  },
  create(context) {
    const srcRoot = context.options[0].srcRoot
    const file = context.filename
    const from = layerOf(srcRoot, file)
    if (!from) return {}
    const check = (node) => {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string' || !node.value.startsWith('.')) return
      const target = path.resolve(path.dirname(file), node.value.replace(/\.js$/, '.ts'))
      const why = violation(from, layerOf(srcRoot, target))
      if (why) context.report({ node, messageId: 'direction', data: { source: node.value, why } })
    }
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // jest.unstable_mockModule-style and require() are not used in src/; only the module graph matters here.
      TSImportType: (node) => check(node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument)
    }
  }
}

export default { rules: { 'import-direction': importDirection } }
