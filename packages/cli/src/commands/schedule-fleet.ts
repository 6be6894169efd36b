import {
  createFleetScheduler,
  type Depledger,
  type FleetEntry,
  type FleetOutcome,
  type FleetSchedulerOptions,
  type TenantId,
} from '@depledger/core';
import type { Lang } from '@depledger/projections';
import { exitCodes, type ExitCode } from '../errors/exit-codes';
import { formatDate, formatFromNow } from '../output/dates';
import type { Output } from '../output/output';
import { table } from '../output/table';
import type { CliIo } from '../runtime/cli-io';
import type { GlobalOptions } from '../runtime/global-options';
import type { FleetSettings } from './fleet-options';
import { untilStopped } from '../runtime/until-stopped';
import { describeOutcome, exitCodeOf, outcomeJson } from './scheduled-outcome';

export type FleetRun = Readonly<{
  mode: 'plan' | 'once' | 'loop';
  /** With the store as opened, so every tenant's tokens are looked up in one read. */
  fleet: FleetSettings & Pick<FleetSchedulerOptions, 'store'>;
  /** Seconds between looks at the queue, at most. */
  every: number;
  globals: GlobalOptions;
  io: CliIo;
  out: Output;
}>;

const describeQueue = (entries: readonly FleetEntry[], now: Date, lang: Lang, out: Output): string[] =>
  entries.length === 0
    ? [out.t('cli.fleet.noToken')]
    : table(entries, [
        { header: out.t('cli.col.tenant'), value: (e) => e.tenant },
        { header: out.t('cli.col.token'), value: (e) => e.tokenId },
        { header: out.t('cli.col.dueAt'), value: (e) => `${formatDate(e.dueAt)} (${formatFromNow(e.dueAt, now, lang)})` },
        {
          header: out.t('cli.col.takenAt'),
          value: (e) => (e.rank === 0 ? '=' : `${formatDate(e.takenAt)} (${formatFromNow(e.takenAt, now, lang)})`),
        },
      ]);

/**
 * `depledger schedule --all-tenants`: one fleet scheduler over every tenant of the store that is not
 * forgotten (`tenants.active()`, looked up again at each discovery), from the operator's depledger.
 */
export const scheduleFleet = async (operator: Depledger, run: FleetRun): Promise<ExitCode> => {
  const { globals, io, out } = run;
  const now = () => operator.clock.now();
  const depledgers = new Map<TenantId, Depledger>();
  const depledgerOf = (tenant: TenantId): Depledger => {
    let depledger = depledgers.get(tenant);
    if (depledger === undefined) {
      depledger = operator.forTenant(tenant);
      depledgers.set(tenant, depledger);
    }
    return depledger;
  };
  const describe = (outcome: FleetOutcome) => describeOutcome(outcome, operator.policy, globals.lang, now());
  const fleet = createFleetScheduler({
    ...run.fleet,
    tenants: () => operator.tenants.active(),
    depledgerOf,
    clock: operator.clock,
    checkEveryMs: run.every * 1000,
    ...(run.mode === 'loop'
      ? {
          onOutcome: (outcome: FleetOutcome) => {
            if (globals.json) io.stdout(`${JSON.stringify(outcomeJson(outcome))}\n`);
            else for (const line of describe(outcome)) io.stdout(`${line}\n`);
          },
        }
      : {}),
  });
  if (run.mode === 'plan') {
    const entries = await fleet.plan();
    out.result(() => describeQueue(entries, now(), globals.lang, out), entries);
    return exitCodes.ok;
  }
  if (run.mode === 'once') {
    const outcomes = await fleet.runDue();
    out.result(() => (outcomes.length === 0 ? [out.t('cli.schedule.nothingDue')] : outcomes.flatMap(describe)), outcomes.map(outcomeJson));
    return exitCodeOf(outcomes);
  }
  const node = run.fleet.node ?? { index: 0, count: 1 };
  out.note(
    out.t('cli.fleet.looping', {
      node: node.index + 1,
      count: node.count,
      concurrency: run.fleet.concurrency ?? 8,
      perTenant: run.fleet.perTenant ?? 2,
      every: run.every,
    }),
  );
  const stopped = untilStopped();
  fleet.start();
  await stopped;
  await fleet.stop({ cancelRunning: true });
  out.note(out.t('cli.stopped'));
  return exitCodes.ok;
};
