import { message, pluralForm, type Lang, type MessageKey } from '@depledger/core';

type Counts = Readonly<Record<string, unknown>>;

/**
 * The sentences `depledger sync` and `depledger schedule` say about a run, in one language
 * (`--lang`), all from the message catalogue (`sync.*`).
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

type Counted =
  'pages' | 'devicesFromApple' | 'thenRecords' | 'feedRecords' | 'releasedByAbsence' | 'days' | 'hours' | 'minutes' | 'seconds';

const counted = (lang: Lang, what: Counted, n: number): string => message(lang, `sync.${what}.${pluralForm(lang, n)}`, { n });

const values = (c: Counts): Record<string, string> => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, String(v)]));

const sentencesIn = (lang: Lang): SyncSentences => {
  const t = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => message(lang, key, params);
  return {
    refused: (token, label, reason) => t('sync.refused', { token, label, reason }),
    refusalDetail: (detail) => (lang === 'en' ? `  ${detail}` : null),
    retryAt: (date, when) => t('sync.retryAt', { date, when }),
    retryUseless: t('sync.retryUseless'),
    ran: (status, token, kind, pages, fromApple, elapsed) =>
      t('sync.ran', { status, token, kind, pages: counted(lang, 'pages', pages), fromApple, elapsed }),
    devicesFromApple: (n) => counted(lang, 'devicesFromApple', n),
    thenRecords: (n) => counted(lang, 'thenRecords', n),
    feedRecords: (n) => counted(lang, 'feedRecords', n),
    counts: (c) => t('sync.counts', values(c)),
    downgraded: (interval) => t('sync.downgraded', { interval }),
    nextFull: (date, when) => t('sync.nextFull', { date, when }),
    assignments: (a) => t('sync.assignments', values(a)),
    noDefaultProfile: t('sync.noDefaultProfile'),
    defaultNotPublished: t('sync.defaultNotPublished'),
    ruleProfileNotPublished: t('sync.ruleProfileNotPublished'),
    releasedByAbsence: (n) => counted(lang, 'releasedByAbsence', n),
    retries: (r) => t('sync.retries', values(r)),
    resumes: t('sync.resumes'),
    fromNow: (ms) => {
      if (ms <= 0) return t('sync.now');
      const minutes = Math.ceil(ms / 60_000);
      if (minutes < 120) return t('sync.inMinutes', { n: minutes });
      const hours = Math.round(minutes / 60);
      if (hours < 48) return t('sync.inHours', { n: hours });
      return t('sync.inDays', { n: Math.round(hours / 24) });
    },
    duration: (value, unit) =>
      unit === 'days' || unit === 'hours' || unit === 'minutes' || unit === 'seconds' ? counted(lang, unit, value) : `${value} ${unit}`,
  };
};

const runWordKeys = {
  completed: 'sync.status.completed',
  failed: 'sync.status.failed',
  timed_out: 'sync.status.timed_out',
  full: 'sync.kind.full',
  incremental: 'sync.kind.incremental',
} as const satisfies Record<string, MessageKey>;

const runWordsIn = (lang: Lang): Readonly<Record<string, string>> =>
  Object.fromEntries(Object.entries(runWordKeys).map(([word, key]) => [word, message(lang, key)]));

/** The run's status and kind as the sentences use them. */
export const runWords: Readonly<Record<Lang, Readonly<Record<string, string>>>> = { fr: runWordsIn('fr'), en: runWordsIn('en') };

const byLang: Readonly<Record<Lang, SyncSentences>> = { fr: sentencesIn('fr'), en: sentencesIn('en') };

export const syncSentences = (lang: Lang): SyncSentences => byLang[lang];
