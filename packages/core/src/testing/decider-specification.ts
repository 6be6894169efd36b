import { isDeepStrictEqual } from 'node:util';
import type { Event, EventDraft } from '../events/event';
import type { Command, Decider } from '../handling/decider';

const fakeMetadata = (index: number) => ({
  eventId: `given-${index}`,
  occurredAt: '2026-01-01T00:00:00.000Z',
  actor: 'test',
  correlationId: 'test',
  causationId: null,
  tokenId: null,
});

const show = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * given / when / then for deciders, runner-agnostic: it throws plain Errors, so it works under
 * jest, node:test or a script.
 *
 *   DeciderSpecification.for(tokenDecider)
 *     .given([keyIssued])
 *     .when(upload)
 *     .then([draft('ServerTokenUploaded', {...})]);
 */
export const DeciderSpecification = {
  for<State, C extends Command, E extends Event>(decider: Decider<State, C, E>) {
    return {
      given(history: readonly (E | EventDraft<E>)[]) {
        const events = history.map((e, i) => ('metadata' in e ? e : ({ ...e, metadata: fakeMetadata(i) } as unknown as E)));
        const state = events.reduce(decider.evolve, decider.initialState());
        return {
          when(command: C) {
            const run = () => decider.decide(command, state);
            return {
              then(expected: readonly EventDraft<E>[]): void {
                const actual = run().map((e) => ({ type: e.type, data: e.data }));
                if (
                  !isDeepStrictEqual(
                    actual,
                    expected.map((e) => ({ type: e.type, data: e.data })),
                  )
                ) {
                  throw new Error(`Expected events:\n${show(expected)}\nbut the decider produced:\n${show(actual)}`);
                }
              },
              thenNothing(): void {
                const actual = run();
                if (actual.length > 0) throw new Error(`Expected no events, but the decider produced:\n${show(actual)}`);
              },
              thenThrows(code: string): void {
                let produced: unknown;
                try {
                  produced = run();
                } catch (error) {
                  const actualCode = (error as { code?: unknown }).code;
                  if (actualCode !== code)
                    throw new Error(`Expected a refusal with code ${code}, got ${String(actualCode)}: ${(error as Error).message}`);
                  return;
                }
                throw new Error(`Expected a refusal with code ${code}, but the decider produced:\n${show(produced)}`);
              },
              /** Gives the produced events to a custom check. */
              thenMatches(check: (events: readonly EventDraft<E>[]) => void): void {
                check(run());
              },
            };
          },
          /** The state the history folds into, for assertions on evolve. */
          state: () => state,
        };
      },
    };
  },
};
