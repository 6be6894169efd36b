// The pieces of SQL the append functions share (append_events of schema version 1, append_events_v2
// of version 4), each a function of the quoted schema name. They are written out into each step's
// SQL, so a step's text is what it always was: changing a piece changes every released step using
// it — schema-steps.unit.spec.ts holds each step's fingerprint to catch that.

/** The columns every append function returns: per write, its next revision, last position and count appended. */
export const appendResult = 'RETURNS TABLE (write_index integer, next_revision integer, last_position bigint, appended integer)';

/** Takes the append lock, held until the append commits: appends commit one at a time, in position order. */
export const takeAppendLock = (s: string): string => `PERFORM 1 FROM ${s}.append_lock FOR UPDATE;`;
/** The last position stored (0 for none), read under the append lock. */
export const readHead = (s: string): string => `SELECT coalesce(max(e.position), 0) INTO v_head FROM ${s}.events e;`;

/** Each stream's head (revision and position of its last event), joined per write `w.i` as `h`. */
export const streamHeadJoin = (s: string): string => `LEFT JOIN LATERAL (
          SELECT e.revision, e.position FROM ${s}.events e WHERE e.stream_name = p_streams[w.i] ORDER BY e.revision DESC LIMIT 1
        ) h ON true`;

/** Per write: how many events it brings (`total`), and how many of them are not stored yet (`fresh`). */
export const countFreshEvents = (s: string): string => `WITH counts AS (
          SELECT n.w, count(*) AS total,
                 count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM ${s}.events e WHERE e.event_id = n.event_id)) AS fresh
          FROM unnest(p_stream_of, p_ids) AS n(w, event_id) GROUP BY n.w
        )`;

/** Whether write i's expected revision holds against the stream's current revision. */
export const expectationHolds = `p_expected[i] = 'any'
            OR (p_expected[i] = 'no_stream' AND v_revisions[i] = -1)
            OR (p_expected[i] = 'stream_exists' AND v_revisions[i] >= 0)
            OR (p_expected[i] ~ '^-?[0-9]+$' AND p_expected[i]::bigint = v_revisions[i])`;

/**
 * The careful check, write by write: a write whose events are all stored succeeds whatever it
 * expected; otherwise its expectation must hold, or SQLSTATE DL409 names the stream. Adds up the
 * positions the fresh events will take.
 */
export const checkWritesCarefully = (writes: string): string => `FOR i IN 1 .. ${writes} LOOP
          IF NOT (
            (v_totals[i] > 0 AND v_fresh[i] = 0)
            OR ${expectationHolds}
          ) THEN
            RAISE EXCEPTION USING
              ERRCODE = 'DL409',
              MESSAGE = 'expected revision does not hold',
              DETAIL = json_build_object('streamName', p_streams[i], 'expected', p_expected[i], 'actual', v_revisions[i])::text;
          END IF;
          v_running := v_running + v_fresh[i];
          v_last := v_last || CASE WHEN v_fresh[i] = 0 THEN v_positions[i] ELSE v_head + v_running END;
        END LOOP;`;

/** How the events of a call are read as rows `n(w, event_id, type, data, metadata, ord)`. */
export type EventRows = Readonly<{ from: string; data: string; metadata: string }>;

/** Inserts the events not stored yet, in order after the head, and notifies listeners of the new head. */
export const insertFreshEvents = (
  s: string,
  rows: EventRows,
): string => `INSERT INTO ${s}.events (position, stream_name, revision, event_id, type, data, metadata)
          SELECT v_head + row_number() OVER (ORDER BY n.w, n.ord),
                 p_streams[n.w],
                 v_revisions[n.w] + row_number() OVER (PARTITION BY n.w ORDER BY n.ord),
                 n.event_id, n.type, ${rows.data}, ${rows.metadata}
          FROM ${rows.from}
          WHERE NOT EXISTS (SELECT 1 FROM ${s}.events e WHERE e.event_id = n.event_id);
        GET DIAGNOSTICS v_written = ROW_COUNT;
        IF v_written > 0 THEN
          PERFORM pg_notify(p_channel, (v_head + v_written)::text);
        END IF;

        RETURN QUERY
          SELECT w.i, v_revisions[w.i] + v_fresh[w.i], v_last[w.i], v_fresh[w.i]
          FROM generate_subscripts(p_streams, 1) AS w(i) ORDER BY w.i;`;
