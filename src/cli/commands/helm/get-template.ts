/**
 * `bosun helm get all RELEASE --template T` (helm's only release command with --template): the
 * flag, and the output — the template executed over the release as helm 4's Go structs, written
 * without an added newline, as helm writes it.
 */
import type { Command } from 'commander';
import { executeReleaseTemplate } from '../../../action/index.js';
import type { Release } from '../../../release/index.js';

/** Adds helm's `--template` flag to `get all`. */
export function addGetTemplateFlag(cmd: Command): void {
  cmd.option('--template <template>', 'go template for formatting the output, eg: {{.Release.Name}}');
}

/** What `get all --template T` prints; throws the template's parse or exec error (helm: exit 1). */
export function getTemplateText(rel: Release, template: string): string {
  return executeReleaseTemplate(template, rel);
}
