import { createAppleSimulator, type AppleSimulator } from '@depledger/apple-simulator';
import {
  createDepledger,
  createInMemoryEventStore,
  createInMemoryVault,
  type Depledger,
  type ErrorCode,
  type EventStore,
} from '@depledger/core';
import { appleGateway, createAppleTokenPki } from './index';
import { refusedRecordingNothing, uploadServerToken } from './test-support/simulated-organisation';

jest.setTimeout(120_000); // a hang guard only

const URL_A = 'https://mdm.contoso.example/.well-known/com.apple.remotemanagement';
const URL_B = 'https://enroll.contoso.example/service-discovery';

const connect = async (simulator: AppleSimulator) => {
  const { url } = await simulator.start();
  const store = createInMemoryEventStore();
  const depledger = createDepledger({
    store,
    vault: createInMemoryVault(),
    pki: createAppleTokenPki(),
    gateway: appleGateway({ baseUrl: url }),
  });
  await uploadServerToken(depledger, simulator);
  return { depledger, store };
};

const refusedWithNothingRecorded = async (store: EventStore, step: () => Promise<unknown>, code: ErrorCode) =>
  (await refusedRecordingNothing(store)(step, code)) as Error & { details: Record<string, unknown> };

/** The account-driven enrollment profile of a token, through createDepledger and Apple's gateway, against the simulator over HTTP. */
describe('account-driven enrollment profile per token', () => {
  const simulator = createAppleSimulator({ seed: 13 });
  let depledger: Depledger;
  let store: EventStore;
  beforeAll(async () => ({ depledger, store } = await connect(simulator)));
  afterAll(() => simulator.stop());

  const types = async () => {
    const found: string[] = [];
    for await (const event of store.readStream('dep-token-paris')) if (event.type.startsWith('AccountDriven')) found.push(event.type);
    return found;
  };

  it('sets, reads and removes it at Apple, recording what Apple accepted', async () => {
    expect(await depledger.tokens.accountDrivenEnrollment('paris')).toEqual({ tokenId: 'paris', atApple: null, recorded: null });
    const set = await depledger.tokens.setAccountDrivenEnrollment('paris', URL_A, { actor: 'admin:alice' });
    expect(set.map((e) => e.data)).toEqual([{ tokenId: 'paris', serviceDiscoveryUrl: URL_A, previousUrl: null }]);
    expect(await depledger.tokens.accountDrivenEnrollment('paris')).toMatchObject({
      atApple: { serviceDiscoveryUrl: URL_A, lastUpdatedAt: expect.any(String) },
      recorded: { serviceDiscoveryUrl: URL_A },
    });
    // the same URL again: Apple is told, nothing new is recorded
    expect(await depledger.tokens.setAccountDrivenEnrollment('paris', URL_A)).toEqual([]);
    await depledger.tokens.setAccountDrivenEnrollment('paris', URL_B);
    expect((await depledger.tokens.accountDrivenEnrollment('paris')).atApple?.serviceDiscoveryUrl).toBe(URL_B);

    const removed = await depledger.tokens.removeAccountDrivenEnrollment('paris');
    expect(removed.map((e) => e.data)).toEqual([{ tokenId: 'paris', previousUrl: URL_B }]);
    expect(await depledger.tokens.accountDrivenEnrollment('paris')).toMatchObject({ atApple: null, recorded: null });
    expect(await types()).toEqual([
      'AccountDrivenEnrollmentProfileSet.v1',
      'AccountDrivenEnrollmentProfileSet.v1',
      'AccountDrivenEnrollmentProfileRemoved.v1',
    ]);
  });

  it('refuses a URL that is not absolute https, naming the field, before calling Apple', async () => {
    for (const bad of ['http://mdm.contoso.example/sd', 'mdm.contoso.example', '', `https://x.example/${'a'.repeat(2000)}`]) {
      const error = await refusedWithNothingRecorded(
        store,
        () => depledger.tokens.setAccountDrivenEnrollment('paris', bad),
        'INVALID_INPUT',
      );
      expect(error.message).toContain('serviceDiscoveryUrl');
    }
    expect((await depledger.tokens.accountDrivenEnrollment('paris')).atApple).toBeNull();
  });

  it('refuses a token without a server token, and sends nothing', async () => {
    await depledger.tokens.generateKey('lyon');
    await refusedWithNothingRecorded(store, () => depledger.tokens.setAccountDrivenEnrollment('lyon', URL_A), 'TOKEN_NOT_UPLOADED');
    await refusedWithNothingRecorded(store, () => depledger.tokens.accountDrivenEnrollment('nowhere'), 'TOKEN_NOT_UPLOADED');
  });
});

describe('an organisation Apple does not let use account-driven enrollment', () => {
  const simulator = createAppleSimulator({ seed: 14, accountDrivenEnrollmentSupported: false });
  afterAll(() => simulator.stop());

  it("gets Apple's ORG_NOT_SUPPORTED as a typed error, and nothing is recorded", async () => {
    const { depledger, store } = await connect(simulator);
    const error = await refusedWithNothingRecorded(
      store,
      () => depledger.tokens.setAccountDrivenEnrollment('paris', URL_A),
      'GATEWAY_ORG_NOT_SUPPORTED',
    );
    expect(error.details).toMatchObject({ appleCode: 'ORG_NOT_SUPPORTED' });
  });
});
