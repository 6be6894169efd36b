import type { Command } from 'commander';
import { messageLabel } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import { exitCodes } from '../errors/exit-codes';
import { accountLines } from './token-upload';
import type { Kit } from './kit';

type Options = { token: string };

/** Asks Apple for the token's account again (after an upload Apple could not confirm, or to test a token). */
export const registerTokenVerify = (parent: Command, kit: Kit): void => {
  parent
    .command('verify')
    .description("check the token's account with Apple and record the outcome")
    .requiredOption('--token <id>', 'the token id')
    .addHelpText('after', '\nExample:\n  depledger token verify --token paris')
    .action(
      kit.action<Options>(async ({ options, out, withContext, globals }) => {
        const account = await withContext(async (context) => {
          const state = await context.depledger.tokens.state(options.token);
          if (state.status === 'none' || state.status === 'removed') {
            throw new CliError('TOKEN_NOT_FOUND', messageLabel('cli.tokens.unknown', { token: options.token }), { tokenId: options.token });
          }
          if (state.status === 'key_issued') {
            throw new CliError('TOKEN_NOT_UPLOADED', messageLabel('cli.tokens.notUploaded', { token: options.token }), {
              tokenId: options.token,
            });
          }
          return context.depledger.tokens.verifyAccount(options.token, { actor: globals.actor });
        });
        out.result(() => accountLines(options.token, account, out), { tokenId: options.token, account });
        return account.status === 'verified' ? exitCodes.ok : exitCodes.failed;
      }),
    );
};
