import { DepledgerError } from '@depledger/core';

/** Apple could not be reached, or kept answering 5xx, after every attempt allowed. */
export class AppleUnavailableError extends DepledgerError {
  readonly httpStatus: number | null;
  readonly retryAfterSeconds: number | null;

  constructor(endpoint: string, attempts: number, last: { httpStatus: number | null; retryAfterSeconds?: number | null; reason: string }) {
    const wait = last.retryAfterSeconds != null ? ` Apple asked to wait ${last.retryAfterSeconds} s.` : '';
    super(
      'APPLE_UNAVAILABLE',
      `${endpoint}: Apple's DEP service is unavailable (${last.reason}) after ${attempts} attempt(s).${wait} Try again later; check the network and the base URL if it persists.`,
      { endpoint, attempts, httpStatus: last.httpStatus, retryAfterSeconds: last.retryAfterSeconds ?? null },
    );
    this.name = 'AppleUnavailableError';
    this.httpStatus = last.httpStatus;
    this.retryAfterSeconds = last.retryAfterSeconds ?? null;
  }
}

/** The caller's AbortSignal fired (a deadline, a shutdown). */
export class AppleAbortError extends DepledgerError {
  constructor(endpoint: string) {
    super('APPLE_ABORTED', `${endpoint}: the request to Apple was aborted by the caller (deadline or shutdown).`, { endpoint });
    this.name = 'AppleAbortError';
  }
}

/** Apple answered 2xx with a body this client cannot read: Apple's API changed, or the base URL points elsewhere. */
export class AppleResponseError extends DepledgerError {
  constructor(endpoint: string, problem: string) {
    super(
      'APPLE_UNEXPECTED_RESPONSE',
      `${endpoint}: Apple's answer cannot be read (${problem}). Check the base URL; if it is Apple's, its API may have changed.`,
      {
        endpoint,
        problem,
      },
    );
    this.name = 'AppleResponseError';
  }
}

/**
 * Apple's answer was larger than this endpoint's limit (after gzip or deflate is undone); reading
 * stopped there. Not retried: a base URL that does not point at Apple, or a proxy gone wrong.
 */
export class AppleResponseTooLargeError extends DepledgerError {
  readonly limitBytes: number;

  constructor(endpoint: string, limitBytes: number) {
    super(
      'APPLE_RESPONSE_TOO_LARGE',
      `${endpoint}: the answer is larger than ${limitBytes} bytes, more than Apple ever sends for it; reading stopped there. Check the base URL and any proxy in between (or raise maxResponseBytes if this is really Apple).`,
      { endpoint, limitBytes },
    );
    this.name = 'AppleResponseTooLargeError';
    this.limitBytes = limitBytes;
  }
}

/** The embedding application has no OAuth secrets for this token. */
export class CredentialsMissingError extends DepledgerError {
  constructor(tokenId: string) {
    super('APPLE_CREDENTIALS_MISSING', `No server token secrets for token ${tokenId}: upload the server token (.p7m) for it first.`, {
      tokenId,
    });
    this.name = 'CredentialsMissingError';
  }
}
