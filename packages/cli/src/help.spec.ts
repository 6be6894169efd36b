import type { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { helpTexts, langs, type Label } from '@depledger/core';
import { createKit } from './commands/kit';
import { helpPath } from './help/localize-help';
import { declareProgram } from './program';
import { run } from './run';
import { processIo, type CliIo } from './runtime/cli-io';

/** Runs the command in this process (no store is opened for --help) and captures what it prints. */
const runInProcess = async (...argv: string[]) => {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    progressStream: new PassThrough(),
    env: {},
    cwd: process.cwd(),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
};

const subcommands = [
  ['key', 'generate'],
  ['token', 'upload'],
  ['token', 'verify'],
  ['token', 'remove'],
  ['tokens'],
  ['vault', 'rotate-key'],
  ['profile', 'define'],
  ['profile', 'revise'],
  ['profile', 'publish'],
  ['profile', 'default'],
  ['profile', 'list'],
  ['profile', 'retire'],
  ['assign'],
  ['business', 'connect'],
  ['business', 'servers'],
  ['business', 'devices'],
  ['business', 'assign'],
  ['business', 'unassign'],
  ['business', 'release'],
  ['business', 'migration-deadline'],
  ['business', 'cancel-migration'],
  ['business', 'activity'],
  ['business', 'status'],
  ['sync'],
  ['syncs'],
  ['queue'],
  ['devices'],
  ['summary'],
  ['history'],
  ['enroll'],
  ['unenroll'],
  ['rebuild'],
  ['simulator'],
  ['simulator', 'portal', 'add-server'],
  ['simulator', 'portal', 'assign'],
  ['simulator', 'portal', 'renew'],
  ['simulator', 'portal', 'servers'],
  ['simulator', 'portal', 'devices'],
  ['demo'],
  ['simulator', 'power-on'],
];

describe('--help', () => {
  it.each(subcommands)('depledger %s %s has help with an example, exit 0', async (...words) => {
    const names = words.filter((w): w is string => typeof w === 'string');
    const result = await runInProcess(...names, '--help', '--lang', 'en');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: depledger ${names.join(' ')}`);
    expect(result.stdout).toMatch(/Examples?:\n {2}depledger /);
    expect(result.stdout).toContain('--json');
  });

  it.each(subcommands)('depledger %s %s has help in French by default, with its example', async (...words) => {
    const names = words.filter((w): w is string => typeof w === 'string');
    const result = await runInProcess(...names, '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Utilisation : depledger ${names.join(' ')}`);
    expect(result.stdout).toMatch(/Exemples? :\n {2}depledger /);
    expect(result.stdout).toContain('Options globales :');
    expect(result.stdout).not.toMatch(/Usage:|Options:|Examples?:|display help|default:/);
  });

  it('the top-level help lists the steps and the exit codes, in the language asked', async () => {
    const english = await runInProcess('--help', '--lang', 'en');
    expect(english.code).toBe(0);
    expect(english.stdout).toContain("The Intune document's steps:");
    expect(english.stdout).toContain('Exit codes: 0 done');
    const french = await runInProcess('--help', '--lang=fr');
    expect(french.stdout).toContain('Les étapes du document Intune :');
    expect(french.stdout).toContain('Codes de sortie : 0 terminé');
    expect(french.stdout).toContain('Utilisation : depledger [options] [commande]');
    expect(french.stdout).toMatch(/\n {2}help \[commande\] +afficher l’aide d’une commande\n/);
    expect(english.stdout).toContain('Usage: depledger [options] [command]');
  });

  it('takes the language from DEPLEDGER_LANG when --lang is not given', async () => {
    let stdout = '';
    const io: CliIo = {
      stdout: (t) => void (stdout += t),
      stderr: () => undefined,
      isTTY: false,
      progressStream: new PassThrough(),
      env: { DEPLEDGER_LANG: 'en' },
      cwd: process.cwd(),
    };
    expect(await run(['tokens', '--help'], io)).toBe(0);
    expect(stdout).toContain('Usage: depledger tokens');
  });
});

/** Every text `--help` shows, by its key in the catalogue, as the code declares it (in English). */
const declaredTexts = (command: Command, texts: Map<string, string> = new Map()): Map<string, string> => {
  const path = helpPath(command);
  texts.set(`help.${path}`, command.description());
  for (const argument of command.registeredArguments)
    if (argument.description) texts.set(`help.${path} <${argument.name()}>`, argument.description);
  for (const option of command.options) texts.set(`help.${path} ${option.long ?? option.short ?? ''}`, option.description);
  const after: string[] = [];
  for (const listener of (command as unknown as EventEmitter).listeners('afterHelp'))
    (listener as (context: { write(text: string): void; command: Command; error: boolean }) => void)({
      write: (text) => void after.push(text.replace(/\n$/, '')),
      command,
      error: false,
    });
  if (after.length > 0) texts.set(`help.${path} after`, after.join('\n'));
  for (const sub of command.commands) declaredTexts(sub, texts);
  return texts;
};

describe('the help texts in the catalogue', () => {
  const declared = declaredTexts(declareProgram(createKit(processIo(), { exitCode: 0 }), 'en'));
  const catalogue = helpTexts as Readonly<Record<string, Label>>;

  it('has every command, option, argument and text after the options, in both languages', () => {
    const missing = [...declared.keys()].filter((key) => catalogue[key] === undefined);
    expect(missing).toEqual([]);
    for (const key of declared.keys())
      for (const lang of langs) expect({ key, lang, blank: catalogue[key]?.[lang].trim() === '' }).toEqual({ key, lang, blank: false });
  });

  it('says in English what the code declares, so a changed description cannot leave its French behind', () => {
    for (const [key, english] of declared) expect({ key, en: catalogue[key]?.en }).toEqual({ key, en: english });
  });

  it('keeps no text for a command or an option that is gone', () => {
    expect(Object.keys(catalogue).filter((key) => !declared.has(key))).toEqual([]);
  });
});
