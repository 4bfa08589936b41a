/**
 * Typed errors of the orchestrator. Every error has a stable `code` (callers branch on it, never
 * on the message) and, when it comes from a file, where: `file:line:column`.
 */

export type StackErrorCode =
  | 'ESTATE_READ' // the state file (or a values file) cannot be read
  | 'ESTATE_YAML' // YAML syntax
  | 'ESTATE_SCHEMA' // the state file does not match schema/releases.schema.json
  | 'ESTATE_TEMPLATE' // a .gotmpl / .hbs template failed to parse or execute
  | 'EENV_UNKNOWN' // -e names an environment that is not declared
  | 'EVALUES_MISSING' // a values file does not exist and missingFileHandler is Error
  | 'EVALUES' // values could not be merged (bad --set syntax, a non-map document)
  | 'EDUPLICATE' // two releases share namespace/name
  | 'ENEEDS_UNKNOWN' // needs names a release that is not declared
  | 'ENEEDS_CYCLE' // needs form a cycle
  | 'ESELECTOR' // a -l selector does not parse
  | 'EHOOK' // a local hook command failed
  | 'ERENDER' // releases could not be rendered or observed, so nothing was changed
  | 'EFAILED' // some releases failed (the run's summary says which)
  | 'ELOCK' // releases.lock is unreadable or out of date
  | 'ELOCKED' // another run holds the stack's lease
  | 'EPLAN' // a saved plan does not match this stack, environment or the live cluster
  | 'EDEADLINE' // --deadline passed
  | 'EREVISION' // a stack revision record is corrupted or missing
  | 'EINTERRUPTED'; // cancelled (SIGINT/SIGTERM) before anything was changed

/** Where in a file something is (1-based line and column; 0 when unknown). */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export function formatPos(pos: SourcePos): string {
  if (pos.line <= 0) return pos.file;
  return pos.column > 0 ? `${pos.file}:${pos.line}:${pos.column}` : `${pos.file}:${pos.line}`;
}

export class StackError extends Error {
  readonly code: StackErrorCode;
  readonly pos: SourcePos | undefined;
  /** `inMessage: false` when the message already names the place (Go template errors do). */
  constructor(
    code: StackErrorCode,
    message: string,
    options: { pos?: SourcePos | undefined; cause?: unknown; inMessage?: boolean } = {},
  ) {
    super(options.pos && options.inMessage !== false ? `${formatPos(options.pos)}: ${message}` : message, {
      cause: options.cause,
    });
    this.name = 'StackError';
    this.code = code;
    this.pos = options.pos;
  }
}

/** One problem of a schema validation, located in the file. */
export interface SchemaProblem {
  readonly pos: SourcePos;
  /** JSON pointer into the document, e.g. `/releases/2/valuez`. */
  readonly path: string;
  /** The schema location that failed, e.g. `#/$defs/release/additionalProperties`. */
  readonly schemaPath: string;
  readonly message: string;
}

/** The state file does not match the schema: every problem, each with file:line:column. */
export class StateSchemaError extends StackError {
  readonly problems: readonly SchemaProblem[];
  constructor(problems: readonly SchemaProblem[]) {
    super(
      'ESTATE_SCHEMA',
      `the state file does not match schema/releases.schema.json:\n${problems
        .map((p) => `  ${formatPos(p.pos)}: ${p.path || '/'}: ${p.message} (schema ${p.schemaPath})`)
        .join('\n')}`,
    );
    this.problems = problems;
  }
}

/** `needs` form a cycle; `cycle` lists release ids, first repeated at the end. */
export class NeedsCycleError extends StackError {
  constructor(readonly cycle: readonly string[]) {
    super(
      'ENEEDS_CYCLE',
      `releases need each other in a cycle: ${cycle.join(' -> ')}; remove one of these needs`,
    );
  }
}

/** Throws when `signal` is aborted, saying that nothing was changed (planning is read-only). */
export function throwIfInterrupted(signal: AbortSignal): void {
  if (signal.aborted) {
    throw new StackError('EINTERRUPTED', 'interrupted before anything was changed', { cause: signal.reason });
  }
}

/** Did the user cancel (SIGINT/SIGTERM → the AbortSignal)? */
export function isAbort(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  return (
    err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR')
  );
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
