import { z } from 'zod';
import type { DeviceEvent } from '../device/device-events';
import type { DeviceState } from '../device/device-state';
import { commandMetadata, type ActorOptions, type ApplicationContext } from './application-context';
import { parseInput, serialInput } from './input';
import { decideDevice, deviceState } from './streams';
import { operateOnDevices, type DeviceOperationReport } from './device-operations';
import { answerEnrollment, type EnrollingDevice, type EnrollmentDecision } from './enrollment-answer';
import { activationLockBypassCode, escrowActivationLock, type ActivationLockInput, type ActivationLockReport } from './activation-lock';
import { lookUpReplacement, type ReplacementLookupReport } from './replacement-lookup';

const isoInput = z.iso.datetime({ offset: true });

/** `depledger.devices`: the Intune document's step 8 and after, what the MDM reports about devices. */
export interface DeviceService {
  /**
   * Records an MDM check-in: the device enrolled (`DeviceEnrolled`, status "Inscrit"). The user,
   * under user affinity, is personal data: it is kept in the vault and the event carries a reference.
   * A check-in already recorded records nothing again.
   * @throws `DEVICE_UNKNOWN` (never synced), `INVALID_INPUT`
   */
  recordEnrollment(serial: string, options?: ActorOptions & { enrolledAt?: string; user?: string }): Promise<readonly DeviceEvent[]>;
  /** An administrator unenrolls a device (its user cannot: DEP profiles are not removable by default). @throws `DEVICE_NOT_ENROLLED` */
  unenroll(serial: string, reason: string, options?: ActorOptions): Promise<readonly DeviceEvent[]>;
  /**
   * Disowns devices at Apple (\`POST /devices/disown\`): they leave the organisation for good. Each
   * success is recorded as \`DeviceDisowned\` with the reason (status "Retiré"). Every serial is checked
   * before Apple is called; an unknown or released one refuses the call and nothing is recorded.
   * @throws \`DEVICE_UNKNOWN\`, \`DEVICE_NOT_ASSIGNED\`, \`INVALID_INPUT\` (no serial, a serial twice, no reason)
   */
  disown(serials: readonly string[], reason: string, options?: ActorOptions & { signal?: AbortSignal }): Promise<DeviceOperationReport>;
  /**
   * Clears the devices' enrollment profile at Apple (\`DELETE /profile/devices\`). Each success is
   * recorded as \`DeviceProfileCleared\` with the reason; the device gets a profile again when one is
   * assigned (a sync's routing, or \`assign\`). Checked like \`disown\`.
   * @throws \`DEVICE_UNKNOWN\`, \`DEVICE_NOT_ASSIGNED\`, \`INVALID_INPUT\`
   */
  clearProfile(
    serials: readonly string[],
    reason: string,
    options?: ActorOptions & { signal?: AbortSignal },
  ): Promise<DeviceOperationReport>;
  /**
   * Enables Activation Lock on the device at Apple (`POST /device/activationlock`), with Apple's
   * escrow key (64 hex, the hash of a bypass code) and the bypass code itself, both kept in the vault
   * on Apple's SUCCESS (`ActivationLockEscrowed` holds their references, never the values). Without
   * an escrow key the lock belongs to the account that created the MDM server. Apple's other answers
   * (`not_accessible`, `org_not_supported`, `device_not_supported`, `device_already_locked`, `failed`)
   * record nothing.
   * @throws `INVALID_INPUT` (naming the field), `DEVICE_UNKNOWN`, `DEVICE_NOT_ASSIGNED`, `GATEWAY_*`
   */
  escrowActivationLock(
    serial: string,
    input: ActivationLockInput,
    options?: ActorOptions & { signal?: AbortSignal },
  ): Promise<ActivationLockReport>;
  /** The bypass code kept in the vault for the device's escrowed Activation Lock, or null. */
  activationLockBypassCode(serial: string): Promise<string | null>;
  /**
   * Asks Apple now which device this replacement device replaces (Apple's Get Replacement Details)
   * and records it — what a sync does by itself, for a device whose lookup Apple could not answer
   * then. Apple is asked only for a device it flags `is_replacement_device`.
   * @throws `DEVICE_UNKNOWN`, `DEVICE_NOT_ASSIGNED`, `INVALID_INPUT`, `GATEWAY_*`
   */
  lookUpReplacement(serial: string, options?: ActorOptions & { signal?: AbortSignal }): Promise<ReplacementLookupReport>;
  /**
   * The enrollment helper: for a device's MachineInfo (read with `readMachineInfo` of
   * `@depledger/apple`), allow, or Apple's "software update required" (403 and its JSON body) when
   * the device's OS is below the minimum for its platform: the routing rule it matches sets it first,
   * else the profile it is routed to (`profiles.setMinimumOs`), whether a rule or the token's default
   * chose that profile. The reason says whose minimum it was (`from`). Records nothing.
   */
  enrollmentAnswer(device: EnrollingDevice): Promise<EnrollmentDecision>;
  /** The device's state, folded from its stream (`status: 'unknown'` for a serial never seen). */
  state(serial: string): Promise<DeviceState>;
}

export const createDeviceService = (context: ApplicationContext): DeviceService => ({
  async recordEnrollment(serial: string, options?: ActorOptions & { enrolledAt?: string; user?: string }) {
    const s = parseInput(serialInput, serial, 'serial');
    const enrolledAt = options?.enrolledAt ? parseInput(isoInput, options.enrolledAt, 'enrolledAt') : context.clock.now().toISOString();
    const userRef = options?.user ? await context.vault.refForPersonalData('device-user', options.user) : null;
    return (
      await decideDevice(context, s, {
        type: 'RecordEnrollment',
        data: { serial: s, enrolledAt: new Date(enrolledAt).toISOString(), userRef },
        metadata: commandMetadata(context, options, 'mdm:checkin'),
      })
    ).events;
  },

  async unenroll(serial: string, reason: string, options?: ActorOptions) {
    const s = parseInput(serialInput, serial, 'serial');
    return (
      await decideDevice(context, s, {
        type: 'UnenrollDevice',
        data: { serial: s, reason },
        metadata: commandMetadata(context, options, 'admin:unknown'),
      })
    ).events;
  },

  disown: (serials, reason, options) => operateOnDevices(context, 'disown', serials, reason, options),
  clearProfile: (serials, reason, options) => operateOnDevices(context, 'clear', serials, reason, options),
  escrowActivationLock: (serial, input, options) => escrowActivationLock(context, serial, input, options),
  activationLockBypassCode: (serial) => activationLockBypassCode(context, serial),
  lookUpReplacement: (serial, options) => lookUpReplacement(context, serial, options),
  enrollmentAnswer: (device) => answerEnrollment(context, device),

  state: (serial: string) => deviceState(context, parseInput(serialInput, serial, 'serial')),
});
