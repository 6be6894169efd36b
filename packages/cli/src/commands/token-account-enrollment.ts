import type { Command } from 'commander';
import type { AccountDrivenEnrollment } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import type { Output } from '../output/output';
import type { Kit } from './kit';

type Options = { token: string; set?: string; remove?: boolean };

const lines = (found: AccountDrivenEnrollment, t: Output['t']): string[] => [
  found.atApple === null
    ? t('accountEnrollment.none', { token: found.tokenId })
    : found.atApple.lastUpdatedAt
      ? t('accountEnrollment.atUpdated', {
          token: found.tokenId,
          url: found.atApple.serviceDiscoveryUrl,
          updated: found.atApple.lastUpdatedAt,
        })
      : t('accountEnrollment.at', { token: found.tokenId, url: found.atApple.serviceDiscoveryUrl }),
  ...(found.recorded !== null && found.recorded.serviceDiscoveryUrl !== found.atApple?.serviceDiscoveryUrl
    ? [t('accountEnrollment.changed', { url: found.recorded.serviceDiscoveryUrl, at: found.recorded.setAt })]
    : []),
];

/** `token account-enrollment`: the MDM server's account-driven enrollment profile at Apple — set, read, remove. */
export const registerTokenAccountEnrollment = (parent: Command, kit: Kit): void => {
  parent
    .command('account-enrollment')
    .description(
      "the token's account-driven enrollment profile at Apple (user enrollment and account-driven device enrollment): the MDM service discovery URL; read, --set or --remove",
    )
    .requiredOption('--token <id>', 'the token')
    .option('--set <url>', 'the https URL of your MDM service discovery (Apple: mdm_service_discovery_url)')
    .option('--remove', 'remove the profile at Apple')
    .addHelpText(
      'after',
      '\nSet and remove are recorded on the token (AccountDrivenEnrollmentProfileSet / Removed) once Apple accepts them; a read asks Apple.\n\nExamples:\n  depledger token account-enrollment --token paris --set https://mdm.example.com/.well-known/com.apple.remotemanagement\n  depledger token account-enrollment --token paris\n  depledger token account-enrollment --token paris --remove',
    )
    .action(
      kit.action<Options>(async ({ options, out, withContext, globals }) => {
        if (options.set !== undefined && options.remove === true)
          throw new CliError('INVALID_INPUT', 'Give --set <url> or --remove, not both.', { field: 'set' });
        const found = await withContext(async (context) => {
          const tokens = context.depledger.tokens;
          if (options.set !== undefined) await tokens.setAccountDrivenEnrollment(options.token, options.set, { actor: globals.actor });
          if (options.remove === true) await tokens.removeAccountDrivenEnrollment(options.token, { actor: globals.actor });
          return tokens.accountDrivenEnrollment(options.token);
        });
        out.result(() => lines(found, out.t), found);
      }),
    );
};
