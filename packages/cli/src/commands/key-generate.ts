import type { Command } from 'commander';
import { formatDate } from '../output/dates';
import { checkOutputFile, writeOutputFile } from '../files/output-file';
import type { Kit } from './kit';

type Options = { token: string; out: string; force?: boolean; renew?: boolean };

/** Step 2 of the Intune document: the encryption key (.pem) the administrator uploads to Apple. */
export const registerKeyGenerate = (parent: Command, kit: Kit): void => {
  parent
    .command('generate')
    .description('issue the encryption key of an MDM server token and write its certificate (.pem) to upload at Apple')
    .requiredOption('--token <id>', 'your name for this MDM server token, e.g. paris')
    .requiredOption('--out <file.pem>', 'where to write the certificate (.pem)')
    .option('--force', 'replace --out if it exists')
    .option('--renew', 'the token has an active server token: confirm that this key starts its renewal')
    .addHelpText(
      'after',
      '\nThe private key stays in the vault; only the public certificate is written. On a token whose server token\nis active, a new key starts its renewal: say so with --renew.\n\nExamples:\n  depledger key generate --token paris --out paris.pem\n  depledger key generate --token paris --out paris-2027.pem --renew',
    )
    .action(
      kit.action<Options>(async ({ options, io, out, withContext, globals }) => {
        const force = options.force === true;
        const path = checkOutputFile(io.cwd, options.out, force, 'the certificate');
        const key = await withContext(
          (context) => context.depledger.tokens.generateKey(options.token, { actor: globals.actor, renew: options.renew === true }),
          {
            create: true,
          },
        );
        writeOutputFile(path, key.certificatePem, force);
        out.result(
          () => [
            out.t(key.staged ? 'cli.key.issuedRenewal' : 'cli.key.issued', { token: key.tokenId }),
            out.t('cli.key.certificate', { file: options.out }),
            out.t('cli.key.fingerprint', { fingerprint: key.fingerprint }),
            out.t('cli.key.validUntil', { date: formatDate(key.notAfter) }),
            out.t('cli.key.next', { file: options.out }),
            out.t('cli.key.nextCommand', { token: key.tokenId }),
          ],
          {
            tokenId: key.tokenId,
            keyId: key.keyId,
            fingerprint: key.fingerprint,
            notAfter: key.notAfter,
            staged: key.staged,
            certificateFile: path,
          },
        );
      }),
    );
};
