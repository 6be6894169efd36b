import type { Lang } from '@depledger/projections';

/** Options every subcommand understands (before or after its name). */
export type GlobalOptions = Readonly<{
  /** `sqlite:<file>` or `esdb://…` */
  store: string;
  /** With an EventStoreDB store: the local file for the vault and the read models. */
  vault: string;
  /** Apple's DEP service, or the simulator's URL. */
  appleUrl: string;
  lang: Lang;
  json: boolean;
  /** The sync rules: the Intune document's (2016) or today's Intune (manual syncs at most every 15 minutes). */
  policy: PolicyName;
}>;

export const policyNames = ['intune-2016', 'intune-current'] as const;
export type PolicyName = (typeof policyNames)[number];

export const defaultStore = 'sqlite:./depledger.db';
export const defaultVault = './depledger-vault.db';
export const defaultSimulatorUrl = 'http://127.0.0.1:8080';

export const globalOptionsOf = (options: Record<string, unknown>): GlobalOptions => ({
  store: String(options['store']),
  vault: String(options['vault']),
  appleUrl: String(options['appleUrl']),
  lang: options['lang'] === 'en' ? 'en' : 'fr',
  json: options['json'] === true,
  policy: options['policy'] === 'intune-current' ? 'intune-current' : 'intune-2016',
});
