import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createAppleSimulator, type AppleSimulator, type IssuedToken } from '@depledger/apple-simulator';
import { createDepledger, defaultTenant, type Depledger, type EventStore, type TenantId, type Vault } from '@depledger/core';

/**
 * One organisation as the tenancy specs set it up: a simulator of its own (started; the caller stops
 * it), the tenant's depledger over the shared store and vault on that simulator's clock, and its
 * token `paris` uploaded for an MDM server at the simulator's portal.
 */
export const organisationAtSimulator = async (
  shared: Readonly<{ events: EventStore; vault: Vault }>,
  tenant: TenantId,
  options: Readonly<{ appleId?: string; retry?: Readonly<{ maxAttempts: number; baseDelayMs?: number; maxDelayMs?: number }> }> = {},
): Promise<{ simulator: AppleSimulator; depledger: Depledger; issued: IssuedToken }> => {
  const simulator = createAppleSimulator({ seed: 23 });
  const { url } = await simulator.start();
  const depledger = createDepledger({
    store: shared.events,
    vault: shared.vault,
    pki: createAppleTokenPki(),
    clock: simulator.clock,
    gateway: appleGateway({ baseUrl: url, retry: options.retry ?? { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }),
    ...(tenant === defaultTenant ? {} : { tenant }),
  });
  const key = await depledger.tokens.generateKey('paris');
  const issued = simulator.portal.addMdmServer({ name: `${tenant} MDM`, certificatePem: key.certificatePem });
  await depledger.tokens.upload('paris', issued.p7m as string, { appleId: options.appleId ?? `it@${tenant}.example` });
  return { simulator, depledger, issued };
};
