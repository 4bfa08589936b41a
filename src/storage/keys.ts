/** Record keys and labels, as helm's storage names them. */
import { InvalidKeyError } from './errors.js';

/** The prefix of every record's object name (helm's HelmStorageType). */
export const storagePrefix = 'sh.helm.release.v1';
/** The Secret `type` of release records. */
export const releaseSecretType = 'helm.sh/release.v1';
/** Labels the drivers own; the rest of a record's labels are the release's own. */
export const systemLabels = ['name', 'owner', 'status', 'version', 'createdAt', 'modifiedAt'] as const;

/** `sh.helm.release.v1.NAME.vN`. */
export function makeKey(name: string, version: number): string {
  return `${storagePrefix}.${name}.v${version}`;
}

/** The name and revision in a key; throws InvalidKeyError like helm's memory driver. */
export function parseKey(key: string): { name: string; version: number } {
  const rest = key.startsWith(`${storagePrefix}.`) ? key.slice(storagePrefix.length + 1) : key;
  const parts = rest.split('.v');
  if (parts.length !== 2 || !/^[+-]?\d+$/.test(parts[1]!)) throw new InvalidKeyError(key);
  return { name: parts[0]!, version: Number(parts[1]) };
}

export function isSystemLabel(key: string): boolean {
  return (systemLabels as readonly string[]).includes(key);
}

/** The release's own labels (helm's filterSystemLabels). */
export function filterSystemLabels(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (!isSystemLabel(k)) out[k] = v;
  return out;
}

/** Whether user-supplied labels try to set a system label (helm refuses `--labels owner=x`). */
export function containsSystemLabels(labels: Record<string, string>): boolean {
  return Object.keys(labels).some(isSystemLabel);
}

/** A label selector string from equality requirements, in a stable order. */
export function selectorOf(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

/** Kubernetes label value rule (validation.IsValidLabelValue). */
export function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (v !== '' && !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  }
  return errs;
}
