import type * as ProgressPackage from 'cli-progress';
import { message, type Lang, type SyncPageProgress } from '@depledger/core';
import type { CliIo } from '../runtime/cli-io';

/**
 * Records Apple delivered in a run, by pass: the fetch pass lists each device once; the sync pass
 * that follows lists changes, often the same devices again, so the two are never added up as devices.
 */
export type SyncRecords = Readonly<{ fetch: number; sync: number }>;

/** Shows a sync's pages as they are recorded: an indeterminate bar on a terminal, one plain line per page otherwise. */
export type SyncProgress = Readonly<{ onPage(progress: SyncPageProgress): void; stop(): void; records(): SyncRecords }>;

const rate = (records: number, startedAt: number): string => {
  const seconds = (Date.now() - startedAt) / 1000;
  return seconds > 0 ? `${Math.round(records / seconds)}` : '-';
};

const tally = () => {
  const records = { fetch: 0, sync: 0 };
  return {
    add: (progress: SyncPageProgress) => (records[progress.phase] += progress.counts.received),
    records: (): SyncRecords => ({ ...records }),
    total: () => records.fetch + records.sync,
  };
};

/** Apple never says how many pages are left: a block that moves one step per page, never a filling bar. */
const indeterminate = (page: number, width = 12): string => {
  const at = (page - 1) % (2 * width - 2);
  const position = at < width ? at : 2 * width - 2 - at;
  return Array.from({ length: width }, (_, i) => (i === position ? '█' : '░')).join('');
};

const terminalProgress = (io: CliIo, lang: Lang): SyncProgress => {
  const options = {
    stream: io.progressStream,
    format: message(lang, 'cli.sync.bar'),
    hideCursor: true,
    clearOnComplete: false,
    fps: 10,
  };
  // Loaded when a bar is drawn (a terminal), not by every command that may draw one.
  const { Presets, SingleBar } = require('cli-progress') as typeof ProgressPackage;
  const bar = new SingleBar(options, Presets.shades_classic);
  const startedAt = Date.now();
  const seen = tally();
  let started = false;
  return {
    onPage(progress) {
      seen.add(progress);
      const { fetch, sync } = seen.records();
      const payload = {
        phase: message(lang, `cli.sync.phase.${progress.phase}`),
        moving: indeterminate(progress.page),
        fetched: fetch,
        changes: sync,
        rate: rate(seen.total(), startedAt),
      };
      if (!started) {
        bar.start(0, progress.page, payload);
        started = true;
      } else bar.update(progress.page, payload);
    },
    stop() {
      if (started) bar.stop();
    },
    records: seen.records,
  };
};

const lineProgress = (io: CliIo, lang: Lang): SyncProgress => {
  const startedAt = Date.now();
  const seen = tally();
  return {
    onPage(progress) {
      seen.add(progress);
      const line = message(lang, 'cli.sync.page', {
        page: progress.page,
        phase: message(lang, `cli.sync.phase.${progress.phase}`),
        received: progress.counts.received,
        total: seen.total(),
        rate: rate(seen.total(), startedAt),
        more: message(lang, progress.moreToFollow ? 'cli.sync.moreToFollow' : 'cli.sync.lastPage'),
      });
      io.stderr(`${line}\n`);
    },
    stop() {},
    records: seen.records,
  };
};

/** No progress shown with --json (stdout stays one JSON document; stderr stays quiet); the records are still counted. */
const silentProgress = (): SyncProgress => {
  const seen = tally();
  return { onPage: (progress) => void seen.add(progress), stop() {}, records: seen.records };
};

export const syncProgress = (io: CliIo, json: boolean, lang: Lang = 'fr'): SyncProgress =>
  json ? silentProgress() : io.isTTY ? terminalProgress(io, lang) : lineProgress(io, lang);
