// Starts sync-child-main.ts in a plain Node process: TypeScript through esbuild-register, and
// `@depledger/<pkg>` resolved to each package's source, as jest does for the tests.
const Module = require('node:module');
const path = require('node:path');

const packages = path.resolve(__dirname, '../../..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const workspace = /^@depledger\/([a-z-]+)$/.exec(request);
  return resolve.call(this, workspace ? path.join(packages, workspace[1], 'src', 'index.ts') : request, ...rest);
};
require('esbuild-register/dist/node').register({ target: 'node20' });
require('./sync-child-main.ts');
