import type { Command } from 'commander';
import { CliError } from '../errors/cli-error';
import { table } from '../output/table';
import type { Kit } from './kit';

type ForgetOptions = { confirm?: boolean };

/** `depledger tenant forget <id>`: an organisation's vault key destroyed, for good — only with `--confirm`. */
const registerTenantForget = (parent: Command, kit: Kit): void => {
  parent
    .command('forget')
    .description(
      'forget an organisation for good: its vault key is destroyed, so none of its secrets and personal data can be read again (needs --confirm)',
    )
    .argument('<tenant-id>', 'the organisation to forget')
    .option('--confirm', 'confirm the forgetting: it cannot be undone')
    .addHelpText(
      'after',
      '\nIts events stay and still replay (devices, histories), their personal fields shown as forgotten; TenantForgotten is recorded.\nIt records nothing more (commands and syncs: TENANT_FORGOTTEN), and serve --all-tenants and schedule --all-tenants leave it out. Backups taken before stay readable with the vault key until it is rotated (depledger vault rotate-key).\nRun it as the operator (without --tenant).\n\nExample:\n  depledger tenant forget acme --confirm',
    )
    .action(
      kit.action<ForgetOptions>(async ({ args, options, out, withContext, globals }) => {
        const tenant = String(args[0]);
        if (options.confirm !== true) {
          throw new CliError('INVALID_INPUT', {
            en: `Forgetting ${tenant} destroys its vault key for good: none of its secrets and personal data can be read again. Add --confirm to go ahead.`,
            fr: `Oublier ${tenant} détruit sa clé de coffre pour toujours : aucun de ses secrets ni de ses données personnelles ne pourra plus être lu. Ajoutez --confirm pour continuer.`,
          });
        }
        const forgotten = await withContext((context) => context.tenantAdministrator().tenants.forget(tenant, { actor: globals.actor }));
        out.result(
          () => [
            forgotten.alreadyForgotten
              ? out.t('tenant.alreadyForgotten', { tenant: forgotten.tenant, at: forgotten.forgottenAt })
              : out.t('tenant.forgotten', { tenant: forgotten.tenant, n: forgotten.entriesErased }),
          ],
          forgotten,
        );
      }),
    );
};

/** `depledger tenant list`: every organisation of the store (its register, and the vault's tenant keys), forgotten ones included. */
const registerTenantList = (parent: Command, kit: Kit): void => {
  parent
    .command('list')
    .description('every organisation of the store (recorded at its first event), with its vault entries, and whether it was forgotten')
    .addHelpText('after', '\nExample:\n  depledger tenant list --json')
    .action(
      kit.action<Record<string, never>>(async ({ out, withContext }) => {
        const tenants = await withContext((context) => context.tenantAdministrator().tenants.list());
        out.result(
          () =>
            tenants.length === 0
              ? [out.t('tenant.none')]
              : table(tenants, [
                  { header: out.t('tenant.col.tenant'), value: (t) => t.tenant },
                  { header: out.t('tenant.col.entries'), value: (t) => `${t.entries}` },
                  { header: out.t('tenant.col.forgotten'), value: (t) => t.forgottenAt ?? '-' },
                ]),
          { tenants },
        );
      }),
    );
};

export const registerTenant = (program: Command, kit: Kit): void => {
  const tenant = program.command('tenant').description('the organisations sharing the store, for the operator: list them, forget one');
  registerTenantList(tenant, kit);
  registerTenantForget(tenant, kit);
};
