/** Choosing a driver by name, as helm does with HELM_DRIVER. */
import { ConfigMapsDriver } from './configmaps.js';
import type { Driver } from './driver.js';
import { UnknownDriverError } from './errors.js';
import { MemoryDriver } from './memory.js';
import type { ConfigMapsPort, SecretsPort } from './port.js';
import { SecretsDriver } from './secrets.js';

export interface DriverChoice {
  /** HELM_DRIVER's value: secret(s) (default, also ''), configmap(s), memory. */
  driver: string | undefined;
  /** Release namespace; `''` for all namespaces (list -A). */
  namespace: string;
  /** Only needed (and only called) for the driver chosen. */
  secrets?: () => SecretsPort;
  configMaps?: () => ConfigMapsPort;
  /** Reused for `memory`, so one process sees what it wrote earlier. */
  memory?: MemoryDriver;
}

export function selectDriver(c: DriverChoice): Driver {
  switch (c.driver ?? '') {
    case '':
    case 'secret':
    case 'secrets':
      if (!c.secrets) throw new UnknownDriverError('secret', ': no cluster access configured');
      return new SecretsDriver(c.secrets(), { namespace: c.namespace });
    case 'configmap':
    case 'configmaps':
      if (!c.configMaps) throw new UnknownDriverError('configmap', ': no cluster access configured');
      return new ConfigMapsDriver(c.configMaps(), { namespace: c.namespace });
    case 'memory': {
      const m = c.memory ?? new MemoryDriver(c.namespace);
      m.namespace = c.namespace;
      return m;
    }
    case 'sql':
      throw new UnknownDriverError(
        'sql',
        ' (bosun does not support the SQL driver; use secret or configmap)',
      );
    default:
      throw new UnknownDriverError(c.driver!);
  }
}
