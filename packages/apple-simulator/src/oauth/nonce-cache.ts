/**
 * Remembers OAuth nonces per consumer key so a replayed `/session` request is refused.
 * Bounded: the oldest nonces of a key are forgotten beyond `capacityPerKey`.
 */
export interface NonceCache {
  /** Records the nonce; false when it was already used with this consumer key. */
  remember(consumerKey: string, nonce: string, timestamp: number): boolean;
  /** Forgets nonces with timestamps before `timestamp` (they fall outside the window anyway). */
  forgetBefore(timestamp: number): void;
}

export function createNonceCache(capacityPerKey = 10_000): NonceCache {
  const byKey = new Map<string, Map<string, number>>();
  return {
    remember(consumerKey, nonce, timestamp) {
      let nonces = byKey.get(consumerKey);
      if (nonces === undefined) {
        nonces = new Map();
        byKey.set(consumerKey, nonces);
      }
      if (nonces.has(nonce)) return false;
      nonces.set(nonce, timestamp);
      if (nonces.size > capacityPerKey) {
        const oldest = nonces.keys().next().value;
        if (oldest !== undefined) nonces.delete(oldest);
      }
      return true;
    },
    forgetBefore(timestamp) {
      for (const nonces of byKey.values()) {
        for (const [nonce, ts] of nonces) if (ts < timestamp) nonces.delete(nonce);
      }
    },
  };
}
