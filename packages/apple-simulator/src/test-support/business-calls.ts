import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { IssuedApiAccount } from '../business/api-account';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs a client assertion for tests of the simulator itself (the adapter has its own signer). */
export function testAssertion(
  account: Pick<IssuedApiAccount, 'clientId' | 'keyId' | 'privateKeyPem'>,
  audience: string,
  overrides: { header?: Record<string, unknown>; claims?: Record<string, unknown>; keyPem?: string } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'ES256', kid: account.keyId, typ: 'JWT', ...overrides.header };
  const claims = {
    iss: account.clientId,
    sub: account.clientId,
    aud: audience,
    iat: now,
    exp: now + 600,
    jti: randomUUID(),
    ...overrides.claims,
  };
  const input = `${b64(header)}.${b64(claims)}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: createPrivateKey(overrides.keyPem ?? account.privateKeyPem),
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}

/** POSTs the token form; returns the status and the JSON answer. */
export async function requestToken(
  baseUrl: string,
  clientId: string,
  assertion: string,
  scope = 'business.api',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/auth/oauth2/v2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope,
    }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const schemaBase = 'https://schemas.invalid/abm/';

/** Ajv (JSON Schema 2020-12) loaded with the `abm` schemas committed as fixtures, each under its file name. */
export function abmSchemas(): { validate(name: string, value: unknown): string[] } {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('url', true);
  const folder = join(__dirname, '..', 'business', '__fixtures__', 'abm-schemas');
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>;
    ajv.addSchema({ ...schema, $id: `${schemaBase}${file}` });
  }
  // The schemas have no document for a list of devices or one device: these follow MdmServersResponse's pattern.
  ajv.addSchema({
    $id: `${schemaBase}OrgDevicesResponse.json`,
    type: 'object',
    required: ['data', 'links'],
    properties: {
      data: { type: 'array', items: { $ref: 'OrgDevice.json' } },
      links: { $ref: 'PagedDocumentLinks.json' },
      meta: { $ref: 'PagingInformation.json' },
    },
  });
  ajv.addSchema({
    $id: `${schemaBase}OrgDeviceResponse.json`,
    type: 'object',
    required: ['data', 'links'],
    properties: { data: { $ref: 'OrgDevice.json' }, links: { $ref: 'DocumentLinks.json' } },
  });
  return {
    validate(name, value) {
      const validator = ajv.getSchema(`${schemaBase}${name}.json`);
      if (validator === undefined) throw new Error(`No schema ${name}`);
      return validator(value) ? [] : (validator.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
    },
  };
}
