/** An input the user gave that the action cannot use; raised before any AWS call. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Input '${input}': ${message}`)
    this.name = 'InputError'
  }
}

/** A failed AWS operation with its root cause and what a person can do next. */
export class DeployError extends Error {
  constructor(
    message: string,
    readonly rootCause?: string,
    readonly nextSteps?: string
  ) {
    super([message, rootCause ? `Root cause: ${rootCause}` : '', nextSteps ? `Next: ${nextSteps}` : ''].filter(Boolean).join('\n'))
    this.name = 'DeployError'
  }
}

export class TimeoutError extends DeployError {}

export function errorName(err: unknown): string {
  return (err as { name?: string })?.name ?? ''
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export function isThrottling(err: unknown): boolean {
  const name = errorName(err)
  return /Throttl|TooManyRequests|PriorRequestNotComplete|RequestLimitExceeded/.test(name) || /Rate exceeded/i.test(errorMessage(err))
}
