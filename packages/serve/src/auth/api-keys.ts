import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { ValidationError, type Clock, type EventStore } from '@depledger/core';
import { z } from 'zod';
import { RequestError } from '../http/api-error';
import type { Caller } from './caller';

/** The stream that records API keys: issued (with the SHA-256 of the secret, never the secret) and revoked. */
export const apiKeyStream = 'dep-serve-api-keys';

export const apiKeyScopes = ['read', 'write'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

const issuedSchema = z.object({
  keyId: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(apiKeyScopes)),
  secretSha256: z.string(),
});
const revokedSchema = z.object({ keyId: z.string() });

/** A key as `list` shows it: never its secret. */
export type ApiKeyView = Readonly<{
  keyId: string;
  name: string;
  scopes: readonly ApiKeyScope[];
  issuedAt: string;
  issuedBy: string;
  revokedAt: string | null;
}>;

type KnownKey = ApiKeyView & Readonly<{ secretSha256: Buffer }>;

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const keyPattern = /^dpl_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

export type ApiKeys = Readonly<{
  /** Issues a key; the returned `key` is shown once and stored nowhere (only its SHA-256 is recorded). */
  issue(name: string, scopes: readonly ApiKeyScope[], options?: { actor?: string }): Promise<ApiKeyView & { key: string }>;
  revoke(keyId: string, options?: { actor?: string }): Promise<void>;
  list(): Promise<ApiKeyView[]>;
  /** The caller behind an `Authorization: Bearer <key>` (or `X-Api-Key`) value; throws API_KEY_MISSING / API_KEY_INVALID. */
  authenticate(presented: string | undefined): Promise<Caller>;
}>;

/**
 * API keys kept as events in the store depledger uses (every store works): a key is
 * `dpl_<key id>_<secret>` with 256 random bits of secret, and only the secret's SHA-256 is stored
 * (a fast hash is enough for a random secret of that length; a password would need a slow one).
 */
export const createApiKeys = (store: EventStore, clock: Clock): ApiKeys => {
  let known = new Map<string, KnownKey>();
  let loadedRevision = -1;
  /** Keys presented and verified against `known` (by the key itself): emptied whenever the stream moves. */
  let verified = new Map<string, Caller>();

  const load = async (): Promise<Map<string, KnownKey>> => {
    const keys = new Map<string, KnownKey>();
    let revision = -1;
    for await (const stored of store.readStream(apiKeyStream)) {
      revision = stored.revision;
      if (stored.type === 'ApiKeyIssued.v1') {
        const data = issuedSchema.parse(stored.data);
        keys.set(data.keyId, {
          keyId: data.keyId,
          name: data.name,
          scopes: data.scopes,
          issuedAt: stored.metadata.occurredAt,
          issuedBy: stored.metadata.actor,
          revokedAt: null,
          secretSha256: Buffer.from(data.secretSha256, 'hex'),
        });
      } else if (stored.type === 'ApiKeyRevoked.v1') {
        const { keyId } = revokedSchema.parse(stored.data);
        const key = keys.get(keyId);
        if (key) keys.set(keyId, { ...key, revokedAt: stored.metadata.occurredAt });
      }
    }
    known = keys;
    loadedRevision = revision;
    verified = new Map();
    return keys;
  };

  const metadata = (actor: string | undefined) => ({
    eventId: randomUUID(),
    occurredAt: clock.now().toISOString(),
    actor: actor ?? 'admin:cli',
    correlationId: randomUUID(),
    causationId: null,
    tokenId: null,
  });

  const view = ({ secretSha256: _hidden, ...key }: KnownKey): ApiKeyView => key;

  const invalid = () =>
    new RequestError(
      'API_KEY_INVALID',
      'This API key is not valid (unknown, revoked or mistyped): ask an administrator for a key (depledger api-key create).',
    );

  return {
    issue: async (name, scopes, options) => {
      const issues = [
        ...(namePattern.test(name)
          ? []
          : [{ path: 'name', message: 'use 1 to 64 letters, digits, dots, dashes or underscores (a system name, not a person)' }]),
        ...(scopes.length > 0 && scopes.every((s) => (apiKeyScopes as readonly string[]).includes(s))
          ? []
          : [{ path: 'scopes', message: 'give read, write or both' }]),
      ];
      if (issues.length > 0) throw new ValidationError('API key', issues);
      const keyId = randomBytes(8).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const event = {
        type: 'ApiKeyIssued.v1',
        data: { keyId, name, scopes: [...new Set(scopes)], secretSha256: sha256(secret).toString('hex') },
        metadata: metadata(options?.actor),
      };
      await store.appendToStream(apiKeyStream, [event], { expectedRevision: 'any' });
      return {
        keyId,
        name,
        scopes: event.data.scopes,
        issuedAt: event.metadata.occurredAt,
        issuedBy: event.metadata.actor,
        revokedAt: null,
        key: `dpl_${keyId}_${secret}`,
      };
    },
    revoke: async (keyId, options) => {
      const key = (await load()).get(keyId);
      if (!key)
        throw new RequestError('API_KEY_NOT_FOUND', `There is no API key ${keyId}: list them with depledger api-key list.`, { keyId });
      if (key.revokedAt !== null) return;
      await store.appendToStream(apiKeyStream, [{ type: 'ApiKeyRevoked.v1', data: { keyId }, metadata: metadata(options?.actor) }], {
        expectedRevision: 'any',
      });
      await load();
    },
    list: async () => [...(await load()).values()].map(view),
    authenticate: async (presented) => {
      if (presented === undefined || presented === '') {
        throw new RequestError('API_KEY_MISSING', 'This route needs an API key: send it as `Authorization: Bearer <key>`.');
      }
      const match = keyPattern.exec(presented);
      if (!match) throw invalid();
      const [, keyId, secret] = match as unknown as [string, string, string];
      // a key issued or revoked by another process (the CLI) since this one last looked: read the
      // stream again (which forgets every key verified so far), so a revocation holds from the next request
      const keys = (await store.streamRevision(apiKeyStream)) === loadedRevision ? known : await load();
      const seen = verified.get(presented);
      if (seen !== undefined) return seen;
      const key = keys.get(keyId);
      if (!key || key.revokedAt !== null || !timingSafeEqual(key.secretSha256, sha256(secret))) throw invalid();
      const caller: Caller = { keyId, name: key.name, scopes: key.scopes, actor: `api:${key.name}` };
      // bounded: a flood of distinct valid keys cannot grow it past the keys there are
      if (keys === known) verified.set(presented, caller);
      return caller;
    },
  };
};
