import { z } from 'zod';
import { isDepledgerError } from '@depledger/core';
import type { AppleApi } from './apple-api';
import { appleDate } from './apple-date';

const path = '/account-driven-enrollment/profile';

/** `GET /account-driven-enrollment/profile` (Apple's GetAccountDrivenEnrollmentProfileResponse); unknown fields are kept out. */
const profileResponse = z.object({
  mdm_service_discovery_url: z.string().optional(),
  last_updated_timestamp: appleDate,
});

export type AppleAccountDrivenEnrollmentProfile = Readonly<{ mdm_service_discovery_url: string; last_updated_timestamp: string | null }>;

/** `POST /account-driven-enrollment/profile` `{ mdm_service_discovery_url }`: Apple answers 200 with no body. */
export const setAccountDrivenEnrollmentProfile = (api: AppleApi, tokenId: string, url: string, signal?: AbortSignal): Promise<void> =>
  api.send(tokenId, { method: 'POST', path, body: { mdm_service_discovery_url: url }, signal });

/**
 * `GET /account-driven-enrollment/profile`. An answer without a URL, or a 404, means the server has
 * none (Apple does not document which it sends: both read as null).
 */
export const getAccountDrivenEnrollmentProfile = async (
  api: AppleApi,
  tokenId: string,
  signal?: AbortSignal,
): Promise<AppleAccountDrivenEnrollmentProfile | null> => {
  try {
    const answer = await api.call(tokenId, { method: 'GET', path, signal }, profileResponse);
    if (!answer.mdm_service_discovery_url) return null;
    return { mdm_service_discovery_url: answer.mdm_service_discovery_url, last_updated_timestamp: answer.last_updated_timestamp };
  } catch (error) {
    if (isDepledgerError(error) && error.details['httpStatus'] === 404) return null;
    throw error;
  }
};

/** `DELETE /account-driven-enrollment/profile` (no body either way). */
export const removeAccountDrivenEnrollmentProfile = (api: AppleApi, tokenId: string, signal?: AbortSignal): Promise<void> =>
  api.send(tokenId, { method: 'DELETE', path, signal });
