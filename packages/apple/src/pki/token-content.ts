import { skipHeaderBlock } from './mime-headers';
import { ServerTokenError } from './server-token-error';
import type { ServerToken } from './server-token';

const fields = [
  ['consumer_key', 'consumerKey', 'CK_'],
  ['consumer_secret', 'consumerSecret', 'CS_'],
  ['access_token', 'accessToken', 'AT_'],
  ['access_secret', 'accessSecret', 'AS_'],
] as const;

/**
 * The decrypted part: MIME headers, optional `-----BEGIN MESSAGE-----` / `-----END MESSAGE-----`
 * lines, and the token's JSON, possibly wrapped over several lines (joined without separators).
 * Requires the four values with their prefixes and an expiry that has not passed.
 */
export const readTokenContent = (decrypted: string, now: Date): ServerToken => {
  const json = skipHeaderBlock(decrypted)
    .split('\n')
    .map((line) => line.replace(/^-----(BEGIN|END) MESSAGE-----/, '').trim())
    .join('');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw unreadable('is not the JSON Apple writes');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw unreadable('is not a JSON object');
  const record = parsed as Record<string, unknown>;

  const values: Partial<Record<(typeof fields)[number][1], string>> = {};
  for (const [field, property, prefix] of fields) {
    const value = record[field];
    if (typeof value !== 'string' || value.length === 0) throw fieldError(field, 'is missing');
    if (!value.startsWith(prefix)) throw fieldError(field, `does not start with ${prefix}`);
    values[property] = value;
  }

  const expiry = record['access_token_expiry'];
  if (typeof expiry !== 'string' || expiry.length === 0) throw fieldError('access_token_expiry', 'is missing');
  const expiresAt = new Date(expiry);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(expiry) || Number.isNaN(expiresAt.getTime()))
    throw fieldError('access_token_expiry', 'is not an ISO 8601 date');
  if (expiresAt.getTime() <= now.getTime()) {
    throw new ServerTokenError(
      'SERVER_TOKEN_EXPIRED',
      `This server token expired on ${expiresAt.toISOString()}. Download a new server token for this MDM server from Apple Business or School Manager and upload it.`,
      { expiredAt: expiresAt.toISOString() },
    );
  }
  return {
    consumerKey: values.consumerKey!,
    consumerSecret: values.consumerSecret!,
    accessToken: values.accessToken!,
    accessSecret: values.accessSecret!,
    accessTokenExpiry: expiry,
  };
};

const unreadable = (problem: string): ServerTokenError =>
  new ServerTokenError(
    'SERVER_TOKEN_UNREADABLE',
    `The server token decrypted, but its content ${problem}. Download the server token again from Apple Business or School Manager.`,
  );

const fieldError = (field: string, problem: string): ServerTokenError =>
  new ServerTokenError(
    'SERVER_TOKEN_FIELD_INVALID',
    `The server token's "${field}" ${problem}. This is not a token Apple made, or it was damaged: download the server token again from Apple Business or School Manager.`,
    { field },
  );
