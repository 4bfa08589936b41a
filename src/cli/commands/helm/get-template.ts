/**
 * `bosun helm get all RELEASE --template T` (helm's only release command with --template): the
 * flag. releases-run.ts prints `executeReleaseTemplate(T, release)` (action) without an added
 * newline, as helm writes it. This file is loaded while the command tree is built, so it must not
 * import action or anything else heavy at run time.
 */
import type { Command } from 'commander';

/** Adds helm's `--template` flag to `get all`. */
export function addGetTemplateFlag(cmd: Command): void {
  cmd.option('--template <template>', 'go template for formatting the output, eg: {{.Release.Name}}');
}
