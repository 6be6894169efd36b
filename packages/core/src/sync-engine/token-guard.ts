import { tokenRefusalCodes } from '../errors/refusal-codes';
import { RuleViolation } from '../errors/rule-violation';
import { GatewayError, isGatewayError } from '../ports/gateway-error';
import type { RunMetadata, SyncEngineContext } from './sync-engine-context';
import { checkToken } from './token-check';
import { recordGatewayFailure, recordSuccessfulContact } from './token-health';

/**
 * Runs an operation that calls Apple for a token (outside a sync run): refuses it when the token may
 * not talk to Apple (TOKEN_NOT_ACTIVE, TOKEN_EXPIRED, TOKEN_REJECTED), records on the token what
 * Apple's refusals say (terms not signed, rejected) and clears "terms not signed" once a call
 * succeeded. Gateway errors are rethrown with the actionable message.
 */
export const withTokenHealth = async <T>(
  context: SyncEngineContext,
  run: RunMetadata,
  tokenId: string,
  work: () => Promise<T>,
  calledApple: (result: T) => boolean,
): Promise<T> => {
  const check = await checkToken(context, tokenId, run);
  if (!check.ok) throw new RuleViolation(tokenRefusalCodes[check.refusal.reason], check.refusal.message, { tokenId });
  let result: T;
  try {
    result = await work();
  } catch (error) {
    if (!isGatewayError(error)) throw error;
    const failure = await recordGatewayFailure(context, run, tokenId, error);
    throw new GatewayError(error.failure, failure.message, { appleCode: error.appleCode, httpStatus: error.httpStatus });
  }
  if (check.token.termsNotSignedSince && calledApple(result)) await recordSuccessfulContact(context, run, tokenId);
  return result;
};
