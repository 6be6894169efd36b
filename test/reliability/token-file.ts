import { depledgerSerde, handleCommand, tokenDecider, tokenStream, type EventStore, type TokenCommand } from '@depledger/core';
import { openSqliteStore } from '@depledger/store-sqlite';

/**
 * Creates a SQLite file holding one active token (key issued, server token uploaded) for child
 * processes that are handed the OAuth credentials directly, then closes it.
 */
export const prepareTokenFile = async (dbPath: string, vaultKey: Buffer, tokenId: string, consumerKey: string): Promise<void> => {
  const db = openSqliteStore({ path: dbPath, vaultKey });
  try {
    await prepareToken(db.events, tokenId, consumerKey);
  } finally {
    await db.close();
  }
};

/** The same in any store: one active token (key issued, server token uploaded). */
export const prepareToken = async (events: EventStore, tokenId: string, consumerKey: string): Promise<void> => {
  const command = (c: Omit<TokenCommand, 'metadata'>) =>
    handleCommand(events, depledgerSerde, tokenDecider, tokenStream(tokenId), {
      ...c,
      metadata: { now: new Date(), actor: 'admin:alice' },
    } as TokenCommand);
  await command({
    type: 'IssueEncryptionKey',
    data: {
      tokenId,
      keyId: 'k1',
      certificatePem: 'PEM',
      fingerprint: 'D'.repeat(64),
      privateKeyRef: 'vault:private-key:k1',
      notAfter: '2099-01-01T00:00:00.000Z',
    },
  });
  await command({
    type: 'UploadServerToken',
    data: {
      tokenId,
      keyId: 'k1',
      consumerKey,
      accessTokenExpiry: '2099-01-01T00:00:00.000Z',
      appleIdRef: 'vault:apple-id:alice',
      oauthSecretsRef: `vault:oauth-secrets:${tokenId}`,
    },
  });
};
