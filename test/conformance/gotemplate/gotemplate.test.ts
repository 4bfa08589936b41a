/**
 * Conformance of bosun's gotemplate with Go's text/template as the real helm runs it.
 *
 * Output cases: ONE helm 4 run renders every case through `tpl` (so a case may contain any
 * template text, even invalid YAML) and prints it base64-encoded. Error cases: helm stops at the
 * first error, so each runs alone (helm 4; its reflowed exec messages are joined back into Go's form).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { parseYaml } from '../../../src/encoding/index.js';
import { TemplateExecError, TemplateParseError, TemplateSet } from '../../../src/gotemplate/index.js';
import { helmTemplateFiles, splitBySource } from '../../support/oracle.js';
import { errorCases, type OutputCase, outputCases } from './cases.js';

const FILE = 't/templates/case.yaml';

function ours(c: OutputCase): string {
  const set = new TemplateSet(new Map(), { missingKey: 'zero' });
  set.parse(FILE, c.template);
  const values = c.values ? parseYaml(c.values) : {};
  return set.execute(FILE, { Values: values ?? {} }).replaceAll('<no value>', '');
}

/** What helm prints for our error (helm rewrites parse errors; see pkg/engine cleanupParseError). */
function helmStyle(e: unknown): string {
  if (e instanceof TemplateParseError) {
    const tokens = e.message.split(': ');
    return `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
  }
  if (e instanceof TemplateExecError) return e.message;
  throw e;
}

/**
 * Go's message from helm 4's stderr. helm 4 prints an exec error either as Go wrote it, or reflowed
 * as "FILE:L:C\n  executing "X" at <N>:\n    MSG" (pkg/engine reformatExecErrorMsg).
 */
function goMessage(stderr: string): string | undefined {
  const start = stderr.indexOf('Error: ');
  if (start < 0) return undefined;
  const text = stderr.slice(start + 'Error: '.length).split('\n\nUse --debug')[0]!;
  const lines = text.split('\n');
  const m = /^ {2}(executing ".*" at <.*>):$/.exec(lines[1] ?? '');
  if (lines.length >= 3 && m) return `template: ${lines[0]}: ${m[1]}: ${lines.slice(2).join('\n').trim()}`;
  return lines[0];
}

describe('gotemplate output matches helm', () => {
  const helmOut = new Map<string, string>();
  beforeAll(async () => {
    const files: Record<string, string> = {};
    let tpl = '';
    outputCases.forEach((c, i) => {
      files[`cases/${i}.txt`] = c.template;
      tpl += `c${i}: {{ tpl (.Files.Get "cases/${i}.txt") . | b64enc | quote }}\n`;
    });
    // All cases share one values file: merge them (cases use disjoint or identical values).
    const values = outputCases.find((c) => c.values)?.values ?? '';
    const r = await helmTemplateFiles({ ...files, 'templates/all.yaml': tpl, 'values.yaml': values });
    if (r.code !== 0) throw new Error(`helm failed: ${r.stderr}`);
    const doc = splitBySource(r.stdout).get('t/templates/all.yaml') ?? '';
    for (const line of doc.split('\n')) {
      const m = /^c(\d+): "(.*)"$/.exec(line);
      if (m) helmOut.set(outputCases[Number(m[1])]!.name, Buffer.from(m[2]!, 'base64').toString('utf8'));
    }
  }, 120_000);

  test.for(outputCases)('$name', (c) => {
    expect(helmOut.has(c.name)).toBe(true);
    expect(ours(c)).toBe(helmOut.get(c.name));
  });
});

describe('gotemplate errors match helm', () => {
  const helmErr = new Map<string, string>();
  beforeAll(async () => {
    const queue = [...errorCases];
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const r = await helmTemplateFiles({
          'templates/case.yaml': c.template,
          'values.yaml': c.values ?? '',
        });
        helmErr.set(c.name, goMessage(r.stderr) ?? `exit ${r.code}: ${r.stdout}`);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  }, 300_000);

  test.for(errorCases)('$name', (c) => {
    let got: string;
    try {
      got = `no error: ${ours(c)}`;
    } catch (e) {
      got = helmStyle(e);
    }
    expect(got).toBe(helmErr.get(c.name));
  });
});
