import type { AppleSimulator } from '@depledger/apple-simulator';
import { json, type Cli } from './cli-process';

/**
 * Steps 2 to 4 through the binary, as a test's starting point: a key for `tokenId`, an MDM server
 * at the simulator's portal with `devices` devices, and the server token uploaded. Returns the
 * portal's server id.
 */
export const uploadSimulatedToken = async (
  cli: Cli,
  simulator: AppleSimulator,
  url: string,
  tokenId: string,
  devices: number,
): Promise<string> => {
  const generated = await cli('key', 'generate', '--token', tokenId, '--out', `${tokenId}.pem`);
  if (generated.code !== 0) throw new Error(`key generate failed: ${generated.stderr}`);
  const server = json<{ serverId: string }>(
    await cli('simulator', 'portal', 'add-server', '--pem', `${tokenId}.pem`, '--out', `${tokenId}.p7m`, '--simulator-url', url, '--json'),
  );
  simulator.devices.seed({ count: devices, serverId: server.serverId });
  const uploaded = await cli(
    'token',
    'upload',
    '--token',
    tokenId,
    '--file',
    `${tokenId}.p7m`,
    '--apple-id',
    'alice@contoso.example',
    '--apple-url',
    url,
  );
  if (uploaded.code !== 0) throw new Error(`token upload failed: ${uploaded.stderr}`);
  return server.serverId;
};
