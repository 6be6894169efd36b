import { deviceStatusProjection, fleetSummaries, fleetSummary, readModelsAsOf, summariseFleet } from '../index';
import { givenDepledger } from '../../test-support/given-history';
import { project, replayTwice } from '../../test-support/replay';

/** Token paris: four devices — one enrolled, one failed, two not contacted (one throttled); token lyon: one. */
const fleet = async () => {
  const given = givenDepledger();
  for (const serial of ['PARIS0000001', 'PARIS0000002', 'PARIS0000003', 'PARIS0000004']) await given.appleReports('paris', serial);
  await given.appleReports('lyon', 'LYON00000001');
  await given.requestProfile('paris', 'PARIS0000002', 'PROFILE-UUID-1');
  await given.assignmentOutcome('PARIS0000002', 'PROFILE-UUID-1', 'failed');
  await given.requestProfile('paris', 'PARIS0000003', 'PROFILE-UUID-1');
  await given.assignmentOutcome('PARIS0000003', 'PROFILE-UUID-1', 'throttled', 60);
  const beforeEnrollment = await given.store.headPosition();
  given.advanceHours(2);
  await given.enroll('PARIS0000001');
  return { given, beforeEnrollment };
};

describe('fleet summary', () => {
  it('counts the devices of a token per status and per assignment state', async () => {
    const { given } = await fleet();

    const summary = await fleetSummary(await project(given.store, [deviceStatusProjection]), 'paris');

    expect(summary).toMatchObject({
      tokenId: 'paris',
      total: 4,
      byStatus: { not_contacted: 2, enrolled: 1, pending_reset: 0, failed: 1, released: 0, profile_cleared: 0 },
      byAssignment: { none: 2, pending: 0, assigned: 0, failed: 1, not_accessible: 0, throttled: 1 },
    });
    expect(summary.statusRows.map((r) => `${r.label}: ${r.count}`)).toEqual([
      'Non contacté: 2',
      'Inscrit: 1',
      'En attente de réinitialisation: 0',
      'Échec: 1',
      'Retiré: 0',
      'Profil retiré: 0',
    ]);
  });

  it('summarises every token, with English labels on request', async () => {
    const { given } = await fleet();

    const summaries = await fleetSummaries(await project(given.store, [deviceStatusProjection]), 'en');

    expect(summaries.map((s) => [s.tokenId, s.total])).toEqual([
      ['lyon', 1],
      ['paris', 4],
    ]);
    expect(summaries[0]?.statusRows[0]).toEqual({ code: 'not_contacted', label: 'Not contacted', count: 1 });
    expect(summaries[0]?.assignmentRows.find((r) => r.code === 'none')).toEqual({ code: 'none', label: 'None', count: 1 });
  });

  it('counts nothing for a token without devices', async () => {
    const { given } = await fleet();
    expect(await fleetSummary(await project(given.store, [deviceStatusProjection]), 'nantes')).toMatchObject({
      total: 0,
      byStatus: { not_contacted: 0 },
    });
  });

  it('gives the same summary when the same events are replayed twice', async () => {
    const { given } = await fleet();
    const readModels = await project(given.store, [deviceStatusProjection]);
    const once = await fleetSummary(readModels, 'paris');

    const { again, rebuilt } = await replayTwice(given.store, deviceStatusProjection);

    expect(summariseFleet('paris', again)).toEqual(once);
    expect(summariseFleet('paris', rebuilt)).toEqual(once);
  });

  it('answers as of a position: before the first device enrolled', async () => {
    const { given, beforeEnrollment } = await fleet();

    const then = await readModelsAsOf({
      eventStore: given.store,
      projections: [deviceStatusProjection],
      at: { position: beforeEnrollment },
    });

    expect((await fleetSummary(then, 'paris')).byStatus).toMatchObject({ not_contacted: 3, enrolled: 0, failed: 1 });
  });
});
