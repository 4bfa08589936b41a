#!/usr/bin/env node
import { runMain } from './exit.js';
/**
 * bosun's entry point: builds the command tree, runs it, and turns the outcome into an exit code.
 * Every exit code is decided in `exit.ts`; commands load their implementation lazily so that
 * `bosun --version` does not pay for the template engine or the Kubernetes client.
 */
import { buildProgram } from './program.js';

await runMain(async (signal) => {
  const program = buildProgram(signal);
  await program.parseAsync(process.argv);
});
