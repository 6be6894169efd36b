/**
 * What the figures mean, what was missed and why — written from profiles (`node --cpu-prof`) of
 * this suite's workloads, kept beside the generator so the page is regenerated whole.
 */
export const analysis = `## What was fixed

- **A 1M-device sync with a default profile peaked at 1.75 GB of RSS** (issue 18; core
  \`detailsAsState\`, \`device/shared-strings.ts\`, the assigned-devices seed; \`--trace-gc\` and
  heap snapshots of 300k- and 1M-device runs). Three things the run kept live: every known device
  state's details were in V8's dictionary mode (a copy that gains more than twelve fields one by
  one leaves the fast mode: ~0.8 KB more per state, ~84 MB for the 100,000 states a run keeps);
  the release by absence's seed gathered every device's token and status into one array at the
  end of the fetch (live heap 92 → 373 MB at 1M, after which V8 let the heap grow to 1.5 GB); and
  each state held its own copy of strings that are the same from device to device (model, colour,
  profile UUID, dates, the assigned-by reference: ~40 of ~54 MB of strings). The details are now
  one object literal, the seed hands its serials over one by one (\`fieldValues\` visits rows
  instead of returning them) and the repeated strings come from a small bounded pool: 1M devices
  with a default profile 1,751 → 536 MB, without one 1,321 → 458 MB; 300k with a profile
  663 → 535 MB with the strings alone, in the same time.

- **The seed's path, once more** (issue 18, each found in a profile and measured A/B on one
  machine): a stream that did not exist yet cost SQLite ~17 µs to look up by name through a
  subquery, ~1 µs as two statements (store-sqlite \`statements.ts\`; 2.6 s → 0.2 s of CPU for the
  100k new devices of a full sync); spread copies of device details and views that then gained
  fields got a V8 hidden class each (core \`detailsAsState\`, projections' \`viewDevice\` and
  details changes: ~20 µs → ~2 µs a copy in a micro-benchmark, \`devices --json\` ~200 → ~125 MB of
  RSS); a rebuild committed every 50,000 events, so the seed's history (four events per device far
  apart) wrote each document eight times and looked each up again — it now holds up to 250,000
  documents and commits once (\`rebuildDocumentsHeld\`; ~10 s → ~6 s); a full sync's release by
  absence read the run's 400k device events back (~1.9 s) — it now starts from the device-status
  read model at its checkpoint (\`assignedDevices\`, \`assignedDevicesSeed\`, SQLite's
  \`fieldValues\`); SQLite's \`countBy\` parsed each document twice per field — one
  \`json_extract\` with every path parses it once (the GROUP BY over 100k documents: ~330 → ~245 ms).

- **The default-profile sync wrote random pages** (store-sqlite schema 6, core event ids; issue 18).
  Device streams are named by random serials, so each commit of a page of 1,000 devices touched
  about one page per device of the stream index, of the read-model documents (kept in key order)
  and, for Apple's facts (ids hashed from the fact), of the event-id index; the WAL received about
  26 page writes per device (\`strace -c\`: 2.6M \`pwrite64\` for 100k devices, 16 s of system
  time). A new file numbers streams as they are first appended to and finds events by
  \`(stream_id, revision)\`, keeps documents in rows numbered as first written (found through a key
  index), and an Apple fact's id leads with the fact's time (a version-8 UUID). Measured A/B in one
  hour on a slower machine than the rows': 62.5 s → 37.6 s (streams and documents) → 32.9 s (ids).
- **A fenced append was a savepoint** (store-sqlite, \`leases/sqlite-run-fence.ts\`). A sync run's
  appends carry its lease's fence; the store checked it in a transaction around the append, so the
  append's own transaction became a savepoint, and SQLite copied every page it changed to a
  statement journal on disk first (7 % of the sync's samples under \`perf\`). The check now runs
  first inside the append's own transaction; the lease tests are unchanged.
- **Apple's pages went through zod field by field** (apple, \`endpoints/device-page-reader.ts\`):
  2 GB allocated for the 200k records of a 100k-device default-profile sync (a sampling allocation
  profile), a fifth of the run's garbage. A plain reader matches \`devicePageSchema\` (a fast-check
  property holds the two together) and hands anything it is not sure of to the schema, which
  reports as before. With the fence change: ~35 s → ~29 s.
- **A page's device streams were read one by one** (core \`aggregateStreams\`, SQLite
  \`readStreamsInMemory\`): each read took and released SQLite's read lock on the file (about 7 µs
  of a 13 µs read on this machine); the page's streams are now read in one read transaction. And
  the device log's passes (release by absence, assignment waits) read a page of the log at a time
  through \`readAllPage\` (SQLite's read-ahead worker) with a synchronous visitor instead of several
  promises per event: ~29 s → ~26.5 s.

- **A sync run was quadratic in its pages** (core, \`sync-commands.ts\` and \`handleCommand\`'s new
  \`known\` option). Every page's \`RecordSyncPage\` re-read and decoded the token's whole Sync
  stream, which grows by one event per page: in a profile of the 100k-device sync, reading,
  decoding and folding that stream took about 6.5 s of 38 s, and at 1M devices (10,000 pages,
  about 50M event decodes) it would have dominated the run. A run now decides each Sync command on
  the state its previous one returned; the append still expects that revision, and a stale state
  (a conflict, a refusal or nothing decided) falls back to a fresh read. The 1M-device sync now
  takes about ten times the 100k one.

- **A sync asked Apple for pages of 100** (core, \`sync-engine.ts\`). The engine left the page
  size to Apple's default, so a 100k-device sync made 1,001 requests and 1,001 page transactions
  where 101 do. Each page's transaction rewrites the index pages its random serials and event ids
  touch, so SQLite wrote about 4 GB into its WAL for a 100k-device sync (\`/usr/bin/time -v\`),
  against about 1 GB for the same rows in pages of 1000 — which is why the store's appends looked
  three times slower inside the sync than alone. The engine now asks for Apple's maximum, 1000
  (never above what the account advertises): 15.6 s → 11.9 s for 100k devices in the same minute.

- **The 1M sync peaked above 400 MB of RSS** (core, \`serial-set.ts\`, \`assignment-waits.ts\`).
  Profiled (RSS polled every 20 ms from outside the process, \`--trace-gc\`, a marker at each read
  of the log): the peak fell in the full-log reads after the fetch (release by absence, then the
  assignment waits' first catch-up), with V8's heap at ~370 MB of which ~75–79 MB were live, ~50 MB
  of them the \`Set<string>\` of the fetch's serials. The rest was garbage of those reads (about a
  third of each young-generation cycle gets promoted), which V8 lets pile up to a few times the
  live size before a full collection: the live set, not the garbage, set the ceiling. The serials
  now live in typed arrays off the heap (~24 MB per million) and the two reads are one pass. With
  run-workload.js on a shared machine: 460 MB / 182 s before, 257 MB / 174 s after. The peak is
  still in that one read (heap ~140 MB with ~20 MB live, ~25 MB of serials, ~45 MB of other native
  memory, ~46 MB of mapped binary); the fetch itself stays at 160–230 MB.

- **The in-memory store's append was bound by its store-wide set of event ids** (core,
  \`in-memory-event-store.ts\`). At a million stored events, adding one id to a V8 \`Set\` of a
  million strings cost more than the rest of an append (one event per call: ~0.9M events/s with
  the set, ~2.2M without, in a harness on a quiet machine; a hand-rolled open-addressing table did
  no better). Ids are now checked within the stream appended to, as EventStoreDB does — which is
  all a retried append and depledger's ids (derived from the stream's name) need; a stream of 32
  events or more keeps a set of its own ids. SQLite still checks across the file (its unique
  index). 1M window: ~0.76M → ~2.0M events/s, at or above the 10k window.

- **SQLite appends** (store-sqlite): new files use 8 KiB pages (an event row is most of a
  kilobyte), \`appendToStreams\` tries the optimistic path first like a single-stream append (no id
  probe per event), and the WAL is checkpointed every 8192 pages instead of 1000, so a page that
  many transactions rewrite is copied into the file once. Batched append at 1M events ~140k →
  ~175k events/s; the 100k-device sync 11.6 s → 9.3 s in the same hour. The bench's bare loop
  uses the same page size, so the ratio compares like with like.

- **Projection catch-up and rebuild** (projections, store-sqlite): the runner reads each batch at
  once from a store that offers \`readAllPage\` (no promise per event), a rebuild commits its fresh
  version every 10 batches, and the SQLite read-model store looks a batch's documents up in one
  statement. Rebuild of device status from 1M SQLite events: ~225–233k → ~235–255k events/s.

- **The SQLite rebuild read and folded on one thread, in turn** (store-sqlite, \`read-ahead/\`).
  A profile put ~2.45 µs of each event's ~4.2 µs in reading rows and parsing their JSON, and
  everything else waited for it. The store now reads the global log ahead on a worker thread with
  its own read-only connection when a caller reads page after page, so the main thread folds one
  page while the next are read. A page crosses threads as chunks of JSON text built by SQLite in
  transferred buffers: cloning a page's row strings across threads cost the main thread as much as
  reading them (tried last session), and a single text of several hundred KiB per page lands in
  V8's large-object space, which cost ~0.3 ms per page to make; chunks of ~64 KiB do not. The
  main thread's share of reading is now one \`JSON.parse\` per chunk (~1.5 ms per 1000 events).
  ~240k → ~260–320k events/s in runs of the workload alone (the spread is the machine's, run to
  run). The bare loop beside it reads on one thread, so the ratio can pass 1: it compares with
  what one thread reading and parsing does, not with a two-thread limit. Tried and taken out: the
  same read-ahead under \`readAll\`. It made readAll itself faster (~280–350k → ~400k events/s),
  but a page arrives decoded, a thousand events at once, where the paged read decodes one event
  per step; they outlived young-generation collections and the work that ran next in the same
  process paid (SQLite rehydration fell from 0.70 to 0.57 of its bare loop at 10k events, A/B).
  Decoding a page's chunks one at a time as the caller reaches them would be the way back in.

## What was missed, and why

- **Rehydration at 1M events, ≥ 60% of the bare fold** (the issue's own floor, 1.5M events/s, is
  met at every size, at about twice that; the ratio is met at 10k and 100k). At 1M the fold is
  bound by memory, not instructions: each rehydration looks the stream up in a map of 100,000
  streams and reads store-owned event objects spread over a heap of several hundred MB, then
  decodes each into a new recorded event (a hot loop of 10M decodes takes ~10 ms, so the cost is
  the cache misses, not the code). The bare loop walks the bench's own array in order and
  allocates nothing. A synchronous fold path (no async frame per call) and a leaner decode moved
  it little: 0.57–0.59 in runs of the workload and of the whole suite.
- **Projection rebuild from SQLite ≥ 250k events/s: missed** on this machine (~160k events/s,
  about half the bare read-and-parse loop beside it; the read-ahead worker reads the next pages
  while the main thread folds). What is left on the main thread, per 1M events: ~1.8 s parsing the
  pages' JSON, ~0.6 s committing 100,000 documents of ~640 bytes, ~0.25 s dropping the previous
  version's documents at the switch, ~0.65 s in the runner, the evolve and garbage collection. Runs
  of this workload spread by ±10% from process to process.

- **Full sync:** the times are met (≤ 15 s for 100k devices; ≤ 3 min for 1M: 168 s on this machine,
  361 s before issue 18's SQLite layout on a faster one); the 1M run's peak RSS is not (780 MB, goal
  400 MB). Part of that peak was the full-log read after the fetch (release by absence and
  assignment waits), which went a page of 1,000 decoded events at a time through \`readAllPage\`
  and now starts from the device-status read model instead (core's \`assignedDevices\`; this
  row was not measured again since, but the same 1M sync without a profile in the default-profile
  rows peaked at 458 MB after this round's changes — see What was fixed). What remains is
  SQLite work — every device is written twice, once as an event (about 720 bytes, two unique
  indexes: the stream's number and revision, the event id) and once as its device-status document, because the
  projection is kept current — and garbage collection; the run keeps up to 100,000 device states
  in memory (\`KNOWN_DEVICES_LIMIT\`) to spare reading them back, and V8 lets its heap grow to
  several times what is live before collecting. The raw HTTP loop fetches
  the same pages about 30–50 times faster, so neither the simulator nor loopback HTTP is the limit.
- **Full sync with a default profile** (the walk-through's path: step 5 makes a profile the
  default, so step 7 requests, sends and records an assignment for every new device, and Apple's
  sync feed reports each one back as modified — four events per device). Goals: 100k ≤ 6 s, 1M
  ≤ 90 s with peak RSS ≤ 400 MB, within 1.5× of the same sync without a default profile (paired
  run by run), and that sync ≤ 4 s at 100k: all missed, and the rows' own limits say why the times
  are out of reach on this machine. The bare pipeline — the same Apple calls raw and the same
  events and documents by bare better-sqlite3, a page a transaction — takes 7.4 s at 100k with a
  profile (8–14 s in slower hours: \`depledger --version\` took 458 ms in one run and 708 ms in
  another), 4.1 s without one, and 155 s at 1M with a profile: each above its goal. The bare
  pipelines' own ratio is 1.8× (four times the events, twice the pages), above the 1.5× asked of
  depledger (2.7× here). At 1M the peak RSS fell from 1,751 to 536 MB (see What was fixed); what
  is left is V8's sizing of its heap: the live heap stays at 80–120 MB through the run (the
  100,000 known device states — \`KNOWN_DEVICES_LIMIT\`, which spares reading a device back when
  Apple's feed reports it again — code and modules), V8 lets the heap grow to about four times
  that before a full collection (\`--trace-gc\`: 340–410 MB before, 80–120 MB after), and ~130 MB
  lie outside the heap (code, the read-ahead worker, SQLite). Issue 18's work: the device reads before each command
  are gone (\`sync-run/known-devices.ts\`); a page's records and assignment requests are one commit
  with their device-status documents (\`handling/staged-writes.ts\`, SQLite's
  \`readModelsInAppends\`); pages written together, no savepoint, no zod per field, reads in one
  transaction; SQLite's schema 6 (streams by number); then a new stream's look-up in
  two statements (a miss cost ~17 µs as one statement with a subquery, now ~1 µs: 2.6 s → 0.2 s of
  CPU over the 100k new devices), device details copied by \`Object.assign\` (V8 gave each spread
  copy that then gained fields a hidden class of its own: ~1.5 s of CPU), and the release by
  absence started from the device-status read model (core's \`assignedDevices\`, projections'
  \`assignedDevicesSeed\`: the run no longer reads its 400k device events back, ~1.9 s). A
  profile of what remains (\`--cpu-prof\`, 100k devices, ~41–51 s under the profiler): garbage
  collection ~11 % (~66 KB allocated per device: event text, documents parsed and stringified at
  each of a device's four commits, device states); SQLite's write transactions ~30 % (inserts,
  WAL writes of each commit — about 1,000 pages per commit, half of them leaves of the two indexes
  keyed by serial, the streams' names and the documents' keys — and the documents loaded and
  upserted at each commit, ~13 %); the rest spread over encoding, hashing, deciding and HTTP. What
  the file holds per device is in the row's note: about 2.4 KiB (goal 1.5). SQLite's \`dbstat\`
  on the same history (per device): the events table 1,606 bytes (data 993 — the Apple record's
  details 496 of them — metadata 248, types 108, stream names 92), the device-status document 615,
  the event-id index 106, the stream index 53, the document-key index 39, the streams table and its
  name index 67. Leaner payloads mean new
  event versions; even all of them (no nulls, no repeated serial or run id, types and stream names
  by number) come to ~0.7 KiB less, short of 1.5 KiB without compressing events, which would cost
  their readability and the speed goals.
- **The seed's path through the binary** (\`seed-path-cli\` rows): the first \`summary\` after the
  sync pays no catch-up (the read models are current when \`sync\` returns); a sync with no change
  is within its goal (the assignment waits start from the assignment-queue read model, core's
  \`assignmentQueue\` option); \`devices --json\` within 150 MB since the device views are copied by
  \`Object.assign\` (the spread copies all went to V8's old generation: ~200 MB → ~125 MB).
  \`summary\` sits at the edge of its goal: 2.20× the bare start in this run, 1.79× in a run of the
  workload alone right after it and 1.76× the round before (SQLite's \`countBy\` parses each
  document once: one \`json_extract\` with every path, ~330 → ~245 ms over 100k documents). A
  profile of the command (\`--cpu-prof\`, 823 ms): the GROUP BY over the 100k documents' JSON 45 %
  (~370 ms), module loading most of the rest. An index on the counted expressions answers the same
  GROUP BY in 13 ms (covering, no document parsed) but costs every document write its three
  \`json_extract\`s (+0.6–1.6 s over the 400k upserts of a 100k-device sync, side by side):
  not taken, it needs projections to say what they are counted by so only those documents pay.
  Still missed: \`rebuild device-status\` (goal 200k events/s end to end), now beside its limit —
  a bare rebuild in a fresh Node process (read and parse every event, one plain document per
  stream, the documents written in one transaction) does 94–133k events/s here, so the goal is
  above what bare work does on this machine; depledger is at 0.72–0.76 of it. A rebuild now holds up to
  250,000 documents and commits them once (\`rebuildDocumentsHeld\`), with no look-up in its fresh
  version before: ~10 s → ~4–6 s on this store (40k → 53–95k events/s, as fast or slow as the
  machine was). A profile of what is left (~7 s under the profiler): committing the 100k documents
  ~32 % (encoding, inserting, the WAL), garbage collection ~15 %, decoding the pages' JSON ~14 %,
  the fold ~15 %, process start and module loading ~0.45–0.7 s.
- **Documents in rows numbered as first written cost the listings some speed**: a page or a full
  listing in key order reads each document through the key index (\`devices --json\` and the
  keyset page lost ground to their bare loops, which now read the same layout). A page cache or
  memory-mapped reads made no difference (\`devices --json\` is mostly JSON and output work).
- **Incremental sync (≤ 100 ms): met**, at a few milliseconds for 100k and 1M devices. Its limit is
  one raw \`/devices/sync\` request from the same cursor; the rest is the run's own Sync commands
  (request, page, completion, each an append) and the projection's catch-up.

## The peer

- Emmett 0.42.0 (\`@event-driven-io/emmett\`, the latest on the registry here; its peers
  async-retry, commander, uuid install on Node 20) runs the same workloads with its documented API:
  \`getInMemoryEventStore\`, \`appendToStream\` one event per call, \`aggregateStream\` with the same
  Device decider evolve, and \`inMemorySingleStreamProjection\` with the same device-status evolve,
  fed through \`handleInMemoryProjections\` in batches of 1000. It is given the decoded events, so it
  does less work per event than depledger (no versioned type names, no decode step).
- Its in-memory store slows as it fills: each append sums the lengths of every stream to find the
  next global position. Filling it to 1M events did not finish within the 60 s budget, so the 1M
  rows have no peer and say so; the smaller stores' rows carry the comparison. Its in-memory
  database copies a collection's whole array on every insert, which is why its projection rebuild
  runs at a few thousand events per second at 100k events.
- Emmett's SQLite store (\`@event-driven-io/emmett-sqlite\` 0.42.4) needs the \`sqlite3\` native
  module and an Emmett version this registry does not carry; no native module beyond better-sqlite3
  is added here, so the SQLite rows have no peer.
`;
