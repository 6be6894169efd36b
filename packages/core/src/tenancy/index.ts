export { defaultTenant, isTenantId, parseTenantId, tenantNamePrefix, tenantOfName, type TenantId } from './tenant-id';
export { scopeEventStore, tenantOfStore } from './tenant-event-store';
export { scopeVault } from './tenant-vault';
export { scopeRunLeases } from './tenant-run-leases';
export { scopeConsumerCheckpoints } from './tenant-checkpoints';
export { forgettableTenant, tenantForgottenError, tenantOfVaultKind, tenantVaultKindPrefix } from './tenant-vault-keys';
export { createTenantAdministration, tenantDecider, type ForgottenTenant, type TenantAdministration } from './tenant-administration';
export { tenantEventDefinitions, tenantStream, type TenantEvent, type TenantForgotten } from './tenant-events';
