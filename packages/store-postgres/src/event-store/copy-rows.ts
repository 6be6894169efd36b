import type { EncodedWrites } from './encode-events';

/** Where each write's events start: the log's head and, per write, the revision of its stream's last event (-1 for none). */
export type AppendStart = Readonly<{ head: number; revisions: readonly number[] }>;

/** About this many characters of rows per COPY message: the server stores one while the next is made. */
const chunkCharacters = 64 * 1024;

const special = /[\\\n\r\t]/;
const specials = /[\\\n\r\t]/g;
const escapes: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A text field as COPY's text format reads it: backslash, newline, carriage return and tab escaped. */
export const copyField = (text: string): string => (special.test(text) ? text.replace(specials, (c) => escapes[c]!) : text);

/** JSON text as a COPY field: JSON.stringify escapes every control character, so only backslashes are left to double. */
const copyJson = (json: string): string => (json.includes('\\') ? json.replace(/\\/g, '\\\\') : json);

/**
 * The events of one call as rows of `events (position, stream_name, revision, event_id, type, data,
 * metadata)` in COPY's text format, in chunks: positions follow the head in call order, each
 * write's revisions follow its stream's last one.
 */
export function* copyRows(encoded: EncodedWrites, start: AppendStart): Generator<Buffer> {
  let text = '';
  let position = start.head;
  let event = 0;
  for (let w = 0; w < encoded.streams.length; w++) {
    const stream = copyField(encoded.streams[w]!);
    let revision = start.revisions[w]!;
    for (const end = event + encoded.counts[w]!; event < end; event++) {
      position += 1;
      revision += 1;
      text += `${position}\t${stream}\t${revision}\t${copyField(encoded.ids[event]!)}\t${copyField(encoded.types[event]!)}\t${copyJson(encoded.data[event]!)}\t${copyJson(encoded.metadata[event]!)}\n`;
      if (text.length >= chunkCharacters) {
        yield Buffer.from(text);
        text = '';
      }
    }
  }
  if (text.length > 0) yield Buffer.from(text);
}
