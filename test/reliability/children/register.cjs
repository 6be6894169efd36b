// Runs a TypeScript child of the reliability tests in a plain Node process: TypeScript through
// esbuild-register, and `@depledger/<pkg>` resolved to each package's source, as jest does.
// Usage: node register.cjs <child.ts>
const Module = require('node:module');
const path = require('node:path');

const packages = path.resolve(__dirname, '../../../packages');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const workspace = /^@depledger\/([a-z-]+)$/.exec(request);
  return resolve.call(this, workspace ? path.join(packages, workspace[1], 'src', 'index.ts') : request, ...rest);
};
require('esbuild-register/dist/node').register({ target: 'node20' });
require(path.resolve(__dirname, process.argv[2]));
