// Builds the workspace once per jest run, before any test file: the end-to-end specs run the built
// `depledger` binary and the built simulator (packages/*/dist). `pnpm test` has built it already
// (its pretest), so this is then an up-to-date check; `npx jest <path>` gets a current build too.
// Each spec file's own build call (cli's `buildCli`) sees DEPLEDGER_WORKSPACE_BUILT and skips it.
const { execFileSync } = require('node:child_process');
const { dirname, join } = require('node:path');

module.exports = () => {
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-b', 'tsconfig.json'], { cwd: __dirname, stdio: 'pipe' });
  } catch (error) {
    throw new Error(`the workspace does not build (tsc -b tsconfig.json):\n${error.stdout?.toString() ?? error.message}`);
  }
  process.env.DEPLEDGER_WORKSPACE_BUILT = '1';
};
