import type { Command } from 'commander';
import type { ApiKeyScope, ApiKeys } from '@depledger/serve';
import type { CliContext } from '../runtime/open-context';
import { table } from '../output/table';
import { formatDate } from '../output/dates';
import type { Output } from '../output/output';
import type { Kit } from './kit';

/** A key's scopes in words of the language asked (`lecture, écriture`); the values --scope takes stay `read` and `write`. */
const scopesIn = (scopes: readonly ApiKeyScope[], out: Output): string =>
  scopes.map((scope) => out.t(`cli.apiKey.scope.${scope}`)).join(', ');

type CreateOptions = { name: string; scope: ApiKeyScope[]; operator?: boolean };
type KeyOptions = { operator?: boolean };

/**
 * The keys of --tenant (the server package loaded only when a key command runs), issued through the
 * operator's records so that `serve --all-tenants` routes them and serves the tenant from its start;
 * with --operator, the operator's own keys.
 */
const apiKeysOf = async (context: CliContext, options: KeyOptions): Promise<ApiKeys> => {
  const keys = (await import('@depledger/serve')).createOperatorApiKeys(context.operator().depledger);
  return options.operator === true ? keys.operator : keys.forTenant(context.depledger.tenant);
};

/** API keys for `depledger serve`: created (the key shown once), listed, revoked; only their hash is stored. */
export const registerApiKey = (program: Command, kit: Kit): void => {
  const apiKey = program.command('api-key').description('API keys for depledger serve (scopes read and write)');
  apiKey
    .command('create')
    .description('create a key; it is printed once and only its SHA-256 is stored')
    .requiredOption('--name <name>', 'what uses it (a system, not a person): recorded as the actor api:<name> of its writes')
    .option('--scope <scope...>', 'read, write or both', ['read', 'write'])
    .option(
      '--operator',
      "an operator's key (dplop_…) for serve --all-tenants: it lists the tenants and acts on one only by naming it (header X-Depledger-Tenant)",
    )
    .addHelpText('after', '\nExample:\n  depledger api-key create --name my-mdm --scope read write')
    .action(
      kit.action<CreateOptions>(async ({ options, globals, out, withContext }) => {
        const issued = await withContext(
          async (context) => (await apiKeysOf(context, options)).issue(options.name, options.scope, { actor: globals.actor }),
          { create: true },
        );
        out.result(
          () => [
            out.t('cli.apiKey.issued', { keyId: issued.keyId, name: issued.name, scopes: scopesIn(issued.scopes, out) }),
            '',
            `  ${issued.key}`,
            '',
            out.t('cli.apiKey.keepIt'),
          ],
          issued,
        );
      }),
    );
  apiKey
    .command('list')
    .description('the keys, without their secrets')
    .option('--operator', "the operator's keys rather than the tenant's")
    .action(
      kit.action<KeyOptions>(async ({ options, out, withContext }) => {
        const keys = await withContext(async (context) => (await apiKeysOf(context, options)).list());
        out.result(
          () =>
            keys.length === 0
              ? [out.t('cli.apiKey.empty')]
              : table(keys, [
                  { header: out.t('cli.col.key'), value: (k) => k.keyId },
                  { header: out.t('cli.col.name'), value: (k) => k.name },
                  { header: out.t('cli.col.scopes'), value: (k) => scopesIn(k.scopes, out) },
                  { header: out.t('cli.col.issued'), value: (k) => formatDate(k.issuedAt) },
                  { header: out.t('cli.col.revoked'), value: (k) => formatDate(k.revokedAt) },
                ]),
          keys,
        );
      }),
    );
  apiKey
    .command('revoke <keyId>')
    .description('revoke a key: a running server refuses it from its next request')
    .option('--operator', "an operator's key rather than one of the tenant's")
    .action(
      kit.action<KeyOptions>(async ({ args, options, globals, out, withContext }) => {
        const keyId = String(args[0]);
        await withContext(async (context) => (await apiKeysOf(context, options)).revoke(keyId, { actor: globals.actor }));
        out.result(() => [out.t('cli.apiKey.revoked', { keyId })], { keyId, revoked: true });
      }),
    );
};
