import type { BusinessAccountHealth } from '@depledger/core';

/** What an account's health says about its credentials' expiry, in a line or two (nothing when no expiry was given). */
export const expiryLines = (health: BusinessAccountHealth): string[] => {
  if (health.health === 'refused')
    return [`Warning: Apple refused this account's key (${health.refusedCode ?? 'refused'}): connect it again with a working key.`];
  if (health.expiresAt === null)
    return ['Its key expiry is not known: give --expires <date> (from the account page) to be warned before it.'];
  const day = health.expiresAt.slice(0, 10);
  if (health.health === 'expired') return [`Warning: its key expired on ${day}: generate a new key in the portal and connect again.`];
  if (health.health === 'expiring')
    return [
      `Warning: its key expires on ${day}, in ${health.daysLeft ?? 0} day(s): generate a new key in the portal and connect again before then.`,
    ];
  return [`Its key expires on ${day} (in ${health.daysLeft ?? 0} days).`];
};
