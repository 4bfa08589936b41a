/**
 * gotemplate — Go's text/template, faithfully, in TypeScript.
 *
 * Lexer, parser and executor with Go's grammar, semantics and error messages (helm prints
 * them verbatim), Go's fmt verbs (`sprintf`, `sprint`, `sprintln`) and strconv quoting, over
 * the Go value model of `value.ts` (bigint ints, number float64s, plain-object maps, GoStruct).
 *
 * Imports nothing from the rest of the project (it is the bottom of the dependency graph).
 *
 * Example:
 *   const set = new TemplateSet(new Map([['upper', func(['string'], (s: string) => s.toUpperCase())]]),
 *     { missingKey: 'zero' });
 *   set.parse('t.yaml', '{{ define "x" }}{{ .a | upper }}{{ end }}v: {{ template "x" .Values }}');
 *   set.execute('t.yaml', { Values: { a: 'hi' } });   // 'v: HI'
 * Reuse (the engine renders one chart many times): `parseTree(name, text)` parses a file once
 * and `set.addTree(tree)` adds it to any set (same result and errors as `set.parse`); or pass one
 * `ParseCache` as `{ parseCache }` to the sets. `clone()` is O(1) (copy-on-write), for `tpl`.
 * Errors: TemplateParseError (code ETEMPLATE_PARSE, `template: t.yaml:1: function "x" not defined`),
 * TemplateExecError (code ETEMPLATE_EXEC, `template: t.yaml:1:13: executing "t.yaml" at <.a.b>: …`).
 */

export { htmlEscapeString, jsEscapeString, queryEscape } from './builtins.js';
export { TemplateExecError, TemplateParseError } from './errors.js';
export type { MissingKey } from './exec.js';
export { sprint, sprintf, sprintln } from './fmt.js';
export { ParseCache, type ParsedTree, parseTree } from './parse-cache.js';
export { canBackquote, formatFloat, quote, quoteRune, unquote } from './strconv.js';
export { MAX_EXEC_DEPTH, TemplateSet, type TemplateSetOptions } from './template-set.js';
export * from './value.js';
