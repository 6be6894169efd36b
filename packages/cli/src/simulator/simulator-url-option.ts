import type { Command } from 'commander';

/** `--simulator-url` on every command that talks to a running simulator. */
export const withSimulatorUrl = (command: Command): Command =>
  command.option('--simulator-url <url>', 'the running simulator (default: DEPLEDGER_SIMULATOR_URL or http://127.0.0.1:8080)');
