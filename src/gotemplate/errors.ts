/**
 * Typed template errors. Their messages are Go's text/template messages, byte for byte, because
 * helm prints them (and rewrites some of them) verbatim.
 */

/** A template failed to parse: `template: NAME:LINE: MESSAGE`. */
export class TemplateParseError extends Error {
  readonly code = 'ETEMPLATE_PARSE';
  constructor(
    message: string,
    /** Name of the template being parsed (Go: ParseName). */
    readonly templateName: string,
    readonly line: number,
    /** Go reports no column for parse errors; 0. */
    readonly column = 0,
  ) {
    super(message);
    this.name = 'TemplateParseError';
  }
}

/**
 * A template failed while executing:
 * `template: FILE:LINE:COL: executing "NAME" at <NODE>: MESSAGE`.
 */
export class TemplateExecError extends Error {
  readonly code = 'ETEMPLATE_EXEC';
  constructor(
    message: string,
    /** The template executing when the error happened (Go: ExecError.Name). */
    readonly templateName: string,
    /** Where: the file the node was parsed from, its line and byte column (0 when unknown). */
    readonly file: string,
    readonly line: number,
    readonly column: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TemplateExecError';
  }
}
