import type { Command } from 'commander';
import { expiryLines } from '../business/account-health-lines';
import { businessServiceOf } from '../business/business-service';
import { exitCodes } from '../errors/exit-codes';
import type { Kit } from './kit';

type Options = { account: string };

/** `depledger business status`: the API account's health — its credentials' expiry warned like a server token's. */
export const registerBusinessStatus = (business: Command, kit: Kit): void => {
  business
    .command('status')
    .description("the API account's health: connected, refused by Apple, or its key expiring (30, 7, 1 days) or expired")
    .option('--account <name>', 'the API account', 'default')
    .addHelpText('after', '\nExit code 1 when the key is refused or expired.\n\nExample:\n  depledger business status --json')
    .action(
      kit.action<Options>(async ({ options, out, withContext, globals, io }) => {
        const health = await withContext(async (context) => {
          const service = businessServiceOf(context, globals.appleUrl, io);
          await service.checkExpiry(options.account, { actor: globals.actor });
          return service.accountHealth(options.account);
        });
        out.result(
          () => [
            out.t('business.status', {
              account: health.accountId,
              clientId: health.clientId,
              health: out.t(`business.health.${health.health}`),
            }),
            ...expiryLines(health, out.t),
          ],
          health,
        );
        return health.health === 'refused' || health.health === 'expired' ? exitCodes.failed : exitCodes.ok;
      }),
    );
};
