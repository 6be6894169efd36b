import type { ErrorCode } from '@depledger/core';
import { CliError } from '../errors/cli-error';

/** Talks to a running simulator's control API (`/_portal/…`, `/_control/…`). */
export type SimulatorClient = Readonly<{
  url: string;
  request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}>;

/** The catalogue's code for the simulator's own error codes; any other refusal is SIMULATOR_REFUSED. */
const simulatorRefusalCodes: Readonly<Record<string, ErrorCode>> = {
  UNKNOWN_SERVER: 'SIMULATOR_UNKNOWN_SERVER',
  UNKNOWN_DEVICE: 'SIMULATOR_UNKNOWN_DEVICE',
  INVALID_INPUT: 'SIMULATOR_INVALID_INPUT',
};

const simulatorRefusalCode = (error: string | null): ErrorCode =>
  error !== null && Object.hasOwn(simulatorRefusalCodes, error) ? simulatorRefusalCodes[error]! : 'SIMULATOR_REFUSED';

export const defaultSimulatorUrl = 'http://127.0.0.1:8080';

export const simulatorUrlOf = (given: string | undefined, env: Readonly<Record<string, string | undefined>>): string => {
  const url = given ?? env['DEPLEDGER_SIMULATOR_URL'] ?? defaultSimulatorUrl;
  if (!/^https?:\/\/[^\s/]+/i.test(url))
    throw new CliError('INVALID_INPUT', `--simulator-url ${JSON.stringify(url)} is not an http(s) URL, e.g. ${defaultSimulatorUrl}.`);
  return url.replace(/\/+$/, '');
};

export const createSimulatorClient = (url: string): SimulatorClient => ({
  url,
  async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, {
        method,
        // Always declared, even without a body: the simulator refuses a change sent without it.
        headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new CliError(
        'SIMULATOR_UNREACHABLE',
        `No simulator answers at ${url}: start one with \`depledger simulator\` (or pass --simulator-url / DEPLEDGER_SIMULATOR_URL).`,
      );
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const failure = parsed as { error?: unknown; message?: unknown } | null;
      const error = typeof failure?.error === 'string' ? failure.error : null;
      const message =
        typeof failure?.message === 'string' ? failure.message : `the simulator answered ${response.status} to ${method} ${path}`;
      throw new CliError(simulatorRefusalCode(error), `${message}.`.replace(/\.\.$/, '.'), { error, httpStatus: response.status });
    }
    return parsed as T;
  },
});
