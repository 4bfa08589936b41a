/**
 * Cluster access for commands: `--kubeconfig`, else KUBECONFIG, else ~/.kube/config (resolved
 * in kube/), `--kube-context`, `-n/--namespace` — or `--sandbox`, which starts (once) the
 * background sandbox kept under `.bosun/sandbox/` and points at its kubeconfig.
 */
import { fileURLToPath } from 'node:url';

export const sandboxStateDir = '.bosun/sandbox';

export interface ClusterFlags {
  kubeconfig?: string;
  kubeContext?: string;
  namespace?: string;
  sandbox?: boolean;
}

export interface ClusterTarget {
  /** A kubeconfig path when one was chosen explicitly or by --sandbox. */
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

/** The command that runs `bosun sandbox serve` with this same installation. */
export function sandboxServeCommand(): string[] {
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  return [process.execPath, main, 'sandbox', 'serve'];
}

export async function clusterTarget(flags: ClusterFlags, signal?: AbortSignal): Promise<ClusterTarget> {
  const target: ClusterTarget = {};
  if (flags.kubeContext) target.context = flags.kubeContext;
  if (flags.namespace) target.namespace = flags.namespace;
  if (flags.sandbox) {
    const { startDetached } = await import('../sandbox/index.js');
    const status = await startDetached({
      stateDir: sandboxStateDir,
      command: sandboxServeCommand(),
      ...(signal ? { signal } : {}),
    });
    target.kubeconfig = status.kubeconfigPath;
    return target;
  }
  if (flags.kubeconfig) target.kubeconfig = flags.kubeconfig;
  return target;
}

/** Kubernetes clients per kube context for one command run: created on first use, closed together. */
export interface KubeClients {
  kubeFor(kubeContext: string | undefined): import('../kube/index.js').KubeClient;
  close(): void;
}

/** The clients of a command that may reach several contexts (a stack's releases may name theirs). */
export async function kubeClients(
  flags: Pick<ClusterFlags, 'kubeconfig' | 'sandbox'>,
  signal?: AbortSignal,
): Promise<KubeClients> {
  const { KubeClient } = await import('../kube/index.js');
  const target = await clusterTarget(
    {
      ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
      ...(flags.sandbox ? { sandbox: true } : {}),
    },
    signal,
  );
  const clients = new Map<string, InstanceType<typeof KubeClient>>();
  return {
    kubeFor: (kubeContext) => {
      const key = kubeContext ?? '';
      let c = clients.get(key);
      if (!c) {
        c = KubeClient.fromKubeconfig({
          ...(target.kubeconfig ? { kubeconfig: target.kubeconfig } : {}),
          ...(kubeContext ? { context: kubeContext } : {}),
        });
        clients.set(key, c);
      }
      return c;
    },
    close: () => {
      for (const c of clients.values()) c.close();
    },
  };
}
