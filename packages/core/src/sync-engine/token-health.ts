import { handleCommand } from '../handling/command-handler';
import type { GatewayError } from '../ports/gateway-error';
import { tokenDecider } from '../token/token-decider';
import type { RecordAppleContact } from '../token/token-commands';
import { tokenStream } from '../token/token-events';
import { commandMetadata, type RunMetadata, type SyncEngineContext } from './sync-engine-context';

type ContactOutcome = RecordAppleContact['data']['outcome'];

const recordContact = async (context: SyncEngineContext, run: RunMetadata, tokenId: string, outcome: ContactOutcome): Promise<void> => {
  await handleCommand(
    context.store,
    context.serde,
    tokenDecider,
    tokenStream(tokenId),
    { type: 'RecordAppleContact', data: { tokenId, outcome }, metadata: commandMetadata(context, run) },
    { retries: 3 },
  );
};

/** A call to Apple succeeded: clears "terms not signed" if the token carries it. */
export const recordSuccessfulContact = (context: SyncEngineContext, run: RunMetadata, tokenId: string): Promise<void> =>
  recordContact(context, run, tokenId, 'ok');

const rejectionOutcome = (error: GatewayError): ContactOutcome => {
  if (error.failure === 'access_denied') return 'access_denied';
  const code = (error.appleCode ?? '').toLowerCase();
  if (code === 'signature_invalid') return 'signature_invalid';
  if (code === 'forbidden') return 'forbidden';
  return 'token_rejected';
};

export type RunFailure = Readonly<{ code: string; message: string }>;

/**
 * Records on the token what Apple's refusal says about it (terms not signed, token rejected) and
 * returns the failure to record on the run, with what a person must do.
 */
export const recordGatewayFailure = async (context: SyncEngineContext, run: RunMetadata, tokenId: string, error: GatewayError): Promise<RunFailure> => {
  switch (error.failure) {
    case 'terms_not_signed':
      await recordContact(context, run, tokenId, 'terms_not_signed');
      return {
        code: error.code,
        message:
          `Apple refuses calls for token ${tokenId} until an administrator accepts Apple's new terms and conditions: ` +
          'sign in to Apple Business Manager (or Apple School Manager) with an administrator account, accept the terms, then sync again.',
      };
    case 'token_rejected':
    case 'access_denied':
      await recordContact(context, run, tokenId, rejectionOutcome(error));
      return {
        code: error.code,
        message: `Apple rejected token ${tokenId} (${error.appleCode ?? error.failure}): download a new server token from Apple Business Manager, upload it, then sync again.`,
      };
    default:
      return { code: error.code, message: error.message };
  }
};
