/**
 * Decoding of the Kubernetes protobuf wire format for the few request bodies typed clients send
 * that way (`application/vnd.kubernetes.protobuf`): client-go clientsets (helm's release
 * storage) create and update Secrets and ConfigMaps, kubectl's imperative commands (`create
 * deployment|job|cronjob|service|role|…`, `expose`, `autoscale`) send the object they build,
 * deletes send DeleteOptions. The envelope is the magic `k8s\0` followed by a
 * `runtime.Unknown` whose `raw` holds the object; it is decoded generically from the message
 * tables in protobuf-schema.ts (protobuf-decode.ts). Answers are always JSON (clients accept
 * it). Kinds without a table are refused with 415 naming the kind.
 */
import { errors } from './errors.js';
import { decodeMessage, type WireField, wireFields } from './protobuf-decode.js';
import { MESSAGES } from './protobuf-schema.js';

export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';

/**
 * Message-table key for an object's apiVersion and kind: the group's first label (core for the
 * legacy group), the version and the kind, e.g. `rbac.authorization.k8s.io/v1` Role →
 * `rbac.v1.Role`. DeleteOptions is meta/v1 whatever group the request names.
 */
export function messageName(apiVersion: string, kind: string): string {
  if (kind === 'DeleteOptions') return 'meta.v1.DeleteOptions';
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  return `${group ? group.split('.')[0] : 'core'}.${version}.${kind}`;
}

/** Decodes a protobuf-encoded request body (the `k8s\0` envelope). */
export function decodeProtobuf(body: Buffer): Record<string, any> {
  if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\0') {
    throw errors.badRequest(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
  }
  let apiVersion = '';
  let kind = '';
  let raw: Buffer | undefined;
  const str = (f: WireField) => (f.value as Buffer).toString('utf8');
  try {
    for (const f of wireFields(body.subarray(4))) {
      if (f.no === 1) {
        for (const t of wireFields(f.value as Buffer)) {
          if (t.no === 1) apiVersion = str(t);
          else if (t.no === 2) kind = str(t);
        }
      }
      if (f.no === 2) raw = f.value as Buffer;
    }
  } catch (err) {
    throw errors.badRequest(`unable to decode protobuf body: ${(err as Error).message}`);
  }
  const name = messageName(apiVersion || 'v1', kind);
  if (!kind || !raw || !MESSAGES[name]) {
    throw errors.unsupportedMediaType(`${PROTOBUF_TYPE} (${kind || 'unknown kind'})`, [
      'application/json',
      'application/yaml',
    ]);
  }
  try {
    const obj = decodeMessage(name, raw);
    return { apiVersion: apiVersion || 'v1', kind, ...obj };
  } catch (err) {
    throw errors.badRequest(`unable to decode protobuf ${kind}: ${(err as Error).message}`);
  }
}
