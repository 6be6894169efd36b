import type { Clock } from '../ports/clock';
import type { DepGateway } from '../ports/dep-gateway';
import type { EventStore } from '../ports/event-store';
import type { Vault } from '../ports/vault';
import type { EventSerde } from '../serde/event-serde';
import type { SyncEngine } from '../sync-run';
import type { SyncPolicy } from '../sync/sync-policy';
import type { TokenPki } from './token-pki';

/** What the application services share. */
export type ApplicationContext = Readonly<{
  store: EventStore;
  gateway: DepGateway;
  vault: Vault;
  pki: TokenPki;
  clock: Clock;
  policy: SyncPolicy;
  serde: EventSerde;
  engine: SyncEngine;
  /**
   * OAuth secrets tried before they are recorded, by a throwaway token id: a renewal asks Apple which
   * MDM server the new server token belongs to under such an id, so no cached session of the token answers.
   */
  trialSecrets: Map<string, string>;
}>;

/** Who is acting, for the events' metadata. */
export type ActorOptions = Readonly<{ actor?: string; correlationId?: string }>;

export const commandMetadata = (context: ApplicationContext, options: ActorOptions | undefined, fallbackActor: string) => ({
  now: context.clock.now(),
  actor: options?.actor ?? fallbackActor,
  ...(options?.correlationId ? { correlationId: options.correlationId } : {}),
});
