/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// One jest run for the whole workspace. Test files are transformed by swc (fast, no type-check);
// `pnpm typecheck` (the packages' build, then every spec through tsconfig.specs.json) is the type gate;
// .ci/run runs it beside the tests.
const config: Config = {
  testEnvironment: 'node',
  // Timeouts guard against hangs, never against slowness: a test that takes 1 s alone may take many on
  // a busy 2-core machine. Heavy files set their own, larger limits.
  testTimeout: 120_000,
  roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: {
    // Inside the workspace, tests import each package's source through its public name.
    '^@depledger/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/packages/[^/]+/dist/'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

export default config;
