import { appleBaseUrl, isLoopbackUrl } from '@depledger/apple';
import { CliError } from '../errors/cli-error';

/** How many times one call to Apple is tried on 5xx and network failures (DEPLEDGER_APPLE_ATTEMPTS, default 4). */
export const appleAttempts = (env: Readonly<Record<string, string | undefined>>): number => {
  const raw = env['DEPLEDGER_APPLE_ATTEMPTS'];
  if (raw === undefined || raw === '') return 4;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10) {
    throw new CliError('INVALID_INPUT', `DEPLEDGER_APPLE_ATTEMPTS must be a whole number from 1 to 10 (found ${JSON.stringify(raw)}).`);
  }
  return n;
};

/**
 * `--apple-url`: Apple's DEP service by default, or a simulator. Only https, except on this machine
 * (the simulator on loopback): the consumer key, the access token and the session never go out in
 * clear.
 */
export const parseAppleUrl = (value: string | undefined): string => {
  const text = value ?? appleBaseUrl;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  // The value itself is not repeated: it may carry a password.
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new CliError(
      'INVALID_INPUT',
      `--apple-url is not an https URL: use ${appleBaseUrl} or the simulator's URL (e.g. http://127.0.0.1:8080).`,
    );
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new CliError(
      'INVALID_INPUT',
      `--apple-url ${url.origin} carries a user name, a password, a query or a fragment: give the bare base URL (${appleBaseUrl}).`,
    );
  }
  if (url.protocol === 'http:' && !isLoopbackUrl(text)) {
    throw new CliError(
      'INVALID_INPUT',
      `--apple-url ${url.origin} is plain http to another machine: the token's secrets would cross the network in clear. Use https (${appleBaseUrl}), or http only for a simulator on this machine (127.0.0.1, localhost).`,
    );
  }
  return text.replace(/\/+$/, '');
};
