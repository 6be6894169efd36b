import type { DeviceSelectionInput } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import { readInputFile } from '../files/input-file';
import type { CliIo } from '../runtime/cli-io';

/** `--serials`, `--order`, `--csv`: which devices a business command names. */
export type SelectionOptions = { serials?: string; order?: string; csv?: string };

/** Exactly one of `--serials`, `--order` or `--csv` as the service's selection (the CSV file read here). */
export const selectionFromOptions = (options: SelectionOptions, io: CliIo): DeviceSelectionInput => {
  const given = [options.serials, options.order, options.csv].filter((value) => value !== undefined).length;
  if (given !== 1) throw new CliError('INVALID_INPUT', 'Give exactly one of --serials, --order or --csv.');
  if (options.order !== undefined) return { orderNumber: options.order };
  if (options.csv !== undefined) return { csv: readInputFile(io.cwd, options.csv, 'The CSV file').toString('utf8') };
  return {
    serials: (options.serials ?? '')
      .split(',')
      .map((serial) => serial.trim())
      .filter((serial) => serial !== ''),
  };
};
