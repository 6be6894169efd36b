/**
 * The prefixes of depledger's stream names: one stream per token, profile, device (by serial) and
 * token's sync runs; through Apple School and Business Manager's API, one per API account, per
 * device of the organisation's inventory, per assignment, per removal (unassign, release) and per change to migrations under way;
 * in the operator's store, one per tenant (organisation) forgotten. Read models and
 * `readAll({ streamPrefixes })` select streams by them; the stream of one aggregate is its prefix
 * followed by its id (`tokenStream(id)`, `deviceStream(serial)`…). No prefix starts another.
 */
export const streamPrefixes = {
  token: 'dep-token-',
  profile: 'dep-profile-',
  device: 'dep-device-',
  sync: 'dep-sync-',
  businessAccount: 'dep-business-account-',
  orgDevice: 'dep-org-device-',
  deviceAssignment: 'dep-business-assignment-',
  deviceRemoval: 'dep-business-removal-',
  migrationChange: 'dep-business-migration-',
  tenant: 'dep-tenant-',
} as const;

/**
 * The names the Business API's streams had before they took the `dep-` prefix
 * (`business-account-<id>`, `org-device-<serial>`, `device-assignment-<id>`). depledger never
 * writes them again and never rewrites them: it reads an aggregate's old stream first, then its
 * stream under the current name, and readers of the whole log select both prefixes.
 */
export const legacyStreamPrefixes = {
  businessAccount: 'business-account-',
  orgDevice: 'org-device-',
  deviceAssignment: 'device-assignment-',
} as const;
