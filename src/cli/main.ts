#!/usr/bin/env node
/**
 * bosun's entry point: builds the command tree, runs it, and turns the outcome into an exit code.
 * Every exit code is decided in `exit.ts`; commands load their implementation lazily so that
 * `bosun --version` does not pay for the template engine or the Kubernetes client.
 */
import { readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { runMain } from './exit.js';

// Node ≥ 22.1 can cache compiled modules on disk (in the OS temp folder, or NODE_COMPILE_CACHE):
// later runs skip most of the ~100 ms that compiling bosun's modules costs. Node 20 lacks it.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

await runMain(async (signal) => {
  const args = process.argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === 'version')) {
    process.stdout.write(`${version()}\n`);
    return;
  }
  // The command tree is loaded only when there is a command to run.
  const { buildProgram } = await import('./program.js');
  const program = buildProgram(signal);
  await program.parseAsync(process.argv);
});
