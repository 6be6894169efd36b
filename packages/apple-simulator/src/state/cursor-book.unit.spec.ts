import { createCursorBook, type CursorState } from './cursor-book';

const state: CursorState = {
  kind: 'fetch',
  serverNumber: 2,
  snapshotId: 5,
  offset: 300,
  seq: 42,
  issuedMs: 1_700_000_000_000,
  final: false,
};

describe('cursor book', () => {
  it('reads back what it issued, and every cursor is new', () => {
    const book = createCursorBook();
    const a = book.issue(state, false);
    const b = book.issue(state, false);
    expect(a).not.toBe(b);
    expect(book.read(a)).toEqual(state);
    expect(book.read(b)).toEqual(state);
  });

  it('does not accept a tampered cursor or one from another simulator', () => {
    const book = createCursorBook();
    const cursor = book.issue(state, false);
    const text = Buffer.from(cursor, 'base64').toString();
    const tampered = Buffer.from(text.replace(':300:', ':900:')).toString('base64');
    expect(book.read(tampered)).toBeUndefined();
    expect(createCursorBook().read(cursor)).toBeUndefined();
  });

  it('remembers depsim-style cursors, unique per issue even within one second', () => {
    const book = createCursorBook();
    const a = book.issue(state, true);
    const b = book.issue({ ...state, final: true }, true);
    expect(Buffer.from(a, 'base64').toString()).toBe('1700000000-1');
    expect(Buffer.from(b, 'base64').toString()).toBe('1700000001-0');
    expect(book.read(b)).toEqual({ ...state, final: true });
  });
});
