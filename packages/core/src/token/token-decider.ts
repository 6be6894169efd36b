import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { isAfter } from 'date-fns/isAfter';
import { RuleViolation } from '../errors/rule-violation';
import type { EventDraft } from '../events/event';
import { assertNever, draft, type Decider } from '../handling/decider';
import type { TokenCommand, UploadServerToken } from './token-commands';
import type { TokenEvent } from './token-events';
import { tokenExpiryWarningDays } from './token-policy';
import type { ActiveToken, TokenState } from './token-state';

type Drafts = readonly EventDraft<TokenEvent>[];

const requireActive = (state: TokenState, tokenId: string): ActiveToken => {
  if (state.status === 'active') return state;
  if (state.status === 'removed')
    throw new RuleViolation('TOKEN_REMOVED', `Token ${tokenId} was removed; create a new token.`, { tokenId });
  throw new RuleViolation(
    'TOKEN_NOT_UPLOADED',
    `Token ${tokenId} has no server token yet: generate its key, upload the .pem to Apple, then upload the .p7m Apple gives you.`,
    { tokenId },
  );
};

const upload = (command: UploadServerToken, state: TokenState): Drafts => {
  const { data, metadata } = command;
  if (state.status === 'none') {
    throw new RuleViolation('TOKEN_NO_KEY', `Token ${data.tokenId} has no encryption key: generate one first (key generate).`, {
      tokenId: data.tokenId,
    });
  }
  if (state.status === 'removed') return requireActive(state, data.tokenId) && [];
  if (!state.keys[data.keyId]) {
    throw new RuleViolation('TOKEN_KEY_UNKNOWN', `The server token was decrypted with a key that token ${data.tokenId} does not know.`, {
      tokenId: data.tokenId,
    });
  }
  if (!isAfter(new Date(data.accessTokenExpiry), metadata.now)) {
    throw new RuleViolation(
      'SERVER_TOKEN_EXPIRED',
      `This server token expired on ${data.accessTokenExpiry}: download a new one from Apple Business Manager.`,
      { tokenId: data.tokenId, expiredAt: data.accessTokenExpiry },
    );
  }
  if (state.status === 'key_issued') return [draft('ServerTokenUploaded', { ...data })];
  if (data.appleIdRef !== state.appleIdRef) {
    throw new RuleViolation(
      'RENEWAL_APPLE_ID_MISMATCH',
      `A server token must be renewed with the same Apple ID that uploaded it first. Upload it again with that Apple ID.`,
      { tokenId: data.tokenId },
    );
  }
  return [
    draft('ServerTokenRenewed', {
      tokenId: data.tokenId,
      keyId: data.keyId,
      consumerKey: data.consumerKey,
      accessTokenExpiry: data.accessTokenExpiry,
      previousExpiry: state.expiresAt,
      oauthSecretsRef: data.oauthSecretsRef,
    }),
  ];
};

const contact = (state: ActiveToken, outcome: string, now: Date): Drafts => {
  const at = now.toISOString();
  const tokenId = state.tokenId;
  switch (outcome) {
    case 'ok':
      return state.termsNotSignedSince ? [draft('TermsAccepted', { tokenId, acceptedAt: at })] : [];
    case 'terms_not_signed':
      return state.termsNotSignedSince ? [] : [draft('TermsNotSigned', { tokenId, detectedAt: at })];
    case 'token_rejected':
    case 'signature_invalid':
    case 'forbidden':
    case 'access_denied':
      return state.rejectedSince ? [] : [draft('TokenRejected', { tokenId, reason: outcome, detectedAt: at })];
    default:
      return [];
  }
};

const expiry = (state: ActiveToken, now: Date): Drafts => {
  const expiresAt = new Date(state.expiresAt);
  if (!isAfter(expiresAt, now)) {
    return state.expiredAt ? [] : [draft('TokenExpired', { tokenId: state.tokenId, expiredAt: state.expiresAt })];
  }
  const daysLeft = differenceInCalendarDays(expiresAt, now);
  const crossed = tokenExpiryWarningDays.filter((t) => daysLeft <= t && !state.warnedThresholds.includes(t));
  const threshold = crossed[crossed.length - 1];
  return threshold === undefined
    ? []
    : [draft('TokenExpiring', { tokenId: state.tokenId, expiresAt: state.expiresAt, threshold, daysLeft })];
};

export const decideToken = (command: TokenCommand, state: TokenState): Drafts => {
  switch (command.type) {
    case 'IssueEncryptionKey':
      if (state.status === 'removed') return requireActive(state, command.data.tokenId) && [];
      return [draft('EncryptionKeyIssued', { ...command.data })];
    case 'UploadServerToken':
      return upload(command, state);
    case 'RecordAccountVerified': {
      const active = requireActive(state, command.data.tokenId);
      return [...contact(active, 'ok', command.metadata.now), draft('AccountVerified', { ...command.data })];
    }
    case 'RecordAppleContact':
      return contact(requireActive(state, command.data.tokenId), command.data.outcome, command.metadata.now);
    case 'CheckTokenExpiry':
      return expiry(requireActive(state, command.data.tokenId), command.metadata.now);
    case 'SetDefaultProfile': {
      const active = requireActive(state, command.data.tokenId);
      const { profileId, profile } = command.data;
      if (profileId !== null) {
        if (!profile) throw new RuleViolation('PROFILE_NOT_FOUND', `Profile ${profileId} does not exist.`, { profileId });
        if (profile.tokenId !== active.tokenId) {
          throw new RuleViolation(
            'PROFILE_OF_OTHER_TOKEN',
            `Profile ${profileId} belongs to token ${profile.tokenId}, not ${active.tokenId}.`,
            { profileId },
          );
        }
        if (profile.retired)
          throw new RuleViolation('PROFILE_RETIRED', `Profile ${profileId} is retired; define a new one.`, { profileId });
        if (!profile.published) {
          throw new RuleViolation('PROFILE_NOT_PUBLISHED', `Profile ${profileId} is not published at Apple yet: publish it first.`, {
            profileId,
          });
        }
      }
      if (active.defaultProfileId === profileId) return [];
      return [draft('DefaultProfileChanged', { tokenId: active.tokenId, profileId, previousProfileId: active.defaultProfileId })];
    }
    case 'SetRoutingRules': {
      const active = requireActive(state, command.data.tokenId);
      const { rules, profiles } = command.data;
      for (const [index, rule] of rules.entries()) {
        const profile = profiles[rule.profileId] ?? null;
        const where = { profileId: rule.profileId, rule: index + 1 };
        if (!profile)
          throw new RuleViolation(
            'PROFILE_NOT_FOUND',
            `Rule ${index + 1}: profile ${rule.profileId} does not exist: define it first.`,
            where,
          );
        if (profile.tokenId !== active.tokenId) {
          throw new RuleViolation(
            'PROFILE_OF_OTHER_TOKEN',
            `Rule ${index + 1}: profile ${rule.profileId} belongs to token ${profile.tokenId}, not ${active.tokenId}.`,
            where,
          );
        }
        if (profile.retired)
          throw new RuleViolation('PROFILE_RETIRED', `Rule ${index + 1}: profile ${rule.profileId} is retired; choose another.`, where);
      }
      if (JSON.stringify(active.routingRules ?? []) === JSON.stringify(rules)) return [];
      return [draft('RoutingRulesSet', { tokenId: active.tokenId, rules: [...rules] })];
    }
    case 'RecordAccountDrivenEnrollment': {
      const active = requireActive(state, command.data.tokenId);
      const previousUrl = active.accountDrivenEnrollment?.serviceDiscoveryUrl ?? null;
      const url = command.data.serviceDiscoveryUrl;
      if (url === previousUrl) return [];
      return url === null
        ? [draft('AccountDrivenEnrollmentProfileRemoved', { tokenId: active.tokenId, previousUrl })]
        : [draft('AccountDrivenEnrollmentProfileSet', { tokenId: active.tokenId, serviceDiscoveryUrl: url, previousUrl })];
    }
    case 'RemoveToken': {
      if (state.status === 'removed' || state.status === 'none') return [];
      const { devices, profiles } = command.data.dependents;
      if (devices > 0 || profiles > 0) {
        throw new RuleViolation(
          'TOKEN_IN_USE',
          `Token ${command.data.tokenId} still has ${devices} device(s) and ${profiles} profile(s) pointing at it: release the devices in Apple Business Manager and retire the profiles first.`,
          { tokenId: command.data.tokenId, devices, profiles },
        );
      }
      return [draft('TokenRemoved', { tokenId: command.data.tokenId })];
    }
    default:
      return assertNever(command);
  }
};

export const evolveToken = (state: TokenState, event: TokenEvent): TokenState => {
  switch (event.type) {
    case 'EncryptionKeyIssued': {
      const { tokenId, keyId, fingerprint, certificatePem, privateKeyRef, notAfter } = event.data;
      const key = { keyId, fingerprint, certificatePem, privateKeyRef, notAfter };
      if (state.status === 'none') return { status: 'key_issued', tokenId, keys: { [keyId]: key }, currentKeyId: keyId, stagedKeyId: null };
      if (state.status === 'key_issued') return { ...state, keys: { [keyId]: key }, currentKeyId: keyId };
      if (state.status === 'active') return { ...state, keys: { ...state.keys, [keyId]: key }, stagedKeyId: keyId };
      return state;
    }
    case 'ServerTokenUploaded': {
      if (state.status !== 'key_issued') return state;
      const d = event.data;
      return {
        status: 'active',
        tokenId: d.tokenId,
        keys: {
          [d.keyId]: state.keys[d.keyId] ?? { keyId: d.keyId, fingerprint: '', certificatePem: '', privateKeyRef: '', notAfter: '' },
        },
        currentKeyId: d.keyId,
        stagedKeyId: null,
        consumerKey: d.consumerKey,
        expiresAt: d.accessTokenExpiry,
        appleIdRef: d.appleIdRef,
        oauthSecretsRef: d.oauthSecretsRef,
        uploadedAt: event.metadata.occurredAt,
        renewedAt: null,
        account: null,
        termsNotSignedSince: null,
        rejectedSince: null,
        rejectedReason: null,
        expiredAt: null,
        warnedThresholds: [],
        defaultProfileId: null,
      };
    }
    case 'ServerTokenRenewed': {
      if (state.status !== 'active') return state;
      const d = event.data;
      const current = state.keys[d.keyId];
      return {
        ...state,
        keys: current ? { [d.keyId]: current } : state.keys,
        currentKeyId: d.keyId,
        stagedKeyId: null,
        consumerKey: d.consumerKey,
        expiresAt: d.accessTokenExpiry,
        oauthSecretsRef: d.oauthSecretsRef,
        renewedAt: event.metadata.occurredAt,
        rejectedSince: null,
        rejectedReason: null,
        expiredAt: null,
        warnedThresholds: [],
      };
    }
    case 'AccountVerified':
      if (state.status !== 'active') return state;
      return {
        ...state,
        account: {
          serverName: event.data.serverName,
          serverUuid: event.data.serverUuid,
          orgName: event.data.orgName,
          orgType: event.data.orgType,
        },
      };
    case 'TermsNotSigned':
      return state.status === 'active' ? { ...state, termsNotSignedSince: event.data.detectedAt } : state;
    case 'TermsAccepted':
      return state.status === 'active' ? { ...state, termsNotSignedSince: null } : state;
    case 'TokenRejected':
      return state.status === 'active' ? { ...state, rejectedSince: event.data.detectedAt, rejectedReason: event.data.reason } : state;
    case 'TokenExpiring':
      return state.status === 'active'
        ? {
            ...state,
            warnedThresholds: [
              ...state.warnedThresholds,
              ...tokenExpiryWarningDays.filter((t) => t >= event.data.threshold && !state.warnedThresholds.includes(t)),
            ],
          }
        : state;
    case 'TokenExpired':
      return state.status === 'active' ? { ...state, expiredAt: event.data.expiredAt } : state;
    case 'DefaultProfileChanged':
      return state.status === 'active' ? { ...state, defaultProfileId: event.data.profileId } : state;
    case 'RoutingRulesSet':
      return state.status === 'active' ? { ...state, routingRules: event.data.rules } : state;
    case 'AccountDrivenEnrollmentProfileSet':
      return state.status === 'active'
        ? { ...state, accountDrivenEnrollment: { serviceDiscoveryUrl: event.data.serviceDiscoveryUrl, setAt: event.metadata.occurredAt } }
        : state;
    case 'AccountDrivenEnrollmentProfileRemoved':
      return state.status === 'active' ? { ...state, accountDrivenEnrollment: null } : state;
    case 'TokenRemoved':
      return { status: 'removed', tokenId: event.data.tokenId };
    default:
      return state;
  }
};

export const tokenDecider: Decider<TokenState, TokenCommand, TokenEvent> = {
  decide: decideToken,
  evolve: evolveToken,
  initialState: () => ({ status: 'none' }),
};
