import type { SyncEngine } from '../sync-run';
import type { TenantId } from '../tenancy/tenant-id';
import type { Telemetry } from './telemetry';

/** The sync engine, each run in a span (`depledger.sync.run`) and counted by kind and status, with its duration. */
export const observeSync = (engine: SyncEngine, telemetry: Telemetry | null, tenant: TenantId): SyncEngine => {
  if (!telemetry) return engine;
  return {
    ...engine,
    run: (tokenId, options) =>
      telemetry.span(
        'depledger.sync.run',
        {
          'depledger.token': tokenId,
          'depledger.tenant': tenant,
          'depledger.sync.requested': options.kind,
          'depledger.sync.trigger': options.trigger,
        },
        async (span) => {
          const started = performance.now();
          const result = await engine.run(tokenId, options);
          const attributes = { kind: result.kind, status: result.status, tenant };
          span.setAttributes({
            'depledger.sync.run_id': result.runId,
            'depledger.sync.kind': result.kind,
            'depledger.sync.status': result.status,
            'depledger.sync.pages': result.pages,
          });
          telemetry.syncRuns.add(1, attributes);
          telemetry.syncDuration.record(Math.round(performance.now() - started), attributes);
          return result;
        },
      ),
  };
};
