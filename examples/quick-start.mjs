// depledger in one file: the Intune document's steps as events, on the in-memory store.
// Run it with `pnpm build && node examples/quick-start.mjs`; each step prints what was recorded. (`pnpm demo` is the full walk-through with the CLI.)
import {
  createInMemoryEventStore,
  defaultSyncPolicy,
  createInMemoryVault,
  depledgerSerde,
  deviceDecider,
  deviceStream,
  handleCommand,
  manualClock,
  profileDecider,
  profileStream,
  syncDecider,
  syncStream,
  tokenDecider,
  tokenStream,
} from '@depledger/core';

const store = createInMemoryEventStore();
const vault = createInMemoryVault();
const clock = manualClock('2026-01-05T09:00:00Z');
const admin = 'admin:it-paris';
const meta = (actor = admin) => ({ now: clock.now(), actor });
const run = (decider, stream, command) => handleCommand(store, depledgerSerde, decider, stream, command);
const say = (step, text) => console.log(`\n${step}  ${text}`);
const show = (result) => result.events.forEach((e) => console.log(`     + ${e.type}`));

say('1.', 'Turn on iOS management: a token record for the MDM server "paris".');
say('2.', 'Download the encryption key (.pem): the certificate is in the event, the private key in the vault.');
const privateKeyRef = await vault.putSecret('private-key', '-----BEGIN RSA PRIVATE KEY----- (example) -----END RSA PRIVATE KEY-----');
show(
  await run(tokenDecider, tokenStream('paris'), {
    type: 'IssueEncryptionKey',
    data: {
      tokenId: 'paris',
      keyId: 'k1',
      certificatePem: '-----BEGIN CERTIFICATE-----\n(example)\n-----END CERTIFICATE-----',
      fingerprint: 'AB'.repeat(32),
      privateKeyRef,
      notAfter: '2026-01-06T09:00:00.000Z',
    },
    metadata: meta(),
  }),
);

say('3-4.', 'Apple issues the server token (.p7m); it is uploaded with the Apple ID (a vault reference, never the e-mail).');
const appleIdRef = await vault.refForPersonalData('apple-id', 'it-admin@contoso.example');
const oauthSecretsRef = await vault.putSecret(
  'oauth-secrets',
  JSON.stringify({ consumer_secret: 'CS_example', access_secret: 'AS_example' }),
);
show(
  await run(tokenDecider, tokenStream('paris'), {
    type: 'UploadServerToken',
    data: {
      tokenId: 'paris',
      keyId: 'k1',
      consumerKey: 'CK_example',
      accessTokenExpiry: '2027-01-05T09:00:00.000Z',
      appleIdRef,
      oauthSecretsRef,
    },
    metadata: meta(),
  }),
);

say('5.', 'Create the corporate enrollment profile (user affinity, Setup Assistant panes skipped) and make it the default.');
show(
  await run(profileDecider, profileStream('corp'), {
    type: 'DefineProfile',
    data: {
      profileId: 'corp',
      tokenId: 'paris',
      settings: {
        name: 'Contoso corporate iPhones',
        url: 'https://mdm.contoso.example/enroll',
        userAffinity: true,
        skipSetupItems: ['Siri', 'Location', 'Payment'],
      },
    },
    metadata: meta(),
  }),
);
show(
  await run(profileDecider, profileStream('corp'), {
    type: 'PublishProfile',
    data: { profileId: 'corp', version: 1, profileUuid: '9145EDB932A42C48A9DD56AD69213C64' },
    metadata: meta(),
  }),
);
show(
  await run(tokenDecider, tokenStream('paris'), {
    type: 'SetDefaultProfile',
    data: { tokenId: 'paris', profileId: 'corp', profile: { tokenId: 'paris', published: true, retired: false } },
    metadata: meta(),
  }),
);

say('6-7.', 'Apple reports two devices assigned to the server; "Sync now" records them: Non contacté.');
show(
  await run(syncDecider, syncStream('paris'), {
    type: 'RequestSyncRun',
    data: { tokenId: 'paris', runId: 'run-1', kind: 'full', trigger: 'manual', policy: defaultSyncPolicy },
    metadata: meta(),
  }),
);
const assignedByRef = await vault.refForPersonalData('admin-email', 'purchasing@contoso.example');
for (const serial of ['F17QX1ABCD01', 'F17QX1ABCD02']) {
  show(
    await run(deviceDecider, deviceStream(serial), {
      type: 'ApplyAppleRecord',
      data: {
        tokenId: 'paris',
        fact: {
          serial,
          details: {
            model: 'iPhone 15',
            description: 'IPHONE 15 BLACK 128GB',
            color: 'BLACK',
            assetTag: null,
            os: 'iOS',
            family: 'iPhone',
            profileStatus: 'empty',
            profileUuid: null,
            profileAssignedAt: null,
            profilePushedAt: null,
            assignedAt: '2026-01-05T08:00:00.000Z',
            assignedByRef,
            mdmMigrationDeadline: null,
          },
          operation: null,
          operationDate: null,
        },
        observedAt: clock.now().toISOString(),
        runId: 'run-1',
      },
      metadata: { ...meta('system:sync'), idempotencyKey: `fetch:paris:${serial}:2026-01-05` },
    }),
  );
}
const secondRun = await run(syncDecider, syncStream('paris'), {
  type: 'RequestSyncRun',
  data: { tokenId: 'paris', runId: 'run-2', kind: 'full', trigger: 'manual', policy: defaultSyncPolicy },
  metadata: meta(),
});
const refusal = secondRun.events[0];
console.log(`     A second sync at once: ${refusal.type} (${refusal.data.reason}), retry at ${refusal.data.retryAt}.`);

say('8.', 'A device is switched on and enrolls: the MDM records the check-in: Inscrit.');
clock.advance(2 * 24 * 3600 * 1000);
show(
  await run(deviceDecider, deviceStream('F17QX1ABCD01'), {
    type: 'RecordEnrollment',
    data: {
      serial: 'F17QX1ABCD01',
      enrolledAt: clock.now().toISOString(),
      userRef: await vault.refForPersonalData('device-user', 'jeanne@contoso.example'),
    },
    metadata: meta('mdm:checkin'),
  }),
);

console.log('\nDevices (folded from their streams):');
for (const serial of ['F17QX1ABCD01', 'F17QX1ABCD02']) {
  let state = deviceDecider.initialState();
  for await (const stored of store.readStream(deviceStream(serial))) state = deviceDecider.evolve(state, depledgerSerde.decode(stored));
  const label = state.status === 'assigned' && state.enrollment ? 'Inscrit' : 'Non contacté';
  console.log(`  ${serial}  ${state.details.model.padEnd(10)} ${label}`);
}
console.log(`\n${await store.headPosition()} events recorded; no e-mail or secret is in any of them.`);
