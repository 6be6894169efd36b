/** @jest-config-loader esbuild-register */
import { availableParallelism } from 'node:os';
import type { Config } from 'jest';

// One jest run for the whole workspace. Test files are transformed by swc (fast, no type-check);
// `pnpm typecheck` (the packages' build, then every spec through tsconfig.specs.json) is the type gate;
// .ci/run runs it beside the tests.
//
// Two projects, told apart by the file name alone:
// - `fast`: every `*.spec.ts` that is not `*.long.spec.ts` — `pnpm test`, the suite a change runs.
// - `long`: `*.long.spec.ts` — `pnpm test:long`, what is long by nature: 100 000-device syncs,
//   crash and kill loops, builds and installs under other Node versions.
// A heavy case is first made proportionate to what it proves; a file is named `*.long.spec.ts` only
// when what it proves needs the size or the time. .ci/run runs both projects (and both again on
// Node 24). `npx jest <path>` runs a file whichever project it belongs to.
// Both scripts pass --forceExit: when jest runs the files in its own process (a single file, or one
// worker), a handle a test leaves open would keep it waiting after the results are written (they are
// complete by then). The flag also ends --selectProjects' list, so `pnpm test <path>` runs that path.
const shared = {
  testEnvironment: 'node',
  // Timeouts guard against hangs, never against slowness: a test that takes 1 s alone may take many on
  // a busy 2-core machine. Heavy files set their own, larger limits.
  testTimeout: 120_000,
  roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/test'],
  transform: {
    '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: {
    // Inside the workspace, tests import each package's source through its public name.
    '^@depledger/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/packages/[^/]+/dist/'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
} satisfies Config;

const config: Config = {
  testTimeout: shared.testTimeout,
  // Two files at a time even on 2 cores (jest's default there is one, in its own process): most of a
  // file's time is spent waiting on child processes, HTTP, SQLite and PostgreSQL, which a second
  // file fills. Nothing in the suite may depend on running alone (scripts/test-under-load.sh).
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // The workspace is built once here; the end-to-end specs run what it builds.
  globalSetup: '<rootDir>/jest.global-setup.cjs',
  projects: [
    {
      ...shared,
      displayName: 'fast',
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '\\.long\\.spec\\.ts$'],
    },
    { ...shared, displayName: 'long', testMatch: ['**/*.long.spec.ts'] },
  ],
};

export default config;
