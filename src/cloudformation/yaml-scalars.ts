/**
 * How a plain (unquoted, untagged) YAML scalar is typed when CloudFormation templates are read: YAML 1.1
 * as PyYAML's SafeLoader implements it, which is what cfn-lint (the reference reading) uses. Its
 * differences from the YAML 1.1 draft and from YAML 1.2 are the point: `y`/`n` stay strings, `1e5` is a
 * string (an exponent needs a dot and a sign), `0755` is octal, `1:30` is sexagesimal. Timestamps are
 * kept as the text written, which is how CloudFormation passes `2012-10-17` on (IAM reads the policy
 * version that way).
 */
export type ScalarKind = 'null' | 'bool' | 'int' | 'float' | 'timestamp' | 'merge' | 'value' | 'str'

// The regular expressions of PyYAML's yaml/resolver.py (Resolver.add_implicit_resolver), verbatim.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/
const NULL = /^(?:~|null|Null|NULL|)$/
const TIMESTAMP =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/

// PyYAML picks resolvers by the scalar's first character; a regex only applies to the characters it lists.
const FIRST: [ScalarKind, RegExp, string][] = [
  ['bool', BOOL, 'yYnNtTfFoO'],
  ['float', FLOAT, '-+0123456789.'],
  ['int', INT, '-+0123456789'],
  ['merge', /^(?:<<)$/, '<'],
  ['null', NULL, '~nN'],
  ['timestamp', TIMESTAMP, '0123456789'],
  ['value', /^(?:=)$/, '=']
]

/** The kind PyYAML gives a plain scalar with this text. */
export function plainKind(text: string): ScalarKind {
  if (text === '') return 'null'
  for (const [kind, re, first] of FIRST) if (first.includes(text[0]) && re.test(text)) return kind
  return 'str'
}

/** PyYAML's construct_yaml_int: underscores, sign, 0b, 0x, leading-zero octal and base-60. */
export function yamlInt(text: string): number | bigint {
  let v = text.replace(/_/g, '')
  let sign = 1n
  if (v[0] === '-' || v[0] === '+') {
    if (v[0] === '-') sign = -1n
    v = v.slice(1)
  }
  let n: bigint
  if (v === '0') n = 0n
  else if (v.startsWith('0b')) n = BigInt(v)
  else if (v.startsWith('0x')) n = BigInt(v)
  else if (v[0] === '0') n = BigInt(`0o${v.slice(1)}`)
  else if (v.includes(':')) n = v.split(':').reduce((acc, d) => acc * 60n + BigInt(d), 0n)
  else n = BigInt(v)
  n *= sign
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n
}

/** PyYAML's construct_yaml_float. */
export function yamlFloat(text: string): number {
  let v = text.replace(/_/g, '').toLowerCase()
  let sign = 1
  if (v[0] === '-' || v[0] === '+') {
    if (v[0] === '-') sign = -1
    v = v.slice(1)
  }
  if (v === '.inf') return sign * Infinity
  if (v === '.nan') return NaN
  if (v.includes(':')) return sign * v.split(':').reduce((acc, d) => acc * 60 + Number(d), 0)
  return sign * Number(v.endsWith('.') ? `${v}0` : v)
}

export function yamlBool(text: string): boolean {
  return ['yes', 'true', 'on'].includes(text.toLowerCase())
}
