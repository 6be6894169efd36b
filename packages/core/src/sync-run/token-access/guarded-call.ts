import { tokenRefusalCodes } from '../../errors/refusal-codes';
import { RuleViolation } from '../../errors/rule-violation';
import { GatewayError, isGatewayError } from '../../ports/gateway-error';
import type { TokenWork } from '../engine-context';
import { recordGatewayFailure, recordSuccessfulContact } from './apple-verdicts';
import { checkToken } from './may-call-apple';

/**
 * Runs an operation that calls Apple for a token (outside a sync run): refuses it when the token may
 * not talk to Apple (TOKEN_NOT_ACTIVE, TOKEN_EXPIRED, TOKEN_REJECTED), records on the token what
 * Apple's refusals say (terms not signed, rejected) and clears "terms not signed" once a call
 * succeeded. Gateway errors are rethrown with the actionable message.
 */
export const callAppleGuarded = async <T>(work: TokenWork, call: () => Promise<T>, calledApple: (result: T) => boolean): Promise<T> => {
  const check = await checkToken(work);
  if (!check.ok) throw new RuleViolation(tokenRefusalCodes[check.refusal.reason], check.refusal.message, { tokenId: work.tokenId });
  let result: T;
  try {
    result = await call();
  } catch (error) {
    if (!isGatewayError(error)) throw error;
    const failure = await recordGatewayFailure(work, error);
    throw new GatewayError(error.failure, failure.message, { appleCode: error.appleCode, httpStatus: error.httpStatus });
  }
  if (check.token.termsNotSignedSince && calledApple(result)) await recordSuccessfulContact(work);
  return result;
};
