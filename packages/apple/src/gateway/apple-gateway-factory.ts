import type { GatewayFactory } from '@depledger/core';
import type { AppleClientOptions } from '../client-options';
import { credentialsFromVault } from '../vault-credentials';
import { createAppleGateway } from './gateway';

/** `createAppleGateway`'s options without `credentials`: depledger supplies them from its vault. */
export type AppleGatewayFactoryOptions = Omit<AppleClientOptions, 'credentials'>;

/**
 * The Apple gateway as `createDepledger` takes it: a factory that depledger calls once with its
 * vault and its record of each token's OAuth secrets, so a session reads the secrets of the
 * token's last upload. Nothing to wire by hand and no forward reference to depledger.
 *
 * @example
 * ```ts
 * const depledger = createDepledger({ store, vault, pki: createAppleTokenPki(), gateway: appleGateway({ userAgent: 'acme-mdm/2.1' }) });
 * ```
 */
export const appleGateway =
  (options: AppleGatewayFactoryOptions = {}): GatewayFactory =>
  (wiring) =>
    createAppleGateway({ ...options, credentials: credentialsFromVault(wiring.vault, wiring.oauthSecretsRef) });
