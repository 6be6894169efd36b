import type * as ProgressPackage from 'cli-progress';
import type { SyncPageProgress } from '@depledger/core';
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

const terminalProgress = (io: CliIo): SyncProgress => {
  const options = {
    stream: io.progressStream,
    format: 'sync {phase} [{moving}] page {value} · {fetched} devices fetched · {changes} records from the sync pass · {rate} records/s',
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
        phase: progress.phase,
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

const lineProgress = (io: CliIo): SyncProgress => {
  const startedAt = Date.now();
  const seen = tally();
  return {
    onPage(progress) {
      seen.add(progress);
      const more = progress.moreToFollow ? 'more to follow' : 'last page';
      io.stderr(
        `page ${progress.page} (${progress.phase}): ${progress.counts.received} records (${seen.total()} so far, ${rate(seen.total(), startedAt)} records/s), ${more}\n`,
      );
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

export const syncProgress = (io: CliIo, json: boolean): SyncProgress =>
  json ? silentProgress() : io.isTTY ? terminalProgress(io) : lineProgress(io);
