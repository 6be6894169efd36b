import { isDepledgerError } from '@depledger/core';
import { ServerTokenError } from './server-token-error';

/** The failures that tell how far decryption went: to an untrusted party, one answer for all. */
const revealing = new Set(['SERVER_TOKEN_WRONG_KEY', 'SERVER_TOKEN_UNREADABLE', 'SERVER_TOKEN_FIELD_INVALID']);

/**
 * Runs a decryption and answers every failure that would tell a wrong key (an RSA padding error)
 * from a damaged content (bytes after decryption) the same way: same code, same message, no details.
 */
export const uniformDecryptionFailure = <T>(decrypt: () => T): T => {
  try {
    return decrypt();
  } catch (error) {
    if (isDepledgerError(error) && revealing.has(error.code)) {
      throw new ServerTokenError(
        'SERVER_TOKEN_UNUSABLE',
        "This server token cannot be used with this token's key: it was made for another key, or the file is damaged. Download the server token again from Apple Business or School Manager, for the MDM server whose certificate (.pem) you uploaded.",
      );
    }
    throw error;
  }
};
