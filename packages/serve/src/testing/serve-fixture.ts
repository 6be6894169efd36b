import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createAppleSimulator, type AppleSimulator } from '@depledger/apple-simulator';
import {
  createDepledger,
  createInMemoryEventStore,
  createInMemoryVault,
  type DepGateway,
  type Depledger,
  type EventStore,
} from '@depledger/core';
import { builtInProjections, createInMemoryReadModelStore, createProjectionRunner } from '@depledger/projections';
import { createServer, type DepledgerServer, type ServeOptions } from '../index';

export type ApiCall = Readonly<{
  key?: string | null;
  json?: unknown;
  /** A raw body (a file), with its content type. */
  raw?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}>;

export type ApiAnswer = Readonly<{ status: number; body: any; text: string; contentType: string | null; method: string; path: string }>;

/** Holds every call to Apple (the real adapter behind it) until released or aborted: a run stays in flight as long as a test needs. */
export type AppleGate = Readonly<{ hold(): void; release(): void }>;

const gated = (gateway: DepGateway): { gateway: DepGateway; gate: AppleGate } => {
  let held: { promise: Promise<void>; open: () => void } | null = null;
  const wait = async (signal: AbortSignal | undefined) => {
    if (!held) return;
    const { promise } = held;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal?.reason ?? new Error('aborted'));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      void promise.then(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  };
  const wrapped = new Proxy(gateway, {
    get: (target, property, receiver) => {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await wait(args.find((a): a is AbortSignal => a instanceof AbortSignal));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    gateway: wrapped,
    gate: {
      hold: () => {
        if (held) return;
        let open: () => void = () => undefined;
        const promise = new Promise<void>((resolve) => (open = resolve));
        held = { promise, open };
      },
      release: () => {
        held?.open();
        held = null;
      },
    },
  };
};

export type ServeFixture = Readonly<{
  simulator: AppleSimulator;
  simulatorUrl: string;
  store: EventStore;
  depledger: Depledger;
  server: DepledgerServer;
  url: string;
  writeKey: string;
  readKey: string;
  /** Every answer given in this fixture's life, for the OpenAPI check. */
  answers: ApiAnswer[];
  apple: AppleGate;
  api(method: string, path: string, call?: ApiCall): Promise<ApiAnswer>;
  close(): Promise<void>;
}>;

/** depledger in memory, the real Apple adapter on the simulator, and the server on loopback with a read key and a write key. */
export const startServeFixture = async (
  options: Partial<Pick<ServeOptions, 'scheduler' | 'bodyLimit' | 'webhooks' | 'logger'>> = {},
): Promise<ServeFixture> => {
  const simulator = createAppleSimulator();
  const { url: simulatorUrl } = await simulator.start(0, '127.0.0.1');
  const store = createInMemoryEventStore();
  const vault = createInMemoryVault();
  // The Apple gateway, wired by depledger (its vault, each token's secrets), behind a gate the tests can close.
  let gate: AppleGate | undefined;
  const depledger = createDepledger({
    store,
    vault,
    ...(options.logger ? { logger: options.logger } : {}),
    pki: createAppleTokenPki(),
    gateway: (wiring) => {
      const held = gated(appleGateway({ baseUrl: simulatorUrl, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } })(wiring));
      gate = held.gate;
      return held.gateway;
    },
  });
  // createDepledger builds its gateway at once: the gate exists from here on.
  if (gate === undefined) throw new Error('createDepledger did not build its gateway');
  const apple: AppleGate = gate;
  const readModels = createInMemoryReadModelStore();
  const runner = createProjectionRunner({ eventStore: store, readModels, projections: builtInProjections });
  const server = await createServer({ depledger, readModels: { readModels, runner }, ...options });
  const url = await server.listen();
  const writeKey = (await server.apiKeys.issue('mdm', ['read', 'write'], { actor: 'admin:test' })).key;
  const readKey = (await server.apiKeys.issue('dashboard', ['read'], { actor: 'admin:test' })).key;
  const answers: ApiAnswer[] = [];

  const api = async (method: string, path: string, call: ApiCall = {}): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { ...(call.headers ?? {}) };
    const key = call.key === undefined ? writeKey : call.key;
    if (key !== null) headers['authorization'] = `Bearer ${key}`;
    let body: string | Buffer | undefined;
    if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers['content-type'] ??= 'application/json';
    } else if (call.raw !== undefined) {
      body = call.raw;
      headers['content-type'] ??= call.contentType ?? 'application/pkcs7-mime';
    }
    const response = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    const contentType = response.headers.get('content-type');
    const answer: ApiAnswer = {
      status: response.status,
      text,
      contentType,
      body: contentType?.startsWith('application/json') ? JSON.parse(text) : text,
      method,
      path,
    };
    answers.push(answer);
    return answer;
  };

  return {
    simulator,
    simulatorUrl,
    store,
    depledger,
    server,
    url,
    writeKey,
    readKey,
    answers,
    apple,
    api,
    close: async () => {
      await server.close();
      await simulator.stop();
    },
  };
};

/** Waits for a condition that the server reaches on its own (a run ending): no time limit but jest's. */
export const eventually = async <T>(probe: () => Promise<T | undefined>): Promise<T> => {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
