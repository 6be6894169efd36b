import type { Lang } from '@depledger/core';
import type { CliResult } from './cli-process';

/**
 * What people read, without what is not language: commands and flags quoted in a sentence, the
 * commands a line shows (`depledger …`) or --help lists (`  key  …`), read-model names and other hyphenated ids, quoted values,
 * URLs, file names, placeholders, Apple's product names, and the Intune document's own words quoted as « … ».
 */
export const prose = (text: string): string =>
  text
    .replace(/`[^`]*`/g, ' ')
    .replace(/«[^»]*»/g, ' ')
    .replace(/(?:Apple\s+)?School\s+and\s+Business\s+Manager/g, ' ')
    .replace(/"[^"\n]*"/g, ' ')
    .replace(/\b[a-z]+(?:-[a-z]+)+\b/g, ' ')
    .replace(/(?:depledger|node \S+\.js) [^\n()]*/g, ' ')
    .replace(/^ {2}[a-z][\w-]*(?= )/gm, ' ')
    .replace(/\/[\w/.-]+/g, ' ')
    .replace(/--[a-z-]+/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[\w/-]+(?:\.[\w-]+)*\.(?:db|key|pem|p7m|csv|json|p7s)\b/g, ' ')
    .replace(/<[^>]*>/g, ' ');

/** Words that are English and never French (in French output), and French and never English (in English output). */
export const foreign: Readonly<Record<Lang, RegExp>> = {
  fr: /\b(the|is|are|and|of|for|from|with|yet|has|was|not|no|to|in|at|by|its|it|be|will|this|these|which|what|when|every|only|error|warning|devices?|records?|so far|next|uploaded|defined|enrolled|allowed|checked|history|status|serial|server|token|key|step|rule|matched|why|order|fetched|answered|finished|activities|account|connected|listening|stopped|replaced|stops|display|print|none|unknown|already|manual|scheduled|completed)\b|\busage:/i,
  en: /\b(le|la|les|des|du|une?|pour|est|sont|avec|aucun|aucune|appareils?|jetons?|erreur|été|chargé|inscrit|historique|profil|serveur|compte|commande|dans|sur|chez|puis|votre|règle|clé)\b|[éèêàùçôî]/i,
};

/** The first word of `result`'s output (stdout and stderr) that belongs to the language other than `lang`, or null. */
export const foreignWord = (result: Pick<CliResult, 'stdout' | 'stderr'>, lang: Lang): string | null =>
  prose(`${result.stdout}\n${result.stderr}`).match(foreign[lang])?.[0] ?? null;
