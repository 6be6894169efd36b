import { EventStoreDBClient } from '@eventstore/db-client';

/** One client and how to name it in messages; `owned` when we created it and so must dispose it. */
export type Connection = Readonly<{ client: EventStoreDBClient; label: string; owned: boolean }>;

export type ConnectOptions =
  | Readonly<{
      /** `esdb://host:2113?tls=false` (insecure dev server) or a secure connection string from configuration. */
      connectionString: string;
    }>
  | Readonly<{
      /** A client you created and dispose yourself. */
      client: EventStoreDBClient;
    }>;

export const connect = (options: ConnectOptions): Connection => {
  if ('client' in options) return { client: options.client, label: 'the client given to depledger', owned: false };
  return { client: EventStoreDBClient.connectionString(options.connectionString), label: options.connectionString, owned: true };
};
