import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { EventStore } from '@depledger/core';
import type { ReadModelStore } from '@depledger/projections';

/** A scratch directory removed by `remove()`. */
export const scratch = (label: string) => {
  const dir = mkdtempSync(join(tmpdir(), `depledger-rel-${label}-`));
  return { dir, file: (name: string) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
};

/** A seed from `DEPLEDGER_RELIABILITY_SEED` or the clock, to print with every failure. */
export const seedFrom = (name: string): number => {
  const given = process.env.DEPLEDGER_RELIABILITY_SEED ?? process.env[name];
  return given === undefined ? Date.now() % 1_000_000 : Number(given);
};

/** A small deterministic generator (LCG), so a failing sequence replays from its seed. */
export const seeded = (seed: number) => {
  let state = seed % 2 ** 31;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
};

/** Every stored event, as JSON text, in global order. */
export const storedEventTexts = async (store: EventStore): Promise<string[]> => {
  const texts: string[] = [];
  for await (const e of store.readAll()) texts.push(JSON.stringify(e));
  return texts;
};

/** Every live document of every read model the store has, as `name/key → doc`. */
export const readModelDocuments = async (readModels: ReadModelStore, names: readonly string[]): Promise<Map<string, unknown>> => {
  const docs = new Map<string, unknown>();
  for (const name of names) {
    const live = await readModels.live(name);
    if (live === null) continue;
    for await (const { key, doc } of readModels.list(live)) docs.set(`${name}/${key}`, doc);
  }
  return docs;
};

/** Everything an error can show: message, stack, own fields, causes. */
export const errorText = (error: unknown): string =>
  [String(error), error instanceof Error ? (error.stack ?? '') : '', inspect(error, { depth: 8, showHidden: false }), safeJson(error)].join(
    '\n',
  );

const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
};

/** The needles found in the haystack (empty when none). */
export const leaks = (haystack: string, needles: readonly string[]): string[] =>
  needles.filter((n) => n.length > 0 && haystack.includes(n));
