/**
 * A small model of how Route 53 and CloudFormation behave during a record takeover, driven through
 * aws-sdk-client-mock. It encodes AWS behaviour that moto does not show (see docs/emulator.md):
 * - Route 53: CREATE of an existing name+type fails ("Tried to create resource record set [name='x.',
 *   type='A'] but it already exists"), DELETE must carry the current values exactly, batches are atomic,
 *   a change is PENDING before INSYNC, the SOA is "primary contact serial refresh retry expire minimum".
 * - CloudFormation, per the Route 53 record handler as users report it: a created record that is
 *   identical to the one in the zone is adopted quietly; a plain record with other values fails at once
 *   with "already exists" and the update rolls back (UPDATE_ROLLBACK_COMPLETE); an alias record stays
 *   CREATE_IN_PROGRESS, retrying, until the name is free. Events appear over time, one step per poll.
 *   A removed resource with DeletionPolicy Retain is DELETE_SKIPPED and stays.
 */
import {
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteStackCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  ListStackResourcesCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListChangeSetsCommand,
  type Parameter,
  type StackEvent,
  type StackResource
} from '@aws-sdk/client-cloudformation'
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  InvalidChangeBatch,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  type Change,
  type ResourceRecordSet
} from '@aws-sdk/client-route-53'
import { mockClient } from 'aws-sdk-client-mock'
import type { AwsClients } from '../../src/aws/clients.js'
import { createClients } from '../../src/aws/all-clients.js'
import { parseTemplate } from '../../src/cloudformation/template.js'

export const ZONE_ID = 'Z0123456789ABCDEFGHIJ'
export const ZONE_NAME = 'example.com.'
/** A real Route 53 SOA: the last field is the negative-caching minimum; the SOA's own TTL is 900 by default. */
export const REAL_SOA: ResourceRecordSet = {
  Name: ZONE_NAME,
  Type: 'SOA',
  TTL: 900,
  ResourceRecords: [{ Value: 'ns-2048.awsdns-64.net. hostmaster.example.com. 1 7200 900 1209600 86400' }]
}

function cfnError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } })
}

function changeBatchError(message: string): InvalidChangeBatch {
  return new InvalidChangeBatch({ message: `[${message}]`, messages: [message], $metadata: { httpStatusCode: 400 } })
}

const norm = (n: string | undefined) => {
  const s = (n ?? '').toLowerCase()
  return s.endsWith('.') ? s : `${s}.`
}
const sameKey = (a: ResourceRecordSet, b: ResourceRecordSet) => norm(a.Name) === norm(b.Name) && a.Type === b.Type && (a.SetIdentifier ?? '') === (b.SetIdentifier ?? '')
const sameValues = (a: ResourceRecordSet, b: ResourceRecordSet) => JSON.stringify({ ...a, Name: norm(a.Name) }) === JSON.stringify({ ...b, Name: norm(b.Name) })
const sortKey = (r: ResourceRecordSet) => `${norm(r.Name).split('.').reverse().join('.')} ${r.Type} ${r.SetIdentifier ?? ''}`

/** Route 53 as the API sees it: one hosted zone. */
export class FakeZone {
  records: ResourceRecordSet[] = [{ Name: ZONE_NAME, Type: 'NS', TTL: 172800, ResourceRecords: [{ Value: 'ns-2048.awsdns-64.net.' }] }, structuredClone(REAL_SOA)]
  /** Every batch applied, in order. */
  readonly batches: Change[][] = []
  /** Makes the next ChangeResourceRecordSets that this returns an error for fail with it. */
  failChange?: (changes: Change[]) => Error | undefined
  /** Throttles this many ListResourceRecordSets calls (Route 53 allows 5 requests a second per account). */
  throttleLists = 0
  pendingPolls = 1
  private changeSeq = 0
  private readonly pending = new Map<string, number>()

  find(name: string, type: string, setIdentifier?: string): ResourceRecordSet[] {
    return this.records.filter((r) => norm(r.Name) === norm(name) && r.Type === type && (setIdentifier === undefined || r.SetIdentifier === setIdentifier))
  }

  /** Applies a batch atomically with Route 53's rules, or throws InvalidChangeBatch and changes nothing. */
  apply(changes: Change[]): void {
    const next = structuredClone(this.records)
    for (const c of changes) {
      const rr = c.ResourceRecordSet!
      const at = next.findIndex((r) => sameKey(r, rr))
      const label = `[name='${norm(rr.Name)}', type='${rr.Type}'${rr.SetIdentifier ? `, set-identifier='${rr.SetIdentifier}'` : ''}]`
      if (c.Action === 'CREATE') {
        if (at >= 0) throw changeBatchError(`Tried to create resource record set ${label} but it already exists`)
        next.push(structuredClone(rr))
      } else if (c.Action === 'DELETE') {
        if (at < 0) throw changeBatchError(`Tried to delete resource record set ${label} but it was not found`)
        if (!sameValues(next[at], rr)) throw changeBatchError(`Tried to delete resource record set ${label} but the values provided do not match the current values`)
        next.splice(at, 1)
      } else {
        if (at >= 0) next[at] = structuredClone(rr)
        else next.push(structuredClone(rr))
      }
    }
    this.records = next
  }

  list(name: string, type?: string, setId?: string, max = 100): ResourceRecordSet[] {
    const sorted = [...this.records].sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
    const start = `${norm(name).split('.').reverse().join('.')} ${type ?? ''} ${setId ?? ''}`.trimEnd()
    return structuredClone(sorted.filter((r) => sortKey(r) >= start).slice(0, max))
  }

  mock(clients: AwsClients) {
    const r53 = mockClient(clients.route53)
    r53.on(GetHostedZoneCommand).callsFake(async (input) => {
      if (input.Id !== ZONE_ID) throw Object.assign(new Error(`No hosted zone found with ID: ${input.Id}`), { name: 'NoSuchHostedZone' })
      return { HostedZone: { Id: `/hostedzone/${ZONE_ID}`, Name: ZONE_NAME, CallerReference: 'x' }, DelegationSet: { NameServers: [] } }
    })
    r53.on(ListHostedZonesByNameCommand).callsFake(async () => ({
      HostedZones: [{ Id: `/hostedzone/${ZONE_ID}`, Name: ZONE_NAME, CallerReference: 'x', Config: { PrivateZone: false } }]
    }))
    r53.on(ListResourceRecordSetsCommand).callsFake(async (input) => {
      if (this.throttleLists > 0) {
        this.throttleLists--
        throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $fault: 'client' })
      }
      const max = Number(input.MaxItems ?? 100)
      const page = this.list(input.StartRecordName, input.StartRecordType, input.StartRecordIdentifier, max)
      return { ResourceRecordSets: page, IsTruncated: false, MaxItems: max }
    })
    r53.on(ChangeResourceRecordSetsCommand).callsFake(async (input) => {
      const changes = input.ChangeBatch.Changes as Change[]
      const failure = this.failChange?.(changes)
      if (failure) throw failure
      this.apply(changes)
      this.batches.push(structuredClone(changes))
      const id = `C${++this.changeSeq}`
      this.pending.set(id, this.pendingPolls)
      return { ChangeInfo: { Id: `/change/${id}`, Status: 'PENDING', SubmittedAt: new Date() } }
    })
    r53.on(GetChangeCommand).callsFake(async (input) => {
      const id = input.Id.replace('/change/', '')
      const left = this.pending.get(id) ?? 0
      this.pending.set(id, left - 1)
      return { ChangeInfo: { Id: id, Status: left > 0 ? 'PENDING' : 'INSYNC', SubmittedAt: new Date() } }
    })
    return r53
  }
}

/** What the fake stack's record resource writes when it is on. */
export interface StackRecordSpec {
  logicalId: string
  /** The record CloudFormation creates, computed from the parameters (and the resources the stack has). */
  record: (params: Record<string, string>) => ResourceRecordSet
  /** Alias records are retried while the name is taken; plain ones fail at once. */
  alias: boolean
}

export interface StackOptions {
  name?: string
  zone: FakeZone
  spec: StackRecordSpec
  enableKey?: string
  /** Other resources, logical id → physical id. */
  resources?: Record<string, string>
  /** Output values by name; added outputs (BluegreenRecordAtt…) are answered from here when the template asks for them. */
  outputs?: Record<string, string>
  /** Polls an alias create keeps retrying before CloudFormation gives up. */
  aliasRetries?: number
}

type Script = (() => void)[]

/** One stack in CloudFormation, with operations that unfold over successive DescribeStackEvents polls. */
export class FakeStack {
  readonly name: string
  readonly id: string
  status?: string
  parameters: Record<string, string> = {}
  body = ''
  events: StackEvent[] = []
  resources = new Map<string, StackResource>()
  /** Fails the next update that turns the record on (another resource fails), with this reason. */
  failNextEnable?: { logicalId: string; reason: string; afterRecord?: boolean }
  /** CloudFormation refuses to adopt even an identical record (it then fails as for differing values). */
  refuseAdoption = false
  /** Answer for DescribeStackResources by physical id (another stack holding the record). */
  ownerByPhysicalId?: { stackName: string; logicalId: string; physicalId: string; template?: string }
  /** The operations executed, in order. */
  readonly operations: { type: string; params: Record<string, string> }[] = []
  private script: Script = []
  private seq = 0
  private changeSets = new Map<string, { params: Record<string, string>; body: string; type: string }>()

  constructor(private readonly o: StackOptions) {
    this.name = o.name ?? 'web'
    this.id = `arn:aws:cloudformation:us-east-1:123456789012:stack/${this.name}/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab`
  }

  get enableKey(): string {
    return this.o.enableKey ?? 'Route53Enable'
  }

  private emit(logicalId: string, type: string, status: string, reason?: string, physicalId?: string): void {
    const isStack = logicalId === this.name
    this.events.unshift({
      StackId: this.id,
      StackName: this.name,
      EventId: `e${++this.seq}`,
      LogicalResourceId: logicalId,
      PhysicalResourceId: isStack ? this.id : (physicalId ?? this.resources.get(logicalId)?.PhysicalResourceId ?? ''),
      ResourceType: type,
      ResourceStatus: status as StackEvent['ResourceStatus'],
      ResourceStatusReason: reason,
      Timestamp: new Date(1_700_000_000_000 + this.seq * 1000)
    })
    if (isStack) this.status = status
  }

  private setResource(logicalId: string, type: string, status: string, physicalId: string): void {
    this.resources.set(logicalId, {
      LogicalResourceId: logicalId,
      PhysicalResourceId: physicalId,
      ResourceType: type,
      ResourceStatus: status as StackResource['ResourceStatus'],
      StackName: this.name,
      StackId: this.id,
      Timestamp: new Date()
    })
  }

  recordOn(params: Record<string, string>): boolean {
    return params[this.enableKey] === 'true'
  }

  private storedRetains(): boolean {
    try {
      return parseTemplate(this.body).Resources[this.o.spec.logicalId]?.DeletionPolicy === 'Retain'
    } catch {
      return false
    }
  }

  private outputs(): { OutputKey: string; OutputValue: string }[] {
    let declared: string[] = []
    try {
      declared = Object.keys(parseTemplate(this.body).Outputs ?? {})
    } catch {
      declared = []
    }
    return declared.filter((k) => this.o.outputs?.[k] !== undefined).map((k) => ({ OutputKey: k, OutputValue: this.o.outputs![k] }))
  }

  /** Builds the operation's script: each step runs on one DescribeStackEvents poll. */
  private plan(type: string, params: Record<string, string>, body: string): void {
    const creating = type === 'CREATE'
    const op = creating ? 'CREATE' : 'UPDATE'
    const spec = this.o.spec
    const wasOn = this.resources.has(spec.logicalId)
    const on = this.recordOn(params)
    const previous = { params: this.parameters, body: this.body }
    const failure = on && !wasOn ? this.failNextEnable : undefined
    if (failure) this.failNextEnable = undefined
    const stackType = 'AWS::CloudFormation::Stack'
    const s: Script = []
    let createdRecord: ResourceRecordSet | undefined
    const rollback = (reason: string) => {
      s.push(() => this.emit(this.name, stackType, creating ? 'ROLLBACK_IN_PROGRESS' : 'UPDATE_ROLLBACK_IN_PROGRESS', reason))
      s.push(() => {
        if (createdRecord) {
          this.o.zone.apply([{ Action: 'DELETE', ResourceRecordSet: createdRecord }])
          this.resources.delete(spec.logicalId)
          this.emit(spec.logicalId, 'AWS::Route53::RecordSet', 'DELETE_COMPLETE')
        }
        this.parameters = previous.params
        this.body = previous.body
        this.emit(this.name, stackType, creating ? 'ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_COMPLETE')
      })
    }
    const finish = () => {
      s.push(() => {
        this.parameters = params
        this.body = body
        for (const [id, physical] of Object.entries(this.o.resources ?? {})) if (!this.resources.has(id)) this.setResource(id, 'AWS::EC2::EIP', `${op}_COMPLETE`, physical)
        if (!creating) this.emit(this.name, stackType, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS')
      })
      s.push(() => this.emit(this.name, stackType, `${op}_COMPLETE`))
    }
    s.push(() => this.emit(this.name, stackType, `${op}_IN_PROGRESS`, 'User Initiated'))
    if (failure && !failure.afterRecord) {
      s.push(() => this.emit(failure.logicalId, 'AWS::EC2::EIP', 'UPDATE_FAILED', failure.reason))
      rollback('The following resource(s) failed to update: [' + failure.logicalId + '].')
      this.script = s
      return
    }
    if (on && !wasOn) {
      const record = spec.record(params)
      const label = `[name='${norm(record.Name)}', type='${record.Type}']`
      let tries = 0
      const attempt = (): void => {
        const existing = this.o.zone.find(record.Name!, record.Type!, record.SetIdentifier)
        if (existing.length === 0) {
          this.o.zone.apply([{ Action: 'CREATE', ResourceRecordSet: record }])
          createdRecord = record
          this.setResource(spec.logicalId, 'AWS::Route53::RecordSet', 'CREATE_COMPLETE', norm(record.Name).replace(/\.$/, ''))
          this.emit(spec.logicalId, 'AWS::Route53::RecordSet', 'CREATE_COMPLETE')
          afterCreate()
        } else if (existing.length === 1 && sameValues(existing[0], record) && !this.refuseAdoption) {
          // "Making no-op change to get a ChangeId": the identical record is adopted.
          this.setResource(spec.logicalId, 'AWS::Route53::RecordSet', 'CREATE_COMPLETE', norm(record.Name).replace(/\.$/, ''))
          this.emit(spec.logicalId, 'AWS::Route53::RecordSet', 'CREATE_COMPLETE')
          afterCreate()
        } else if (spec.alias && ++tries < (this.o.aliasRetries ?? 30)) {
          s.unshift(attempt) // retried on the next poll: CloudFormation keeps the record CREATE_IN_PROGRESS
        } else {
          this.emit(spec.logicalId, 'AWS::Route53::RecordSet', 'CREATE_FAILED', `[Tried to create resource record set ${label} but it already exists]`)
          rollback(`The following resource(s) failed to create: [${spec.logicalId}].`)
        }
      }
      const afterCreate = () => {
        if (failure?.afterRecord) {
          s.push(() => this.emit(failure.logicalId, 'AWS::EC2::EIP', 'UPDATE_FAILED', failure.reason))
          rollback('The following resource(s) failed to update: [' + failure.logicalId + '].')
        } else finish()
      }
      const step = () => {
        this.emit(spec.logicalId, 'AWS::Route53::RecordSet', 'CREATE_IN_PROGRESS', undefined, '')
        if (!spec.alias)
          attempt() // the plain record's create is answered in the same moment
        else s.unshift(attempt)
      }
      s.push(step)
    } else if (!on && wasOn) {
      s.push(() => {
        const retain = this.storedRetains()
        if (!retain) {
          const held = this.o.zone.find(spec.record(this.parameters).Name!, spec.record(this.parameters).Type!)
          if (held.length) this.o.zone.apply([{ Action: 'DELETE', ResourceRecordSet: held[0] }])
        }
        this.resources.delete(spec.logicalId)
        this.emit(spec.logicalId, 'AWS::Route53::RecordSet', retain ? 'DELETE_SKIPPED' : 'DELETE_COMPLETE')
      })
      finish()
    } else {
      finish()
    }
    this.script = s
  }

  private describe() {
    return {
      StackName: this.name,
      StackId: this.id,
      StackStatus: this.status as never,
      CreationTime: new Date(),
      Parameters: Object.entries(this.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
      Outputs: this.outputs()
    }
  }

  mock(clients: AwsClients) {
    const cfn = mockClient(clients.cloudformation)
    const missing = () => cfnError('ValidationError', `Stack with id ${this.name} does not exist`)
    cfn.on(DescribeStacksCommand).callsFake(async (input) => {
      // a deleted stack is found by its id, no longer by its name
      if (!this.status || (this.status === 'DELETE_COMPLETE' && input.StackName === this.name)) throw missing()
      return { Stacks: [this.describe()] }
    })
    cfn.on(DeleteStackCommand).callsFake(async () => {
      this.script = [
        () => this.emit(this.name, 'AWS::CloudFormation::Stack', 'DELETE_IN_PROGRESS', 'User Initiated'),
        () => {
          this.resources.clear()
          this.emit(this.name, 'AWS::CloudFormation::Stack', 'DELETE_COMPLETE')
        }
      ]
      return {}
    })
    cfn.on(CreateChangeSetCommand).callsFake(async (input) => {
      const params: Record<string, string> = {}
      for (const p of (input.Parameters ?? []) as Parameter[]) params[p.ParameterKey!] = p.ParameterValue ?? ''
      if (input.ChangeSetType === 'CREATE' && (!this.status || this.status === 'DELETE_COMPLETE')) {
        this.status = 'REVIEW_IN_PROGRESS'
        this.events = []
      }
      const id = `arn:aws:cloudformation:us-east-1:123456789012:changeSet/${input.ChangeSetName}/1`
      this.changeSets.set(id, { params, body: input.TemplateBody!, type: input.ChangeSetType! })
      return { Id: id, StackId: this.id }
    })
    cfn.on(DescribeChangeSetCommand).callsFake(async (input) => {
      const cs = this.changeSets.get(input.ChangeSetName!)!
      const same = cs.body === this.body && JSON.stringify(cs.params) === JSON.stringify(this.parameters)
      if (same && cs.type === 'UPDATE') {
        return {
          Status: 'FAILED',
          StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set.",
          StackId: this.id,
          StackName: this.name,
          Changes: []
        }
      }
      const on = this.recordOn(cs.params)
      const has = this.resources.has(this.o.spec.logicalId)
      const action = on && !has ? 'Add' : !on && has ? 'Remove' : 'Modify'
      return {
        Status: 'CREATE_COMPLETE',
        StackId: this.id,
        StackName: this.name,
        Changes: [
          {
            Type: 'Resource',
            ResourceChange: {
              Action: action,
              LogicalResourceId: action === 'Modify' ? 'AppIp' : this.o.spec.logicalId,
              ResourceType: action === 'Modify' ? 'AWS::EC2::EIP' : 'AWS::Route53::RecordSet',
              Replacement: 'False'
            }
          }
        ]
      }
    })
    cfn.on(ExecuteChangeSetCommand).callsFake(async (input) => {
      const cs = this.changeSets.get(input.ChangeSetName!)!
      this.operations.push({ type: cs.type, params: cs.params })
      this.plan(cs.type, cs.params, cs.body)
      return {}
    })
    cfn.on(DeleteChangeSetCommand).resolves({})
    cfn.on(ListChangeSetsCommand).resolves({ Summaries: [] })
    cfn.on(ContinueUpdateRollbackCommand).resolves({})
    cfn.on(DescribeStackEventsCommand).callsFake(async () => {
      if (!this.status) throw missing()
      const next = this.script.shift()
      next?.()
      return { StackEvents: structuredClone(this.events) }
    })
    cfn.on(DescribeStackResourcesCommand).callsFake(async (input) => {
      if (input.PhysicalResourceId) {
        const owner = this.ownerByPhysicalId
        if (owner && owner.physicalId === input.PhysicalResourceId) {
          return {
            StackResources: [
              {
                StackName: owner.stackName,
                StackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${owner.stackName}/1`,
                LogicalResourceId: owner.logicalId,
                PhysicalResourceId: owner.physicalId,
                ResourceType: 'AWS::Route53::RecordSet',
                ResourceStatus: 'CREATE_COMPLETE',
                Timestamp: new Date()
              }
            ]
          }
        }
        throw cfnError('ValidationError', `Stack for ${input.PhysicalResourceId} does not exist`)
      }
      if (!this.status) throw missing()
      return { StackResources: structuredClone([...this.resources.values()]) }
    })
    // AWS pages ListStackResources by 100: the model does too
    cfn.on(ListStackResourcesCommand).callsFake(async (input) => {
      if (!this.status) throw missing()
      const all = [...this.resources.values()].map((r) => ({ ...structuredClone(r), LastUpdatedTimestamp: r.Timestamp ?? new Date() }))
      const from = Number(input.NextToken ?? 0)
      const next = from + 100 < all.length ? String(from + 100) : undefined
      return { StackResourceSummaries: all.slice(from, from + 100), NextToken: next }
    })
    cfn.on(GetTemplateCommand).callsFake(async (input) => {
      const other = this.ownerByPhysicalId
      if (other && input.StackName === other.stackName) {
        if (!other.template) throw cfnError('ValidationError', `Stack with id ${other.stackName} does not exist`)
        return { TemplateBody: other.template }
      }
      if (!this.status) throw missing()
      return { TemplateBody: this.body }
    })
    return cfn
  }
}

/** Fresh SDK clients (never sent over the network: every call is answered by the model). */
export function modelClients(): AwsClients {
  return createClients({ region: 'us-east-1', maxAttempts: 1 })
}
