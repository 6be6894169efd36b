/**
 * The prefixes of depledger's stream names: one stream per token, profile, device (by serial) and
 * token's sync runs. Read models and `readAll({ streamPrefixes })` select streams by them; the
 * stream of one aggregate is its prefix followed by its id (`tokenStream(id)`, `deviceStream(serial)`…).
 */
export const streamPrefixes = {
  token: 'dep-token-',
  profile: 'dep-profile-',
  device: 'dep-device-',
  sync: 'dep-sync-',
} as const;
