/**
 * Runs template expressions through the real helm and returns what each one rendered, so the
 * crypto conformance tests can compare bosun's functions with sprig's at test time.
 *
 * Values travel base64-wrapped (`{{ EXPR | b64enc }}`) so that any bytes survive helm's YAML
 * step. Failing expressions each get their own helm run (helm stops at the first error).
 */
import { execFileSync } from 'node:child_process';
import { cryptoFuncs, systemRandom } from '../../../src/engine/crypto/index.js';
import { helmTemplateFiles, splitBySource } from '../../support/oracle.js';

/** bosun's functions with real randomness and the real clock, as helm has them. */
export const ours = cryptoFuncs({ random: systemRandom(), now: () => new Date() });

/** Calls one of bosun's crypto functions by its template name. */
export function call(name: string, ...args: unknown[]): any {
  const f = ours.get(name);
  if (!f) throw new Error(`no function ${name}`);
  return f.fn(...args);
}

/** A Go interpreted string literal for `s` (JSON escapes are valid Go escapes). */
export const lit = (s: string): string => JSON.stringify(s);

/** Renders each body (template text that may use `{{ define }}`d values) and returns the YAML-free output. */
export async function helmRender(bodies: readonly string[], args: readonly string[] = []): Promise<string[]> {
  const files: Record<string, string> = {};
  bodies.forEach((b, i) => {
    files[`templates/c${i}.yaml`] = b;
  });
  const res = await helmTemplateFiles(files, { args });
  if (res.code !== 0) throw new Error(`helm failed: ${res.stderr}`);
  const docs = splitBySource(res.stdout);
  return bodies.map((_, i) => docs.get(`t/templates/c${i}.yaml`) ?? '');
}

/** Renders `{{ EXPR | b64enc }}` for each expression and returns the decoded strings. */
export async function helmValues(exprs: readonly string[], args: readonly string[] = []): Promise<string[]> {
  const out = await helmRender(
    exprs.map((e) => `v: {{ (${e}) | b64enc | quote }}\n`),
    args,
  );
  return out.map((doc) => {
    const m = /^v: "([A-Za-z0-9+/=]*)"$/m.exec(doc);
    if (!m) throw new Error(`unexpected helm output: ${doc}`);
    return Buffer.from(m[1]!, 'base64').toString('utf8');
  });
}

/** The message helm reports for a failing expression: what follows "error calling NAME: " (or "at <…>: "). */
export async function helmError(expr: string): Promise<string> {
  const res = await helmTemplateFiles({ 'templates/e.yaml': `v: {{ ${expr} }}\n` });
  if (res.code === 0) throw new Error(`helm did not fail for ${expr}: ${res.stdout}`);
  const m = /at <.*?>:\s*(?:error calling \w+: )?(.*)$/m.exec(res.stderr);
  if (!m) throw new Error(`unexpected helm error for ${expr}: ${res.stderr}`);
  return m[1]!;
}

/** The message bosun's function throws. */
export function ourError(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('bosun did not fail');
}

/** `openssl <args>` on a PEM input. */
export function openssl(args: readonly string[], pem: string): string {
  return execFileSync('openssl', args as string[], { input: pem }).toString();
}

/**
 * `openssl x509 -text` without what differs between two runs of the same function: serial,
 * dates and signature value; with `maskKey`, also the public key and key identifiers.
 */
export function certText(pem: string, maskKey: boolean): string {
  const lines = openssl(['x509', '-noout', '-text'], pem).split('\n');
  const out: string[] = [];
  let skipHex = false;
  for (const line of lines) {
    const hexLine = /^\s+([0-9a-fA-F]{2}:)*[0-9a-fA-F]{2}:?$/.test(line);
    if (skipHex && hexLine) continue;
    skipHex = false;
    if (/Serial Number:|Signature Value:/.test(line) || (maskKey && /Modulus:|pub:|priv:/.test(line))) {
      skipHex = true;
      out.push(line.replace(/:.*/, ': <masked>'));
      continue;
    }
    if (/Not (Before|After)/.test(line)) {
      out.push(line.replace(/:.*/, ': <date>'));
      continue;
    }
    if (maskKey && /^\s+(keyid:)?([0-9A-F]{2}:){19}[0-9A-F]{2}$/.test(line)) {
      out.push('<key id>');
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

/**
 * `openssl asn1parse` reduced to structure: depth, primitive/constructed, type, and the values
 * that are names (OIDs, strings, booleans) — not lengths, numbers, bit strings or times.
 */
export function asn1Shape(pem: string): string[] {
  return openssl(['asn1parse'], pem)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const m = /d=(\d+)\s+hl=\d+\s+l=\s*\d+\s+(prim|cons):\s+(.*)$/.exec(l);
      if (!m) return l;
      const [, depth, form, rest] = m;
      const [type, value = ''] = rest!.split(/\s*:(.*)/s).map((s) => s.trim());
      const keep = /^(OBJECT|PRINTABLESTRING|UTF8STRING|BOOLEAN)$/.test(type!);
      return `${depth} ${form} ${type}${keep ? ` ${value}` : ''}`;
    });
}
