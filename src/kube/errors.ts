/** Typed errors of the kube module; callers branch on `code` or `instanceof`, never on text. */

export class KubeError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** No usable kubeconfig, an unknown context, unreadable credentials. */
export class KubeConfigError extends KubeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('EKUBECONFIG', message, options);
  }
}

/** A Kubernetes `Status` failure from the API server; keeps its reason and HTTP code. */
export class KubeApiError extends KubeError {
  constructor(
    /** HTTP status (the Status `code`). */
    readonly statusCode: number,
    /** The Status `reason`, e.g. NotFound, AlreadyExists, Conflict, Invalid, TooManyRequests. */
    readonly reason: string,
    message: string,
    /** The Status `details` (causes of an Invalid, the conflicting field managers, …). */
    readonly details?: unknown,
    /** What was being done, e.g. `PATCH /apis/apps/v1/namespaces/x/deployments/web`. */
    readonly request?: string,
  ) {
    super('EKUBEAPI', message);
  }
}

/** The API server could not be reached (refused, reset, TLS failure) even after retries. */
export class KubeUnreachableError extends KubeError {
  constructor(server: string, cause: unknown) {
    super(
      'EKUBEUNREACHABLE',
      `Kubernetes cluster unreachable: ${(cause as Error)?.message ?? String(cause)} (${server})`,
      {
        cause,
      },
    );
  }
}

/** A kind the server does not serve (a CRD not installed yet). */
export class NoKindMatchError extends KubeError {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(
      'ENOKINDMATCH',
      `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}; ensure CRDs are installed first`,
    );
  }
}

/**
 * Some objects of an apply/create/delete batch failed; `errors` has one entry per failure. The
 * message names each failed object (`ref: message`, one a line) unless `bare` is set: then it is
 * the errors' own messages joined with `separator`, as helm 4 joins the failures of a release
 * (Update: " && ", Create: a newline).
 */
export class KubeBatchError extends KubeError {
  constructor(
    readonly verb: string,
    readonly errors: { ref: string; error: Error }[],
    readonly succeeded: number,
    format: { bare?: boolean; separator?: string } = {},
  ) {
    super(
      'EKUBEBATCH',
      errors
        .map((e) => (format.bare ? e.error.message : `${e.ref}: ${e.error.message}`))
        .join(format.separator ?? '\n'),
      { cause: errors[0]?.error },
    );
  }
}

export interface NotReady {
  ref: string;
  status: string;
  message: string;
}

/** Readiness was not reached before the deadline, or a resource failed. */
export class WaitError extends KubeError {
  constructor(
    readonly notReady: NotReady[],
    readonly timedOut: boolean,
  ) {
    super(
      timedOut ? 'EWAITTIMEOUT' : 'EWAITFAILED',
      [
        ...notReady.map((r) => `resource ${r.ref} not ready. status: ${r.status}, message: ${r.message}`),
        ...(timedOut ? ['context deadline exceeded'] : []),
      ].join('\n'),
    );
  }
}

/** Objects still present when waiting for their deletion timed out. */
export class WaitDeleteError extends KubeError {
  constructor(readonly remaining: string[]) {
    super(
      'EWAITDELETE',
      [...remaining.map((r) => `resource ${r} still exists`), 'context deadline exceeded'].join('\n'),
    );
  }
}

export function isNotFoundError(e: unknown): boolean {
  return e instanceof KubeApiError && e.statusCode === 404;
}
export function isConflictError(e: unknown): boolean {
  return e instanceof KubeApiError && e.statusCode === 409;
}

/** Credentials could not be obtained: an exec plugin failed or is missing, a token file is unreadable, an unsupported auth-provider. */
export class KubeAuthError extends KubeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('EKUBEAUTH', message, options);
  }
}
