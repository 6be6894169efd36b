import type { Sample } from './measure';

/** One figure of the suite: depledger beside its limit (the bare loop) and its peer (Emmett), same run, same data. */
export type Row = Readonly<{
  /** Stable id, also what the quick test looks for. */
  id: string;
  workload: string;
  /** `rate`: items per second, higher is better; `ms`: milliseconds, lower is better. */
  kind: 'rate' | 'ms';
  unit: string;
  depledger: Sample;
  limit?: Readonly<{ label: string; sample: Sample }>;
  peer?: Readonly<{ label: string; sample: Sample }>;
  /** Peak RSS of the process that did the work, where memory matters. */
  peakRssMb?: number;
  goal?: string;
  /** Whether the goal was met in this run (undefined: no goal, or not decidable here). */
  met?: boolean;
  note?: string;
}>;

/** depledger's speed over the other's: > 1 means depledger is faster, whatever the unit. */
export const speedRatio = (row: Row, other: Sample | undefined): number | undefined => {
  if (other === undefined || other.median === 0 || row.depledger.median === 0) return undefined;
  return row.kind === 'rate' ? row.depledger.median / other.median : other.median / row.depledger.median;
};
