import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errorCatalogue, errorCodes, type ErrorCodeEntry } from '@depledger/core';

/**
 * docs/errors.md is generated from core's error catalogue. This test renders it again, in memory,
 * from the sources, and fails when the committed page says something else; it also checks that
 * each code is thrown where the catalogue says, and that no code is built at run time.
 * Fix: `pnpm build && node scripts/generate-error-catalogue.mjs`, then commit docs/errors.md.
 */
const root = join(__dirname, '..');
const page = join(root, 'docs', 'errors.md');
const fix = 'docs/errors.md is out of date: run `pnpm build && node scripts/generate-error-catalogue.mjs` and commit it.';

const { renderErrorCatalogue } = require('../scripts/error-catalogue.cjs') as {
  renderErrorCatalogue: (input: { errorCatalogue: Readonly<Record<string, ErrorCodeEntry>> }) => string;
};

/** Every non-test TypeScript source of a package, as one text. */
const sourcesOf = (pkg: string): string => {
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) texts.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(root, 'packages', pkg, 'src'));
  return texts.join('\n');
};

describe('docs/errors.md', () => {
  const expected = renderErrorCatalogue({ errorCatalogue });

  it('is what the catalogue says today', () => {
    const committed = readFileSync(page, 'utf8');
    if (committed !== expected) {
      const a = committed.split('\n');
      const b = expected.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(`${fix}\nFirst difference at line ${line + 1}:\n  committed: ${a[line]}\n  expected:  ${b[line]}`);
    }
  });

  it('has a row for every code, with its exit code and HTTP status', () => {
    for (const code of errorCodes) {
      const { exitCode, httpStatus } = errorCatalogue[code];
      expect(expected).toContain(`| \`${code}\` |`);
      expect(expected).toMatch(new RegExp(`\\| \`${code}\` \\| [^\\n]* \\| ${exitCode} \\| ${httpStatus} \\|`));
    }
  });

  it('changes when the catalogue changes (the check can fail)', () => {
    const drifted = renderErrorCatalogue({
      errorCatalogue: { ...errorCatalogue, ADDED_FOR_THE_TEST: { meaning: 'Added.', exitCode: 1, httpStatus: 500, thrownBy: ['core'] } },
    });
    expect(drifted).not.toEqual(expected);
    expect(drifted).toContain('| `ADDED_FOR_THE_TEST` | Added. | 1 | 500 | core |');
  });

  it('is what the generator script writes from the built packages', () => {
    const out = execFileSync(process.execPath, [join(root, 'scripts', 'generate-error-catalogue.mjs'), '--stdout'], { encoding: 'utf8' });
    // The script reads packages/core/dist: a difference here means the build is older than the sources.
    if (out !== expected)
      throw new Error(
        'The generator, run on the built @depledger/core, disagrees with the sources: run `pnpm build`, then this test again.',
      );
  }, 30_000);
});

describe('the error catalogue', () => {
  it('names each code in the sources of every package said to throw it (no stale entry)', () => {
    const sources = new Map<string, string>();
    const missing: string[] = [];
    for (const code of errorCodes) {
      for (const pkg of errorCatalogue[code].thrownBy) {
        if (!sources.has(pkg)) sources.set(pkg, sourcesOf(pkg));
        if (!sources.get(pkg)!.includes(`'${code}'`)) missing.push(`${code} (${pkg})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('holds no code built at run time: no error is constructed with a template literal for its code', () => {
    const built: string[] = [];
    for (const pkg of readdirSync(join(root, 'packages'))) {
      const text = sourcesOf(pkg);
      for (const match of text.matchAll(/(?:Error|Violation|super)\(\s*`[A-Z][A-Z0-9_]*\$\{[^`]*`/g)) built.push(`${pkg}: ${match[0]}`);
    }
    expect(built).toEqual([]);
  });

  it('gives every code an HTTP error status, and bad input (exit 2) a 4xx one', () => {
    for (const code of errorCodes) {
      const { exitCode, httpStatus, meaning } = errorCatalogue[code];
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(meaning).toMatch(/[.)]$/);
      expect(httpStatus >= 400 && httpStatus <= 599).toBe(true);
      if (exitCode === 2) expect([code, httpStatus >= 400 && httpStatus < 500]).toEqual([code, true]);
    }
  });
});
