import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { StandInRecord } from './stand-in-log';

/** A `$all` filter as the client sends it: prefixes or a regular expression, on stream names or event types. */
export type RecordFilter = (record: StandInRecord) => boolean;

const everything: RecordFilter = () => true;

const matcher = (expression: ReadReq.Options.FilterOptions.Expression): ((value: string) => boolean) => {
  const prefixes = expression.getPrefixList();
  if (prefixes.length > 0) return (value) => prefixes.some((prefix) => value.startsWith(prefix));
  const regex = new RegExp(expression.getRegex());
  return (value) => regex.test(value);
};

export const recordFilterOf = (options: ReadReq.Options): RecordFilter => {
  if (!options.hasFilter()) return everything;
  const filter = options.getFilter() as ReadReq.Options.FilterOptions;
  if (filter.hasStreamIdentifier()) {
    const matches = matcher(filter.getStreamIdentifier() as ReadReq.Options.FilterOptions.Expression);
    return (record) => matches(record.streamName);
  }
  if (filter.hasEventType()) {
    const matches = matcher(filter.getEventType() as ReadReq.Options.FilterOptions.Expression);
    return (record) => matches(record.type);
  }
  return everything;
};
