// ESLint 9 flat config: a small rule set the code passes, and the import direction of the layout as a rule
// (scripts/eslint/import-direction.mjs; proved by __tests__/unit/import-direction.test.ts). Formatting is prettier's job.
import { fileURLToPath } from 'node:url'
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import layout from './scripts/eslint/import-direction.mjs'

const srcRoot = fileURLToPath(new URL('./src', import.meta.url))

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/runs/', '__tests__/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-throw-literal': 'error',
      // `_name` marks a parameter or binding kept for its position (a callback's signature, a destructured skip).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      // `catch {}` is how the code says "optional, its absence is fine" (e.g. the bench's moto version probe).
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Off: stripping control characters from untrusted text (src/untrusted.ts, the template writer) is the point of those regexes.
      'no-control-regex': 'off',
      // Off: tests match literal markdown and YAML text, where two spaces are the text (`|  |`, `^  name:`).
      'no-regex-spaces': 'off'
    }
  },
  {
    // Webhook payloads and Octokit answers are untyped JSON read field by field; the tests' fakes mirror them.
    files: ['src/github/**/*.ts', '__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  {
    files: ['src/**/*.ts'],
    plugins: { layout },
    rules: { 'layout/import-direction': ['error', { srcRoot }] }
  }
)
