import type { Command } from 'commander';
import { listTokenHealth, type TokenHealthView } from '@depledger/projections';
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
          throw new CliError(
            'TOKEN_NOT_FOUND',
            `There is no token ${options.token} in this store: run \`depledger tokens\` to see the tokens it knows.`,
          );
        }
        out.result(
          () =>
            tokens.length === 0
              ? ['No tokens yet: start with `depledger key generate --token <id> --out <file.pem>`.']
              : table(tokens, [
                  { header: 'TOKEN', value: (t) => t.tokenId },
                  { header: 'HEALTH', value: (t) => t.healthLabel },
                  { header: 'SERVER', value: (t) => t.serverName ?? '-' },
                  { header: 'EXPIRES', value: (t) => formatDate(t.expiresAt) },
                  { header: 'DAYS LEFT', value: daysLeft },
                  { header: 'DEFAULT PROFILE', value: (t) => t.defaultProfileId ?? '-' },
                  { header: 'LAST SYNC', value: (t) => formatDate(t.lastSuccessfulSyncAt) },
                  {
                    header: 'NEXT FULL SYNC',
                    value: (t) =>
                      t.nextFullSyncAllowedAt === null ? (t.stage === 'active' ? 'allowed now' : '-') : formatDate(t.nextFullSyncAllowedAt),
                  },
                ]),
          tokens,
        );
      }),
    );
};
