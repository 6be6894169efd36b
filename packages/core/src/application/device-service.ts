import { z } from 'zod';
import { commandMetadata, type ActorOptions, type ApplicationContext } from './application-context';
import { parseInput, serialInput } from './input';
import { decideDevice, deviceState } from './streams';

const isoInput = z.iso.datetime({ offset: true });

/** The Intune document's step 8 and after: what the MDM reports about devices. */
export const createDeviceService = (context: ApplicationContext) => ({
  /**
   * Records an MDM check-in: the device enrolled (status "Inscrit"). The user, under user affinity,
   * is personal data: it is kept in the vault and the event carries a reference.
   */
  async recordEnrollment(serial: string, options?: ActorOptions & { enrolledAt?: string; user?: string }) {
    const s = parseInput(serialInput, serial, 'serial');
    const enrolledAt = options?.enrolledAt ? parseInput(isoInput, options.enrolledAt, 'enrolledAt') : context.clock.now().toISOString();
    const userRef = options?.user ? await context.vault.refForPersonalData('device-user', options.user) : null;
    return (await decideDevice(context, s, {
      type: 'RecordEnrollment',
      data: { serial: s, enrolledAt: new Date(enrolledAt).toISOString(), userRef },
      metadata: commandMetadata(context, options, 'mdm:checkin'),
    })).events;
  },

  /** An administrator unenrolls a device (its user cannot: DEP profiles are not removable by default). */
  async unenroll(serial: string, reason: string, options?: ActorOptions) {
    const s = parseInput(serialInput, serial, 'serial');
    return (await decideDevice(context, s, { type: 'UnenrollDevice', data: { serial: s, reason }, metadata: commandMetadata(context, options, 'admin:unknown') })).events;
  },

  state: (serial: string) => deviceState(context, parseInput(serialInput, serial, 'serial')),
});

export type DeviceService = ReturnType<typeof createDeviceService>;
