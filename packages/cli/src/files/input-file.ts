import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../errors/cli-error';

/** Reads a file the user named; a missing or unreadable one is one clear line, not a stack. */
export const readInputFile = (cwd: string, path: string, what: string): Buffer => {
  const absolute = resolve(cwd, path);
  try {
    return readFileSync(absolute);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new CliError('FILE_NOT_FOUND', `${what} ${path} does not exist: check the path (relative to ${cwd}).`, { path });
    if (code === 'EISDIR') throw new CliError('FILE_NOT_FOUND', `${what} ${path} is a directory, not a file: give the file's path.`, { path });
    throw new CliError('FILE_UNREADABLE', `${what} ${path} cannot be read (${String(code ?? error)}): check its permissions.`, { path });
  }
};
