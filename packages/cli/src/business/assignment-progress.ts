import type * as ProgressPackage from 'cli-progress';
import type { BusinessAssignmentProgress } from '@depledger/core';
import type { CliIo } from '../runtime/cli-io';

/** Shows Apple's activities finishing: a bar on a terminal, a line per change otherwise, nothing with --json. */
export type AssignmentProgressView = Readonly<{ onProgress(progress: BusinessAssignmentProgress): void; stop(): void }>;

export const assignmentProgress = (io: CliIo, json: boolean): AssignmentProgressView => {
  if (json) return { onProgress() {}, stop() {} };
  if (!io.isTTY) {
    let last = -1;
    return {
      onProgress(progress) {
        if (progress.completed === last) return;
        last = progress.completed;
        io.stderr(`Apple's activities: ${progress.completed} of ${progress.total} finished\n`);
      },
      stop() {},
    };
  }
  // Loaded when a bar is drawn (a terminal), not by every command that may draw one.
  const { Presets, SingleBar } = require('cli-progress') as typeof ProgressPackage;
  const bar = new SingleBar(
    {
      stream: io.progressStream,
      format: "Apple's activities [{bar}] {value}/{total} finished",
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
