import type { Command } from 'commander';
import { listDevices } from '@depledger/projections';
import type { RouteDecision, RoutableDevice, RoutingRuleInput } from '@depledger/core';
import { CliError } from '../errors/cli-error';
import { readInputFile } from '../files/input-file';
import type { Output } from '../output/output';
import { table } from '../output/table';
import type { Kit } from './kit';

type RulesOptions = { token: string; set?: string };
type RouteOptions = { token: string; dryRun?: boolean; serial?: string[] };

/** The conditions a decision names, by the words core's `routeDevice` uses for them. */
const conditionNames = [
  ['order number', 'route.orderNumber'],
  ['family', 'route.family'],
  ['model', 'route.model'],
  ['serial', 'route.serial'],
  ['os', 'route.os'],
] as const;

/**
 * Why a device gets its profile, in `--lang`: core says it in English (`reason`, kept as is in
 * JSON); the rule's number, its note and the conditions met are said again from the catalogue.
 */
const whyIn = (decision: RouteDecision, notes: readonly (string | undefined)[], t: Output['t']): string => {
  if (decision.source === 'default') return t('route.default');
  if (decision.source === 'none') return t('route.none');
  const note = notes[decision.ruleIndex];
  const met = decision.reason.slice(`rule ${decision.ruleIndex + 1}${note ? ` (${note})` : ''}: `.length);
  const said =
    met === 'matches every device'
      ? t('route.everyDevice')
      : met
          .split(', ')
          .map((condition) => {
            const named = conditionNames.find(([name]) => condition.startsWith(`${name} `));
            return named === undefined ? condition : `${t(named[1])} ${condition.slice(named[0].length + 1)}`;
          })
          .join(', ');
  return t('route.rule', { n: decision.ruleIndex + 1, note: note ? ` (${note})` : '', why: said });
};

const rulesFrom = (cwd: string, path: string): RoutingRuleInput[] => {
  const text = readInputFile(cwd, path, 'The rules file').toString('utf8');
  try {
    return JSON.parse(text) as RoutingRuleInput[];
  } catch (error) {
    throw new CliError('INVALID_INPUT', `The rules file ${path} is not JSON (${(error as Error).message}): fix it and try again.`, {
      path,
    });
  }
};

/** `profile rules`: a token's routing rules (conditions → profile, first match wins, then the default profile). */
export const registerProfileRules = (parent: Command, kit: Kit): void => {
  parent
    .command('rules')
    .description("a token's routing rules: which profile a device gets (first match wins; the default profile comes after them)")
    .requiredOption('--token <id>', 'the token')
    .option(
      '--set <rules.json>',
      'replace the rules with those of a JSON file: [{ "profileId", "when": { family, os, model, orderNumber, serials }, "note" }]',
    )
    .addHelpText(
      'after',
      '\nAt each sync, every new device (or one unassigned and assigned again at Apple) gets the profile these rules choose; order numbers come from the inventory `depledger business devices` records.\n\nExample rules.json:\n  [{ "profileId": "macs", "when": { "family": ["Mac"] } },\n   { "profileId": "vip", "when": { "serials": ["C02XK1ABCD12"] }, "note": "executives" }]\n\nExamples:\n  depledger profile rules --token paris --set rules.json\n  depledger profile route --token paris --dry-run',
    )
    .action(
      kit.action<RulesOptions>(async ({ options, io, out, withContext, globals }) => {
        const rules = await withContext(async (context) => {
          if (options.set !== undefined)
            await context.depledger.tokens.setRoutingRules(options.token, rulesFrom(io.cwd, options.set), { actor: globals.actor });
          const state = await context.depledger.tokens.state(options.token);
          return state.status === 'active'
            ? { rules: state.routingRules ?? [], defaultProfileId: state.defaultProfileId }
            : { rules: [], defaultProfileId: null };
        });
        out.result(
          () => [
            ...rules.rules.map(
              (r, i) =>
                `${out.t('rules.rule', { n: i + 1, when: JSON.stringify(r.when), profile: r.profileId })}${r.note ? out.t('rules.note', { note: r.note }) : ''}`,
            ),
            out.t('rules.otherDevices', { n: rules.rules.length + 1, profile: rules.defaultProfileId ?? out.t('rules.noProfile') }),
          ],
          { tokenId: options.token, ...rules },
        );
      }),
    );
};

/** `profile route --dry-run`: which profile each known (or listed) device would get, and why. */
export const registerProfileRoute = (parent: Command, kit: Kit): void => {
  parent
    .command('route')
    .description("which profile each device would get under the token's routing rules, and why")
    .requiredOption('--token <id>', 'the token')
    .option('--dry-run', 'show the decisions without assigning anything (the only mode: assignment happens at sync)')
    .option('--serial <serial...>', 'these serials instead of every known device of the token')
    .addHelpText('after', '\nExample:\n  depledger profile route --token paris --dry-run --serial C02XK1ABCD12')
    .action(
      kit.action<RouteOptions>(async ({ options, out, withContext, globals }) => {
        if (options.dryRun !== true) {
          throw new CliError('INVALID_INPUT', 'profile route only shows decisions: add --dry-run (devices are assigned at sync).', {
            field: 'dryRun',
          });
        }
        const routed = await withContext(async (context) => {
          const { readModels } = await context.readModels();
          const known = await listDevices(readModels, { tokenId: options.token, lang: globals.lang });
          const bySerial = new Map(known.map((d) => [d.serial, d]));
          const serials = options.serial?.map((s) => s.trim().toUpperCase()) ?? known.map((d) => d.serial);
          const devices: RoutableDevice[] = serials.map((serial) => {
            const d = bySerial.get(serial);
            return d === undefined ? { serial } : { serial, family: d.family, os: d.os, model: d.model };
          });
          const state = await context.depledger.tokens.state(options.token);
          const notes = state.status === 'active' ? (state.routingRules ?? []).map((rule) => rule.note) : [];
          return { notes, decisions: await context.depledger.tokens.route(options.token, devices) };
        });
        out.result(
          () =>
            table(routed.decisions, [
              { header: out.t('cli.col.serial'), value: (d) => d.serial },
              { header: out.t('cli.col.profile'), value: (d) => d.profileId ?? '-' },
              { header: out.t('route.col.why'), value: (d) => whyIn(d, routed.notes, out.t) },
            ]),
          { tokenId: options.token, dryRun: true, decisions: routed.decisions },
        );
      }),
    );
};
