/**
 * `bosun sandbox …` — flags → options → src/sandbox. `serve` runs in the foreground until
 * SIGINT/SIGTERM; `start|stop|status|reset` manage a background instance under `.bosun/sandbox/`.
 */
import type { Command } from 'commander';
import type { CliContext } from '../program.js';

const DEFAULT_STATE_DIR = '.bosun/sandbox';

function usage(message: string): Error {
  return Object.assign(new Error(message), { code: 'EUSAGE' });
}

function int(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw usage(`${name} must be a non-negative integer, not "${v}"`);
    return n;
  };
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function register(program: Command, ctx: CliContext): void {
  const sandbox = program.command('sandbox').description('a local server that speaks the Kubernetes API');

  sandbox
    .command('serve')
    .description('run the sandbox in the foreground until SIGINT/SIGTERM')
    .option('--port <port>', 'TCP port on 127.0.0.1 (0 picks a free one)', int('--port'), 0)
    .option('--data-dir <dir>', 'where the store, CA and token live', `${DEFAULT_STATE_DIR}/data`)
    .option('--write-kubeconfig <file>', 'write a kubeconfig for the sandbox here once it accepts requests')
    .option('--insecure-http', 'serve plain HTTP instead of HTTPS')
    .option(
      '--ready-delay <ms>',
      'how long simulated pods, jobs and volumes take to become ready',
      int('--ready-delay'),
      1000,
    )
    .option(
      '--fault <rule>',
      'inject faults, e.g. verb=get,resource=secrets,errorRate=0.5,errorCode=503 (repeatable)',
      collect,
    )
    .option('--faults-file <file>', 'fault rules from a JSON or YAML file')
    .action(
      async (o: {
        port: number;
        dataDir: string;
        writeKubeconfig?: string;
        insecureHttp?: boolean;
        readyDelay: number;
        fault?: string[];
        faultsFile?: string;
      }) => {
        const { startSandbox, parseFaultSpec, loadFaultFile } = await import('../../sandbox/index.js');
        const faults = [
          ...(o.faultsFile ? loadFaultFile(o.faultsFile) : []),
          ...(o.fault ?? []).map(parseFaultSpec),
        ];
        const sb = await startSandbox({
          dataDir: o.dataDir,
          port: o.port,
          insecureHttp: o.insecureHttp,
          kubeconfigPath: o.writeKubeconfig,
          readyDelayMs: o.readyDelay,
          faults,
          log: (line) => process.stderr.write(`${line}\n`),
        });
        process.stdout.write(`Sandbox listening on ${sb.url}\nkubeconfig: ${sb.kubeconfigPath}\n`);
        await new Promise<void>((resolve) => {
          if (ctx.signal.aborted) resolve();
          else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        await sb.stop();
      },
    );

  sandbox
    .command('start')
    .description('start a background sandbox under .bosun/sandbox/ (no-op when it runs)')
    .option('--state-dir <dir>', 'state dir of the background sandbox', DEFAULT_STATE_DIR)
    .option('--port <port>', 'TCP port on 127.0.0.1 (default: a free one)', int('--port'))
    .option('--insecure-http', 'serve plain HTTP instead of HTTPS')
    .option('--ready-delay <ms>', 'how long simulated pods take to become ready', int('--ready-delay'))
    .action(async (o: { stateDir: string; port?: number; insecureHttp?: boolean; readyDelay?: number }) => {
      const { startDetached } = await import('../../sandbox/index.js');
      const st = await startDetached({
        stateDir: o.stateDir,
        command: [process.execPath, process.argv[1]!, 'sandbox', 'serve'],
        port: o.port,
        insecureHttp: o.insecureHttp,
        readyDelayMs: o.readyDelay,
        signal: ctx.signal,
      });
      process.stdout.write(
        `Sandbox running (pid ${st.pid}) at ${st.url}\nkubeconfig: ${st.kubeconfigPath}\n`,
      );
    });

  sandbox
    .command('stop')
    .description('stop the background sandbox (its data is kept)')
    .option('--state-dir <dir>', 'state dir of the background sandbox', DEFAULT_STATE_DIR)
    .action(async (o: { stateDir: string }) => {
      const { stopDetached } = await import('../../sandbox/index.js');
      const stopped = await stopDetached(o.stateDir);
      process.stdout.write(stopped ? 'Sandbox stopped\n' : 'Sandbox is not running\n');
    });

  sandbox
    .command('status')
    .description('show whether the background sandbox runs, and where')
    .option('--state-dir <dir>', 'state dir of the background sandbox', DEFAULT_STATE_DIR)
    .action(async (o: { stateDir: string }) => {
      const { detachedStatus } = await import('../../sandbox/index.js');
      const st = detachedStatus(o.stateDir);
      process.stdout.write(
        st.running
          ? `Sandbox running (pid ${st.pid}) at ${st.url}\nkubeconfig: ${st.kubeconfigPath}\n`
          : `Sandbox is not running (data: ${st.dataDir})\n`,
      );
    });

  sandbox
    .command('reset')
    .description('stop the background sandbox and delete its data')
    .option('--state-dir <dir>', 'state dir of the background sandbox', DEFAULT_STATE_DIR)
    .action(async (o: { stateDir: string }) => {
      const { resetDetached } = await import('../../sandbox/index.js');
      await resetDetached(o.stateDir);
      process.stdout.write('Sandbox reset\n');
    });
}
