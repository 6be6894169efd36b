import type { Command } from 'commander';
import { businessServiceOf } from '../business/business-service';
import { readInputFile } from '../files/input-file';
import { expiryLines } from '../business/account-health-lines';
import type { Kit } from './kit';

type Options = { clientId: string; keyId: string; key: string; account: string; expires?: string };

/** `depledger business connect`: an Apple School or Business Manager API account, checked with Apple, its key into the vault. */
export const registerBusinessConnect = (business: Command, kit: Kit): void => {
  business
    .command('connect')
    .description('connect an API account of Apple School or Business Manager (its key goes to the vault)')
    .requiredOption('--client-id <id>', "the account's client id (BUSINESSAPI.… or SCHOOLAPI.…)")
    .requiredOption('--key-id <id>', "the account's key id")
    .requiredOption('--key <file.pem>', 'the private key the portal downloaded')
    .option('--account <name>', "depledger's name for the account", 'default')
    .option('--expires <date>', "when the account's key expires, as its page in the portal shows it (warned 30, 7 and 1 days before)")
    .addHelpText(
      'after',
      '\nExample:\n  depledger business connect --client-id BUSINESSAPI.9703f56c-… --key-id d136aa66-… --key api-key.pem',
    )
    .action(
      kit.action<Options>(async ({ options, out, withContext, globals, io }) => {
        const privateKeyPem = readInputFile(io.cwd, options.key, 'The key file').toString('utf8');
        const connected = await withContext(
          (context) =>
            businessServiceOf(context, globals.appleUrl, io)
              .connect(
                {
                  accountId: options.account,
                  clientId: options.clientId,
                  keyId: options.keyId,
                  privateKeyPem,
                  ...(options.expires !== undefined ? { expiresAt: options.expires } : {}),
                },
                { actor: globals.actor },
              )
              .then(async (result) => ({
                ...result,
                health: await businessServiceOf(context, globals.appleUrl, io).accountHealth(result.accountId),
              })),
          { create: true },
        );
        out.result(
          () => [
            out.t('business.connected', { account: connected.accountId, n: connected.servers.length }),
            ...expiryLines(connected.health, out.t),
            ...connected.servers.map((s) => `  ${s.serverId}  ${s.name ?? ''}`),
          ],
          connected,
        );
      }),
    );
};
