import { Agent, createServer as createHttpServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createDepledger, createInMemoryEventStore, createInMemoryVault } from '@depledger/core';
import { builtInProjections, createInMemoryReadModelStore, createProjectionRunner } from '@depledger/projections';
import { createServer, webhookEventSources, webhookEventTypes } from '@depledger/serve';
import { sampleOf } from '../measure';
import type { Row } from '../row';
import { deviceStreams } from './device-events';

/** A receiver on loopback that answers 204 at once and counts; `until(n)` resolves at the n-th request. */
const startReceiver = async () => {
  let count = 0;
  let waiting: { n: number; resolve: () => void } | null = null;
  const server = createHttpServer((incoming, response) => {
    incoming.resume();
    incoming.on('end', () => {
      response.writeHead(204).end();
      count++;
      if (waiting && count >= waiting.n) waiting.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    reset: () => void (count = 0),
    until: (n: number) => new Promise<void>((resolve) => (count >= n ? resolve() : (waiting = { n, resolve }))),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
};

/** The limit: the same number of POSTs of a delivery-sized body, one after the other, keep-alive. */
const bareLoop = async (url: string, count: number, body: string): Promise<number> => {
  const agent = new Agent({ keepAlive: true });
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve, reject) => {
      const sent = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      sent.on('error', reject);
      sent.end(body);
    });
  }
  const ms = performance.now() - started;
  agent.destroy();
  return count / (ms / 1000);
};

/**
 * Webhook deliveries from `depledger serve` to a receiver on loopback: `events` device events
 * appended to an in-memory store, each of the types a webhook asks for delivered (signed, the
 * attempt recorded in the delivery log) in order, one after the other; the rate is deliveries per
 * second from the append to the last delivery. Beside it, the limit: bare keep-alive POSTs of the
 * same count, one after the other, to the same receiver.
 */
export const webhookDelivery = async (events: number, runs: number): Promise<Row> => {
  const receiver = await startReceiver();
  const wanted = new Set<string>(Object.values(webhookEventSources).flat());
  const ours: number[] = [];
  const limit: number[] = [];
  let delivered = 0;
  try {
    for (let r = 0; r < runs + 1; r++) {
      const store = createInMemoryEventStore();
      const depledger = createDepledger({
        store,
        vault: createInMemoryVault(),
        gateway: appleGateway({ baseUrl: 'http://127.0.0.1:9' }), // never called
        pki: createAppleTokenPki(),
      });
      const readModels = createInMemoryReadModelStore();
      const runner = createProjectionRunner({ eventStore: store, readModels, projections: builtInProjections });
      const server = await createServer({ depledger, readModels: { readModels, runner }, webhooks: { allowTargets: ['127.0.0.1'] } });
      try {
        const url = await server.listen();
        const { key } = await server.apiKeys.issue('bench', ['read', 'write']);
        const registered = await fetch(`${url}/webhooks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ url: receiver.url, events: webhookEventTypes }),
        });
        if (registered.status !== 201) throw new Error(`registering the webhook answered ${registered.status}`);
        const streams = deviceStreams(events);
        delivered = streams.reduce((n, s) => n + s.stored.filter((e) => wanted.has(e.type.replace(/\.v\d+$/, ''))).length, 0);
        receiver.reset();
        const started = performance.now();
        for (let i = 0; i < streams.length; i += 100) {
          await store.appendToStreams!(
            streams.slice(i, i + 100).map((s) => ({ streamName: s.stream, events: s.stored, expectedRevision: 'any' as const })),
          );
        }
        await receiver.until(delivered);
        const rate = delivered / ((performance.now() - started) / 1000);
        if (r > 0) ours.push(rate); // the first run warms up
      } finally {
        await server.close();
      }
      receiver.reset();
      const bare = await bareLoop(
        receiver.url,
        delivered,
        JSON.stringify({
          id: 'x'.repeat(36),
          type: 'device.assigned',
          occurredAt: new Date().toISOString(),
          data: { serial: 'C02XXXXXXXXX', tokenId: 'bench' },
        }),
      );
      if (r > 0) limit.push(bare);
    }
    const sample = sampleOf(ours);
    return {
      id: `webhook-delivery-${events}`,
      workload: `webhook deliveries from depledger serve to a receiver on loopback: ${delivered.toLocaleString('en')} of ${events.toLocaleString('en')} device events appended to an in-memory store, each signed, sent in order and its attempt recorded`,
      kind: 'rate',
      unit: 'events/s',
      depledger: sample,
      limit: { label: 'bare keep-alive POSTs of the same count, one after the other', sample: sampleOf(limit) },
      goal: '≥ 1,000 events/s',
      met: sample.median >= 1_000,
    };
  } finally {
    await receiver.close();
  }
};
