import { createAppleGateway, createAppleTokenPki, credentialsFromVault } from '@depledger/apple';
import { createAppleSimulator } from '@depledger/apple-simulator';
import {
  createDepledger,
  createInMemoryEventStore,
  createInMemoryVault,
  type DepGateway,
  type Depledger,
  type DepledgerLogger,
  scopeEventStore,
  tenantRegisterStream,
} from '@depledger/core';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Issue 21's observability: createDepledger's logger hook and OpenTelemetry spans and metrics for
 * Apple calls, sync runs and appends, through the real Apple adapter against the simulator. The
 * secrets scan (test/reliability/secrets.int.spec.ts) checks that nothing secret or personal reaches
 * the logs.
 */
type Entry = { level: string; message: string; fields: Record<string, unknown> };

const capturingLogger = (entries: Entry[]): DepledgerLogger => {
  const at = (level: string) => (fields: object, message: string) => void entries.push({ level, message, fields: { ...fields } });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
};

describe('logs and telemetry', () => {
  const simulator = createAppleSimulator();
  let url = '';
  beforeAll(async () => {
    ({ url } = await simulator.start(0, '127.0.0.1'));
  });
  afterAll(async () => {
    await simulator.stop();
  });

  const wire = (
    options: Pick<Parameters<typeof createDepledger>[0], 'logger' | 'telemetry' | 'tenant'>,
    store = createInMemoryEventStore(),
    vault = createInMemoryVault(),
  ) => {
    let depledger: Depledger | undefined;
    const gateway = createAppleGateway({
      baseUrl: url,
      credentials: credentialsFromVault(vault, (tokenId) => (depledger as Depledger).tokens.oauthSecretsRef(tokenId)),
      retry: { maxAttempts: 1 },
    });
    depledger = createDepledger({ store, gateway, vault, pki: createAppleTokenPki(), ...options });
    return { store, depledger };
  };

  const walk = async (depledger: Depledger, tokenId: string) => {
    const key = await depledger.tokens.generateKey(tokenId, { actor: 'admin:alice' });
    const issued = simulator.portal.addMdmServer({
      name: `${tokenId} MDM`,
      certificatePem: key.certificatePem,
      adminId: 'alice@contoso.example',
    });
    simulator.devices.seed({ count: 3, serverId: issued.serverId });
    await depledger.tokens.upload(tokenId, issued.p7m as string, { appleId: 'alice@contoso.example' });
    const run = await depledger.sync.run(tokenId, { kind: 'full', trigger: 'manual' });
    expect(run.status).toBe('completed');
    simulator.portal.revokeToken(issued.serverId);
    const failed = await depledger.sync.run(tokenId, { kind: 'incremental', trigger: 'schedule' });
    expect(failed.status).toBe('failed');
    return run;
  };

  it('logs appends, Apple calls and sync runs with ids, counts and codes', async () => {
    const entries: Entry[] = [];
    const { depledger, store } = wire({ logger: capturingLogger(entries) });
    const run = await walk(depledger, 'paris');

    expect(entries.find((e) => e.message === 'sync run started')).toMatchObject({
      level: 'info',
      fields: { tokenId: 'paris', runId: run.runId, kind: 'full', trigger: 'manual' },
    });
    expect(entries.find((e) => e.message === 'sync run completed')).toMatchObject({
      level: 'info',
      fields: { tokenId: 'paris', runId: run.runId, counts: { added: 3 } },
    });
    expect(entries.find((e) => e.message === 'sync run failed')).toMatchObject({
      level: 'warn',
      fields: { tokenId: 'paris', code: expect.any(String) },
    });
    expect(entries.find((e) => e.message === 'token rejected by Apple')).toMatchObject({ level: 'warn', fields: { tokenId: 'paris' } });
    expect(entries.filter((e) => e.message === 'apple call').map((e) => e.fields['operation'])).toEqual(
      expect.arrayContaining(['account', 'fetchDevices']),
    );
    expect(entries.find((e) => e.message === 'apple call failed')).toMatchObject({
      level: 'warn',
      fields: { tokenId: 'paris', code: expect.stringMatching(/^GATEWAY_/) },
    });
    const appended = entries.filter((e) => e.message === 'events appended').reduce((sum, e) => sum + (e.fields['appended'] as number), 0);
    expect(appended).toBe(await store.headPosition());
    // identifiers, counts, durations and codes: no event data, no message
    expect(entries.every((e) => !('data' in e.fields) && !('message' in e.fields))).toBe(true);
  });

  it('records spans and metrics for Apple calls, sync runs and appends through the tracer and meter given', async () => {
    const spans = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).getTracer('test');
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
    const { depledger, store } = wire({ telemetry: { tracer, meter } });
    const run = await walk(depledger, 'lyon');

    const finished = spans.getFinishedSpans();
    const names = new Set(finished.map((s) => s.name));
    for (const name of ['depledger.store.append', 'depledger.apple.account', 'depledger.apple.fetchDevices', 'depledger.sync.run'])
      expect(names).toContain(name);
    expect(
      [...names].filter((n) => n !== 'depledger.store.append' && n !== 'depledger.sync.run' && !n.startsWith('depledger.apple.')),
    ).toEqual([]);
    const runs = finished.filter((s) => s.name === 'depledger.sync.run');
    expect(runs.map((s) => s.attributes['depledger.sync.status'])).toEqual(['completed', 'failed']);
    expect(runs[0]?.attributes['depledger.sync.run_id']).toBe(run.runId);
    expect(finished.filter((s) => s.name.startsWith('depledger.apple.') && s.status.code === 2).length).toBeGreaterThan(0);

    await reader.forceFlush();
    const metrics = exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    const sum = (name: string, filter: (attributes: Record<string, unknown>) => boolean = () => true) =>
      metrics
        .filter((m) => m.descriptor.name === name)
        .flatMap((m) => m.dataPoints as { attributes: Record<string, unknown>; value: number }[])
        .filter((p) => filter(p.attributes))
        .reduce((total, p) => total + p.value, 0);
    expect(sum('depledger.events.appended')).toBe(await store.headPosition());
    expect(sum('depledger.sync.runs', (a) => a['status'] === 'completed')).toBe(1);
    expect(sum('depledger.sync.runs', (a) => a['status'] === 'failed')).toBe(1);
    expect(sum('depledger.apple.calls', (a) => a['operation'] === 'fetchDevices' && a['outcome'] === 'ok')).toBeGreaterThan(0);
    expect(sum('depledger.apple.calls', (a) => a['outcome'] === 'error')).toBeGreaterThan(0);
  });

  it("names the tenant on every metric, span and log line, so one deployment's figures split by organisation", async () => {
    const spans = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).getTracer('test');
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
    const entries: Entry[] = [];
    const logger = capturingLogger(entries);
    // two organisations in one store, with one meter, one tracer and one logger, each syncing a token of the same id
    const store = createInMemoryEventStore();
    const vault = createInMemoryVault();
    const acme = wire({ telemetry: { tracer, meter }, logger, tenant: 'acme' }, store, vault).depledger;
    await walk(acme, 'nice');
    const acmeLines = entries.length;
    const operator = wire({ telemetry: { tracer, meter }, logger }, store, vault).depledger;
    await walk(operator, 'nice');

    // acme's lines name it; the default tenant's lines are as they were before tenants
    expect(acmeLines).toBeGreaterThan(0);
    expect(entries.slice(0, acmeLines).filter((e) => e.fields['tenant'] !== 'acme')).toEqual([]);
    expect(entries.slice(acmeLines).filter((e) => 'tenant' in e.fields)).toEqual([]);

    const finished = spans.getFinishedSpans();
    expect(new Set(finished.map((s) => s.attributes['depledger.tenant']))).toEqual(new Set(['acme', 'default']));
    for (const tenant of ['acme', 'default']) {
      const names = new Set(finished.filter((s) => s.attributes['depledger.tenant'] === tenant).map((s) => s.name));
      for (const name of ['depledger.store.append', 'depledger.apple.fetchDevices', 'depledger.sync.run'])
        expect({ tenant, name, seen: names.has(name) }).toEqual({ tenant, name, seen: true });
    }

    await reader.forceFlush();
    const points = exporter
      .getMetrics()
      .flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
      .flatMap((m) =>
        (m.dataPoints as { attributes: Record<string, unknown>; value: unknown }[]).map((p) => ({ name: m.descriptor.name, ...p })),
      );
    expect(points.filter((p) => p.attributes['tenant'] !== 'acme' && p.attributes['tenant'] !== 'default')).toEqual([]);
    const count = (name: string, tenant: string, status?: string) =>
      points
        .filter((p) => p.name === name && p.attributes['tenant'] === tenant && (status === undefined || p.attributes['status'] === status))
        .reduce((total, p) => total + (p.value as number), 0);
    for (const tenant of ['acme', 'default']) {
      expect({
        tenant,
        completed: count('depledger.sync.runs', tenant, 'completed'),
        failed: count('depledger.sync.runs', tenant, 'failed'),
      }).toEqual({
        tenant,
        completed: 1,
        failed: 1,
      });
      expect(count('depledger.apple.calls', tenant)).toBeGreaterThan(0);
    }
    // every event appended is counted once, under the organisation that appended it; the operator's
    // register of tenants (acme recorded at its first event) is bookkeeping no organisation's view reads
    let registered = 0;
    for await (const _ of store.readStream(tenantRegisterStream)) registered++;
    expect(registered).toBe(1);
    expect(count('depledger.events.appended', 'acme') + count('depledger.events.appended', 'default') + registered).toBe(
      await store.headPosition(),
    );
    let acmeEvents = 0;
    for await (const _ of acme.store.readAll()) acmeEvents++;
    expect(count('depledger.events.appended', 'acme')).toBe(acmeEvents);
  });

  it('costs nothing when neither is asked for: the ports are used as given', () => {
    // a store already in its tenant's view (every depledger works through one) is used as it is
    const store = scopeEventStore(createInMemoryEventStore(), 'default');
    const depledger = createDepledger({ store, gateway: {} as DepGateway, vault: createInMemoryVault(), pki: createAppleTokenPki() });
    expect(depledger.store).toBe(store);
  });

  it('runs without @opentelemetry/api installed: asking for telemetry then changes nothing', () => {
    jest.isolateModules(() => {
      jest.doMock('@opentelemetry/api', () => {
        throw new Error("Cannot find module '@opentelemetry/api'");
      });
      const core = require('@depledger/core') as typeof import('@depledger/core');
      const store = core.scopeEventStore(core.createInMemoryEventStore(), 'default');
      const depledger = core.createDepledger({
        store,
        gateway: {} as DepGateway,
        vault: core.createInMemoryVault(),
        pki: createAppleTokenPki(),
        telemetry: true,
      });
      expect(depledger.store).toBe(store);
    });
  });
});
