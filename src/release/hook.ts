/** Hooks as helm's release record stores them (pkg/release/v1/hook.go). */

export const hookEvents = [
  'pre-install',
  'post-install',
  'pre-delete',
  'post-delete',
  'pre-upgrade',
  'post-upgrade',
  'pre-rollback',
  'post-rollback',
  'test',
] as const;
export type HookEvent = (typeof hookEvents)[number];

export type HookDeletePolicy = 'hook-succeeded' | 'hook-failed' | 'before-hook-creation' | (string & {});
export type HookOutputLogPolicy = 'hook-succeeded' | 'hook-failed' | (string & {});

export const HookAnnotation = 'helm.sh/hook';
export const HookWeightAnnotation = 'helm.sh/hook-weight';
export const HookDeleteAnnotation = 'helm.sh/hook-delete-policy';
export const HookOutputLogAnnotation = 'helm.sh/hook-output-log-policy';

export interface HookExecution {
  /** RFC 3339 with nanoseconds, or absent when the hook never ran. */
  started_at?: string;
  completed_at?: string;
  phase: '' | 'Unknown' | 'Running' | 'Succeeded' | 'Failed';
}

export interface Hook {
  name: string;
  kind: string;
  path: string;
  manifest: string;
  events: HookEvent[];
  last_run: HookExecution;
  weight: number;
  delete_policies: HookDeletePolicy[];
  output_log_policies: HookOutputLogPolicy[];
}

/** Event names accepted in the `helm.sh/hook` annotation ("test-success" is the old name of "test"). */
export function parseHookEvent(name: string): HookEvent | undefined {
  if (name === 'test-success') return 'test';
  return (hookEvents as readonly string[]).includes(name) ? (name as HookEvent) : undefined;
}
