import type { Command } from 'commander';
import { messageLabel, type FleetSchedulerOptions } from '@depledger/core';
import { CliError } from '../errors/cli-error';

/** The fleet scheduler's options as given on the command line (schedule and serve, with --all-tenants). */
export type FleetFlags = Readonly<{ concurrency?: string; perTenant?: string; node?: string; standby?: string }>;

export type FleetSettings = Pick<FleetSchedulerOptions, 'concurrency' | 'perTenant' | 'node' | 'standbyMs'>;

const most = 10_000;
const longestStandbyMs = 24 * 3_600_000;

/**
 * PostgreSQL connections for a node working `concurrency` tokens at once, plus `more` for other work:
 * never fewer than the store's default (4); a run holds one only during a query, so more add nothing.
 */
export const poolFor = (fleet: FleetSettings, more: number): number => Math.max(4, (fleet.concurrency ?? 8) + more);

/** Declares --concurrency, --per-tenant, --node and --standby on a command (help texts in the catalogue). */
export const declareFleetOptions = (command: Command): Command =>
  command
    .option('--concurrency <n>', 'with --all-tenants: tokens worked on at once on this node (default 8)')
    .option('--per-tenant <n>', 'with --all-tenants: of those, at most this many of one organisation (default 2)')
    .option(
      '--node <n/count>',
      'with --all-tenants: this node among the nodes scheduling the same store, counting from 1 (e.g. 1/3; default 1/1)',
    )
    .option(
      '--standby <duration>',
      'with --all-tenants: how long the next node waits before taking a token its first node has not (e.g. 90s, 2m; default 2m)',
    );

const given = (flags: FleetFlags): string[] =>
  [
    flags.concurrency === undefined ? null : '--concurrency',
    flags.perTenant === undefined ? null : '--per-tenant',
    flags.node === undefined ? null : '--node',
    flags.standby === undefined ? null : '--standby',
  ].filter((flag): flag is string => flag !== null);

const count = (value: string, flag: string): number => {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > most)
    throw new CliError('INVALID_INPUT', messageLabel('cli.fleet.count', { flag, max: most, value: JSON.stringify(value) }));
  return n;
};

/** `1/3`: the first of three nodes (the library counts from 0). */
const nodeOf = (value: string): { index: number; count: number } => {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const place = match ? Number(match[1]) : Number.NaN;
  const of = match ? Number(match[2]) : Number.NaN;
  if (!match || !Number.isSafeInteger(of) || of < 1 || of > most || place < 1 || place > of)
    throw new CliError('INVALID_INPUT', messageLabel('cli.fleet.node', { value: JSON.stringify(value) }));
  return { index: place - 1, count: of };
};

const units: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `90s`, `2m`, `1h`, `500ms`; a bare number is seconds. */
const durationOf = (value: string): number => {
  const match = /^\s*(\d+)\s*(ms|s|m|h)?\s*$/.exec(value);
  const ms = match ? Number(match[1]) * (units[match[2] ?? 's'] ?? Number.NaN) : Number.NaN;
  if (!Number.isSafeInteger(ms) || ms > longestStandbyMs)
    throw new CliError('INVALID_INPUT', messageLabel('cli.fleet.standby', { value: JSON.stringify(value) }));
  return ms;
};

/**
 * The fleet options, checked before anything starts; given without --all-tenants, a usage error
 * (they would be ignored).
 * @throws CliError `INVALID_INPUT`
 */
export const fleetSettingsOf = (flags: FleetFlags, allTenants: boolean): FleetSettings => {
  const flagsGiven = given(flags);
  if (!allTenants && flagsGiven.length > 0)
    throw new CliError('INVALID_INPUT', messageLabel('cli.fleet.needsAllTenants', { flags: flagsGiven.join(', ') }));
  return {
    ...(flags.concurrency === undefined ? {} : { concurrency: count(flags.concurrency, '--concurrency') }),
    ...(flags.perTenant === undefined ? {} : { perTenant: count(flags.perTenant, '--per-tenant') }),
    ...(flags.node === undefined ? {} : { node: nodeOf(flags.node) }),
    ...(flags.standby === undefined ? {} : { standbyMs: durationOf(flags.standby) }),
  };
};
