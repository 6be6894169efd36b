import { handleCommand } from '../../handling/command-handler';
import type { GatewayError } from '../../ports/gateway-error';
import { tokenDecider } from '../../token/token-decider';
import type { RecordAppleContact } from '../../token/token-commands';
import { tokenStream } from '../../token/token-events';
import type { TokenWork } from '../engine-context';
import type { SyncRunError } from '../run-result';

type ContactOutcome = RecordAppleContact['data']['outcome'];

const recordContact = async (work: TokenWork, outcome: ContactOutcome): Promise<void> => {
  await handleCommand(
    work.store,
    work.serde,
    tokenDecider,
    tokenStream(work.tokenId),
    { type: 'RecordAppleContact', data: { tokenId: work.tokenId, outcome }, metadata: work.metadata() },
    { retries: 3 },
  );
};

/**
 * What Apple's answers say about a token, recorded on the token's stream (terms not signed, token
 * rejected, terms accepted again). The read model that reports a token's health to people is
 * @depledger/projections' token-health; this is where the facts it reads are written.
 */

/** A call to Apple succeeded: clears "terms not signed" if the token carries it. */
export const recordSuccessfulContact = (work: TokenWork): Promise<void> => recordContact(work, 'ok');

const rejectionOutcome = (error: GatewayError): ContactOutcome => {
  if (error.failure === 'access_denied') return 'access_denied';
  const code = (error.appleCode ?? '').toLowerCase();
  if (code === 'signature_invalid') return 'signature_invalid';
  if (code === 'forbidden') return 'forbidden';
  return 'token_rejected';
};

/**
 * Records on the token what Apple's refusal says about it (terms not signed, token rejected) and
 * returns the failure to record on the run, with what a person must do.
 */
export const recordGatewayFailure = async (work: TokenWork, error: GatewayError): Promise<SyncRunError> => {
  const tokenId = work.tokenId;
  switch (error.failure) {
    case 'terms_not_signed':
      await recordContact(work, 'terms_not_signed');
      return {
        code: error.code,
        message:
          `Apple refuses calls for token ${tokenId} until an administrator accepts Apple's new terms and conditions: ` +
          'sign in to Apple Business Manager (or Apple School Manager) with an administrator account, accept the terms, then sync again.',
      };
    case 'token_rejected':
    case 'access_denied':
      await recordContact(work, rejectionOutcome(error));
      return {
        code: error.code,
        message: `Apple rejected token ${tokenId} (${error.appleCode ?? error.failure}): download a new server token from Apple Business Manager, upload it, then sync again.`,
      };
    default:
      return { code: error.code, message: error.message };
  }
};
