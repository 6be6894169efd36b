import type * as ProgressPackage from 'cli-progress';
import type { BusinessAssignmentProgress } from '@depledger/core';
import type { CliIo } from '../runtime/cli-io';
import type { Output } from '../output/output';

/** Shows Apple's activities finishing: a bar on a terminal, a line per change otherwise, nothing with --json. */
export type AssignmentProgressView = Readonly<{ onProgress(progress: BusinessAssignmentProgress): void; stop(): void }>;

export const assignmentProgress = (io: CliIo, out: Pick<Output, 'json' | 't'>): AssignmentProgressView => {
  const { json } = out;
  if (json) return { onProgress() {}, stop() {} };
  if (!io.isTTY) {
    let last = -1;
    return {
      onProgress(progress) {
        if (progress.completed === last) return;
        last = progress.completed;
        io.stderr(`${out.t('business.progress', { done: progress.completed, total: progress.total })}\n`);
      },
      stop() {},
    };
  }
  // Loaded when a bar is drawn (a terminal), not by every command that may draw one.
  const { Presets, SingleBar } = require('cli-progress') as typeof ProgressPackage;
  const bar = new SingleBar(
    {
      stream: io.progressStream,
      // cli-progress fills {bar}, {value} and {total}: the catalogue's placeholders, left unfilled
      format: out.t('business.progressBar'),
      hideCursor: true,
      clearOnComplete: false,
      fps: 10,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(progress) {
      if (!started) {
        bar.start(progress.total, progress.completed);
        started = true;
      } else bar.update(progress.completed);
    },
    stop() {
      if (started) bar.stop();
    },
  };
};
