import { generateKeyPairSync } from 'node:crypto';
import {
  createDepledger,
  createSyncScheduler,
  depledgerSerde,
  handleCommand,
  streamPrefixes,
  tokenDecider,
  tokenStream,
  type BusinessGateway,
  type EventStore,
  type ScheduledOutcome,
  type TokenCommand,
  type TokenPki,
} from '../index';
import { gatewayError } from '../sync-run/testing/scripted-dep-gateway';
import { createSyncFixture, syncEvents, TOKEN } from '../sync-run/testing/sync-fixture';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const noPki: TokenPki = {
  generateKey: () => {
    throw new Error('not in these tests');
  },
  decryptServerToken: () => {
    throw new Error('not in these tests');
  },
};

/** A depledger over the sync fixture (an active token `paris`, a scripted Apple, a hand-moved clock). */
const setUp = async (options: { tokenExpiry?: string } = {}) => {
  const f = await createSyncFixture(options);
  const depledger = createDepledger({ store: f.store, gateway: f.gateway, vault: f.vault, clock: f.clock, pki: noPki });
  return { f, depledger };
};

const summary = (outcomes: readonly ScheduledOutcome[]) => outcomes.map((o) => `${o.tokenId}:${o.task}:${o.status}`);

describe('sync scheduler', () => {
  it('runs a full sync and the expiry check first, then a delta sync each delta interval and a full one each full interval', async () => {
    const { f, depledger } = await setUp();
    f.gateway.seed('SER00001', 'SER00002');
    const scheduler = createSyncScheduler(depledger);

    const first = await scheduler.runDue();
    expect(summary(first)).toEqual(['paris:expiry_check:done', 'paris:full_sync:done']);
    expect(first[1]?.sync).toMatchObject({ status: 'completed', kind: 'full', counts: { added: 2 } });
    const started = (await syncEvents(f.store)).filter((e) => e.type === 'SyncRunStarted');
    expect(started.map((e) => e.data)).toEqual([expect.objectContaining({ kind: 'full', trigger: 'schedule' })]);
    expect(started[0]?.metadata.actor).toBe('system:schedule');

    // an hour on: only the assignment retries are due (a run sent them an hour ago)
    f.clock.advance(HOUR);
    expect(summary(await scheduler.runDue())).toEqual(['paris:assignment_retry:done']);
    f.clock.advance(10 * 60 * 1000);
    expect(await scheduler.runDue()).toEqual([]);

    // a day after the full run: a delta sync picks up the device added meanwhile
    f.clock.advance(DAY - HOUR);
    f.gateway.change('SER00003', 'added', f.clock.now().toISOString());
    const delta = await scheduler.runDue();
    expect(summary(delta)).toEqual(['paris:expiry_check:done', 'paris:delta_sync:done']);
    expect(delta[1]?.sync).toMatchObject({ kind: 'incremental', counts: { added: 1 } });

    // a day at a time: delta syncs until seven days have passed since the full one, then a full one
    const kinds: string[] = [];
    for (let day = 2; day <= 7; day++) {
      f.clock.advance(DAY);
      for (const outcome of await scheduler.runDue()) if (outcome.sync) kinds.push(outcome.sync.kind);
    }
    expect(kinds).toEqual(['incremental', 'incremental', 'incremental', 'incremental', 'incremental', 'full']);
  });

  it('plans from the recorded runs and its memory in the store: a new scheduler (a restarted process, another node) does nothing again before it is due', async () => {
    const { f, depledger } = await setUp();
    f.gateway.seed('SER00001');
    expect(await createSyncScheduler(depledger).plan()).toEqual([
      {
        tokenId: TOKEN,
        skipped: null,
        nextSync: { kind: 'full', at: new Date(0).toISOString() },
        nextExpiryCheckAt: new Date(0).toISOString(),
        nextAssignmentRetryAt: new Date(0).toISOString(),
      },
    ]);
    await createSyncScheduler(depledger).runDue();
    const fullAt = f.clock.now().getTime();

    f.clock.advance(2 * HOUR);
    const restarted = createSyncScheduler(depledger);
    const [plan] = await restarted.plan();
    expect(plan?.nextSync).toEqual({ kind: 'incremental', at: new Date(fullAt + DAY).toISOString() });
    // it remembers what the first scheduler did (kept in the store): the expiry was checked two hours ago, a day's wait; the retries are hourly
    expect(plan?.nextExpiryCheckAt).toBe(new Date(fullAt + DAY).toISOString());
    expect(summary(await restarted.runDue())).toEqual(['paris:assignment_retry:done']);
    expect((await syncEvents(f.store)).filter((e) => e.type === 'SyncRunStarted')).toHaveLength(1);
  });

  it('backs off after a failed run, doubling each time, and clears the backoff once a run completes', async () => {
    const { f, depledger } = await setUp();
    f.gateway.seed('SER00001');
    const outcomes: ScheduledOutcome[] = [];
    const scheduler = createSyncScheduler(depledger, { failureBackoff: { minutes: 5 }, onOutcome: (o) => outcomes.push(o) });
    f.gateway.failNext('any', gatewayError('unavailable', 'SERVICE_UNAVAILABLE'));
    f.gateway.failNext('any', gatewayError('unavailable', 'SERVICE_UNAVAILABLE'));

    const first = await scheduler.runDue();
    expect(summary(first)).toEqual(['paris:expiry_check:done', 'paris:full_sync:failed', 'paris:assignment_retry:done']);
    const failedAt = f.clock.now().getTime();
    expect(first[1]?.retryAt).toBe(new Date(failedAt + 5 * 60 * 1000).toISOString());
    expect(outcomes).toEqual(first);

    f.clock.advance(4 * 60 * 1000);
    expect(await scheduler.runDue()).toEqual([]);
    f.clock.advance(60 * 1000);
    const second = await scheduler.runDue();
    expect(summary(second)).toEqual(['paris:full_sync:failed']);
    expect(second[0]?.retryAt).toBe(new Date(f.clock.now().getTime() + 10 * 60 * 1000).toISOString());

    f.clock.advance(10 * 60 * 1000);
    expect(summary(await scheduler.runDue())).toEqual(['paris:full_sync:done']);
    const [plan] = await scheduler.plan();
    expect(plan?.nextSync).toEqual({ kind: 'incremental', at: new Date(f.clock.now().getTime() + DAY).toISOString() });
  });

  it('keeps the backoff in the store: a restarted scheduler (or another node) waits it out and doubles it', async () => {
    const { f, depledger } = await setUp();
    f.gateway.seed('SER00001');
    f.gateway.failNext('any', gatewayError('unavailable', 'SERVICE_UNAVAILABLE'));
    f.gateway.failNext('any', gatewayError('unavailable', 'SERVICE_UNAVAILABLE'));
    expect(summary(await createSyncScheduler(depledger, { failureBackoff: { minutes: 5 } }).runDue())).toContain('paris:full_sync:failed');

    f.clock.advance(4 * 60 * 1000);
    expect(await createSyncScheduler(depledger, { failureBackoff: { minutes: 5 } }).runDue()).toEqual([]);
    f.clock.advance(60 * 1000);
    const second = await createSyncScheduler(depledger, { failureBackoff: { minutes: 5 } }).runDue();
    expect(summary(second)).toEqual(['paris:full_sync:failed']);
    expect(second[0]?.retryAt).toBe(new Date(f.clock.now().getTime() + 10 * 60 * 1000).toISOString());
  });

  it('waits as long as a refusal says, and leaves tokens that are not active alone', async () => {
    const { f, depledger } = await setUp({ tokenExpiry: '2026-01-06T00:00:00.000Z' });
    f.gateway.seed('SER00001');
    const scheduler = createSyncScheduler(depledger);
    await scheduler.runDue();
    // past the token's expiry: the expiry check records it, the sync is refused until a person acts
    f.clock.advance(2 * DAY);
    const expired = await scheduler.runDue();
    expect(summary(expired)).toEqual(['paris:expiry_check:done', 'paris:delta_sync:refused']);
    expect(expired[1]?.sync?.refusal).toMatchObject({ reason: 'token_expired', retryAt: null });
    expect(expired[1]?.retryAt).toBe(new Date(f.clock.now().getTime() + DAY).toISOString());
    expect((await depledger.tokens.state(TOKEN)).status).toBe('active');
    expect((await depledger.tokens.state(TOKEN)) as object).toMatchObject({ expiredAt: expect.any(String) });
    // nothing more until a day on, when the refusal is told again
    f.clock.advance(HOUR);
    expect(await scheduler.runDue()).toEqual([]);
    f.clock.advance(DAY);
    expect(summary(await scheduler.runDue())).toEqual(['paris:expiry_check:done', 'paris:delta_sync:refused']);

    // a token named but never uploaded is not scheduled
    const named = createSyncScheduler(depledger, { tokens: ['nowhere', TOKEN] });
    expect((await named.plan())[0]).toEqual({
      tokenId: 'nowhere',
      skipped: 'token_not_active',
      nextSync: null,
      nextExpiryCheckAt: null,
      nextAssignmentRetryAt: null,
    });
  });

  it('runs one pass at a time, and start/stop drive passes on a timer', async () => {
    const { f, depledger } = await setUp();
    f.gateway.seed('SER00001');
    const outcomes: ScheduledOutcome[] = [];
    const scheduler = createSyncScheduler(depledger, { checkEveryMs: 5, onOutcome: (o) => outcomes.push(o) });
    const [a, b] = await Promise.all([scheduler.runDue(), scheduler.runDue()]);
    expect(a).toBe(b);
    expect(summary(a)).toEqual(['paris:expiry_check:done', 'paris:full_sync:done']);

    scheduler.start();
    f.clock.advance(DAY);
    // jest's timeout is the only limit: the loop reaches the delta sync however busy the machine.
    while (!outcomes.some((o) => o.task === 'delta_sync')) await new Promise((resolve) => setTimeout(resolve, 5));
    await scheduler.stop();
    expect(outcomes.filter((o) => o.task === 'delta_sync').map((o) => o.status)).toEqual(['done']);
    const after = outcomes.length;
    f.clock.advance(DAY);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(outcomes).toHaveLength(after);
  });

  it('stops a pass at once when asked to cancel: the sync in flight is recorded as cancelled and resumes later', async () => {
    const { f, depledger } = await setUp();
    f.gateway.seed('SER00001', 'SER00002');
    const scheduler = createSyncScheduler(depledger);
    let reached!: () => void;
    const hanging = new Promise<void>((resolve) => (reached = resolve));
    f.gateway.hangNext('fetch', () => reached());
    const pass = scheduler.runDue();
    await hanging;
    await scheduler.stop({ cancelRunning: true });
    const outcomes = await pass;
    expect(summary(outcomes)).toEqual(['paris:expiry_check:done', 'paris:full_sync:failed']);
    expect(outcomes[1]?.sync?.error).toMatchObject({ code: 'SYNC_RUN_CANCELLED' });
    // the scheduler works again after the stop; the failure's backoff applies
    f.clock.advance(5 * 60 * 1000);
    expect(summary(await scheduler.runDue())).toEqual(['paris:full_sync:done']);
  });

  it('refuses options it cannot use, naming each', () => {
    const depledger = { store: {}, clock: {}, policy: {}, tokens: {}, sync: {} } as never;
    expect(() =>
      createSyncScheduler(depledger, { checkEveryMs: 0, expiryCheckInterval: {}, failureBackoff: { minutes: -1 }, tokens: [''] }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        issues: expect.arrayContaining([
          expect.objectContaining({ path: 'checkEveryMs' }),
          expect.objectContaining({ path: 'expiryCheckInterval' }),
          expect.objectContaining({ path: 'failureBackoff' }),
          expect.objectContaining({ path: 'tokens' }),
        ]),
      }),
    );
  });
});

describe('sync scheduler, Business API accounts', () => {
  /** A depledger whose Business API gateway lists no server: enough to connect an account (the expiry check asks Apple nothing). */
  const withAccount = async (expiresInDays: number) => {
    const f = await createSyncFixture();
    const business = { mdmServers: () => Promise.resolve([]) } as unknown as BusinessGateway;
    const depledger = createDepledger({ store: f.store, gateway: f.gateway, vault: f.vault, clock: f.clock, pki: noPki, business });
    const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await depledger.business.connect({
      clientId: 'BUSINESSAPI.scheduler-test',
      keyId: 'key-1',
      privateKeyPem: key,
      expiresAt: new Date(f.clock.now().getTime() + expiresInDays * DAY).toISOString(),
    });
    return { f, depledger };
  };
  const accountEvents = async (f: Awaited<ReturnType<typeof createSyncFixture>>) => {
    const types: string[] = [];
    for await (const event of f.store.readAll({ streamPrefixes: ['dep-business-account-'] })) types.push(event.type);
    return types;
  };
  const accountChecks = (outcomes: readonly ScheduledOutcome[]) =>
    outcomes.filter((o) => o.task === 'account_expiry_check').map((o) => `${o.accountId}:${o.status}`);

  it("checks each account's credentials daily as a token's expiry is, and keeps the last check in the store", async () => {
    const { f, depledger } = await withAccount(32);
    f.gateway.seed('SER00001');
    const scheduler = createSyncScheduler(depledger);
    expect(accountChecks(await scheduler.runDue())).toEqual(['default:done']);
    expect(await accountEvents(f)).toEqual(['BusinessAccountConnected.v1']);
    const [plan] = await scheduler.accountPlan();
    expect(plan).toEqual({ accountId: 'default', nextExpiryCheckAt: new Date(f.clock.now().getTime() + DAY).toISOString() });

    // a restarted scheduler (another process, another node) finds the check in the store: nothing due for a day
    f.clock.advance(HOUR);
    expect(accountChecks(await createSyncScheduler(depledger).runDue())).toEqual([]);

    // two days on: 30 days left, the first warning is recorded; then, at the expiry, the account expired
    f.clock.advance(2 * DAY);
    expect(accountChecks(await createSyncScheduler(depledger).runDue())).toEqual(['default:done']);
    expect(await accountEvents(f)).toEqual(['BusinessAccountConnected.v1', 'BusinessAccountExpiring.v1']);
    f.clock.advance(30 * DAY);
    await createSyncScheduler(depledger).runDue();
    expect((await accountEvents(f)).slice(-1)).toEqual(['BusinessAccountExpired.v1']);
  });

  it('checks only the accounts named, and none without a business service', async () => {
    const { depledger } = await withAccount(5);
    expect(accountChecks(await createSyncScheduler(depledger, { businessAccounts: ['other'] }).runDue())).toEqual(['other:error']);
    const { business: _business, ...withoutBusiness } = depledger;
    expect(accountChecks(await createSyncScheduler(withoutBusiness).runDue())).toEqual([]);
    expect(await createSyncScheduler(withoutBusiness).accountPlan()).toEqual([]);
    expect(() => createSyncScheduler(depledger, { businessAccounts: [''] })).toThrow(/businessAccounts/);
  });
});

describe('sync scheduler, looking tokens up', () => {
  it('looks its tokens up again from where the last look-up ended, and still finds a token added since', async () => {
    const { f } = await setUp();
    // what the store hands the scheduler's token look-ups: from where, and how many events
    const lookUps: { after: number; events: number }[] = [];
    const store: EventStore = {
      ...f.store,
      readAll(options = {}) {
        if (!(options.streamPrefixes ?? []).includes(streamPrefixes.token)) return f.store.readAll(options);
        const lookUp = { after: options.after ?? 0, events: 0 };
        lookUps.push(lookUp);
        return (async function* () {
          for await (const event of f.store.readAll(options)) {
            lookUp.events += 1;
            yield event;
          }
        })();
      },
    };
    const depledger = createDepledger({ store, gateway: f.gateway, vault: f.vault, clock: f.clock, pki: noPki });
    const scheduler = createSyncScheduler(depledger);
    expect((await scheduler.plan()).map((p) => p.tokenId)).toEqual(['paris']);
    f.gateway.seed('SER00001');
    await scheduler.runDue();
    // the run appended its sync and device events: a look-up after it starts beyond them
    const headAfterRun = await f.store.headPosition();
    expect((await scheduler.plan()).map((p) => p.tokenId)).toEqual(['paris']);
    await handleCommand(f.store, depledgerSerde, tokenDecider, tokenStream('lyon'), {
      type: 'IssueEncryptionKey',
      data: {
        tokenId: 'lyon',
        keyId: 'k2',
        certificatePem: 'PEM',
        fingerprint: 'B'.repeat(64),
        privateKeyRef: 'vault:private-key:k2',
        notAfter: '2027-01-01T00:00:00.000Z',
      },
      metadata: { now: f.clock.now(), actor: 'admin:alice' },
    } as TokenCommand);
    expect((await scheduler.plan()).map((p) => p.tokenId)).toEqual(['paris', 'lyon']);
    // the first look-up read paris's events; each later one only what came after (none of paris's again, lyon's one)
    let tokenEvents = 0;
    for await (const _ of f.store.readAll({ streamPrefixes: [streamPrefixes.token] })) tokenEvents += 1;
    expect(lookUps.reduce((n, l) => n + l.events, 0)).toBe(tokenEvents);
    expect(lookUps.at(-1)?.events).toBe(1);
    expect(lookUps[0]?.after).toBe(0);
    expect(lookUps.slice(1).every((l) => l.after > 0)).toBe(true);
    expect(lookUps.at(-1)?.after).toBeGreaterThanOrEqual(headAfterRun);
  });
});
