import type { Command } from 'commander';
import { runDemo } from '../demo/run-demo';
import type { Kit } from './kit';

/** `depledger demo`: the walk-through of `pnpm demo`, wherever the package is installed. */
export const registerDemo = (program: Command, kit: Kit): void => {
  program
    .command('demo')
    .description("replay the Intune document's eight steps against a local simulator into ./depledger.db (replaces an existing one)")
    .addHelpText('after', '\nExamples:\n  depledger demo\n  depledger demo --lang en')
    .action(
      kit.action<Record<string, never>>(async ({ io, globals }) => {
        await runDemo({ cwd: io.cwd, lang: globals.lang, write: io.stdout });
      }),
    );
};
