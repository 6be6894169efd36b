import { z } from 'zod';
import type { DeviceEvent } from '../device/device-events';
import { isDepledgerError } from '../errors/depledger-error';
import { RuleViolation } from '../errors/rule-violation';
import type { ActivationLockResult } from '../ports/dep-gateway';
import { commandMetadata, type ActorOptions, type ApplicationContext } from './application-context';
import { assignedDevice } from './assigned-device';
import { parseInput, serialInput } from './input';
import { decideDevice, deviceState } from './streams';

/** What an administrator gives to escrow Activation Lock; every field optional. */
export type ActivationLockInput = Readonly<{
  /** Apple's `escrow_key`: the 64-hex-character hash of a bypass code (Apple's "Creating and Using Bypass Codes"). */
  escrowKey?: string;
  /** The bypass code the escrow key was derived from, kept in the vault to unlock the device later. */
  bypassCode?: string;
  /** A message the device shows (Apple's `lost_message`); sent to Apple, not kept. */
  lostMessage?: string;
}>;

export type ActivationLockReport = Readonly<{
  serial: string;
  /** Apple's answer: only `success` is recorded. */
  result: ActivationLockResult;
  events: readonly DeviceEvent[];
}>;

const activationLockInput = z.strictObject({
  escrowKey: z
    .string()
    .trim()
    .regex(/^[0-9A-Fa-f]{64}$/, "64 hexadecimal characters (Apple's escrow key is the hash of a bypass code, not the code)")
    .transform((key) => key.toLowerCase())
    .optional(),
  bypassCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-Z]{1,8}(-[0-9A-Z]{1,8}){2,9}$/, 'groups of letters and digits separated by dashes, as the device reports it')
    .optional(),
  lostMessage: z.string().trim().min(1, 'leave it out rather than empty').max(1000, 'at most 1000 characters').optional(),
});

/**
 * Enables Activation Lock on a device at Apple. Input is checked first (a bypass code needs the
 * escrow key derived from it; the device must be known and assigned to one of your MDM servers), so
 * bad input sends and records nothing. On Apple's SUCCESS the escrow key and bypass code go to the
 * vault and `ActivationLockEscrowed` records their references; any other answer records nothing.
 */
export const escrowActivationLock = async (
  context: ApplicationContext,
  serial: string,
  input: ActivationLockInput,
  options?: ActorOptions & { signal?: AbortSignal },
): Promise<ActivationLockReport> => {
  const s = parseInput(serialInput, serial, 'serial');
  const given = parseInput(activationLockInput, input, 'activationLock');
  if (given.bypassCode !== undefined && given.escrowKey === undefined)
    throw new RuleViolation(
      'INVALID_INPUT',
      'A bypass code is kept only with the escrow key derived from it (escrowKey): give both, or neither. Nothing was sent to Apple.',
      { field: 'escrowKey' },
    );
  const state = await assignedDevice(context, s);
  const result = await context.gateway.escrowActivationLock(
    state.tokenId,
    { serial: s, escrowKey: given.escrowKey ?? null, lostMessage: given.lostMessage ?? null },
    options?.signal,
  );
  if (result !== 'success') return { serial: s, result, events: [] };
  const escrowKeyRef = given.escrowKey === undefined ? null : await context.vault.putSecret('activation-lock-escrow-key', given.escrowKey);
  const bypassCodeRef =
    given.bypassCode === undefined ? null : await context.vault.putSecret('activation-lock-bypass-code', given.bypassCode);
  try {
    const outcome = await decideDevice(context, s, {
      type: 'RecordActivationLock',
      data: { serial: s, tokenId: state.tokenId, escrowKeyRef, bypassCodeRef, lostMessage: given.lostMessage !== undefined },
      metadata: commandMetadata(context, options, 'admin:unknown'),
    });
    return { serial: s, result, events: outcome.events };
  } catch (error) {
    // nothing recorded: nothing left in the vault either
    for (const ref of [escrowKeyRef, bypassCodeRef]) if (ref !== null) await context.vault.forget(ref);
    throw error;
  }
};

/** The bypass code kept for a device's escrowed Activation Lock, or null when none was given (or it was forgotten). */
export const activationLockBypassCode = async (context: ApplicationContext, serial: string): Promise<string | null> => {
  const s = parseInput(serialInput, serial, 'serial');
  const state = await deviceState(context, s);
  const ref = state.status === 'unknown' ? null : (state.activationLock?.bypassCodeRef ?? null);
  if (ref === null) return null;
  try {
    return await context.vault.reveal(ref);
  } catch (error) {
    if (isDepledgerError(error)) return null;
    throw error;
  }
};
