import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the OS temp dir for one test, and the way to remove it. */
export const tempDirectory = (label: string): { path: string; file(name: string): string; remove(): void } => {
  const path = mkdtempSync(join(tmpdir(), `depledger-${label}-`));
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) };
};
