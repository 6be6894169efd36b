import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** The first line a child process writes to stdout; rejects if it exits before writing one. */
export function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const end = buffered.indexOf('\n');
      if (end >= 0) resolve(buffered.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
  });
}
