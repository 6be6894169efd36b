import { DepledgerError } from '../errors/depledger-error';
import { handleCommand } from '../handling/command-handler';
import { draft, type Command, type Decider } from '../handling/decider';
import type { Clock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import { isTenantKeyedVault, type Vault, type VaultTenant } from '../ports/vault';
import type { EventSerde } from '../serde/event-serde';
import { tenantStream, type TenantEvent, type TenantForgotten } from './tenant-events';
import { scopeViolation, type TenantId } from './tenant-id';
import { forgettableTenant } from './tenant-vault-keys';

/** A tenant forgotten: when, and how many vault entries were erased. */
export type ForgottenTenant = Readonly<{
  tenant: TenantId;
  forgottenAt: string;
  entriesErased: number;
  /** True when it had been forgotten (and recorded) before this call: nothing was changed. */
  alreadyForgotten: boolean;
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
   * The named tenants the vault holds a key or entries for, forgotten ones included, by id.
   * @throws `TENANT_SCOPE_VIOLATION`, `VAULT_TENANT_KEYS_UNSUPPORTED`
   */
  list(): Promise<readonly VaultTenant[]>;
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
  const tenantVault = () => {
    if (!context.operator) throw scopeViolation(context.tenant, 'tenant administration');
    if (!isTenantKeyedVault(context.vault)) throw unsupported();
    return context.vault;
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
      return {
        tenant,
        forgottenAt: recorded.forgottenAt,
        entriesErased: recorded.entriesErased,
        alreadyForgotten: events.length === 0,
      };
    },
    list: async () => tenantVault().listTenants(),
  };
};
