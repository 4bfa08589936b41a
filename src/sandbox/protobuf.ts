/**
 * Decoding of the Kubernetes protobuf wire format for the few request bodies typed clients send
 * that way (`application/vnd.kubernetes.protobuf`): client-go clientsets (helm's release
 * storage) create and update Secrets and ConfigMaps, `kubectl create namespace` sends a
 * Namespace, deletes send DeleteOptions. The envelope is the magic `k8s\0` followed by a
 * `runtime.Unknown` whose `raw` holds the object. Answers are always JSON (clients accept it).
 * Other kinds (e.g. `kubectl create deployment`) are refused with 415 naming the kind.
 */
import { errors } from './errors.js';

export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';

type Field = { no: number; wire: number; value: bigint | Buffer };

function readVarint(b: Buffer, pos: { i: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos.i >= b.length) throw new Error('truncated varint');
    const byte = b[pos.i++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return result;
    shift += 7n;
  }
}

function fields(b: Buffer): Field[] {
  const out: Field[] = [];
  const pos = { i: 0 };
  while (pos.i < b.length) {
    const key = Number(readVarint(b, pos));
    const no = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ no, wire, value: readVarint(b, pos) });
    else if (wire === 2) {
      const len = Number(readVarint(b, pos));
      if (pos.i + len > b.length) throw new Error('truncated field');
      out.push({ no, wire, value: b.subarray(pos.i, pos.i + len) });
      pos.i += len;
    } else if (wire === 1) {
      out.push({ no, wire, value: b.subarray(pos.i, pos.i + 8) });
      pos.i += 8;
    } else if (wire === 5) {
      out.push({ no, wire, value: b.subarray(pos.i, pos.i + 4) });
      pos.i += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

const str = (f: Field) => (f.value as Buffer).toString('utf8');
const num = (f: Field) => Number(BigInt.asIntN(64, f.value as bigint));

function mapEntry(f: Field, bytesValue: boolean): [string, string] {
  let k = '';
  let v = '';
  for (const e of fields(f.value as Buffer)) {
    if (e.no === 1) k = str(e);
    else if (e.no === 2) v = bytesValue ? (e.value as Buffer).toString('base64') : str(e);
  }
  return [k, v];
}

function time(f: Field): string {
  let seconds = 0;
  for (const e of fields(f.value as Buffer)) if (e.no === 1) seconds = num(e);
  return new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

function objectMeta(b: Buffer): Record<string, any> {
  const m: Record<string, any> = {};
  const names: Record<number, string> = {
    1: 'name',
    2: 'generateName',
    3: 'namespace',
    4: 'selfLink',
    5: 'uid',
    6: 'resourceVersion',
  };
  for (const f of fields(b)) {
    if (names[f.no]) m[names[f.no]!] = str(f);
    else if (f.no === 7) m.generation = num(f);
    else if (f.no === 8) m.creationTimestamp = time(f);
    else if (f.no === 9) m.deletionTimestamp = time(f);
    else if (f.no === 10) m.deletionGracePeriodSeconds = num(f);
    else if (f.no === 11 || f.no === 12) {
      const key = f.no === 11 ? 'labels' : 'annotations';
      const [k, v] = mapEntry(f, false);
      m[key] = { ...m[key], [k]: v };
    } else if (f.no === 13) {
      const r: Record<string, any> = {};
      for (const e of fields(f.value as Buffer)) {
        if (e.no === 1) r.kind = str(e);
        else if (e.no === 3) r.name = str(e);
        else if (e.no === 4) r.uid = str(e);
        else if (e.no === 5) r.apiVersion = str(e);
        else if (e.no === 6) r.controller = e.value !== 0n;
        else if (e.no === 7) r.blockOwnerDeletion = e.value !== 0n;
      }
      (m.ownerReferences ??= []).push(r);
    } else if (f.no === 14) (m.finalizers ??= []).push(str(f));
    else if (f.no === 17) {
      const e: Record<string, any> = {};
      for (const x of fields(f.value as Buffer)) {
        if (x.no === 1) e.manager = str(x);
        else if (x.no === 2) e.operation = str(x);
        else if (x.no === 3) e.apiVersion = str(x);
        else if (x.no === 4) e.time = time(x);
        else if (x.no === 6) e.fieldsType = str(x);
        else if (x.no === 7) {
          for (const raw of fields(x.value as Buffer)) if (raw.no === 1) e.fieldsV1 = JSON.parse(str(raw));
        } else if (x.no === 8) e.subresource = str(x);
      }
      (m.managedFields ??= []).push(e);
    }
  }
  return m;
}

function secret(b: Buffer): Record<string, any> {
  const o: Record<string, any> = { apiVersion: 'v1', kind: 'Secret', metadata: {} };
  for (const f of fields(b)) {
    if (f.no === 1) o.metadata = objectMeta(f.value as Buffer);
    else if (f.no === 2) {
      const [k, v] = mapEntry(f, true);
      o.data = { ...o.data, [k]: v };
    } else if (f.no === 3) o.type = str(f);
    else if (f.no === 4) {
      const [k, v] = mapEntry(f, false);
      o.stringData = { ...o.stringData, [k]: v };
    } else if (f.no === 5) o.immutable = f.value !== 0n;
  }
  return o;
}

function configMap(b: Buffer): Record<string, any> {
  const o: Record<string, any> = { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} };
  for (const f of fields(b)) {
    if (f.no === 1) o.metadata = objectMeta(f.value as Buffer);
    else if (f.no === 2) {
      const [k, v] = mapEntry(f, false);
      o.data = { ...o.data, [k]: v };
    } else if (f.no === 3) {
      const [k, v] = mapEntry(f, true);
      o.binaryData = { ...o.binaryData, [k]: v };
    } else if (f.no === 4) o.immutable = f.value !== 0n;
  }
  return o;
}

/** core/v1 Namespace (`kubectl create namespace`): metadata, spec.finalizers, status.phase. */
function namespace(b: Buffer): Record<string, any> {
  const o: Record<string, any> = { apiVersion: 'v1', kind: 'Namespace', metadata: {} };
  for (const f of fields(b)) {
    if (f.no === 1) o.metadata = objectMeta(f.value as Buffer);
    else if (f.no === 2) {
      o.spec = {};
      for (const e of fields(f.value as Buffer)) if (e.no === 1) (o.spec.finalizers ??= []).push(str(e));
    } else if (f.no === 3) {
      o.status = {};
      for (const e of fields(f.value as Buffer)) if (e.no === 1) o.status.phase = str(e);
    }
  }
  return o;
}

function deleteOptions(b: Buffer): Record<string, any> {
  const o: Record<string, any> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  for (const f of fields(b)) {
    if (f.no === 1) o.gracePeriodSeconds = num(f);
    else if (f.no === 2) {
      o.preconditions = {};
      for (const e of fields(f.value as Buffer)) {
        if (e.no === 1) o.preconditions.uid = str(e);
        else if (e.no === 2) o.preconditions.resourceVersion = str(e);
      }
    } else if (f.no === 3) o.orphanDependents = f.value !== 0n;
    else if (f.no === 4) o.propagationPolicy = str(f);
    else if (f.no === 5) (o.dryRun ??= []).push(str(f));
  }
  return o;
}

const DECODERS: Record<string, (b: Buffer) => Record<string, any>> = {
  Secret: secret,
  ConfigMap: configMap,
  Namespace: namespace,
  DeleteOptions: deleteOptions,
};

/** Decodes a protobuf-encoded request body (the `k8s\0` envelope). */
export function decodeProtobuf(body: Buffer): Record<string, any> {
  if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\0') {
    throw errors.badRequest(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
  }
  let kind = '';
  let raw: Buffer | undefined;
  try {
    for (const f of fields(body.subarray(4))) {
      if (f.no === 1) for (const t of fields(f.value as Buffer)) if (t.no === 2) kind = str(t);
      if (f.no === 2) raw = f.value as Buffer;
    }
  } catch (err) {
    throw errors.badRequest(`unable to decode protobuf body: ${(err as Error).message}`);
  }
  const dec = DECODERS[kind];
  if (!dec || !raw) {
    throw errors.unsupportedMediaType(`${PROTOBUF_TYPE} (${kind || 'unknown kind'})`, [
      'application/json',
      'application/yaml',
    ]);
  }
  try {
    return dec(raw);
  } catch (err) {
    throw errors.badRequest(`unable to decode protobuf ${kind}: ${(err as Error).message}`);
  }
}
