/**
 * Fault injection for reliability tests: rules matched per verb and route add latency, answer
 * 500/503/429 (with Retry-After), drop the connection, or force a 409 conflict on writes. Rules
 * come from a flag, a config file (JSON or YAML) or the admin endpoint `/sandbox/faults`
 * (GET to read, PUT to replace, DELETE to clear) while the server runs.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { SandboxError } from './errors.js';

export interface FaultRule {
  /** get, list, watch, create, update, patch, delete, deletecollection, or "*" (default). */
  verb?: string;
  /** Plural resource name (`secrets`), or "*" (default). */
  resource?: string;
  /** A regular expression matched against the URL path. */
  path?: string;
  latencyMs?: number;
  /** Probability (0..1) of answering with `errorCode` instead. */
  errorRate?: number;
  errorCode?: 500 | 503 | 429;
  retryAfterSeconds?: number;
  /** Probability (0..1) of closing the connection without an answer. */
  dropRate?: number;
  /** Probability (0..1) of a 409 Conflict on update/patch. */
  conflictRate?: number;
  /** Stop applying after this many hits (unset: forever). */
  times?: number;
}

export interface FaultDecision {
  latencyMs: number;
  action?: { kind: 'error'; code: number; retryAfter?: number } | { kind: 'drop' } | { kind: 'conflict' };
}

export class Faults {
  private rules: (FaultRule & { hits: number })[] = [];

  constructor(
    rules: FaultRule[] = [],
    private readonly random: () => number = Math.random,
  ) {
    this.set(rules);
  }

  set(rules: FaultRule[]): void {
    if (!Array.isArray(rules)) throw new SandboxError('fault rules must be a list', 'ESANDBOX_FAULTS');
    for (const r of rules) {
      if (r.path !== undefined) new RegExp(r.path);
      if (r.errorCode !== undefined && ![500, 503, 429].includes(r.errorCode)) {
        throw new SandboxError(
          `fault errorCode must be 500, 503 or 429, not ${r.errorCode}`,
          'ESANDBOX_FAULTS',
        );
      }
    }
    this.rules = rules.map((r) => ({ ...r, hits: 0 }));
  }

  list(): FaultRule[] {
    return this.rules.map(({ hits: _h, ...r }) => r);
  }

  decide(verb: string, resource: string | undefined, path: string): FaultDecision {
    const out: FaultDecision = { latencyMs: 0 };
    for (const r of this.rules) {
      if (r.verb && r.verb !== '*' && r.verb !== verb) continue;
      if (r.resource && r.resource !== '*' && r.resource !== resource) continue;
      if (r.path && !new RegExp(r.path).test(path)) continue;
      if (r.times !== undefined && r.hits >= r.times) continue;
      r.hits++;
      out.latencyMs += r.latencyMs ?? 0;
      if (out.action) continue;
      if (r.dropRate && this.random() < r.dropRate) out.action = { kind: 'drop' };
      else if (r.errorRate && this.random() < r.errorRate) {
        const code = r.errorCode ?? 500;
        out.action = {
          kind: 'error',
          code,
          retryAfter: code === 500 ? undefined : (r.retryAfterSeconds ?? 1),
        };
      } else if (
        r.conflictRate &&
        (verb === 'update' || verb === 'patch') &&
        this.random() < r.conflictRate
      ) {
        out.action = { kind: 'conflict' };
      }
    }
    return out;
  }
}

/** `verb=get,resource=secrets,errorRate=0.5,errorCode=503` → a rule (the `--fault` flag). */
export function parseFaultSpec(spec: string): FaultRule {
  const rule: Record<string, unknown> = {};
  for (const part of spec.split(',')) {
    const [k, v] = part.split('=', 2).map((s) => s.trim());
    if (!k || v === undefined)
      throw new SandboxError(`invalid fault "${spec}": expected key=value pairs`, 'ESANDBOX_FAULTS');
    rule[k] = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }
  return rule as FaultRule;
}

export function loadFaultFile(file: string): FaultRule[] {
  let doc: any;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SandboxError(`cannot read fault file ${file}: ${(err as Error).message}`, 'ESANDBOX_FAULTS', {
      cause: err,
    });
  }
  const rules = Array.isArray(doc) ? doc : doc?.rules;
  if (!Array.isArray(rules))
    throw new SandboxError(
      `fault file ${file} must hold a list of rules (or {rules: [...]})`,
      'ESANDBOX_FAULTS',
    );
  return rules;
}
