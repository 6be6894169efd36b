/**
 * The read-ahead worker, run with `new Worker(source, { eval: true })` so that it needs no file of
 * its own next to the compiled code (the same source runs from dist/, under a test runner and
 * bundled). It opens its own read-only connection to the file and, for the one session it is asked
 * to serve, reads pages of the global log one after another as long as the main thread has credit
 * left (pages it has not consumed yet). One page per turn of its event loop, so a new session, an
 * ack or a stop is heard between pages.
 *
 * A page crosses threads as a few transferred buffers of JSON text rather than thousands of cloned
 * strings: it is read in chunks with `pageTextSql`, each chunk's rows as one text of about 64 KiB
 * (the rows per chunk follow the last chunk's bytes per row). One text per page would be simpler,
 * but a string of several hundred KiB lands in V8's large-object space, and making one cost the
 * main thread about as much as parsing it; strings under 128 KiB do not.
 *
 * Messages in:  { kind: 'start', session, after, limit, prefixes, sql, credit } | { kind: 'ack', session } | { kind: 'stop' }
 * Messages out: { kind: 'page', session, after, count, last, valid, texts } | { kind: 'failed', session, message }
 * workerData:   { betterSqlite3, file, busyTimeoutMs }
 */
export const readAheadWorkerSource = String.raw`'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
let connection = null;
const statements = new Map();
let session = null;
let scheduled = false;
const chunkBytes = 65536;
let rowsPerChunk = 64;

const statementFor = (sql) => {
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = connection.prepare(sql).raw();
    statements.set(sql, statement);
  }
  return statement;
};

// a Buffer may be a view on a larger allocation: transfer exactly its bytes
const ownBytes = (buffer) =>
  buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength
    ? buffer.buffer
    : buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);

const readPage = () => {
  scheduled = false;
  const current = session;
  if (current === null || current.credit <= 0 || current.ended) return;
  try {
    connection ??= new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.busyTimeoutMs });
    const statement = statementFor(current.sql);
    const texts = [];
    let count = 0;
    let last = current.after;
    let valid = true;
    while (count < current.limit) {
      const wanted = Math.min(current.limit - count, rowsPerChunk);
      const [rows, chunkLast, chunkValid, text] = statement.get(last, ...current.prefixes, wanted);
      if (rows === 0) break;
      texts.push(ownBytes(text));
      count += rows;
      last = chunkLast;
      valid = valid && chunkValid === 1;
      rowsPerChunk = Math.max(1, Math.min(4096, Math.floor((chunkBytes * rows) / text.byteLength)));
      if (rows < wanted) break;
    }
    parentPort.postMessage({ kind: 'page', session: current.id, after: current.after, count, last, valid, texts }, texts);
    current.credit -= 1;
    if (count < current.limit) current.ended = true;
    else current.after = last;
  } catch (error) {
    session = null;
    parentPort.postMessage({ kind: 'failed', session: current.id, message: error instanceof Error ? error.message : String(error) });
    return;
  }
  schedule();
};

const schedule = () => {
  if (scheduled) return;
  scheduled = true;
  setImmediate(readPage);
};

parentPort.on('message', (message) => {
  if (message.kind === 'start') {
    session = { id: message.session, after: message.after, limit: message.limit, prefixes: message.prefixes, sql: message.sql, credit: message.credit, ended: false };
  } else if (message.kind === 'ack') {
    if (session !== null && session.id === message.session) session.credit += 1;
  } else if (message.kind === 'stop') {
    session = null;
  }
  schedule();
});
`;
