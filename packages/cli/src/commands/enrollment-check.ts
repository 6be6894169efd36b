import type { Command } from 'commander';
import { readMachineInfo } from '@depledger/apple';
import { exitCodes } from '../errors/exit-codes';
import { readInputFile } from '../files/input-file';
import type { Kit } from './kit';

type Options = { machineInfo: string; trust?: string[] };

/** `enrollment-check`: what the MDM's enrollment endpoint should answer a device, from its signed MachineInfo. */
export const registerEnrollmentCheck = (program: Command, kit: Kit): void => {
  program
    .command('enrollment-check')
    .description(
      'what your MDM\'s enrollment URL should answer a device: allow, or Apple\'s "software update required" (403) below the minimum OS of the routing rule it matches, else of its profile',
    )
    .requiredOption(
      '--machine-info <file>',
      "the device's MachineInfo as it sent it (the PKCS#7-signed body, or the x-apple-aspen-deviceinfo base64)",
    )
    .option('--trust <ca.pem...>', "the authorities the device's signature must chain to (Apple's device CAs)")
    .addHelpText(
      'after',
      '\nA minimum OS is set per profile (depledger profile minimum-os corp --os iOS=17.1) or per routing rule: { "profileId": "macs", "when": { "family": ["Mac"] }, "minimumOs": { "macOS": { "version": "14.0" } } }\n(depledger profile rules --set); the rule\'s for the device\'s platform comes first. Exits 0 to allow, 1 when the device must update first.\n\nExample:\n  depledger enrollment-check --machine-info request.p7s --trust apple-device-ca.pem',
    )
    .action(
      kit.action<Options>(async ({ options, io, out, withContext }) => {
        const raw = readInputFile(io.cwd, options.machineInfo, 'The MachineInfo file');
        const text = raw.toString('latin1').trim();
        const body = /^[A-Za-z0-9+/=\s-]+$/.test(text) && !text.startsWith('0') ? text : raw;
        const trusted = options.trust?.map((path) => readInputFile(io.cwd, path, 'The certificate file').toString('utf8'));
        const info = readMachineInfo(body, trusted === undefined ? {} : { trustedCertificatesPem: trusted });
        const decision = await withContext((context) => context.depledger.devices.enrollmentAnswer(info));
        const { code, from, ...values } = decision.reason;
        const whose =
          from === 'rule'
            ? out.t('enrollmentCheck.from.rule', { rule: values.rule ?? '' })
            : from === 'profile'
              ? out.t('enrollmentCheck.from.profile', { profile: values.profileId ?? '' })
              : '';
        const why = `${out.t(`enrollmentCheck.why.${code}`, values)}${whose}`;
        out.result(
          () => [
            decision.allow
              ? out.t('enrollmentCheck.allow', { serial: decision.serial ?? out.t('enrollmentCheck.device'), why })
              : out.t('enrollmentCheck.refuse', {
                  serial: decision.serial ?? out.t('enrollmentCheck.device'),
                  body: JSON.stringify(decision.body),
                  why,
                }),
          ],
          decision,
        );
        return decision.allow ? exitCodes.ok : exitCodes.failed;
      }),
    );
};
