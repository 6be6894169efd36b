import { aggregateStream } from '../handling/aggregate-stream';
import { handleCommand } from '../handling/command-handler';
import type { Command, Decider } from '../handling/decider';
import type { Event } from '../events/event';
import { deviceDecider } from '../device/device-decider';
import { deviceStream } from '../device/device-events';
import { profileDecider } from '../profile/profile-decider';
import { profileStream } from '../profile/profile-events';
import { tokenDecider } from '../token/token-decider';
import { tokenStream } from '../token/token-events';
import type { VaultRef } from '../ports/vault';
import type { ApplicationContext } from './application-context';

/** What reading an aggregate needs: the store and the serde. */
export type StreamReader = Pick<ApplicationContext, 'store' | 'serde'>;

export const fold = <S, C extends Command, E extends Event>(context: StreamReader, decider: Decider<S, C, E>, stream: string) =>
  aggregateStream(context.store, context.serde, decider, stream).then((r) => r.state);

export const tokenState = (context: StreamReader, id: string) => fold(context, tokenDecider, tokenStream(id));
/** The vault reference of an active token's OAuth secrets (its last upload), else `null`. */
export const activeOauthSecretsRef = async (context: StreamReader, tokenId: string): Promise<VaultRef | null> => {
  const state = await tokenState(context, tokenId);
  return state.status === 'active' ? state.oauthSecretsRef : null;
};
export const profileState = (context: ApplicationContext, id: string) => fold(context, profileDecider, profileStream(id));
export const deviceState = (context: ApplicationContext, serial: string) => fold(context, deviceDecider, deviceStream(serial));

export const decideToken = (context: ApplicationContext, id: string, command: Parameters<typeof tokenDecider.decide>[0]) =>
  handleCommand(context.store, context.serde, tokenDecider, tokenStream(id), command);
export const decideProfile = (context: ApplicationContext, id: string, command: Parameters<typeof profileDecider.decide>[0]) =>
  handleCommand(context.store, context.serde, profileDecider, profileStream(id), command);
export const decideDevice = (context: ApplicationContext, serial: string, command: Parameters<typeof deviceDecider.decide>[0]) =>
  handleCommand(context.store, context.serde, deviceDecider, deviceStream(serial), command, { retries: 3 });
