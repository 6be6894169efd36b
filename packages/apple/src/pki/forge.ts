import type Forge from 'node-forge';

let loaded: typeof Forge | undefined;

/**
 * node-forge, loaded the first time a key, certificate or `.p7m` is handled: a process that only
 * syncs or reads (most `depledger` commands, every serve request) never pays for its 40 modules.
 */
export const forge = (): typeof Forge => (loaded ??= require('node-forge') as typeof Forge);
