#!/usr/bin/env node
import { reportEscapedFailure } from './errors/last-resort';
import { run } from './run';

// A reader that goes away (`depledger devices | head`) ends the output, not the process with a stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const argv = process.argv.slice(2);
run(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportEscapedFailure(error, argv, process.env, (text) => process.stderr.write(text));
  },
);
