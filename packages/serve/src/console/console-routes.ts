import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '@depledger/projections';
import type { FastifyInstance } from 'fastify';
import { consoleMessages, consolePanes } from './console-messages';

/** The console's files, beside `src` and `dist` (`packages/serve/console`): plain HTML, CSS and a script, nothing to build. */
const consoleFolder = join(__dirname, '..', '..', 'console');

const files = {
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
} as const;

// Everything comes from this server: no CDN, no inline script, no frame, so the console works offline and resists injection.
const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/**
 * The administrator's console at `/` (and `/console/`): a page and a script that call the JSON API
 * with the API key the administrator signs in with, so it can do nothing the key cannot. Not part of
 * the API (it is not in the OpenAPI document).
 */
export const registerConsole = (app: FastifyInstance, defaultLang: Lang): void => {
  const page = readFileSync(join(consoleFolder, 'index.html'), 'utf8').replace('lang="fr"', `lang="${defaultLang}"`);
  const assets = new Map(
    Object.entries(files).map(([name, type]) => [name, { type, text: readFileSync(join(consoleFolder, name), 'utf8') }]),
  );
  const messages = JSON.stringify({ fr: consoleMessages('fr'), en: consoleMessages('en'), panes: consolePanes });

  app.get('/', async (_request, reply) => reply.redirect('/console/'));
  app.get('/console', async (_request, reply) => reply.redirect('/console/'));
  app.get('/console/', async (_request, reply) => reply.headers(securityHeaders).type('text/html; charset=utf-8').send(page));
  app.get('/console/messages.json', async (_request, reply) =>
    reply.headers(securityHeaders).type('application/json; charset=utf-8').send(messages),
  );
  for (const [name, asset] of assets) {
    app.get(`/console/${name}`, async (_request, reply) => reply.headers(securityHeaders).type(asset.type).send(asset.text));
  }
};
