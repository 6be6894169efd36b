import type { Command } from 'commander';
import { CliError } from '../errors/cli-error';
import { exitCodes } from '../errors/exit-codes';
import { declareFleetOptions, fleetSettingsOf, poolFor, type FleetFlags } from './fleet-options';
import type { Kit } from './kit';
import { describeOutcome } from './scheduled-outcome';

type Options = {
  port: string;
  host: string;
  schedule: boolean;
  every: string;
  webhookAllow?: string[];
  logLevel?: string;
  allTenants?: boolean;
} & FleetFlags;

const logLevels = ['debug', 'info', 'warn', 'error'] as const;

const wholeNumber = (value: string, flag: string, min: number, max: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError('INVALID_INPUT', `${flag} must be a whole number from ${min} to ${max} (found ${JSON.stringify(value)}).`);
  return n;
};

/** depledger as a service: the JSON API with its OpenAPI document, and the scheduler, until SIGTERM or Ctrl-C. */
export const registerServe = (program: Command, kit: Kit): void => {
  const command = program
    .command('serve')
    .description('serve the JSON API (OpenAPI at /openapi.json) for an MDM in any language, and run the scheduler')
    .option('--port <port>', 'TCP port (0: any free one)', '8080')
    .option('--host <host>', 'address to listen on (loopback by default; put TLS in front before opening it wider)', '127.0.0.1')
    .option('--no-schedule', 'do not run the scheduler inside the server (syncs only when asked)')
    .option('--every <seconds>', 'how often the scheduler looks for due work', '60')
    .option(
      '--webhook-allow <host-or-cidr...>',
      'let webhooks reach these hosts or ranges inside the network (refused by default: loopback, link-local, private, metadata); also DEPLEDGER_WEBHOOK_ALLOW, comma-separated',
    )
    .option(
      '--log-level <level>',
      `write JSON log lines to stderr from this level up (${logLevels.join(', ')}): requests, webhook deliveries, appends, Apple calls, sync runs — ids and codes, never secrets or people`,
    )
    .option(
      '--all-tenants',
      "serve every tenant of the store: each key answers for its own tenant (depledger api-key create --tenant <id>); an operator's key (api-key create --operator) names the tenant in the header X-Depledger-Tenant",
    );
  declareFleetOptions(command)
    .addHelpText(
      'after',
      [
        '',
        'Every route but /openapi.json and /health needs an API key (Authorization: Bearer <key>):',
        '  depledger api-key create --name my-mdm --scope read write',
        'Writes are recorded with the key as actor (api:<name>). SIGTERM or Ctrl-C stops taking requests,',
        'lets those in flight finish, cancels a sync in flight (recorded; the next run resumes from its last page).',
        'Webhooks to loopback, link-local, private or metadata addresses are refused unless allowed:',
        '  depledger serve --webhook-allow 127.0.0.1 hooks.internal 10.20.0.0/16',
        '',
        'Example:',
        '  depledger serve --store sqlite:./depledger.db --port 8080',
      ].join('\n'),
    )
    .action(
      kit.action<Options>(async ({ options, globals, io, out, withContext }) => {
        const port = wholeNumber(options.port, '--port', 0, 65535);
        const every = wholeNumber(options.every, '--every', 1, 86_400);
        const allowTargets = [...(io.env['DEPLEDGER_WEBHOOK_ALLOW'] ?? '').split(','), ...(options.webhookAllow ?? [])]
          .map((entry) => entry.trim())
          .filter((entry) => entry !== '');
        if (options.logLevel !== undefined && !(logLevels as readonly string[]).includes(options.logLevel))
          throw new CliError(
            'INVALID_INPUT',
            `--log-level must be one of ${logLevels.join(', ')} (found ${JSON.stringify(options.logLevel)}).`,
          );
        // loaded only when asked for, like the server itself
        const logger =
          options.logLevel === undefined
            ? undefined
            : (await import('pino')).default({ level: options.logLevel }, { write: (line: string) => void io.stderr(line) });
        if (options.allTenants === true && globals.tenant !== 'default')
          throw new CliError(
            'INVALID_INPUT',
            `--all-tenants serves every tenant: give it without --tenant (found --tenant ${globals.tenant}).`,
          );
        // checked before anything starts: the fleet scheduler's settings, with --all-tenants only
        const fleet = fleetSettingsOf(options, options.allTenants === true);
        return withContext(
          async (context) => {
            // loaded here, not at start-up: the other commands never pay for the HTTP server
            const { createServer, createMultiTenantServer } = await import('@depledger/serve');
            const operator = options.allTenants === true ? context.operator() : undefined;
            const serving = {
              depledger: operator?.depledger ?? context.depledger,
              readModels: operator ? await operator.readModelsFor(operator.depledger) : await context.readModels(),
              ...(operator ? { readModelsFor: operator.readModelsFor, fleet: { ...fleet, store: operator.events } } : {}),
            };
            const server = await (operator ? createMultiTenantServer : createServer)({
              ...serving,
              lang: globals.lang,
              scheduler: options.schedule ? { checkEveryMs: every * 1000 } : false,
              webhooks: { allowTargets },
              ...(logger ? { logger } : {}),
              onUnexpectedError: (error) =>
                io.stderr(`${out.t('serve.requestFailed', { name: error instanceof Error ? error.name : 'error' })}\n`),
              onScheduledOutcome: (outcome) => {
                // the outcome's first line, as `depledger schedule` says it
                const [head] = describeOutcome(outcome, context.depledger.policy, globals.lang, context.depledger.clock.now());
                if (!globals.json && head !== undefined) io.stdout(`${head}\n`);
              },
            });
            const stopped = new Promise<string>((resolve) => {
              const onInterrupt = () => stop('SIGINT');
              const onTerminate = () => stop('SIGTERM');
              const stop = (signal: string) => {
                process.removeListener('SIGINT', onInterrupt);
                process.removeListener('SIGTERM', onTerminate);
                resolve(signal);
              };
              process.once('SIGINT', onInterrupt);
              process.once('SIGTERM', onTerminate);
            });
            let url: string;
            try {
              url = await server.listen({ port, host: options.host });
            } catch (error) {
              await server.close();
              throw new CliError(
                'SERVE_LISTEN_FAILED',
                `Cannot listen on ${options.host}:${port}: ${(error as Error).message}. Choose another --port or --host.`,
              );
            }
            if (globals.json) io.stdout(`${JSON.stringify({ listening: url, store: context.storeDescription })}\n`);
            else out.note(out.t('serve.listening', { url, store: context.storeDescription }));
            const signal = await stopped;
            await server.close();
            out.note(out.t('serve.stopped', { signal }));
            return exitCodes.ok;
          },
          // with --all-tenants, a connection per token worked on at once, and two for requests and read models
          { create: true, ...(logger ? { logger } : {}), ...(options.allTenants === true ? { connections: poolFor(fleet, 2) } : {}) },
        );
      }),
    );
};
