import { CliError } from '../errors/cli-error';
import { readInputFile } from '../files/input-file';

/** Reads the .pem the administrator uploads at the portal: a certificate, or one clear line. */
export const readCertificate = (cwd: string, path: string): string => {
  const certificatePem = readInputFile(cwd, path, 'The certificate file').toString('utf8');
  if (!certificatePem.includes('BEGIN CERTIFICATE')) {
    throw new CliError('INVALID_INPUT', `${path} is not a PEM certificate: give the .pem written by \`depledger key generate\`.`);
  }
  return certificatePem;
};
