import { DepledgerError } from '../errors/depledger-error';
import { handleCommand } from '../handling/command-handler';
import { draft, type Command, type Decider } from '../handling/decider';
import type { Clock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import { isTenantKeyedVault, type Vault, type VaultTenant } from '../ports/vault';
import type { EventSerde } from '../serde/event-serde';
import { tenantStream, type TenantEvent, type TenantForgotten } from './tenant-events';
import { defaultTenant, parseTenantId, scopeViolation, type TenantId } from './tenant-id';
import { forgottenAtOf, indexTenants, noteTenantForgotten, readTenantRegister, type TenantRegister } from './tenant-register';
import { forgettableTenant } from './tenant-vault-keys';

/** A tenant forgotten: when, and how many vault entries were erased. */
export type ForgottenTenant = Readonly<{
  tenant: TenantId;
  forgottenAt: string;
  entriesErased: number;
  /** True when it had been forgotten (and recorded) before this call: nothing was changed. */
  alreadyForgotten: boolean;
}>;

/** A tenant of the store, as `tenants.list()` gives it. */
export type TenantListing = Readonly<{
  tenant: TenantId;
  /** When it was recorded in the register of tenants (its first event), or null for a tenant known from the vault only. */
  recordedAt: string | null;
  /** When it was forgotten, or null: a forgotten tenant records nothing more. */
  forgottenAt: string | null;
  /** Its vault entries that still hold a value (0 with a vault without a key per tenant). */
  entries: number;
  /** When its vault key was made, or null (no key yet, entries older than tenant keys, or a vault without them). */
  keyCreatedAt: string | null;
}>;

/** The operator's view of the organisations in the store. */
export type TenantAdministration = Readonly<{
  /**
   * Forgets an organisation: its vault key is destroyed and its vault entries erased in one step (none
   * of its secrets and personal data can be read again), then `TenantForgotten` is recorded in the
   * operator's stream `dep-tenant-<id>` (tenant id, when, how many entries; nothing personal). Its own
   * events stay and replay, their personal fields revealed as forgotten (`null`). Forgetting it
   * again changes nothing and answers as the first time, with `alreadyForgotten`.
   * Only on the operator's depledger; needs a vault with a key per tenant (SQLite, PostgreSQL, memory).
   * @throws `TENANT_ID_INVALID`, `TENANT_NOT_FORGETTABLE`, `TENANT_SCOPE_VIOLATION`, `VAULT_TENANT_KEYS_UNSUPPORTED`
   */
  forget(tenant: TenantId, options?: Readonly<{ actor?: string }>): Promise<ForgottenTenant>;
  /**
   * Every named tenant of the store, forgotten ones included, by id: those recorded in the register of
   * tenants (`tenant-~register`: a tenant is recorded when its first event is stored), with their vault
   * entries where the vault keeps a key per tenant. A store written before the register is indexed
   * from its stream names at the first call (once: the named tenants' events are read through).
   * @throws `TENANT_SCOPE_VIOLATION`
   */
  list(): Promise<readonly TenantListing[]>;
  /**
   * The tenants to serve and schedule: the default tenant, then every named tenant of the register not
   * forgotten, by id. What `depledger schedule --all-tenants`, `depledger serve --all-tenants` and
   * `GET /tenants` use. One read of the register (indexed once, as `list`).
   * @throws `TENANT_SCOPE_VIOLATION`
   */
  active(): Promise<readonly TenantId[]>;
  /**
   * When the tenant was forgotten, or null (the default tenant never is): one look-up of its stream.
   * @throws `TENANT_ID_INVALID`, `TENANT_SCOPE_VIOLATION`
   */
  forgottenAt(tenant: TenantId): Promise<string | null>;
}>;

type TenantState = Readonly<{ forgotten: TenantForgotten['data'] | null }>;
type RecordTenantForgotten = Command<'RecordTenantForgotten', TenantForgotten['data']>;

/** A tenant is forgotten once: recording it again decides nothing. */
export const tenantDecider: Decider<TenantState, RecordTenantForgotten, TenantEvent> = {
  initialState: () => ({ forgotten: null }),
  decide: (command, state) => (state.forgotten !== null ? [] : [draft<TenantEvent>('TenantForgotten', command.data)]),
  evolve: (state, event) => (event.type === 'TenantForgotten' ? { forgotten: event.data } : state),
};

type AdministrationContext = Readonly<{
  /** The operator's (default tenant's) store. */
  store: EventStore;
  serde: EventSerde;
  clock: Clock;
  /** The vault as given, not a tenant's view of it. */
  vault: Vault;
  /** The store as given (the register is indexed from every tenant's stream names): the operator's only. */
  unscopedStore: EventStore | null;
  /** The tenant of the depledger the facet hangs on, and whether it may administer others. */
  tenant: TenantId;
  operator: boolean;
}>;

const unsupported = (): DepledgerError =>
  new DepledgerError(
    'VAULT_TENANT_KEYS_UNSUPPORTED',
    'The vault given to depledger has no key per tenant (it offers no forgetTenant): use the SQLite or PostgreSQL store, or the in-memory vault.',
  );

export const createTenantAdministration = (context: AdministrationContext): TenantAdministration => {
  const operatorOnly = (): EventStore => {
    if (!context.operator || context.unscopedStore === null) throw scopeViolation(context.tenant, 'tenant administration');
    return context.unscopedStore;
  };
  const tenantVault = () => {
    operatorOnly();
    if (!isTenantKeyedVault(context.vault)) throw unsupported();
    return context.vault;
  };
  const vaultTenants = async (): Promise<readonly VaultTenant[]> => (isTenantKeyedVault(context.vault) ? context.vault.listTenants() : []);
  /** The register, indexed from the stream names first when it never was. */
  const register = async (): Promise<TenantRegister> => {
    const store = operatorOnly();
    const read = await readTenantRegister(store);
    if (read.indexed) return read;
    return indexTenants(store, context.clock.now().toISOString());
  };
  return {
    async forget(id, options = {}) {
      const vault = tenantVault();
      const tenant = forgettableTenant(id);
      const erased = await vault.forgetTenant(tenant);
      const { events, state } = await handleCommand(
        context.store,
        context.serde,
        tenantDecider,
        tenantStream(tenant),
        {
          type: 'RecordTenantForgotten',
          data: { tenantId: tenant, forgottenAt: erased.forgottenAt, entriesErased: erased.entriesErased },
          metadata: { now: context.clock.now(), actor: options.actor ?? 'admin:operator', idempotencyKey: 'forgotten' },
        },
        { retries: 2 },
      );
      const recorded = state.forgotten ?? { tenantId: tenant, forgottenAt: erased.forgottenAt, entriesErased: erased.entriesErased };
      // noted in the register too (again when a forgetting is run again: read as once), so listing needs one read
      await noteTenantForgotten(operatorOnly(), recorded);
      return {
        tenant,
        forgottenAt: recorded.forgottenAt,
        entriesErased: recorded.entriesErased,
        alreadyForgotten: events.length === 0,
      };
    },
    async list() {
      const { tenants } = await register();
      const vaulted = new Map((await vaultTenants()).map((t) => [t.tenant, t]));
      const ids = [...new Set([...tenants.keys(), ...vaulted.keys()])].filter((id) => id !== defaultTenant).sort();
      return ids.map((tenant) => {
        const recorded = tenants.get(tenant);
        const vault = vaulted.get(tenant);
        return {
          tenant,
          recordedAt: recorded?.recordedAt ?? null,
          forgottenAt: recorded?.forgottenAt ?? vault?.forgottenAt ?? null,
          entries: vault?.entries ?? 0,
          keyCreatedAt: vault?.keyCreatedAt ?? null,
        };
      });
    },
    async active() {
      const { tenants } = await register();
      const named = [...tenants.values()].filter((t) => t.forgottenAt === null).map((t) => t.tenant);
      return [defaultTenant, ...named.sort()];
    },
    async forgottenAt(id) {
      const tenant = parseTenantId(id);
      return forgottenAtOf(operatorOnly(), tenant);
    },
  };
};
