// Types of scripts/fault-proxy.mjs (plain ESM so the benchmark can run it without a build).

export type FaultKind = 'throttle' | 'priorRequestNotComplete' | 'serverError' | 'unavailable' | 'reset' | 'resetAfterForward'

/** What happens to one request. Probabilities are in [0, 1]; their sum should stay at most 1. */
export interface FaultRule {
  /** Added before every answer (faulted or not): latencyMs + jitterMs × a seeded draw in [0, 1). */
  latencyMs?: number
  jitterMs?: number
  /** Throttling in the service's format: CloudFormation/Route 53 400 Throttling, API Gateway 429 TooManyRequestsException. */
  throttle?: number
  /** Route 53 only: 400 PriorRequestNotComplete. Ignored for other services. */
  priorRequestNotComplete?: number
  /** 500 InternalFailure. */
  serverError?: number
  /** 503 ServiceUnavailable (API Gateway: ServiceUnavailableException). */
  unavailable?: number
  /** The connection is destroyed before the request reaches moto. */
  reset?: number
  /** The request reaches moto and runs; then the connection is destroyed instead of answering. */
  resetAfterForward?: number
}

export interface SlowCloudFormationSettings {
  /** How long each stack operation reads as *_IN_PROGRESS after moto finished it. 0 turns the mode off. */
  durationMs: number
  /** Each operation takes up to this much longer, drawn per operation from `seed` (default 0). */
  jitterMs?: number
  seed?: number
  /** One *_IN_PROGRESS and one *_COMPLETE event per resource, spread over durationMs (default true). */
  resourceEvents?: boolean
  /**
   * The next operation of this kind (only that one) stays *_IN_PROGRESS until `release()`, however long the
   * test takes to get there: its resource events still show over durationMs, its terminal event at the release.
   */
  hold?: { kind: 'CREATE' | 'UPDATE' | 'DELETE' | 'ROLLBACK'; /** only an operation of this stack */ stackName?: string }
}

export interface FaultProxySettings {
  /** Seed of all fault and jitter draws (one stream per service:operation). Default 1. */
  seed?: number
  /**
   * Rules by key: '*' (every AWS service), a service ('cloudformation', 'apigateway', 'apigatewayv2',
   * 'route53') or 'service:Operation' (e.g. 'cloudformation:ExecuteChangeSet'); merged in that order.
   */
  rules?: Record<string, FaultRule>
  slowCloudFormation?: SlowCloudFormationSettings | null
  /** Answer a retried CloudFormation call with the same ClientRequestToken from memory, as AWS does. Default true. */
  idempotentTokens?: boolean
  /** Split moto's one-page CloudFormation lists into AWS's pages (default true; see scripts/fault-proxy/paging.mjs). */
  paging?: boolean
  /** Oldest records are dropped beyond this many. Default 200000. */
  maxRecords?: number
}

export interface FaultProxyOptions extends FaultProxySettings {
  /** The emulator's URL, e.g. moto's http://127.0.0.1:PORT. */
  target: string
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
}

export interface RequestRecord {
  seq: number
  /** Epoch ms when the request arrived. */
  at: number
  service: string
  operation: string
  method: string
  path: string
  /** The call changes something (CloudFormation Create/Update/Delete/Execute..., or a REST call other than GET/HEAD). */
  write: boolean
  /** sha256 of the request body, first 16 hex digits. */
  bodyHash: string
  /** ClientRequestToken (or CreateChangeSet's ClientToken). */
  token?: string
  /** CloudFormation form parameters (TemplateBody only as its length). */
  params?: Record<string, string>
  fault?: FaultKind
  delayMs: number
  /** HTTP status answered (for resetAfterForward: moto's, which the client never got); 0 for a reset before moto. */
  status: number
  /** moto received the request. */
  forwarded: boolean
  /** Answered from the ClientRequestToken memory without reaching moto. */
  replayed: boolean
  /** Refused by the slow CloudFormation mode because the stack is busy (as AWS refuses it). */
  refused: boolean
}

export interface ServiceStats {
  count: number
  perMinute: number
  operations: Record<string, number>
  faults: Partial<Record<FaultKind, number>>
}

export interface ProxyStats {
  total: number
  from: number
  to: number
  services: Record<string, ServiceStats>
  faults: Partial<Record<FaultKind, number>>
  /** Sum of added latency. */
  delayMs: number
}

export interface Duplicate {
  service: string
  operation: string
  bodyHash: string
  token?: string
  seqs: number[]
}

/** One stack operation the slow CloudFormation mode stretched. */
export interface StackOperation {
  stackId: string
  stackName?: string
  kind: 'CREATE' | 'UPDATE' | 'DELETE' | 'ROLLBACK'
  /** The *_IN_PROGRESS status shown meanwhile. */
  status: string
  /** Epoch ms: when moto finished the call (the operation "started"). */
  start: number
  /** Epoch ms: when the stack reads its final status (earlier when a delete superseded a create); Infinity while held. */
  until: number
  /** Held open by the `hold` setting until `release()`. */
  held: boolean
}

export interface FaultProxy {
  url: string
  port: number
  /** Changes settings at run time (top-level keys replace the current ones; a new seed restarts the draws). */
  configure(changes: Partial<FaultProxySettings>): FaultProxySettings
  config(): FaultProxySettings
  requests(filter?: { service?: string; operation?: string }): RequestRecord[]
  stats(window?: { since?: number; until?: number }): ProxyStats
  /** Writes moto carried out more than once with the same body (a retry that AWS would not have run twice). */
  duplicates(): Duplicate[]
  /** The slowed stack operations, oldest first: the benchmark's "stack reached its final state" times. */
  stackOperations(): StackOperation[]
  /** Ends the operation held by `slowCloudFormation.hold` now (and disarms the hold). */
  release(): void
  /** Forgets records, slow stacks and token answers, and restarts the seeded draws. */
  reset(): void
  close(): Promise<void>
}

export declare const FAULT_KINDS: FaultKind[]
export declare function ruleFor(rules: Record<string, FaultRule>, service: string, operation: string): FaultRule
export declare function pickFault(rule: FaultRule, u: number, service: string): FaultKind | undefined
export declare function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy>
