import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../errors/cli-error';

const mebibyte = 1024 * 1024;

/**
 * The most bytes read of a file the user names: a server token, a certificate or a settings file is
 * a few kilobytes. A CSV of serials passes its own, larger limit.
 */
export const inputFileMaxBytes = mebibyte;

const failureOf = (error: unknown, path: string, what: string, cwd: string): CliError => {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT')
    return new CliError('FILE_NOT_FOUND', `${what} ${path} does not exist: check the path (relative to ${cwd}).`, { path });
  if (code === 'EISDIR')
    return new CliError('FILE_NOT_FOUND', `${what} ${path} is a directory, not a file: give the file's path.`, { path });
  return new CliError('FILE_UNREADABLE', `${what} ${path} cannot be read (${String(code ?? error)}): check its permissions.`, { path });
};

const tooLarge = (path: string, what: string, maxBytes: number): CliError =>
  new CliError('FILE_TOO_LARGE', `${what} ${path} is larger than ${maxBytes} bytes, far more than such a file holds: check the path.`, {
    path,
    maxBytes,
  });

/**
 * Reads a file the user named, at most `maxBytes` of it; a missing, unreadable or oversized one is
 * one clear line, not a stack (and a file that grows while read is not read past the limit).
 */
export const readInputFile = (cwd: string, path: string, what: string, maxBytes: number = inputFileMaxBytes): Buffer => {
  const absolute = resolve(cwd, path);
  let descriptor: number;
  try {
    descriptor = openSync(absolute, 'r');
  } catch (error) {
    throw failureOf(error, path, what, cwd);
  }
  try {
    const stats = fstatSync(descriptor);
    if (stats.isDirectory()) throw failureOf({ code: 'EISDIR' }, path, what, cwd);
    if (stats.size > maxBytes) throw tooLarge(path, what, maxBytes);
    // One byte more than the file holds: reading it means the file grew while read.
    const buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(descriptor, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > stats.size) {
      throw new CliError('FILE_UNREADABLE', `${what} ${path} changed while it was read: try again once it is written.`, { path });
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw failureOf(error, path, what, cwd);
  } finally {
    closeSync(descriptor);
  }
};
