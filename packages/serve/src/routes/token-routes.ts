import { listTokenHealth, tokenHealth } from '@depledger/projections';
import { z } from 'zod';
import { apiErrorSchema, RequestError } from '../http/api-error';
import { defineRoute, type AnyRoute } from '../http/route';
import { tokenIdParam } from '../schemas/ids';
import { eventsRecordedSchema, tokenHealthSchema } from '../schemas/views';
import { recorded, type ServeServices } from '../serve-services';

const error = (description: string) => ({ description, schema: apiErrorSchema });

const issuedKeySchema = z
  .object({
    tokenId: z.string(),
    keyId: z.string(),
    fingerprint: z.string(),
    notAfter: z.string(),
    staged: z.boolean().describe('True during a renewal: the new key is used once a server token decrypts with it.'),
    certificatePem: z.string().describe('The public key certificate to upload to Apple (the `.pem`).'),
    certificateUrl: z.string().describe('Where to download it as a `.pem` file.'),
  })
  .meta({ id: 'IssuedKey' });

const uploadedSchema = z
  .object({
    tokenId: z.string(),
    renewed: z.boolean(),
    expiresAt: z.string(),
    account: z.union([
      z.object({ status: z.literal('verified'), serverName: z.string(), orgName: z.string() }),
      z.object({ status: z.literal('failed'), code: z.string(), message: z.string() }),
    ]),
  })
  .meta({ id: 'UploadedToken' });

const accountSchema = z.union([
  z.object({ status: z.literal('verified'), serverName: z.string(), orgName: z.string() }),
  z.object({ status: z.literal('failed'), code: z.string(), message: z.string() }),
]);

/** Steps 1–4 and the token's life: keys, the server token, health, the default profile. */
export const tokenRoutes = (services: ServeServices): AnyRoute[] => [
  defineRoute({
    method: 'POST',
    path: '/tokens/{tokenId}/keys',
    operationId: 'generateKey',
    summary: 'Generate the encryption key (step 2)',
    description:
      'A new key pair: the private key goes to the vault, the certificate is answered and downloadable as a `.pem` for Apple. On an active token the key starts a renewal (it is staged): confirm with `?renew=true`.',
    tag: 'tokens',
    scope: 'write',
    params: tokenIdParam,
    query: z.strictObject({ renew: z.enum(['true', 'false']).optional() }),
    responses: {
      201: { description: 'The key was generated.', schema: issuedKeySchema },
      400: error('A bad token id.'),
      409: error('The token was removed, or it is active and the renewal was not confirmed (`RENEWAL_NOT_CONFIRMED`).'),
    },
    handle: async ({ params, query, caller }) => {
      const key = await services.depledger.tokens.generateKey(params.tokenId, { actor: caller.actor, renew: query.renew === 'true' });
      return {
        status: 201,
        body: { ...key, certificateUrl: `/tokens/${encodeURIComponent(key.tokenId)}/certificate.pem` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/tokens/{tokenId}/certificate.pem',
    operationId: 'downloadCertificate',
    summary: 'Download the .pem to upload to Apple',
    description: 'The staged key during a renewal, else the current one.',
    tag: 'tokens',
    scope: 'read',
    params: tokenIdParam,
    responses: {
      200: { description: 'The certificate.', contentType: 'application/x-pem-file', schema: z.string() },
      404: error('No key was generated for this token.'),
    },
    handle: async ({ params }) => {
      const state = await services.depledger.tokens.state(params.tokenId);
      const keyId = state.status === 'active' || state.status === 'key_issued' ? (state.stagedKeyId ?? state.currentKeyId) : null;
      const key = keyId === null || state.status === 'none' || state.status === 'removed' ? undefined : state.keys[keyId];
      if (!key)
        throw new RequestError(
          'TOKEN_NOT_FOUND',
          `Token ${params.tokenId} has no key: generate one with POST /tokens/${params.tokenId}/keys.`,
          { tokenId: params.tokenId },
        );
      return {
        status: 200,
        body: key.certificatePem,
        contentType: 'application/x-pem-file',
        headers: { 'content-disposition': `attachment; filename="${params.tokenId.replace(/[^A-Za-z0-9._-]/g, '_')}.pem"` },
      };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/tokens/{tokenId}/server-token',
    operationId: 'uploadServerToken',
    summary: 'Upload the server token (.p7m) from Apple (step 4, and renewals)',
    description:
      "The `.p7m` file as the request body. The Apple ID it was downloaded with goes in the `X-Apple-Id` header (personal data: it is kept in the vault, never in the log); a renewal must use the first upload's Apple ID.",
    tag: 'tokens',
    scope: 'write',
    params: tokenIdParam,
    headers: z.object({
      'x-apple-id': z.string().min(3).max(320).describe('The Apple ID (an e-mail address) the token was downloaded with.'),
    }),
    body: {
      raw: ['application/pkcs7-mime', 'application/octet-stream'],
      description: 'The `.p7m` file as downloaded from Apple.',
      maxBytes: 256 * 1024,
    },
    responses: {
      200: {
        description: 'The token is active (or renewed); the account check with Apple is reported, not thrown.',
        schema: uploadedSchema,
      },
      400: error('No Apple ID, or a bad token id.'),
      409: error('The renewal used another Apple ID, or the token has no key.'),
      422: error('The file is not a server token for this key (SERVER_TOKEN_UNREADABLE, SERVER_TOKEN_WRONG_KEY, SERVER_TOKEN_EXPIRED…).'),
    },
    handle: async ({ params, headers, body, caller }) => {
      const uploaded = await services.depledger.tokens.upload(params.tokenId, body, {
        appleId: headers['x-apple-id'],
        actor: caller.actor,
      });
      return {
        status: 200,
        body: { tokenId: uploaded.tokenId, renewed: uploaded.renewed, expiresAt: uploaded.expiresAt, account: uploaded.account },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/tokens',
    operationId: 'listTokens',
    summary: "Every token's health",
    tag: 'tokens',
    scope: 'read',
    query: z.strictObject({ lang: z.enum(['fr', 'en']).optional() }),
    responses: { 200: { description: 'The tokens.', schema: z.object({ tokens: z.array(tokenHealthSchema) }) } },
    handle: async ({ query }) => {
      const tokens = await listTokenHealth(await services.readModels(), {
        now: services.depledger.clock.now(),
        policy: services.depledger.policy,
        lang: query.lang ?? services.lang,
      });
      return { status: 200, body: { tokens } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/tokens/{tokenId}',
    operationId: 'getToken',
    summary: "A token's health: expiry, terms, last sync, next full sync",
    tag: 'tokens',
    scope: 'read',
    params: tokenIdParam,
    query: z.strictObject({ lang: z.enum(['fr', 'en']).optional() }),
    responses: { 200: { description: 'The token.', schema: tokenHealthSchema }, 404: error('No such token.') },
    handle: async ({ params, query }) => {
      const health = await tokenHealth(await services.readModels(), params.tokenId, {
        now: services.depledger.clock.now(),
        policy: services.depledger.policy,
        lang: query.lang ?? services.lang,
      });
      if (!health) throw new RequestError('TOKEN_NOT_FOUND', `There is no token ${params.tokenId}.`, { tokenId: params.tokenId });
      return { status: 200, body: health };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/tokens/{tokenId}/account-check',
    operationId: 'checkAccount',
    summary: "Ask Apple for the token's account (GET /account) and record the answer",
    tag: 'tokens',
    scope: 'write',
    params: tokenIdParam,
    responses: { 200: { description: 'What Apple answered.', schema: accountSchema } },
    handle: async ({ params, caller }) => ({
      status: 200,
      body: await services.depledger.tokens.verifyAccount(params.tokenId, { actor: caller.actor }),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/tokens/{tokenId}/expiry-check',
    operationId: 'checkExpiry',
    summary: 'Record the 30/7/1-day warnings and the expiry the clock has passed',
    tag: 'tokens',
    scope: 'write',
    params: tokenIdParam,
    responses: { 200: { description: 'The warnings recorded now.', schema: eventsRecordedSchema }, 404: error('No such token.') },
    handle: async ({ params, caller }) => ({
      status: 200,
      body: recorded(await services.depledger.tokens.checkExpiry(params.tokenId, { actor: caller.actor })),
    }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/tokens/{tokenId}/default-profile',
    operationId: 'setDefaultProfile',
    summary: 'The profile new devices of this token get (null clears it)',
    tag: 'tokens',
    scope: 'write',
    params: tokenIdParam,
    body: z.strictObject({ profileId: z.string().min(1).max(64).nullable() }),
    responses: {
      200: { description: 'Recorded.', schema: eventsRecordedSchema },
      409: error('The profile is not published, retired or of another token.'),
    },
    handle: async ({ params, body, caller }) => ({
      status: 200,
      body: recorded(await services.depledger.tokens.setDefaultProfile(params.tokenId, body.profileId, { actor: caller.actor })),
    }),
  }),
];
