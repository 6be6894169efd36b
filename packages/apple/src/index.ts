export { generateEncryptionKey, type EncryptionKey, type EncryptionKeyOptions } from './pki/encryption-key';
export {
  decryptServerToken,
  type CandidateKey,
  type DecryptedServerToken,
  type DecryptServerTokenOptions,
  type OAuthCredentials,
  type ServerToken,
} from './pki/server-token';
export { ServerTokenError, type ServerTokenErrorCode } from './pki/server-token-error';
