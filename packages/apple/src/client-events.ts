/**
 * What the client reports as it works, for logs and metrics. Events never carry a secret nor a
 * session value: only token ids, endpoints, statuses and delays.
 */
export type AppleClientEvent =
  | Readonly<{ type: 'session-opened'; tokenId: string }>
  | Readonly<{ type: 'session-refused'; tokenId: string; endpoint: string; httpStatus: number }>
  | Readonly<{ type: 'session-rotated'; tokenId: string }>
  | Readonly<{ type: 'retry'; endpoint: string; attempt: number; delayMs: number; reason: string; httpStatus: number | null }>;

export type AppleClientObserver = (event: AppleClientEvent) => void;

/** Observers must never break a call. */
export const safely =
  (observer: AppleClientObserver | undefined): AppleClientObserver =>
  (event) => {
    try {
      observer?.(event);
    } catch {
      // an observer's failure is its own business
    }
  };
