#!/usr/bin/env node
/**
 * bosun's entry point: builds the command tree, runs it, and turns the outcome into an exit code.
 * Every exit code is decided in `exit.ts`; commands load their implementation lazily so that
 * `bosun --version` does not pay for the template engine or the Kubernetes client.
 */
import { runMain } from './exit.js';
import { buildProgram, version } from './program.js';

await runMain(async (signal) => {
  const args = process.argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === 'version')) {
    process.stdout.write(`${version()}\n`);
    return;
  }
  const program = buildProgram(signal);
  await program.parseAsync(process.argv);
});
