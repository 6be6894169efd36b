/**
 * The `depledger` command, and what it is built on for tools that open the same store the same way.
 *
 * @packageDocumentation
 * @module @depledger/cli
 */

// Running the command from code (an MDM's own tooling, tests)
export { run } from './run';
export { createProgram, cliVersion } from './program';
export { processIo, type CliIo } from './runtime/cli-io';
export { exitCodes, type ExitCode } from './errors/exit-codes';
export { CliError } from './errors/cli-error';
export { describeError, reportError, type ReportedError } from './errors/report-error';

// What the command is built on, for tools that open the same store the same way
export { openContext, cliUserAgent, type CliContext, type OpenContextOptions } from './runtime/open-context';
export { parseStoreLocation, type StoreLocation } from './runtime/store-location';
export { projectReadModels, type ProjectedReadModels } from './runtime/read-models';
export { defaultStore, type GlobalOptions } from './runtime/global-options';

// The walk-through behind `pnpm demo`
export { runDemo, type DemoOptions } from './demo/run-demo';
