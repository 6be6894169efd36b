import { formatMs, formatRate, type Sample } from '../measure';
import { speedRatio, type Row } from '../row';

export const value = (row: Row, sample: Sample): string =>
  row.kind === 'rate' ? `${formatRate(sample.median).replace('/s', '')} ${row.unit}` : formatMs(sample.median);

export const spread = (row: Row, sample: Sample): string =>
  row.kind === 'rate'
    ? `${formatRate(sample.min).replace('/s', '')}–${formatRate(sample.max).replace('/s', '')}`
    : `${formatMs(sample.min)}–${formatMs(sample.max)}`;

export const ratio = (row: Row, other: Sample | undefined): string => {
  const r = speedRatio(row, other);
  return r === undefined ? '—' : r.toFixed(2);
};

export const goalMark = (row: Row): string =>
  row.goal === undefined ? '' : `${row.goal} ${row.met === true ? '(met)' : row.met === false ? '(missed)' : ''}`.trim();

/** One line per row for the terminal: `<workload>: <median> (<spread>, n runs) | limit … | ratio … | peer … | ratio …`. */
export const consoleLine = (row: Row): string =>
  [
    `${row.workload}: ${value(row, row.depledger)} (spread ${spread(row, row.depledger)}, ${row.depledger.runs} runs)${row.peakRssMb === undefined ? '' : `, peak RSS ${row.peakRssMb.toFixed(0)} MB`}`,
    row.limit ? `limit ${value(row, row.limit.sample)} (${row.limit.label}) | ratio ${ratio(row, row.limit.sample)}` : 'limit —',
    row.peer ? `peer ${value(row, row.peer.sample)} (${row.peer.label}) | ratio ${ratio(row, row.peer.sample)}` : 'peer —',
    goalMark(row) || 'no goal',
  ].join(' | ');
