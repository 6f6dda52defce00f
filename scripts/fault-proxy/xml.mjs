// Just enough XML handling for moto's awsQuery answers: its output is regular (no attributes inside
// lists, no CDATA), so text scanning is reliable and needs no parser dependency.

export function unescapeXml(text) {
  return text.replace(/&(lt|gt|amp|apos|quot|#\d+|#x[0-9a-f]+);/gi, (m, e) => {
    const named = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' }[e.toLowerCase()]
    if (named) return named
    return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
  })
}

/** The text of the first <name> element (not of nested lists), or undefined. */
export function tagText(xml, name) {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)
  return m ? unescapeXml(m[1]) : undefined
}

export function setTag(xml, name, value) {
  return xml.replace(new RegExp(`<${name}>[^<]*</${name}>`), `<${name}>${value}</${name}>`)
}

/** Removes an element and its content (its first occurrence), or its empty form. */
export function removeElement(xml, name) {
  return xml.replace(new RegExp(`<${name}/>|<${name}>[\\s\\S]*?</${name}>`), '')
}

/**
 * The top-level <member> elements of a list such as <Stacks> or <StackEvents>, with the text around them,
 * so a caller can edit, drop, add or reorder members and join the document again.
 */
export function splitList(xml, container) {
  const empty = `<${container}/>`
  if (!xml.includes(`<${container}>`) && xml.includes(empty)) xml = xml.replace(empty, `<${container}></${container}>`)
  const open = xml.indexOf(`<${container}>`)
  if (open < 0) return undefined
  const start = open + container.length + 2
  const end = xml.indexOf(`</${container}>`, start)
  const inner = xml.slice(start, end)
  const members = []
  const token = /<member>|<\/member>|<member\/>/g
  let depth = 0
  let from = 0
  for (let m; (m = token.exec(inner));) {
    if (m[0] === '<member/>') {
      if (depth === 0) members.push(m[0])
    } else if (m[0] === '<member>') {
      if (depth++ === 0) from = m.index
    } else if (--depth === 0) {
      members.push(inner.slice(from, m.index + m[0].length))
    }
  }
  return { head: xml.slice(0, start), members, tail: xml.slice(end), join: (list) => xml.slice(0, start) + list.join('') + xml.slice(end) }
}
