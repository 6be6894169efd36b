import { createHmac, randomBytes } from 'node:crypto';

/** What a cursor stands for. Fetch cursors point into a snapshot; both carry a change-log position. */
export interface CursorState {
  readonly kind: 'fetch' | 'sync';
  readonly serverNumber: number;
  /** Fetch only: the snapshot and how far into it the client has read. */
  readonly snapshotId: number;
  readonly offset: number;
  /** Change-log position the next sync continues after. */
  readonly seq: number;
  readonly issuedMs: number;
  /** A fetch cursor that came with `more_to_follow: false` (or any sync cursor's "no more"). */
  readonly final: boolean;
}

/**
 * Issues and reads opaque cursors. Apple style: base64 of the state plus a MAC, so the simulator
 * keeps no per-cursor memory and a made-up cursor is recognised as invalid. depsim style: base64 of
 * `<unix-seconds>-<0|1>`, which cannot carry state, so those are remembered (the newest 10 000).
 */
export interface CursorBook {
  issue(state: CursorState, depsimStyle: boolean): string;
  read(cursor: string): CursorState | undefined;
}

const kinds = { f: 'fetch', s: 'sync' } as const;

export function createCursorBook(): CursorBook {
  const secret = randomBytes(16);
  const depsimCursors = new Map<string, CursorState>();
  let counter = 0;
  let lastDepsimSeconds = 0;
  const mac = (payload: string): string => createHmac('sha256', secret).update(payload).digest('hex').slice(0, 16);

  return {
    issue(state, depsimStyle) {
      if (depsimStyle) {
        lastDepsimSeconds = Math.max(Math.floor(state.issuedMs / 1000), lastDepsimSeconds + 1);
        const cursor = Buffer.from(`${lastDepsimSeconds}-${state.final ? 0 : 1}`).toString('base64');
        depsimCursors.set(cursor, state);
        if (depsimCursors.size > 10_000) {
          const oldest = depsimCursors.keys().next().value;
          if (oldest !== undefined) depsimCursors.delete(oldest);
        }
        return cursor;
      }
      counter = (counter + 1) % 1_000_000;
      const payload = [
        state.serverNumber,
        state.kind === 'fetch' ? 'f' : 's',
        state.snapshotId,
        state.offset,
        state.seq,
        state.issuedMs,
        state.final ? 1 : 0,
        counter,
      ].join(':');
      return Buffer.from(`${payload}:${mac(payload)}`).toString('base64');
    },
    read(cursor) {
      const remembered = depsimCursors.get(cursor);
      if (remembered !== undefined) return remembered;
      const text = Buffer.from(cursor, 'base64').toString('latin1');
      const cut = text.lastIndexOf(':');
      if (cut < 0) return undefined;
      const payload = text.slice(0, cut);
      if (mac(payload) !== text.slice(cut + 1)) return undefined;
      const [server, kind, snapshot, offset, seq, issued, final] = payload.split(':');
      if (kind !== 'f' && kind !== 's') return undefined;
      return {
        kind: kinds[kind],
        serverNumber: Number(server),
        snapshotId: Number(snapshot),
        offset: Number(offset),
        seq: Number(seq),
        issuedMs: Number(issued),
        final: final === '1',
      };
    },
  };
}
