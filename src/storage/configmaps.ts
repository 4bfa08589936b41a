/** helm's ConfigMap driver (HELM_DRIVER=configmap): the encoded record is stored as text. */
import { type DriverOptions, ObjectDriver, type RecordCodec } from './object-driver.js';
import type { ConfigMapObject, ConfigMapsPort } from './port.js';

const configMapCodec: RecordCodec<ConfigMapObject> = {
  toObject: (metadata, encoded) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata,
    data: { release: encoded },
  }),
  recordOf: (obj) => obj.data?.release,
  metaOf: (obj) => obj.metadata,
};

export class ConfigMapsDriver extends ObjectDriver<ConfigMapObject> {
  constructor(port: ConfigMapsPort, opts: DriverOptions) {
    super('ConfigMap', port, configMapCodec, opts);
  }
}
