/** An error of the simulator's own API (portal, devices, control routes), with a stable code. */
export class SimulatorError extends Error {
  constructor(
    readonly code: 'UNKNOWN_SERVER' | 'UNKNOWN_DEVICE' | 'UNKNOWN_API_ACCOUNT' | 'INVALID_INPUT' | 'NOT_STARTED' | 'ALREADY_STARTED',
    message: string,
  ) {
    super(message);
    this.name = 'SimulatorError';
  }
}
