import BetterSqlite3 from 'better-sqlite3';
import { deviceStatusProjection, pageDevices } from '@depledger/projections';
import { openSqliteStore } from '@depledger/store-sqlite';
import { throughput } from '../measure';
import type { Row } from '../row';

/** Where the pages start: `count` serials spread evenly over the fleet, the first page's (no `after`) among them. */
const spread = (serials: readonly string[], count: number): (string | undefined)[] => [
  undefined,
  ...Array.from({ length: count - 1 }, (_, i) => serials[Math.floor(((i + 1) * serials.length) / count) - 1]),
];

/**
 * One page of 100 devices (`pageDevices`, what `GET /devices` and the console's device list read)
 * on the SQLite file a full sync of `devices` devices left, the pages starting all over the fleet:
 * a keyset page starts after the last serial seen through the read model's key index, so a page
 * near the end reads what the first one reads. Beside it, the limit: the same pages read with bare
 * better-sqlite3 (one keyset query, every document JSON.parsed). The note compares the last tenth
 * of the fleet with its first pages: with an offset scan, those would be ~10× slower at 100k.
 */
export const devicePage = async (path: string, devices: number, runs: number): Promise<Row> => {
  const store = openSqliteStore({ path });
  const bare = new BetterSqlite3(path, { readonly: true });
  try {
    const live = await store.readModels.live(deviceStatusProjection.name);
    if (live === null) throw new Error('the file has no device-status read model');
    const serials: string[] = [];
    for await (const { key } of store.readModels.list(live)) serials.push(key);
    if (serials.length !== devices) throw new Error(`the read model holds ${serials.length} devices, expected ${devices}`);
    const limit = 100;
    const starts = spread(serials, 50);
    const lastTenth = starts.filter((after) => after !== undefined && serials.indexOf(after) >= serials.length * 0.9);
    const firstTenth = starts.filter((after) => after === undefined || serials.indexOf(after) < serials.length * 0.1);

    const read = async (after: string | undefined) => {
      const page = await pageDevices(store.readModels, { limit, lang: 'en', ...(after === undefined ? {} : { after }) });
      if (page.devices.length === 0) throw new Error(`an empty page after ${after}`);
    };
    const query = bare
      .prepare<[string, number, string, number], [string, string]>(
        'SELECT key, doc FROM read_model_documents WHERE name = ? AND version = ? AND key > ? ORDER BY key LIMIT ?',
      )
      .raw();
    const bareRead = (after: string | undefined) => {
      const rows = query.all(deviceStatusProjection.name, live.version, after ?? '', limit + 1);
      let parsed = 0;
      for (const [, doc] of rows) if (JSON.parse(doc) !== null) parsed++;
      if (parsed === 0) throw new Error(`an empty bare page after ${after}`);
    };
    const plan = { runs, warmups: 1 };
    const everywhere = async () => {
      for (const after of starts) await read(after);
    };
    const ours = await throughput(starts.length, everywhere, plan);
    const limitSample = await throughput(starts.length, () => starts.forEach(bareRead), plan);
    const deep = await throughput(
      lastTenth.length,
      async () => {
        for (const after of lastTenth) await read(after);
      },
      plan,
    );
    const shallow = await throughput(
      firstTenth.length,
      async () => {
        for (const after of firstTenth) await read(after);
      },
      plan,
    );
    const ratio = deep.median / shallow.median;
    return {
      id: `device-page-${devices}`,
      workload: `a page of ${limit} devices (pageDevices: GET /devices, the console's list) on the SQLite file of a ${devices.toLocaleString('en')}-device sync, ${starts.length} pages starting all over the fleet (keyset: after a serial)`,
      kind: 'rate',
      unit: 'pages/s',
      depledger: ours,
      limit: { label: 'bare better-sqlite3: the same keyset query, every document JSON.parsed', sample: limitSample },
      goal: 'a page in the last tenth of the fleet as quick as one in the first (≥ 0.5×)',
      met: ratio >= 0.5,
      note: `last tenth ${Math.round(deep.median)} pages/s, first tenth ${Math.round(shallow.median)} pages/s (×${ratio.toFixed(2)})`,
    };
  } finally {
    bare.close();
    await store.close();
  }
};
