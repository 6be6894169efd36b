import type { Lang } from '@depledger/projections';
import { CliError } from '../errors/cli-error';

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
  /** Who is acting, as the events' metadata records it: `admin:<id>`. */
  actor: string;
  /** The organisation the command works for (docs/many-organisations.md). @defaultValue `'default'` */
  tenant?: string;
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
  actor: adminActor(options['actor']),
  tenant: options['tenant'] === undefined ? 'default' : String(options['tenant']),
});

/**
 * `--actor <id>` (or DEPLEDGER_ACTOR): the administrator's id in the audit trail, `admin:<id>`. An id,
 * not an e-mail or a name: the event log keeps no personal data. `admin:cli` when none is given.
 */
export const adminActor = (value: unknown): string => {
  if (value === undefined || value === null || value === '') return 'admin:cli';
  const id = String(value);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(id)) {
    throw new CliError(
      'INVALID_INPUT',
      `--actor is not an id: use 1–64 letters, digits, dot, dash or underscore (an id, not an e-mail address: the event log keeps no personal data).`,
    );
  }
  return `admin:${id}`;
};
