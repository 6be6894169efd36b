import { message, type Lang } from '@depledger/core';

/** An ISO date as a person reads it, in UTC: `2026-11-26 07:40 UTC`; a dash when there is none. */
export const formatDate = (iso: string | null | undefined): string => {
  if (!iso) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};

/** Seconds and milliseconds of a duration, for progress and summaries: `1.4 s`, `320 ms`. */
export const formatElapsed = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** "in 7 days", "in 9 min", "now" ("dans 7 jours"… in French): how far a future moment is, roughly. */
export const formatFromNow = (iso: string, now: Date, lang: Lang = 'en'): string => {
  const ms = Date.parse(iso) - now.getTime();
  if (ms <= 0) return message(lang, 'cli.fromNow.now');
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 120) return message(lang, 'cli.fromNow.minutes', { n: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return message(lang, 'cli.fromNow.hours', { n: hours });
  return message(lang, 'cli.fromNow.days', { n: Math.round(hours / 24) });
};
