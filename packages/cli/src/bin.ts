#!/usr/bin/env node
import { run } from './run';

// A reader that goes away (`depledger devices | head`) ends the output, not the process with a stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error UNEXPECTED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
