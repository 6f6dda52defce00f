import { Composer, CST, Lexer, Parser, YAMLParseError, type Document, type DocumentOptions, type LineCounter, type ParseOptions, type SchemaOptions } from 'yaml'

/**
 * The lexer's tokens with one correction: in a flow collection, `yaml` takes a `-` directly followed by `,`, `]`
 * or `}` for a block sequence indicator (an error), where PyYAML, and so cfn-lint and CloudFormation, read the
 * plain scalar "-" (`!Join [-, [a, b]]`). The token keeps its text and place, so every node's range still
 * points into the source. (A `-` before `[` or `{`, or before a space, stays an error, as it is in PyYAML.)
 */
export function* cfnTokens(text: string): Generator<string> {
  let flowLevel = 0
  let scalarNext = false
  // A `-` indicator in flow, and what followed it so far.
  let held: string[] = []
  for (const token of new Lexer().lex(text)) {
    if (held.length > 0) {
      // Before `,` the lexer puts an empty plain scalar: `-` SCALAR "" `,`.
      if (held.length === 1 && token === CST.SCALAR) {
        held.push(token)
        continue
      }
      const emptyScalar = held.length === 2 && token === ''
      if (emptyScalar || (held.length === 1 && (token === ']' || token === '}'))) {
        yield CST.SCALAR
        yield '-'
        held = []
        if (emptyScalar) continue
      } else {
        yield* held
        held = []
      }
    }
    if (scalarNext) {
      scalarNext = false
    } else if (token === CST.SCALAR) {
      scalarNext = true
    } else if (token === '[' || token === '{') {
      flowLevel++
    } else if (token === ']' || token === '}') {
      flowLevel = Math.max(0, flowLevel - 1)
    } else if (token === CST.FLOW_END || token === CST.DOCUMENT) {
      flowLevel = 0
    } else if (token === '-' && flowLevel > 0) {
      held = [token]
      continue
    }
    yield token
  }
  yield* held
}

type Options = DocumentOptions & ParseOptions & SchemaOptions & { lineCounter: LineCounter }

/** parseDocument (one document, errors with line and column) over cfnTokens. */
export function parseCfnDocument(text: string, options: Options): Document.Parsed {
  const parser = new Parser(options.lineCounter.addNewLine)
  const composer = new Composer(options)
  function* cst() {
    options.lineCounter.addNewLine(0)
    for (const token of cfnTokens(text)) yield* parser.next(token)
    yield* parser.end()
  }
  let doc: Document.Parsed | undefined
  for (const next of composer.compose(cst(), true, text.length)) {
    if (!doc) doc = next
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'))
      break
    }
  }
  const parsed = doc as Document.Parsed
  for (const error of [...parsed.errors, ...parsed.warnings]) locate(error, options.lineCounter)
  return parsed
}

/** As parseDocument's prettyErrors (not exported by `yaml`) begin the message: with the line and column. */
function locate(error: { pos: [number, number]; message: string; linePos?: unknown }, lines: LineCounter): void {
  if (error.pos[0] === -1) return
  const at = lines.linePos(error.pos[0])
  error.linePos = [at, lines.linePos(error.pos[1])]
  error.message += ` at line ${at.line}, column ${at.col}`
}
