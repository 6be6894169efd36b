import { z } from 'zod';
import { AppleError } from '../apple-error';
import type { AppleContext, AppleReply } from '../http/apple-context';
import { parseBody } from '../http/request-body';

/** Apple's AccountDrivenEnrollmentProfileRequest: the URL is required and must be a URI (https, as a device fetches it). */
const profileRequest = z.object({
  mdm_service_discovery_url: z
    .string('MDM_SERVICE_DISCOVERY_URL_REQUIRED')
    .min(1, 'MDM_SERVICE_DISCOVERY_URL_REQUIRED')
    .max(2000, 'MDM_SERVICE_DISCOVERY_URL_NOT_VALID')
    .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', 'MDM_SERVICE_DISCOVERY_URL_NOT_VALID'),
});

const requireSupport = (ctx: AppleContext): void => {
  if (!ctx.org.settings.accountDrivenEnrollmentSupported) throw new AppleError(400, 'ORG_NOT_SUPPORTED');
};

/** `POST /account-driven-enrollment/profile`: sets the server's MDM service discovery URL; 200 with no body. */
export async function setAccountDrivenEnrollmentProfile(ctx: AppleContext): Promise<AppleReply> {
  requireSupport(ctx);
  const request = parseBody(profileRequest, await ctx.body());
  ctx.server.accountDrivenEnrollment = { url: request.mdm_service_discovery_url, updatedMs: ctx.org.clock.nowMs() };
  return { json: '' };
}

/** `GET /account-driven-enrollment/profile`: the URL and when it was last updated; `{}` when none is set. */
export function getAccountDrivenEnrollmentProfile(ctx: AppleContext): AppleReply {
  requireSupport(ctx);
  const profile = ctx.server.accountDrivenEnrollment;
  if (profile === undefined) return { json: '{}' };
  return {
    json: JSON.stringify({
      mdm_service_discovery_url: profile.url,
      last_updated_timestamp: new Date(profile.updatedMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    }),
  };
}

/** `DELETE /account-driven-enrollment/profile`: removes it; 200 with no body. */
export function removeAccountDrivenEnrollmentProfile(ctx: AppleContext): AppleReply {
  requireSupport(ctx);
  ctx.server.accountDrivenEnrollment = undefined;
  return { json: '' };
}
