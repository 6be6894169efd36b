/**
 * An error answered the way Apple answers it: an HTTP status and a bare code as the body
 * (JSON-quoted in depsim-compatible mode). An empty code means an empty body.
 */
export class AppleError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code === '' ? `HTTP ${status}` : code);
    this.name = 'AppleError';
  }
}

export const badRequest = (code: string): AppleError => new AppleError(400, code);
