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
            `Encryption key issued for token ${key.tokenId}${key.staged ? ' (a renewal: the current server token keeps working until you upload the new one)' : ''}.`,
            `  certificate  ${options.out}  (upload it at Apple when you add the MDM server)`,
            `  fingerprint  ${key.fingerprint}`,
            `  valid until  ${formatDate(key.notAfter)}`,
            `Next: at Apple's portal, add an MDM server with ${options.out}, download its server token (.p7m), then`,
            `  depledger token upload --token ${key.tokenId} --file <server-token.p7m> --apple-id <your Apple ID>`,
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
