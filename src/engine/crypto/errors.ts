/**
 * Errors raised by the crypto template functions.
 *
 * A template function reports a Go `error` (or a Go panic that text/template recovers) by
 * throwing; the executor prefixes `error calling NAME: `. The message is therefore exactly the
 * text Go would print, and the `code` lets callers branch without parsing it.
 */

export type CryptoErrorCode =
  /** A Go runtime panic reproduced with Go's message (slice bounds, makeslice, Intn). */
  | 'GO_PANIC'
  /** Input that sprig rejects: bad base64, a PEM block that is not a key, a bad IP… */
  | 'INVALID_INPUT'
  /** Certificate or key creation failed the way Go's crypto/x509 fails. */
  | 'X509'
  /** An argument of the wrong Go type (a map where sprig wants its certificate struct). */
  | 'WRONG_TYPE';

export class CryptoFuncError extends Error {
  override readonly name = 'CryptoFuncError';
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Go's runtime panic for `make([]T, n)` with a negative length. */
export function makesliceError(): CryptoFuncError {
  return new CryptoFuncError('GO_PANIC', 'runtime error: makeslice: len out of range');
}

/** math/rand's panic for `Intn(n)` with n <= 0. */
export function intnError(): CryptoFuncError {
  return new CryptoFuncError('GO_PANIC', 'invalid argument to Intn');
}
