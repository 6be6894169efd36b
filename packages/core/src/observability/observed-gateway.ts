import type { DepGateway } from '../ports/dep-gateway';
import type { TenantId } from '../tenancy/tenant-id';
import type { DepledgerLogger } from './logger';
import { codeOf, type Telemetry } from './telemetry';

const tokenIdOf = (args: readonly unknown[]): string | null => {
  const first = args[0];
  if (typeof first === 'string') return first;
  const fromRequest = (first as { tokenId?: unknown } | null)?.tokenId;
  return typeof fromRequest === 'string' ? fromRequest : null;
};

/** Apple's gateway, each call in a span, timed, counted and logged (operation, token id, tenant, outcome, code — never what was sent or answered). */
export const observeGateway = (
  gateway: DepGateway,
  logger: DepledgerLogger | undefined,
  telemetry: Telemetry | null,
  tenant: TenantId,
): DepGateway =>
  new Proxy(gateway, {
    get: (target, property, receiver) => {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const operation = String(property);
      const call = (...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      return async (...args: unknown[]) => {
        const tokenId = tokenIdOf(args);
        const started = performance.now();
        const finish = (outcome: 'ok' | 'error', code: string | null) => {
          const durationMs = Math.round(performance.now() - started);
          telemetry?.appleCalls.add(1, { operation, outcome, tenant });
          telemetry?.appleDuration.record(durationMs, { operation, outcome, tenant });
          if (outcome === 'ok') logger?.debug({ operation, tokenId, durationMs, outcome }, 'apple call');
          else logger?.warn({ operation, tokenId, durationMs, outcome, code }, 'apple call failed');
        };
        try {
          const result = telemetry
            ? await telemetry.span(`depledger.apple.${operation}`, { 'depledger.token': tokenId ?? '', 'depledger.tenant': tenant }, () =>
                call(...args),
              )
            : await call(...args);
          finish('ok', null);
          return result;
        } catch (error) {
          finish('error', codeOf(error));
          throw error;
        }
      };
    },
  });
