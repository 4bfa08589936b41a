/**
 * Typed errors of the repo module. Every error a user can cause carries a stable `code`
 * (printed by the CLI as one clear message); callers branch on `code`, never on message text.
 */
export type RepoErrorCode =
  | 'REPO_NOT_FOUND'
  | 'REPO_EXISTS'
  | 'REPO_INVALID_NAME'
  | 'REPO_UNREACHABLE'
  | 'REPO_AUTH'
  | 'REPO_NO_REPOSITORIES'
  | 'REPO_UPDATE_FAILED'
  | 'INDEX_MALFORMED'
  | 'INDEX_MISSING'
  | 'CHART_NOT_FOUND'
  | 'CHART_VERSION_NOT_FOUND'
  | 'CHART_INVALID'
  | 'CHART_REF_INVALID'
  | 'DIGEST_MISMATCH'
  | 'ARCHIVE_UNSAFE'
  | 'ARCHIVE_TOO_LARGE'
  | 'ARCHIVE_INVALID'
  | 'HTTP_ERROR'
  | 'OCI_ERROR'
  | 'OCI_AUTH'
  | 'CONSTRAINT_INVALID'
  | 'DEPENDENCY_ERROR'
  | 'LOCK_OUT_OF_SYNC'
  | 'FILE_EXISTS'
  | 'SEARCH_NO_RESULTS'
  | 'INVALID_ARGUMENT';

export class RepoError extends Error {
  readonly code: RepoErrorCode;
  constructor(code: RepoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RepoError';
    this.code = code;
  }
}

/** The message of anything thrown, without a stack. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
