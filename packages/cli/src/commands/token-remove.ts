import type { Command } from 'commander';
import type { Kit } from './kit';

type Options = { token: string };

/** Removes a token no device or profile points at any more. */
export const registerTokenRemove = (parent: Command, kit: Kit): void => {
  parent
    .command('remove')
    .description('remove a token once no device is assigned to it and its profiles are retired')
    .requiredOption('--token <id>', 'the token id')
    .addHelpText('after', '\nExample:\n  depledger token remove --token lyon')
    .action(
      kit.action<Options>(async ({ options, out, withContext, globals }) => {
        const events = await withContext((context) => context.depledger.tokens.remove(options.token, { actor: globals.actor }));
        out.result(
          () => [
            events.length > 0
              ? out.t('cli.token.removed', { token: options.token })
              : out.t('cli.token.nothingToRemove', { token: options.token }),
          ],
          {
            tokenId: options.token,
            removed: events.length > 0,
          },
        );
      }),
    );
};
