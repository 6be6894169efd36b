import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from '../errors/cli-error';

/**
 * Checks, before anything is recorded, that `path` can be written: its directory exists and is
 * writable, and the file does not exist yet (unless `force`). Returns the absolute path.
 */
export const checkOutputFile = (cwd: string, path: string, force: boolean, what: string): string => {
  const absolute = resolve(cwd, path);
  const directory = dirname(absolute);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new CliError('FILE_NOT_FOUND', `Cannot write ${what} ${path}: the directory ${directory} does not exist. Create it or choose another path.`, { path });
  }
  try {
    accessSync(directory, constants.W_OK);
  } catch {
    throw new CliError('FILE_UNWRITABLE', `Cannot write ${what} ${path}: the directory ${directory} is not writable. Choose another path.`, { path });
  }
  if (!force && existsSync(absolute)) {
    throw new CliError('FILE_EXISTS', `${path} already exists: choose another --out, or add --force to replace it.`, { path });
  }
  return absolute;
};

/** Writes a file checked with `checkOutputFile` (mode 0644: certificates and server tokens are not secrets in clear). */
export const writeOutputFile = (absolute: string, content: string, force: boolean): void => {
  writeFileSync(absolute, content, { flag: force ? 'w' : 'wx' });
};
