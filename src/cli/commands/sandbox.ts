/** `bosun sandbox …` — registered here; the implementation lives in src/sandbox. */
import type { Command } from 'commander';
import type { CliContext } from '../program.js';

export function register(program: Command, _ctx: CliContext): void {
  program.command('sandbox').description('a local server that speaks the Kubernetes API');
}
