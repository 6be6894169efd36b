import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appleGateway, createAppleTokenPki } from '@depledger/apple';
import { createDepledger } from '@depledger/core';
import { builtInProjections, createProjectionRunner, listDevices } from '@depledger/projections';
import { createServer } from '@depledger/serve';
import { openSqliteStore } from '@depledger/store-sqlite';
import { sampleOf } from '../measure';
import type { Row } from '../row';

type AutocannonResult = { requests: { average: number }; non2xx: number; errors: number; timeouts: number };
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no types; its promise form is all this uses
const autocannon = require('autocannon') as Autocannon;

/** One autocannon run over loopback: requests per second, every answer a 2xx. */
const load = async (url: string, headers: Record<string, string>, paths: readonly string[], seconds: number): Promise<number> => {
  let next = 0;
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    headers,
    requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, path: paths[next++ % paths.length] }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`the load answered ${result.non2xx} non-2xx and ${result.errors} errors`);
  return result.requests.average;
};

/**
 * `GET /devices/{serial}` through `depledger serve` (Fastify, API key checked, read models caught
 * up before each read) on the SQLite file a full sync of `devices` devices left, by autocannon over
 * loopback (10 connections, in the same process as the server: the load generator takes its share
 * of the CPU). Beside it, the limit: a bare node:http server answering the same device's JSON from
 * memory, under the same load.
 */
export const serveDevices = async (path: string, devices: number, runs: number, seconds: number): Promise<Row> => {
  const store = openSqliteStore({ path });
  const depledger = createDepledger({
    store: store.events,
    vault: store.vault,
    gateway: appleGateway({ baseUrl: 'http://127.0.0.1:9' }), // never called: reads only
    pki: createAppleTokenPki(),
  });
  const runner = createProjectionRunner({ eventStore: store.events, readModels: store.readModels, projections: builtInProjections });
  const server = await createServer({ depledger, readModels: { readModels: store.readModels, runner } });
  const bare = createHttpServer();
  try {
    const url = await server.listen();
    const { key } = await server.apiKeys.issue('bench', ['read']);
    const listed = await listDevices(store.readModels, { lang: 'en' });
    if (listed.length !== devices) throw new Error(`the store lists ${listed.length} devices, expected ${devices}`);
    // 1000 serials spread over the fleet, read in turn
    const serials = Array.from({ length: 1000 }, (_, i) => listed[Math.floor((i * listed.length) / 1000)]!.serial);
    const paths = serials.map((serial) => `/devices/${serial}`);
    const document = JSON.stringify(listed[0]);
    bare.on('request', (_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(document));
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

    await load(url, { authorization: `Bearer ${key}` }, paths, 2); // warm-up
    const ours: number[] = [];
    const limit: number[] = [];
    for (let r = 0; r < runs; r++) {
      ours.push(await load(url, { authorization: `Bearer ${key}` }, paths, seconds));
      limit.push(await load(bareUrl, {}, paths, seconds));
    }
    const sample = sampleOf(ours);
    return {
      id: `serve-device-reads-${devices}`,
      workload: `GET /devices/{serial} through depledger serve on the SQLite file of a ${devices.toLocaleString('en')}-device sync (API key, read-your-writes catch-up, 1000 serials in turn; autocannon, 10 connections, ${seconds} s a run, same process)`,
      kind: 'rate',
      unit: 'requests/s',
      depledger: sample,
      limit: { label: 'bare node:http answering one device JSON from memory, same load', sample: sampleOf(limit) },
      goal: '≥ 2,000 requests/s',
      met: sample.median >= 2_000,
    };
  } finally {
    await new Promise((resolve) => bare.close(resolve));
    await server.close();
    await store.close();
  }
};
