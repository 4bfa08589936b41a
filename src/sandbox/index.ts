/**
 * sandbox — a local server that speaks the Kubernetes API well enough for the real kubectl and
 * helm: discovery, the built-in kinds charts create, CRDs and custom resources, patches and
 * server-side apply, watches, simulated controllers (rollouts, jobs, PVCs, load balancers, and
 * failure simulation), fault injection and a crash-safe file store.
 *
 * It stands alone: it imports no other bosun module (only node built-ins and `yaml`). The CLI
 * (`bosun sandbox …`) and the tests start it; clients always reach it over a socket.
 *
 * @example
 *   const sb = await startSandbox({ dataDir: '/tmp/sb', readyDelayMs: 200 });
 *   // kubectl --kubeconfig ${sb.kubeconfigPath} apply -f app.yaml
 *   await sb.stop();
 */

export {
  type DetachedOptions,
  type DetachedStatus,
  detachedStatus,
  resetDetached,
  startDetached,
  stopDetached,
} from './daemon.js';
export { SandboxError } from './errors.js';
export { type FaultRule, Faults, loadFaultFile, parseFaultSpec } from './faults.js';
export {
  kubeconfigYaml,
  SANDBOX_VERSION,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from './sandbox.js';
export { FAIL_ANNOTATION } from './workloads.js';
