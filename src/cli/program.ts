/**
 * The command tree. Each command module exports `register(parent, ctx)` and imports its
 * implementation lazily inside the action handler.
 */
import { Command } from 'commander';
import { register as registerDependency } from './commands/helm/dependency.js';
import { register as registerLint } from './commands/helm/lint.js';
import { register as registerPackage } from './commands/helm/package.js';
import { register as registerPull } from './commands/helm/pull.js';
import { register as registerPush } from './commands/helm/push.js';
import { register as registerRecover } from './commands/helm/recover.js';
import { register as registerRegistry } from './commands/helm/registry.js';
import { register as registerReleases } from './commands/helm/releases.js';
import { register as registerRepo } from './commands/helm/repo.js';
import { register as registerSearch } from './commands/helm/search.js';
import { register as registerShow } from './commands/helm/show.js';
import { register as registerTemplate } from './commands/helm/template.js';
import { register as registerSandbox } from './commands/sandbox.js';
import { register as registerStack } from './commands/stack.js';

export interface CliContext {
  readonly signal: AbortSignal;
}

export function buildProgram(signal: AbortSignal): Command {
  const ctx: CliContext = { signal };
  const program = new Command('bosun')
    .description(
      'Deploy and manage Kubernetes applications: helm-compatible releases and declarative stacks.',
    )
    // No program-level --version option: commander would recognise it after subcommands too
    // and swallow the chart `--version X` flag of install/upgrade/template/pull. main.ts
    // answers a bare `bosun --version`.
    .addHelpText('after', '\nRun "bosun --version" to print the version.')
    .showHelpAfterError()
    .exitOverride();
  const helm = program
    .command('helm')
    .description('a native, helm-compatible release manager (no helm binary needed)')
    .option('-n, --namespace <namespace>', 'namespace scope for this request')
    .option('--kube-context <context>', 'name of the kubeconfig context to use')
    .option('--kubeconfig <path>', 'path to the kubeconfig file');
  for (const register of helmCommands) register(helm, ctx);
  registerStack(program, ctx);
  registerSandbox(program, ctx);
  return program;
}

type Register = (parent: Command, ctx: CliContext) => void;

/** `bosun helm …` commands; each module registers itself. */
const helmCommands: Register[] = [
  registerTemplate,
  registerReleases,
  registerRepo,
  registerSearch,
  registerPull,
  registerPackage,
  registerDependency,
  registerPush,
  registerRegistry,
  registerRecover,
  registerShow,
  registerLint,
];
