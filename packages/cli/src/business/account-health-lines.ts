import type { BusinessAccountHealth } from '@depledger/core';
import type { Output } from '../output/output';

/** What an account's health says about its credentials' expiry, in a line or two (nothing when no expiry was given). */
export const expiryLines = (health: BusinessAccountHealth, t: Output['t']): string[] => {
  if (health.health === 'refused') return [t('business.refused', { code: health.refusedCode ?? t('business.refusedCode') })];
  if (health.expiresAt === null) return [t('business.expiryUnknown')];
  const day = health.expiresAt.slice(0, 10);
  const n = health.daysLeft ?? 0;
  if (health.health === 'expired') return [t('business.expired', { day })];
  if (health.health === 'expiring') return [t('business.expiring', { day, n })];
  return [t('business.expires', { day, n })];
};
