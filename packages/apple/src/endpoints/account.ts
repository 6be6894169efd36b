import { z } from 'zod';
import { optionalText } from './apple-date';
import type { AppleApi } from './apple-api';

const limitSchema = z.object({ default: z.number().int().positive().optional(), maximum: z.number().int().positive().optional() });

const urlSchema = z.object({
  uri: z.string(),
  http_method: z.array(z.string()).nullish(),
  limit: limitSchema.nullish(),
});

/** `GET /account` (spec §6.4). */
export const appleAccountSchema = z.object({
  server_name: z.string(),
  server_uuid: z.string(),
  admin_id: optionalText,
  facilitator_id: optionalText,
  org_name: optionalText,
  org_email: optionalText,
  org_phone: optionalText,
  org_address: optionalText,
  org_id: optionalText,
  org_id_hash: optionalText,
  org_type: optionalText,
  org_version: optionalText,
  urls: z
    .array(urlSchema)
    .nullish()
    .transform((urls) => urls ?? []),
});

export type AppleAccount = z.output<typeof appleAccountSchema>;
export type ApplePageLimit = Readonly<{ default: number | null; maximum: number | null }>;

export const getAccount = (api: AppleApi, tokenId: string, signal?: AbortSignal): Promise<AppleAccount> =>
  api.call(tokenId, { method: 'GET', path: '/account', signal }, appleAccountSchema);

/** The page limits the account advertises for a path (`/server/devices`, `/devices/sync`), if any. */
export const advertisedLimit = (account: AppleAccount, path: string): ApplePageLimit | null => {
  const entry = account.urls.find((url) => url.uri === path || url.uri.endsWith(path));
  if (!entry?.limit) return null;
  return { default: entry.limit.default ?? null, maximum: entry.limit.maximum ?? null };
};
