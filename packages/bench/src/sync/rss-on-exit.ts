import { writeFileSync } from 'node:fs';

/**
 * Preloaded (`node -r`) into a child the bench times: at exit, writes the process's peak RSS in
 * KiB to the file named by DEPLEDGER_BENCH_RSS_FILE, so a command's own peak is measured from inside.
 */
const file = process.env['DEPLEDGER_BENCH_RSS_FILE'];
if (file !== undefined) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
