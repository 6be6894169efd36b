import type { Command } from 'commander';
import { parseVaultKey } from '@depledger/store-sqlite';
import { CliError } from '../errors/cli-error';
import type { Kit } from './kit';

/** The environment variable a rotation takes the new key from when the key is not in a key file. */
const newKeyVariable = 'DEPLEDGER_NEW_VAULT_KEY';

/** Replaces the vault key: every entry's own key is sealed under a new one, and the old one is gone. */
export const registerVaultRotateKey = (parent: Command, kit: Kit): void => {
  parent
    .command('rotate-key')
    .description('replace the vault key; backups taken before can no longer be read (forgotten people included)')
    .addHelpText(
      'after',
      `\nWith the key file beside the database, a new key replaces it. With DEPLEDGER_VAULT_KEY, give the new key in ${newKeyVariable}\nand put it in DEPLEDGER_VAULT_KEY afterwards. On SQLite, close other processes that use the store first. On PostgreSQL,\nother nodes may keep running: once rotated they answer VAULT_KEY_ROTATED until restarted with the new key.\n\nExample:\n  depledger vault rotate-key`,
    )
    .action(
      kit.action<Record<string, never>>(async ({ io, out, withContext }) => {
        const given = io.env[newKeyVariable];
        const newKey =
          given === undefined || given.trim() === '' ? undefined : parseVaultKey(given, `the environment variable ${newKeyVariable}`);
        const rotated = await withContext(async (context) => {
          try {
            return await context.vaultFile.rotateKey(newKey);
          } catch (error) {
            if ((error as { code?: unknown }).code === 'VAULT_KEY_MISSING') {
              throw new CliError(
                'INVALID_INPUT',
                `The vault key comes from DEPLEDGER_VAULT_KEY: put the new key (base64 of 32 bytes) in ${newKeyVariable} and run this again.`,
              );
            }
            throw error;
          }
        });
        out.result(
          () =>
            rotated.keyFile !== undefined
              ? [out.t('vault.rotatedFile', { file: rotated.keyFile })]
              : [out.t('vault.rotatedEnv', { variable: newKeyVariable })],
          { rotated: true, source: rotated.source, keyFile: rotated.keyFile ?? null },
        );
      }),
    );
};
