/**
 * The read-ahead worker, run with `new Worker(source, { eval: true })` so that it needs no file of
 * its own next to the compiled code (the same source runs from dist/, under a test runner and
 * bundled). It opens its own read-only connection to the file and, for the one session it is asked
 * to serve, reads pages of the global log one after another — each with `pageTextSql`, so a page
 * crosses threads as one transferred buffer rather than thousands of cloned strings — as long as the
 * main thread has credit left (pages it has not consumed yet). One page per turn of its event loop,
 * so a new session, an ack or a stop is heard between pages.
 *
 * Messages in:  { kind: 'start', session, after, limit, prefixes, sql, credit } | { kind: 'ack', session } | { kind: 'stop' }
 * Messages out: { kind: 'page', session, after, count, last, valid, text } | { kind: 'failed', session, message }
 * workerData:   { betterSqlite3, file, busyTimeoutMs }
 */
export const readAheadWorkerSource = String.raw`'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
let connection = null;
const statements = new Map();
let session = null;
let scheduled = false;

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
    const [count, last, valid, text] = statementFor(current.sql).get(current.after, ...current.prefixes, current.limit);
    const bytes = count > 0 ? ownBytes(text) : null;
    parentPort.postMessage(
      { kind: 'page', session: current.id, after: current.after, count, last: count > 0 ? last : current.after, valid: valid === 1, text: bytes },
      bytes === null ? [] : [bytes],
    );
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
