import { SimulatorError } from '../simulator-error';
import { assignDevicesToServer } from '../state/device-assignment';
import { replaceDevice, type ReplacementInput } from '../state/device-replacement';
import type { Organisation } from '../state/organisation';
import { planInventory } from './inventory-seeder';
import { newDeviceRecord, type DeviceInput } from './device-record';
import { viewDevice, type DeviceView } from './device-view';
import { powerOnDevice, type PowerOnResult } from './power-on';
import { machineInfoOf, type MachineInfoOptions, type SignedMachineInfo } from './machine-info';
import { createDeviceAuthority, type DeviceAuthority } from '../pki/device-identity';

export interface SeedOptions {
  count: number;
  /** Same seed, same devices [the simulator's seed]. */
  seed?: number;
  /** Assign the new devices to this MDM server right away. */
  serverId?: string;
  assignedBy?: string;
}

/** The organisation's devices: seed, add, look up, switch on. */
export interface DeviceInventory {
  /** Adds `count` plausible devices (deterministic by seed) and returns their serials. */
  seed(options: SeedOptions): string[];
  add(devices: DeviceInput | readonly DeviceInput[], serverId?: string): string[];
  get(serial: string): DeviceView | undefined;
  list(filter?: { serverId?: string; orderNumber?: string }): DeviceView[];
  count(): number;
  powerOn(serial: string): Promise<PowerOnResult>;
  /**
   * Apple replaces a device: the new one (flagged `is_replacement_device`) takes the original's MDM
   * server, the original leaves it (`deleted` with `released_by_replacement`) and the organisation.
   * Returns the new serial.
   */
  replace(originalSerial: string, replacement: ReplacementInput): string;
  /** The Activation Lock an MDM enabled on the device (`POST /device/activationlock`), if any. */
  activationLock(serial: string): { escrowKey: string | undefined; lockedAtMs: number } | undefined;
  /**
   * The MachineInfo the device sends the MDM's enrollment URL in Setup Assistant (a plist signed
   * by the device's identity), with the simulator's device CA that the signer chains to.
   */
  machineInfo(serial: string, options?: MachineInfoOptions): SignedMachineInfo;
}

export function createDeviceInventory(org: Organisation): DeviceInventory {
  let seedCalls = 0;
  let authority: DeviceAuthority | undefined; // two RSA keys, made when a MachineInfo is first asked for
  const add = (inputs: readonly DeviceInput[], serverId?: string, assignedBy?: string): string[] => {
    const server = serverId === undefined ? undefined : org.servers.get(serverId);
    if (serverId !== undefined && server === undefined) throw new SimulatorError('UNKNOWN_SERVER', `No MDM server ${serverId}`);
    const serials: string[] = [];
    for (const input of inputs) {
      if (org.devices.has(input.serial)) throw new SimulatorError('INVALID_INPUT', `Device ${input.serial} already exists`);
      org.devices.set(input.serial, newDeviceRecord(input));
      serials.push(input.serial);
    }
    if (server !== undefined) assignDevicesToServer(org, server, serials, assignedBy ?? org.settings.organisation.admin_id);
    return serials;
  };
  return {
    seed(options) {
      seedCalls++;
      const planned = planInventory({
        count: options.count,
        seed: options.seed ?? org.settings.seed * 7919 + seedCalls,
        depsimSerials: org.faults.get().depsim,
        taken: (serial) => org.devices.has(serial),
      });
      return add(planned, options.serverId, options.assignedBy);
    },
    add: (devices, serverId) => add(Array.isArray(devices) ? (devices as readonly DeviceInput[]) : [devices as DeviceInput], serverId),
    get(serial) {
      const device = org.devices.get(serial);
      return device === undefined ? undefined : viewDevice(device);
    },
    list(filter = {}) {
      const views: DeviceView[] = [];
      for (const device of org.devices.values()) {
        if (filter.serverId !== undefined && device.serverId !== filter.serverId) continue;
        if (filter.orderNumber !== undefined && device.orderNumber !== filter.orderNumber) continue;
        views.push(viewDevice(device));
      }
      return views;
    },
    count: () => org.devices.size,
    powerOn: (serial) => powerOnDevice(org, serial),
    replace: (originalSerial, replacement) => replaceDevice(org, originalSerial, replacement),
    activationLock: (serial) => {
      const lock = org.devices.get(serial)?.activationLock;
      return lock === undefined ? undefined : { ...lock };
    },
    machineInfo(serial, options) {
      const device = org.devices.get(serial);
      if (device === undefined) throw new SimulatorError('UNKNOWN_DEVICE', `No device ${serial} in the organisation`);
      authority ??= createDeviceAuthority();
      return machineInfoOf(device, authority, options);
    },
  };
}
