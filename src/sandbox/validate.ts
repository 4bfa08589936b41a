/**
 * Validation the API server does before storing: object names (RFC 1123 / RFC 1035 / path
 * segment), label keys and values, and the size limits (1 MiB of Secret or ConfigMap data, about
 * 1.5 MiB for a whole object — etcd's request limit).
 */
import { ApiError, errors, type StatusCause } from './errors.js';
import type { ResourceInfo } from './resources.js';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const MAX_DATA_BYTES = 1024 * 1024;
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

export function nameProblems(name: string, rule: ResourceInfo['nameRule']): string | undefined {
  switch (rule) {
    case 'label':
      if (name.length > 63) return 'must be no more than 63 characters';
      return LABEL.test(name)
        ? undefined
        : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    case 'dns1035':
      if (name.length > 63) return 'must be no more than 63 characters';
      return DNS1035.test(name)
        ? undefined
        : "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    case 'segment':
      if (name === '.' || name === '..') return `may not be '${name}'`;
      return /[/%]/.test(name) ? `may not contain '/' or '%'` : undefined;
    default:
      if (name.length > 253) return 'must be no more than 253 characters';
      return SUBDOMAIN.test(name)
        ? undefined
        : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  }
}

function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  if (prefix && (prefix.length > 253 || !SUBDOMAIN.test(prefix)))
    return 'prefix part must be a lowercase RFC 1123 subdomain';
  if (!name || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  }
  return undefined;
}

/** 422 when the object's metadata or kind-specific limits are broken. */
export function validateObject(info: ResourceInfo, obj: Record<string, any>): void {
  const name: string = obj.metadata?.name ?? '';
  const causes: StatusCause[] = [];
  if (!name)
    causes.push({
      type: 'FieldValueRequired',
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  else {
    const p = nameProblems(name, info.nameRule);
    if (p)
      causes.push({
        type: 'FieldValueInvalid',
        field: 'metadata.name',
        message: `Invalid value: "${name}": ${p}`,
      });
  }
  for (const [k, v] of Object.entries<unknown>(obj.metadata?.labels ?? {})) {
    const kp = labelKeyProblem(k);
    if (kp) causes.push({ field: 'metadata.labels', message: `Invalid value: "${k}": ${kp}` });
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
      causes.push({
        field: 'metadata.labels',
        message: `Invalid value: "${String(v)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      });
    }
  }
  if (info.group === '' && (info.resource === 'secrets' || info.resource === 'configmaps')) {
    let total = 0;
    for (const field of ['data', 'binaryData']) {
      for (const [k, v] of Object.entries<unknown>(obj[field] ?? {})) {
        if (typeof v !== 'string') {
          throw errors.badRequest(
            `${info.kind} in version "v1" cannot be handled as a ${info.kind}: json: cannot unmarshal ${typeof v} into Go struct field ${info.kind}.${field} of type string`,
          );
        }
        const b64 = info.resource === 'secrets' || field === 'binaryData';
        total += k.length * 0 + (b64 ? Buffer.from(v, 'base64').length : Buffer.byteLength(v));
      }
    }
    if (total > MAX_DATA_BYTES) {
      causes.push({
        type: 'FieldValueTooLong',
        field: info.resource === 'secrets' ? 'data' : '[]',
        message: `Too long: may not be more than ${MAX_DATA_BYTES} bytes`,
      });
    }
  }
  if (causes.length > 0) throw errors.invalid(info.kind, info.group, name, causes);
}

/** etcd refuses a value above its request limit; the API server passes the error through. */
export function checkStoredSize(serialized: number): void {
  if (serialized > MAX_OBJECT_BYTES) throw new ApiError(500, '', 'etcdserver: request is too large');
}
