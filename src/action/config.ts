/**
 * Everything an action needs comes in through one configuration object (helm's
 * action.Configuration, minus its globals): the cluster, the release storage, the clock, the
 * template functions, and a listener for typed progress events.
 */

import type { Capabilities, KubeVersion, LookupFunc } from '../engine/index.js';
import type { FuncMap } from '../gotemplate/index.js';
import type { KubeClient, ResourceProgress } from '../kube/index.js';
import type { Storage } from '../storage/index.js';
import { loadEngine } from './lazy.js';
import { currentHolder, type Holder } from './lease.js';

/** Progress of an action, for cli/output (listr2, plain lines or JSON). */
export type ActionEvent =
  | { type: 'phase'; release: string; phase: string }
  | { type: 'hook'; release: string; event: string; hook: string; phase: 'running' | 'succeeded' | 'failed' }
  | { type: 'waiting'; release: string; progress: ResourceProgress }
  | { type: 'warning'; release: string; message: string };

export interface ActionConfig {
  readonly kube: KubeClient;
  readonly storage: Storage;
  /** The namespace of the release (after -n and the context's default). */
  readonly namespace: string;
  readonly now?: () => Date;
  readonly funcs?: FuncMap;
  readonly onEvent?: (e: ActionEvent) => void;
  /** `lookup` for templates; default: the live cluster through `kube` (a worker thread, started on first use). */
  readonly lookup?: LookupFunc;
  /** Who holds pending records (default: this host and process). */
  readonly holder?: Holder;
}

export function nowOf(cfg: ActionConfig): Date {
  return cfg.now ? cfg.now() : new Date();
}

/** The template functions: `cfg.funcs`, else helm's (loading the engine on first use). */
export async function funcsOf(cfg: ActionConfig): Promise<FuncMap> {
  return cfg.funcs ?? (await loadEngine()).helmFuncs();
}

/** `.Capabilities` from the live cluster: its version and every served group/version and kind. */
export async function clusterCapabilities(cfg: ActionConfig, signal?: AbortSignal): Promise<Capabilities> {
  const caps = await cfg.kube.capabilities(signal);
  const { Capabilities, KubeVersion } = await loadEngine();
  const v = caps.kubeVersion;
  let kubeVersion: KubeVersion;
  try {
    kubeVersion = KubeVersion.parse(v.version);
  } catch {
    kubeVersion = new KubeVersion(v.version, v.major, v.minor);
  }
  return new Capabilities({ kubeVersion, apiVersions: caps.apiVersions });
}

export function holderOf(cfg: ActionConfig): Holder {
  return cfg.holder ?? currentHolder();
}
