import { profileStream, type Depledger, type EventStore } from '@depledger/core';
import { profileRow, type ProfileRow } from './profile-row';

const prefix = profileStream('');

/** Every profile the store holds, by id; found from the profile streams' names, then each folded. */
export const listProfiles = async (events: EventStore, depledger: Depledger): Promise<ProfileRow[]> => {
  const ids = new Set<string>();
  for await (const stored of events.readAll({ streamPrefixes: [prefix] })) ids.add(stored.streamName.slice(prefix.length));
  const defaults = new Map<string, string | null>();
  const rows: ProfileRow[] = [];
  for (const id of [...ids].sort()) {
    const state = await depledger.profiles.state(id);
    if (state.status === 'none') continue;
    if (!defaults.has(state.tokenId)) {
      const token = await depledger.tokens.state(state.tokenId);
      defaults.set(state.tokenId, token.status === 'active' ? token.defaultProfileId : null);
    }
    rows.push(profileRow(state, defaults.get(state.tokenId) === id));
  }
  return rows;
};
