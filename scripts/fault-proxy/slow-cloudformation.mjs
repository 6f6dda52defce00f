// Makes moto's synchronous CloudFormation look like the real, slow service: after a stack operation
// succeeds at moto, the stack reads as *_IN_PROGRESS for a set time, resource events appear one by one,
// and the stack's terminal event (and moto's other events of the operation) appear only when the time is up.
import YAML from 'yaml'
import { cloudFormationError, escapeXml } from './wire-errors.mjs'
import { removeElement, setTag, splitList, tagText } from './xml.mjs'

const STACK_TYPE = 'AWS::CloudFormation::Stack'

/** The operations that start a stack operation, and the kind they start (ExecuteChangeSet: from the stack). */
const KIND = { CreateStack: 'CREATE', UpdateStack: 'UPDATE', DeleteStack: 'DELETE', ExecuteChangeSet: undefined, ContinueUpdateRollback: 'ROLLBACK' }
/** Calls that AWS refuses (or answers differently) while a stack operation runs. */
const GUARDED = new Set([...Object.keys(KIND), 'CreateChangeSet'])
const STACK_STATUS = { CREATE: 'CREATE_IN_PROGRESS', UPDATE: 'UPDATE_IN_PROGRESS', DELETE: 'DELETE_IN_PROGRESS', ROLLBACK: 'UPDATE_ROLLBACK_IN_PROGRESS' }
const RESOURCE_STATUS = {
  CREATE: ['CREATE_IN_PROGRESS', 'CREATE_COMPLETE'],
  UPDATE: ['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE'],
  DELETE: ['DELETE_IN_PROGRESS', 'DELETE_COMPLETE'],
  ROLLBACK: ['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE']
}
/** Reads by stack name that moto fails once it deleted the stack, while AWS still answers during the delete. */
const READS_BY_NAME = new Set(['DescribeStacks', 'DescribeStackEvents', 'DescribeStackResources', 'ListStackResources', 'GetTemplate'])

/** A small seeded generator of draws in [0, 1). */
function lcg(seed) {
  let x = seed >>> 0 || 1
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

const isArn = (s) => typeof s === 'string' && s.startsWith('arn:')
const iso = (ms) => new Date(ms).toISOString()

function parseEvents(members, stackId) {
  return members.map((xml) => ({
    xml,
    id: tagText(xml, 'EventId') ?? '',
    at: Date.parse(tagText(xml, 'Timestamp') ?? '') || 0,
    status: tagText(xml, 'ResourceStatus') ?? '',
    stackLevel: tagText(xml, 'ResourceType') === STACK_TYPE && tagText(xml, 'PhysicalResourceId') === stackId
  }))
}

export function templateResources(body) {
  let doc
  try {
    doc = JSON.parse(body)
  } catch {
    doc = YAML.parse(body, { logLevel: 'silent' })
  }
  return Object.entries(doc?.Resources ?? {}).map(([logicalId, r]) => ({ logicalId, type: r?.Type ?? 'Unknown', physicalId: '' }))
}

export class SlowCloudFormation {
  /**
   * @param {(headers: object, params: Record<string, string>) => Promise<{ status: number, body: string }>} call
   *   sends one CloudFormation query to moto on the proxy's own behalf (not faulted, not counted).
   */
  constructor(call, now = () => Date.now()) {
    this.call = call
    this.now = now
    this.durationMs = 0
    this.resourceEvents = true
    /** ListStacks params -> the status filter taken out of the request */
    this.filters = new WeakMap()
    this.reset()
  }

  reset() {
    /** stackId -> what the proxy shows of that stack */
    this.stacks = new Map()
    /** stack name -> id of the latest stack of that name */
    this.names = new Map()
    /** every slowed operation, oldest first */
    this.history = []
  }

  /** When each slowed operation started and when it reached its final state (for detection-lag measurements). */
  operations() {
    return this.history.map(({ stackId, stackName, op }) => ({ stackId, stackName, kind: op.kind, status: op.status, start: op.start, until: op.until, held: op.held }))
  }

  configure(settings) {
    this.durationMs = settings?.durationMs ?? 0
    // Each operation takes durationMs plus up to jitterMs more (seeded draws), so that a fixed poll interval
    // does not line up with the operations' ends.
    this.jitterMs = settings?.jitterMs ?? 0
    this.draw = lcg(settings?.seed ?? 1)
    this.resourceEvents = settings?.resourceEvents ?? true
    // The next operation of this kind stays *_IN_PROGRESS until release(): a test that kills a run inside it, or
    // needs a re-run to find it running, then does not depend on how fast a loaded machine gets there.
    this.hold = settings?.hold
  }

  /** Ends the held operation now (its remaining events appear, stamped now); later operations run normally. */
  release() {
    this.hold = undefined
    const now = this.now()
    for (const state of this.stacks.values()) {
      const op = state.op
      if (!op?.held) continue
      op.held = false
      op.until = Math.max(now, op.plannedUntil)
      op.heldIds.forEach((id, i) => {
        state.hiddenUntil.set(id, op.until)
        state.retimed.set(id, op.until + i)
      })
      op.tail = op.heldIds.length
    }
  }

  find(nameOrId) {
    if (!nameOrId) return undefined
    return this.stacks.get(isArn(nameOrId) ? nameOrId : this.names.get(nameOrId))
  }

  /** The operation still running on this stack, if any. */
  running(state) {
    return state?.op && this.now() < state.op.until ? state.op : undefined
  }

  async query(headers, params) {
    const res = await this.call(headers, params)
    return { ok: res.status >= 200 && res.status < 300, body: res.body }
  }

  /**
   * Before a call that starts or competes with a stack operation: either a local answer (AWS's refusal
   * while the stack is busy) or what must be known of the stack before moto changes it.
   * @returns {Promise<{ answer?: { status: number, headers: object, body: string }, pending?: object }>}
   */
  async before(operation, params, headers) {
    if (!GUARDED.has(operation)) return {}
    let target = params.get('StackName') ?? undefined
    if (operation === 'ExecuteChangeSet') {
      const cs = await this.query(headers, { Action: 'DescribeChangeSet', ChangeSetName: params.get('ChangeSetName') ?? '', ...(target ? { StackName: target } : {}) })
      if (!cs.ok) return {}
      target = tagText(cs.body, 'StackId')
    }
    const busy = this.find(target)
    const op = this.running(busy)
    if (op) {
      const answer = this.refusal(operation, params, busy, op)
      if (answer) return { answer }
    }
    if (operation === 'CreateChangeSet' || !this.durationMs) return {}

    const described = target ? await this.query(headers, { Action: 'DescribeStacks', StackName: target }) : undefined
    const stack = described?.ok ? splitList(described.body, 'Stacks')?.members[0] : undefined
    const stackId = stack && tagText(stack, 'StackId')
    const status = stack && tagText(stack, 'StackStatus')
    const kind = operation === 'ExecuteChangeSet' ? (status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE') : KIND[operation]
    if (kind === 'DELETE' && (!stackId || status === 'DELETE_COMPLETE')) return {}
    let known = new Set()
    if (stackId) {
      const events = await this.query(headers, { Action: 'DescribeStackEvents', StackName: stackId })
      const list = events.ok ? parseEvents(splitList(events.body, 'StackEvents')?.members ?? [], stackId) : []
      const state = this.stacks.get(stackId)
      if (state) this.classify(state, list)
      known = new Set(list.map((e) => e.id))
    }
    const resources = kind === 'DELETE' ? await this.resources(headers, stackId) : undefined
    // An update reports CREATE_* for the resources it adds (a condition turned on, a new resource), as AWS does.
    const existing = kind === 'UPDATE' && stackId ? new Set((await this.resources(headers, stackId)).map((r) => r.logicalId)) : undefined
    return { pending: { kind, stackId, stackName: (stack && tagText(stack, 'StackName')) ?? target, known, resources, existing } }
  }

  refusal(operation, params, state, op) {
    const { stackId, stackName } = state
    const updating = cloudFormationError('ValidationError', `Stack:${stackId} is in ${op.status} state and can not be updated.`)
    switch (operation) {
      case 'DeleteStack':
        if (op.kind === 'DELETE') {
          return {
            status: 200,
            headers: { 'content-type': 'text/xml' },
            body: '<DeleteStackResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></DeleteStackResponse>'
          }
        }
        if (op.kind === 'CREATE') return undefined // AWS deletes a stack that is being created
        return cloudFormationError('ValidationError', `Stack [${stackId}] cannot be deleted while in status ${op.status}`)
      case 'CreateStack':
        return cloudFormationError('AlreadyExistsException', `Stack [${stackName}] already exists`)
      case 'CreateChangeSet':
        if (params.get('ChangeSetType') === 'CREATE') {
          return cloudFormationError('ValidationError', `Stack [${stackName}] already exists and cannot be created again with the changeSet [${params.get('ChangeSetName')}].`)
        }
        return updating
      default:
        return updating
    }
  }

  /** After moto accepted the operation: the stack is now busy for durationMs. */
  async after(responseBody, pending, headers) {
    if (!pending) return
    const stackId = pending.stackId ?? tagText(responseBody, 'StackId')
    if (!stackId) return
    const now = this.now()
    const state = this.stacks.get(stackId) ?? {
      stackId,
      stackName: pending.stackName,
      synthetic: [],
      hiddenUntil: new Map(),
      retimed: new Map(),
      classified: new Set()
    }
    if (this.running(state)) this.supersede(state, now)
    const resources = pending.resources ?? (await this.resources(headers, stackId))
    const plannedUntil = now + this.durationMs + Math.round(this.jitterMs * this.draw())
    const held = this.hold?.kind === pending.kind && (!this.hold.stackName || this.hold.stackName === state.stackName)
    const op = {
      kind: pending.kind,
      status: STACK_STATUS[pending.kind],
      start: now,
      until: held ? Infinity : plannedUntil,
      plannedUntil,
      held,
      heldIds: [],
      known: pending.known,
      tail: 0,
      startShown: false
    }
    if (held) this.hold = undefined // only the first operation of the kind
    state.op = op
    this.history.push({ stackId, stackName: state.stackName, op })
    if (this.resourceEvents) state.synthetic.push(...this.synthesize(state, op, resources, pending.existing))
    this.stacks.set(stackId, state)
    if (state.stackName) this.names.set(state.stackName, stackId)
  }

  /** A delete of a stack being created ends the create's display at once. */
  supersede(state, now) {
    state.op.until = now
    state.op.held = false
    for (const [id, until] of state.hiddenUntil) if (until > now) state.hiddenUntil.set(id, now)
    for (const [id, at] of state.retimed) if (at > now) state.retimed.set(id, now)
    state.synthetic = state.synthetic.filter((e) => e.at <= now)
  }

  async resources(headers, stackId) {
    const described = await this.query(headers, { Action: 'DescribeStackResources', StackName: stackId })
    const members = described.ok ? (splitList(described.body, 'StackResources')?.members ?? []) : []
    if (members.length) {
      return members.map((m) => ({ logicalId: tagText(m, 'LogicalResourceId') ?? '?', type: tagText(m, 'ResourceType') ?? 'Unknown', physicalId: tagText(m, 'PhysicalResourceId') ?? '' }))
    }
    const template = await this.query(headers, { Action: 'GetTemplate', StackName: stackId })
    if (!template.ok) return []
    try {
      return templateResources(tagText(template.body, 'TemplateBody') ?? '')
    } catch {
      return []
    }
  }

  /**
   * One *_IN_PROGRESS and one *_COMPLETE event per resource, spread over the operation's time; in an
   * update, CREATE_* for a resource the stack did not have before (`existing`: logical ids before it).
   */
  synthesize(state, op, resources, existing) {
    const order = op.kind === 'DELETE' ? [...resources].reverse() : resources
    const slot = (op.plannedUntil - op.start) / (order.length + 1)
    return order.flatMap((r, i) => {
      const kind = op.kind === 'UPDATE' && existing && !existing.has(r.logicalId) ? 'CREATE' : op.kind
      const [inProgress, complete] = RESOURCE_STATUS[kind]
      return [this.event(state, r, inProgress, op.start + slot * i + slot / 2, kind === 'CREATE' ? '' : r.physicalId), this.event(state, r, complete, op.start + slot * (i + 1), r.physicalId)]
    })
  }

  event(state, resource, status, atMs, physicalId) {
    const at = Math.round(atMs)
    const id = `${resource.logicalId}-${status}-${iso(at)}`
    const xml =
      `<member><StackId>${escapeXml(state.stackId)}</StackId><EventId>${escapeXml(id)}</EventId>` +
      `<StackName>${escapeXml(state.stackName ?? '')}</StackName><LogicalResourceId>${escapeXml(resource.logicalId)}</LogicalResourceId>` +
      `<PhysicalResourceId>${escapeXml(physicalId)}</PhysicalResourceId><ResourceType>${escapeXml(resource.type)}</ResourceType>` +
      `<Timestamp>${iso(at)}</Timestamp><ResourceStatus>${status}</ResourceStatus></member>`
    return { id, at, xml }
  }

  /**
   * Sorts moto's events of the running operation: the stack's first *_IN_PROGRESS event shows at once;
   * the rest (the terminal event among them) shows when the time is up, stamped with that time so the
   * newest-first order stays true.
   */
  classify(state, events) {
    const op = state.op
    if (!op) return
    const fresh = events.filter((e) => !op.known.has(e.id) && !state.classified.has(e.id)).reverse()
    for (const e of fresh) {
      state.classified.add(e.id)
      if (!op.startShown && e.stackLevel && e.status.endsWith('_IN_PROGRESS')) {
        op.startShown = true
        continue
      }
      if (op.held) op.heldIds.push(e.id) // shown when released
      state.hiddenUntil.set(e.id, op.until)
      state.retimed.set(e.id, op.until + op.tail++)
    }
  }

  /** Reads by name of a stack moto already deleted go to its id, as AWS still answers them during the delete. */
  rewriteRequest(operation, params) {
    if (operation === 'ListStacks') return this.takeStatusFilter(params)
    if (!READS_BY_NAME.has(operation)) return false
    const name = params.get('StackName')
    if (!name || isArn(name)) return false
    const state = this.find(name)
    if (this.running(state)?.kind !== 'DELETE') return false
    params.set('StackName', state.stackId)
    return true
  }

  /**
   * ListStacks' status filter is applied by the proxy after the statuses are rewritten (moto would filter by
   * its own, final statuses): the filter moves from the request to a side table of the request's params.
   */
  takeStatusFilter(params) {
    const keys = [...params.keys()].filter((k) => k.startsWith('StackStatusFilter.member.'))
    if (!keys.length) return false
    this.filters.set(
      params,
      keys.map((k) => params.get(k))
    )
    for (const k of keys) params.delete(k)
    return true
  }

  rewriteSummaries(params, body) {
    const list = splitList(body, 'StackSummaries')
    if (!list) return body
    const filter = this.filters.get(params)
    this.filters.delete(params)
    const members = list.members.map((m) => {
      const op = this.running(this.stacks.get(tagText(m, 'StackId')))
      if (!op) return m
      return removeElement(removeElement(setTag(m, 'StackStatus', op.status), 'StackStatusReason'), 'DeletionTime')
    })
    return list.join(filter ? members.filter((m) => filter.includes(tagText(m, 'StackStatus'))) : members)
  }

  /** moto's successful answer as AWS would give it while (and after) the operation runs. */
  rewriteResponse(operation, params, body) {
    if (operation === 'ListStacks') return this.rewriteSummaries(params, body)
    if (operation === 'DescribeStacks') return this.rewriteStacks(body)
    if (operation === 'DescribeStackEvents') {
      const state = this.find(params.get('StackName'))
      return state ? this.rewriteEvents(state, body) : body
    }
    return body
  }

  rewriteStacks(body) {
    const list = splitList(body, 'Stacks')
    if (!list) return body
    return list.join(
      list.members.map((m) => {
        const op = this.running(this.stacks.get(tagText(m, 'StackId')))
        if (!op) return m
        let out = setTag(m, 'StackStatus', op.status)
        out = removeElement(out, 'StackStatusReason')
        out = removeElement(out, 'DeletionTime')
        if (op.kind === 'CREATE') out = removeElement(out, 'Outputs')
        return out
      })
    )
  }

  rewriteEvents(state, body) {
    const list = splitList(body, 'StackEvents')
    if (!list) return body
    const events = parseEvents(list.members, state.stackId)
    this.classify(state, events)
    const now = this.now()
    const shown = events
      .filter((e) => (state.hiddenUntil.get(e.id) ?? 0) <= now)
      .map((e) => {
        const at = state.retimed.get(e.id)
        return at === undefined ? e : { ...e, at, xml: setTag(e.xml, 'Timestamp', iso(at)) }
      })
    const all = [...shown, ...state.synthetic.filter((e) => e.at <= now)]
    all.sort((a, b) => b.at - a.at)
    return list.join(all.map((e) => e.xml))
  }
}
