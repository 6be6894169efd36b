import { accessSync, closeSync, constants, existsSync, lstatSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from '../errors/cli-error';

const lstatOrNull = (path: string) => {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
};

/**
 * Checks, before anything is recorded, that `path` can be written: its directory exists and is
 * writable, the file does not exist yet (unless `force`), and it is no symbolic link (not even a
 * dangling one, nor with `force`): depledger never writes through one. Returns the absolute path.
 */
export const checkOutputFile = (cwd: string, path: string, force: boolean, what: string): string => {
  const absolute = resolve(cwd, path);
  const directory = dirname(absolute);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new CliError(
      'FILE_NOT_FOUND',
      `Cannot write ${what} ${path}: the directory ${directory} does not exist. Create it or choose another path.`,
      { path },
    );
  }
  try {
    accessSync(directory, constants.W_OK);
  } catch {
    throw new CliError(
      'FILE_UNWRITABLE',
      `Cannot write ${what} ${path}: the directory ${directory} is not writable. Choose another path.`,
      { path },
    );
  }
  const existing = lstatOrNull(absolute);
  if (existing?.isSymbolicLink() === true) {
    throw new CliError(
      'FILE_IS_LINK',
      `${path} is a symbolic link: depledger does not write through links. Give the real path, or remove the link.`,
      { path },
    );
  }
  if (existing !== null && !force) {
    throw new CliError('FILE_EXISTS', `${path} already exists: choose another --out, or add --force to replace it.`, { path });
  }
  if (existing !== null && !existing.isFile()) {
    throw new CliError('FILE_EXISTS', `${path} exists and is not a regular file: choose another --out.`, { path });
  }
  return absolute;
};

/**
 * Writes a file checked with `checkOutputFile` (mode 0644: certificates and server tokens are not
 * secrets in clear), never through a symbolic link, even one planted after the check.
 */
export const writeOutputFile = (absolute: string, content: string, force: boolean): void => {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (force ? constants.O_TRUNC : constants.O_EXCL);
  let descriptor: number;
  try {
    descriptor = openSync(absolute, flags, 0o644);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ELOOP' || code === 'EEXIST') {
      throw new CliError(
        'FILE_EXISTS',
        `${absolute} appeared while the command ran (a file or a link): nothing was written there. Choose another --out.`,
        { path: absolute },
      );
    }
    throw error;
  }
  try {
    writeSync(descriptor, content);
  } finally {
    closeSync(descriptor);
  }
};
