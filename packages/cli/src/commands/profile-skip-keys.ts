import type { Command } from 'commander';
import { setupAssistantCatalogueVersion, setupAssistantKeys, type SetupAssistantKey, type SetupAssistantPlatform } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import { table } from '../output/table';
import type { Kit } from './kit';

type Options = { platform?: string };

const platforms: readonly SetupAssistantPlatform[] = ['iOS', 'macOS', 'tvOS', 'visionOS'];

const availability = (entry: SetupAssistantKey): string =>
  Object.entries(entry.platforms)
    .map(([platform, a]) => `${platform} ${a?.added ?? '?'}${a?.removed === undefined ? '+' : `–${a.removed} (retired)`}`)
    .join(', ');

/** The Setup Assistant keys depledger knows: platforms, the OS version that added (or retired) each, and what the pane is. */
export const registerProfileSkipKeys = (parent: Command, kit: Kit): void => {
  parent
    .command('skip-keys')
    .description('the Setup Assistant panes a profile can skip (--skip), with platforms and OS versions; newer keys are accepted too')
    .option('--platform <name>', `only the keys of one platform: ${platforms.join(', ')}`)
    .addHelpText('after', '\nExample:\n  depledger profile skip-keys --platform macOS --lang en')
    .action(
      kit.action<Options>(async ({ options, out, globals }) => {
        const platform = options.platform;
        if (platform !== undefined && !platforms.includes(platform as SetupAssistantPlatform)) {
          throw new CliError('INVALID_INPUT', `--platform ${platform} is not one of ${platforms.join(', ')}: choose one of them.`, {
            field: 'platform',
          });
        }
        const keys = setupAssistantKeys.filter(
          (k) => platform === undefined || k.platforms[platform as SetupAssistantPlatform] !== undefined,
        );
        out.result(
          () => [
            ...table(keys, [
              { header: 'KEY', value: (k) => k.key },
              { header: 'PLATFORMS', value: availability },
              { header: globals.lang === 'en' ? 'PANE' : 'ÉCRAN', value: (k) => (globals.lang === 'en' ? k.en : k.fr) },
            ]),
            globals.lang === 'en'
              ? `Catalogue ${setupAssistantCatalogueVersion}. A key Apple added since is accepted, with a warning recorded on the profile.`
              : `Catalogue ${setupAssistantCatalogueVersion}. Une clé ajoutée depuis par Apple est acceptée, avec un avertissement enregistré sur le profil.`,
          ],
          { version: setupAssistantCatalogueVersion, keys },
        );
      }),
    );
};
