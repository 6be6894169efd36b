import type { Command } from 'commander';
import { listTokenHealth, type TokenHealthView } from '@depledger/projections';
import { messageLabel } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import { formatDate } from '../output/dates';
import { table } from '../output/table';
import type { Kit } from './kit';

type Options = { token?: string };

const daysLeft = (t: TokenHealthView) => (t.daysLeft === null ? '-' : `${t.daysLeft}`);

/** The tokens' health: what an administrator must act on (expiry, terms, rejection) and when the next full sync may run. */
export const registerTokens = (program: Command, kit: Kit): void => {
  program
    .command('tokens')
    .description("the tokens' health: expiry, Apple's terms, last sync, when a full sync is allowed again")
    .option('--token <id>', 'only this token')
    .addHelpText('after', '\nExamples:\n  depledger tokens\n  depledger tokens --token paris --json')
    .action(
      kit.action<Options>(async ({ options, globals, out, withContext }) => {
        const tokens = await withContext(async (context) => {
          const { readModels } = await context.readModels();
          const all = await listTokenHealth(readModels, {
            now: context.depledger.clock.now(),
            policy: context.depledger.policy,
            lang: globals.lang,
          });
          return options.token === undefined ? all : all.filter((t) => t.tokenId === options.token);
        });
        if (options.token !== undefined && tokens.length === 0) {
          throw new CliError('TOKEN_NOT_FOUND', messageLabel('cli.tokens.unknown', { token: options.token }), { tokenId: options.token });
        }
        out.result(
          () =>
            tokens.length === 0
              ? [out.t('cli.tokens.empty')]
              : table(tokens, [
                  { header: out.t('cli.col.token'), value: (t) => t.tokenId },
                  { header: out.t('cli.col.health'), value: (t) => t.healthLabel },
                  { header: out.t('cli.col.server'), value: (t) => t.serverName ?? '-' },
                  { header: out.t('cli.col.expires'), value: (t) => formatDate(t.expiresAt) },
                  { header: out.t('cli.col.daysLeft'), value: daysLeft },
                  { header: out.t('cli.col.defaultProfile'), value: (t) => t.defaultProfileId ?? '-' },
                  { header: out.t('cli.col.lastSync'), value: (t) => formatDate(t.lastSuccessfulSyncAt) },
                  {
                    header: out.t('cli.col.nextFullSync'),
                    value: (t) =>
                      t.nextFullSyncAllowedAt === null
                        ? t.stage === 'active'
                          ? out.t('cli.tokens.allowedNow')
                          : '-'
                        : formatDate(t.nextFullSyncAllowedAt),
                  },
                ]),
          tokens,
        );
      }),
    );
};
