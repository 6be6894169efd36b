import { z } from 'zod';
import type { AccountDrivenEnrollmentProfile } from '../ports/dep-gateway';
import type { RecordAccountDrivenEnrollment } from '../token/token-commands';
import { tokenDecider } from '../token/token-decider';
import type { TokenEvent } from '../token/token-events';
import { commandMetadata, type ActorOptions, type ApplicationContext } from './application-context';
import { parseInput, tokenIdInput } from './input';
import { decideToken, tokenState } from './streams';

/** Apple's MDM service discovery URL: an absolute https URL (Apple's limit is undocumented; 2000 characters, as a profile's URL). */
export const serviceDiscoveryUrlInput = z
  .string()
  .trim()
  .min(1, 'give the MDM service discovery URL')
  .max(2000, 'at most 2000 characters')
  .pipe(z.url({ protocol: /^https$/, error: 'an absolute https:// URL' }));

/** A token's account-driven enrollment profile: what Apple holds now, and what depledger recorded. */
export type AccountDrivenEnrollment = Readonly<{
  tokenId: string;
  /** Apple's answer to `GET /account-driven-enrollment/profile`; null when Apple holds none. */
  atApple: AccountDrivenEnrollmentProfile | null;
  /** The last profile depledger set for the token (and when), or null. */
  recorded: Readonly<{ serviceDiscoveryUrl: string; setAt: string }> | null;
}>;

/**
 * Checks the command against the token before Apple is called (a token not uploaded or removed is
 * refused and nothing is sent), then calls Apple, then records what Apple accepted.
 */
const applyAtApple = async (
  context: ApplicationContext,
  tokenId: string,
  serviceDiscoveryUrl: string | null,
  call: () => Promise<void>,
  options?: ActorOptions,
): Promise<readonly TokenEvent[]> => {
  const command: RecordAccountDrivenEnrollment = {
    type: 'RecordAccountDrivenEnrollment',
    data: { tokenId, serviceDiscoveryUrl },
    metadata: commandMetadata(context, options, 'admin:unknown'),
  };
  tokenDecider.decide(command, await tokenState(context, tokenId)); // throws the refusal, before Apple
  await call();
  return (await decideToken(context, tokenId, command)).events;
};

export const setAccountDrivenEnrollment = async (
  context: ApplicationContext,
  tokenId: string,
  url: string,
  options?: ActorOptions & { signal?: AbortSignal },
): Promise<readonly TokenEvent[]> => {
  const id = parseInput(tokenIdInput, tokenId, 'tokenId');
  const serviceDiscoveryUrl = parseInput(serviceDiscoveryUrlInput, url, 'serviceDiscoveryUrl');
  return applyAtApple(
    context,
    id,
    serviceDiscoveryUrl,
    () => context.gateway.setAccountDrivenEnrollmentProfile(id, serviceDiscoveryUrl, options?.signal),
    options,
  );
};

export const removeAccountDrivenEnrollment = async (
  context: ApplicationContext,
  tokenId: string,
  options?: ActorOptions & { signal?: AbortSignal },
): Promise<readonly TokenEvent[]> => {
  const id = parseInput(tokenIdInput, tokenId, 'tokenId');
  return applyAtApple(context, id, null, () => context.gateway.removeAccountDrivenEnrollmentProfile(id, options?.signal), options);
};

export const readAccountDrivenEnrollment = async (
  context: ApplicationContext,
  tokenId: string,
  options?: { signal?: AbortSignal },
): Promise<AccountDrivenEnrollment> => {
  const id = parseInput(tokenIdInput, tokenId, 'tokenId');
  const state = await tokenState(context, id);
  // the same refusal as set and remove for a token that cannot call Apple
  tokenDecider.decide(
    {
      type: 'RecordAccountDrivenEnrollment',
      data: { tokenId: id, serviceDiscoveryUrl: null },
      metadata: commandMetadata(context, {}, 'admin:unknown'),
    },
    state,
  );
  const atApple = await context.gateway.accountDrivenEnrollmentProfile(id, options?.signal);
  return { tokenId: id, atApple, recorded: state.status === 'active' ? (state.accountDrivenEnrollment ?? null) : null };
};
