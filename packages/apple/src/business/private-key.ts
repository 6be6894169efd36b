import { createPrivateKey, type KeyObject } from 'node:crypto';
import { BusinessApiError } from './business-error';

/**
 * Reads an API account's private key: the PEM file the portal downloads once (PKCS#8, or SEC1
 * `EC PRIVATE KEY`), which must be a P-256 key. The error never repeats the file's content.
 */
export function readBusinessPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new BusinessApiError(
      'BUSINESS_KEY_INVALID',
      "The API account's private key cannot be read: give the .pem file Apple School or Business Manager downloaded when the key was generated (it begins with -----BEGIN PRIVATE KEY-----).",
    );
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    throw new BusinessApiError(
      'BUSINESS_KEY_INVALID',
      `The API account's private key is ${key.asymmetricKeyType === 'ec' ? `an EC key on ${curve ?? 'an unknown curve'}` : `a ${key.asymmetricKeyType ?? 'non-asymmetric'} key`}, not the P-256 key Apple generates: give the .pem file of the API account.`,
    );
  }
  return key;
}
