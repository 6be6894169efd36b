export { defaultTenant, isTenantId, parseTenantId, tenantNameMarker, tenantNamePrefix, tenantOfName, type TenantId } from './tenant-id';
export { scopeEventStore, tenantOfStore } from './tenant-event-store';
export { scopeVault } from './tenant-vault';
export { scopeRunLeases } from './tenant-run-leases';
export { scopeConsumerCheckpoints } from './tenant-checkpoints';
export { forgettableTenant, tenantForgottenError, tenantOfVaultKind, tenantVaultKindPrefix } from './tenant-vault-keys';
export {
  createTenantAdministration,
  tenantDecider,
  type ForgottenTenant,
  type TenantAdministration,
  type TenantListing,
} from './tenant-administration';
export {
  tenantEventDefinitions,
  tenantRegisterStream,
  tenantStream,
  type TenantEvent,
  type TenantForgotten,
  type TenantRecorded,
  type TenantRegisterEvent,
  type TenantsIndexed,
} from './tenant-events';
