import type { Command } from 'commander';
import {
  messageLabel,
  setupAssistantCatalogueVersion,
  setupAssistantKeys,
  type SetupAssistantKey,
  type SetupAssistantPlatform,
} from '@depledger/core';
import { CliError } from '../errors/cli-error';
import type { Output } from '../output/output';
import { table } from '../output/table';
import type { Kit } from './kit';

type Options = { platform?: string };

const platforms: readonly SetupAssistantPlatform[] = ['iOS', 'macOS', 'tvOS', 'visionOS'];

const availability = (entry: SetupAssistantKey, out: Output): string =>
  Object.entries(entry.platforms)
    .map(
      ([platform, a]) =>
        `${platform} ${a?.added ?? '?'}${a?.removed === undefined ? '+' : `–${a.removed}${out.t('cli.skipKeys.retired')}`}`,
    )
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
          throw new CliError('INVALID_INPUT', messageLabel('cli.skipKeys.platform', { platform, platforms: platforms.join(', ') }), {
            field: 'platform',
          });
        }
        const keys = setupAssistantKeys.filter(
          (k) => platform === undefined || k.platforms[platform as SetupAssistantPlatform] !== undefined,
        );
        out.result(
          () => [
            ...table(keys, [
              { header: out.t('cli.col.key'), value: (k) => k.key },
              { header: out.t('cli.col.platforms'), value: (k) => availability(k, out) },
              { header: out.t('cli.col.pane'), value: (k) => k[globals.lang] },
            ]),
            out.t('cli.skipKeys.footer', { version: setupAssistantCatalogueVersion }),
          ],
          { version: setupAssistantCatalogueVersion, keys },
        );
      }),
    );
};
