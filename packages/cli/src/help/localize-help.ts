import type { EventEmitter } from 'node:events';
import { Help, type Command, type HelpConfiguration, type Option } from 'commander';
import { helpTexts, message, type Label, type Lang } from '@depledger/core';

/** The help text of `key` (`help.<command path>…`) in `lang`, or undefined when the catalogue has none. */
const helpText = (key: string, lang: Lang): string | undefined => (helpTexts as Readonly<Record<string, Label>>)[key]?.[lang];

/** Where a command's texts are in the catalogue: its path from the program (`business assign`), `depledger` for the program itself. */
export const helpPath = (command: Command): string => {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.length === 0 ? 'depledger' : names.join(' ');
};

/** What an option's line adds after its description — its choices, default and variable — in `lang`. */
const optionExtras = (option: Option, lang: Lang): string[] => {
  const extras: string[] = [];
  if (option.argChoices)
    extras.push(message(lang, 'cli.help.choices', { choices: option.argChoices.map((c) => JSON.stringify(c)).join(', ') }));
  const shown = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
  if (option.defaultValue !== undefined && shown)
    extras.push(message(lang, 'cli.help.default', { value: option.defaultValueDescription ?? JSON.stringify(option.defaultValue) }));
  if (option.envVar !== undefined) extras.push(message(lang, 'cli.help.env', { name: option.envVar }));
  return extras;
};

/**
 * How `--help` lays out its text in `lang`: the headings (Usage, Options, Commands…) and what an
 * option line adds (choices, default, variable) come from the message catalogue.
 */
export const helpConfiguration = (lang: Lang): HelpConfiguration => {
  const titles: Readonly<Record<string, string>> = {
    'Usage:': message(lang, 'cli.help.usage'),
    'Arguments:': message(lang, 'cli.help.arguments'),
    'Options:': message(lang, 'cli.help.options'),
    'Global Options:': message(lang, 'cli.help.globalOptions'),
    'Commands:': message(lang, 'cli.help.commands'),
  };
  // commander's `[command]` placeholder, in the usage line and beside `help`, said on commander's own terms
  const plain = new Help();
  const placeholders = (text: string): string => text.replace('[command]', message(lang, 'cli.help.commandPlaceholder'));
  return {
    showGlobalOptions: true,
    commandUsage: (command: Command) => placeholders(plain.commandUsage(command)),
    subcommandTerm: (command: Command) => placeholders(plain.subcommandTerm(command)),
    styleTitle: (title: string) => titles[title] ?? title,
    optionDescription(this: Help, option: Option): string {
      const extras = optionExtras(option, lang);
      return extras.length === 0 ? option.description : `${option.description} (${extras.join(', ')})`.trim();
    },
  };
};

/** Sets the help option's and the help command's descriptions in `lang`; subcommands made afterwards inherit them. */
export const localizeHelpEntries = (program: Command, lang: Lang): Command =>
  program
    .helpOption('-h, --help', message(lang, 'cli.help.helpOption'))
    .helpCommand('help [command]', message(lang, 'cli.help.helpCommand'));

/**
 * Says every command's `--help` in `lang`: each command's description, its options' and arguments'
 * descriptions and the text after its options, from the catalogue's help texts. A text the
 * catalogue does not have stays as the command declared it (help.unit.spec.ts fails on it).
 */
export const localizeHelp = (command: Command, lang: Lang): Command => {
  const path = helpPath(command);
  const description = helpText(`help.${path}`, lang);
  if (description !== undefined) command.description(description);
  for (const argument of command.registeredArguments) {
    const said = helpText(`help.${path} <${argument.name()}>`, lang);
    if (said !== undefined) argument.description = said;
  }
  for (const option of command.options) {
    const said = helpText(`help.${path} ${option.long ?? option.short ?? ''}`, lang);
    if (said !== undefined) option.description = said;
  }
  const after = helpText(`help.${path} after`, lang);
  if (after !== undefined) {
    // commander keeps each text after the options as an `afterHelp` listener (a Command is an EventEmitter)
    (command as unknown as EventEmitter).removeAllListeners('afterHelp');
    command.addHelpText('after', after);
  }
  for (const sub of command.commands) localizeHelp(sub, lang);
  return command;
};
