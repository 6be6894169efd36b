import { openSqliteStore } from '@depledger/store-sqlite';

/** How many events a depledger SQLite file holds (its head position), opened and closed again. */
export const eventCount = async (path: string): Promise<number> => {
  const store = openSqliteStore({ path, env: {} });
  try {
    return await store.events.headPosition();
  } finally {
    await store.close();
  }
};

/** The stored type names of one stream, oldest first. */
export const streamTypes = async (path: string, stream: string): Promise<string[]> => {
  const store = openSqliteStore({ path, env: {} });
  try {
    const types: string[] = [];
    for await (const event of store.events.readStream(stream)) types.push(event.type);
    return types;
  } finally {
    await store.close();
  }
};
