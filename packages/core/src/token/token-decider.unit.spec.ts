import { DeciderSpecification, draft, tokenDecider, type TokenCommand, type TokenEvent } from '../index';

const spec = DeciderSpecification.for(tokenDecider);
const meta = (now: string) => ({ now: new Date(now), actor: 'admin:alice' });
const at = (now: string) => ({ metadata: meta(now) });

const keyIssued = draft<TokenEvent>('EncryptionKeyIssued', {
  tokenId: 'paris',
  keyId: 'k1',
  certificatePem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
  fingerprint: 'A'.repeat(64),
  privateKeyRef: 'vault:private-key:k1',
  notAfter: '2026-02-01T00:00:00.000Z',
});
const stagedKey = draft<TokenEvent>('EncryptionKeyIssued', {
  ...(keyIssued.data as object),
  keyId: 'k2',
  privateKeyRef: 'vault:private-key:k2',
} as never);
const uploaded = draft<TokenEvent>('ServerTokenUploaded', {
  tokenId: 'paris',
  keyId: 'k1',
  consumerKey: 'CK_1',
  accessTokenExpiry: '2027-01-05T00:00:00.000Z',
  appleIdRef: 'vault:apple-id:alice',
  oauthSecretsRef: 'vault:oauth-secrets:s1',
});
const upload = (
  over: Partial<{ keyId: string; appleIdRef: string; accessTokenExpiry: string }> = {},
  now = '2026-01-05T10:00:00Z',
): TokenCommand => ({
  type: 'UploadServerToken',
  data: {
    tokenId: 'paris',
    keyId: 'k1',
    consumerKey: 'CK_1',
    accessTokenExpiry: '2027-01-05T00:00:00.000Z',
    appleIdRef: 'vault:apple-id:alice',
    oauthSecretsRef: 'vault:oauth-secrets:s1',
    ...over,
  },
  ...at(now),
});

describe('DepToken decider', () => {
  it('issues an encryption key for a new token', () => {
    spec
      .given([])
      .when({ type: 'IssueEncryptionKey', data: { ...(keyIssued.data as object) } as never, ...at('2026-01-05T09:00:00Z') })
      .then([keyIssued]);
  });

  it('refuses an upload before any key was issued', () => {
    spec.given([]).when(upload()).thenThrows('TOKEN_NO_KEY');
  });

  it('records the first upload of a server token', () => {
    spec.given([keyIssued]).when(upload()).then([uploaded]);
  });

  it('refuses a token decrypted with a key it does not know', () => {
    spec
      .given([keyIssued])
      .when(upload({ keyId: 'other' }))
      .thenThrows('TOKEN_KEY_UNKNOWN');
  });

  it('refuses an already expired server token', () => {
    spec
      .given([keyIssued])
      .when(upload({ accessTokenExpiry: '2026-01-01T00:00:00.000Z' }))
      .thenThrows('SERVER_TOKEN_EXPIRED');
  });

  it('renews with the same Apple ID, using the staged key', () => {
    spec
      .given([keyIssued, uploaded, stagedKey])
      .when(upload({ keyId: 'k2', accessTokenExpiry: '2028-01-05T00:00:00.000Z' }))
      .then([
        draft<TokenEvent>('ServerTokenRenewed', {
          tokenId: 'paris',
          keyId: 'k2',
          consumerKey: 'CK_1',
          accessTokenExpiry: '2028-01-05T00:00:00.000Z',
          previousExpiry: '2027-01-05T00:00:00.000Z',
          oauthSecretsRef: 'vault:oauth-secrets:s1',
        }),
      ]);
  });

  it('refuses a renewal with another Apple ID (the Intune document: renew with the same Apple ID)', () => {
    spec
      .given([keyIssued, uploaded])
      .when(upload({ appleIdRef: 'vault:apple-id:bob' }))
      .thenThrows('RENEWAL_APPLE_ID_MISMATCH');
  });

  it('keeps the working key current while a renewal key is only staged', () => {
    const state = spec.given([keyIssued, uploaded, stagedKey]).state();
    expect(state.status).toBe('active');
    if (state.status !== 'active') return;
    expect(state.currentKeyId).toBe('k1');
    expect(state.stagedKeyId).toBe('k2');
  });

  it('flags terms not signed once, and clears the flag on the next successful call', () => {
    const notSigned = draft<TokenEvent>('TermsNotSigned', { tokenId: 'paris', detectedAt: '2026-02-01T00:00:00.000Z' });
    spec
      .given([keyIssued, uploaded])
      .when({ type: 'RecordAppleContact', data: { tokenId: 'paris', outcome: 'terms_not_signed' }, ...at('2026-02-01T00:00:00Z') })
      .then([notSigned]);
    spec
      .given([keyIssued, uploaded, notSigned])
      .when({ type: 'RecordAppleContact', data: { tokenId: 'paris', outcome: 'terms_not_signed' }, ...at('2026-02-02T00:00:00Z') })
      .thenNothing();
    spec
      .given([keyIssued, uploaded, notSigned])
      .when({ type: 'RecordAppleContact', data: { tokenId: 'paris', outcome: 'ok' }, ...at('2026-02-03T00:00:00Z') })
      .then([draft<TokenEvent>('TermsAccepted', { tokenId: 'paris', acceptedAt: '2026-02-03T00:00:00.000Z' })]);
    spec
      .given([keyIssued, uploaded])
      .when({ type: 'RecordAppleContact', data: { tokenId: 'paris', outcome: 'ok' }, ...at('2026-02-03T00:00:00Z') })
      .thenNothing();
  });

  it('records a rejected token with its reason', () => {
    spec
      .given([keyIssued, uploaded])
      .when({ type: 'RecordAppleContact', data: { tokenId: 'paris', outcome: 'token_rejected' }, ...at('2026-03-01T00:00:00Z') })
      .then([draft<TokenEvent>('TokenRejected', { tokenId: 'paris', reason: 'token_rejected', detectedAt: '2026-03-01T00:00:00.000Z' })]);
  });

  it('records the verified account', () => {
    const data = { tokenId: 'paris', serverName: 'Paris MDM', serverUuid: 'ABC', orgName: 'Contoso', orgType: 'org', adminIdRef: null };
    spec
      .given([keyIssued, uploaded])
      .when({ type: 'RecordAccountVerified', data, ...at('2026-01-05T10:00:00Z') })
      .then([draft<TokenEvent>('AccountVerified', data)]);
  });

  it('warns at 30, 7 and 1 days before expiry, each once, then records the expiry', () => {
    const check = (now: string): TokenCommand => ({ type: 'CheckTokenExpiry', data: { tokenId: 'paris' }, ...at(now) });
    spec.given([keyIssued, uploaded]).when(check('2026-11-01T00:00:00Z')).thenNothing();
    const w30 = draft<TokenEvent>('TokenExpiring', {
      tokenId: 'paris',
      expiresAt: '2027-01-05T00:00:00.000Z',
      threshold: 30,
      daysLeft: 30,
    });
    spec.given([keyIssued, uploaded]).when(check('2026-12-06T00:00:00Z')).then([w30]);
    spec.given([keyIssued, uploaded, w30]).when(check('2026-12-10T00:00:00Z')).thenNothing();
    spec
      .given([keyIssued, uploaded, w30])
      .when(check('2026-12-30T00:00:00Z'))
      .then([draft<TokenEvent>('TokenExpiring', { tokenId: 'paris', expiresAt: '2027-01-05T00:00:00.000Z', threshold: 7, daysLeft: 6 })]);
    spec
      .given([keyIssued, uploaded])
      .when(check('2027-01-04T12:00:00Z'))
      .then([draft<TokenEvent>('TokenExpiring', { tokenId: 'paris', expiresAt: '2027-01-05T00:00:00.000Z', threshold: 1, daysLeft: 1 })]);
    const expired = draft<TokenEvent>('TokenExpired', { tokenId: 'paris', expiredAt: '2027-01-05T00:00:00.000Z' });
    spec.given([keyIssued, uploaded]).when(check('2027-01-06T00:00:00Z')).then([expired]);
    spec.given([keyIssued, uploaded, expired]).when(check('2027-01-07T00:00:00Z')).thenNothing();
  });

  it('sets a published profile of the same token as default, and refuses others', () => {
    const cmd = (profile: { tokenId: string; published: boolean; retired: boolean } | null): TokenCommand => ({
      type: 'SetDefaultProfile',
      data: { tokenId: 'paris', profileId: 'corp', profile },
      ...at('2026-01-06T00:00:00Z'),
    });
    spec
      .given([keyIssued, uploaded])
      .when(cmd({ tokenId: 'paris', published: true, retired: false }))
      .then([draft<TokenEvent>('DefaultProfileChanged', { tokenId: 'paris', profileId: 'corp', previousProfileId: null })]);
    spec
      .given([keyIssued, uploaded])
      .when(cmd({ tokenId: 'paris', published: false, retired: false }))
      .thenThrows('PROFILE_NOT_PUBLISHED');
    spec
      .given([keyIssued, uploaded])
      .when(cmd({ tokenId: 'lyon', published: true, retired: false }))
      .thenThrows('PROFILE_OF_OTHER_TOKEN');
    spec
      .given([keyIssued, uploaded])
      .when(cmd({ tokenId: 'paris', published: true, retired: true }))
      .thenThrows('PROFILE_RETIRED');
    spec.given([keyIssued, uploaded]).when(cmd(null)).thenThrows('PROFILE_NOT_FOUND');
  });

  it('refuses removal while devices or profiles point at the token', () => {
    const remove = (devices: number, profiles: number): TokenCommand => ({
      type: 'RemoveToken',
      data: { tokenId: 'paris', dependents: { devices, profiles } },
      ...at('2026-05-01T00:00:00Z'),
    });
    spec.given([keyIssued, uploaded]).when(remove(3, 0)).thenThrows('TOKEN_IN_USE');
    spec.given([keyIssued, uploaded]).when(remove(0, 1)).thenThrows('TOKEN_IN_USE');
    spec
      .given([keyIssued, uploaded])
      .when(remove(0, 0))
      .then([draft<TokenEvent>('TokenRemoved', { tokenId: 'paris' })]);
  });

  it('refuses commands on a removed token', () => {
    spec
      .given([keyIssued, uploaded, draft<TokenEvent>('TokenRemoved', { tokenId: 'paris' })])
      .when(upload())
      .thenThrows('TOKEN_REMOVED');
  });
  it('records the account-driven enrollment profile Apple accepted: set, changed, removed; the same twice records nothing', () => {
    const record = (serviceDiscoveryUrl: string | null): TokenCommand => ({
      type: 'RecordAccountDrivenEnrollment',
      data: { tokenId: 'paris', serviceDiscoveryUrl },
      ...at('2026-01-06T10:00:00Z'),
    });
    const set = (url: string, previousUrl: string | null) =>
      draft<TokenEvent>('AccountDrivenEnrollmentProfileSet', { tokenId: 'paris', serviceDiscoveryUrl: url, previousUrl });
    spec
      .given([keyIssued, uploaded])
      .when(record('https://a.example/sd'))
      .then([set('https://a.example/sd', null)]);
    spec
      .given([keyIssued, uploaded, set('https://a.example/sd', null)])
      .when(record('https://a.example/sd'))
      .thenNothing();
    spec
      .given([keyIssued, uploaded, set('https://a.example/sd', null)])
      .when(record('https://b.example/sd'))
      .then([set('https://b.example/sd', 'https://a.example/sd')]);
    spec
      .given([keyIssued, uploaded, set('https://a.example/sd', null)])
      .when(record(null))
      .then([draft<TokenEvent>('AccountDrivenEnrollmentProfileRemoved', { tokenId: 'paris', previousUrl: 'https://a.example/sd' })]);
    spec.given([keyIssued, uploaded]).when(record(null)).thenNothing();
    spec.given([keyIssued]).when(record('https://a.example/sd')).thenThrows('TOKEN_NOT_UPLOADED');
  });
});
