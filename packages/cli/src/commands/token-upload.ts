import type { Command } from 'commander';
import type { AccountCheck } from '@depledger/core';
import { readInputFile } from '../files/input-file';
import { formatDate } from '../output/dates';
import type { Output } from '../output/output';
import type { Kit } from './kit';

type Options = { token: string; file: string; appleId: string; replaces?: boolean };

export const accountLines = (tokenId: string, account: AccountCheck, out: Output): string[] =>
  account.status === 'verified'
    ? [out.t('cli.account.verified', { server: account.serverName, org: account.orgName || out.t('cli.account.yourOrganisation') })]
    : [
        out.t('cli.account.unconfirmed', { code: account.code, message: account.message }),
        out.t('cli.account.checkLater', { token: tokenId }),
      ];

/** Step 4: the server token (.p7m) with the Apple ID, decrypted, validated and stored; then the account is checked. */
export const registerTokenUpload = (parent: Command, kit: Kit): void => {
  parent
    .command('upload')
    .description("upload the server token (.p7m) downloaded from Apple's portal, with the Apple ID that downloaded it")
    .requiredOption('--token <id>', 'the token id given to `key generate`')
    .requiredOption('--file <file.p7m>', 'the server token file')
    .requiredOption('--apple-id <id>', 'the Apple ID of the portal account (renewals must use the same one)')
    .option('--replaces', "a renewal from a different MDM server than the token's: confirm that it replaces it")
    .addHelpText(
      'after',
      "\nThe .p7m is decrypted with the token's key and its OAuth secrets go to the vault. Then the account is\nchecked with Apple; if Apple cannot be reached the upload is kept and the check can be repeated.\n\nExample:\n  depledger token upload --token paris --file paris.p7m --apple-id admin@example.com",
    )
    .action(
      kit.action<Options>(async ({ options, io, out, withContext, globals }) => {
        const p7m = readInputFile(io.cwd, options.file, out.t('cli.upload.fileLabel'));
        const uploaded = await withContext((context) =>
          context.depledger.tokens.upload(options.token, p7m, {
            appleId: options.appleId,
            actor: globals.actor,
            ...(options.replaces === true ? { replaces: true } : {}),
          }),
        );
        out.result(
          () => [
            out.t(uploaded.renewed ? 'cli.upload.renewed' : 'cli.upload.uploaded', {
              token: uploaded.tokenId,
              date: formatDate(uploaded.expiresAt),
            }),
            ...accountLines(uploaded.tokenId, uploaded.account, out),
          ],
          { tokenId: uploaded.tokenId, renewed: uploaded.renewed, expiresAt: uploaded.expiresAt, account: uploaded.account },
        );
      }),
    );
};
