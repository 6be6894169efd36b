import { appleDevice, gatewayError } from './testing/scripted-dep-gateway';
import { createSyncFixture, deviceEvents, deviceState, storeContents, TOKEN } from './testing/sync-fixture';

const full = { kind: 'full', trigger: 'manual' } as const;
const DAY = 24 * 60 * 60 * 1000;

/** A sync asks Apple which device a replacement device replaces, and records it on the new device's stream. */
describe('sync engine: replacement details', () => {
  const withReplacement = async () => {
    const f = await createSyncFixture({ pageLimit: 10 });
    f.gateway.seed('SER00001');
    f.gateway.devices.set('SER00002', appleDevice('SER00002', { isReplacementDevice: true }));
    f.gateway.replacements.set('SER00002', { serial: 'SER00002', originalSerial: 'OLD00009', replacedOn: '2026-01-02' });
    return f;
  };

  it('records original → replacement with the page that reports the device, and asks only for replacement devices', async () => {
    const f = await withReplacement();
    const result = await f.engine.run(TOKEN, full);

    expect(result.status).toBe('completed');
    expect(f.gateway.replacementLookups).toEqual(['SER00002']);
    const recorded = (await deviceEvents(f.store, 'SER00002')).filter((e) => e.type === 'DeviceReplacementRecorded');
    expect(recorded.map((e) => e.data)).toEqual([
      { serial: 'SER00002', tokenId: TOKEN, originalSerial: 'OLD00009', replacedOn: '2026-01-02' },
    ]);
    expect(await deviceState(f.store, 'SER00002')).toMatchObject({ replacement: { originalSerial: 'OLD00009', replacedOn: '2026-01-02' } });
    // written with the page's devices, before the page is recorded
    const log = await storeContents(f.store);
    expect(log.findIndex((l) => l.includes('DeviceReplacementRecorded'))).toBeLessThan(
      log.findIndex((l) => l.includes('SyncPageRecorded')),
    );
  });

  it('asks no more once recorded: a later full fetch reports the device again and nothing is asked or written', async () => {
    const f = await withReplacement();
    await f.engine.run(TOKEN, full);
    f.clock.advance(8 * DAY);
    await f.engine.run(TOKEN, full);

    expect(f.gateway.replacementLookups).toEqual(['SER00002']);
    expect((await deviceEvents(f.store, 'SER00002')).filter((e) => e.type === 'DeviceReplacementRecorded')).toHaveLength(1);
  });

  it('leaves a lookup Apple could not answer for the next report of the device, without failing the run', async () => {
    const f = await withReplacement();
    f.gateway.replacementFailures.set('SER00002', gatewayError('unavailable'));
    const first = await f.engine.run(TOKEN, full);

    expect(first.status).toBe('completed');
    expect((await deviceEvents(f.store, 'SER00002')).map((e) => e.type)).not.toContain('DeviceReplacementRecorded');
    f.clock.advance(8 * DAY);
    await f.engine.run(TOKEN, full);
    expect(f.gateway.replacementLookups).toEqual(['SER00002', 'SER00002']);
    expect(await deviceState(f.store, 'SER00002')).toMatchObject({ replacement: { originalSerial: 'OLD00009' } });
  });

  it('records nothing when Apple holds no replacement record, and stops the run when Apple refuses the token', async () => {
    const f = await withReplacement();
    f.gateway.replacements.delete('SER00002');
    expect((await f.engine.run(TOKEN, full)).status).toBe('completed');
    expect((await deviceEvents(f.store, 'SER00002')).map((e) => e.type)).toEqual(['DeviceAssignedToServer']);

    f.clock.advance(8 * DAY);
    f.gateway.replacementFailures.set('SER00002', gatewayError('token_rejected', 'token_rejected'));
    const refused = await f.engine.run(TOKEN, full);
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'GATEWAY_TOKEN_REJECTED' } });
  });
});
