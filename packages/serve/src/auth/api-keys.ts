import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { defaultTenant, DepledgerError, tenantOfStore, ValidationError, type Clock, type EventStore, type TenantId } from '@depledger/core';
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
/** A tenant's key: `dpl_<key id>_<secret>` for the default tenant (every key issued before tenants), `dpl_<tenant>_<key id>_<secret>` for another. */
const tenantKeyPattern = /^dpl_(?:([a-z0-9]+(?:-[a-z0-9]+)*)_)?([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** An operator's key: `dplop_<key id>_<secret>`. */
const operatorKeyPattern = /^dplop_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** Whose a presented key says it is (unverified: only the holder's stream can tell whether it is valid), or `null` for no key's shape. */
export type KeyOwner = Readonly<{ kind: 'tenant'; tenant: TenantId } | { kind: 'operator' }>;

/** `named`: the key names its tenant (or is an operator's); a key of the first form names none. */
type KeyParts = Readonly<{ owner: KeyOwner; named: boolean; keyId: string; secret: string }>;

const partsOf = (presented: string): KeyParts | null => {
  const operator = operatorKeyPattern.exec(presented);
  if (operator) return { owner: { kind: 'operator' }, named: true, keyId: operator[1] as string, secret: operator[2] as string };
  const tenant = tenantKeyPattern.exec(presented);
  // the default tenant's keys never name it: `dpl_default_…` is no key's shape
  if (!tenant || tenant[1] === defaultTenant || (tenant[1] !== undefined && tenant[1].length > 40)) return null;
  return {
    owner: { kind: 'tenant', tenant: tenant[1] ?? defaultTenant },
    named: tenant[1] !== undefined,
    keyId: tenant[2] as string,
    secret: tenant[3] as string,
  };
};

/** The owner a presented key names: its tenant (the default one when it names none) or the operator. */
export const keyOwnerOf = (presented: string): KeyOwner | null => partsOf(presented)?.owner ?? null;

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
 * The keys of a store scoped to a tenant other than the default one are kept in that tenant's
 * streams and name it, `dpl_<tenant>_<key id>_<secret>`, so a server for several tenants knows
 * where to verify them; they authenticate for that tenant only.
 */
export const createApiKeys = (store: EventStore, clock: Clock): ApiKeys => {
  const tenant = tenantOfStore(store) ?? defaultTenant;
  return createKeyBook(store, clock, {
    stream: apiKeyStream,
    keyOf: (keyId, secret) => (tenant === defaultTenant ? `dpl_${keyId}_${secret}` : `dpl_${tenant}_${keyId}_${secret}`),
    // a key naming no tenant is also taken by a named tenant's own keys: one issued in its streams
    // before keys named their tenant (still verified against this tenant's keys only)
    owns: ({ owner, named }) => owner.kind === 'tenant' && (owner.tenant === tenant || !named),
    actorOf: (name) => `api:${name}`,
    tenant,
  });
};

/** The stream, in the operator's (default tenant's) streams, of the operator's keys. */
export const operatorKeyStream = 'dep-serve-operator-keys';

/**
 * The operator's keys (`dplop_<key id>_<secret>`), kept like a tenant's keys but in a stream of their own:
 * they authenticate on a server for several tenants only, and act on a tenant only by naming it.
 */
export const createOperatorKeys = (store: EventStore, clock: Clock): ApiKeys => {
  const tenant = tenantOfStore(store);
  if (tenant !== null && tenant !== defaultTenant) {
    throw new DepledgerError('TENANT_SCOPE_VIOLATION', `The operator's keys are not kept in tenant ${tenant}'s streams.`, {
      tenant,
      what: 'operator keys',
    });
  }
  return createKeyBook(store, clock, {
    stream: operatorKeyStream,
    keyOf: (keyId, secret) => `dplop_${keyId}_${secret}`,
    owns: ({ owner }) => owner.kind === 'operator',
    actorOf: (name) => `operator:${name}`,
    tenant: null,
  });
};

type KeyBookShape = Readonly<{
  stream: string;
  keyOf(keyId: string, secret: string): string;
  owns(parts: KeyParts): boolean;
  actorOf(name: string): string;
  /** The tenant the keys belong to, `null` for the operator's. */
  tenant: TenantId | null;
}>;

const createKeyBook = (store: EventStore, clock: Clock, shape: KeyBookShape): ApiKeys => {
  let known = new Map<string, KnownKey>();
  let loadedRevision = -1;
  /** Keys presented and verified against `known` (by the key itself): emptied whenever the stream moves. */
  let verified = new Map<string, Caller>();

  const load = async (): Promise<Map<string, KnownKey>> => {
    const keys = new Map<string, KnownKey>();
    let revision = -1;
    for await (const stored of store.readStream(shape.stream)) {
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
      await store.appendToStream(shape.stream, [event], { expectedRevision: 'any' });
      return {
        keyId,
        name,
        scopes: event.data.scopes,
        issuedAt: event.metadata.occurredAt,
        issuedBy: event.metadata.actor,
        revokedAt: null,
        key: shape.keyOf(keyId, secret),
      };
    },
    revoke: async (keyId, options) => {
      const key = (await load()).get(keyId);
      if (!key)
        throw new RequestError('API_KEY_NOT_FOUND', `There is no API key ${keyId}: list them with depledger api-key list.`, { keyId });
      if (key.revokedAt !== null) return;
      await store.appendToStream(shape.stream, [{ type: 'ApiKeyRevoked.v1', data: { keyId }, metadata: metadata(options?.actor) }], {
        expectedRevision: 'any',
      });
      await load();
    },
    list: async () => [...(await load()).values()].map(view),
    authenticate: async (presented) => {
      if (presented === undefined || presented === '') {
        throw new RequestError('API_KEY_MISSING', 'This route needs an API key: send it as `Authorization: Bearer <key>`.');
      }
      const parts = partsOf(presented);
      // a key of another tenant (or of the operator) is not one of these, whatever its id
      if (!parts || !shape.owns(parts)) throw invalid();
      const { keyId, secret } = parts;
      // a key issued or revoked by another process (the CLI) since this one last looked: read the
      // stream again (which forgets every key verified so far), so a revocation holds from the next request
      const keys = (await store.streamRevision(shape.stream)) === loadedRevision ? known : await load();
      const seen = verified.get(presented);
      if (seen !== undefined) return seen;
      const key = keys.get(keyId);
      if (!key || key.revokedAt !== null || !timingSafeEqual(key.secretSha256, sha256(secret))) throw invalid();
      const caller: Caller = {
        keyId,
        name: key.name,
        scopes: key.scopes,
        actor: shape.actorOf(key.name),
        ...(shape.tenant === null ? { operator: true } : { tenant: shape.tenant }),
      };
      // bounded: a flood of distinct valid keys cannot grow it past the keys there are
      if (keys === known) verified.set(presented, caller);
      return caller;
    },
  };
};
