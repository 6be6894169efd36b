import type { AppleSimulator, IssuedApiAccount, IssuedToken } from '@depledger/apple-simulator';
import {
  createDepledger,
  isDepledgerError,
  type BusinessGateway,
  type DepGateway,
  type Depledger,
  type ErrorCode,
  type EventStore,
  type Vault,
  type VaultRef,
} from '@depledger/core';
import { createAppleGateway, createAppleTokenPki, createBusinessGateway, credentialsFromVault } from '../index';

/**
 * An organisation at the simulator, as the specs set it up again and again: depledger on the
 * simulator's clock, Apple's DEP service and the Business API at the simulator's URL, a token's
 * server token uploaded, an API account connected — and the check that a refused step recorded
 * nothing.
 */

/** The Business API at the simulator, keeping its key in this vault, on the simulator's clock. */
export const businessApiAt = (
  simulator: AppleSimulator,
  url: string,
  vault: Vault,
  options: Readonly<{ pollIntervalMs?: number }> = {},
): BusinessGateway =>
  createBusinessGateway({ vault, baseUrl: url, tokenUrl: `${url}/auth/oauth2/v2/token`, now: () => simulator.clock.nowMs(), ...options });

/** Apple's DEP service at the simulator for a depledger that holds no server token (only the Business API is called). */
export const depServiceWithoutToken = (url: string, vault: Vault): DepGateway =>
  createAppleGateway({ baseUrl: url, credentials: credentialsFromVault(vault, () => Promise.resolve(null)) });

/** Apple's DEP service at the simulator with each token's OAuth secrets read from the vault, retried briefly so a failure shows at once. */
export const depServiceOfTokens = (
  url: string,
  vault: Vault,
  secretsRefOf: (tokenId: string) => Promise<VaultRef | null | undefined>,
): ReturnType<typeof createAppleGateway> =>
  createAppleGateway({
    baseUrl: url,
    credentials: credentialsFromVault(vault, secretsRefOf),
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
  });

type DepledgerOptions = Parameters<typeof createDepledger>[0];

/** depledger over this store, vault and Apple (a gateway or `appleGateway`'s factory), with Apple's token PKI, on the simulator's clock. */
export const depledgerOnSimulatorClock = (
  simulator: AppleSimulator,
  parts: Readonly<{ store: EventStore; vault: Vault; gateway: DepledgerOptions['gateway']; business?: BusinessGateway }>,
): Depledger => createDepledger({ ...parts, pki: createAppleTokenPki(), clock: simulator.clock });

/**
 * Steps 2 to 4: a key for the token, an MDM server at the simulator's portal for its certificate,
 * and the server token uploaded with the Apple ID the specs use. Returns what the portal issued.
 */
export const uploadServerToken = async (
  depledger: Depledger,
  simulator: AppleSimulator,
  tokenId = 'paris',
  serverName = 'Paris MDM',
): Promise<IssuedToken> => {
  const key = await depledger.tokens.generateKey(tokenId);
  const issued = simulator.portal.addMdmServer({ name: serverName, certificatePem: key.certificatePem });
  await depledger.tokens.upload(tokenId, issued.p7m as string, { appleId: 'alice@contoso.example' });
  return issued;
};

/** An API account made at the simulator's portal, connected to depledger. */
export const connectApiAccount = async (depledger: Depledger, simulator: AppleSimulator, name: string): Promise<IssuedApiAccount> => {
  const account = simulator.business.addApiAccount({ name });
  await depledger.business.connect({ clientId: account.clientId, keyId: account.keyId, privateKeyPem: account.privateKeyPem });
  return account;
};

/**
 * A check for steps that must be refused: the step fails with this code, and nothing was recorded —
 * the store's head, and the vault's size when a vault is given, are what they were. Returns the error.
 */
export const refusedRecordingNothing =
  (store: EventStore, vault?: Readonly<{ size(): number }>) =>
  async (step: () => Promise<unknown>, code: ErrorCode): Promise<Error> => {
    const head = await store.headPosition();
    const size = vault?.size();
    const error = await step().then(
      () => new Error('expected a refusal'),
      (e: unknown) => e,
    );
    expect(isDepledgerError(error, code)).toBe(true);
    expect(await store.headPosition()).toBe(head);
    if (vault !== undefined) expect(vault.size()).toBe(size);
    return error as Error;
  };

/** The types of the events in the streams whose names begin with this prefix, in global order. */
export const eventTypesIn = async (store: EventStore, prefix: string): Promise<string[]> => {
  const types: string[] = [];
  for await (const event of store.readAll({ streamPrefixes: [prefix] })) types.push(event.type);
  return types;
};
