/** helm's Secret driver: records are Secrets of type `helm.sh/release.v1` (the default driver). */
import { releaseSecretType } from './keys.js';
import { type DriverOptions, ObjectDriver, type RecordCodec } from './object-driver.js';
import type { SecretObject, SecretsPort } from './port.js';

const secretCodec: RecordCodec<SecretObject> = {
  // The Secret holds the base64 text as bytes, so on the wire it is base64 twice.
  toObject: (metadata, encoded) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata,
    type: releaseSecretType,
    data: { release: Buffer.from(encoded, 'latin1').toString('base64') },
  }),
  recordOf: (obj) => {
    const d = obj.data?.release;
    return d === undefined ? undefined : Buffer.from(d, 'base64').toString('latin1');
  },
  metaOf: (obj) => obj.metadata,
};

export class SecretsDriver extends ObjectDriver<SecretObject> {
  constructor(port: SecretsPort, opts: DriverOptions) {
    super('Secret', port, secretCodec, opts);
  }
}
