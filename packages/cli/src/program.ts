import { Command, Option } from 'commander';
import { appleBaseUrl } from '@depledger/apple';
import type { Lang } from '@depledger/core';
import { helpConfiguration, localizeHelp, localizeHelpEntries } from './help/localize-help';
import { registerBusinessActivity } from './commands/business-activity';
import { registerBusinessAssign } from './commands/business-assign';
import { registerBusinessCancelMigration, registerBusinessMigrationDeadline } from './commands/business-migration';
import { registerBusinessRelease } from './commands/business-release';
import { registerBusinessStatus } from './commands/business-status';
import { registerBusinessUnassign } from './commands/business-unassign';
import { registerBusinessConnect } from './commands/business-connect';
import { registerBusinessDevices } from './commands/business-devices';
import { registerBusinessServers } from './commands/business-servers';
import { registerDemo } from './commands/demo';
import { registerDevices } from './commands/devices';
import { registerEnroll } from './commands/enroll';
import { registerHistory } from './commands/history';
import { registerKeyGenerate } from './commands/key-generate';
import type { Kit } from './commands/kit';
import { registerAssign } from './commands/assign';
import { registerProfileDefault } from './commands/profile-default';
import { registerProfileDefine } from './commands/profile-define';
import { registerProfileList } from './commands/profile-list';
import { registerProfilePublish } from './commands/profile-publish';
import { registerProfileMinimumOs } from './commands/profile-minimum-os';
import { registerProfileRetire } from './commands/profile-retire';
import { registerProfileRevise } from './commands/profile-revise';
import { registerProfileSkipKeys } from './commands/profile-skip-keys';
import { registerProfileRoute, registerProfileRules } from './commands/profile-route';
import { registerQueue } from './commands/queue';
import { registerRebuild } from './commands/rebuild';
import { registerSimulatorPortal } from './commands/simulator-portal';
import { registerSimulatorPowerOn } from './commands/simulator-power-on';
import { registerSimulatorStart } from './commands/simulator-start';
import { registerSummary } from './commands/summary';
import { registerSync } from './commands/sync';
import { registerSyncs } from './commands/syncs';
import { registerSchedule } from './commands/schedule';
import { registerServe } from './commands/serve';
import { registerApiKey } from './commands/api-key';
import { registerTokenAccountEnrollment } from './commands/token-account-enrollment';
import { registerTokenRemove } from './commands/token-remove';
import { registerTokenUpload } from './commands/token-upload';
import { registerTokenVerify } from './commands/token-verify';
import { registerTokens } from './commands/tokens';
import { registerUnenroll } from './commands/unenroll';
import { registerDeviceOperations } from './commands/device-operations';
import { registerActivationLock } from './commands/activation-lock';
import { registerReplacement } from './commands/replacement';
import { registerEnrollmentCheck } from './commands/enrollment-check';
import { registerVaultRotateKey } from './commands/vault-rotate-key';
import { registerTenant } from './commands/tenant';
import { defaultStore, defaultVault, policyNames } from './runtime/global-options';

/** The package's version, as `depledger --version` prints it. */
export const cliVersion: string = (require('../package.json') as { version: string }).version;

/**
 * The `depledger` command: one subcommand per administrator action, in the Intune document's order.
 * Its `--help` is said in `lang` (the `--lang` asked, known before the parse: see run.ts).
 */
export const createProgram = (kit: Kit, lang: Lang = 'fr'): Command => localizeHelp(declareProgram(kit, lang), lang);

/** The command as the code declares it, its --help layout in `lang` but its texts as written (for createProgram, and for the spec that checks the catalogue has them all). */
export const declareProgram = (kit: Kit, lang: Lang): Command => {
  const program = localizeHelpEntries(new Command('depledger'), lang)
    .description("Apple's Device Enrollment Program from the terminal: tokens, profiles, sync and devices, kept as events")
    .version(cliVersion, '--version')
    .addOption(
      new Option('--store <location>', 'where events live: sqlite:<file>, postgres://user@host:5432/db or esdb://host:2113')
        .default(defaultStore)
        .env('DEPLEDGER_STORE'),
    )
    .addOption(
      new Option('--vault <file>', 'with --store esdb://…: the local SQLite file for the vault (keys, secrets) and read models').default(
        defaultVault,
      ),
    )
    .addOption(new Option('--apple-url <url>', "Apple's DEP service, or the simulator's URL").default(appleBaseUrl))
    .addOption(new Option('--lang <lang>', 'the language everything is said in').choices(['fr', 'en']).default('fr').env('DEPLEDGER_LANG'))
    .addOption(
      new Option(
        '--policy <rules>',
        "sync rules: the Intune document's, or today's Intune (15-minute runs, manual syncs at most every 15 minutes)",
      )
        .choices([...policyNames])
        .default('intune-2016')
        .env('DEPLEDGER_POLICY'),
    )
    .addOption(
      new Option('--actor <id>', 'your administrator id for the audit trail (recorded as admin:<id>; not an e-mail)').env(
        'DEPLEDGER_ACTOR',
      ),
    )
    .addOption(
      new Option(
        '--tenant <id>',
        'the organisation to work for, in a store shared by several (its own streams, vault entries and read models)',
      )
        .default('default')
        .env('DEPLEDGER_TENANT'),
    )
    .option('--json', 'print the result as JSON (for scripts)')
    .exitOverride()
    .configureOutput({ writeOut: kit.io.stdout, writeErr: kit.io.stderr, outputError: () => {} })
    .showHelpAfterError(false)
    .configureHelp(helpConfiguration(lang))
    .addHelpText(
      'after',
      `
The Intune document's steps:
  2  depledger key generate --token paris --out paris.pem
  3  (Apple's portal: add an MDM server with paris.pem, download the .p7m)
  4  depledger token upload --token paris --file paris.p7m --apple-id admin@example.com
  5  depledger profile define corp --token paris --name "Corporate" --url https://mdm.example.com/enroll
     depledger profile publish corp && depledger profile default corp --token paris
  6  (Apple's portal: assign devices to the MDM server), or through the API:
     depledger business connect --client-id BUSINESSAPI.… --key-id … --key api-key.pem
     depledger business assign --server <id> --order <number>
  7  depledger sync --token paris --full && depledger devices
  8  depledger enroll <serial>   (what your MDM reports at check-in)

Exit codes: 0 done; 1 refused or failed; 2 bad input (nothing recorded); 3 sync refused by the rules; 4 sync failed or timed out.`,
    );

  const key = program.command('key').description('encryption keys of MDM server tokens (step 2)');
  registerKeyGenerate(key, kit);
  const token = program.command('token').description('server tokens (.p7m) from Apple (step 4)');
  registerTokenUpload(token, kit);
  registerTokenVerify(token, kit);
  registerTokenRemove(token, kit);
  registerTokenAccountEnrollment(token, kit);
  registerTokens(program, kit);
  const vault = program.command('vault').description('the vault that holds private keys, OAuth secrets and personal data');
  registerVaultRotateKey(vault, kit);
  registerTenant(program, kit);
  const profile = program.command('profile').description('corporate enrollment profiles (step 5)');
  registerProfileDefine(profile, kit);
  registerProfileRevise(profile, kit);
  registerProfilePublish(profile, kit);
  registerProfileDefault(profile, kit);
  registerProfileList(profile, kit);
  registerProfileMinimumOs(profile, kit);
  registerProfileRetire(profile, kit);
  registerProfileSkipKeys(profile, kit);
  registerProfileRules(profile, kit);
  registerProfileRoute(profile, kit);
  registerAssign(program, kit);
  const business = program
    .command('business')
    .description(
      "Apple School and Business Manager's API: the organisation's devices, MDM servers and assignment (step 6 without the portal)",
    );
  registerBusinessConnect(business, kit);
  registerBusinessServers(business, kit);
  registerBusinessDevices(business, kit);
  registerBusinessAssign(business, kit);
  registerBusinessUnassign(business, kit);
  registerBusinessRelease(business, kit);
  registerBusinessMigrationDeadline(business, kit);
  registerBusinessCancelMigration(business, kit);
  registerBusinessActivity(business, kit);
  registerBusinessStatus(business, kit);
  registerSync(program, kit);
  registerSyncs(program, kit);
  registerSchedule(program, kit);
  registerServe(program, kit);
  registerApiKey(program, kit);
  registerDevices(program, kit);
  registerSummary(program, kit);
  registerQueue(program, kit);
  registerHistory(program, kit);
  registerEnroll(program, kit);
  registerUnenroll(program, kit);
  registerDeviceOperations(program, kit);
  registerActivationLock(program, kit);
  registerReplacement(program, kit);
  registerEnrollmentCheck(program, kit);
  registerRebuild(program, kit);
  const simulator = program.command('simulator').description("Apple's DEP service and portal, simulated on this machine");
  registerSimulatorStart(simulator, kit);
  registerSimulatorPortal(simulator, kit);
  registerSimulatorPowerOn(simulator, kit);
  registerDemo(program, kit);
  return program;
};
