import {
  appendResult,
  checkWritesCarefully,
  countFreshEvents,
  expectationHolds,
  insertFreshEvents,
  readHead,
  streamHeadJoin,
  takeAppendLock,
} from './append-sql';

/**
 * The schema, one entry per version, each a function of the quoted schema name. A schema's version
 * is kept in its `schema_version` table; opening applies every later entry in order, in one
 * transaction. Never edit a released entry: add one.
 */
export type SchemaStep = Readonly<{ version: number; description: string; sql: (schema: string) => string }>;

export const schemaSteps: readonly SchemaStep[] = [
  {
    version: 1,
    description: 'events in global order with per-stream revisions, appended by one function; the append lock',
    sql: (s) => `
      CREATE TABLE ${s}.events (
        position    bigint  PRIMARY KEY,
        stream_name text    NOT NULL,
        revision    integer NOT NULL CHECK (revision >= 0),
        event_id    text    NOT NULL,
        type        text    NOT NULL,
        data        json    NOT NULL,
        metadata    json    NOT NULL
      );
      CREATE UNIQUE INDEX events_stream_revision ON ${s}.events (stream_name, revision);
      CREATE UNIQUE INDEX events_event_id ON ${s}.events (event_id);

      -- One row. Every append locks it first (FOR UPDATE) and holds it until it commits, so positions
      -- are handed out in commit order: a reader never sees a position while a smaller one is in flight.
      CREATE TABLE ${s}.append_lock (one boolean PRIMARY KEY DEFAULT true CHECK (one));
      INSERT INTO ${s}.append_lock VALUES (true);

      -- Appends batches to several streams (p_stream_of: which write of p_streams each event belongs
      -- to, 1-based), all or nothing, in one round trip. Idempotent by event id: events whose id is
      -- stored are skipped; a write whose events are all stored succeeds whatever it expected;
      -- otherwise each write's expected revision ('any', 'no_stream', 'stream_exists' or a number)
      -- must hold, or nothing is written and SQLSTATE DL409 names the stream.
      CREATE FUNCTION ${s}.append_events(
        p_streams text[], p_expected text[], p_stream_of integer[], p_ids text[], p_types text[], p_data text[], p_metadata text[], p_channel text
      ) ${appendResult}
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_head bigint;
        v_revisions integer[];
        v_positions bigint[];
        v_totals integer[];
        v_fresh integer[];
        v_written bigint;
        v_running bigint := 0;
        v_last bigint[] := '{}';
        i integer;
      BEGIN
        ${takeAppendLock(s)}
        -- From here on every statement sees every append committed before ours (READ COMMITTED takes
        -- a fresh snapshot per statement), and no other append can commit until we do.
        ${readHead(s)}

        ${countFreshEvents(s)}
        SELECT array_agg(coalesce(h.revision, -1) ORDER BY w.i), array_agg(coalesce(h.position, 0) ORDER BY w.i),
               array_agg(coalesce(c.total, 0) ORDER BY w.i), array_agg(coalesce(c.fresh, 0) ORDER BY w.i)
          INTO v_revisions, v_positions, v_totals, v_fresh
        FROM generate_subscripts(p_streams, 1) AS w(i)
        LEFT JOIN counts c ON c.w = w.i
        ${streamHeadJoin(s)};

        ${checkWritesCarefully('coalesce(array_length(p_streams, 1), 0)')}

        ${insertFreshEvents(s, {
          from: 'unnest(p_stream_of, p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS n(w, event_id, type, data, metadata, ord)',
          data: 'n.data::json',
          metadata: 'n.metadata::json',
        })}
      END
      $fn$;
    `,
  },
  {
    version: 2,
    description: 'read models of the projections: versions with their checkpoint, documents by key (byte order)',
    sql: (s) => `
      CREATE TABLE ${s}.read_model_names (
        name         text    PRIMARY KEY,
        last_version integer NOT NULL CHECK (last_version >= 1)
      );
      CREATE TABLE ${s}.read_model_versions (
        name               text    NOT NULL,
        version            integer NOT NULL CHECK (version >= 1),
        projection_version integer NOT NULL,
        live               boolean NOT NULL DEFAULT false,
        checkpoint         bigint  NOT NULL DEFAULT 0 CHECK (checkpoint >= 0),
        PRIMARY KEY (name, version)
      );
      CREATE UNIQUE INDEX read_model_versions_live ON ${s}.read_model_versions (name) WHERE live;
      CREATE TABLE ${s}.read_model_documents (
        name    text    NOT NULL,
        version integer NOT NULL,
        key     text    COLLATE "C" NOT NULL,
        doc     json    NOT NULL,
        PRIMARY KEY (name, version, key)
      );
    `,
  },
  {
    version: 3,
    description: 'the vault: values encrypted outside the database key, tombstones once forgotten; the key fingerprint',
    sql: (s) => `
      CREATE TABLE ${s}.vault_entries (
        ref          text        PRIMARY KEY,
        kind         text        NOT NULL,
        nonce        bytea,
        ciphertext   bytea,
        auth_tag     bytea,
        created_at   timestamptz NOT NULL,
        forgotten_at timestamptz
      );
      CREATE TABLE ${s}.vault_settings (
        name  text  PRIMARY KEY,
        value bytea NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: 'append_events_v2: event data and metadata as two JSON arrays, and a fast path without per-event id lookups',
    sql: (s) => `
      -- As append_events (kept for nodes of the previous version during an upgrade), with two changes
      -- measured in packages/bench: data and metadata come as one JSON array each (a driver encodes
      -- a text[] of JSON by escaping every quote; the server parses the array once either way), and
      -- p_counts gives each write's number of events. The usual call, whose events are all new, checks
      -- the expected revisions against the streams' heads and inserts without looking each id up: the
      -- unique index on event_id refuses a stored id, and then the careful path of append_events runs
      -- (ids looked up, stored events skipped, a write wholly stored succeeding whatever it expected).
      CREATE FUNCTION ${s}.append_events_v2(
        p_streams text[], p_expected text[], p_counts integer[], p_stream_of integer[], p_ids text[], p_types text[],
        p_data json, p_metadata json, p_channel text
      ) ${appendResult}
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_head bigint;
        v_revisions integer[];
        v_positions bigint[];
        v_totals integer[];
        v_fresh integer[];
        v_first integer[] := '{}';
        v_written bigint;
        v_running bigint := 0;
        v_last bigint[] := '{}';
        v_fast boolean := true;
        v_writes integer := coalesce(array_length(p_streams, 1), 0);
        i integer;
      BEGIN
        ${takeAppendLock(s)}
        ${readHead(s)}
        SELECT array_agg(coalesce(h.revision, -1) ORDER BY w.i), array_agg(coalesce(h.position, 0) ORDER BY w.i)
          INTO v_revisions, v_positions
        FROM generate_subscripts(p_streams, 1) AS w(i)
        ${streamHeadJoin(s)};

        -- the fast path: every expectation holds as if all events were new
        FOR i IN 1 .. v_writes LOOP
          IF NOT (
            ${expectationHolds}
          ) THEN
            v_fast := false;
            EXIT;
          END IF;
          v_first := v_first || (v_running + 1)::integer;
          v_running := v_running + p_counts[i];
          v_last := v_last || CASE WHEN p_counts[i] = 0 THEN v_positions[i] ELSE v_head + v_running END;
        END LOOP;
        IF v_fast THEN
          BEGIN
            INSERT INTO ${s}.events (position, stream_name, revision, event_id, type, data, metadata)
              SELECT v_head + n.ord, p_streams[n.w], v_revisions[n.w] + (n.ord - v_first[n.w] + 1)::integer, n.event_id, n.type, n.data, n.metadata
              FROM ROWS FROM (unnest(p_stream_of), unnest(p_ids), unnest(p_types), json_array_elements(p_data), json_array_elements(p_metadata))
                WITH ORDINALITY AS n(w, event_id, type, data, metadata, ord);
            IF v_running > 0 THEN
              PERFORM pg_notify(p_channel, (v_head + v_running)::text);
            END IF;
            RETURN QUERY
              SELECT w.i, v_revisions[w.i] + p_counts[w.i], v_last[w.i], p_counts[w.i]
              FROM generate_subscripts(p_streams, 1) AS w(i) ORDER BY w.i;
            RETURN;
          EXCEPTION WHEN unique_violation THEN
            -- an event of this call is stored already (a retried append): the careful path
          END;
        END IF;

        v_running := 0;
        v_last := '{}';
        ${countFreshEvents(s)}
        SELECT array_agg(coalesce(c.total, 0) ORDER BY w.i), array_agg(coalesce(c.fresh, 0) ORDER BY w.i)
          INTO v_totals, v_fresh
        FROM generate_subscripts(p_streams, 1) AS w(i)
        LEFT JOIN counts c ON c.w = w.i;

        ${checkWritesCarefully('v_writes')}

        ${insertFreshEvents(s, {
          from: 'ROWS FROM (unnest(p_stream_of), unnest(p_ids), unnest(p_types), json_array_elements(p_data), json_array_elements(p_metadata))\n            WITH ORDINALITY AS n(w, event_id, type, data, metadata, ord)',
          data: 'n.data',
          metadata: 'n.metadata',
        })}
      END
      $fn$;
    `,
  },
  {
    version: 5,
    description: 'the vault: the id of the key each entry is sealed under, so a key rotation is seen row by row',
    sql: (s) => `
      -- The first 8 bytes of the key's fingerprint (vault_settings.key_check); every entry written
      -- so far is sealed under the key that fingerprint names. A tombstone has none.
      ALTER TABLE ${s}.vault_entries ADD COLUMN key_id bytea;
      UPDATE ${s}.vault_entries
        SET key_id = (SELECT substring(value FROM 1 FOR 8) FROM ${s}.vault_settings WHERE name = 'key_check')
        WHERE ciphertext IS NOT NULL;
    `,
  },
  {
    version: 6,
    description: 'the vault: a key of its own for each named tenant (sealed under the vault key), under which its entries are sealed',
    sql: (s) => `
      -- The tenant whose key seals the entry (then key_id is null: the tenant key's row names the
      -- vault key); null for the default tenant's entries and those written before tenant keys.
      ALTER TABLE ${s}.vault_entries ADD COLUMN tenant text;
      CREATE INDEX vault_entries_tenant ON ${s}.vault_entries (tenant) WHERE tenant IS NOT NULL;

      -- A forgotten tenant keeps its row, without a key, so it cannot write again. own_pseudonyms:
      -- its people's references are HMACs under a key derived from its own key (false when the tenant
      -- had entries before tenant keys, whose references must stay the same).
      CREATE TABLE ${s}.vault_tenant_keys (
        tenant         text        PRIMARY KEY,
        wrapped_key    bytea,
        key_id         bytea,
        own_pseudonyms boolean     NOT NULL,
        created_at     timestamptz NOT NULL,
        forgotten_at   timestamptz,
        entries_erased integer
      );
    `,
  },
  {
    version: 7,
    description: "a named tenant's events in global order: its reads of the log walk its own events, not every tenant's",
    sql: (s) => `
      -- A tenant's stream names start with tenant-<id>~ (its device log, its tokens, everything it
      -- reads in global order): keyed by that part and the position, a tenant's read after a
      -- position walks only its own events. Partial: a store of one organisation pays nothing.
      CREATE INDEX events_tenant_position ON ${s}.events ((split_part(stream_name, '~', 1)), position)
        WHERE stream_name ^@ 'tenant-';
    `,
  },
];

export const latestSchemaVersion = schemaSteps.reduce((latest, step) => Math.max(latest, step.version), 0);
