import { appleBaseUrl } from '@depledger/apple';
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

/** `--apple-url`: Apple's DEP service by default, or a simulator. */
export const parseAppleUrl = (value: string | undefined): string => {
  const url = value ?? appleBaseUrl;
  if (!/^https?:\/\/[^\s/]+/i.test(url)) {
    throw new CliError('INVALID_INPUT', `--apple-url ${JSON.stringify(url)} is not an http(s) URL: use ${appleBaseUrl} or the simulator's URL (e.g. http://127.0.0.1:8080).`);
  }
  return url.replace(/\/+$/, '');
};
