import { Presets, SingleBar } from 'cli-progress';
import type { SyncPageProgress } from '@depledger/core';
import type { CliIo } from '../runtime/cli-io';

/** Shows a sync's pages as they are recorded: a bar on a terminal, one plain line per page otherwise. */
export type SyncProgress = Readonly<{ onPage(progress: SyncPageProgress): void; stop(): void }>;

const rate = (devices: number, startedAt: number): string => {
  const seconds = (Date.now() - startedAt) / 1000;
  return seconds > 0 ? `${Math.round(devices / seconds)}` : '-';
};

const terminalProgress = (io: CliIo): SyncProgress => {
  const options = {
    stream: io.progressStream,
    format: 'sync {phase} [{bar}] page {value} · {devices} devices · {rate} devices/s',
    hideCursor: true,
    clearOnComplete: false,
    fps: 10,
  };
  const bar = new SingleBar(options, Presets.shades_classic);
  const startedAt = Date.now();
  let started = false;
  let devices = 0;
  return {
    onPage(progress) {
      devices += progress.counts.received;
      // Apple does not say how many pages are left: the bar is one page ahead until the last one.
      const total = progress.moreToFollow ? progress.page + 1 : progress.page;
      const payload = { phase: progress.phase, devices, rate: rate(devices, startedAt) };
      if (!started) {
        bar.start(total, progress.page, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(progress.page, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
};

const lineProgress = (io: CliIo): SyncProgress => {
  const startedAt = Date.now();
  let devices = 0;
  return {
    onPage(progress) {
      devices += progress.counts.received;
      const more = progress.moreToFollow ? 'more to follow' : 'last page';
      io.stderr(
        `page ${progress.page} (${progress.phase}): ${progress.counts.received} devices (${devices} so far, ${rate(devices, startedAt)} devices/s), ${more}\n`,
      );
    },
    stop() {},
  };
};

/** No progress at all with --json (stdout stays one JSON document; stderr stays quiet). */
const silentProgress: SyncProgress = { onPage() {}, stop() {} };

export const syncProgress = (io: CliIo, json: boolean): SyncProgress =>
  json ? silentProgress : io.isTTY ? terminalProgress(io) : lineProgress(io);
