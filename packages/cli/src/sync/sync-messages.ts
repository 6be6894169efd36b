import type { Lang } from '@depledger/projections';

type Counts = Readonly<Record<string, unknown>>;

const frPlural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
const enPlural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The sentences `depledger sync` and `depledger schedule` say about a run, in French and in English:
 * one language per command line (`--lang`), never mixed.
 */
export type SyncSentences = Readonly<{
  refused(tokenId: string, label: string, reason: string): string;
  /** The domain's explanation, in English: said in English only. */
  refusalDetail(message: string): string | null;
  retryAt(date: string, fromNow: string): string;
  retryUseless: string;
  ran(status: string, tokenId: string, kind: string, pages: number, fromApple: string, elapsed: string): string;
  devicesFromApple(n: number): string;
  thenRecords(n: number): string;
  feedRecords(n: number): string;
  counts(c: Counts): string;
  downgraded(interval: string): string;
  nextFull(date: string, fromNow: string): string;
  assignments(a: Counts): string;
  noDefaultProfile: string;
  defaultNotPublished: string;
  ruleProfileNotPublished: string;
  releasedByAbsence(n: number): string;
  retries(r: Counts): string;
  resumes: string;
  fromNow(ms: number): string;
  duration(value: number, unit: string): string;
}>;

const fromNow = (ms: number, words: { now: string; in: string; days: string }) => {
  if (ms <= 0) return words.now;
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 120) return `${words.in} ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${words.in} ${hours} h`;
  return `${words.in} ${Math.round(hours / 24)} ${words.days}`;
};

const french: SyncSentences = {
  refused: (tokenId, label, reason) => `Synchronisation refusée pour ${tokenId} : ${label} (${reason}).`,
  refusalDetail: () => null,
  retryAt: (date, when) => `  Réessayer après ${date} (${when}).`,
  retryUseless: '  Réessayer ne servira à rien tant que le jeton n’est pas réparé (voir `depledger tokens`).',
  ran: (status, tokenId, kind, pages, fromApple, elapsed) =>
    `Synchronisation ${status} pour ${tokenId} : ${kind}, ${frPlural(pages, 'page')}, ${fromApple} en ${elapsed}.`,
  devicesFromApple: (n) => `${frPlural(n, 'appareil')} reçu${n > 1 ? 's' : ''} d’Apple`,
  thenRecords: (n) => `, puis ${frPlural(n, 'enregistrement')} de la passe de synchronisation`,
  feedRecords: (n) => `${frPlural(n, 'enregistrement')} du flux de synchronisation d’Apple`,
  counts: (c) => `  ${c['added']} ajouté(s), ${c['modified']} modifié(s), ${c['released']} retiré(s), ${c['unchanged']} inchangé(s).`,
  downgraded: (interval) =>
    `  Synchronisation complète demandée ; incrémentale exécutée : une synchronisation complète a lieu au plus une fois tous les ${interval}, une plus rapprochée ne rafraîchit que les changements et les numéros de série encore inconnus.`,
  nextFull: (date, when) => `  Prochaine synchronisation complète permise le ${date} (${when}).`,
  assignments: (a) =>
    `  Profil par défaut : ${a['sent']} envoyé(s), ${a['assigned']} attribué(s), ${a['failed']} en échec, ${a['throttled']} limité(s) par Apple, ${a['notAccessible']} inaccessible(s).`,
  noDefaultProfile: '  Les nouveaux appareils n’ont reçu aucun profil : le jeton n’a pas de profil par défaut (depledger profile default).',
  defaultNotPublished:
    '  Les nouveaux appareils n’ont reçu aucun profil : le profil par défaut n’est pas publié (depledger profile publish).',
  ruleProfileNotPublished:
    '  Des appareils n’ont reçu aucun profil : une règle de routage désigne un profil non publié ou retiré (depledger profile rules).',
  releasedByAbsence: (n) => `  ${frPlural(n, 'appareil')} qu’Apple ne signale plus ${n > 1 ? 'ont été retirés' : 'a été retiré'}.`,
  retries: (r) => `  Nouvelles tentatives dues : ${r['sent']} envoyée(s), ${r['assigned']} attribuée(s).`,
  resumes: '  La prochaine synchronisation reprend à la dernière page enregistrée.',
  fromNow: (ms) => fromNow(ms, { now: 'maintenant', in: 'dans', days: 'jours' }),
  duration: (value, unit) =>
    `${value} ${({ days: 'jour', hours: 'heure', minutes: 'minute', seconds: 'seconde' } as Record<string, string>)[unit] ?? unit}${value > 1 ? 's' : ''}`,
};

const english: SyncSentences = {
  refused: (tokenId, label, reason) => `Sync refused for ${tokenId}: ${label} (${reason}).`,
  refusalDetail: (message) => `  ${message}`,
  retryAt: (date, when) => `  Retry after ${date} (${when}).`,
  retryUseless: '  Retrying will not help until the token is fixed (see `depledger tokens`).',
  ran: (status, tokenId, kind, pages, fromApple, elapsed) =>
    `Sync ${status} for ${tokenId}: ${kind} run, ${enPlural(pages, 'page')}, ${fromApple} in ${elapsed}.`,
  devicesFromApple: (n) => `${enPlural(n, 'device')} from Apple`,
  thenRecords: (n) => `, then ${enPlural(n, 'record')} from the sync pass`,
  feedRecords: (n) => `${enPlural(n, 'record')} from Apple's sync feed`,
  counts: (c) => `  ${c['added']} added, ${c['modified']} modified, ${c['released']} released, ${c['unchanged']} unchanged.`,
  downgraded: (interval) =>
    `  Asked for a full sync; ran incremental: a full sync runs at most once every ${interval}, a sooner one refreshes only what changed and serials not known yet.`,
  nextFull: (date, when) => `  Next full sync allowed ${date} (${when}).`,
  assignments: (a) =>
    `  Default profile: ${a['sent']} sent, ${a['assigned']} assigned, ${a['failed']} failed, ${a['throttled']} throttled, ${a['notAccessible']} not accessible.`,
  noDefaultProfile: '  New devices got no profile: the token has no default profile (depledger profile default).',
  defaultNotPublished: '  New devices got no profile: the default profile is not published (depledger profile publish).',
  ruleProfileNotPublished:
    '  Some devices got no profile: a routing rule names a profile that is not published or is retired (depledger profile rules).',
  releasedByAbsence: (n) => `  ${enPlural(n, 'device')} no longer reported by Apple released.`,
  retries: (r) => `  Retries due: ${r['sent']} sent, ${r['assigned']} assigned.`,
  resumes: '  The next run resumes from the last recorded page.',
  fromNow: (ms) => fromNow(ms, { now: 'now', in: 'in', days: 'days' }),
  duration: (value, unit) => `${value} ${value === 1 ? unit.replace(/s$/, '') : unit}`,
};

/** The run's status and kind as the sentences use them. */
export const runWords: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  fr: { completed: 'terminée', failed: 'en échec', timed_out: 'hors délai', full: 'complète', incremental: 'incrémentale' },
  en: { completed: 'completed', failed: 'failed', timed_out: 'timed out', full: 'full', incremental: 'incremental' },
};

export const syncSentences = (lang: Lang): SyncSentences => (lang === 'fr' ? french : english);
