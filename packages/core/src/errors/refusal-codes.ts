import type { ErrorCode } from './error-catalogue';

/** The code thrown when a profile cannot be assigned, for each reason the profile lookup gives. */
export const profileRefusalCodes = {
  not_found: 'PROFILE_NOT_FOUND',
  other_token: 'PROFILE_OF_OTHER_TOKEN',
  not_published: 'PROFILE_NOT_PUBLISHED',
  retired: 'PROFILE_RETIRED',
} as const satisfies Record<string, ErrorCode>;

/** The code thrown when a token may not talk to Apple, for each refusal reason of the token check. */
export const tokenRefusalCodes = {
  token_not_active: 'TOKEN_NOT_ACTIVE',
  token_expired: 'TOKEN_EXPIRED',
  token_rejected: 'TOKEN_REJECTED',
} as const satisfies Record<string, ErrorCode>;

/** Why a token may not talk to Apple. */
export type TokenRefusalReason = keyof typeof tokenRefusalCodes;
