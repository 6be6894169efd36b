import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { ValidationError } from '../errors/validation-error';
import type { Vault, VaultKind, VaultRef } from '../ports/vault';

const kindPattern = /^[a-z0-9-]+$/;

const checkKind = (kind: VaultKind): void => {
  if (!kindPattern.test(kind))
    throw new ValidationError('vault kind', [{ path: 'kind', message: 'lowercase letters, digits and dashes only' }]);
};

/** Normalises personal data so that `It@Example.com ` and `it@example.com` are one person. */
export const normalisePersonalData = (value: string): string => value.trim().toLowerCase();

/**
 * A vault that lives in the process: for tests and examples. Pseudonymous references are an HMAC
 * of the value under a key made at creation, so they are stable for the vault's life only.
 */
export const createInMemoryVault = (options: { pseudonymKey?: Buffer } = {}): Vault & { size(): number } => {
  const values = new Map<VaultRef, string>();
  const pseudonymKey = options.pseudonymKey ?? randomBytes(32);
  return {
    putSecret: async (kind, value) => {
      checkKind(kind);
      const ref = `vault:${kind}:${randomUUID().replaceAll('-', '')}`;
      values.set(ref, value);
      return ref;
    },
    refForPersonalData: async (kind, value) => {
      checkKind(kind);
      const normalised = normalisePersonalData(value);
      const id = createHmac('sha256', pseudonymKey).update(`${kind}\u0000${normalised}`).digest('base64url').slice(0, 32);
      const ref = `vault:${kind}:${id}`;
      values.set(ref, value.trim());
      return ref;
    },
    reveal: async (ref) => values.get(ref) ?? null,
    forget: async (ref) => {
      values.delete(ref);
    },
    size: () => values.size,
  };
};
